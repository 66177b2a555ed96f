/**
 * Property tests of the policy language: printPolicy then parsePolicy gives back the same Policy
 * (both profiles, awkward strings included), and the JSON spelling of a policy parses to the same
 * Policy as its HCL spelling.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePolicy, policyVocabulary, printPolicy } from '../src/acl/index.js';
import type { ProfileName } from '../src/version/profile.js';
import { quoteHclV1String as quoteHclString } from '../src/hcl/v1/index.js';

interface Block {
  label: string;
  word: string;
  caps: string[];
}
interface Spec {
  namespaces: Array<Block & { paths: Array<{ path: string; caps: string[] }> | null }>;
  pools: Block[];
  volumes: Block[];
  words: Array<[string, string]>;
  operator: Block | null;
  sentinel: Block | null;
}

const namespaceLabel = fc.stringMatching(/^[a-zA-Z0-9*-]{1,12}$/);
const poolLabel = fc.stringMatching(/^[a-zA-Z0-9_*-]{1,12}$/);
/** Variables paths: anything non-empty that does not start with "/", quotes and newlines included. */
const pathSpec = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 12 })
  .filter((p) => !p.startsWith('/'));

function specArb(profile: ProfileName): fc.Arbitrary<Spec> {
  const v = policyVocabulary(profile);
  const word = fc.constantFrom('', ...v.policyWords);
  const caps = (names: readonly string[]): fc.Arbitrary<string[]> =>
    names.length === 0
      ? fc.constant<string[]>([])
      : fc.array(fc.constantFrom(...names), { maxLength: 5 });
  const block = (label: fc.Arbitrary<string>, names: readonly string[]) =>
    fc.record({ label, word, caps: caps(names) });
  return fc
    .record({
      namespaces: fc.array(
        fc.record({
          label: namespaceLabel,
          word,
          caps: caps(v.namespaceCapabilities),
          paths: fc.option(
            fc.array(
              fc.record({
                path: pathSpec,
                caps: caps(['write', 'read', 'list', 'destroy', 'deny']),
              }),
              { minLength: 1, maxLength: 3 },
            ),
            {
              nil: null,
            },
          ),
        }),
        { maxLength: 3 },
      ),
      pools: fc.array(
        block(poolLabel, v.nodePoolCapabilities.length > 0 ? v.nodePoolCapabilities : ['read']),
        { maxLength: 2 },
      ),
      volumes: fc.array(block(namespaceLabel, v.hostVolumeCapabilities), { maxLength: 2 }),
      words: fc.subarray([
        ['agent', 'read'],
        ['node', 'write'],
        ['quota', 'deny'],
        ['plugin', 'list'],
      ] as Array<[string, string]>),
      operator: fc
        .option(
          block(
            fc.constant(''),
            v.operatorCapabilityNames.length > 0 ? v.operatorCapabilityNames : [],
          ),
          { nil: null },
        )
        .map((b) =>
          b !== null && !v.operatorCapabilities
            ? { ...b, word: b.word === '' ? 'read' : b.word, caps: [] }
            : b,
        ),
      sentinel: fc.option(
        block(fc.constant(''), ['deny', 'sentinel-read', 'sentinel-submit', 'sentinel-delete']),
        { nil: null },
      ),
    })
    .map((spec) =>
      // Blocks the profile does not know would make a policy of only those blocks invalid; leave them out.
      profile === 'modern'
        ? spec
        : {
            ...spec,
            pools: [],
            sentinel: null,
            namespaces: spec.namespaces.map((ns) => ({ ...ns, paths: null })),
            volumes: v.hostVolumes ? spec.volumes : [],
            words: v.plugin ? spec.words : spec.words.filter(([name]) => name !== 'plugin'),
          },
    );
}

function hclAttrs(b: Block): string {
  return `${b.word === '' ? '' : `policy = "${b.word}"\n`}${b.caps.length === 0 ? '' : `capabilities = ${JSON.stringify(b.caps)}\n`}`;
}

