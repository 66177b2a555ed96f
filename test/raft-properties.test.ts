/**
 * Raft under random fault schedules (crashes, reboots, partitions, cut links, message loss and
 * duplication, leadership transfers, proposals, and one-shot crashes aimed at narrow windows):
 * after every event the harness checks election safety, leader append-only, log matching, leader
 * completeness, state-machine safety and vote durability; at the end everything heals, a new
 * write must commit everywhere, and every acknowledged write must be on every voter.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { raftTimings } from '../src/raft/index.js';
import {
  FIGURE_8_TEMPLATE,
  LOST_VOTE_TEMPLATE,
  RaftHarness,
  faultScheduleArbitrary,
  runSchedule,
  templateScheduleArbitrary,
} from './support/raft-harness.js';

/** Timings shrunk 10x (as Nomad's own tests do) so that a few virtual seconds see many elections. */
const FAST = raftTimings({
  overrides: {
    heartbeatTimeout: 100,
    electionTimeout: 100,
    leaderLeaseTimeout: 50,
    commitTimeout: 5,
  },
});
const seedArbitrary = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('Raft safety under random faults', () => {
  test('three or five servers, crashes, partitions, loss and duplication', () => {
    fc.assert(
      fc.property(
        seedArbitrary,
        fc.constantFrom(['a', 'b', 'c'], ['a', 'b', 'c', 'd', 'e']),
        faultScheduleArbitrary(40, 250),
        (seed, ids, schedule) => {
          const h = new RaftHarness({
            seed,
            ids,
            timings: FAST,
            latency: [1, 10],
            syncDelay: [0, 5],
            duplicateRate: 0.02,
          });
          runSchedule(h, schedule, 20_000);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('with tiny snapshots and batches, so InstallSnapshot and restarts from snapshots happen', () => {
    fc.assert(
      fc.property(seedArbitrary, faultScheduleArbitrary(40, 250), (seed, schedule) => {
        const h = new RaftHarness({
          seed,
          ids: ['a', 'b', 'c'],
          timings: FAST,
          limits: { snapshotThreshold: 8, trailingLogs: 2, maxAppendEntries: 4 },
          latency: [1, 10],
          syncDelay: [0, 5],
        });
        runSchedule(h, schedule, 20_000);
      }),
      { numRuns: 200 },
    );
  });

  test('with the Figure 8 and lost-vote nemeses', () => {
    const nemesis = fc.oneof(
      templateScheduleArbitrary(FIGURE_8_TEMPLATE),
      templateScheduleArbitrary(LOST_VOTE_TEMPLATE),
    );
    fc.assert(
      fc.property(seedArbitrary, nemesis, (seed, schedule) => {
        const h = new RaftHarness({
          seed,
          ids: ['a', 'b', 'c'],
          timings: FAST,
          limits: { maxAppendEntries: 1 },
          latency: [1, 10],
          syncDelay: [0, 5],
        });
        runSchedule(h, schedule, 20_000);
      }),
      { numRuns: 150 },
    );
  });

  test('without faults the cluster makes progress (the properties above are not vacuous)', () => {
    const h = new RaftHarness({ seed: 99, ids: ['a', 'b', 'c'], timings: FAST });
    runSchedule(h, [{ after: 500, action: { kind: 'propose', count: 5 } }], 5000);
    expect(h.acked).toHaveLength(5);
    expect(h.highestCommitted).toBeGreaterThanOrEqual(8);
  });
});
