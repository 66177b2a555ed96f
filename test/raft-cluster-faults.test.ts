/**
 * Cluster-level property tests: random fault schedules (crashes, graceful restarts, partitions
 * both ways and one way, isolated leaders, loss, duplication, and the armed nemesis triggers)
 * against whole simulated regions of 3 and 5 servers, with kv writes mixed in. The invariant
 * checker judges every event; after the final heal a leader must be elected and every
 * acknowledged write applied on every server within 10 s (fast timings). A failure is shrunk to a
 * short schedule and reported with the command that replays it (FC_SEED / FC_PATH).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FAULT_WEIGHTS,
  NEMESIS_FAULT_WEIGHTS,
  checkScheduleProperty,
  faultScheduleArbitrary,
  runFaultSchedule,
  scheduleProperty,
  replayParameters,
} from '../src/check/index.js';

const FILE = 'test/raft-cluster-faults.test.ts';
const replay = replayParameters(process.env);

describe('fault schedules against a simulated region', () => {
  for (const servers of [3, 5]) {
    it(`keeps every invariant on ${servers} servers under random plain faults`, async () => {
      const schedules = faultScheduleArbitrary({
        maxSteps: 30,
        maxGapMs: 400,
        maxServer: servers - 1,
        weights: DEFAULT_FAULT_WEIGHTS,
      });
      await checkScheduleProperty(
        scheduleProperty(schedules, { regions: [{ name: 'global', servers }] }),
        { numRuns: 40, seed: 3100 + servers, ...replay },
        FILE,
      );
    });
  }

  it('keeps every invariant on 5 servers with the nemesis triggers armed at random', async () => {
    const schedules = faultScheduleArbitrary({
      maxSteps: 30,
      maxGapMs: 400,
      maxServer: 4,
      weights: NEMESIS_FAULT_WEIGHTS,
    });
    await checkScheduleProperty(
      scheduleProperty(schedules, { regions: [{ name: 'global', servers: 5 }] }),
      { numRuns: 30, seed: 3200, ...replay },
      FILE,
    );
  });

  it('keeps every invariant in two regions faulted together', async () => {
    const schedules = faultScheduleArbitrary({ maxSteps: 20, maxGapMs: 400, maxServer: 5 });
    const regions = [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ];
    await checkScheduleProperty(
      scheduleProperty(schedules, { regions }),
      { numRuns: 15, seed: 3300, ...replay },
      FILE,
    );
  });

  it('acknowledges writes, loses none of them, and heals within the bound in a plain run', async () => {
    const result = await runFaultSchedule(
      [
        { after: 50, action: { kind: 'write', server: 0, count: 5 } },
        { after: 10, action: { kind: 'crashLeader' } },
        { after: 300, action: { kind: 'write', server: 1, count: 5 } },
        { after: 10, action: { kind: 'restartAll' } },
        { after: 300, action: { kind: 'partition', sides: [true, false, false], oneWay: true } },
        { after: 300, action: { kind: 'write', server: 2, count: 5 } },
      ],
      { seed: 9, regions: [{ name: 'global', servers: 3 }] },
    );
    expect(result.ok).toBe(true);
    expect(result.stats.writesAcked).toBeGreaterThanOrEqual(5);
    expect(result.stats.writesAcked + result.stats.writesFailed).toBe(result.stats.writesSent);
    expect(result.stats.leaders).toBeGreaterThanOrEqual(2);
  });

  it('reports a liveness violation when the bound is too short to heal', async () => {
    const result = await runFaultSchedule(
      [
        { after: 50, action: { kind: 'crash', server: 0 } },
        { after: 0, action: { kind: 'crash', server: 1 } },
        { after: 0, action: { kind: 'crash', server: 2 } },
      ],
      { seed: 10, regions: [{ name: 'global', servers: 3 }], livenessBoundMs: 50 },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.violation.property).toBe('liveness');
  });

  it('generated schedules are plain data that print and replay', () => {
    const [schedule] = fc.sample(faultScheduleArbitrary({ maxSteps: 5 }), { numRuns: 1, seed: 1 });
    expect(JSON.parse(JSON.stringify(schedule))).toEqual(schedule);
  });
});
