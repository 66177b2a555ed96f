/**
 * The Go-faithful HCL v1 reader (src/hcl/v1) on its own: the scanners' and parsers' error texts
 * and positions, JSON flattening, the decoder's accumulation rules on a small schema, the two
 * unquoting rules, Go string helpers, and a round-trip property of the quoting used by the policy
 * printer. Expected values follow Go's hcl v1 (v1.0.1-nomad-1) source, rule by rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareGoStrings,
  decodeDocument,
  GO_STRING,
  GoError,
  GoPanic,
  type GoStruct,
  type GoStructType,
  goLength,
  type ObjectList,
  parseHclV1,
  pointerTo,
  quoteHclV1String,
  sliceOf,
} from '../src/hcl/v1/index.js';

function failure(text: string): string {
  try {
    parseHclV1(text);
  } catch (error) {
    if (error instanceof GoError || error instanceof GoPanic)
      return `${error.name}: ${error.message}`;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

/** Keys of the root items, each item's keys joined by spaces. */
function rootKeys(root: ObjectList): string[] {
  return root.items.map((item) => item.keys.map((k) => k.token.text).join(' '));
}

describe('native syntax errors: Go texts and positions', () => {
  it.each([
    ['agent', "At 1:7: key 'agent' expected start of object ('{') or assignment ('=')"],
    ['a b = 1', 'At 1:5: nested object expected: LBRACE got: ASSIGN'],
    ['= 1', 'At 1:1: no object keys found!'],
    ['a = 1\n{}', 'At 2:1: expected: IDENT | STRING got: LBRACE'],
    ['true = 1', 'At 1:1: expected: IDENT | STRING | ASSIGN | LBRACE got: BOOL'],
    ['a = b', 'At 1:5: Unknown token: 1:5 IDENT b'],
    ['a = [1 2]', 'At 1:8: error parsing list, expected comma or list end, got: NUMBER'],
    [
      'a = [{ b }]',
      "At 1:6: error while trying to parse object within list: At 1:10: key 'b' expected start of object ('{') or assignment ('=')",
    ],
    [
      'a = [[=]]',
      'At 1:6: error while trying to parse list within list: At 1:7: unexpected token while parsing list: ASSIGN',
    ],
    // Each read past the end moves the column on, as in Go: the EOF token here is at column 13.
    ['a { b = 1', 'At 1:13: object expected closing RBRACE got: EOF'],
    ['a = "x', 'At 1:7: literal not terminated'],
    ['a = "\\z"', 'At 1:7: illegal char escape'],
    ['a = "\\x4"', 'At 1:9: illegal char escape'],
    ['a = 0x', 'At 1:7: illegal hexadecimal number'],
    // Go checks the character after each digit, so 09 passes and 019 does not.
    ['a = 019', 'At 1:8: illegal octal number'],
    ['a = <x', "At 1:6: heredoc expected second '<', didn't see it"],
    ['a = <<\nx\n', 'At 1:7: zero-length heredoc anchor'],
    ['a = <<E F\n', 'At 1:8: invalid characters in heredoc anchor'],
    ['/* open', 'At 1:8: comment not terminated'],
    ['a = 1 / 2', "At 1:7: expected '/' for comment"],
    ['a = @', 'At 1:5: illegal char'],
  ])('%j -> %s', (text, message) => {
    expect(failure(text)).toBe(`PosError: ${message}`);
  });

  it('the last scanner error wins over the parser error and over earlier scanner errors', () => {
    expect(failure('a = "\\z"\nb = "\\y"\nc = d')).toBe('PosError: At 2:7: illegal char escape');
  });

  it('positions count characters, not bytes, and lines after a newline', () => {
    expect(failure('é = "é" @')).toBe('PosError: At 1:9: illegal char');
    expect(failure('a = 1\n\n   @')).toBe('PosError: At 3:4: illegal char');
  });
});

describe('JSON syntax errors: no position, scanner errors as line:column', () => {
  it.each([
    ['{"a": [null]}', 'GoError: unexpected token while parsing list: NULL'],
    ['{"a": :}', 'GoError: Expected object value, got unknown token: 1:7 COLON :'],
    ['{:', 'GoError: expected: STRING got: COLON'],
    ['{"a" 1}', 'GoError: expected: STRING got: NUMBER'],
    // Reported after the whole word is read.
    ['{"a": nope}', 'GoError: 1:10: illegal char'],
    ['{"a": -x}', 'GoError: 1:7: illegal char'],
    ['{"a": "\\/"}', 'GoError: 1:9: illegal char escape'],
    ['{"a": 012}', 'GoError: 1:9: numbers cannot start with 0'],
    // The string's error at 1:9 is followed by the next string's, which runs to the end: the last one wins.
    // The first string's error (1:9) is followed by the next string's, which runs to the end: the last one wins.
    ['{"a": "x\n"}', 'GoError: 2:3: literal not terminated'],
    [
      '{"a": "\\u12',
      'GoPanic: bytes.Buffer: UnreadRune: previous operation was not a successful ReadRune',
    ],
  ])('%j -> %s', (text, message) => {
    expect(failure(text)).toBe(message);
  });

  it('the syntax is JSON when the first non-space character (Unicode spaces included) is "{"', () => {
    expect(failure('\u00a0{}')).toBe('GoError: 1:1: illegal char: \u00a0');
    expect(parseHclV1('\n\t {}').items).toEqual([]);
  });
});

