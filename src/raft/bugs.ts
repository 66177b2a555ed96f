/**
 * Deliberate Raft bugs, switched on only by tests. They exist so that the invariant checkers can
 * prove they catch real mistakes: a checker that never fails with these on is not checking much.
 */

/** Which seeded bugs are active (all off by default). */
export interface RaftBugs {
  /** The leader commits entries of an earlier term by counting replicas (ignores Figure 8). */
  readonly commitOldTermByCounting?: boolean;
  /** A voter sends its vote grant before the effect that persists the vote. */
  readonly voteBeforePersist?: boolean;
  /** Voters grant (pre-)votes without checking that the candidate's log is up to date. */
  readonly skipLogUpToDateCheck?: boolean;
}

/** No bugs. */
export const NO_RAFT_BUGS: RaftBugs = Object.freeze({});
