/**
 * A failing chaos run shrinks its fault schedule (issue 13 §4, issue 16 §1): a run records the
 * faults it strikes as a schedule, and that schedule replayed gives the same run byte for byte
 * (every kind of fault, armed and compound ones included); the schedule's text form (`--faults`)
 * reads back to the same faults and names what is wrong with bad input; real failures found with
 * the seeded bugs shrink to no more faults and no longer a duration, and the shrunk run breaks the
 * same property; the scenario written for it, run as a real process with tsx and with
 * `nomad-sim run`, exits 1 with the violation; and `nomad-sim chaos` prints the shrinking and the
 * scenario's path (nothing of that with `--no-shrink`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChaos, type ChaosResult, type RunChaosOptions } from '../src/program/chaos.js';
import { shrinkChaosRun } from '../src/program/chaos-shrink.js';
import { parseChaosArgs } from '../src/program/chaos-args.js';
import { writeChaosScenario } from '../src/program/chaos-scenario-file.js';
import { CHAOS_FAULT_KINDS } from '../src/check/chaos-mix.js';
import { replayPart, scheduleProblem } from '../src/check/chaos-schedule.js';
import { formatFaultSchedule, parseFaultSchedule } from '../src/check/chaos-schedule-text.js';
import type { SeededBugName } from '../src/sim/seeded-bugs.js';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules/.bin/tsx');
const bin = join(root, 'bin/nomad-sim.js');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-shrink-'));
  dirs.push(dir);
  return dir;
}

const AGGRESSIVE: RunChaosOptions = {
  seed: 2,
  regions: 'global:3,europe:1,asia:3',
  durationMs: 120_000,
  faultMix: 'aggressive',
  workloads: ['kv', 'acl', 'bootstrap', 'expiry', 'churn', 'blocking'],
};

type Failed = ChaosResult & { ok: false };

async function failing(options: RunChaosOptions): Promise<Failed> {
  const result = await runChaos(options);
  if (result.ok) throw new Error(`expected seed ${options.seed} to fail`);
  return result;
}

describe('a recorded schedule', () => {
  it('replays its run byte for byte: the default mix on three regions, every aggressive kind, a failure', async () => {
    const cases: RunChaosOptions[] = [
      { seed: 4, regions: 'global:3,europe:3,asia:3', durationMs: 90_000 },
      AGGRESSIVE,
      { seed: 3, regions: 'global:5', durationMs: 60_000, bugs: ['skipLogUpToDateCheck'] },
    ];
    const kinds = new Set<string>();
    for (const options of cases) {
      const recorded = await runChaos({ ...options, keepTrace: true });
      const replayed = await runChaos({ ...options, keepTrace: true, faults: recorded.schedule });
      expect(replayed.trace).toBe(recorded.trace);
      expect(replayed.ok).toBe(recorded.ok);
      expect(replayed.stats.events).toBe(recorded.stats.events);
      expect(recorded.schedule.length).toBeGreaterThan(0);
      // Counted as struck, whether or not a fault found something to strike.
      expect(recorded.schedule.length).toBe(
        Object.values(recorded.stats.faults).reduce((a, b) => a + b, 0),
      );
      for (const fault of recorded.schedule) kinds.add(fault.kind);
    }
    expect([...kinds].sort()).toEqual([...CHAOS_FAULT_KINDS].sort());
  });

  it('reads back from its text (--faults), and a bad schedule is one clear line', async () => {
    const { schedule } = await runChaos(AGGRESSIVE);
    const text = formatFaultSchedule(schedule);
    expect(parseFaultSchedule(text)).toEqual(schedule.map(replayPart));
    expect(formatFaultSchedule(parseFaultSchedule(text) as typeof schedule)).toBe(text);
    const regions = [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 1 },
    ];
    const problem = (line: string) => {
      const parsed = parseFaultSchedule(line);
      return typeof parsed === 'string'
        ? parsed
        : scheduleProblem(parsed, regions, CHAOS_FAULT_KINDS);
    };
    expect(
      problem(
        'crash@1s server=global/server-2 for=5s; splitRegions@2s regions=global|europe for=1s',
      ),
    ).toBeNull();
    expect(problem('')).toBeNull();
    expect(problem('crash server=global/server-1')).toMatch(
      /^fault 1 \("crash server=global\/server-1"\): expected KIND@TIME first/,
    );
    expect(problem('crash@1s server=global/server-9')).toBe(
      'fault 1 (crash): unknown server "global/server-9"; servers are named like global/server-1',
    );
    expect(problem('crash@5s server=global/server-1; healAll@2s')).toBe(
      'fault 2 (healAll) at 2000 ms comes before the fault ahead of it (5000 ms): list faults in time order',
    );
    expect(problem('isolate@1s server=global/server-1')).toBe('fault 1 (isolate): missing forMs');
    expect(problem('meteor@1s')).toMatch(
      /^fault 1: unknown kind "meteor"; expected one of crash, /,
    );
    expect(problem('loss@1s rate=2 for=1s')).toBe(
      'fault 1 (loss): rate must be a number between 0 and 1',
    );
    expect(problem('crash@1s server=global/server-1 rate=0.1')).toBe(
      'fault 1 (crash): unexpected field rate',
    );
    expect(problem('crash@1s colour=red')).toMatch(
      /^fault 1 \("crash@1s colour=red"\): "colour=red" is not one of server=, region=/,
    );
    // The command line takes it, checked against the run's regions.
    expect(
      parseChaosArgs([
        '--seed',
        '1',
        '--regions',
        'global:3',
        '--duration',
        '1m',
        '--faults',
        'crash@1s server=europe/server-1',
      ]),
    ).toEqual({
      error:
        'invalid --faults: fault 1 (crash): unknown server "europe/server-1"; servers are named like global/server-1',
    });
  });
});

/** Failures the seeded bugs give within a few virtual minutes, and what must shrink. */
const FAILURES: ReadonlyArray<{ bug: SeededBugName; run: RunChaosOptions; fewer: boolean }> = [
  {
    bug: 'voteBeforePersist',
    run: { seed: 1, regions: 'global:3', durationMs: 120_000, faultMix: 'aggressive' },
    fewer: true,
  },
  {
    bug: 'skipCheckQuorum',
    run: { seed: 1, regions: 'global:3', durationMs: 120_000 },
    fewer: true,
  },
  {
    bug: 'expiredTokenStillValid',
    run: { seed: 1, regions: 'global:3', durationMs: 200_000, workloads: ['expiry'] },
    fewer: true,
  },
  {
    bug: 'skipLogUpToDateCheck',
    run: { seed: 3, regions: 'global:5', durationMs: 60_000 },
    fewer: false,
  },
];

