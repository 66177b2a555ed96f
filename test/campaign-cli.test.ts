/**
 * `nomad-sim campaign` as a user runs it, worker threads and all: the result lines do not depend
 * on the number of workers, two shards merged give the lines and the summary of one unsharded run,
 * failing seeds are shrunk and their replay scripts and scenario files reproduce the failure, `--resume` skips what
 * is done (and cuts off a line a killed run left unfinished), Ctrl-C stops cleanly and keeps the
 * results, and bad input is one clear message with exit code 2.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deterministicPart, parseRecord, type SeedRecord } from '../src/program/campaign-record.js';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin/nomad-sim.js');

function nomadSim(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function records(path: string): SeedRecord[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => {
      const record = parseRecord(line);
      if (typeof record === 'string') throw new Error(`${path}: ${record}: ${line}`);
      return record;
    });
}

/** The lines without wall times, sorted by seed. */
function comparable(list: SeedRecord[]): string[] {
  return [...list].sort((a, b) => a.seed - b.seed).map(deterministicPart);
}

/** Seeds 3 and 6 break Raft's election restriction within a minute with this Raft bug (seeds 1, 2, 4, 5 pass). */
const BUGGY = ['--regions', 'global:5', '--duration', '1m', '--bug', 'skipLogUpToDateCheck'];

