/**
 * Property tests of the compiled ACL evaluator against a deliberately simple reference evaluator
 * written here from nomad-acl-spec.md §7 (it rescans every block of every policy for each
 * question, with no tables or memoisation), plus: deny always wins inside its rule, the
 * management ACL allows everything, and adding a deny-free policy that reuses existing labels
 * never removes a permission. (With NEW labels it can: an exact or closer rule shadows a broader
 * one, spec §15 pitfall 8 — see acl-eval.test.ts; and `plugin = "write"` out-ranks `read` while
 * granting neither read nor list.)
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type Acl,
  type AclClaim,
  compileAcl,
  globMatches,
  managementAcl,
  type NamedPolicy,
  parsePolicy,
  type Policy,
} from '../src/acl/index.js';

// ---------- random policy sets, written as HCL text and parsed ----------

const NS_LABELS = ['default', 'prod', 'prod-api', 'prod-*', '*', '*-api', 'a*b', 'a', 'p*'];
const NS_CAPS = [
  'deny',
  'read-job',
  'submit-job',
  'list-jobs',
  'alloc-exec',
  'host-volume-create',
  'host-volume-write',
];
const NS_WORDS = ['', 'deny', 'read', 'write', 'scale'];
const VAR_PATHS = ['app', 'app/*', '*', 'nomad/jobs/web', 'secret', 'nomad/*'];
const VAR_CAPS = ['read', 'list', 'write', 'destroy', 'deny'];
const POOL_LABELS = ['default', 'gpu', 'gpu-*', '*', 'prod_eu'];
const POOL_CAPS = ['delete', 'deny', 'read', 'write'];
const VOLUME_LABELS = ['data', 'data-*', '*', 'certs'];
const VOLUME_CAPS = ['deny', 'mount-readonly', 'mount-readwrite'];
const OPERATOR_CAPS = ['deny', 'snapshot-save', 'license-read', 'keyring-rotate'];
const SENTINEL_CAPS = ['deny', 'sentinel-read', 'sentinel-submit'];

interface BlockSpec {
  label: string;
  word: string;
  caps: string[];
}
interface NamespaceSpec extends BlockSpec {
  paths: Array<{ path: string; caps: string[] }>;
}
interface PolicySpec {
  namespaces: NamespaceSpec[];
  pools: BlockSpec[];
  volumes: BlockSpec[];
  words: Partial<Record<'agent' | 'node' | 'quota' | 'plugin', string>>;
  operator: BlockSpec | null;
  sentinel: BlockSpec | null;
}

const subset = (values: readonly string[]) => fc.subarray([...values]);
const block = (
  labels: readonly string[],
  words: readonly string[],
  caps: readonly string[],
): fc.Arbitrary<BlockSpec> =>
  fc.record({
    label: fc.constantFrom(...labels),
    word: fc.constantFrom(...words),
    caps: subset(caps),
  });

const policySpecArb: fc.Arbitrary<PolicySpec> = fc.record({
  namespaces: fc.array(
    fc.record({
      label: fc.constantFrom(...NS_LABELS),
      word: fc.constantFrom(...NS_WORDS),
      caps: subset(NS_CAPS),
      paths: fc.array(fc.record({ path: fc.constantFrom(...VAR_PATHS), caps: subset(VAR_CAPS) }), {
        maxLength: 2,
      }),
    }),
    { maxLength: 3 },
  ),
  pools: fc.array(block(POOL_LABELS, NS_WORDS, POOL_CAPS), { maxLength: 2 }),
  volumes: fc.array(block(VOLUME_LABELS, NS_WORDS, VOLUME_CAPS), { maxLength: 2 }),
  words: fc.record(
    {
      agent: fc.constantFrom('deny', 'read', 'write', 'scale'),
      node: fc.constantFrom('deny', 'read', 'write', 'scale'),
      quota: fc.constantFrom('deny', 'read', 'write', 'scale'),
      plugin: fc.constantFrom('deny', 'read', 'list', 'write'),
    },
    { requiredKeys: [] },
  ),
  operator: fc.option(block([''], NS_WORDS, OPERATOR_CAPS), { nil: null }),
  sentinel: fc.option(block([''], NS_WORDS, SENTINEL_CAPS), { nil: null }),
});

function attrs(b: BlockSpec): string {
  return `${b.word === '' ? '' : `policy = "${b.word}" `}capabilities = ${JSON.stringify(b.caps)}`;
}

function specText(spec: PolicySpec): string {
  const lines: string[] = [];
  for (const ns of spec.namespaces) {
    const vars =
      ns.paths.length === 0
        ? ''
        : ` variables { ${ns.paths.map((p) => `path "${p.path}" { capabilities = ${JSON.stringify(p.caps)} }`).join(' ')} }`;
    lines.push(`namespace "${ns.label}" { ${attrs(ns)}${vars} }`);
  }
  for (const pool of spec.pools) lines.push(`node_pool "${pool.label}" { ${attrs(pool)} }`);
  for (const volume of spec.volumes)
    lines.push(`host_volume "${volume.label}" { ${attrs(volume)} }`);
  for (const [name, word] of Object.entries(spec.words))
    lines.push(`${name} { policy = "${word}" }`);
  if (spec.operator !== null) lines.push(`operator { ${attrs(spec.operator)} }`);
  if (spec.sentinel !== null) lines.push(`sentinel { ${attrs(spec.sentinel)} }`);
  return lines.join('\n');
}

const policySetArb: fc.Arbitrary<NamedPolicy[]> = fc
  .array(fc.tuple(fc.stringMatching(/^[a-z]{1,3}$/), policySpecArb), { maxLength: 4 })
  .map((entries) => entries.map(([name, spec]) => ({ name, policy: parsePolicy(specText(spec)) })));

// ---------- queries ----------

const NS_QUERIES = [
  'default',
  'prod',
  'prod-api',
  'prod-web',
  'dev-api',
  'a',
  'ab',
  'axb',
  '*',
  'p',
  '',
];
const POOL_QUERIES = ['default', 'gpu', 'gpu-a', 'prod_eu', 'other'];
const VOLUME_QUERIES = ['data', 'data-1', 'certs', 'other'];
const PATH_QUERIES = [
  'app',
  'app/x',
  'secret',
  'nomad/jobs',
  'nomad/jobs/web',
  'nomad/jobs/web/g',
  'nomad/jobs/other',
  'x',
];
const CLAIMS: Array<AclClaim | undefined> = [
  undefined,
  { namespace: 'default', job: 'web', group: 'g', task: 't' },
  { namespace: 'prod', job: 'web', group: 'g', task: 't' },
];

interface Answers {
  [check: string]: boolean;
}

/** Asks every check with every query value. */
function ask(acl: Acl): Answers {
  const out: Answers = {};
  for (const ns of NS_QUERIES) {
    out[`ns ${ns}`] = acl.allowNamespace(ns);
    for (const cap of NS_CAPS) out[`ns ${ns} ${cap}`] = acl.allowNamespaceOperation(ns, cap);
    out[`varsearch ${ns}`] = acl.allowVariableSearch(ns);
    for (const path of PATH_QUERIES) {
      for (const [i, claim] of CLAIMS.entries()) {
        for (const op of VAR_CAPS)
          out[`var ${ns} ${path} ${op} ${i}`] = acl.allowVariableOperation(ns, path, op, claim);
      }
    }
  }
  for (const pool of POOL_QUERIES) {
    out[`pool ${pool}`] = acl.allowNodePool(pool);
    for (const cap of POOL_CAPS) out[`pool ${pool} ${cap}`] = acl.allowNodePoolOperation(pool, cap);
  }
  for (const volume of VOLUME_QUERIES) {
    out[`volume ${volume}`] = acl.allowHostVolume(volume);
    for (const cap of VOLUME_CAPS)
      out[`volume ${volume} ${cap}`] = acl.allowHostVolumeOperation(volume, cap);
  }
  Object.assign(out, {
    agentRead: acl.allowAgentRead(),
    agentWrite: acl.allowAgentWrite(),
    nodeRead: acl.allowNodeRead(),
    nodeWrite: acl.allowNodeWrite(),
    operatorRead: acl.allowOperatorRead(),
    operatorWrite: acl.allowOperatorWrite(),
    quotaRead: acl.allowQuotaRead(),
    quotaWrite: acl.allowQuotaWrite(),
    pluginRead: acl.allowPluginRead(),
    pluginList: acl.allowPluginList(),
  });
  for (const cap of OPERATOR_CAPS) out[`operator ${cap}`] = acl.allowOperatorOperation(cap);
  for (const cap of SENTINEL_CAPS) out[`sentinel ${cap}`] = acl.allowSentinelOperation(cap);
  return out;
}

