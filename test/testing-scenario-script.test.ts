/**
 * Counterexample scenarios (src/testing/scenario-script.ts): a run's steps print as a scenario
 * file that replays them with the nomad CLI. The strongest check: for runs that AGREE with the
 * reference model, the printed scenario — which carries the model's expectations — passes when
 * run, for hand-picked and for random sequences over one and two regions. Also: faults and
 * rolling restarts replay, text with backticks survives, and CLI tables are read back right.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  AclModelCommand,
  ClusterRun,
  aclModelCommands,
  clusterShapeArb,
  ClusterRunFailure,
  formatCounterexampleScenario,
  runAclModelSequence,
  sameList,
  sameSet,
  shapeOf,
  tableColumn,
  withClusterRun,
  type AclOperation,
} from '../src/testing/index.js';

interface RunnableScenario {
  run(options?: {
    seed?: number;
  }): Promise<{ ok: boolean; failure: string | null; transcript: string }>;
}

const project = mkdtempSync(join(tmpdir(), 'nomad-acl-sim-scripts-'));
mkdirSync(join(project, 'node_modules'));
symlinkSync(resolve('.'), join(project, 'node_modules', 'nomad-acl-sim'), 'dir');
afterAll(() => rmSync(project, { recursive: true, force: true }));
let files = 0;

/** Saves `script` in the throwaway project and imports its scenario. */
async function load(script: string): Promise<RunnableScenario> {
  const file = join(project, `scenario-${++files}.mts`);
  writeFileSync(file, script);
  return ((await import(file)) as { scenario: RunnableScenario }).scenario;
}

const anyServer = { region: 0, server: 0 };
const europe1 = { region: 1, server: 0 };
const global2 = { region: 0, server: 1 };
const mgmt = (pick = 0) => ({ kind: 'management' as const, pick });

/** Every operation kind and every expectation kind, through both regions. */
const HAND_PICKED: AclOperation[] = [
  { op: 'token.list', via: anyServer, as: { kind: 'anonymous' } },
  { op: 'bootstrap', via: europe1, secret: 'invalid' },
  { op: 'bootstrap', via: europe1, secret: 'operator' },
  { op: 'bootstrap', via: global2, secret: 'generated' },
  {
    op: 'policy.write',
    via: europe1,
    as: mgmt(),
    name: 'anonymous',
    description: 'Anonymous policy (full-access)',
    rules: 'read-default',
  },
  {
    op: 'policy.write',
    via: global2,
    as: mgmt(),
    name: 'bad_name',
    description: 'x'.repeat(257),
    rules: 'syntax-error',
  },
  {
    op: 'policy.write',
    via: global2,
    as: mgmt(),
    name: 'ops',
    description: '',
    rules: 'comment-only',
  },
  {
    op: 'policy.write',
    via: global2,
    as: mgmt(),
    name: 'ops',
    description: '',
    rules: 'deny-default',
  },
  {
    op: 'policy.write',
    via: global2,
    as: { kind: 'bogus' },
    name: 'ops',
    description: '',
    rules: 'empty',
  },
  { op: 'policy.list', via: europe1, as: mgmt() },
  { op: 'policy.read', via: europe1, as: { kind: 'anonymous' }, name: 'anonymous' },
  { op: 'policy.read', via: anyServer, as: mgmt(), name: 'readonly' },
  { op: 'jobs.list', via: europe1, as: { kind: 'anonymous' } },
  {
    op: 'token.create',
    via: europe1,
    as: mgmt(),
    name: 'ops token',
    type: 'client',
    global: false,
    policies: ['ops', 'anonymous'],
  },
  {
    op: 'token.create',
    via: anyServer,
    as: mgmt(),
    name: '',
    type: 'client',
    global: true,
    policies: [],
  },
  {
    op: 'token.create',
    via: anyServer,
    as: mgmt(),
    name: 'ci',
    type: 'management',
    global: true,
    policies: [],
  },
  { op: 'jobs.list', via: europe1, as: { kind: 'any', pick: 1 } },
  { op: 'token.list', via: europe1, as: mgmt() },
  { op: 'token.list', via: anyServer, as: mgmt() },
  {
    op: 'token.read',
    via: europe1,
    as: { kind: 'any', pick: 1 },
    target: { kind: 'any', pick: 1 },
  },
  { op: 'token.read', via: anyServer, as: mgmt(), target: { kind: 'any', pick: 1 } },
  { op: 'token.self', via: europe1, as: { kind: 'anonymous' } },
  { op: 'token.self', via: europe1, as: { kind: 'any', pick: 2 } },
  { op: 'token.delete', via: europe1, as: mgmt(), target: { kind: 'bogus' } },
  { op: 'token.delete', via: europe1, as: mgmt(), target: { kind: 'any', pick: 2 } },
  { op: 'token.delete', via: europe1, as: mgmt(), target: { kind: 'any', pick: 1 } },
  { op: 'token.self', via: europe1, as: { kind: 'any', pick: 2 } },
  { op: 'policy.delete', via: europe1, as: mgmt(), name: 'anonymous' },
  { op: 'policy.list', via: europe1, as: { kind: 'anonymous' } },
];

