/**
 * The generic HCL v1 reader (src/hcl): native syntax, JSON syntax with HCL v1 flattening, the
 * decoder helpers, string quoting, error positions, and robustness on hostile input.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  blockBody,
  bodyEntries,
  detectHclSyntax,
  entriesNamed,
  formatHclKey,
  type HclObject,
  HclSyntaxError,
  type HclValue,
  keyMatches,
  lastEntry,
  MAX_HCL_NESTING,
  parseHcl,
  quoteHclString,
  takeLabel,
} from '../src/hcl/index.js';

/** The tree without positions, as plain data, for compact expectations. */
type Plain =
  | string
  | number
  | boolean
  | null
  | Plain[]
  | { [key: string]: Plain }
  | Array<[string[], Plain]>;

function plainValue(value: HclValue): Plain {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return value.value;
    case 'null':
      return null;
    case 'list':
      return value.items.map(plainValue);
    case 'object':
      return plainBody(value);
  }
}

function plainBody(body: HclObject): Array<[string[], Plain]> {
  return body.items.map((item) => [item.keys.map((k) => k.name), plainValue(item.value)]);
}

function parse(text: string): Array<[string[], Plain]> {
  return plainBody(parseHcl(text).body);
}

function syntaxError(text: string): HclSyntaxError {
  try {
    parseHcl(text);
  } catch (error) {
    if (error instanceof HclSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

describe('native HCL v1 syntax', () => {
  it('reads a Nomad agent configuration written on few lines', () => {
    const text =
      'region = "global"\nserver { enabled = true bootstrap_expect = 3 authoritative_region = "global" }\n' +
      'acl { enabled = true replication_token = "..." }';
    expect(parse(text)).toEqual([
      [['region'], 'global'],
      [
        ['server'],
        [
          [['enabled'], true],
          [['bootstrap_expect'], 3],
          [['authoritative_region'], 'global'],
        ],
      ],
      [
        ['acl'],
        [
          [['enabled'], true],
          [['replication_token'], '...'],
        ],
      ],
    ]);
  });

  it('accepts blocks with zero, one or several labels, quoted or bare, and `key = { }` objects', () => {
    expect(
      parse('a {}\nb "x" {}\nc "x" y "z" { k = 1 }\nd = { e = "f" }\n"quoted key" = 2'),
    ).toEqual([
      [['a'], []],
      [['b', 'x'], []],
      [['c', 'x', 'y', 'z'], [[['k'], 1]]],
      [['d'], [[['e'], 'f']]],
      [['quoted key'], 2],
    ]);
  });

  it('keeps repeated blocks and repeated attributes as separate items in source order', () => {
    const doc = parseHcl('ns "a" { p = 1 }\nns "b" { p = 2 }\nx = 1\nx = 2\nns "a" { p = 3 }').body;
    expect(entriesNamed(doc, 'ns').map((e) => e.labels.map((l) => l.name))).toEqual([
      ['a'],
      ['b'],
      ['a'],
    ]);
    expect(plainValue(lastEntry(doc, 'x')?.value ?? { kind: 'null', pos: doc.pos })).toBe(2);
  });

  it('skips #, // and /* */ comments, including inside lists and blocks', () => {
    const text =
      '# top\n// also\n/* block\n comment */ a = [ 1, # one\n 2 /* two */ ]\nb { /* x */ c = true // end\n}';
    expect(parse(text)).toEqual([
      [['a'], [1, 2]],
      [['b'], [[['c'], true]]],
    ]);
  });

  it('allows optional commas between items and a trailing comma in lists', () => {
    expect(parse('a = 1, b = [1, 2,], c = []')).toEqual([
      [['a'], 1],
      [['b'], [1, 2]],
      [['c'], []],
    ]);
  });

  it('reads nested lists and objects inside lists', () => {
    expect(parse('a = [[1, "x"], { b = false }]')).toEqual([[['a'], [[1, 'x'], [[['b'], false]]]]]);
  });

  it.each([
    ['\\n\\t\\r\\\\\\"', '\n\t\r\\"'],
    ['\\a\\b\\f\\v', '\x07\b\f\v'],
    ['\\x41\\101\\u00e9\\U0001F600', 'AAé😀'],
    ['plain ${var.x} text', 'plain ${var.x} text'],
    ['tab\tinside', 'tab\tinside'],
  ])('decodes the string escapes in "%s"', (escaped, value) => {
    expect(parse(`s = "${escaped}"`)).toEqual([[['s'], value]]);
  });

  it.each([
    ['1', 1],
    ['-7', -7],
    ['3.25', 3.25],
    ['-1.5e3', -1500],
    ['2E-2', 0.02],
    ['0x1F', 31],
  ])('reads the number %s', (text, value) => {
    const item = parseHcl(`n = ${text}`).body.items[0];
    expect(item?.value).toMatchObject({ kind: 'number', value, text });
  });

  it('reads heredocs: the value keeps each line and its newline', () => {
    expect(parse('h = <<EOF\nline one\n  line two\nEOF\n')).toEqual([
      [['h'], 'line one\n  line two\n'],
    ]);
    expect(parse('h = <<EOF\nEOF\nnext = 1')).toEqual([
      [['h'], ''],
      [['next'], 1],
    ]);
    expect(parse('h = <<EOF\r\nwindows\r\nEOF\r\n')).toEqual([[['h'], 'windows\r\n']]);
  });

  it('reads indented heredocs: <<- removes the closing line indentation when every line has it', () => {
    expect(parse('h = <<-EOT\n    a\n      b\n    EOT\n')).toEqual([[['h'], 'a\n  b\n']]);
    expect(parse('h = <<-EOT\n    a\n  b\n    EOT\n')).toEqual([[['h'], '    a\n  b\n']]);
  });

  it('only the anchor alone on a line ends a heredoc', () => {
    expect(parse('h = <<EOF\nEOF not yet\nEOFX\nEOF\n')).toEqual([[['h'], 'EOF not yet\nEOFX\n']]);
  });

  it('records the line and column of every key and value', () => {
    const body = parseHcl('a = 1\n  b {\n    c = "x"\n  }').body;
    const b = body.items[1];
    expect(body.items[0]?.pos).toMatchObject({ line: 1, column: 1 });
    expect(b?.pos).toMatchObject({ line: 2, column: 3 });
    expect(b?.value.pos).toMatchObject({ line: 2, column: 5 });
    const inner = b?.value.kind === 'object' ? b.value.items[0] : undefined;
    expect(inner?.value.pos).toMatchObject({ line: 3, column: 9 });
  });

  it.each([
    ['a = ', 1, 5, 'expected a value'],
    ['a b = 1', 1, 5, 'nested object expected'],
    ['= 1', 1, 1, 'expected a key'],
    ['a { b = 1', 1, 10, 'the "{" at 1:3 is not closed'],
    ['a = [1 2]', 1, 8, 'expected "," or "]"'],
    ['a = [1,', 1, 8, 'the "[" at 1:5 is not closed'],
    ['}', 1, 1, 'no open block'],
    ['a = "x\ny"', 1, 5, 'literal not terminated'],
    ['a = "abc', 1, 5, 'literal not terminated'],
    ['a = "\\q"', 1, 6, 'illegal char escape'],
    ['a = "\\u12"', 1, 6, 'illegal char escape'],
    ['a = "\\uD800"', 1, 6, 'not a valid character'],
    ['a = <<EOF\nno end', 1, 5, 'heredoc not terminated'],
    ['a = <<EOF\nx\nEOF', 1, 5, 'heredoc not terminated'],
    ['a = <<\nx\n', 1, 5, 'zero-length heredoc anchor'],
    ['a = <<EOF x\n', 1, 5, 'invalid characters in heredoc anchor'],
    ['/* open', 1, 1, 'comment not terminated'],
    ['a = 1.', 1, 7, 'expected a digit'],
    ['a = 0x', 1, 5, 'hexadecimal'],
    ['a = @', 1, 5, 'illegal character "@"'],
    ['a = b', 1, 5, 'got identifier "b"'],
    ['\n\n  a = \x01', 3, 7, 'illegal character U+0001'],
    ['true = 1', 1, 1, 'expected a key'],
  ])('rejects %j at %i:%i with "%s"', (text, line, column, reason) => {
    const error = syntaxError(text);
    expect(error.line).toBe(line);
    expect(error.column).toBe(column);
    expect(error.reason).toContain(reason);
    expect(error.message).toBe(`At ${line}:${column}: ${error.reason}`);
  });

  it('stops deep nesting with an error instead of overflowing the stack', () => {
    const blocks = 'a { '.repeat(100_000);
    expect(syntaxError(blocks).reason).toContain('nesting too deep');
    expect(syntaxError(`a = ${'['.repeat(100_000)}`).reason).toContain('nesting too deep');
    const deepestAllowed = `${'a { '.repeat(MAX_HCL_NESTING)}${'} '.repeat(MAX_HCL_NESTING)}`;
    expect(parseHcl(deepestAllowed).body.items).toHaveLength(1);
  });

  it('accepts identifiers with dashes, dots and non-ASCII letters', () => {
    expect(parse('node-pool.x = 1\nrégion = 2\n_under = 3')).toEqual([
      [['node-pool.x'], 1],
      [['région'], 2],
      [['_under'], 3],
    ]);
  });
});

describe('JSON syntax', () => {
  it('is detected from a leading "{" after whitespace, like HCL v1', () => {
    expect(detectHclSyntax('  \n {"a": 1}')).toBe('json');
    expect(detectHclSyntax('# c\n{')).toBe('hcl');
    expect(detectHclSyntax('')).toBe('hcl');
    expect(parseHcl(' {"a": 1}').syntax).toBe('json');
  });

  it('flattens objects of objects into labelled blocks, as native syntax writes them', () => {
    const json =
      '{"namespace": {"default": {"policy": "read"}, "prod": {"policy": "write"}}, "agent": {"policy": "read"}}';
    const native =
      'namespace "default" { policy = "read" }\nnamespace "prod" { policy = "write" }\nagent { policy = "read" }';
    expect(parse(json)).toEqual(parse(native));
  });

  it('flattens arrays of objects into repeated blocks and keeps document order', () => {
    expect(parse('{"a": [{"x": {"k": 1}}, {"y": {"k": 2}}], "b": 3}')).toEqual([
      [['a', 'x'], [[['k'], 1]]],
      [['a', 'y'], [[['k'], 2]]],
      [['b'], 3],
    ]);
  });

  it('leaves empty objects, empty arrays and mixed objects alone', () => {
    expect(parse('{"a": {}, "b": [], "c": {"d": {}, "e": 1}, "f": [1, {"g": 2}]}')).toEqual([
      [['a'], []],
      [['b'], []],
      [
        ['c'],
        [
          [['d'], []],
          [['e'], 1],
        ],
      ],
      [['f'], [1, [[['g'], 2]]]],
    ]);
  });

  it('keeps repeated keys as separate items and reads every JSON value kind', () => {
    expect(
      parse(
        '{"a": 1, "a": "two", "n": null, "t": true, "f": false, "x": -1.5e2, "s": "\\u00e9\\n\\/"}',
      ),
    ).toEqual([
      [['a'], 1],
      [['a'], 'two'],
      [['n'], null],
      [['t'], true],
      [['f'], false],
      [['x'], -150],
      [['s'], 'é\n/'],
    ]);
  });

  it.each([
    ['{"a": }', 1, 7, 'expected a JSON value'],
    ['{"a" 1}', 1, 6, 'expected ":"'],
    ['{"a": 1,}', 1, 9, 'expected a quoted object key'],
    ['{"a": 1} x', 1, 10, 'expected end of input'],
    ['{"a": [1 2]}', 1, 10, 'expected "," or "]"'],
    ['{"a": "x\ny"}', 1, 9, 'control character'],
    ['{"a": "\\x"}', 1, 8, 'illegal char escape'],
    ['{\n"a": tru}', 2, 6, 'expected a JSON value'],
    ['{"a": 1', 1, 8, 'expected "," or "}"'],
  ])('rejects %j at %i:%i with "%s"', (text, line, column, reason) => {
    const error = syntaxError(text);
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.reason).toContain(reason);
  });

  it('stops deep JSON nesting with an error', () => {
    expect(syntaxError(`{"a": ${'['.repeat(100_000)}`).reason).toContain('nesting too deep');
    expect(syntaxError('{"a":'.repeat(100_000)).reason).toContain('nesting too deep');
  });
});

describe('decoder helpers', () => {
  it('match keys case-insensitively, as HCL v1 does', () => {
    expect(keyMatches('Policy', 'policy')).toBe(true);
    expect(keyMatches('POLICY', 'policy')).toBe(true);
    expect(keyMatches('policies', 'policy')).toBe(false);
    const body = parseHcl('Namespace "a" {}\nnamespace "b" {}').body;
    expect(entriesNamed(body, 'namespace')).toHaveLength(2);
  });

  it('treat `a "b" "c" { }` like `a "b" { c { } }` and `a { b { c { } } }`', () => {
    const three = bodyEntries(parseHcl('a "b" "c" { x = 1 }').body)[0];
    if (three === undefined) throw new Error('no entry');
    const first = takeLabel(three);
    expect(first.label?.name).toBe('b');
    const nestedNative = parseHcl('a "b" { c { x = 1 } }').body.items[0]?.value;
    if (first.body.kind !== 'object' || nestedNative?.kind !== 'object')
      throw new Error('not objects');
    expect(plainBody(first.body)).toEqual([[['c'], [[['x'], 1]]]]);
    expect(plainBody(nestedNative)).toEqual([[['c'], [[['x'], 1]]]]);
    const folded = blockBody(three);
    if (folded.kind !== 'object') throw new Error('not an object');
    expect(plainBody(folded)).toEqual([[['b', 'c'], [[['x'], 1]]]]);
  });

  it('takeLabel on an unlabelled block returns a null label and the block itself', () => {
    const entry = bodyEntries(parseHcl('a { x = 1 }').body)[0];
    if (entry === undefined) throw new Error('no entry');
    const { label, body } = takeLabel(entry);
    expect(label).toBeNull();
    expect(body).toBe(entry.value);
  });
});

describe('writing strings back', () => {
  it('quotes strings so that the parser reads back the same value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (value) => {
        const body = parseHcl(`v = ${quoteHclString(value)}`).body;
        expect(plainBody(body)).toEqual([[['v'], value]]);
      }),
      { numRuns: 400 },
    );
  });

  it('writes keys bare only when they are identifiers', () => {
    expect(formatHclKey('policy')).toBe('policy');
    expect(formatHclKey('node-pool')).toBe('node-pool');
    expect(formatHclKey('has space')).toBe('"has space"');
    expect(formatHclKey('true')).toBe('"true"');
    expect(formatHclKey('')).toBe('""');
  });
});

describe('robustness', () => {
  const onlySyntaxErrors = (text: string): void => {
    try {
      parseHcl(text);
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.column).toBeGreaterThanOrEqual(1);
    }
  };

  it('random text only ever parses or raises HclSyntaxError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), onlySyntaxErrors), {
      numRuns: 500,
    });
  });

  it('random token soup only ever parses or raises HclSyntaxError', () => {
    const token = fc.constantFrom(
      'a',
      '"s"',
      '=',
      '{',
      '}',
      '[',
      ']',
      ',',
      '1',
      '-2.5',
      'true',
      '<<EOF\n',
      'EOF\n',
      '\n',
      '#c\n',
      '/*',
      '*/',
      '"\\',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) =>
        onlySyntaxErrors(tokens.join('')),
      ),
      { numRuns: 500 },
    );
  });

  it('parses a 4 MiB document', () => {
    const line = 'namespace "ns" { policy = "read" capabilities = ["a", "b"] } # comment\n';
    const text = line.repeat(Math.ceil((4 * 1024 * 1024) / line.length));
    expect(parseHcl(text).body.items.length).toBe(Math.ceil((4 * 1024 * 1024) / line.length));
  });
});