describe('shrinking real failures', () => {
  for (const { bug, run, fewer } of FAILURES) {
    it(`${bug}: no more faults, no longer a run, and the same property broken`, async () => {
      const options = { ...run, bugs: [bug] };
      const failed = await failing(options);
      const outcome = await shrinkChaosRun(options, failed, { maxRuns: 150 });
      expect(outcome.reproduced).toBe(true);
      expect(outcome.runs).toBeLessThanOrEqual(150);
      expect(outcome.faultsBefore).toBe(failed.schedule.length);
      expect(outcome.faults.length).toBeLessThanOrEqual(outcome.faultsBefore);
      if (fewer) expect(outcome.faults.length).toBeLessThan(outcome.faultsBefore);
      expect(outcome.durationMs).toBeLessThanOrEqual(run.durationMs);
      expect(outcome.result.violation.property).toBe(failed.violation.property);
      // The shrunk run is a run: replayed it breaks the same property at the same moment.
      const again = await runChaos({
        ...options,
        durationMs: outcome.durationMs,
        faults: outcome.faults,
      });
      expect(again.ok ? 'passed' : again.violation).toEqual(outcome.result.violation);
      // Deterministic: the same failure shrinks to the same run.
      const twice = await shrinkChaosRun(options, failed, { maxRuns: 150 });
      expect(formatFaultSchedule(twice.faults)).toBe(formatFaultSchedule(outcome.faults));
    });
  }

  it('stops after the runs it is given, with a run that was seen to fail', async () => {
    const options: RunChaosOptions = {
      ...AGGRESSIVE,
      seed: 1,
      regions: 'global:3',
      workloads: ['kv'],
      bugs: ['voteBeforePersist'],
    };
    const failed = await failing(options);
    const outcome = await shrinkChaosRun(options, failed, { maxRuns: 3 });
    expect(outcome.runs).toBe(3);
    expect(outcome.reproduced).toBe(true);
    const again = await runChaos({
      ...options,
      durationMs: outcome.durationMs,
      faults: outcome.faults,
    });
    expect(again.ok ? 'passed' : again.violation.property).toBe(failed.violation.property);
  });
});

