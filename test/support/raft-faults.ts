/**
 * Fault schedules for the Raft test world (property tests): the actions, how one is applied, how
 * a schedule runs, and the fast-check arbitraries and nemesis templates that draw them.
 *
 * The vocabulary is the cluster's (`FaultAction` in src/check) wherever an action means the same
 * on one Raft group: crashes and restarts, isolation, heal, message loss and the one-shot
 * triggers (a `region`, where an action has one, is ignored: the world is one group). On top of
 * those come what only a bare Raft group can do: raw proposals, reboots, leadership transfers,
 * membership changes, cut links, and a `partition` that replaces any earlier one. Schedules are
 * drawn with the cluster's generic schedule arbitraries (src/check/schedule-arbitraries.ts).
 */
import fc from 'fast-check';
import { mostUpToDate, type FaultAction } from '../../src/check/fault-actions.js';
import {
  stepsArbitrary,
  templateArbitrary,
  weightedChoice,
  type ScheduleStep,
  type TemplateStepOf,
} from '../../src/check/schedule-arbitraries.js';
import type { NodeId } from '../../src/raft/index.js';
import type { RaftHarness } from './raft-harness.js';
import type { RaftWorld } from './raft-world.js';

/** The cluster's actions that mean the same in the Raft test world. */
type SharedFaultAction = Extract<
  FaultAction,
  {
    kind:
      | 'crash'
      | 'restart'
      | 'crashLeader'
      | 'crashMostUpToDate'
      | 'restartAll'
      | 'restartLongestDown'
      | 'isolate'
      | 'isolateLeader'
      | 'heal'
      | 'loss'
      | 'isolateNextLeaders'
      | 'crashNextLeaderCommit'
      | 'crashNextVoteGrant';
  }
>;

/** One fault action; `server` is an index into the world's ids (taken modulo). */
export type RaftFaultAction =
  | SharedFaultAction
  /** `count` proposals on the leader. */
  | { readonly kind: 'propose'; readonly count: number }
  /** A crash and an immediate restart. */
  | { readonly kind: 'reboot'; readonly server: number }
  | { readonly kind: 'rebootLeader' }
  /** Heals, then splits the servers in two by `sides[i % sides.length]` (both directions). */
  | { readonly kind: 'partition'; readonly sides: readonly boolean[] }
  /** The leader hands leadership over. */
  | { readonly kind: 'transfer' }
  | { readonly kind: 'addVoter'; readonly server: number }
  | { readonly kind: 'removeServer'; readonly server: number }
  | { readonly kind: 'cutLink'; readonly a: number; readonly b: number };

export type RaftFaultKind = RaftFaultAction['kind'];

export type FaultStep = ScheduleStep<RaftFaultAction>;

/** One step of a nemesis template: an action and the range of ms to wait before it. */
export type TemplateStep = TemplateStepOf<RaftFaultAction>;

/** Applies one fault action to the world. */
export function applyFault(h: RaftWorld, action: RaftFaultAction): void {
  const idAt = (n: number): string => h.ids[n % h.ids.length] as string;
  const reboot = (id: string): void => {
    h.crash(id);
    h.restart(id);
  };
  const leader = h.leader();
  switch (action.kind) {
    case 'propose':
      for (let i = 0; i < action.count; i++) h.propose(`p${h.now}-${i}`);
      return;
    case 'crash':
      h.crash(idAt(action.server));
      return;
    case 'restart':
      h.restart(idAt(action.server));
      return;
    case 'reboot':
      reboot(idAt(action.server));
      return;
    case 'crashLeader':
      if (leader !== null) h.crash(leader.id);
      return;
    case 'crashMostUpToDate': {
      const best = mostUpToDate(h.liveNodes(), (node) => node);
      if (best !== null) h.crash(best.id);
      return;
    }
    case 'restartAll':
      for (const id of h.ids) h.restart(id);
      return;
    case 'restartLongestDown': {
      const down = h.ids.filter((id) => h.server(id).node === null);
      const longest = down.sort((x, y) => h.server(x).downSince - h.server(y).downSince)[0];
      if (longest !== undefined) h.restart(longest);
      return;
    }
    case 'rebootLeader':
      if (leader !== null) reboot(leader.id);
      return;
    case 'isolate':
      h.isolate(idAt(action.server));
      return;
    case 'isolateLeader':
      if (leader !== null) h.isolate(leader.id);
      return;
    case 'partition': {
      const left = h.ids.filter((_, i) => action.sides[i % action.sides.length] === true);
      const right = h.ids.filter((_, i) => action.sides[i % action.sides.length] !== true);
      h.partition([left, right]);
      return;
    }
    case 'heal':
      h.heal();
      return;
    case 'loss':
      h.setDropRate(action.rate);
      return;
    case 'transfer':
      if (leader !== null) h.call(leader.id, (node, now) => node.transferLeadership(now));
      return;
    case 'addVoter':
    case 'removeServer': {
      const change = { type: action.kind, id: idAt(action.server) as NodeId };
      if (leader !== null) h.call(leader.id, (node, now) => node.proposeConfiguration(now, change));
      return;
    }
    case 'cutLink':
      h.cutLink(idAt(action.a), idAt(action.b));
      return;
    case 'isolateNextLeaders':
      h.arm(action.kind, action.count);
      return;
    case 'crashNextLeaderCommit':
      h.arm(action.kind);
      return;
    case 'crashNextVoteGrant':
      h.arm(action.kind, action.downFor);
      return;
  }
}

