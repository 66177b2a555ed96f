/**
 * Robustness of parsePolicy: on any input (random text, random bytes, policy-token soup, mutated
 * policies, extreme nesting, multi-megabyte documents) it either returns a Policy or throws a
 * PolicyParseError — never another exception, a stack overflow or a hang. Nesting has no limit
 * (as in Go, whose stacks grow): 100 000 levels give Go's answer, not a depth error.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type ParsePolicyOptions, parsePolicy, PolicyParseError } from '../src/acl/index.js';

type Outcome = 'policy' | 'error';

function outcome(text: string, options: ParsePolicyOptions = {}): Outcome {
  try {
    const policy = parsePolicy(text, options);
    expect(Array.isArray(policy.namespaces)).toBe(true);
    return 'policy';
  } catch (error) {
    if (!(error instanceof PolicyParseError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    for (const n of [error.line, error.column]) {
      if (n !== undefined) expect(Number.isInteger(n) && n >= 1).toBe(true);
    }
    return 'error';
  }
}

const optionsArb: fc.Arbitrary<ParsePolicyOptions> = fc.record({
  strict: fc.boolean(),
  profile: fc.constantFrom('modern' as const, 'tutorial' as const),
});

const TOKENS = [
  'namespace',
  'node_pool',
  'host_volume',
  'agent',
  'node',
  'operator',
  'quota',
  'plugin',
  'sentinel',
  'variables',
  'path',
  'policy',
  'capabilities',
  '"default"',
  '"*"',
  '"a/*"',
  '"read"',
  '"write"',
  '"deny"',
  '"list-jobs"',
  '"bad name"',
  '""',
  '"/x"',
  '{',
  '}',
  '[',
  ']',
  ',',
  '=',
  ':',
  ' ',
  '\n',
  '# c\n',
  '// c\n',
  '/*',
  '*/',
  '"',
  '\\',
  '<<EOF\n',
  '<<-EOF\n',
  'EOF\n',
  '1',
  '-2.5e3',
  'true',
  'null',
  '{"namespace":',
  '{"agent": {"policy": "read"}}',
  '\u00e9',
  '\x00',
];

const VALID = [
  'namespace "default" {\n  policy = "read"\n  capabilities = ["submit-job"]\n}\nagent { policy = "read" }\n',
  'namespace "*" { variables { path "nomad/jobs/*" { capabilities = ["read", "list"] } } }\nnode_pool "gpu" { policy = "write" }\n',
  '{"namespace": {"default": {"policy": "write"}}, "operator": {"policy": "read", "capabilities": ["snapshot-save"]}}',
];

describe('parsePolicy fuzzing', () => {
  it('random text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 120 }),
        optionsArb,
        (text, options) => void outcome(text, options),
      ),
      {
        numRuns: 1000,
      },
    );
  });

  it('random bytes decoded as UTF-8 and as Latin-1', () => {
    const utf8 = new TextDecoder('utf-8');
    const latin1 = new TextDecoder('latin1');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 160 }), optionsArb, (bytes, options) => {
        outcome(utf8.decode(bytes), options);
        outcome(latin1.decode(bytes), options);
      }),
      { numRuns: 800 },
    );
  });

  it('policy-token soup', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }),
        optionsArb,
        (tokens, options) => void outcome(tokens.join(' '), options),
      ),
      { numRuns: 1500 },
    );
  });

  it('valid policies with random edits', () => {
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat(4),
      insert: fc.constantFrom('', ...TOKENS),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        optionsArb,
        (base, edits, options) => {
          let text = base;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          }
          outcome(text, options);
        },
      ),
      { numRuns: 800 },
    );
  });
});

describe('extreme inputs', () => {
  const deep = 100_000;
  it.each([
    ['100k open braces after a block header', `namespace "a" ${'{'.repeat(deep)}`],
    ['100k nested blocks', `${'namespace "a" { '.repeat(deep)}`],
    ['100k nested lists', `namespace "a" { capabilities = ${'['.repeat(deep)} }`],
    ['100k nested JSON arrays', `{"namespace": ${'['.repeat(deep)}`],
    ['100k closing braces', '}'.repeat(deep)],
    ['100k bare open braces', '{'.repeat(deep)],
  ])('%s: a PolicyParseError, no stack overflow', (_label, text) => {
    expect(outcome(text)).toBe('error');
  });

  it.each([
    // Go's JSON parser closes every object at the end of the input, and flattening turns the chain
    // into one item with 100k "namespace" keys: a namespace named "namespace" that grants nothing.
    ['100k nested JSON objects', '{"namespace":'.repeat(deep), 'policy'],
    ['100k labels on a namespace', `namespace ${'"x" '.repeat(deep)}{}`, 'policy'],
    [
      '100k labels on a singleton block',
      `agent ${'"x" '.repeat(deep)}{ policy = "read" }`,
      'error',
    ],
    ['100k keys on an unknown block', `${'a '.repeat(deep)}{}`, 'error'],
  ])('%s', (_label, text, expected) => {
    expect(outcome(text)).toBe(expected);
  });

  const fourMiB = 4 * 1024 * 1024;

  it('a 4 MiB valid policy parses', () => {
    const block =
      'namespace "ns-1" { policy = "read" capabilities = ["submit-job", "read-logs"] } # note\n';
    const count = Math.ceil(fourMiB / block.length);
    expect(parsePolicy(block.repeat(count)).namespaces).toHaveLength(count);
  });

  it('a 4 MiB JSON policy parses', () => {
    const entries = Array.from(
      { length: 40_000 },
      (_, i) => `{"ns-${i}": {"policy": "write", "capabilities": ["alloc-exec"]}}`,
    );
    const text = `{"namespace": [${entries.join(',')}], "agent": {"policy": "read"}}`;
    expect(text.length).toBeGreaterThan(fourMiB / 2);
    expect(parsePolicy(text).namespaces).toHaveLength(40_000);
  });

  it.each([
    ['4 MiB of junk after a valid block', `agent { policy = "read" }\n${'x@'.repeat(fourMiB / 2)}`],
    [
      'a 4 MiB string literal as a policy word',
      `namespace "a" { policy = "${'r'.repeat(fourMiB)}" }`,
    ],
    [
      'a 4 MiB valid policy with an error at the very end',
      `${'agent { policy = "read" }\n'.repeat(fourMiB / 26)}}`,
    ],
    [
      'an unterminated 4 MiB heredoc',
      `namespace "a" { policy = <<EOF\n${'line\n'.repeat(fourMiB / 5)}`,
    ],
    ['an unterminated 4 MiB comment', `/*${' '.repeat(fourMiB)}`],
    ['4 MiB of whitespace', ' '.repeat(fourMiB)],
  ])('%s: a PolicyParseError', (_label, text) => {
    expect(outcome(text)).toBe('error');
  });
});
