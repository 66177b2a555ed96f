/**
 * The vocabulary of the Raft core: branded ids, terms and log indexes, log entries, cluster
 * configurations and snapshots. Everything here is plain data (numbers, strings, arrays, plain
 * objects, Uint8Array) because entries and snapshots cross the simulated network as msgpackr bytes
 * and sit on simulated disks. Brands keep a term from being passed where an index is expected.
 */

/** The id of a Raft server (Nomad uses the server's node id). */
export type NodeId = string & { readonly __brand: 'NodeId' };
/** A Raft term: a logical clock that increases with every election. 0 = nothing happened yet. */
export type Term = number & { readonly __brand: 'Term' };
/** A position in the replicated log, starting at 1. 0 means "before the first entry". */
export type LogIndex = number & { readonly __brand: 'LogIndex' };

/** Brands a string as a node id. */
export function nodeId(value: string): NodeId {
  if (typeof value !== 'string' || value.length === 0)
    throw new TypeError('a Raft node id must be a non-empty string');
  return value as NodeId;
}

/** Brands a non-negative integer as a term. */
export function term(value: number): Term {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`invalid Raft term ${String(value)}`);
  return value as Term;
}

/** Brands a non-negative integer as a log index. */
export function logIndex(value: number): LogIndex {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`invalid Raft log index ${String(value)}`);
  return value as LogIndex;
}

/**
 * The servers that take part in the cluster. Only voters exist here (Nomad's autopilot non-voters
 * are out of scope); the order is the order in which they were added, as in hashicorp/raft.
 */
export interface Configuration {
  readonly voters: readonly NodeId[];
}

/** A change of one server at a time, as hashicorp/raft's AddVoter / RemoveServer. */
export type ConfigurationChange =
  | { readonly type: 'addVoter'; readonly id: NodeId }
  | { readonly type: 'removeServer'; readonly id: NodeId };

/** Fields every log entry has. */
interface EntryBase {
  readonly index: LogIndex;
  readonly term: Term;
}

/** A client command; the payload is opaque to Raft (the server encodes and decodes it). */
export interface CommandEntry extends EntryBase {
  readonly type: 'command';
  readonly data: Uint8Array;
}

/** The empty entry a new leader appends so that it can commit entries of its own term quickly. */
export interface NoopEntry extends EntryBase {
  readonly type: 'noop';
}

/** A configuration change; it takes effect as soon as it is in a server's log, even uncommitted. */
export interface ConfigurationEntry extends EntryBase {
  readonly type: 'configuration';
  readonly configuration: Configuration;
}

/** One entry of the replicated log. */
export type LogEntry = CommandEntry | NoopEntry | ConfigurationEntry;

/** What a snapshot covers: everything up to and including `index`. */
export interface SnapshotMeta {
  readonly index: LogIndex;
  readonly term: Term;
  /** The configuration in effect at `index` and the index of the entry that carried it. */
  readonly configuration: Configuration;
  readonly configurationIndex: LogIndex;
}

/** A state-machine snapshot with the Raft metadata needed to restart or catch up from it. */
export interface RaftSnapshot extends SnapshotMeta {
  /** The state machine image, encoded by the server. */
  readonly data: Uint8Array;
}

/**
 * Everything a Raft node keeps on disk, and all it needs to restart: the current term and vote,
 * the latest snapshot and the log entries still on disk. `entries` are contiguous; when there is
 * a snapshot they either start at or before `snapshot.index` (trailing logs kept for slow
 * followers, in which case the entry at `snapshot.index` has `snapshot.term`) or right after it.
 */
export interface PersistedRaftState {
  readonly term: Term;
  readonly votedFor: NodeId | null;
  readonly snapshot: RaftSnapshot | null;
  readonly entries: readonly LogEntry[];
}

/** The state of a server that has never run: it waits for `bootstrapCluster` or a leader. */
export const EMPTY_PERSISTED_STATE: PersistedRaftState = Object.freeze({
  term: 0 as Term,
  votedFor: null,
  snapshot: null,
  entries: Object.freeze([]) as readonly LogEntry[],
});

/** The three Raft roles. */
export type RaftRole = 'follower' | 'candidate' | 'leader';