describe('JSON flattening', () => {
  it('objects of objects become labels; arrays of objects become repeated blocks; mixed values stay', () => {
    expect(
      rootKeys(
        parseHclV1(
          '{"a": {"b": {"c": {"x": 1}}}, "d": [{"e": {"y": 1}}, {"f": 2}], "g": {"h": {}, "i": 1}}',
        ),
      ),
    ).toEqual(['"a" "b" "c"', '"d" "e"', '"d"', '"g"']);
  });

  it('an empty object or array is kept as it is', () => {
    expect(rootKeys(parseHclV1('{"a": {}, "b": [], "c": {"d": {}}}'))).toEqual([
      '"a"',
      '"b"',
      '"c" "d"',
    ]);
  });

  it('a chain 100 000 objects deep becomes one item with 100 000 keys, in linear time', () => {
    const root = parseHclV1('{"n":'.repeat(100_000));
    expect(root.items).toHaveLength(1);
    expect(root.items[0]?.keys).toHaveLength(99_999);
  });
});

describe('the decoder', () => {
  const inner: GoStructType = {
    kind: 'struct',
    fields: [
      { name: 'Name', tag: ',key', type: GO_STRING },
      { name: 'Word', type: GO_STRING },
      { name: 'List', type: sliceOf(GO_STRING) },
    ],
  };
  const single: GoStructType = {
    kind: 'struct',
    fields: [
      { name: 'Word', type: GO_STRING },
      { name: 'List', type: sliceOf(GO_STRING) },
    ],
  };
  const outer: GoStructType = {
    kind: 'struct',
    fields: [
      { name: 'Blocks', tag: 'block', type: sliceOf(pointerTo(inner)) },
      { name: 'Single', tag: 'single', type: pointerTo(single) },
      { name: 'Skipped', tag: '-', type: GO_STRING },
      { name: 'Unused', tag: ',unusedKeys', type: sliceOf(GO_STRING) },
    ],
  };

  function decoded(text: string): GoStruct {
    return decodeDocument(parseHclV1(text), outer);
  }

  function plain(value: unknown): unknown {
    if (value === null || typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(plain);
    const s = value as GoStruct;
    return Object.fromEntries([...s.fields].map(([k, v]) => [k, plain(v)]));
  }

  it('labelled blocks first, then unlabelled ones item by item; the key field takes the first label', () => {
    expect(
      plain(decoded('block { Word = "u" }\nblock "a" "b" "c" { word = "x" }').fields.get('Blocks')),
    ).toEqual([
      { Name: 'a', Word: 'x', List: null },
      { Name: 'Word', Word: 'u', List: null },
    ]);
  });

  it('a repeated pointer block decodes into the same struct; a repeated list appends', () => {
    expect(
      plain(
        decoded('single { word = "x" list = ["a"] }\nsingle { list = ["b"] }').fields.get('Single'),
      ),
    ).toEqual({
      Word: 'x',
      List: ['a', 'b'],
    });
  });

  it('unused keys: all keys of the body minus one per matched field name (case-folded), sorted by bytes', () => {
    expect(
      decoded(
        'Single {}\nsingle {}\nzz = 1\nblock "x" {}\n"\u{1F600}" = 1\n"\uFF21" = 1',
      ).fields.get('Unused'),
    ).toEqual(['single', 'x', 'zz', '\uFF21', '\u{1F600}']);
  });

  it("type errors are Go's, with the field path", () => {
    expect(() => decoded('single { list = "x" }')).toThrow(
      'At 1:17: unknown slice type: *ast.LiteralType',
    );
    expect(() => decoded('single { word = ["x"] }')).toThrow(
      'At 1:17: root.single.Word: unknown type for string *ast.ListType',
    );
    // A block in a list has no key for `,key`: Go reports it at the body's first item, and panics
    // when the body is empty (the position of an empty list).
    expect(() => decoded('block = [{ word = "x" }]')).toThrow(
      "At 1:12: root.block[0]: Name asked for 'key', impossible",
    );
    expect(() => decoded('block = [{}]')).toThrow(
      new GoPanic('runtime error: index out of range [0] with length 0'),
    );
  });
});

describe('string values', () => {
  function value(text: string): string {
    const type: GoStructType = {
      kind: 'struct',
      fields: [{ name: 'X', tag: 'x', type: GO_STRING }],
    };
    return decodeDocument(parseHclV1(text), type).fields.get('X') as string;
  }

  it('native strings: Go escapes, ${ } copied as written', () => {
    expect(value('x = "\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\101\\x41\\u0041\\U00000041"')).toBe(
      '\x07\b\f\n\r\t\v\\"AAAA',
    );
    // Inside ${ } escapes are checked by the scanner but copied as written.
    expect(value('x = "${ "\\n" }"')).toBe('${ "\\n" }');
    expect(() => value('x = "${ "\\q" }"')).toThrow('At 1:11: illegal char escape');
  });

  it('JSON strings: Go escapes through strconv.Unquote', () => {
    expect(value('{"x": "\\101\\x41\\u00e9"}')).toBe('AAé');
    expect(() => value('{"x": "\\uDE00"}')).toThrow(
      new GoPanic('unquote "\\uDE00" err: invalid syntax'),
    );
  });

  it('quoteHclV1String: Go reads back exactly the string that was quoted', () => {
    const awkward = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('${', '${a}', '$${x', '\uE123', '\0', '"\\', '\r\n'),
    );
    fc.assert(
      fc.property(fc.array(awkward, { maxLength: 4 }), (parts) => {
        const s = parts.join('');
        expect(value(`x = ${quoteHclV1String(s)}`)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Go string helpers', () => {
  it('compare by UTF-8 bytes (astral characters sort after U+FFxx) and count bytes', () => {
    expect(['\u{1F600}', '\uFF21', 'z'].sort(compareGoStrings)).toEqual([
      'z',
      '\uFF21',
      '\u{1F600}',
    ]);
    expect(goLength('é\u{1F600}')).toBe(6);
  });
});
