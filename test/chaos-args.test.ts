/** Argument parsing of `nomad-sim chaos`: valid forms, every usage error, durations, the replay command. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CHAOS_USAGE,
  formatChaosCommand,
  formatDuration,
  parseChaosArgs,
  parseDuration,
  parseGap,
  parseRegions,
  type ChaosOptions,
} from '../src/program/chaos-args.js';
import { CHAOS_FAULT_KINDS, CHAOS_WORKLOADS } from '../src/check/chaos-mix.js';
import { SEEDED_BUG_NAMES } from '../src/sim/seeded-bugs.js';

describe('parseChaosArgs', () => {
  it('parses the documented form', () => {
    expect(
      parseChaosArgs([
        '--seed',
        '42',
        '--regions',
        'global:5',
        '--duration',
        '10m',
        '--trace',
        'run.jsonl',
      ]),
    ).toEqual({
      seed: 42,
      regions: [{ name: 'global', servers: 5 }],
      durationMs: 600_000,
      traceFile: 'run.jsonl',
    });
  });

  it('parses several regions, the authoritative region, bugs, and --flag=value', () => {
    expect(
      parseChaosArgs([
        '--seed=-7',
        '--regions=global:3,europe:3,asia:3',
        '--duration=1h30m',
        '--authoritative',
        'europe',
        '--bug',
        'voteBeforePersist',
        '--bug=skipLogUpToDateCheck',
      ]),
    ).toEqual({
      seed: -7,
      regions: [
        { name: 'global', servers: 3 },
        { name: 'europe', servers: 3 },
        { name: 'asia', servers: 3 },
      ],
      durationMs: 5_400_000,
      authoritative: 'europe',
      bugs: ['voteBeforePersist', 'skipLogUpToDateCheck'],
    });
  });

  it.each([
    [[], 'missing --seed'],
    [['--seed', '1', '--regions', 'global:3'], 'missing --duration'],
    [
      ['--seed', 'x', '--regions', 'global:3', '--duration', '1m'],
      'invalid --seed "x": expected a safe integer',
    ],
    [
      ['--seed', '1.5', '--regions', 'global:3', '--duration', '1m'],
      'invalid --seed "1.5": expected a safe integer',
    ],
    [
      ['--seed', '1', '--regions', 'global', '--duration', '1m'],
      'invalid --regions "global": each region must look like name:servers (e.g. global:3)',
    ],
    [
      ['--seed', '1', '--regions', 'global:0', '--duration', '1m'],
      'invalid --regions "global:0": region global needs 1 to 9 servers, got 0',
    ],
    [
      ['--seed', '1', '--regions', 'a:3,a:3', '--duration', '1m'],
      'invalid --regions "a:3,a:3": region a is listed twice',
    ],
    [
      ['--seed', '1', '--regions', 'global:3', '--duration', '10'],
      'invalid --duration "10": expected a duration such as 90s, 10m or 1h30m',
    ],
    [
      ['--seed', '1', '--regions', 'global:3', '--duration', '0s'],
      'invalid --duration "0s": expected a duration such as 90s, 10m or 1h30m',
    ],
    [
      ['--seed', '1', '--regions', 'global:3', '--duration', '1m', '--authoritative', 'mars'],
      'invalid --authoritative "mars": not one of the regions (global)',
    ],
    [
      ['--seed', '1', '--regions', 'global:3', '--duration', '1m', '--bug', 'typo'],
      'invalid --bug "typo": expected one of commitOldTermByCounting, voteBeforePersist, skipLogUpToDateCheck, preVoteSkipsLogCheck, skipCheckQuorum, ackBeforeFsync, bootstrapTwice, acceptStaleResetIndex, replicationIndexOffByOne, expiredTokenStillValid',
    ],
    [['--seed', '1', '--seed', '2'], 'flag --seed given twice'],
    [['--seed'], 'flag --seed needs a value'],
    [['--seed', '--regions', 'global:3'], 'flag --seed needs a value'],
    [['--speed', '1'], 'unknown flag "--speed"'],
    [['chaos'], 'unexpected argument "chaos"'],
    [
      ['--seed', '1', '--regions', 'global:3', '--duration', '1m', '--trace', ''],
      'invalid --trace "": expected a file name',
    ],
  ])('rejects %j with "%s"', (argv, error) => {
    expect(parseChaosArgs(argv)).toEqual({ error });
  });

  it('has a usage text naming every flag', () => {
    for (const flag of ['--seed', '--regions', '--duration', '--trace', '--authoritative', '--bug'])
      expect(CHAOS_USAGE).toContain(flag);
    for (const flag of ['--faults', '--no-shrink', '--shrink-out FILE', '--shrink-runs N'])
      expect(CHAOS_USAGE).toContain(flag);
  });

  it('parses the shrink options and a fault schedule, which the replay command carries', () => {
    const base = ['--seed', '1', '--regions', 'global:3', '--duration', '1m'];
    expect(
      parseChaosArgs([...base, '--no-shrink', '--shrink-out=s.ts', '--shrink-runs', '20']),
    ).toMatchObject({ shrink: false, shrinkOut: 's.ts', shrinkRuns: 20 });
    expect(parseChaosArgs([...base, '--no-shrink=yes'])).toEqual({
      error: 'flag --no-shrink takes no value',
    });
    expect(parseChaosArgs([...base, '--shrink-out', 's.sh'])).toEqual({
      error: 'invalid --shrink-out "s.sh": the scenario is TypeScript, name it FILE.ts',
    });
    expect(parseChaosArgs([...base, '--shrink-runs', '0'])).toEqual({
      error: 'invalid --shrink-runs "0": expected a positive whole number',
    });
    const schedule = 'crash@1500ms server=global/server-2 for=4s; loss@2s rate=0.05 for=1s';
    const parsed = parseChaosArgs([...base, '--faults', schedule]);
    expect(parsed).toMatchObject({
      faults: [
        { atMs: 1_500, kind: 'crash', server: 'global/server-2', forMs: 4_000 },
        { atMs: 2_000, kind: 'loss', rate: 0.05, forMs: 1_000 },
      ],
    });
    const command = formatChaosCommand(parsed as ChaosOptions);
    expect(command).toBe(
      `npx nomad-sim chaos --seed 1 --regions global:3 --duration 1m --faults 'crash@1500ms server=global/server-2 for=4s; loss@2s rate=0.05 for=1s'`,
    );
    expect(formatChaosCommand({ ...(parsed as ChaosOptions), faults: [] })).toBe(
      "npx nomad-sim chaos --seed 1 --regions global:3 --duration 1m --faults ''",
    );
    expect(parseChaosArgs([...base, '--faults', ''])).toMatchObject({ faults: [] });
  });
});

describe('durations and the replay command', () => {
  it('parses and prints durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1.5m')).toBeNull();
    expect(parseDuration('')).toBeNull();
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(600_000)).toBe('10m');
    expect(formatDuration(1_500)).toBe('1500ms');
  });

  it('formatDuration and parseDuration round-trip', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 * 3_600_000 }),
        (ms) => parseDuration(formatDuration(ms)) === ms,
      ),
    );
  });

  it('parseRegions reports bad parts', () => {
    expect(parseRegions('global:3, europe:2')).toEqual([
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 2 },
    ]);
    expect(parseRegions('global:10')).toBe(
      'invalid --regions "global:10": region global needs 1 to 9 servers, got 10',
    );
  });

  it('the replay command parses back to the same options', () => {
    const options = {
      seed: 9,
      regions: [
        { name: 'global', servers: 3 },
        { name: 'asia', servers: 1 },
      ],
      durationMs: 150_000,
      authoritative: 'asia',
      bugs: ['voteBeforePersist' as const],
    };
    const command = formatChaosCommand(options);
    expect(command).toBe(
      'npx nomad-sim chaos --seed 9 --regions global:3,asia:1 --duration 2m30s --authoritative asia --bug voteBeforePersist',
    );
    expect(parseChaosArgs(command.split(' ').slice(3))).toEqual(options);
  });

  it('the replay command of every option parses back to the same options (property)', () => {
    const options = fc.record(
      {
        seed: fc.integer({ min: -1e9, max: 1e9 }),
        regions: fc.constant(null).map(() => [
          { name: 'global', servers: 3 },
          { name: 'europe', servers: 1 },
        ]),
        durationMs: fc.integer({ min: 1, max: 10 * 3_600_000 }),
        authoritative: fc.constant('europe'),
        bugs: fc.uniqueArray(fc.constantFrom(...SEEDED_BUG_NAMES), { minLength: 1 }),
        faultMix: fc.constant('aggressive' as const),
        faultWeights: fc.dictionary(fc.constantFrom(...CHAOS_FAULT_KINDS), fc.nat(20), {
          minKeys: 1,
        }),
        faultGapMs: fc
          .tuple(fc.integer({ min: 1, max: 60_000 }), fc.nat(60_000))
          .map(([min, extra]) => ({ min, max: min + extra })),
        workloads: fc.subarray([...CHAOS_WORKLOADS], { minLength: 1 }),
        maxEvents: fc.integer({ min: 1, max: 1e9 }),
        maxAppendEntries: fc.integer({ min: 1, max: 100 }),
      },
      { requiredKeys: ['seed', 'regions', 'durationMs'] },
    );
    fc.assert(
      fc.property(options, (o) => {
        const parsed = parseChaosArgs(formatChaosCommand(o).split(' ').slice(3));
        expect(parsed).toEqual(o);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the fault mix, workload and budget options', () => {
  const base = ['--seed', '1', '--regions', 'global:3,europe:3', '--duration', '10m'];

  it('parses the preset, weights, gap, workloads, bugs and limits', () => {
    expect(
      parseChaosArgs([
        ...base,
        '--fault-mix',
        'aggressive',
        '--fault',
        'crash=5',
        '--fault=figure8=0',
        '--fault-gap',
        '200ms-1500ms',
        '--workload',
        'bootstrap,kv',
        '--workload',
        'expiry',
        '--bug',
        'bootstrapTwice',
        '--max-append-entries',
        '1',
        '--max-events',
        '5000000',
      ]),
    ).toEqual({
      seed: 1,
      regions: [
        { name: 'global', servers: 3 },
        { name: 'europe', servers: 3 },
      ],
      durationMs: 600_000,
      faultMix: 'aggressive',
      faultWeights: { crash: 5, figure8: 0 },
      faultGapMs: { min: 200, max: 1_500 },
      workloads: ['kv', 'bootstrap', 'expiry'],
      bugs: ['bootstrapTwice'],
      maxAppendEntries: 1,
      maxEvents: 5_000_000,
    });
  });

  it('reads "all" workloads, a single gap, and leaves the default preset out', () => {
    expect(
      parseChaosArgs([...base, '--workload', 'all', '--fault-gap', '5s', '--fault-mix', 'default']),
    ).toEqual({
      seed: 1,
      regions: [
        { name: 'global', servers: 3 },
        { name: 'europe', servers: 3 },
      ],
      durationMs: 600_000,
      faultGapMs: { min: 5_000, max: 5_000 },
      workloads: [...CHAOS_WORKLOADS],
    });
    expect(parseGap('1s-2s')).toEqual({ min: 1_000, max: 2_000 });
  });

  it.each([
    [['--fault-mix', 'wild'], 'invalid --fault-mix "wild": expected default or aggressive'],
    [
      ['--fault', 'crash'],
      'invalid --fault "crash": expected KIND=WEIGHT with a whole weight (e.g. crash=3)',
    ],
    [
      ['--fault', 'crash=-1'],
      'invalid --fault "crash=-1": expected KIND=WEIGHT with a whole weight (e.g. crash=3)',
    ],
    [
      ['--fault', 'meteor=2'],
      `invalid --fault "meteor=2": unknown kind meteor; expected one of ${CHAOS_FAULT_KINDS.join(', ')}`,
    ],
    [
      ['--fault-gap', '2s-1s'],
      'invalid --fault-gap "2s-1s": the longest gap is shorter than the shortest',
    ],
    [
      ['--fault-gap', 'soon'],
      'invalid --fault-gap "soon": expected MIN-MAX durations such as 200ms-1500ms, or one duration',
    ],
    [
      ['--fault-gap', '1s-2s-3s'],
      'invalid --fault-gap "1s-2s-3s": expected MIN-MAX durations such as 200ms-1500ms, or one duration',
    ],
    [
      ['--workload', 'kv,dance'],
      'invalid --workload "kv,dance": unknown workload "dance"; expected all or some of kv, acl, bootstrap, expiry, churn, blocking',
    ],
    [['--max-events', '0'], 'invalid --max-events "0": expected a positive whole number'],
    [
      ['--max-append-entries', 'x'],
      'invalid --max-append-entries "x": expected a positive whole number',
    ],
    [['--fault-mix', 'default', '--fault-mix', 'aggressive'], 'flag --fault-mix given twice'],
  ])('rejects %j with "%s"', (extra, error) => {
    expect(parseChaosArgs([...base, ...extra])).toEqual({ error });
  });

  it('lists every fault kind, workload and seeded bug in the usage text', () => {
    for (const name of [...CHAOS_FAULT_KINDS, ...CHAOS_WORKLOADS, ...SEEDED_BUG_NAMES])
      expect(CHAOS_USAGE).toMatch(new RegExp(`\\n {4}${name} `));
    for (const flag of [
      '--fault-mix',
      '--fault ',
      '--fault-gap',
      '--workload',
      '--max-append-entries',
      '--max-events',
    ])
      expect(CHAOS_USAGE).toContain(flag);
  });
});
