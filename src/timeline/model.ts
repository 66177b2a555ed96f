/**
 * The timeline model: what the timeline page shows, derived from a run's trace (see
 * ./build-timeline.ts). It is plain JSON (numbers, strings, arrays, objects) so the page can carry
 * it inline; the bulky parts (messages, commits, applies) are flat number arrays, a few numbers
 * per record, so a one-hour chaos trace stays a file a browser opens. Nothing here imports Node
 * modules: the page's script bundles this folder.
 */

/** Where a lane's endpoint lives: a Nomad server, a client agent, or outside every region. */
export type LaneKind = 'server' | 'client' | 'outside';

/** One horizontal lane of the page: a network endpoint named as in `net.*` records. */
export interface Lane {
  /** `region/server`, `region/client-1`, or a bare name such as `workstation`. */
  readonly id: string;
  readonly region: string | null;
  readonly name: string;
  readonly kind: LaneKind;
}

export interface RegionGroup {
  readonly name: string;
  /** Lane indices, servers first, in name order. */
  readonly lanes: number[];
}

/** A server's Raft role; `down` between a stop and the next start, `unknown` before any record. */
export type RoleName = 'down' | 'follower' | 'candidate' | 'leader';

/** A stretch of time in which a server kept one role and term. `to` is the run's end when open. */
export interface RoleSpan {
  readonly lane: number;
  readonly from: number;
  readonly to: number;
  readonly role: RoleName;
  readonly term: number;
}

/** One leadership: who led a region in a term, and for how long. */
export interface Leadership {
  readonly region: string;
  readonly term: number;
  readonly lane: number;
  readonly from: number;
  readonly to: number;
}

/** A server starting, stopping gracefully, or crashing. */
export interface LifeEvent {
  readonly t: number;
  readonly lane: number;
  readonly what: 'start' | 'stop' | 'crash';
}

export interface SnapshotEvent {
  readonly t: number;
  readonly lane: number;
  readonly index: number;
  readonly term: number;
  readonly how: 'taken' | 'installed';
}

/** A network partition from the moment it was cut until it healed (`to` is the run's end when never healed). */
export interface PartitionSpan {
  readonly id: number;
  readonly from: number;
  readonly to: number;
  readonly oneWay: boolean;
  /** The two sides as lane indices (endpoints the page has no lane for are left out). */
  readonly sides: [number[], number[]];
  /** The two sides as the trace names them. */
  readonly names: [string[], string[]];
}

/** Message loss or duplication in force over a stretch of time (only stretches where it is above 0). */
export interface NetworkSpan {
  readonly what: 'loss' | 'duplicate';
  readonly from: number;
  readonly to: number;
  readonly value: number;
}

/** Messages that took longer than this (ms) are "stragglers" (see MessageTable). */
export const STRAGGLER_MS = 1000;

/** How a message ended. */
export const MESSAGE_OUTCOMES = [
  'delivered',
  'loss',
  'partition',
  'down',
  'restarted',
  'in flight',
] as const;
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

/** The family of a message, for its colour and for thinning out the busy ones. */
export type MessageFamily = 'heartbeat' | 'replication' | 'election' | 'rpc' | 'client';

/**
 * Every message, in send order, as parallel columns: `send[i]` and `end[i]` are virtual ms (end
 * is the delivery or drop; the run's end when neither happened), `from`/`to` lane indices,
 * `what` an index into `kinds`, `outcome` an index into MESSAGE_OUTCOMES.
 */
export interface MessageTable {
  readonly kinds: string[];
  /** The family of each entry of `kinds`. */
  readonly families: MessageFamily[];
  readonly send: number[];
  readonly end: number[];
  readonly from: number[];
  readonly to: number[];
  readonly what: number[];
  readonly outcome: number[];
  /**
   * The longest `end - send` among messages that took at most STRAGGLER_MS, so a time window
   * finds every such message crossing it by looking only that far back.
   */
  readonly longest: number;
  /**
   * Rows of the other messages: held back longer (a reliable send waiting out a partition) or
   * still in flight when the run ended (their `end` is the run's end). There are few.
   */
  readonly stragglers: number[];
}

/** A client request and the way it went: origin → entry server → forwarded hops → executing server. */
export interface RequestPath {
  readonly id: string;
  readonly operation: string;
  readonly t: number;
  /** When the response came back (null: never). */
  readonly end: number | null;
  /** The lane that sent the request (a workstation or client), or -1 when the trace does not show it. */
  readonly origin: number;
  readonly entry: number;
  /** The lane that executed it (-1: no response). */
  readonly exec: number;
  readonly write: boolean;
  readonly status: number | null;
  readonly error: string | null;
  readonly index: number;
  /** The forwarding messages (indices into the message table), entry to executor, when found. */
  readonly hops: number[];
}

