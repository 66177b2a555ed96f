/**
 * Self-test of the Raft invariant checks: each seeded bug must make the fault-schedule property
 * fail within a bounded number of runs, with the invariant that bug breaks, while the very same
 * schedules pass without the bug. Uniform random schedules find the log-check bug; the two bugs
 * that need a narrow window use nemesis templates (Figure 8, a crash right after a vote grant).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { raftTimings } from '../src/raft/index.js';
import type { RaftBugs, RaftLogLimits } from '../src/raft/index.js';
import {
  FIGURE_8_TEMPLATE,
  LOST_VOTE_TEMPLATE,
  RaftHarness,
  RaftInvariantViolation,
  faultScheduleArbitrary,
  runSchedule,
  templateScheduleArbitrary,
} from './support/raft-harness.js';
import type { FaultStep } from './support/raft-harness.js';

const FAST = raftTimings({
  overrides: {
    heartbeatTimeout: 100,
    electionTimeout: 100,
    leaderLeaseTimeout: 50,
    commitTimeout: 5,
  },
});

interface Case {
  readonly name: string;
  readonly bugs: RaftBugs;
  readonly schedule: fc.Arbitrary<FaultStep[]>;
  readonly limits?: Partial<RaftLogLimits>;
  readonly checkVoteDurability?: boolean;
  /** The invariant the bug is expected to break. */
  readonly breaks: RegExp;
}

const CASES: readonly Case[] = [
  {
    name: 'skipLogUpToDateCheck, random schedules',
    bugs: { skipLogUpToDateCheck: true },
    schedule: faultScheduleArbitrary(40, 250),
    breaks: /^(leader completeness|committed entry changed|state machine safety)/,
  },
  {
    name: 'commitOldTermByCounting, Figure 8 nemesis',
    bugs: { commitOldTermByCounting: true },
    schedule: templateScheduleArbitrary(FIGURE_8_TEMPLATE),
    limits: { maxAppendEntries: 1 },
    breaks: /^(leader completeness|committed entry changed|state machine safety)/,
  },
  {
    name: 'voteBeforePersist, lost-vote nemesis, judged by election safety alone',
    bugs: { voteBeforePersist: true },
    schedule: templateScheduleArbitrary(LOST_VOTE_TEMPLATE),
    checkVoteDurability: false,
    breaks: /^election safety/,
  },
  {
    name: 'voteBeforePersist, random schedules, judged by vote durability',
    bugs: { voteBeforePersist: true },
    schedule: faultScheduleArbitrary(40, 250),
    breaks: /^vote durability/,
  },
];

function property(c: Case, bugs: RaftBugs): fc.IProperty<[number, FaultStep[]]> {
  return fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), c.schedule, (seed, schedule) => {
    const h = new RaftHarness({
      seed,
      ids: ['a', 'b', 'c'],
      timings: FAST,
      bugs,
      latency: [1, 10],
      syncDelay: [0, 5],
      ...(c.limits === undefined ? {} : { limits: c.limits }),
      ...(c.checkVoteDurability === undefined
        ? {}
        : { checkVoteDurability: c.checkVoteDurability }),
    });
    runSchedule(h, schedule, 20_000);
  });
}

describe('seeded Raft bugs are caught by the invariant checks', () => {
  test.each(CASES)('$name', (c) => {
    const result = fc.check(property(c, c.bugs), { numRuns: 300, endOnFailure: true });
    expect(result.failed, 'the bug went unnoticed').toBe(true);
    expect(result.errorInstance).toBeInstanceOf(RaftInvariantViolation);
    expect((result.errorInstance as Error).message).toMatch(c.breaks);
  });

  test.each(CASES)('the same schedules pass without the bug: $name', (c) => {
    fc.assert(property(c, {}), { numRuns: 25 });
  });
});