describe('printed scenarios of runs that agree with the model pass', () => {
  test('a hand-picked sequence over two regions covers every operation and expectation kind', async () => {
    const run = await runAclModelSequence(
      shapeOf([3, 1]),
      11,
      HAND_PICKED.map((op) => new AclModelCommand(op)),
    );
    const statuses = new Set(run.steps.map((step) => (step.kind === 'acl' ? step.status : 0)));
    expect([...statuses].sort()).toEqual([200, 400, 403, 404]);
    const scenario = await load(run.script());
    const result = await scenario.run();
    expect(result.failure).toBeNull();
    expect(result.transcript).toContain(
      'Error bootstrapping: Unexpected response code: 400 (invalid acl token)',
    );
    expect(result.transcript).toContain(
      'No token present in the environment or set via the CLI flag',
    );
    expect(result.transcript).toContain('[sim] waited');
  });

  test('random sequences on random shapes', async () => {
    const samples = fc.sample(
      fc.tuple(
        clusterShapeArb({ maxRegions: 2, serverCounts: [1, 3] }),
        aclModelCommands({ maxCommands: 12 }),
      ),
      { numRuns: 4, seed: 2024 },
    );
    for (const [shape, commands] of samples) {
      const run = await runAclModelSequence(shape, 5, commands, {
        opener: { op: 'bootstrap', via: anyServer, secret: 'operator' },
      });
      const result = await (await load(run.script())).run();
      expect(result.failure).toBeNull();
    }
  });
});

