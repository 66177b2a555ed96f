/**
 * The package as another project gets it (issue 13): `npm pack` (which builds dist/ through
 * `prepack`), then a fresh project under the OS temp dir installs the tarball with its own
 * fast-check, vitest, TypeScript and Node types (from the npm cache where it can). There the
 * README's property test type-checks under strict settings without skipLibCheck and passes with
 * vitest; the README's scenario runs with `npx tsx`; plain node imports every entry;
 * `npx nomad-sim` runs the tutorial; and the starter scenario `npx nomad-sim new` writes
 * type-checks under the same settings and runs with `npx tsx` and `npx nomad-sim run`; a failing
 * `npx nomad-sim chaos` run shrinks and writes a scenario that type-checks and fails with tsx; the
 * model-based test runs in worker threads of the built package, under vitest and plain node.
 * publint and attw judge the tarball, and the tarball holds only what users need.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

/** The settings the consumer type-checks with: everything strict, and the library's .d.ts included. */
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noPropertyAccessFromIndexSignature: true,
    noImplicitOverride: true,
    skipLibCheck: false,
    noEmit: true,
  },
  include: ['*.ts'],
};

/** Plain node, no TypeScript loader: every entry imports and has what the README uses. */
const PLAIN_NODE_CHECK = `import * as main from 'nomad-acl-sim';
import * as testing from 'nomad-acl-sim/testing';
import * as scenario from 'nomad-acl-sim/scenario';
const wanted = [
  [main, ['Cluster', 'Simulation', 'defineScenario', 'runNomadLine', 'parsePolicy']],
  [testing, ['withClusterRun', 'rollingRestartOrderArb', 'shapeOf', 'checkInvariants', 'runAclModelTest']],
  [scenario, ['defineScenario', 'kvField', 'withAclEnabled', 'withAuthoritativeRegion', 'withReplicationToken', 'runScenarioMain']],
];
const missing = wanted.flatMap(([module, names]) => names.filter((name) => typeof module[name] !== 'function'));
console.log(missing.length === 0 ? 'every entry imports' : 'missing: ' + missing.join(', '));
`;

/** Plain node: the model-based test in two worker threads of the built package, as one thread runs it. */
const PLAIN_NODE_WORKERS = `import { runAclModelTest } from 'nomad-acl-sim/testing';
const here = await runAclModelTest({ numRuns: 8, seed: 3 });
const threads = await runAclModelTest({ numRuns: 8, seed: 3, workers: 2 });
console.log(JSON.stringify(threads) === JSON.stringify(here) ? 'same report' : 'different', here.numRuns);
`;

/** Child processes get no npm_* variables of a surrounding `npm test` (they would steer npm). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 120_000 });
}

/** The output of a process that should have succeeded, for the failure message when it did not. */
function explain(result: SpawnSyncReturns<string>): string {
  return `exit ${String(result.status)}\n${result.stdout}\n${result.stderr}`;
}

/** A chaos run that breaks a property (a seeded Raft bug), shrunk in a few runs. */
const FAILING_CHAOS = [
  'chaos',
  '--seed',
  '3',
  '--regions',
  'global:5',
  '--duration',
  '1m',
  '--bug',
  'skipLogUpToDateCheck',
  '--shrink-runs',
  '5',
];
let chaosStdout = '';

const work = mkdtempSync(join(tmpdir(), 'nomad-acl-sim-consumer-'));
const project = join(work, 'project');
let tarball = '';
let packedFiles: string[] = [];