/** One version of an ACL object: its write in the authoritative region and each region's copy. */
export interface AclVersion {
  readonly action: 'upsert' | 'delete';
  /** The authoritative region's ModifyIndex (0 for a deletion). */
  readonly index: number;
  /** When the authoritative region applied it (null when the trace does not show it). */
  readonly written: number | null;
  /** When each other region's copy arrived, in order. */
  readonly arrivals: Array<{ readonly region: string; readonly t: number }>;
}

export interface AclObject {
  readonly what: 'policies' | 'tokens';
  /** Policy name or token accessor ID. */
  readonly id: string;
  readonly versions: AclVersion[];
}

/** A successful ACL write (bootstrap, policy or token change) and where it executed. */
export interface AclWrite {
  readonly t: number;
  readonly region: string;
  readonly lane: number;
  readonly operation: string;
  readonly index: number;
  readonly request: string;
}

/** One replication round of a region (`acl.replicate`), successful or not. */
export interface ReplicationRound {
  readonly t: number;
  readonly region: string;
  readonly what: 'policies' | 'tokens';
  readonly upserted: number;
  readonly deleted: number;
  readonly remoteIndex: number;
  readonly error: string | null;
}

/** A stretch in which a region's replicator waited after a failed round, until its next round. */
export interface BackOff {
  readonly region: string;
  readonly what: 'policies' | 'tokens';
  readonly from: number;
  readonly to: number;
  readonly error: string;
}

export interface AclTimeline {
  /** The authoritative region, from the replicators' log lines (null when nothing replicated). */
  readonly authoritative: string | null;
  readonly objects: AclObject[];
  readonly writes: AclWrite[];
  readonly rounds: ReplicationRound[];
  readonly backOffs: BackOff[];
}

/** One transcript line and the virtual time of the step that printed it. */
export interface TranscriptLine {
  readonly t: number;
  readonly text: string;
}

/** Raft bookkeeping of one server lane, as flat number arrays (see field docs). */
export interface ServerLog {
  /** `[t, index, ...]` per `raft.commit`. */
  readonly commits: number[];
  /** `[t, index, term, type, ...]` per `raft.apply`; type indexes `entryTypes`. */
  readonly applies: number[];
  /** `[t, first, last, term, ...]` per `raft.append` (a leader's own appends). */
  readonly appends: number[];
  /** Entry types of each append, parallel to `appends` (indices into `entryTypes`). */
  readonly appendTypes: number[][];
}

/** A vote a server persisted: for `votedFor` (a lane id such as `global/server-2`) in `term`. */
export interface VoteEvent {
  readonly t: number;
  readonly lane: number;
  readonly term: number;
  readonly votedFor: string;
}

/** The agent config file a server (re)started with. */
export interface ConfigEvent {
  readonly t: number;
  readonly lane: number;
  readonly file: string;
  readonly text: string;
}

/**
 * What the servers' ACL tables held, compactly: every server of a region applies the same ACL
 * entry at the same log index, so each entry is kept once per region (a server's `logs.applies`
 * say when it applied which index), and policy names and token AccessorIDs are kept once, in
 * `ids`, and named by position: `n` for an id written, `-n - 1` for one removed.
 */
export interface AclTableHistory {
  readonly ids: string[];
  /** Per region: each ACL entry's log index, whether it changed tokens (1) or policies (0), and what it changed. */
  readonly entries: Record<string, AclRegionEntries>;
  /** Snapshots that replaced a server's tables (restored at start, or installed), in time order. */
  readonly snapshots: AclTableSnapshot[];
}

export interface AclRegionEntries {
  readonly index: number[];
  readonly tokens: number[];
  readonly changes: number[][];
}

export interface AclTableSnapshot {
  readonly t: number;
  readonly lane: number;
  readonly index: number;
  readonly policies: number[];
  readonly tokens: number[];
}

/** Names the model's shape, so a page refuses a model it cannot read. */
export const TIMELINE_FORMAT = 'nomad-sim timeline 2';

export interface Timeline {
  readonly format: typeof TIMELINE_FORMAT;
  readonly title: string;
  readonly start: number;
  readonly end: number;
  readonly lanes: Lane[];
  readonly regions: RegionGroup[];
  readonly roles: RoleSpan[];
  readonly leaders: Leadership[];
  readonly life: LifeEvent[];
  readonly snapshots: SnapshotEvent[];
  readonly partitions: PartitionSpan[];
  readonly network: NetworkSpan[];
  readonly messages: MessageTable;
  readonly requests: RequestPath[];
  readonly acl: AclTimeline;
  readonly transcript: TranscriptLine[];
  readonly entryTypes: string[];
  /** Per lane (empty arrays for lanes that are not servers). */
  readonly logs: ServerLog[];
  /** Votes, config files and ACL table changes of the servers, in time order. */
  readonly votes: VoteEvent[];
  readonly configs: ConfigEvent[];
  readonly aclTables: AclTableHistory;
}
