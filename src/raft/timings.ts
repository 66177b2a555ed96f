/**
 * Raft timings and log limits, with hashicorp/raft's defaults (the values Nomad runs with).
 *
 * Nomad's `raft_multiplier` (1..10, default 1) scales the four timings; scenarios may also override
 * any of them to make simulated clusters react faster, as Nomad's own tests do. All values are
 * virtual milliseconds; the Raft node never reads a clock.
 */

/** The timing knobs of a Raft node. */
export interface RaftTimings {
  /** A follower starts an election after a random time in [heartbeatTimeout, 2x) without a leader. */
  readonly heartbeatTimeout: number;
  /** A candidate restarts its election after a random time in [electionTimeout, 2x). */
  readonly electionTimeout: number;
  /** A leader steps down when it has not heard from a quorum for this long (check quorum). */
  readonly leaderLeaseTimeout: number;
  /** The longest a leader waits before telling followers about a new commit index. */
  readonly commitTimeout: number;
}

/** Log size limits. */
export interface RaftLogLimits {
  /** `shouldSnapshot()` turns true once this many applied entries are not covered by a snapshot. */
  readonly snapshotThreshold: number;
  /** Entries kept in the log behind a snapshot, so slightly slow followers avoid InstallSnapshot. */
  readonly trailingLogs: number;
  /** Most entries sent in one AppendEntries message. */
  readonly maxAppendEntries: number;
}

/** hashicorp/raft `DefaultConfig()` timings. */
export const DEFAULT_RAFT_TIMINGS: RaftTimings = Object.freeze({
  heartbeatTimeout: 1000,
  electionTimeout: 1000,
  leaderLeaseTimeout: 500,
  commitTimeout: 50,
});

/** hashicorp/raft `DefaultConfig()` log limits (Nomad's raft_snapshot_threshold / raft_trailing_logs). */
export const DEFAULT_RAFT_LOG_LIMITS: RaftLogLimits = Object.freeze({
  snapshotThreshold: 8192,
  trailingLogs: 10240,
  maxAppendEntries: 64,
});

/** Options for `raftTimings`. */
export interface RaftTimingOptions {
  /** Nomad's `raft_multiplier`: an integer from 1 to 10 that scales every timing. */
  readonly raftMultiplier?: number;
  /** Values that replace the (scaled) defaults. */
  readonly overrides?: Partial<RaftTimings>;
}

/** Builds and validates a timings object: defaults × multiplier, then overrides. */
export function raftTimings(options: RaftTimingOptions = {}): RaftTimings {
  const multiplier = options.raftMultiplier ?? 1;
  if (!Number.isInteger(multiplier) || multiplier < 1 || multiplier > 10) {
    throw new RangeError(
      `raft_multiplier cannot be ${String(multiplier)}. Must be between 1 and 10`,
    );
  }
  const timings: RaftTimings = {
    heartbeatTimeout: DEFAULT_RAFT_TIMINGS.heartbeatTimeout * multiplier,
    electionTimeout: DEFAULT_RAFT_TIMINGS.electionTimeout * multiplier,
    leaderLeaseTimeout: DEFAULT_RAFT_TIMINGS.leaderLeaseTimeout * multiplier,
    commitTimeout: DEFAULT_RAFT_TIMINGS.commitTimeout * multiplier,
    ...options.overrides,
  };
  validateRaftTimings(timings);
  return timings;
}

/** Throws a RangeError naming the first unusable timing. */
export function validateRaftTimings(timings: RaftTimings): void {
  for (const [name, value] of Object.entries(timings)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(
        `invalid Raft timing ${name}: expected a positive number of ms, got ${String(value)}`,
      );
    }
  }
  if (timings.electionTimeout < timings.heartbeatTimeout) {
    throw new RangeError('invalid Raft timings: electionTimeout must be at least heartbeatTimeout');
  }
  if (timings.leaderLeaseTimeout > timings.heartbeatTimeout) {
    throw new RangeError(
      'invalid Raft timings: leaderLeaseTimeout cannot be larger than heartbeatTimeout',
    );
  }
}

/** Builds and validates log limits: defaults, then overrides. */
export function raftLogLimits(overrides: Partial<RaftLogLimits> = {}): RaftLogLimits {
  const limits: RaftLogLimits = { ...DEFAULT_RAFT_LOG_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    const minimum = name === 'trailingLogs' ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < minimum) {
      throw new RangeError(
        `invalid Raft log limit ${name}: expected an integer >= ${minimum}, got ${String(value)}`,
      );
    }
  }
  return limits;
}