// ---------- the reference evaluator ----------

/** All answers a check may give; two when tied globs make the choice unspecified. */
type Possible = boolean[];

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');
const stars = (s: string): number => s.split('*').length - 1;

/** Blocks with the same label: deny anywhere means `{deny}`, otherwise the union. */
function mergeDenyWins(capLists: string[][]): Set<string> {
  const all = capLists.flat();
  return all.includes('deny') ? new Set(['deny']) : new Set(all);
}

interface LabelledCaps {
  label: string;
  caps: string[];
}

/** The candidate rules for `name`: exact label, else the closest glob(s), else none. */
function candidateRules(
  blocks: LabelledCaps[],
  name: string,
  merge: (lists: string[][]) => Set<string>,
): Set<string>[] {
  const exact = blocks.filter((b) => !b.label.includes('*') && b.label === name);
  if (exact.length > 0) return [merge(exact.map((b) => b.caps))];
  const matching = [
    ...new Set(
      blocks.filter((b) => b.label.includes('*') && globMatches(b.label, name)).map((b) => b.label),
    ),
  ];
  if (matching.length === 0) return [];
  const score = (label: string): number => byteLength(name) - byteLength(label) + stars(label);
  const best = Math.min(...matching.map(score));
  return matching
    .filter((label) => score(label) === best)
    .map((label) => merge(blocks.filter((b) => b.label === label).map((b) => b.caps)));
}