describe('runs without a model', () => {
  test('faults, rolling restarts and waits replay; failed calls are accepted as they come', async () => {
    const run = await ClusterRun.start({ seed: 3, shape: shapeOf([3]) });
    await run.acl({ op: 'bootstrap', via: 'global/server-1', secret: 'generated' });
    await run.restartInOrder('global', [2, 0, 1]);
    run.fault({ kind: 'crash', server: 1 });
    await run.wait(3_000);
    await run.acl({ op: 'policy.list', via: 'global/server-2', as: 't1' });
    run.fault({ kind: 'restart', server: 1 });
    await run.wait(3_000);
    await run.acl({ op: 'policy.list', via: 'global/server-2', as: 't1' });
    run.stop();
    const steps = run.steps.filter((s) => s.kind === 'acl');
    expect(steps.map((s) => s.status)).toEqual([200, 0, 200]);
    const script = run.script({ title: 'Faults replay' });
    expect(script).toContain("await s.restart('global/server-3');");
    expect(script).toContain("faults.apply({kind: 'crash', server: 1});");
    expect(script).toContain('await s.wait(3000);');
    expect(script).toContain('expectExit: null');
    const result = await (await load(script)).run();
    expect(result.failure).toBeNull();
    expect(result.transcript).toContain('connection refused');
  });

  test('a failing withClusterRun prints a script that names the crashed leader and fails at the marked step', async () => {
    let crashed = '';
    let via = '';
    const failure = await withClusterRun({ seed: 4, shape: shapeOf([3]) }, async (run) => {
      await run.acl({ op: 'bootstrap', via: 'global/server-1', secret: 'generated' });
      crashed = `global/${run.cluster.leaderOf('global')?.name ?? '?'}`;
      via = crashed === 'global/server-3' ? 'global/server-1' : 'global/server-3';
      run.fault({ kind: 'crashLeader' });
      await run.wait(5_000);
      await run.acl({ op: 'policy.list', via, as: 't1' });
      throw new Error('the listing was not what the property wanted');
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ClusterRunFailure);
    const script = (failure as ClusterRunFailure).scenario;
    expect(crashed).toMatch(/^global\/server-\d$/);
    expect(script).toContain(`s.step('2. crashLeader — hit ${crashed}');`);
    expect(script).toContain(`s.step('4. policy.list as t1 via ${via} — THE STEP THAT FAILED');`);
    expect(script).toContain(
      'It stops at the step marked THE STEP THAT FAILED with SCENARIO FAILED and exit code 1.',
    );
    expect(script).toContain(
      `{ server: '${via}', expectExit: 0 });\n    s.fail('the recorded run failed at step 4: the listing was not what the property wanted');`,
    );
    const result = await (await load(script)).run();
    expect(result.failure).toBe(
      'the recorded run failed at step 4: the listing was not what the property wanted',
    );
    expect(result.transcript).toContain(`[sim] fault: crashLeader — hit ${crashed}`);
    // The marked step ran, answered as in the recorded run (exit 0), and the scenario stopped right after it.
    const prompt = `[${via.split('/')[1] ?? ''}.global]$`;
    expect(result.transcript).toContain(
      `## 4. policy.list as t1 via ${via} — THE STEP THAT FAILED\n\n${prompt} nomad acl policy list -token=`,
    );
    expect(result.transcript).toMatch(
      /\nNo policies found\n\nSCENARIO FAILED: the recorded run failed at step 4: the listing was not/,
    );
  });

  test('text with backticks, ${...}, backslashes, quotes and comment ends survives in the script', async () => {
    const rules = 'node {\n  policy = "read"\n}\n# `quoted` ${not.a.variable} back\\slash */\n';
    const description = 'say "hi" for $5 `now` \\o/';
    const script = formatCounterexampleScenario(
      [
        {
          kind: 'acl',
          call: {
            op: 'policy.write',
            via: 'global/server-1',
            as: 'anonymous',
            name: 'ops',
            description,
            rules,
          },
          settled: false,
          status: 403,
          body: 'Permission denied',
        },
      ],
      { seed: 1, shape: shapeOf([1]), failure: 'a `tricky` */ failure' },
    );
    expect(script.split('*/')[0]).toContain('It failed with: a `tricky` * / failure');
    const result = await (await load(script)).run();
    expect(result.failure).toBeNull();
    expect(result.transcript).toContain(`$ cat > ops.policy.hcl <<'EOF'\n${rules}EOF`);
    expect(result.transcript).toContain(
      'Error writing ACL policy: Unexpected response code: 403 (Permission denied)',
    );
    expect(result.transcript).toContain(
      '$ nomad acl policy apply -description="say \\"hi\\" for \\$5 \\`now\\` \\\\o/" ops ops.policy.hcl',
    );
  });
});

describe('reading CLI tables', () => {
  const tokens = [
    'Name             Type        Global  Accessor ID                           Expired',
    'Bootstrap Token  management  true    3b7915f1-abb4-5cd5-62c6-1910bb219ae9  false',
    '<none>           client      false   05b27cab-5ce2-0ce0-d821-6b024ba16616  false',
  ].join('\n');

  test('a column with a space in its header, and the first and last columns', () => {
    expect(tableColumn(tokens, 'Accessor ID')).toEqual([
      '3b7915f1-abb4-5cd5-62c6-1910bb219ae9',
      '05b27cab-5ce2-0ce0-d821-6b024ba16616',
    ]);
    expect(tableColumn(tokens, 'Name')).toEqual(['Bootstrap Token', '<none>']);
    expect(tableColumn(tokens, 'Expired')).toEqual(['false', 'false']);
  });

  test('no table, or no such column, gives no values', () => {
    expect(tableColumn('No tokens found', 'Accessor ID')).toEqual([]);
    expect(tableColumn(tokens, 'Secret ID')).toEqual([]);
  });

  test('list comparisons', () => {
    expect(sameList(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameList(['b', 'a'], ['a', 'b'])).toBe(false);
    expect(sameSet(['b', 'a'], ['a', 'b'])).toBe(true);
    expect(sameSet(['a', 'a'], ['a'])).toBe(false);
  });
});
