/**
 * fast-check arbitraries for cluster-level property tests: fault actions and schedules with
 * weights, nemesis templates aimed at narrow windows (Figure 8 of the Raft paper, a vote lost in a
 * crash, a stale server racing for leadership), and rolling-restart orders. Exported so that
 * users' own suites (and src/testing) can reuse them. Every value is plain data and shrinks: fewer
 * steps, shorter gaps, smaller server numbers.
 */
import fc from 'fast-check';
import type { FaultAction, FaultKind, FaultStep } from './fault-actions.js';
import {
  stepsArbitrary,
  templateArbitrary,
  weightedChoice,
  type TemplateStepOf,
} from './schedule-arbitraries.js';

/** How often each kind of action is drawn (relative weights; missing or 0 = never). */
export type FaultWeights = Readonly<Partial<Record<FaultKind, number>>>;

/** A mix of writes and every plain fault (no armed triggers). */
export const DEFAULT_FAULT_WEIGHTS: FaultWeights = Object.freeze({
  write: 8,
  crash: 2,
  crashLeader: 2,
  crashMostUpToDate: 1,
  restart: 3,
  restartAll: 1,
  restartLongestDown: 1,
  gracefulRestart: 2,
  isolate: 2,
  isolateLeader: 2,
  partition: 2,
  heal: 3,
  loss: 1,
  duplicate: 1,
});

/** The plain faults plus the armed triggers. */
export const NEMESIS_FAULT_WEIGHTS: FaultWeights = Object.freeze({
  ...DEFAULT_FAULT_WEIGHTS,
  isolateNextLeaders: 1,
  crashNextLeaderCommit: 1,
  crashNextVoteGrant: 1,
});

export interface FaultArbitraryOptions {
  /** Servers are drawn in [0, maxServer] (taken modulo the cluster size when applied). Default 8. */
  maxServer?: number;
  weights?: FaultWeights;
}

/** One fault action. */
export function faultActionArbitrary(
  options: FaultArbitraryOptions = {},
): fc.Arbitrary<FaultAction> {
  const server = fc.nat(options.maxServer ?? 8);
  const weights = options.weights ?? DEFAULT_FAULT_WEIGHTS;
  const all: Record<FaultKind, fc.Arbitrary<FaultAction>> = {
    write: fc
      .record({ server, count: fc.integer({ min: 1, max: 5 }) })
      .map(({ server: s, count }) => ({ kind: 'write', server: s, count })),
    crash: server.map((s) => ({ kind: 'crash', server: s })),
    crashLeader: fc.constant({ kind: 'crashLeader' }),
    crashMostUpToDate: fc.constant({ kind: 'crashMostUpToDate' }),
    restart: server.map((s) => ({ kind: 'restart', server: s })),
    restartAll: fc.constant({ kind: 'restartAll' }),
    restartLongestDown: fc.constant({ kind: 'restartLongestDown' }),
    gracefulRestart: server.map((s) => ({ kind: 'gracefulRestart', server: s })),
    isolate: server.map((s) => ({ kind: 'isolate', server: s })),
    isolateLeader: fc.constant({ kind: 'isolateLeader' }),
    partition: fc
      .record({
        sides: fc.array(fc.boolean(), { minLength: 1, maxLength: 9 }),
        oneWay: fc.boolean(),
      })
      .map(({ sides, oneWay }) => ({ kind: 'partition', sides, oneWay })),
    heal: fc.constant({ kind: 'heal' }),
    loss: fc.constantFrom(0, 0.05, 0.2).map((rate) => ({ kind: 'loss', rate })),
    duplicate: fc.constantFrom(0, 0.05, 0.2).map((rate) => ({ kind: 'duplicate', rate })),
    isolateNextLeaders: fc
      .integer({ min: 1, max: 2 })
      .map((count) => ({ kind: 'isolateNextLeaders', count })),
    crashNextLeaderCommit: fc.constant({ kind: 'crashNextLeaderCommit' }),
    crashNextVoteGrant: fc
      .integer({ min: 0, max: 300 })
      .map((downFor) => ({ kind: 'crashNextVoteGrant', downFor })),
  };
  return weightedChoice(all, weights, 'faultActionArbitrary');
}

export interface FaultScheduleOptions extends FaultArbitraryOptions {
  /** Most steps in a schedule. Default 30. */
  maxSteps?: number;
  /** Longest wait before a step, in virtual ms. Default 500. */
  maxGapMs?: number;
}

