/**
 * Deliberate bugs, switched on only by tests and `nomad-sim chaos --bug`, so that the invariant
 * checkers and the chaos runner can prove they catch real mistakes: a checker that never fails
 * with these on is not checking much. Every switch is off by default.
 *
 * The catalogue lives here, at the bottom of the layers, because the bugs sit in many of them (the
 * Raft core, a server's effect runner, the ACL state store and bootstrap endpoint, the ACL
 * replicator); each layer reads only its own switches, handed down with the cluster's options.
 */

/** Which seeded bugs are active (all off by default). */
export interface SeededBugs {
  /** Raft: the leader commits entries of an earlier term by counting replicas (ignores Figure 8). */
  readonly commitOldTermByCounting?: boolean;
  /** Raft: a voter sends its vote grant before the effect that persists the vote. */
  readonly voteBeforePersist?: boolean;
  /** Raft: voters grant pre-votes and votes without checking that the candidate's log is up to date. */
  readonly skipLogUpToDateCheck?: boolean;
  /** Raft: voters grant pre-votes without checking the candidate's log (real votes still check it). */
  readonly preVoteSkipsLogCheck?: boolean;
  /** Raft: no check quorum; a leader cut off from its voters never steps down on its own. */
  readonly skipCheckQuorum?: boolean;
  /** Server: effects queued behind a disk write run before the write is synced (acks before fsync). */
  readonly ackBeforeFsync?: boolean;
  /** ACL state store: a bootstrap is applied without re-checking that none was done (a race wins twice). */
  readonly bootstrapTwice?: boolean;
  /** ACL bootstrap endpoint: a reset file holding an older reset index is accepted as the current one. */
  readonly acceptStaleResetIndex?: boolean;
  /** ACL replicator: after a round it asks from the listed index + 1, so a change at the next index is missed. */
  readonly replicationIndexOffByOne?: boolean;
  /** ACL token resolution: an expired token still resolves. */
  readonly expiredTokenStillValid?: boolean;
}

export type SeededBugName = keyof SeededBugs;

/** Every seeded bug with the one line `nomad-sim chaos --help` shows for it, in catalogue order. */
export const SEEDED_BUGS: ReadonlyArray<readonly [SeededBugName, string]> = [
  [
    'commitOldTermByCounting',
    "Raft leader commits an earlier term's entries by counting replicas (Figure 8)",
  ],
  ['voteBeforePersist', 'Raft voter grants its vote before the vote is on disk'],
  ['skipLogUpToDateCheck', 'Raft voters grant (pre-)votes to candidates with stale logs'],
  ['preVoteSkipsLogCheck', "Raft voters grant pre-votes without checking the candidate's log"],
  ['skipCheckQuorum', 'Raft leader never steps down when it loses contact with a quorum'],
  ['ackBeforeFsync', 'a server acts on (and acknowledges) log writes before they are synced'],
  ['bootstrapTwice', 'the ACL state store applies a second bootstrap that raced the first'],
  ['acceptStaleResetIndex', 'ACL bootstrap accepts a reset file with an older reset index'],
  [
    'replicationIndexOffByOne',
    'ACL replication resumes from the listed index + 1 and misses a change',
  ],
  ['expiredTokenStillValid', 'an expired ACL token still resolves'],
];

/** The names of every seeded bug, in catalogue order. */
export const SEEDED_BUG_NAMES: readonly SeededBugName[] = SEEDED_BUGS.map(([name]) => name);

/** No bugs. */
export const NO_SEEDED_BUGS: SeededBugs = Object.freeze({});
