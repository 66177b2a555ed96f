/**
 * The checker's self-test at cluster level: each seeded Raft bug (Cluster option `bugs`), switched
 * on alone, must make the fault-schedule property fail within a bounded number of runs, breaking
 * the invariant that bug is about, and the failure must shrink to a short schedule with a replay
 * command; the very same schedules pass with the bug off. The bugs need narrow windows, so the
 * schedules come from nemesis templates (src/check/arbitraries.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RaftBugs, RaftLogLimits } from '../src/raft/index.js';
import type { RegionSpec } from '../src/region/cluster.js';
import {
  FIGURE_8_TEMPLATE,
  LOST_VOTE_TEMPLATE,
  STALE_CANDIDATE_TEMPLATE,
  formatScheduleFailure,
  scheduleFailureOf,
  scheduleProperty,
  templateScheduleArbitrary,
  type TemplateStep,
} from '../src/check/index.js';

const FILE = 'test/raft-cluster-seeded-bugs.test.ts';

interface Case {
  bug: keyof RaftBugs;
  template: readonly TemplateStep[];
  regions: RegionSpec[];
  limits?: Partial<RaftLogLimits>;
  /** Runs within which the property must fail. */
  bound: number;
  breaks: RegExp;
}

const CASES: Case[] = [
  {
    bug: 'skipLogUpToDateCheck',
    template: STALE_CANDIDATE_TEMPLATE,
    regions: [{ name: 'global', servers: 3 }],
    bound: 40,
    breaks:
      /^(election restriction|leader completeness|committed entry changed|log matching|state machine safety)$/,
  },
  {
    bug: 'commitOldTermByCounting',
    template: FIGURE_8_TEMPLATE,
    regions: [{ name: 'global', servers: 5 }],
    limits: { maxAppendEntries: 1 },
    bound: 20,
    breaks: /^(leader completeness|committed entry changed|state machine safety)$/,
  },
  {
    bug: 'voteBeforePersist',
    template: LOST_VOTE_TEMPLATE,
    regions: [{ name: 'global', servers: 3 }],
    bound: 20,
    breaks: /^election safety$/,
  },
];

describe('seeded Raft bugs are caught by the cluster property tests', () => {
  for (const c of CASES) {
    const options = { regions: c.regions, ...(c.limits === undefined ? {} : { limits: c.limits }) };
    const schedules = templateScheduleArbitrary(c.template, c.regions[0]?.servers ?? 3);

    it(`${c.bug}: fails within ${c.bound} runs, shrinks, and prints a replay command`, async () => {
      const details = await fc.check(
        scheduleProperty(schedules, { ...options, bugs: { [c.bug]: true } }),
        { numRuns: c.bound, seed: 4242 },
      );
      expect(details.failed).toBe(true);
      const failure = scheduleFailureOf(details);
      expect(failure).not.toBeNull();
      expect(failure?.violation.property).toMatch(c.breaks);
      expect(failure?.schedule.length).toBeLessThanOrEqual(c.template.length + 3);
      const report = formatScheduleFailure(details, FILE);
      expect(report).toContain(failure?.violation.property);
      expect(report).toMatch(
        /replay: FC_SEED=-?\d+ FC_PATH="[\d:]+" npx vitest run test\/raft-cluster-seeded-bugs\.test\.ts/,
      );

      // The printed seed and path replay exactly the shrunk counterexample.
      const replayed = await fc.check(
        scheduleProperty(schedules, { ...options, bugs: { [c.bug]: true } }),
        {
          seed: details.seed,
          path: details.counterexamplePath ?? '',
          numRuns: 1,
          endOnFailure: true,
        },
      );
      expect(replayed.failed).toBe(true);
      expect(scheduleFailureOf(replayed)?.schedule).toEqual(failure?.schedule);
    });

    it(`${c.bug}: the same schedules pass with the bug off`, async () => {
      const details = await fc.check(scheduleProperty(schedules, options), {
        numRuns: c.bound,
        seed: 4242,
      });
      expect(details.failed ? formatScheduleFailure(details, FILE) : 'passed').toBe('passed');
    });
  }
});