function possibleHas(rules: Set<string>[], cap: string): Possible {
  return rules.length === 0 ? [false] : rules.map((r) => r.has(cap));
}

function possibleGrants(rules: Set<string>[]): Possible {
  return rules.length === 0 ? [false] : rules.map((r) => r.size > 0 && !r.has('deny'));
}

const RANK: Record<string, number> = { deny: 4, write: 3, read: 2, list: 1 };
function strongest(words: string[]): string {
  let best = '';
  for (const w of words) if ((RANK[w] ?? 0) > (RANK[best] ?? 0)) best = w;
  return best;
}

function reference(policies: Policy[]): Record<string, Possible> {
  const nsBlocks = policies.flatMap((p) =>
    p.namespaces.map((ns) => ({ label: ns.name, caps: ns.capabilities })),
  );
  const nsAllLabels = [...new Set(nsBlocks.map((b) => b.label))].map((label) =>
    mergeDenyWins(nsBlocks.filter((b) => b.label === label).map((b) => b.caps)),
  );
  const varBlocks = policies.flatMap((p) =>
    p.namespaces.flatMap((ns) =>
      (ns.variables?.paths ?? []).map((path) => ({
        ns: ns.name,
        path: path.pathSpec,
        caps: path.capabilities,
      })),
    ),
  );
  const poolBlocks = policies.flatMap((p) =>
    p.nodePools.map((b) => ({ label: b.name, caps: b.capabilities })),
  );
  const volumeBlocks = policies.flatMap((p) =>
    p.hostVolumes.map((b) => ({ label: b.name, caps: b.capabilities })),
  );
  const word = (pick: (p: Policy) => { policy: string } | null): string =>
    strongest(policies.map(pick).flatMap((b) => (b === null ? [] : [b.policy])));
  const operatorCaps = mergeDenyWins(
    policies.flatMap((p) => (p.operator === null ? [] : [p.operator.capabilities])),
  );
  const sentinelCaps = mergeDenyWins(
    policies.flatMap((p) => (p.sentinel === null ? [] : [p.sentinel.capabilities])),
  );
  const union = (lists: string[][]): Set<string> => new Set(lists.flat());

  const out: Record<string, Possible> = {};
  for (const ns of NS_QUERIES) {
    const rules = candidateRules(nsBlocks, ns, mergeDenyWins);
    out[`ns ${ns}`] =
      ns === '*' ? [nsAllLabels.some((r) => r.size > 0 && !r.has('deny'))] : possibleGrants(rules);
    for (const cap of NS_CAPS) {
      out[`ns ${ns} ${cap}`] =
        ns === '*' && nsAllLabels.some((r) => r.has(cap)) ? [true] : possibleHas(rules, cap);
    }
    out[`varsearch ${ns}`] = [
      ns === '*'
        ? varBlocks.length > 0
        : varBlocks.some((b) => `${b.ns}\x00${b.path}`.startsWith(ns)),
    ];
    for (const path of PATH_QUERIES) {
      const exact = varBlocks.filter(
        (b) => !b.ns.includes('*') && !b.path.includes('*') && b.ns === ns && b.path === path,
      );
      for (const [i, claim] of CLAIMS.entries()) {
        const claimed =
          claim !== undefined &&
          claim.namespace === ns &&
          [
            'nomad/jobs',
            `nomad/jobs/${claim.job}`,
            `nomad/jobs/${claim.job}/${claim.group}`,
            `nomad/jobs/${claim.job}/${claim.group}/${claim.task}`,
          ].includes(path);
        let rules: Set<string>[];
        if (exact.length > 0) rules = [union(exact.map((b) => b.caps))];
        else if (claimed) rules = [new Set(['read', 'list'])];
        else {
          const globs = varBlocks
            .filter((b) => b.ns.includes('*') || b.path.includes('*'))
            .map((b) => ({ label: `${b.ns}\x00${b.path}`, caps: b.caps }));
          rules = candidateRules(globs, `${ns}\x00${path}`, union);
        }
        for (const op of VAR_CAPS) out[`var ${ns} ${path} ${op} ${i}`] = possibleHas(rules, op);
      }
    }
  }
  for (const pool of POOL_QUERIES) {
    const rules = candidateRules(poolBlocks, pool, mergeDenyWins);
    out[`pool ${pool}`] = possibleGrants(rules);
    for (const cap of POOL_CAPS) out[`pool ${pool} ${cap}`] = possibleHas(rules, cap);
  }
  for (const volume of VOLUME_QUERIES) {
    const rules = candidateRules(volumeBlocks, volume, mergeDenyWins);
    out[`volume ${volume}`] = possibleGrants(rules);
    for (const cap of VOLUME_CAPS) out[`volume ${volume} ${cap}`] = possibleHas(rules, cap);
  }
  const agent = word((p) => p.agent);
  const node = word((p) => p.node);
  const operator = word((p) => p.operator);
  const quota = word((p) => p.quota);
  const plugin = word((p) => p.plugin);
  const sentinel = word((p) => p.sentinel);
  const readable = (w: string): boolean => w === 'read' || w === 'write';
  Object.assign(out, {
    agentRead: [readable(agent)],
    agentWrite: [agent === 'write'],
    nodeRead: [readable(node)],
    nodeWrite: [node === 'write'],
    operatorRead: [readable(operator)],
    operatorWrite: [operator === 'write'],
    quotaRead: [readable(quota)],
    quotaWrite: [quota === 'write'],
    pluginRead: [plugin === 'read'],
    pluginList: [plugin === 'read' || plugin === 'list'],
  });
  for (const cap of OPERATOR_CAPS)
    out[`operator ${cap}`] = [operator === 'write' || operatorCaps.has(cap)];
  for (const cap of SENTINEL_CAPS)
    out[`sentinel ${cap}`] = [sentinel === 'write' || sentinelCaps.has(cap)];
  return out;
}