function toHcl(spec: Spec): string {
  const parts: string[] = [];
  for (const ns of spec.namespaces) {
    const vars =
      ns.paths === null
        ? ''
        : `variables {\n${ns.paths.map((p) => `path ${quoteHclString(p.path)} { capabilities = ${JSON.stringify(p.caps)} }\n`).join('')}}\n`;
    parts.push(`namespace "${ns.label}" {\n${hclAttrs(ns)}${vars}}`);
  }
  for (const b of spec.pools) parts.push(`node_pool "${b.label}" {\n${hclAttrs(b)}}`);
  for (const b of spec.volumes) parts.push(`host_volume "${b.label}" {\n${hclAttrs(b)}}`);
  for (const [name, word] of spec.words) parts.push(`${name} { policy = "${word}" }`);
  if (spec.operator !== null) parts.push(`operator {\n${hclAttrs(spec.operator)}}`);
  if (spec.sentinel !== null) parts.push(`sentinel {\n${hclAttrs(spec.sentinel)}}`);
  return parts.join('\n');
}

function jsonBody(b: Block): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (b.word !== '') body['policy'] = b.word;
  if (b.caps.length > 0) body['capabilities'] = b.caps;
  return body;
}

function toJson(spec: Spec): string {
  const doc: Record<string, unknown> = {};
  if (spec.namespaces.length > 0) {
    doc['namespace'] = spec.namespaces.map((ns) => {
      const body = jsonBody(ns);
      if (ns.paths !== null)
        body['variables'] = { path: ns.paths.map((p) => ({ [p.path]: { capabilities: p.caps } })) };
      return { [ns.label]: body };
    });
  }
  if (spec.pools.length > 0) doc['node_pool'] = spec.pools.map((b) => ({ [b.label]: jsonBody(b) }));
  if (spec.volumes.length > 0)
    doc['host_volume'] = spec.volumes.map((b) => ({ [b.label]: jsonBody(b) }));
  for (const [name, word] of spec.words) doc[name] = { policy: word };
  if (spec.operator !== null) doc['operator'] = jsonBody(spec.operator);
  if (spec.sentinel !== null) doc['sentinel'] = jsonBody(spec.sentinel);
  return JSON.stringify(doc);
}

describe.each(['modern', 'tutorial', 'v1.0'] as const)(
  'printPolicy round trip (%s profile)',
  (profile) => {
    it('parsePolicy(printPolicy(p)) deep-equals p', () => {
      fc.assert(
        fc.property(specArb(profile), (spec) => {
          const policy = parsePolicy(toHcl(spec), { profile });
          const printed = printPolicy(policy, { profile });
          expect(parsePolicy(printed, { profile })).toEqual(policy);
        }),
        { numRuns: 300 },
      );
    });

    it('printing is stable: printing the reparsed policy gives the same text', () => {
      fc.assert(
        fc.property(specArb(profile), (spec) => {
          const policy = parsePolicy(toHcl(spec), { profile });
          const printed = printPolicy(policy, { profile });
          expect(printPolicy(parsePolicy(printed, { profile }), { profile })).toBe(printed);
        }),
        { numRuns: 100 },
      );
    });
  },
);

describe('printPolicy', () => {
  it('writes the policy word and only the explicit capabilities', () => {
    const policy = parsePolicy(
      'namespace "default" { capabilities = ["host-volume-write"] policy = "write" }\nhost_volume "v" { policy = "read" capabilities = ["deny"] }',
    );
    expect(printPolicy(policy)).toBe(
      'namespace "default" {\n  policy = "write"\n  capabilities = ["host-volume-write"]\n}\n\nhost_volume "v" {\n  policy = "read"\n  capabilities = ["deny"]\n}\n',
    );
  });

  it('prints the empty policy as the empty string, which parses back to it', () => {
    const empty = parsePolicy('');
    expect(printPolicy(empty)).toBe('');
    expect(parsePolicy(printPolicy(empty))).toEqual(empty);
  });

  it('a hand-built list that is not "explicit + expansion" is printed in full without the word', () => {
    const policy = parsePolicy('node_pool "p" { policy = "write" }');
    const pool = policy.nodePools[0];
    if (pool === undefined) throw new Error('no pool');
    pool.capabilities = ['read'];
    expect(printPolicy(policy)).toBe('node_pool "p" {\n  capabilities = ["read"]\n}\n');
  });
});

describe('JSON and HCL spellings', () => {
  it('parse to the same policy', () => {
    fc.assert(
      fc.property(specArb('modern'), (spec) => {
        const hcl = toHcl(spec);
        if (hcl === '') return;
        expect(parsePolicy(toJson(spec))).toEqual(parsePolicy(hcl));
      }),
      { numRuns: 300 },
    );
  });
});