/** Runs a schedule, then heals everything and checks that acknowledged writes survived. */
export function runSchedule(
  h: RaftHarness,
  schedule: readonly FaultStep[],
  settleMs: number,
): void {
  for (const step of schedule) {
    h.runFor(step.after);
    applyFault(h, step.action);
  }
  h.checkConverged(settleMs);
}

/** How often each kind of fault is drawn (relative weights; 0 = never). */
export type RaftFaultWeights = Readonly<Partial<Record<RaftFaultKind, number>>>;

export const DEFAULT_RAFT_FAULT_WEIGHTS: RaftFaultWeights = {
  propose: 6,
  crash: 2,
  restart: 3,
  reboot: 2,
  crashLeader: 2,
  crashMostUpToDate: 1,
  restartAll: 1,
  restartLongestDown: 1,
  rebootLeader: 1,
  isolate: 2,
  isolateLeader: 2,
  partition: 2,
  heal: 3,
  loss: 1,
  transfer: 1,
  addVoter: 1,
  removeServer: 1,
  cutLink: 1,
  isolateNextLeaders: 1,
  crashNextLeaderCommit: 1,
  crashNextVoteGrant: 1,
};

/** An arbitrary fault action, drawn with `weights`. */
export function faultActionArbitrary(
  weights: RaftFaultWeights = DEFAULT_RAFT_FAULT_WEIGHTS,
): fc.Arbitrary<RaftFaultAction> {
  const server = fc.nat(6);
  const all: Record<RaftFaultKind, fc.Arbitrary<RaftFaultAction>> = {
    propose: fc.integer({ min: 1, max: 5 }).map((count) => ({ kind: 'propose', count })),
    crash: server.map((n) => ({ kind: 'crash', server: n })),
    restart: server.map((n) => ({ kind: 'restart', server: n })),
    reboot: server.map((n) => ({ kind: 'reboot', server: n })),
    crashLeader: fc.constant({ kind: 'crashLeader' }),
    crashMostUpToDate: fc.constant({ kind: 'crashMostUpToDate' }),
    restartAll: fc.constant({ kind: 'restartAll' }),
    restartLongestDown: fc.constant({ kind: 'restartLongestDown' }),
    rebootLeader: fc.constant({ kind: 'rebootLeader' }),
    isolate: server.map((n) => ({ kind: 'isolate', server: n })),
    isolateLeader: fc.constant({ kind: 'isolateLeader' }),
    partition: fc
      .array(fc.boolean(), { minLength: 5, maxLength: 5 })
      .map((sides) => ({ kind: 'partition', sides })),
    heal: fc.constant({ kind: 'heal' }),
    loss: fc.constantFrom(0, 0.1, 0.3).map((rate) => ({ kind: 'loss', rate })),
    transfer: fc.constant({ kind: 'transfer' }),
    addVoter: server.map((n) => ({ kind: 'addVoter', server: n })),
    removeServer: server.map((n) => ({ kind: 'removeServer', server: n })),
    cutLink: fc.tuple(server, server).map(([a, b]) => ({ kind: 'cutLink', a, b })),
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

/** An arbitrary schedule of up to `maxSteps` faults, each after up to `maxGap` ms. */
export function faultScheduleArbitrary(
  maxSteps: number,
  maxGap: number,
  weights: RaftFaultWeights = DEFAULT_RAFT_FAULT_WEIGHTS,
): fc.Arbitrary<FaultStep[]> {
  return stepsArbitrary(faultActionArbitrary(weights), maxSteps, maxGap);
}

/**
 * A schedule that runs the template's actions in order, each after a random gap in its range,
 * with up to three random proposals mixed in. Used to aim at narrow windows that uniform random
 * schedules hit too rarely (Figure 8, a vote lost in a crash).
 */
export function templateScheduleArbitrary(
  steps: readonly TemplateStep[],
): fc.Arbitrary<FaultStep[]> {
  return templateArbitrary(steps, faultActionArbitrary({ propose: 1 }));
}

/**
 * Figure 8 of the Raft paper as a nemesis, for three servers: the next two leaders are cut off at
 * once (each keeps an uncommitted no-op of its term), the server holding the newer one is
 * crashed, the others heal and elect a leader that replicates the older entry, which is crashed
 * as soon as it commits something; then the long-down server comes back.
 */
export const FIGURE_8_TEMPLATE: readonly TemplateStep[] = [
  [{ kind: 'isolateNextLeaders', count: 2 }, 0, 100],
  [{ kind: 'crashNextLeaderCommit' }, 0, 0],
  [{ kind: 'crashMostUpToDate' }, 600, 900],
  [{ kind: 'heal' }, 0, 100],
  [{ kind: 'restartLongestDown' }, 300, 800],
  [{ kind: 'heal' }, 400, 800],
];

/**
 * A crash right after a vote grant: the leader is crashed, the next voter that grants a vote is
 * crashed right after sending it and restarted 20 ms later, the leader it elected is cut off at
 * once, and later everyone restarts.
 */
export const LOST_VOTE_TEMPLATE: readonly TemplateStep[] = [
  [{ kind: 'crashLeader' }, 300, 700],
  [{ kind: 'crashNextVoteGrant', downFor: 20 }, 0, 0],
  [{ kind: 'isolateNextLeaders', count: 1 }, 0, 0],
  [{ kind: 'restartAll' }, 200, 800],
  [{ kind: 'heal' }, 400, 800],
];