// ---------- properties ----------

describe('compiled ACL vs reference evaluator', () => {
  it('gives the same answer to every check on random policy sets', () => {
    fc.assert(
      fc.property(policySetArb, (set) => {
        const actual = ask(compileAcl(set));
        const expected = reference(set.map((p) => p.policy));
        for (const [check, answer] of Object.entries(actual)) {
          const possible = expected[check];
          if (possible === undefined || !possible.includes(answer)) {
            throw new Error(
              `${JSON.stringify(check)}: got ${answer}, reference allows ${JSON.stringify(possible)}`,
            );
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('deny always wins inside its rule', () => {
  const exactNs = NS_LABELS.filter((l) => !l.includes('*'));
  const exactPools = POOL_LABELS.filter((l) => !l.includes('*'));
  const exactVolumes = VOLUME_LABELS.filter((l) => !l.includes('*'));

  it('a deny block for a label removes every grant for that label and singleton word, whatever else is granted', () => {
    fc.assert(
      fc.property(
        policySetArb,
        fc.constantFrom(...exactNs),
        fc.constantFrom(...exactPools),
        fc.constantFrom(...exactVolumes),
        fc.boolean(),
        fc.stringMatching(/^[a-z]{1,3}$/),
        (set, ns, pool, volume, asCapability, name) => {
          const deny = asCapability ? 'capabilities = ["read-job", "deny"]' : 'policy = "deny"';
          const denyText =
            `namespace "${ns}" { ${deny} }\nnode_pool "${pool}" { policy = "deny" }\nhost_volume "${volume}" { policy = "deny" }\n` +
            'agent { policy = "deny" }\nnode { policy = "deny" }\noperator { policy = "deny" }\nquota { policy = "deny" }\nsentinel { policy = "deny" }';
          const acl = compileAcl([...set, { name, policy: parsePolicy(denyText) }]);
          expect(acl.allowNamespace(ns)).toBe(false);
          for (const cap of NS_CAPS.filter((c) => c !== 'deny'))
            expect(acl.allowNamespaceOperation(ns, cap)).toBe(false);
          expect(acl.allowNodePool(pool)).toBe(false);
          for (const cap of ['read', 'write', 'delete'])
            expect(acl.allowNodePoolOperation(pool, cap)).toBe(false);
          expect(acl.allowHostVolume(volume)).toBe(false);
          for (const cap of ['mount-readonly', 'mount-readwrite'])
            expect(acl.allowHostVolumeOperation(volume, cap)).toBe(false);
          expect([
            acl.allowAgentRead(),
            acl.allowNodeRead(),
            acl.allowOperatorRead(),
            acl.allowQuotaRead(),
          ]).toEqual([false, false, false, false]);
          for (const cap of OPERATOR_CAPS.filter((c) => c !== 'deny'))
            expect(acl.allowOperatorOperation(cap)).toBe(false);
          for (const cap of SENTINEL_CAPS.filter((c) => c !== 'deny'))
            expect(acl.allowSentinelOperation(cap)).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('management', () => {
  it('the management ACL allows every check, whatever policies are given', () => {
    fc.assert(
      fc.property(policySetArb, (set) => {
        for (const acl of [managementAcl(), compileAcl(set, { management: true })]) {
          expect(acl.isManagement()).toBe(true);
          expect(Object.entries(ask(acl)).filter(([, allowed]) => !allowed)).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('monotonicity', () => {
  /** Up to `max` items drawn from `choices`, or always none when there is no choice. */
  function fromLabels<C, T>(
    choices: readonly C[],
    item: (choices: readonly C[]) => fc.Arbitrary<T>,
    max: number,
  ): fc.Arbitrary<T[]> {
    return choices.length === 0
      ? fc.constant<T[]>([])
      : fc.array(item(choices), { maxLength: max });
  }

  /** A deny-free policy that only reuses labels (and variables keys) of `set`, and no plugin write. */
  function denyFreeReusing(set: NamedPolicy[]): fc.Arbitrary<Policy> {
    const policies = set.map((p) => p.policy);
    const nsLabels = [...new Set(policies.flatMap((p) => p.namespaces.map((ns) => ns.name)))];
    const varKeys = policies.flatMap((p) =>
      p.namespaces.flatMap((ns) =>
        (ns.variables?.paths ?? []).map((path) => [ns.name, path.pathSpec] as const),
      ),
    );
    const poolLabels = [...new Set(policies.flatMap((p) => p.nodePools.map((b) => b.name)))];
    const volumeLabels = [...new Set(policies.flatMap((p) => p.hostVolumes.map((b) => b.name)))];
    const grant = (caps: string[]) => subset(caps.filter((c) => c !== 'deny'));
    const words = fc.constantFrom('', 'read', 'write', 'scale');
    return fc
      .record({
        namespaces: fromLabels(
          nsLabels,
          (labels) =>
            fc.record({ label: fc.constantFrom(...labels), word: words, caps: grant(NS_CAPS) }),
          3,
        ),
        vars: fromLabels(
          varKeys,
          (keys) => fc.record({ key: fc.constantFrom(...keys), caps: grant(VAR_CAPS) }),
          3,
        ),
        pools: fromLabels(
          poolLabels,
          (labels) =>
            fc.record({ label: fc.constantFrom(...labels), word: words, caps: grant(POOL_CAPS) }),
          2,
        ),
        volumes: fromLabels(
          volumeLabels,
          (labels) =>
            fc.record({ label: fc.constantFrom(...labels), word: words, caps: grant(VOLUME_CAPS) }),
          2,
        ),
        agent: fc.constantFrom('read', 'write', 'scale'),
        plugin: fc.constantFrom('read', 'list'),
        operator: fc.record({ label: fc.constant(''), word: words, caps: grant(OPERATOR_CAPS) }),
      })
      .map((g) => {
        const lines = [
          ...g.namespaces.map((ns) => `namespace "${ns.label}" { ${attrs(ns)} }`),
          ...g.vars.map(
            (v) =>
              `namespace "${v.key[0]}" { variables { path "${v.key[1]}" { capabilities = ${JSON.stringify(v.caps)} } } }`,
          ),
          ...g.pools.map((b) => `node_pool "${b.label}" { ${attrs(b)} }`),
          ...g.volumes.map((b) => `host_volume "${b.label}" { ${attrs(b)} }`),
          `agent { policy = "${g.agent}" }`,
          `plugin { policy = "${g.plugin}" }`,
          `operator { ${attrs(g.operator)} }`,
        ];
        return parsePolicy(lines.join('\n'));
      });
  }

  it('adding a deny-free policy over the same labels never removes a permission', () => {
    fc.assert(
      fc.property(
        policySetArb.chain((set) =>
          fc.tuple(fc.constant(set), denyFreeReusing(set), fc.stringMatching(/^[a-z]{1,3}$/)),
        ),
        ([set, extra, name]) => {
          const before = ask(compileAcl(set));
          const after = ask(compileAcl([...set, { name, policy: extra }]));
          const lost = Object.keys(before).filter(
            (check) => before[check] === true && after[check] !== true,
          );
          expect(lost).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
