/**
 * Command-line conventions of `nomad-sim` (issue 13): `<command> --help` / `-h` / `help <command>`
 * print the usage and exit 0; `--version`; a suggestion for a mistyped command or flag; output
 * into a closed pipe ends quietly; `--trace -` puts the trace on stdout (and the transcript or
 * report on stderr); replay lines name what was run; bundled scenarios run by name and list with
 * their titles; a long chaos run shows progress on a terminal only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chaosProgress, formatProgress } from '../src/program/chaos-progress.js';
import { closestWord } from '../src/program/did-you-mean.js';
import type { ChaosStats } from '../src/program/chaos.js';

const root = join(import.meta.dirname, '..');
const launcher = join(root, 'bin/nomad-sim.js');

function nomadSim(...args: string[]) {
  const result = spawnSync(process.execPath, [launcher, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('help and version', () => {
  it.each([
    [['tutorial', '--help'], /^Usage: nomad-sim tutorial /],
    [['run', '-h'], /^Usage: npx tsx <scenario file> /],
    [['scenarios', '--help'], /^Usage: nomad-sim scenarios\n/],
    [['chaos', '--help'], /^Usage: nomad-sim chaos --seed N /],
    [['chaos', '--seed', '1', '-h'], /^Usage: nomad-sim chaos --seed N /],
    [['help', 'chaos'], /^Usage: nomad-sim chaos --seed N /],
    [['help'], /^Usage: nomad-sim <command> \[options\]/],
  ])('nomad-sim %j prints the usage on stdout and exits 0', (args, usage) => {
    const result = nomadSim(...args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(usage);
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(nomadSim('--version')).toEqual({
      code: 0,
      stdout: `nomad-sim ${version}\n`,
      stderr: '',
    });
  });
});

describe('mistakes get a suggestion', () => {
  it('a mistyped command', () => {
    const result = nomadSim('tutrial');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'nomad-sim: unknown command "tutrial" (did you mean "tutorial"?)',
    );
    expect(nomadSim('frobnicate').stderr.split('\n')[0]).toBe(
      'nomad-sim: unknown command "frobnicate"',
    );
  });

  it('a mistyped flag of a scenario run', () => {
    const result = nomadSim('tutorial', '--sed', '4');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('unknown argument "--sed" (did you mean "--seed"?)');
  });

  it('suggests only close words', () => {
    expect(closestWord('chaso', ['tutorial', 'run', 'scenarios', 'chaos'])).toBe('chaos');
    expect(closestWord('scen', ['tutorial', 'run', 'scenarios', 'chaos'])).toBe('scenarios');
    expect(closestWord('rn', ['tutorial', 'run', 'scenarios', 'chaos'])).toBe('run');
    expect(closestWord('xyz', ['tutorial', 'run', 'scenarios', 'chaos'])).toBeNull();
  });
});

describe('output', () => {
  it('into a closed pipe ends quietly (nomad-sim tutorial | head -3)', () => {
    const result = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${launcher}" tutorial | head -n 3`],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      '# Bootstrap the Nomad ACL system across three regions',
    );
  });

  it('--trace - writes the trace to stdout, the same as --trace FILE, and the transcript to stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-trace-'));
    const toFile = nomadSim(
      'run',
      'mistake-leftover-reset-file',
      '--seed',
      '2',
      '--trace',
      join(dir, 'trace.jsonl'),
    );
    const toStdout = nomadSim('run', 'mistake-leftover-reset-file', '--seed', '2', '--trace', '-');
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout).toBe(readFileSync(join(dir, 'trace.jsonl'), 'utf8'));
    expect(toStdout.stderr).toBe(toFile.stdout);
  });

  it('chaos --trace - writes the trace to stdout and the report to stderr', () => {
    const result = nomadSim(
      'chaos',
      '--seed',
      '1',
      '--regions',
      'global:3',
      '--duration',
      '10s',
      '--trace',
      '-',
    );
    expect(result.code).toBe(0);
    for (const line of result.stdout.trim().split('\n'))
      expect(Object.keys(JSON.parse(line) as object).slice(0, 2)).toEqual(['t', 'kind']);
    expect(result.stderr).toMatch(/^chaos: every invariant held\n/);
  });
});

describe('bundled scenarios and replay lines', () => {
  it('scenarios lists names and titles; run takes a name', () => {
    const list = nomadSim('scenarios');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^tutorial +Bootstrap the Nomad ACL system across three regions$/m);
    // One line per script in scenarios/.
    const scripts = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.ts'));
    expect(list.stdout.trim().split('\n')).toHaveLength(scripts.length);
  });

  it('a failure names the command that ran: the tutorial, a bundled scenario by name, a file elsewhere', () => {
    const last = (result: { stdout: string }) => result.stdout.trimEnd().split('\n').at(-1);
    expect(last(nomadSim('tutorial', '--seed', '3', '--trace', '/dev/full'))).toBe(
      'replay: npx nomad-sim tutorial --seed 3 --profile modern',
    );
    expect(last(nomadSim('run', 'tutorial', '--seed', '4', '--trace', '/dev/full'))).toBe(
      'replay: npx nomad-sim run tutorial --seed 4 --profile modern',
    );
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-replay-'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const dsl = pathToFileURL(join(root, 'src/scenario-entry.ts')).href;
    writeFileSync(
      join(dir, 'mine.ts'),
      `import { defineScenario } from '${dsl}';\nexport default defineScenario({ name: 'mine', title: 'mine', about: 'A check.', regions: [{ name: 'global', servers: 1 }] }, async (s) => {\n  await s.nomad('nomad acl bootstrap');\n});\n`,
    );
    const result = nomadSim('run', join(dir, 'mine.ts'), '--seed', '5');
    expect(result.code).toBe(1);
    expect(last(result)).toBe(
      `replay: npx nomad-sim run ${join(dir, 'mine.ts')} --seed 5 --profile modern`,
    );
    // Run directly with tsx, the same file runs its scenario and names itself.
    const direct = spawnSync(join(root, 'node_modules/.bin/tsx'), ['mine.ts', '--seed', '5'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(direct.status).toBe(1);
    expect(last(direct)).toBe('replay: npx tsx mine.ts --seed 5 --profile modern');
    expect(direct.stdout.replace(/^replay: .*$/m, '')).toBe(
      result.stdout.replace(/^replay: .*$/m, ''),
    );
  });
});

describe('a scenario file run directly with tsx', () => {
  it('with a definition that cannot run: one line naming the file and the problem, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-direct-'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const dsl = pathToFileURL(join(root, 'src/scenario-entry.ts')).href;
    writeFileSync(
      join(dir, 'bad.ts'),
      `import { defineScenario } from '${dsl}';\nexport default defineScenario({ name: 'bad', title: 'b', about: 'a', regions: [] }, async () => {});\n`,
    );
    const result = spawnSync(join(root, 'node_modules/.bin/tsx'), ['bad.ts'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `${join(dir, 'bad.ts')}:2:16: invalid scenario "bad": at least one region is required\n`,
    );
  });
});

describe('progress of a long chaos run', () => {
  const stats = (virtualMs: number): ChaosStats => ({
    virtualMs,
    events: 123_456,
    messagesDelivered: 0,
    messagesLost: 0,
    faults: { crash: 3, partition: 2 } as unknown as ChaosStats['faults'],
    writes: { sent: 0, acked: 0, failed: 0 },
    aclWrites: { sent: 0, acked: 0, failed: 0 },
    leaders: 1,
    replicatedCopiesChecked: 0,
    workloads: {},
    bootstraps: 0,
    votesChecked: 0,
  });

  it('says how far the run is', () => {
    expect(formatProgress(stats(750_500), 10_800_000)).toBe(
      'chaos: 12m30s of 3h virtual (6%), 123456 events, 5 faults, no violation so far',
    );
  });

  it('rewrites one stderr line on a terminal, clears it at the end, and prints nothing elsewhere', () => {
    const written: string[] = [];
    const terminal = {
      isTTY: true,
      write: (text: string) => written.push(text),
    } as unknown as NodeJS.WriteStream;
    const progress = chaosProgress(terminal, 60_000);
    progress?.update(stats(30_000));
    progress?.update(stats(31_000)); // within a quarter of a wall second of the first: skipped
    progress?.finish();
    expect(written).toEqual([
      '\r\x1b[2Kchaos: 30s of 1m virtual (50%), 123456 events, 5 faults, no violation so far',
      '\r\x1b[2K',
    ]);
    expect(chaosProgress({ isTTY: false } as unknown as NodeJS.WriteStream, 60_000)).toBeNull();
  });
});