beforeAll(() => {
  const packed = run('npm', ['pack', '--json', '--pack-destination', work], root);
  expect(packed.status, explain(packed)).toBe(0);
  const info = (
    JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>
  )[0];
  tarball = join(work, info?.filename ?? '');
  packedFiles = (info?.files ?? []).map((file) => file.path);

  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify(CONSUMER_TSCONFIG, null, 2)}\n`);
  copyFileSync(join(root, 'test/example-user.test.ts'), join(project, 'rolling-restart.test.ts'));
  copyFileSync(
    join(root, 'test/example-acl-model-workers.test.ts'),
    join(project, 'acl-model-workers.test.ts'),
  );
  writeFileSync(join(project, 'workers.mjs'), PLAIN_NODE_WORKERS);
  copyFileSync(join(root, 'test/consumer/bootstrap-once.ts'), join(project, 'bootstrap-once.ts'));
  writeFileSync(join(project, 'plain-node.mjs'), PLAIN_NODE_CHECK);
  const tools = ['fast-check', 'vitest', 'typescript', '@types/node'].map(
    (name) => `${name}@${manifest.devDependencies[name] ?? 'missing'}`,
  );
  const installed = run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', tarball, ...tools],
    project,
  );
  expect(installed.status, explain(installed)).toBe(0);
  // Written before the type check below, which then checks it too.
  const starter = run('npx', ['--no-install', 'nomad-sim', 'new', 'starter'], project);
  expect(starter.status, explain(starter)).toBe(0);
  // A failing chaos run, shrunk: its scenario file (chaos-seed-3.ts) is type-checked below too.
  const chaos = run('npx', ['--no-install', 'nomad-sim', ...FAILING_CHAOS], project);
  expect(chaos.status, explain(chaos)).toBe(1);
  chaosStdout = chaos.stdout;
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('publint and attw (ESM only: no CommonJS or node10 resolution) find nothing', () => {
    const publint = run(bin('publint'), ['run', tarball, '--strict'], work);
    expect(publint.status, explain(publint)).toBe(0);
    expect(publint.stdout).toContain('All good!');
    const attw = run(bin('attw'), [tarball, '--profile', 'esm-only'], work);
    expect(attw.status, explain(attw)).toBe(0);
    // Each entry resolves, with types, for ESM importers in node and bundlers; any other finding is one of the ignored ones.
    expect(attw.stdout.match(/node16 \(from ESM\): 🟢 \(ESM\)/g)).toHaveLength(3);
    expect(attw.stdout.match(/bundler: 🟢/g)).toHaveLength(4);
    expect(
      attw.stdout
        .split('\n')
        .filter((line) => /💀|⚠️|❌|🐛|🥴|❗|🎭|🚭/u.test(line) && !line.includes('(ignored')),
    ).toEqual([]);
  });

  it("holds the built entries, the launcher, the bundled scenarios, the pages' prebuilt assets and the licence, and nothing else", () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'bin/nomad-sim.js',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/src/index.js.map',
        'dist/src/testing/index.js',
        'dist/src/scenario-entry.js',
        'dist/scenarios/tutorial.js',
        'dist/assets/timeline-page.js',
        'dist/assets/timeline-page.css',
        'dist/assets/playground-index.html',
      ]),
    );
    const unexpected = packedFiles.filter(
      (path) =>
        !/^(LICENSE|README\.md|package\.json|bin\/nomad-sim\.js|dist\/src\/.+\.(js|d\.ts|js\.map)|dist\/scenarios\/[\w-]+\.js(\.map)?|dist\/assets\/(timeline-page\.(js|css)|playground-index\.html))$/.test(
          path,
        ),
    );
    expect(unexpected).toEqual([]);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(
      /^Mozilla Public License Version 2\.0\n/,
    );
  });
});

describe('a fresh project that installed the tarball', () => {
  it('type-checks the README property test and scenario, and the starter scenario, with strict settings, without skipLibCheck', () => {
    expect(readFileSync(join(project, 'starter.ts'), 'utf8')).toContain("title: 'Starter',");
    const tsc = run(join(project, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], project);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('runs the README property test with vitest', () => {
    const vitest = run(
      join(project, 'node_modules/.bin/vitest'),
      ['run', '--reporter=verbose'],
      project,
    );
    expect(vitest.status, explain(vitest)).toBe(0);
    expect(vitest.stdout).toContain('loses no acknowledged ACL write');
    expect(vitest.stdout).toContain('run over two worker threads');
  });

  it('imports every entry from plain node', () => {
    const node = run(process.execPath, ['plain-node.mjs'], project);
    expect(node.stderr).toBe('');
    expect(node.stdout).toBe('every entry imports\n');
  });

  it('runs the model-based test in worker threads from plain node (the threads load the built JavaScript)', () => {
    const node = run(process.execPath, ['workers.mjs'], project);
    expect(node.stderr).toBe('');
    expect(node.stdout).toBe('same report 8\n');
  });

  it('runs the README scenario file with npx tsx, which runs its scenario and says how to replay a failure', () => {
    const scenario = run(
      'npx',
      ['--no-install', 'tsx', 'bootstrap-once.ts', '--seed', '3'],
      project,
    );
    expect(scenario.status, explain(scenario)).toBe(0);
    expect(scenario.stdout.match(/^# Bootstrap once$/gm)).toHaveLength(1);
    expect(scenario.stdout).toContain(
      '[sim] seed 3, profile modern; regions: global (3 servers), europe (3 servers)',
    );
    expect(scenario.stdout).toContain(
      '[server-1.europe]$ nomad acl bootstrap\nError bootstrapping: Unexpected response code: 400 (ACL bootstrap already done',
    );
    // The same file, expecting the wrong thing: exit 1, and the replay line names the file that ran.
    writeFileSync(
      join(project, 'wrong.ts'),
      readFileSync(join(project, 'bootstrap-once.ts'), 'utf8').replace(
        'expectExit: 1',
        'expectExit: 0',
      ),
    );
    const wrong = run('npx', ['--no-install', 'tsx', 'wrong.ts', '--seed', '3'], project);
    expect(wrong.status, explain(wrong)).toBe(1);
    expect(wrong.stdout).toMatch(/\nreplay: npx tsx wrong\.ts --seed 3 --profile modern\n$/);
  });

  it('writes a timeline page and the playground site from its prebuilt assets (it ships no page sources)', () => {
    expect(existsSync(join(project, 'node_modules/nomad-acl-sim/src'))).toBe(false);
    const html = run(
      'npx',
      ['--no-install', 'nomad-sim', 'tutorial', '--html', 'tutorial.html'],
      project,
    );
    expect(html.status, explain(html)).toBe(0);
    const page = readFileSync(join(project, 'tutorial.html'), 'utf8');
    expect(page).toContain('<script>');
    expect(page.length).toBeGreaterThan(50_000);
    const site = run('npx', ['--no-install', 'nomad-sim', 'playground', '--out', 'site'], project);
    expect(site.status, explain(site)).toBe(0);
    const index = readFileSync(join(project, 'site/index.html'), 'utf8');
    expect(index).toContain('This page includes xterm.js');
    expect(index.length).toBeGreaterThan(500_000);
  });

  it('runs nomad-sim from the built JavaScript: --version, the tutorial, and a TypeScript scenario file', () => {
    const version = run('npx', ['--no-install', 'nomad-sim', '--version'], project);
    expect(version.stdout).toBe(`nomad-sim ${manifest.version}\n`);
    const tutorial = run('npx', ['--no-install', 'nomad-sim', 'tutorial'], project);
    expect(tutorial.status, explain(tutorial)).toBe(0);
    expect(tutorial.stdout).toContain('Successfully wrote "anonymous" ACL policy!');
    const file = run(
      'npx',
      ['--no-install', 'nomad-sim', 'run', 'bootstrap-once.ts', '--seed', '3'],
      project,
    );
    expect(file.status, explain(file)).toBe(0);
    expect(file.stdout.match(/^# Bootstrap once$/gm)).toHaveLength(1); // run by nomad-sim, not a second time by the file
    expect(file.stdout).toContain('ACL bootstrap already done');
  });

  it('shrinks a failing chaos run from the built JavaScript, and its scenario file imports the package and fails as it should', () => {
    expect(chaosStdout).toMatch(
      /\nshrunk with fast-check \(5 runs\): 2 faults over 1m -> \d faults over \d+s, /,
    );
    expect(chaosStdout.trimEnd().split('\n').pop()).toBe(
      '  scenario: chaos-seed-3.ts (npx tsx chaos-seed-3.ts, or npx nomad-sim run chaos-seed-3.ts, replays it)',
    );
    expect(readFileSync(join(project, 'chaos-seed-3.ts'), 'utf8')).toContain(
      "import { defineChaosScenario } from 'nomad-acl-sim/scenario';",
    );
    const replay = run('npx', ['--no-install', 'tsx', 'chaos-seed-3.ts'], project);
    expect(replay.status, explain(replay)).toBe(1);
    expect(replay.stdout).toContain('SCENARIO FAILED: VIOLATION of election restriction at t=');
  });

  it('runs the starter scenario of nomad-sim new as written, with npx tsx and with npx nomad-sim run --json', () => {
    const direct = run('npx', ['--no-install', 'tsx', 'starter.ts', '--timestamps'], project);
    expect(direct.status, explain(direct)).toBe(0);
    expect(direct.stdout.split('\n')[0]).toBe('[00:00:00.000] # Starter');
    expect(direct.stdout).toMatch(/^\[[\d:.]+\] readonly +Read the default namespace$/m);
    const json = run('npx', ['--no-install', 'nomad-sim', 'run', 'starter.ts', '--json'], project);
    expect(json.status, explain(json)).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      scenario: 'starter',
      ok: true,
      failure: null,
      replay: 'npx nomad-sim run starter.ts --seed 1 --profile modern',
    });
    expect(json.stderr).toMatch(/^# Starter\n/);
  });
});
