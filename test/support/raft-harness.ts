/**
 * The Raft test harness: the Raft test world (raft-world.ts) with the invariant checks
 * (raft-invariants.ts) attached from time 0, so that every event is checked and the first broken
 * invariant throws `RaftInvariantViolation`, plus the liveness check after healing
 * (`checkConverged`). Fault schedules for it are in raft-faults.ts and disks for scripted
 * scenarios in raft-scripted-disk.ts; this module re-exports their public names, so that Raft
 * test files import from one place.
 */
import type { RaftNode } from '../../src/raft/index.js';
import {
  RaftInvariantViolation,
  RaftInvariants,
  type AckedWrite,
  type RaftInvariantOptions,
} from './raft-invariants.js';
import { RaftWorld, type RaftWorldOptions } from './raft-world.js';

export { RaftInvariantViolation, type AckedWrite } from './raft-invariants.js';
export { type MessageFilter, type SimServer } from './raft-world.js';
export { scriptedDisk } from './raft-scripted-disk.js';
export {
  DEFAULT_RAFT_FAULT_WEIGHTS,
  FIGURE_8_TEMPLATE,
  LOST_VOTE_TEMPLATE,
  applyFault,
  faultActionArbitrary,
  faultScheduleArbitrary,
  runSchedule,
  templateScheduleArbitrary,
  type FaultStep,
  type RaftFaultAction,
  type RaftFaultWeights,
  type TemplateStep,
} from './raft-faults.js';

export type HarnessOptions = RaftWorldOptions & RaftInvariantOptions;

export class RaftHarness extends RaftWorld {
  private readonly invariants: RaftInvariants;

  constructor(options: HarnessOptions) {
    const invariants = new RaftInvariants(options);
    super(options, invariants);
    this.invariants = invariants;
  }

  /** Acknowledged writes so far. */
  get acked(): readonly AckedWrite[] {
    return this.invariants.acked;
  }

  /** The highest index anyone saw committed. */
  get highestCommitted(): number {
    return this.invariants.highestCommitted;
  }

  /**
   * Heals everything, restarts every server, then writes a marker entry and waits until every
   * voter has applied it (liveness). Then every acknowledged write must be on every voter.
   */
  checkConverged(maxMs: number): void {
    this.heal();
    this.setDropRate(0);
    this.dropWhere = null;
    this.disarm();
    for (const id of this.ids) this.restart(id);
    const deadline = this.now + maxMs;
    let done = false;
    while (!done && this.now < deadline) {
      const hasLeader = this.runUntil(() => this.leader() !== null, deadline - this.now);
      if (!hasLeader) break;
      const marker = this.propose(`marker@${this.now}`, undefined, false);
      if (marker === null || !marker.ok) {
        this.runFor(10);
        continue;
      }
      done = this.runUntil(() => {
        const leader = this.leader();
        if (leader === null || leader.term !== marker.term) return true;
        return (
          this.invariants.isCommitted(marker.index, marker.term) &&
          this.ids.every(
            (id) =>
              !leader.configuration.voters.includes(id) ||
              this.server(id).fsm.index >= marker.index,
          )
        );
      }, deadline - this.now);
      const leader = this.leader();
      done = done && leader !== null && leader.term === marker.term;
    }
    if (!done) throw new RaftInvariantViolation(`no convergence within ${maxMs} ms after healing`);
    const leader = this.leader() as RaftNode;
    for (const id of this.ids) {
      if (!leader.configuration.voters.includes(id)) continue;
      const lost = this.invariants.lostAckedWrite(this.server(id).node as RaftNode);
      if (lost !== null)
        throw new RaftInvariantViolation(`acknowledged write at index ${lost.index} lost on ${id}`);
    }
  }
}