/** A schedule of up to `maxSteps` steps, each after up to `maxGapMs` ms. */
export function faultScheduleArbitrary(
  options: FaultScheduleOptions = {},
): fc.Arbitrary<FaultStep[]> {
  return stepsArbitrary(
    faultActionArbitrary(options),
    options.maxSteps ?? 30,
    options.maxGapMs ?? 500,
  );
}

/** One step of a nemesis template: the action and the range of ms to wait before it. */
export type TemplateStep = TemplateStepOf<FaultAction>;

/**
 * A schedule that runs the template's actions in order, each after a random gap in its range, with
 * up to three write steps mixed in anywhere.
 */
export function templateScheduleArbitrary(
  template: readonly TemplateStep[],
  maxServer = 8,
): fc.Arbitrary<FaultStep[]> {
  return templateArbitrary(template, faultActionArbitrary({ maxServer, weights: { write: 1 } }));
}

/**
 * Figure 8 of the Raft paper, for a region of 5 servers. The leader is crashed and the next two
 * leaders (A, then B) are cut off as soon as they are elected, each keeping an uncommitted no-op
 * of its own term at the same index; B, whose entry is newer, is crashed. The network heals: A is
 * now the only server that can win, replicates its old entry and is crashed the moment it commits
 * anything. The server that received A's next entry is crashed too; the first leader and B come
 * back, and B is now the only server that can win. A correct leader never commits A's entry by
 * counting replicas, so B overwriting it is harmless; with `commitOldTermByCounting` it is a
 * committed entry lost. Gaps are for `FAST_RAFT_TIMINGS`; run it with
 * `limits: { maxAppendEntries: 1 }` so that entries travel one by one.
 */
export const FIGURE_8_TEMPLATE: readonly TemplateStep[] = Object.freeze([
  [{ kind: 'isolateNextLeaders', count: 2 }, 0, 100],
  [{ kind: 'crashNextLeaderCommit' }, 0, 0],
  [{ kind: 'crashLeader' }, 0, 0],
  [{ kind: 'crashMostUpToDate' }, 600, 900],
  [{ kind: 'heal' }, 0, 50],
  [{ kind: 'crashMostUpToDate' }, 400, 700],
  [{ kind: 'restartLongestDown' }, 0, 50],
  [{ kind: 'restartLongestDown' }, 0, 50],
  [{ kind: 'heal' }, 500, 900],
] as TemplateStep[]);

/**
 * A vote lost in a crash: the leader is crashed, the next server to grant a vote is crashed right
 * after granting it and restarted 20 ms later, the leader it helped elect is cut off at once, and
 * later everyone restarts: a server that forgot its vote may vote again in the same term.
 */
export const LOST_VOTE_TEMPLATE: readonly TemplateStep[] = Object.freeze([
  [{ kind: 'crashLeader' }, 100, 400],
  [{ kind: 'crashNextVoteGrant', downFor: 20 }, 0, 0],
  [{ kind: 'isolateNextLeaders', count: 1 }, 0, 0],
  [{ kind: 'restartAll' }, 200, 800],
  [{ kind: 'heal' }, 400, 800],
] as TemplateStep[]);

/**
 * A stale server races for leadership: one server is cut off while writes commit without it,
 * then the leader crashes as the stale server rejoins; whoever times out first campaigns.
 */
export const STALE_CANDIDATE_TEMPLATE: readonly TemplateStep[] = Object.freeze([
  [{ kind: 'isolate', server: 0 }, 0, 100],
  [{ kind: 'write', server: 1, count: 3 }, 50, 200],
  [{ kind: 'write', server: 2, count: 3 }, 50, 200],
  [{ kind: 'crashLeader' }, 100, 300],
  [{ kind: 'heal' }, 0, 50],
  [{ kind: 'restartAll' }, 300, 800],
] as TemplateStep[]);

/** The order in which to restart `servers` servers: a permutation of 0..servers-1. */
export function rollingRestartOrderArbitrary(servers: number): fc.Arbitrary<number[]> {
  const indexes = Array.from({ length: servers }, (_, i) => i);
  return fc.shuffledSubarray(indexes, { minLength: servers, maxLength: servers });
}

/** A region size Nomad recommends (3 or 5 servers). */
export const regionSizeArbitrary: fc.Arbitrary<3 | 5> = fc.constantFrom(3 as const, 5 as const);
