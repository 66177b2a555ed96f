/**
 * Chaos finds every seeded bug (src/sim/seeded-bugs.ts) by itself, with the fault mix and the
 * workload that reach it: for each bug, some seed from 1 to N = 5 breaks an invariant the bug is
 * about, the report names the bug in its replay command, and the same seed with the bug off
 * holds every invariant (so the violation is the bug's, not the run's). Runs are short (one to five
 * virtual minutes); the whole file takes a few seconds.
 *
 * Which mix reaches what: vote and fsync bugs need a voter crashed right after it grants (the
 * aggressive mix's armed faults); Figure 8 needs entries replicated one at a time and the
 * `figure8` compound fault; check quorum and the election restriction show under the default mix;
 * the ACL bugs need their workloads (bootstrap races and resets, token expiry, bursts of writes and
 * deletes while replication runs).
 */
import { describe, expect, it } from 'vitest';
import { runChaos, type RunChaosOptions } from '../src/program/chaos.js';
import { parseChaosArgs } from '../src/program/chaos-args.js';
import { SEEDED_BUG_NAMES, type SeededBugName } from '../src/sim/seeded-bugs.js';

/** Seeds 1..N are tried; the bug must be found in one of them. */
const N = 5;

interface Case {
  readonly bug: SeededBugName;
  readonly run: Omit<RunChaosOptions, 'seed' | 'bugs'>;
  /** The properties this bug may break first. */
  readonly breaks: RegExp;
}

const CASES: readonly Case[] = [
  {
    bug: 'commitOldTermByCounting',
    run: {
      regions: 'global:5',
      durationMs: 120_000,
      maxAppendEntries: 1,
      faultWeights: { figure8: 3 },
    },
    breaks: /^(leader completeness|committed entry changed|state machine safety)$/,
  },
  {
    bug: 'voteBeforePersist',
    run: { regions: 'global:3', durationMs: 120_000, faultMix: 'aggressive' },
    breaks: /^(election safety|log matching)$/,
  },
  {
    bug: 'skipLogUpToDateCheck',
    run: { regions: 'global:3', durationMs: 120_000 },
    breaks: /^election restriction$/,
  },
  {
    bug: 'preVoteSkipsLogCheck',
    run: { regions: 'global:3', durationMs: 120_000 },
    breaks: /^election restriction$/,
  },
  {
    bug: 'skipCheckQuorum',
    run: { regions: 'global:3', durationMs: 120_000 },
    breaks: /^leader lease$/,
  },
  {
    bug: 'ackBeforeFsync',
    run: { regions: 'global:3', durationMs: 120_000, faultMix: 'aggressive' },
    breaks:
      /^(election safety|log matching|committed entry changed|leader completeness|acknowledged write lost)$/,
  },
  {
    bug: 'bootstrapTwice',
    run: { regions: 'global:3', durationMs: 60_000, workloads: ['bootstrap'] },
    breaks: /^bootstrap once$/,
  },
  {
    bug: 'acceptStaleResetIndex',
    run: { regions: 'global:3', durationMs: 120_000, workloads: ['bootstrap'] },
    breaks: /^bootstrap once$/,
  },
  {
    bug: 'replicationIndexOffByOne',
    run: { regions: 'global:3,europe:3', durationMs: 300_000, workloads: ['acl', 'churn'] },
    breaks: /^(acl convergence|replicated object went backwards|deleted token still works)$/,
  },
  {
    bug: 'expiredTokenStillValid',
    run: { regions: 'global:3', durationMs: 200_000, workloads: ['expiry'] },
    breaks: /^expired token still works$/,
  },
];

describe('chaos finds every seeded bug', () => {
  it('has a case for every seeded bug', () => {
    expect(CASES.map((c) => c.bug)).toEqual([...SEEDED_BUG_NAMES]);
  });

  for (const c of CASES) {
    it(`${c.bug}: found within ${N} seeds, and the same seed passes without it`, async () => {
      const tried: string[] = [];
      for (let seed = 1; seed <= N; seed++) {
        const result = await runChaos({ ...c.run, seed, bugs: [c.bug] });
        if (result.ok) {
          tried.push(`seed ${seed}: passed`);
          continue;
        }
        expect(result.violation.property).toMatch(c.breaks);
        expect(result.replay).toContain(`--seed ${seed} `);
        expect(result.replay).toContain(`--bug ${c.bug}`);
        // The replay command parses back to the options of this run.
        const replayed = parseChaosArgs(result.replay.split(' ').slice(3));
        expect(replayed).toMatchObject({ seed, bugs: [c.bug] });
        const healthy = await runChaos({ ...c.run, seed });
        expect(
          healthy.ok ? 'ok' : `${healthy.violation.property}: ${healthy.violation.detail}`,
        ).toBe('ok');
        return;
      }
      expect.fail(`${c.bug} was not found within ${N} seeds:\n${tried.join('\n')}`);
    });
  }
});
