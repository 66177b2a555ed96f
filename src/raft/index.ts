/**
 * The Raft core's public surface: the node, its messages and effects, the persisted-state model,
 * timings, and the helpers a server or a checker needs. Import from here, not from the files.
 *
 * How a server drives a node:
 *   1. Build it with `new RaftNode({ id, now, rng, timings, persisted })` from what is on disk.
 *   2. Feed it `step(now, message)` for every delivered message, `tick(now)` when the time from
 *      `nextDeadline()` comes (re-read it after every call; Infinity = no timer), and commands.
 *   3. After every call, append `takeEffects()` to the server's effect queue and run that queue
 *      strictly in order. A persist effect (see `isPersistEffect`) is written and synced before
 *      anything after it runs, in this batch or later ones; a crash drops the unsynced persist and
 *      everything queued after it. `applyPersistEffect` defines what each persist does to the disk.
 */
export { RaftNode } from './node.js';
export type { RaftNodeOptions, TakenSnapshot } from './node.js';
export type * from './messages.js';
export type * from './effects.js';
export { isPersistEffect } from './effects.js';
export type * from './types.js';
export { EMPTY_PERSISTED_STATE, logIndex, nodeId, term } from './types.js';
export { applyPersistEffect, assertCoherentPersistedState } from './persisted-state.js';
export {
  DEFAULT_RAFT_LOG_LIMITS,
  DEFAULT_RAFT_TIMINGS,
  raftLogLimits,
  raftTimings,
  validateRaftTimings,
} from './timings.js';
export type { RaftLogLimits, RaftTimingOptions, RaftTimings } from './timings.js';
export {
  applyConfigurationChange,
  configurationProblem,
  EMPTY_CONFIGURATION,
  isVoter,
} from './configuration.js';
export { quorumMatchIndex, quorumSize } from './quorum.js';
export { RAFT_REFUSAL_TEXT } from './results.js';
export type {
  BootstrapResult,
  ProposeResult,
  RaftRefusal,
  RaftRefusalReason,
  SnapshotResult,
  TransferResult,
} from './results.js';
export type { RaftBugs } from './bugs.js';
export { entryDigest } from './entry-digest.js';