describe('nomad-sim campaign', () => {
  it('gives the same results on 1 or 2 workers, and two shards merged equal one unsharded run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'campaign-'));
    const whole = nomadSim(
      'campaign',
      '--seeds',
      '1..6',
      ...BUGGY,
      '--workers',
      '2',
      '--out',
      join(dir, 'all.jsonl'),
    );
    expect(whole.code).toBe(1);
    expect(whole.stderr).toBe(''); // no progress bar when stderr is not a terminal
    const all = records(join(dir, 'all.jsonl'));
    expect(all.map((r) => r.seed).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      all
        .filter((r) => r.verdict === 'fail')
        .map((r) => r.seed)
        .sort(),
    ).toEqual([3, 6]);
    for (const r of all) {
      expect(r.replay).toBe(
        `npx nomad-sim chaos --seed ${r.seed} --regions global:5 --duration 1m --bug skipLogUpToDateCheck`,
      );
      expect(r.shape).toBe('global:5');
      expect(r.events).toBeGreaterThan(0);
    }

    const first = nomadSim(
      'campaign',
      '--seeds',
      '1..6',
      ...BUGGY,
      '--workers',
      '1',
      '--shard',
      '1/2',
      '--out',
      join(dir, 'shard-1.jsonl'),
    );
    const second = nomadSim(
      'campaign',
      '--seeds',
      '1..6',
      ...BUGGY,
      '--workers',
      '1',
      '--shard',
      '2/2',
      '--out',
      join(dir, 'shard-2.jsonl'),
    );
    expect([first.code, second.code]).toEqual([1, 1]);
    expect(first.stdout).toContain('this run       3 seeds (shard 1/2 of 1..6)');
    expect(
      records(join(dir, 'shard-1.jsonl'))
        .map((r) => r.seed)
        .sort(),
    ).toEqual([1, 3, 5]);
    const shards = [...records(join(dir, 'shard-1.jsonl')), ...records(join(dir, 'shard-2.jsonl'))];
    expect(comparable(shards)).toEqual(comparable(all));

    // The merged summary is the unsharded run's, line for line up to the wall time.
    const merged = nomadSim(
      'campaign',
      'merge',
      join(dir, 'shard-1.jsonl'),
      join(dir, 'shard-2.jsonl'),
    );
    expect(merged.code).toBe(1);
    const summaryPart = (text: string) => text.slice(0, text.indexOf('  wall time'));
    expect(summaryPart(merged.stdout)).toBe(summaryPart(whole.stdout));
    expect(summaryPart(merged.stdout)).toContain(
      'campaign: 6 seeds, 4 passed, 2 failed\n  chaos          --regions global:5 --duration 1m --bug skipLogUpToDateCheck\n  seeds          1..6, none missing',
    );
    const mergedJson = JSON.parse(
      nomadSim(
        'campaign',
        'merge',
        join(dir, 'shard-2.jsonl'),
        join(dir, 'shard-1.jsonl'),
        '--json',
      ).stdout,
    ) as Record<string, unknown>;
    const wholeJson = JSON.parse(
      nomadSim('campaign', 'merge', join(dir, 'all.jsonl'), '--json').stdout,
    ) as Record<string, unknown>;
    expect({ ...mergedJson, wallMs: 0 }).toEqual({ ...wholeJson, wallMs: 0 });

    // Each failure is shrunk, and its replay script shows the violation again.
    const failed = all.find((r) => r.seed === 3) as SeedRecord;
    expect(failed.shrunk?.durationMs).toBeLessThan(60_000);
    expect(whole.stdout).toContain(`    replay: ${failed.shrunk?.replay}`);
    const script = join(dir, 'all.failures', 'seed-3.sh');
    expect(statSync(script).mode & 0o111).not.toBe(0);
    expect(existsSync(join(dir, 'all.failures', 'seed-1.sh'))).toBe(false);
    const replay = spawnSync('sh', [script], { cwd: root, encoding: 'utf8' });
    expect(replay.status).toBe(1);
    expect(replay.stdout).toContain(
      `chaos: VIOLATION of ${failed.violations[0]?.property} at t=${failed.shrunk?.violation.time} ms`,
    );
    expect(failed.violations[0]?.property).toBe('election restriction');
    // Its fault schedule was shrunk, and the shrunk run is a scenario beside the results that fails the same way.
    expect(failed.shrunk?.schedule?.length).toBeLessThanOrEqual(failed.shrunk?.faultsBefore ?? -1);
    expect(whole.stdout).toContain(
      `  seed 3: election restriction at t=${failed.violations[0]?.time} ms (${failed.shrunk?.faultsBefore} faults, shrunk to ${failed.shrunk?.schedule?.length})`,
    );
    expect(whole.stdout).toContain(`all.failures/seed-N.ts (npx tsx)`);
    const scenario = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [join(dir, 'all.failures', 'seed-3.ts')],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(scenario.status).toBe(1);
    expect(scenario.stdout).toContain(
      `SCENARIO FAILED: VIOLATION of election restriction at t=${failed.shrunk?.violation.time} ms`,
    );

    // A passing seed's replay command is the same run as the campaign's (every chaos flag got through).
    const passed = all.find((r) => r.seed === 1) as SeedRecord;
    const chaos = nomadSim(...(passed.replay.split(' ').slice(2) as string[]));
    expect(chaos.code).toBe(0);
    expect(chaos.stdout).toContain(
      `virtual time   ${(passed.virtualMs / 1000).toFixed(1)} s (${passed.events} events,`,
    );
  }, 240_000);

  it('--resume skips the seeds already in the file and cuts off an unfinished last line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'campaign-'));
    const out = join(dir, 'r.jsonl');
    const quick = ['--regions', 'global:3', '--duration', '20s', '--workers', '1', '--out', out];
    expect(nomadSim('campaign', '--seeds', '1..3', ...quick).code).toBe(0);
    const again = nomadSim('campaign', '--seeds', '1..5', ...quick);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `nomad-sim campaign: ${out} already holds results: add --resume to continue that campaign, or choose another --out\n`,
    );
    appendFileSync(out, '{"seed":4,"shape":"glo'); // what a killed run leaves
    const resumed = nomadSim('campaign', '--seeds', '1..5', ...quick, '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('its last line was unfinished');
    expect(resumed.stdout).toContain('  this run       2 seeds (1..5)');
    expect(resumed.stdout).toContain('  resumed        3 seeds were already in');
    expect(records(out).map((r) => r.seed)).toEqual([1, 2, 3, 4, 5]);
    const other = nomadSim(
      'campaign',
      '--seeds',
      '1..5',
      '--regions',
      'global:5',
      '--duration',
      '20s',
      '--out',
      out,
      '--resume',
    );
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /holds another campaign \(--regions global:3 --duration 20s\) than this one \(--regions global:5 --duration 20s\)/,
    );
  }, 120_000);

  it('stops cleanly on Ctrl-C, keeps every finished seed, and --resume goes on from there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'campaign-'));
    const out = join(dir, 's.jsonl');
    const args = ['--regions', 'global:3', '--duration', '2m', '--workers', '2', '--out', out];
    const child = spawn(process.execPath, [bin, 'campaign', '--seeds', '1..500', ...args], {
      cwd: root,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    for (
      let i = 0;
      i < 600 && !(existsSync(out) && readFileSync(out, 'utf8').split('\n').length > 3);
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe(
      'nomad-sim campaign: stopping: finishing the seeds in flight (Ctrl-C again to stop at once)\n',
    );
    const kept = records(out);
    const done = kept.length;
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(500);
    expect(kept.map((r) => r.seed).sort((a, b) => a - b)).toEqual(
      Array.from({ length: done }, (_, i) => i + 1),
    );
    expect(stdout).toContain(
      `  stopped        by a signal (Ctrl-C); ${500 - done} seeds not run: run again with --resume to finish`,
    );
    const resumed = nomadSim('campaign', '--seeds', `1..${done + 2}`, ...args, '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`  this run       2 seeds (1..${done + 2})`);
    expect(
      records(out)
        .map((r) => r.seed)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: done + 2 }, (_, i) => i + 1));
  }, 120_000);

  it('answers bad input with one message and exit code 2', () => {
    const usage = nomadSim(
      'campaign',
      '--seeds',
      '1..5',
      '--regions',
      'global:3',
      '--duration',
      '1m',
      '--shard',
      '0/2',
    );
    expect(usage.code).toBe(2);
    expect(usage.stderr.split('\n')[0]).toBe(
      'nomad-sim campaign: invalid --shard "0/2": I must be between 1 and 2 (shards count from 1)',
    );
    expect(usage.stderr).toContain('Usage: nomad-sim campaign');
    const dir = mkdtempSync(join(tmpdir(), 'campaign-'));
    writeFileSync(join(dir, 'bad.jsonl'), '{"seed":1}\n');
    const merge = nomadSim('campaign', 'merge', join(dir, 'bad.jsonl'));
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(
      new RegExp(
        `^nomad-sim campaign merge: ${join(dir, 'bad.jsonl')}:1 is not a campaign result: "shape" is not a string, `,
      ),
    );
    const missing = nomadSim('campaign', 'merge', join(dir, 'none.jsonl'));
    expect(missing.stderr).toBe(
      `nomad-sim campaign merge: cannot read ${join(dir, 'none.jsonl')}: no such file or directory (ENOENT)\n`,
    );
    const noFolder = nomadSim(
      'campaign',
      '--seeds',
      '1',
      '--regions',
      'global:1',
      '--duration',
      '1s',
      '--out',
      join(dir, 'no', 'r.jsonl'),
    );
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toBe(
      `nomad-sim campaign: cannot write the results to ${join(dir, 'no', 'r.jsonl')}: the folder ${join(dir, 'no')} does not exist\n`,
    );
    expect(nomadSim('campaign', '--help').stdout).toMatch(/^Usage: nomad-sim campaign/);
    expect(nomadSim('--help').stdout).toContain('campaign --seeds A..B');
  }, 60_000);
});
