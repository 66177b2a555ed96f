/**
 * What a Raft node asks its server to do. The node never performs I/O itself: every entry point
 * queues effects, and the server drains them with `takeEffects()` and executes them strictly in
 * order. The one rule that makes Raft safe: a `persist*` effect must be durable (synced) before
 * ANY effect queued after it runs — the rest of its batch and every later batch. A crash loses an
 * unsynced persist together with every effect queued after it.
 */
import type { RaftMessage } from './messages.js';
import type { LogEntry, LogIndex, NodeId, RaftRole, RaftSnapshot, Term } from './types.js';

/** Persist the current term and vote (overwrite both, atomically). */
export interface PersistStateEffect {
  readonly type: 'persistState';
  readonly term: Term;
  readonly votedFor: NodeId | null;
}

/** Delete log entries with index >= truncateFrom (when not null), then append `entries`. */
export interface PersistEntriesEffect {
  readonly type: 'persistEntries';
  readonly truncateFrom: LogIndex | null;
  readonly entries: readonly LogEntry[];
}

/**
 * Atomically replace the stored snapshot with `snapshot` and delete log entries with
 * index <= deleteLogThrough (which may exceed the snapshot index when a conflicting log is dropped).
 */
export interface PersistSnapshotEffect {
  readonly type: 'persistSnapshot';
  readonly snapshot: RaftSnapshot;
  readonly deleteLogThrough: LogIndex;
}

/** Send `message` to node `to`. */
export interface SendEffect {
  readonly type: 'send';
  readonly to: NodeId;
  readonly message: RaftMessage;
}

/** Apply committed entries to the state machine, in order (all entry types, so indexes have no gaps). */
export interface ApplyEffect {
  readonly type: 'apply';
  readonly entries: readonly LogEntry[];
}

/** Replace the state machine with the snapshot's image; the next applied entry is snapshot.index + 1. */
export interface RestoreSnapshotEffect {
  readonly type: 'restoreSnapshot';
  readonly snapshot: RaftSnapshot;
}

/** The node's role, term or known leader changed (for the trace and for leadership duties). */
export interface RoleChangedEffect {
  readonly type: 'roleChanged';
  readonly role: RaftRole;
  readonly term: Term;
  readonly leader: NodeId | null;
}

/** The node learned that everything up to `index` (whose entry has `term`) is committed. */
export interface CommitAdvancedEffect {
  readonly type: 'commitAdvanced';
  readonly index: LogIndex;
  readonly term: Term;
}

/** A leadership transfer did not complete within the election timeout; the node stays leader. */
export interface LeadershipTransferFailedEffect {
  readonly type: 'leadershipTransferFailed';
  readonly target: NodeId;
}

/** Any effect. */
export type RaftEffect =
  | PersistStateEffect
  | PersistEntriesEffect
  | PersistSnapshotEffect
  | SendEffect
  | ApplyEffect
  | RestoreSnapshotEffect
  | RoleChangedEffect
  | CommitAdvancedEffect
  | LeadershipTransferFailedEffect;

/** Effects that change the disk and must be synced before any later effect runs. */
export type PersistEffect = PersistStateEffect | PersistEntriesEffect | PersistSnapshotEffect;

/** True for the effects that must be durable before later effects run. */
export function isPersistEffect(effect: RaftEffect): effect is PersistEffect {
  return (
    effect.type === 'persistState' ||
    effect.type === 'persistEntries' ||
    effect.type === 'persistSnapshot'
  );
}
