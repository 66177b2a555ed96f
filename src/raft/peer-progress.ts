/**
 * What a leader knows about one follower: how far its log matches, what to send next, when it last
 * answered (for the leader lease), when the next heartbeat is due and whether a replication
 * message is still awaiting its answer. A leader keeps one per other voter, plus removed servers
 * until they have received the configuration that removed them.
 */
import type { LogIndex, NodeId } from './types.js';

/** A replication message that has not been answered yet. */
export interface InflightReplication {
  readonly kind: 'append' | 'snapshot';
  readonly sentAt: number;
  /** The leader's commit index when it was sent (what the follower learns from it). */
  readonly commit: LogIndex;
  /** The match index its success answer reports: the last entry it carried, or the snapshot's index. */
  readonly through: LogIndex;
}

export interface PeerProgress {
  readonly id: NodeId;
  /** The next log index to send. */
  nextIndex: LogIndex;
  /** The highest index known to match the leader's log (0 = nothing known). */
  matchIndex: LogIndex;
  /** When the follower last answered anything (virtual ms). */
  lastContact: number;
  /** When the next heartbeat is due. */
  nextHeartbeatAt: number;
  /** The unanswered AppendEntries / InstallSnapshot, if any (one at a time). */
  inflight: InflightReplication | null;
  /** The commit index carried by the last AppendEntries sent. */
  commitSent: LogIndex;
  /** When to send an otherwise empty AppendEntries to carry a newer commit index, if scheduled. */
  commitDueAt: number | null;
  /** For a removed server: the index of its removal; replication stops once it knows that is committed. */
  departAfter: LogIndex | null;
}

/** A fresh progress record for a follower whose log state is unknown. */
export function newPeerProgress(
  id: NodeId,
  nextIndex: LogIndex,
  now: number,
  nextHeartbeatAt: number,
): PeerProgress {
  return {
    id,
    nextIndex,
    matchIndex: 0 as LogIndex,
    lastContact: now,
    nextHeartbeatAt,
    inflight: null,
    commitSent: 0 as LogIndex,
    commitDueAt: null,
    departAfter: null,
  };
}
