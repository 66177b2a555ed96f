/**
 * The pieces of `nomad-sim campaign` that need no worker threads: the seed range and its shards
 * (every seed in exactly one shard), the arguments (campaign flags, chaos flags passed on, bad
 * input named), result lines (round trip, bad lines refused, the campaign a line belongs to, lines
 * from before schedules were shrunk), combining lines (duplicates, other campaigns), the summary,
 * the progress line and the replay script. A worker's own function runs one real seed here too,
 * and shrinks its failure (the shrinking itself is tested in chaos-shrink.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSeedRange, parseShard, seedsOfShard } from '../src/program/campaign-seeds.js';
import { parseCampaignArgs } from '../src/program/campaign-args.js';
import {
  chaosFlagsOf,
  deterministicPart,
  formatRecord,
  parseRecord,
  type SeedRecord,
} from '../src/program/campaign-record.js';
import { combineResults } from '../src/program/campaign-merge.js';
import { formatSummary, summarise } from '../src/program/campaign-summary.js';
import { formatProgress } from '../src/program/campaign-progress.js';
import { replayScript } from '../src/program/campaign-replay-script.js';
import { runCampaignSeed } from '../src/program/campaign-worker.js';
import { parseChaosArgs, type ChaosOptions } from '../src/program/chaos-args.js';
import { runChaos } from '../src/program/chaos.js';
import { formatFaultSchedule } from '../src/check/chaos-schedule-text.js';

describe('seeds and shards', () => {
  it('parses ranges and shards, and names what is wrong', () => {
    expect(parseSeedRange('1..10000')).toEqual({ from: 1, to: 10_000 });
    expect(parseSeedRange('42')).toEqual({ from: 42, to: 42 });
    expect(parseSeedRange('-5..5')).toEqual({ from: -5, to: 5 });
    expect(parseSeedRange('10..1')).toMatch(/the range is empty/);
    expect(parseSeedRange('1-10')).toMatch(/expected a range such as 1\.\.10000/);
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('0/4')).toMatch(/I must be between 1 and 4 \(shards count from 1\)/);
    expect(parseShard('5/4')).toMatch(/I must be between 1 and 4/);
    expect(parseShard('1/0')).toMatch(/N must be at least 1/);
    expect(parseShard('a/b')).toMatch(/expected I\/N/);
  });

  it('N shards run every seed of the range exactly once, and each its own fixed seeds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50, max: 50 }),
        fc.nat(300),
        fc.integer({ min: 1, max: 12 }),
        (from, extra, count) => {
          const range = { from, to: from + extra };
          const seen: number[] = [];
          for (let index = 1; index <= count; index++) {
            const share = seedsOfShard(range, { index, count });
            const seeds = [...share.seeds()];
            expect(seeds.length).toBe(share.count);
            expect([...share.seeds()]).toEqual(seeds); // the same every time
            seen.push(...seeds);
          }
          expect(seen.sort((a, b) => a - b)).toEqual(
            Array.from({ length: extra + 1 }, (_, i) => from + i),
          );
          const sizes = Array.from(
            { length: count },
            (_, i) => seedsOfShard(range, { index: i + 1, count }).count,
          );
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1); // balanced
        },
      ),
    );
    expect([...seedsOfShard({ from: 1, to: 10 }, { index: 2, count: 3 }).seeds()]).toEqual([
      2, 5, 8,
    ]);
    expect([...seedsOfShard({ from: 1, to: 2 }, { index: 3, count: 3 }).seeds()]).toEqual([]);
  });
});

describe('arguments', () => {
  it('keeps its own flags and passes every other flag on to chaos', () => {
    const parsed = parseCampaignArgs([
      '--seeds',
      '1..100',
      '--regions',
      'global:3,europe:3',
      '--duration=10m',
      '--workers',
      '2',
      '--shard',
      '1/4',
      '--out',
      'r.jsonl',
      '--resume',
      '--json',
      '--bug',
      'voteBeforePersist',
      '--stop-after-failures',
      '3',
    ]);
    expect(parsed).toEqual({
      command: 'run',
      options: {
        seeds: { from: 1, to: 100 },
        shard: { index: 1, count: 4 },
        workers: 2,
        out: 'r.jsonl',
        stopAfterFailures: 3,
        resume: true,
        json: true,
        chaosArgv: [
          '--regions',
          'global:3,europe:3',
          '--duration=10m',
          '--bug',
          'voteBeforePersist',
        ],
      },
    });
    const defaults = parseCampaignArgs([
      '--seeds',
      '7',
      '--regions',
      'global:5',
      '--duration',
      '1m',
    ]);
    expect(defaults).toMatchObject({
      options: {
        workers: 'auto',
        shard: null,
        out: null,
        resume: false,
        json: false,
        stopAfterFailures: null,
      },
    });
    expect(parseCampaignArgs(['merge', 'a.jsonl', 'b.jsonl', '--json'])).toEqual({
      command: 'merge',
      files: ['a.jsonl', 'b.jsonl'],
      json: true,
    });
  });

  it('refuses bad input with one message naming the flag', () => {
    const error = (...argv: string[]) => (parseCampaignArgs(argv) as { error?: string }).error;
    const base = ['--regions', 'global:3', '--duration', '1m'];
    expect(error(...base)).toMatch(/missing --seeds/);
    expect(error('--seeds', '1..5', '--regions', 'global:3')).toMatch(/missing --duration/);
    expect(error('--seeds', '1..5', ...base, '--workers', '0')).toMatch(/invalid --workers "0"/);
    expect(error('--seeds', '1..5', ...base, '--shard', '3/2')).toMatch(/invalid --shard "3\/2"/);
    expect(error('--seeds', '1..5', ...base, '--resume')).toMatch(/--resume needs --out FILE/);
    expect(error('--seeds', '1..5', ...base, '--stop-after-failures', '0')).toMatch(
      /invalid --stop-after-failures "0"/,
    );
    expect(error('--seed', '5', ...base)).toMatch(/use --seeds A\.\.B/);
    expect(error('--seeds', '1..5', ...base, '--trace', 't.jsonl')).toMatch(
      /a campaign writes no traces/,
    );
    expect(error('--seeds', '1..5', ...base, '--faults', 'healAll@1s')).toMatch(
      /a campaign draws each seed's faults from the seed/,
    );
    expect(error('--seeds', '1..5', ...base, '--shrink-out', 'x.ts')).toMatch(
      /writes each failed seed's shrunk run beside its results/,
    );
    expect(error('--seeds', '1..5', ...base, '--bogus', 'x')).toBe('unknown flag "--bogus"'); // chaos's own word
    expect(error('--seeds', '1..5', '--regions', 'global:0', '--duration', '1m')).toMatch(
      /region global needs 1 to 9 servers/,
    );
    expect(error('--seeds', '1..5', ...base, '--json=yes')).toMatch(/--json takes no value/);
    expect(error('merge')).toMatch(/merge needs result files/);
  });
});

const pass: SeedRecord = {
  seed: 2,
  shape: 'global:3',
  verdict: 'pass',
  violations: [],
  faults: { crash: 1, partition: 2 },
  virtualMs: 61_000,
  events: 5_000,
  wallMs: 400,
  replay: 'npx nomad-sim chaos --seed 2 --regions global:3 --duration 1m',
};
const fail: SeedRecord = {
  ...pass,
  seed: 5,
  verdict: 'fail',
  violations: [
    { property: 'leader completeness', detail: 'server-2 lacks entry 59', time: 26_809 },
  ],
  faults: { crash: 0, partition: 1 },
  replay: 'npx nomad-sim chaos --seed 5 --regions global:3 --duration 1m',
  shrunk: {
    duration: '22s',
    durationMs: 22_000,
    violation: { property: 'leader completeness', detail: 'server-2 lacks entry 59', time: 26_809 },
    faults: { crash: 0, partition: 1 },
    replay: 'npx nomad-sim chaos --seed 5 --regions global:3 --duration 22s',
    attempts: 6,
    wallMs: 300,
  },
};

describe('result lines', () => {
  it('round-trip, and name the campaign they belong to', () => {
    for (const record of [pass, fail]) expect(parseRecord(formatRecord(record))).toEqual(record);
    expect(chaosFlagsOf(fail)).toBe('--regions global:3 --duration 1m');
    expect(
      chaosFlagsOf({
        replay: 'npx nomad-sim chaos --seed -4 --regions g:1 --duration 5s --bug voteBeforePersist',
      }),
    ).toBe('--regions g:1 --duration 5s --bug voteBeforePersist');
    expect(
      deterministicPart({
        ...fail,
        wallMs: 1,
        shrunk: { ...(fail.shrunk as NonNullable<SeedRecord['shrunk']>), wallMs: 9 },
      }),
    ).toBe(deterministicPart(fail));
    expect(deterministicPart({ ...fail, events: 1 })).not.toBe(deterministicPart(fail));
  });

  it('refuses lines that are not results', () => {
    expect(parseRecord('{')).toBe('not JSON');
    expect(parseRecord('[1]')).toBe('not a JSON object');
    expect(parseRecord(JSON.stringify({ ...pass, verdict: 'maybe', events: -1 }))).toBe(
      '"verdict" is not pass, fail or error, "events" is not a whole number',
    );
    expect(parseRecord(JSON.stringify({ ...pass, replay: 'rm -rf /' }))).toBe(
      '"replay" is not a chaos replay command',
    );
  });

  it('combine each seed once, and refuse another campaign or two different results for a seed', () => {
    const at = (record: SeedRecord, where: string) => ({ record, where });
    expect(
      combineResults([at(fail, 'a:1'), at(pass, 'b:1'), at({ ...pass, wallMs: 999 }, 'b:2')]),
    ).toEqual({ records: [pass, fail] });
    const other = {
      ...pass,
      seed: 3,
      replay: 'npx nomad-sim chaos --seed 3 --regions global:5 --duration 1m',
    };
    expect(combineResults([at(pass, 'a:1'), at(other, 'a:2')])).toEqual({
      error:
        'a:2 ran another campaign (--regions global:5 --duration 1m) than a:1 (--regions global:3 --duration 1m)',
    });
    expect(
      (combineResults([at(pass, 'a:1'), at({ ...pass, events: 1 }, 'b:7')]) as { error: string })
        .error,
    ).toMatch(/^seed 2 has two different results, a:1 and b:7/);
  });
});

describe('summary, progress, replay script', () => {
  it('summarises the results whatever their order', () => {
    const summary = summarise([fail, pass, { ...pass, seed: 4 }]);
    expect(summarise([pass, { ...pass, seed: 4 }, fail])).toEqual(summary);
    expect(summary).toMatchObject({
      chaos: '--regions global:3 --duration 1m',
      seeds: 3,
      passed: 2,
      failed: 1,
      lowestSeed: 2,
      highestSeed: 5,
      missingSeeds: 1,
      faults: { crash: 2, partition: 5 },
      virtualMs: 183_000,
      events: 15_000,
      violations: { 'leader completeness': 1 },
      failures: [
        {
          seed: 5,
          property: 'leader completeness',
          time: 26_809,
          replay: fail.replay,
          shortestReplay: 'npx nomad-sim chaos --seed 5 --regions global:3 --duration 22s',
        },
      ],
      wallMs: 1_500,
    });
    const text = formatSummary(summary);
    expect(text.split('\n')[0]).toBe('campaign: 3 seeds, 2 passed, 1 failed');
    expect(text).toContain('  seeds          2..5, 1 missing in between');
    expect(text).toContain(
      '  seed 5: leader completeness at t=26809 ms\n    replay: npx nomad-sim chaos --seed 5 --regions global:3 --duration 22s',
    );
    expect(formatSummary(summarise([]))).toBe(
      [
        'campaign: 0 seeds, 0 passed, 0 failed',
        '  faults         none',
        '  virtual time   0.0 s (0 events)',
        '  violations     none',
        '  wall time      0.0s of seed runs',
      ].join('\n'),
    );
  });

  it('draws a progress line with the rate, the time left and the failures', () => {
    expect(formatProgress({ done: 250, total: 1000, failed: 2, elapsedMs: 100_000 })).toBe(
      `[${'#'.repeat(8)}${'-'.repeat(24)}] 250/1000 seeds  2.5 seeds/s  ETA 5m00s  2 failed`,
    );
    expect(formatProgress({ done: 0, total: 10, failed: 0, elapsedMs: 0, note: 'stopping' })).toBe(
      `[${'-'.repeat(32)}] 0/10 seeds  0.0 seeds/s  ETA --  0 failed  stopping`,
    );
  });

  it('writes a replay script that runs the shortest failing run and says what broke', () => {
    const script = replayScript(fail);
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain(
      '# broke "leader completeness" at t=26809 ms (virtual):\n#   server-2 lacks entry 59',
    );
    expect(script).toContain(
      "# The campaign's own run: npx nomad-sim chaos --seed 5 --regions global:3 --duration 1m",
    );
    expect(script.trimEnd().split('\n').pop()).toBe(
      'exec npx nomad-sim chaos --seed 5 --regions global:3 --duration 22s --no-shrink "$@"',
    );
  });
});

describe('a worker on one seed', () => {
  it('runs chaos with the campaign flags and the seed, and shrinks its fault schedule to a run that fails the same way', async () => {
    const record = await runCampaignSeed({
      seed: 3,
      chaosArgv: ['--regions', 'global:5', '--duration', '1m', '--bug', 'skipLogUpToDateCheck'],
      shrink: true,
    });
    expect(record).toMatchObject({
      seed: 3,
      shape: 'global:5',
      verdict: 'fail',
      replay:
        'npx nomad-sim chaos --seed 3 --regions global:5 --duration 1m --bug skipLogUpToDateCheck',
    });
    const shrunk = record.shrunk as NonNullable<SeedRecord['shrunk']>;
    const schedule = shrunk.schedule ?? [];
    expect(shrunk.durationMs).toBeLessThan(60_000);
    expect(schedule.length).toBeLessThanOrEqual(shrunk.faultsBefore ?? -1);
    expect(shrunk.violation.property).toBe(record.violations[0]?.property);
    expect(shrunk.replay).toBe(
      `npx nomad-sim chaos --seed 3 --regions global:5 --duration ${shrunk.duration} --bug skipLogUpToDateCheck --faults '${formatFaultSchedule(schedule)}'`,
    );
    // The line round-trips, and its shrunk replay command is that run: it breaks the same property at the same time.
    expect(parseRecord(formatRecord(record))).toEqual(record);
    const words = parseChaosArgs([
      '--seed',
      '3',
      '--regions',
      'global:5',
      '--duration',
      shrunk.duration,
    ]);
    const again = await runChaos({
      ...(words as ChaosOptions),
      bugs: ['skipLogUpToDateCheck'],
      faults: schedule,
    });
    expect(again.ok ? 'passed' : again.violation).toEqual(shrunk.violation);
    // Without shrinking, the line has no shrunk run.
    const plain = await runCampaignSeed({
      seed: 3,
      chaosArgv: [
        '--regions',
        'global:5',
        '--duration',
        '1m',
        '--bug',
        'skipLogUpToDateCheck',
        '--no-shrink',
      ],
      shrink: true,
    });
    expect(plain.shrunk).toBeUndefined();
    const { shrunk: _shrunk, ...unshrunk } = record;
    expect(deterministicPart(plain)).toBe(deterministicPart(unshrunk));
  }, 60_000);
});
