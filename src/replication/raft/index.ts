/**
 * The Raft core's public surface: the node, its messages and effects, the persisted-state model,
 * timings, and the helpers a server or a checker needs. Import from here, not from the files.
 */
export { RaftNode } from './node.js';
export type { RaftNodeOptions, TakenSnapshot } from './node.js';
export type * from './messages.js';
export type * from './effects.js';
export { isPersistEffect } from './effects.js';
export type * from './types.js';
export { EMPTY_PERSISTED_STATE, logIndex, nodeId, term } from './types.js';
export { applyPersistEffect, assertCoherentPersistedState } from './persisted-state.js';
export { DEFAULT_RAFT_LOG_LIMITS, DEFAULT_RAFT_TIMINGS, raftLogLimits, raftTimings, validateRaftTimings } from './timings.js';
export type { RaftLogLimits, RaftTimingOptions, RaftTimings } from './timings.js';
export { applyConfigurationChange, configurationProblem, EMPTY_CONFIGURATION, isVoter } from './configuration.js';
export { quorumMatchIndex, quorumSize } from './quorum.js';
export { RAFT_REFUSAL_TEXT } from './results.js';
export type { BootstrapResult, ProposeResult, RaftRefusal, RaftRefusalReason, SnapshotResult, TransferResult } from './results.js';
export type { RaftBugs } from './bugs.js';
