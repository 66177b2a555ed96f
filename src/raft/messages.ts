/**
 * The messages Raft nodes exchange. They are plain data (msgpackr-encodable) because they cross
 * the simulated network as bytes. Every message names its sender and carries the sender's term.
 * Unlike hashicorp/raft's RPCs, requests and responses are separate one-way messages: the network
 * may lose, delay, duplicate or reorder any of them, and the node copes with each of those.
 */
import type { LogEntry, LogIndex, NodeId, RaftSnapshot, Term } from './types.js';

/** Leader → follower: entries to append after (prevLogIndex, prevLogTerm), and the commit index. */
export interface AppendEntriesMessage {
  readonly type: 'appendEntries';
  readonly from: NodeId;
  readonly term: Term;
  readonly prevLogIndex: LogIndex;
  readonly prevLogTerm: Term;
  readonly entries: readonly LogEntry[];
  readonly leaderCommit: LogIndex;
}

/** Follower → leader: the outcome of an AppendEntries. */
export interface AppendEntriesResponseMessage {
  readonly type: 'appendEntriesResponse';
  readonly from: NodeId;
  readonly term: Term;
  readonly success: boolean;
  /** On success: the follower's log matches the leader's up to here. On failure: 0. */
  readonly matchIndex: LogIndex;
  /** On failure: the prevLogIndex that did not match. */
  readonly rejectedIndex: LogIndex;
  /**
   * On failure, the backtracking hint: when the follower's log is too short, its last index + 1
   * and conflictTerm null; when the terms differ at prevLogIndex, the follower's term there and the
   * first index the follower holds with that term.
   */
  readonly conflictIndex: LogIndex;
  readonly conflictTerm: Term | null;
}

/**
 * Leader → follower, every [heartbeatTimeout/10, heartbeatTimeout/5): "I am still the leader".
 * `leaderCommit` is capped at the follower's known match index, so it is safe without a log check.
 */
export interface HeartbeatMessage {
  readonly type: 'heartbeat';
  readonly from: NodeId;
  readonly term: Term;
  readonly leaderCommit: LogIndex;
}

/** Follower → leader: heartbeat received (counts as contact for the leader lease). */
export interface HeartbeatResponseMessage {
  readonly type: 'heartbeatResponse';
  readonly from: NodeId;
  readonly term: Term;
}

/**
 * Candidate → voter. With `preVote` it only asks "would you vote for me in `term`?" and neither
 * side changes its term. `leadershipTransfer` is set after a TimeoutNow so that voters ignore the
 * leader they still know.
 */
export interface RequestVoteMessage {
  readonly type: 'requestVote';
  readonly from: NodeId;
  readonly term: Term;
  readonly lastLogIndex: LogIndex;
  readonly lastLogTerm: Term;
  readonly preVote: boolean;
  readonly leadershipTransfer: boolean;
}

/** Voter → candidate. `term` is the voter's current term; `voteTerm` the term that was asked for. */
export interface RequestVoteResponseMessage {
  readonly type: 'requestVoteResponse';
  readonly from: NodeId;
  readonly term: Term;
  readonly voteTerm: Term;
  readonly preVote: boolean;
  readonly granted: boolean;
}

/** Leader → follower whose next entry was compacted away: the leader's latest snapshot. */
export interface InstallSnapshotMessage {
  readonly type: 'installSnapshot';
  readonly from: NodeId;
  readonly term: Term;
  readonly snapshot: RaftSnapshot;
}

/** Follower → leader: the follower now holds everything up to `matchIndex`. */
export interface InstallSnapshotResponseMessage {
  readonly type: 'installSnapshotResponse';
  readonly from: NodeId;
  readonly term: Term;
  readonly matchIndex: LogIndex;
}

/** Leader → chosen follower during a leadership transfer: start an election now. */
export interface TimeoutNowMessage {
  readonly type: 'timeoutNow';
  readonly from: NodeId;
  readonly term: Term;
}

/** Any message between Raft nodes. */
export type RaftMessage =
  | AppendEntriesMessage
  | AppendEntriesResponseMessage
  | HeartbeatMessage
  | HeartbeatResponseMessage
  | RequestVoteMessage
  | RequestVoteResponseMessage
  | InstallSnapshotMessage
  | InstallSnapshotResponseMessage
  | TimeoutNowMessage;

/** The `type` tags of all messages. */
export type RaftMessageType = RaftMessage['type'];