describe('the shrunk run as a scenario file', () => {
  it('runs as a real process with tsx and with nomad-sim run: exit 1 and the violation', async () => {
    const options: RunChaosOptions = {
      seed: 1,
      regions: 'global:3',
      durationMs: 120_000,
      faultMix: 'aggressive',
      bugs: ['voteBeforePersist'],
    };
    const failed = await failing(options);
    const outcome = await shrinkChaosRun(options, failed, { maxRuns: 150 });
    const dir = tempDir();
    const file = join(dir, 'vote-before-persist.ts');
    const parsed = parseChaosArgs([
      '--seed',
      '1',
      '--regions',
      'global:3',
      '--duration',
      '2m',
      '--fault-mix',
      'aggressive',
      '--bug',
      'voteBeforePersist',
    ]);
    if ('error' in parsed) throw new Error(parsed.error);
    writeChaosScenario(file, {
      original: parsed,
      faultsBefore: outcome.faultsBefore,
      durationMs: outcome.durationMs,
      faults: outcome.faults,
      violation: outcome.result.violation,
      runs: outcome.runs,
    });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain("import { defineChaosScenario } from '");
    expect(text).toContain(`faultMix: 'aggressive',`);
    const { violation } = outcome.result;
    const viaTsx = spawnSync(tsx, ['vote-before-persist.ts'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(viaTsx.stderr).toBe('');
    expect(viaTsx.status).toBe(1);
    expect(viaTsx.stdout).toContain(
      `chaos: VIOLATION of ${violation.property} at t=${violation.time} ms`,
    );
    expect(viaTsx.stdout).toContain(
      `SCENARIO FAILED: VIOLATION of ${violation.property} at t=${violation.time} ms: ${violation.detail}`,
    );
    expect(viaTsx.stdout).toMatch(/\nreplay: npx tsx vote-before-persist\.ts --seed 1\n$/);
    // Each fault is printed at its virtual time.
    for (const fault of outcome.faults) {
      const seconds = Math.floor(fault.atMs / 1000) % 60;
      expect(viaTsx.stdout).toContain(
        `:${String(seconds).padStart(2, '0')}.${String(fault.atMs % 1000).padStart(3, '0')}] ${fault.kind}`,
      );
    }
    const viaRun = spawnSync(process.execPath, [bin, 'run', file], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(viaRun.status).toBe(1);
    expect(viaRun.stdout).toContain(
      `SCENARIO FAILED: VIOLATION of ${violation.property} at t=${violation.time} ms`,
    );
  }, 120_000);
});

describe('nomad-sim chaos on a failure', () => {
  it('prints the shrinking after the report and writes the scenario: the README example, exactly', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'examples'));
    const argv = [
      'chaos',
      '--seed',
      '1',
      '--regions',
      'global:3',
      '--duration',
      '2m',
      '--fault-mix',
      'aggressive',
      '--bug',
      'voteBeforePersist',
      '--shrink-out',
      'examples/chaos-seed-1.ts',
    ];
    const result = spawnSync(process.execPath, [bin, ...argv], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    const replayAt = lines.findIndex((line) =>
      line.startsWith('replay: npx nomad-sim chaos --seed 1 '),
    );
    expect(lines[0]).toMatch(/^chaos: VIOLATION of election safety at t=\d+ ms$/);
    expect(lines[replayAt]).toBe(
      'replay: npx nomad-sim chaos --seed 1 --regions global:3 --duration 2m --fault-mix aggressive --bug voteBeforePersist',
    );
    const shrinking = lines.slice(replayAt + 1);
    expect(shrinking[0]).toMatch(
      /^shrunk with fast-check \(\d+ runs\): \d+ faults over 2m -> \d+ faults over [\dhms]+, still "election safety" \(at t=\d+ ms\)$/,
    );
    const [, before, after] = /(\d+) faults over 2m -> (\d+) faults/.exec(shrinking[0] ?? '') ?? [];
    expect(Number(after)).toBeLessThan(Number(before));
    expect(shrinking[1]).toMatch(
      /^ {2}replay: npx nomad-sim chaos --seed 1 --regions global:3 --duration [\dhms]+ --fault-mix aggressive --bug voteBeforePersist --faults '[^']+'$/,
    );
    expect(shrinking[2]).toBe(
      '  scenario: examples/chaos-seed-1.ts (npx tsx examples/chaos-seed-1.ts, or npx nomad-sim run examples/chaos-seed-1.ts, replays it)',
    );
    expect(shrinking).toHaveLength(3);
    // The README shows these lines, and the file, which is examples/chaos-seed-1.ts in this repository.
    expect(readme).toContain(`\`\`\`console\n${shrinking.join('\n')}\n\`\`\`\n`);
    const written = readFileSync(join(dir, 'examples/chaos-seed-1.ts'), 'utf8').replace(
      /^import \{ defineChaosScenario \} from '[^']+';$/m,
      "import { defineChaosScenario } from '../src/scenario-entry.js';",
    );
    expect(written).toBe(readFileSync(join(root, 'examples/chaos-seed-1.ts'), 'utf8'));
    expect(readme).toContain(`\`\`\`ts\n${written.split(' */\n')[1]}\`\`\`\n`);

    // The shrunk command (its --faults as one word), not shrunk again: the same violation.
    const command = /^ {2}replay: npx nomad-sim (.*) --faults '([^']+)'$/.exec(
      shrinking[1] ?? '',
    ) as RegExpExecArray;
    const again = spawnSync(
      process.execPath,
      [bin, ...(command[1] as string).split(' '), '--faults', command[2] as string, '--no-shrink'],
      { cwd: dir, encoding: 'utf8', timeout: 60_000 },
    );
    expect(again.status).toBe(1);
    const time = /^chaos: VIOLATION of election safety at t=(\d+) ms$/.exec(
      again.stdout.split('\n')[0] ?? '',
    )?.[1];
    expect(shrinking[0]).toContain(`still "election safety" (at t=${time} ms)`);
    expect(again.stdout).not.toContain('shrunk');

    // The example in the repository replays it.
    const example = spawnSync(tsx, ['examples/chaos-seed-1.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(example.status).toBe(1);
    expect(example.stdout).toContain(
      `SCENARIO FAILED: VIOLATION of election safety at t=${time} ms: `,
    );
  }, 240_000);

  it('writes chaos-seed-N.ts by default, reports a file it cannot write in one line, and --no-shrink does neither', () => {
    const dir = tempDir();
    const argv = [
      'chaos',
      '--seed',
      '3',
      '--regions',
      'global:5',
      '--duration',
      '1m',
      '--bug',
      'skipLogUpToDateCheck',
    ];
    const run = (...extra: string[]) =>
      spawnSync(process.execPath, [bin, ...argv, ...extra], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const plain = run('--no-shrink');
    expect(plain.status).toBe(1);
    expect(plain.stdout.trimEnd().split('\n').pop()).toBe(
      'replay: npx nomad-sim chaos --seed 3 --regions global:5 --duration 1m --bug skipLogUpToDateCheck',
    );
    expect(existsSync(join(dir, 'chaos-seed-3.ts'))).toBe(false);
    const shrunk = run('--shrink-runs', '2');
    expect(shrunk.status).toBe(1);
    expect(shrunk.stdout).toMatch(
      /\nshrunk with fast-check \(2 runs\): 2 faults over 1m -> 2 faults over 26s, /,
    );
    expect(shrunk.stdout.trimEnd().split('\n').pop()).toBe(
      '  scenario: chaos-seed-3.ts (npx tsx chaos-seed-3.ts, or npx nomad-sim run chaos-seed-3.ts, replays it)',
    );
    expect(readFileSync(join(dir, 'chaos-seed-3.ts'), 'utf8')).toContain("name: 'chaos-seed-3',");
    const nowhere = run('--shrink-runs', '1', '--shrink-out', 'no/such/folder/x.ts');
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toBe(
      `nomad-sim chaos: cannot write the scenario no/such/folder/x.ts: the folder ${join(dir, 'no/such/folder')} does not exist\n`,
    );
  }, 120_000);
});
