/**
 * One Raft server as a state machine without I/O (etcd-io/raft's Step/Ready style), following the
 * Raft paper and hashicorp/raft's behaviour (the library Nomad uses): pre-vote, check quorum,
 * leadership transfer, one-at-a-time membership changes in effect as soon as they are in the log,
 * snapshots with trailing logs, and BootstrapCluster.
 *
 * The node never reads a clock, never draws randomness except from its injected `Rng`, and never
 * performs I/O. It is driven by `step(now, message)`, `tick(now)` and the commands below; each
 * call queues effects (see effects.ts) that the server drains with `takeEffects()` and executes in
 * order, syncing every persist effect before running anything queued after it. `nextDeadline()`
 * says when the node next needs `tick`, so idle time costs nothing.
 *
 * The getters show the node's in-memory decisions, which can run ahead of its disk for the length
 * of one sync: a single-voter node elects itself and commits its own entries at once, but the
 * effects that make this visible (roleChanged, sends, commitAdvanced, apply) are queued after the
 * persist effects, so nobody outside can observe it before it is durable, and a crash undoes it.
 */
import type { Rng } from '../sim/random.js';
import type { RaftBugs } from './bugs.js';
import { NO_RAFT_BUGS } from './bugs.js';
import {
  applyConfigurationChange,
  configurationProblem,
  ConfigurationHistory,
  EMPTY_CONFIGURATION,
  isVoter,
} from './configuration.js';
import type { RaftEffect } from './effects.js';
import { RaftLog } from './log.js';
import type {
  AppendEntriesMessage,
  AppendEntriesResponseMessage,
  HeartbeatMessage,
  HeartbeatResponseMessage,
  InstallSnapshotMessage,
  InstallSnapshotResponseMessage,
  RaftMessage,
  RequestVoteMessage,
  RequestVoteResponseMessage,
  TimeoutNowMessage,
} from './messages.js';
import { newPeerProgress } from './peer-progress.js';
import type { PeerProgress } from './peer-progress.js';
import { assertCoherentPersistedState } from './persisted-state.js';
import { quorumMatchIndex, quorumSize } from './quorum.js';
import { refusal } from './results.js';
import type { BootstrapResult, ProposeResult, SnapshotResult, TransferResult } from './results.js';
import { raftLogLimits, raftTimings, validateRaftTimings } from './timings.js';
import type { RaftLogLimits, RaftTimings } from './timings.js';
import { EMPTY_PERSISTED_STATE } from './types.js';
import type {
  Configuration,
  ConfigurationChange,
  LogEntry,
  LogIndex,
  NodeId,
  PersistedRaftState,
  RaftRole,
  RaftSnapshot,
  Term,
} from './types.js';
import { assertNever } from '../sim/assert-never.js';

/** Options for `new RaftNode`. */
export interface RaftNodeOptions {
  readonly id: NodeId;
  /** The virtual time at which the node starts (it starts as a follower). */
  readonly now: number;
  /** The node's own random stream (election and heartbeat jitter). */
  readonly rng: Rng;
  /** Defaults to hashicorp/raft's timings (`raftTimings()`). */
  readonly timings?: RaftTimings;
  /** Defaults to hashicorp/raft's snapshot threshold, trailing logs and batch size. */
  readonly limits?: Partial<RaftLogLimits>;
  /** What the node had on disk; omitted for a brand-new server. */
  readonly persisted?: PersistedRaftState;
  /** hashicorp/raft >= 1.7 pre-vote; on by default. */
  readonly preVote?: boolean;
  /** Seeded bugs for checker self-tests. Never set outside tests. */
  readonly bugs?: RaftBugs;
}

/** The snapshot the server hands over after capturing its state machine. */
export interface TakenSnapshot {
  /** The last applied index the image covers. */
  readonly index: LogIndex;
  readonly data: Uint8Array;
}

/** An election in progress: the pre-vote round or the real vote. */
interface Campaign {
  readonly phase: 'preVote' | 'vote';
  /** The term the votes are for (current term + 1 while pre-voting). */
  readonly voteTerm: Term;
  readonly granted: Set<NodeId>;
}

/** A leadership transfer in progress. */
interface Transfer {
  readonly target: NodeId;
  readonly deadline: number;
  timeoutNowSent: boolean;
}

/** What only a leader keeps. */
interface LeaderState {
  readonly peers: Map<NodeId, PeerProgress>;
  /** The first index of this leader's term (its no-op); configuration changes wait until committed. */
  readonly termStartIndex: LogIndex;
  leaseCheckAt: number;
  transfer: Transfer | null;
}

/** The shortest pause between two leader-lease checks (hashicorp/raft uses 10 ms). */
const MIN_LEASE_CHECK_INTERVAL = 10;

export class RaftNode {
  readonly id: NodeId;
  private readonly timings: RaftTimings;
  private readonly limits: RaftLogLimits;
  private readonly rng: Rng;
  private readonly bugs: RaftBugs;
  private readonly preVoteEnabled: boolean;

  private now: number;
  private currentTerm: Term;
  private votedForValue: NodeId | null;
  private roleValue: RaftRole = 'follower';
  private leaderId: NodeId | null = null;
  private lastLeaderContact: number | null = null;
  private readonly log: RaftLog;
  private snapshot: RaftSnapshot | null;
  private readonly configurations: ConfigurationHistory;
  private commit: LogIndex;
  private applied: LogIndex;
  private electionDeadline = Infinity;
  private campaign: Campaign | null = null;
  private leaderState: LeaderState | null = null;
  private effects: RaftEffect[] = [];
  /** Scratch space for the voters' match indexes when the leader looks for a commit index. */
  private readonly voterMatches: number[] = [];
  private announced: { role: RaftRole; term: Term; leader: NodeId | null };

  constructor(options: RaftNodeOptions) {
    this.id = options.id;
    this.timings = options.timings ?? raftTimings();
    validateRaftTimings(this.timings);
    this.limits = raftLogLimits(options.limits);
    this.rng = options.rng;
    this.bugs = options.bugs ?? NO_RAFT_BUGS;
    this.preVoteEnabled = options.preVote ?? true;
    this.now = checkedTime(options.now, -Infinity);

    const persisted = options.persisted ?? EMPTY_PERSISTED_STATE;
    assertCoherentPersistedState(persisted);
    this.currentTerm = persisted.term;
    this.votedForValue = persisted.votedFor;
    this.snapshot = persisted.snapshot;
    const snapshotIndex = (persisted.snapshot?.index ?? 0) as LogIndex;
    this.log = new RaftLog(
      persisted.entries,
      snapshotIndex,
      (persisted.snapshot?.term ?? 0) as Term,
    );
    this.configurations = new ConfigurationHistory(
      persisted.snapshot === null
        ? { index: 0 as LogIndex, configuration: EMPTY_CONFIGURATION }
        : {
            index: persisted.snapshot.configurationIndex,
            configuration: persisted.snapshot.configuration,
          },
    );
    this.configurations.noteAppended(
      persisted.entries.filter((entry) => entry.index > snapshotIndex),
    );
    this.commit = snapshotIndex;
    this.applied = snapshotIndex;
    this.announced = { role: 'follower', term: this.currentTerm, leader: null };
    if (persisted.snapshot !== null)
      this.effects.push({ type: 'restoreSnapshot', snapshot: persisted.snapshot });
    this.resetElectionTimer(this.now);
  }

  // ---------------------------------------------------------------------------------------------
  // Read-only view (for the server, the trace and the invariant checkers)

  get role(): RaftRole {
    return this.roleValue;
  }
  get term(): Term {
    return this.currentTerm;
  }
  get votedFor(): NodeId | null {
    return this.votedForValue;
  }
  /** The leader this node currently follows (itself when leader), or null. */
  get leader(): NodeId | null {
    return this.leaderId;
  }
  /** When this node last heard from its leader (virtual ms), or null if it never did. */
  get lastContact(): number | null {
    return this.roleValue === 'leader' ? this.now : this.lastLeaderContact;
  }
  get commitIndex(): LogIndex {
    return this.commit;
  }
  /** The last index handed to the server in an `apply` or `restoreSnapshot` effect. */
  get appliedIndex(): LogIndex {
    return this.applied;
  }
  get lastIndex(): LogIndex {
    return this.log.lastIndex;
  }
  get lastTerm(): Term {
    return this.log.lastTerm;
  }
  /** The first index whose entry is still held (older ones are only in the snapshot). */
  get firstIndex(): LogIndex {
    return this.log.firstIndex;
  }
  get snapshotIndex(): LogIndex {
    return this.log.snapshotIndex;
  }
  get snapshotTerm(): Term {
    return this.log.snapshotTerm;
  }
  /** The configuration in effect (the latest in the log, committed or not). */
  get configuration(): Configuration {
    return this.configurations.latest.configuration;
  }
  /** The index of the entry that carried the configuration in effect. */
  get configurationIndex(): LogIndex {
    return this.configurations.latest.index;
  }
  /** The newest committed configuration. */
  get committedConfiguration(): Configuration {
    return this.configurations.at(this.commit).configuration;
  }
  /** The entry at `index`, or undefined when compacted or not in the log. */
  entryAt(index: number): LogEntry | undefined {
    return this.log.entryAt(index);
  }
  /** The term at `index` when known (also at the snapshot index), else undefined. */
  termAt(index: number): Term | undefined {
    return this.log.termAt(index);
  }
  /** True once enough applied entries are outside the snapshot (hashicorp's SnapshotThreshold). */
  shouldSnapshot(): boolean {
    return this.applied - this.log.snapshotIndex >= this.limits.snapshotThreshold;
  }
  /** True while a leadership transfer is in progress. */
  get transferringLeadership(): boolean {
    return this.leaderState !== null && this.leaderState.transfer !== null;
  }

  /** The earliest virtual time at which the node needs `tick`; Infinity when nothing is pending. */
  nextDeadline(): number {
    const leader = this.leaderState;
    if (leader === null) return this.electionDeadline;
    let deadline = leader.leaseCheckAt;
    if (leader.transfer !== null) deadline = Math.min(deadline, leader.transfer.deadline);
    for (const peer of leader.peers.values()) {
      deadline = Math.min(deadline, peer.nextHeartbeatAt);
      if (peer.commitDueAt !== null) deadline = Math.min(deadline, peer.commitDueAt);
    }
    return deadline;
  }

  /** The effects queued since the last call, in the order they must run. */
  takeEffects(): RaftEffect[] {
    const out = this.effects;
    this.effects = [];
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Entry points

  /** Handles whatever timers are due at `now`. */
  tick(now: number): void {
    this.advanceTime(now);
    if (this.leaderState !== null) {
      this.leaderTick(now);
    } else if (now >= this.electionDeadline) {
      this.startCampaign(now, false);
    }
  }

  /** Handles a message from another node. */
  step(now: number, message: RaftMessage): void {
    this.advanceTime(now);
    if (message.from === this.id) return;
    switch (message.type) {
      case 'appendEntries':
        return this.onAppendEntries(now, message);
      case 'appendEntriesResponse':
        return this.onAppendEntriesResponse(now, message);
      case 'heartbeat':
        return this.onHeartbeat(now, message);
      case 'heartbeatResponse':
        return this.onHeartbeatResponse(now, message);
      case 'requestVote':
        return this.onRequestVote(now, message);
      case 'requestVoteResponse':
        return this.onRequestVoteResponse(now, message);
      case 'installSnapshot':
        return this.onInstallSnapshot(now, message);
      case 'installSnapshotResponse':
        return this.onInstallSnapshotResponse(now, message);
      case 'timeoutNow':
        return this.onTimeoutNow(now, message);
      default:
        return assertNever(message, 'Raft message');
    }
  }

  /** Appends a client command (leader only). The server learns the outcome from `apply` effects. */
  propose(now: number, data: Uint8Array): ProposeResult {
    this.advanceTime(now);
    if (!(data instanceof Uint8Array))
      throw new TypeError('RaftNode.propose: data must be a Uint8Array');
    const refused = this.refuseLeaderCommand();
    if (refused !== null) return refused;
    const entry = this.appendAsLeader(now, { type: 'command', data });
    return { ok: true, index: entry.index, term: entry.term };
  }

  /** Adds a voter or removes a server (leader only, one change at a time). */
  proposeConfiguration(now: number, change: ConfigurationChange): ProposeResult {
    this.advanceTime(now);
    const refused = this.refuseLeaderCommand();
    if (refused !== null) return refused;
    const leader = this.leaderState as LeaderState;
    if (this.configurations.latest.index > this.commit || this.commit < leader.termStartIndex) {
      return refusal('configurationChangeInProgress', this.id);
    }
    const next = applyConfigurationChange(this.configuration, change);
    const problem = configurationProblem(next);
    if (problem !== null) return refusal('invalidConfiguration', this.id, problem);
    const entry = this.appendAsLeader(now, { type: 'configuration', configuration: next });
    return { ok: true, index: entry.index, term: entry.term };
  }

  /**
   * Hands leadership to `target` (default: the most up-to-date voter): replicate until it has the
   * whole log, then send it TimeoutNow. New proposals are refused meanwhile; after the election
   * timeout without losing leadership the transfer is given up (`leadershipTransferFailed`).
   */
  transferLeadership(now: number, target?: NodeId): TransferResult {
    this.advanceTime(now);
    const refused = this.refuseLeaderCommand();
    if (refused !== null) return refused;
    const leader = this.leaderState as LeaderState;
    const chosen = target ?? this.mostUpToDateVoter(leader);
    if (
      chosen === null ||
      chosen === this.id ||
      !isVoter(this.configuration, chosen) ||
      !leader.peers.has(chosen)
    ) {
      return refusal(
        'noTransferTarget',
        this.id,
        chosen === null ? undefined : `${chosen} is not another voter`,
      );
    }
    leader.transfer = {
      target: chosen,
      deadline: now + this.timings.electionTimeout,
      timeoutNowSent: false,
    };
    this.advanceTransfer(now, leader);
    return { ok: true, target: chosen };
  }

  /**
   * Writes the first configuration of a new cluster at index 1, term 1 (hashicorp's BootstrapCluster).
   * Every server of the region must bootstrap with the identical configuration.
   */
  bootstrapCluster(now: number, configuration: Configuration): BootstrapResult {
    this.advanceTime(now);
    if (this.currentTerm > 0 || this.log.lastIndex > 0 || this.snapshot !== null) {
      return refusal('cantBootstrap', this.leaderId);
    }
    const problem = configurationProblem(configuration);
    if (problem !== null) return refusal('invalidConfiguration', null, problem);
    this.currentTerm = 1 as Term;
    this.votedForValue = null;
    this.persistState();
    const entry: LogEntry = {
      index: 1 as LogIndex,
      term: 1 as Term,
      type: 'configuration',
      configuration: { voters: configuration.voters.slice() },
    };
    this.appendToLog([entry], null);
    this.announceRole();
    this.configurationMayHaveChanged(now);
    return { ok: true };
  }

  /**
   * Records a state-machine snapshot the server took at `index` (<= appliedIndex) and compacts the
   * log, keeping `trailingLogs` entries (hashicorp: delete up to min(index, lastIndex - trailing)).
   */
  snapshotTaken(now: number, taken: TakenSnapshot): SnapshotResult {
    this.advanceTime(now);
    if (taken.index <= this.log.snapshotIndex) return refusal('staleSnapshot', this.leaderId);
    if (taken.index > this.applied) {
      throw new RangeError(
        `snapshotTaken: index ${taken.index} is beyond the applied index ${this.applied}`,
      );
    }
    if (!(taken.data instanceof Uint8Array))
      throw new TypeError('snapshotTaken: data must be a Uint8Array');
    const term = this.log.termAt(taken.index) as Term;
    const base = this.configurations.at(taken.index);
    const snapshot: RaftSnapshot = {
      index: taken.index,
      term,
      configuration: base.configuration,
      configurationIndex: base.index,
      data: taken.data,
    };
    const deleteThrough = Math.max(
      0,
      Math.min(taken.index, this.log.lastIndex - this.limits.trailingLogs),
    ) as LogIndex;
    this.snapshot = snapshot;
    this.log.compact(taken.index, term, deleteThrough);
    this.configurations.compactTo(base);
    this.effects.push({ type: 'persistSnapshot', snapshot, deleteLogThrough: deleteThrough });
    const { data: _data, ...meta } = snapshot;
    return { ok: true, snapshot: meta };
  }

  // ---------------------------------------------------------------------------------------------
  // Elections

  private startCampaign(now: number, leadershipTransfer: boolean): void {
    if (!this.mayCampaign()) {
      this.electionDeadline = Infinity;
      return;
    }
    this.leaderState = null;
    this.leaderId = null;
    this.roleValue = 'candidate';
    if (!this.preVoteEnabled || leadershipTransfer) {
      this.startElection(now, leadershipTransfer);
      return;
    }
    this.announceRole();
    this.electionDeadline = now + this.randomBetween(this.timings.electionTimeout);
    this.campaign = {
      phase: 'preVote',
      voteTerm: (this.currentTerm + 1) as Term,
      granted: new Set([this.id]),
    };
    this.requestVotes(true, false);
    this.checkCampaign(now);
  }

  private startElection(now: number, leadershipTransfer: boolean): void {
    this.currentTerm = (this.currentTerm + 1) as Term;
    this.votedForValue = this.id;
    this.persistState();
    this.roleValue = 'candidate';
    this.leaderId = null;
    this.announceRole();
    this.electionDeadline = now + this.randomBetween(this.timings.electionTimeout);
    this.campaign = { phase: 'vote', voteTerm: this.currentTerm, granted: new Set([this.id]) };
    this.requestVotes(false, leadershipTransfer);
    this.checkCampaign(now);
  }

  private requestVotes(preVote: boolean, leadershipTransfer: boolean): void {
    const campaign = this.campaign as Campaign;
    for (const voter of this.configuration.voters) {
      if (voter === this.id) continue;
      this.send(voter, {
        type: 'requestVote',
        from: this.id,
        term: campaign.voteTerm,
        lastLogIndex: this.log.lastIndex,
        lastLogTerm: this.log.lastTerm,
        preVote,
        leadershipTransfer,
      });
    }
  }

  private checkCampaign(now: number): void {
    const campaign = this.campaign;
    if (campaign === null) return;
    const voters = this.configuration.voters;
    const votes = voters.filter((voter) => campaign.granted.has(voter)).length;
    if (votes < quorumSize(voters.length)) return;
    if (campaign.phase === 'preVote') this.startElection(now, false);
    else this.becomeLeader(now);
  }

  private onRequestVote(now: number, request: RequestVoteMessage): void {
    const reply = (granted: boolean): void =>
      this.send(request.from, {
        type: 'requestVoteResponse',
        from: this.id,
        term: this.currentTerm,
        voteTerm: request.term,
        preVote: request.preVote,
        granted,
      });
    const transfer = request.leadershipTransfer && !request.preVote;
    if (this.hasLiveLeader(now) && this.leaderId !== request.from && !transfer) return reply(false);
    // Like the Raft dissertation (§4.1) and unlike recent hashicorp/raft, votes do not depend on our
    // own configuration: a voter whose uncommitted configuration lacks the candidate could
    // otherwise block every election. Pre-vote and the live-leader check keep removed servers quiet.
    if (request.term < this.currentTerm) return reply(false);
    if (request.preVote)
      return reply(this.bugs.preVoteSkipsLogCheck === true || this.candidateLogIsUpToDate(request));
    // A newer term is persisted together with the vote (one sync), but always before any reply.
    const newTerm = request.term > this.currentTerm;
    if (newTerm) this.becomeFollower(now, request.term, null, false);
    if (
      (this.votedForValue !== null && this.votedForValue !== request.from) ||
      !this.candidateLogIsUpToDate(request)
    ) {
      if (newTerm) {
        this.persistState();
        this.announceRole();
      }
      return reply(false);
    }
    this.votedForValue = request.from;
    if (this.bugs.voteBeforePersist === true) {
      reply(true);
      this.persistState();
    } else {
      this.persistState();
      reply(true);
    }
    // The new term became visible only once it was queued for the disk (with the vote).
    this.announceRole();
    this.resetElectionTimer(now);
  }

  private candidateLogIsUpToDate(request: RequestVoteMessage): boolean {
    if (this.bugs.skipLogUpToDateCheck === true) return true;
    const lastTerm = this.log.lastTerm;
    return (
      request.lastLogTerm > lastTerm ||
      (request.lastLogTerm === lastTerm && request.lastLogIndex >= this.log.lastIndex)
    );
  }

  /** A leader counts as alive while we lead or heard from it within the heartbeat timeout. */
  private hasLiveLeader(now: number): boolean {
    if (this.roleValue === 'leader') return true;
    return (
      this.leaderId !== null &&
      this.lastLeaderContact !== null &&
      now - this.lastLeaderContact < this.timings.heartbeatTimeout
    );
  }

  private onRequestVoteResponse(now: number, response: RequestVoteResponseMessage): void {
    if (response.term > this.currentTerm) {
      this.becomeFollower(now, response.term, null);
      return;
    }
    const campaign = this.campaign;
    if (campaign === null || this.roleValue !== 'candidate' || !response.granted) return;
    if (
      response.preVote !== (campaign.phase === 'preVote') ||
      response.voteTerm !== campaign.voteTerm
    )
      return;
    campaign.granted.add(response.from);
    this.checkCampaign(now);
  }

  private onTimeoutNow(now: number, message: TimeoutNowMessage): void {
    if (message.term < this.currentTerm || this.roleValue === 'leader') return;
    this.acceptLeader(now, message.term, message.from);
    this.startCampaign(now, true);
  }

  // ---------------------------------------------------------------------------------------------
  // Role changes

  /**
   * Follows `leader` (or nobody) in `newTerm`; `persist` false means the caller persists the term
   * and then announces the role, so the new term is never visible before it is on its way to disk.
   */
  private becomeFollower(now: number, newTerm: Term, leader: NodeId | null, persist = true): void {
    if (newTerm > this.currentTerm) {
      this.currentTerm = newTerm;
      this.votedForValue = null;
      if (persist) this.persistState();
    }
    this.roleValue = 'follower';
    this.campaign = null;
    this.leaderState = null;
    this.leaderId = leader;
    if (leader !== null) this.lastLeaderContact = now;
    if (persist) this.announceRole();
    this.resetElectionTimer(now);
  }

  /** A valid message from the leader of `leaderTerm`: follow it and restart the election timer. */
  private acceptLeader(now: number, leaderTerm: Term, leader: NodeId): void {
    if (leaderTerm === this.currentTerm) {
      if (this.roleValue === 'leader') {
        throw new Error(
          `Raft safety violated: ${this.id} and ${leader} both lead term ${leaderTerm}`,
        );
      }
      if (this.roleValue === 'follower' && this.leaderId !== null && this.leaderId !== leader) {
        throw new Error(
          `Raft safety violated: ${this.leaderId} and ${leader} both lead term ${leaderTerm}`,
        );
      }
    }
    if (
      leaderTerm > this.currentTerm ||
      this.roleValue !== 'follower' ||
      this.leaderId !== leader
    ) {
      this.becomeFollower(now, leaderTerm, leader);
    }
    this.lastLeaderContact = now;
    this.resetElectionTimer(now);
  }

  private becomeLeader(now: number): void {
    this.roleValue = 'leader';
    this.leaderId = this.id;
    this.campaign = null;
    this.electionDeadline = Infinity;
    const leader: LeaderState = {
      peers: new Map(),
      termStartIndex: (this.log.lastIndex + 1) as LogIndex,
      leaseCheckAt: Infinity,
      transfer: null,
    };
    this.leaderState = leader;
    this.syncPeers(now, leader, (this.log.lastIndex + 1) as LogIndex);
    this.announceRole();
    this.appendAsLeader(now, { type: 'noop' });
  }

  private resetElectionTimer(now: number): void {
    if (this.roleValue === 'leader') return;
    this.electionDeadline = this.mayCampaign()
      ? now + this.randomBetween(this.timings.heartbeatTimeout)
      : Infinity;
  }

  private isVoter(): boolean {
    return isVoter(this.configuration, this.id);
  }

  /**
   * A voter of the latest configuration campaigns. So does a server that the latest, not yet
   * committed configuration removes, while it was a voter in the one before: until the removal
   * commits it may be needed for a quorum (Raft dissertation §4.2.2). hashicorp/raft does not do
   * this, and a cluster whose leader crashed while removing itself can then stall for good.
   * Votes are still counted in the latest configuration.
   */
  private mayCampaign(): boolean {
    if (this.isVoter()) return true;
    const latest = this.configurations.latest;
    return (
      latest.index > this.commit &&
      isVoter(this.configurations.at(latest.index - 1).configuration, this.id)
    );
  }

  /** Re-arms timers after the configuration in effect may have changed. */
  private configurationMayHaveChanged(now: number): void {
    const leader = this.leaderState;
    if (leader !== null) {
      this.syncPeers(now, leader, this.log.lastIndex);
      return;
    }
    if (!this.mayCampaign()) {
      if (this.roleValue === 'candidate') this.becomeFollower(now, this.currentTerm, null);
      this.electionDeadline = Infinity;
    } else if (this.electionDeadline === Infinity) {
      this.resetElectionTimer(now);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Log replication: follower side

  private onAppendEntries(now: number, request: AppendEntriesMessage): void {
    if (request.term < this.currentTerm) return this.rejectAppend(request, 0 as LogIndex, null);
    this.acceptLeader(now, request.term, request.from);
    const prev = request.prevLogIndex;
    if (prev > this.log.lastIndex)
      return this.rejectAppend(request, (this.log.lastIndex + 1) as LogIndex, null);
    const localTerm = this.log.termAt(prev);
    if (localTerm !== undefined && localTerm !== request.prevLogTerm) {
      if (prev <= this.commit) {
        throw new Error(
          `Raft safety violated: ${this.id}'s committed entry ${prev} conflicts with leader ${request.from}`,
        );
      }
      return this.rejectAppend(request, this.log.firstIndexOfTerm(localTerm, prev), localTerm);
    }
    // localTerm undefined means `prev` lies in the compacted, committed part: it matches.
    this.appendFromLeader(now, request.entries);
    const lastNew = (prev + request.entries.length) as LogIndex;
    if (request.leaderCommit > this.commit) {
      this.advanceCommit(now, Math.min(request.leaderCommit, lastNew) as LogIndex);
    }
    this.send(request.from, {
      type: 'appendEntriesResponse',
      from: this.id,
      term: this.currentTerm,
      success: true,
      matchIndex: lastNew,
      rejectedIndex: 0 as LogIndex,
      conflictIndex: 0 as LogIndex,
      conflictTerm: null,
    });
  }

  private rejectAppend(
    request: AppendEntriesMessage,
    conflictIndex: LogIndex,
    conflictTerm: Term | null,
  ): void {
    this.send(request.from, {
      type: 'appendEntriesResponse',
      from: this.id,
      term: this.currentTerm,
      success: false,
      matchIndex: 0 as LogIndex,
      rejectedIndex: request.prevLogIndex,
      conflictIndex,
      conflictTerm,
    });
  }

  /** Skips entries already held, truncates at the first conflict, appends the rest. */
  private appendFromLeader(now: number, entries: readonly LogEntry[]): void {
    let start = 0;
    while (start < entries.length) {
      const entry = entries[start] as LogEntry;
      if (entry.index <= this.log.snapshotIndex) {
        start++;
        continue;
      }
      const held = this.log.termAt(entry.index);
      if (held === undefined || held !== entry.term) break;
      start++;
    }
    if (start === entries.length) return;
    const first = entries[start] as LogEntry;
    let truncateFrom: LogIndex | null = null;
    if (first.index <= this.log.lastIndex) {
      if (first.index <= this.commit) {
        throw new Error(
          `Raft safety violated: ${this.id} asked to overwrite committed entry ${first.index}`,
        );
      }
      truncateFrom = first.index;
    }
    this.appendToLog(entries.slice(start), truncateFrom);
    this.configurationMayHaveChanged(now);
  }

  /** Changes the in-memory log and queues the matching persist effect. */
  private appendToLog(entries: readonly LogEntry[], truncateFrom: LogIndex | null): void {
    if (truncateFrom !== null) {
      this.log.truncateFrom(truncateFrom);
      this.configurations.noteTruncated(truncateFrom);
    }
    this.log.append(entries);
    this.configurations.noteAppended(entries);
    this.effects.push({ type: 'persistEntries', truncateFrom, entries });
  }

  private onHeartbeat(now: number, message: HeartbeatMessage): void {
    if (message.term >= this.currentTerm) {
      this.acceptLeader(now, message.term, message.from);
      // The leader caps leaderCommit at our known match index, so our log agrees up to there.
      const commit = Math.min(message.leaderCommit, this.log.lastIndex) as LogIndex;
      if (commit > this.commit) this.advanceCommit(now, commit);
    }
    this.send(message.from, { type: 'heartbeatResponse', from: this.id, term: this.currentTerm });
  }

  private onInstallSnapshot(now: number, message: InstallSnapshotMessage): void {
    const reply = (matchIndex: LogIndex): void =>
      this.send(message.from, {
        type: 'installSnapshotResponse',
        from: this.id,
        term: this.currentTerm,
        matchIndex,
      });
    if (message.term < this.currentTerm) return reply(0 as LogIndex);
    this.acceptLeader(now, message.term, message.from);
    const snapshot = message.snapshot;
    if (snapshot.index <= this.commit) return reply(snapshot.index);
    // Keep the entries after the snapshot only if our log agrees with it at its last index.
    const keep = this.log.termAt(snapshot.index) === snapshot.term;
    const deleteThrough = (
      keep ? snapshot.index : Math.max(snapshot.index, this.log.lastIndex)
    ) as LogIndex;
    this.log.compact(snapshot.index, snapshot.term, deleteThrough);
    this.snapshot = snapshot;
    const kept =
      this.log.lastIndex > snapshot.index
        ? this.log.slice(snapshot.index + 1, this.log.lastIndex)
        : [];
    this.configurations.rebase(
      { index: snapshot.configurationIndex, configuration: snapshot.configuration },
      kept,
    );
    this.commit = snapshot.index;
    this.applied = snapshot.index;
    this.effects.push({ type: 'persistSnapshot', snapshot, deleteLogThrough: deleteThrough });
    this.effects.push({ type: 'restoreSnapshot', snapshot });
    this.effects.push({ type: 'commitAdvanced', index: snapshot.index, term: snapshot.term });
    this.configurationMayHaveChanged(now);
    reply(snapshot.index);
  }

  /** Moves the commit index forward and hands the newly committed entries to the server. */
  private advanceCommit(now: number, index: LogIndex): void {
    if (index <= this.commit) return;
    this.commit = index;
    this.effects.push({ type: 'commitAdvanced', index, term: this.log.termAt(index) as Term });
    const entries = this.log.slice(this.applied + 1, index);
    this.applied = index;
    if (entries.length > 0) this.effects.push({ type: 'apply', entries });
    if (this.leaderState !== null) this.afterLeaderCommit(now, this.leaderState);
    else this.configurationMayHaveChanged(now); // a committed removal ends our campaigning
  }

  // ---------------------------------------------------------------------------------------------
  // Log replication: leader side

  private refuseLeaderCommand(): ReturnType<typeof refusal> | null {
    if (this.leaderState === null) return refusal('notLeader', this.leaderId);
    if (this.leaderState.transfer !== null) return refusal('leadershipTransferInProgress', this.id);
    return null;
  }

  private appendAsLeader(
    now: number,
    content:
      | { type: 'command'; data: Uint8Array }
      | { type: 'noop' }
      | { type: 'configuration'; configuration: Configuration },
  ): LogEntry {
    const entry = {
      ...content,
      index: (this.log.lastIndex + 1) as LogIndex,
      term: this.currentTerm,
    } as LogEntry;
    this.appendToLog([entry], null);
    const leader = this.leaderState as LeaderState;
    if (entry.type === 'configuration') this.syncPeers(now, leader, entry.index);
    for (const peer of leader.peers.values()) this.replicate(now, peer, false);
    this.maybeAdvanceLeaderCommit(now);
    return entry;
  }

  /**
   * Matches the leader's follower records to the configuration in effect: new voters get a record
   * starting at `nextIndex`; removed servers are replicated to until they hold their removal.
   */
  private syncPeers(now: number, leader: LeaderState, nextIndex: LogIndex): void {
    const latest = this.configurations.latest;
    for (const voter of latest.configuration.voters) {
      if (voter === this.id) continue;
      const existing = leader.peers.get(voter);
      if (existing !== undefined) {
        existing.departAfter = null;
        continue;
      }
      leader.peers.set(
        voter,
        newPeerProgress(voter, nextIndex, now, now + this.heartbeatInterval()),
      );
    }
    for (const [id, peer] of leader.peers) {
      if (!latest.configuration.voters.includes(id) && peer.departAfter === null)
        peer.departAfter = latest.index;
    }
    this.scheduleLeaseCheck(now, leader);
  }

  /** The lease needs checking only when some other voter is needed for a quorum. */
  private scheduleLeaseCheck(now: number, leader: LeaderState): void {
    const voters = this.configuration.voters;
    const selfCounts = voters.includes(this.id) ? 1 : 0;
    const needsOthers = quorumSize(voters.length) > selfCounts;
    if (!needsOthers) leader.leaseCheckAt = Infinity;
    else if (leader.leaseCheckAt === Infinity)
      leader.leaseCheckAt = now + this.timings.leaderLeaseTimeout;
  }

  /** Sends the follower what it lacks, unless a message to it is still unanswered. */
  private replicate(now: number, peer: PeerProgress, commitDue: boolean): void {
    if (peer.inflight !== null) return;
    const to = peer.id;
    const prevIndex = peer.nextIndex - 1;
    const prevTerm = this.log.termAt(prevIndex);
    const compactedAway =
      peer.nextIndex < this.log.firstIndex && peer.nextIndex <= this.log.lastIndex;
    if (prevTerm === undefined || compactedAway) {
      const snapshot = this.snapshot;
      if (snapshot === null)
        throw new Error(`leader ${this.id} lacks entry ${prevIndex} and has no snapshot`);
      peer.inflight = {
        kind: 'snapshot',
        sentAt: now,
        commit: this.commit,
        through: snapshot.index,
      };
      this.send(to, { type: 'installSnapshot', from: this.id, term: this.currentTerm, snapshot });
      return;
    }
    const hasEntries = peer.nextIndex <= this.log.lastIndex;
    if (!hasEntries && peer.commitSent >= this.commit) return;
    if (!hasEntries && !commitDue) {
      if (peer.commitDueAt === null) peer.commitDueAt = now + this.timings.commitTimeout;
      return;
    }
    const through = Math.min(this.log.lastIndex, peer.nextIndex + this.limits.maxAppendEntries - 1);
    peer.inflight = {
      kind: 'append',
      sentAt: now,
      commit: this.commit,
      through: Math.max(prevIndex, through) as LogIndex,
    };
    peer.commitSent = this.commit;
    peer.commitDueAt = null;
    this.send(to, {
      type: 'appendEntries',
      from: this.id,
      term: this.currentTerm,
      prevLogIndex: prevIndex as LogIndex,
      prevLogTerm: prevTerm,
      entries: this.log.slice(peer.nextIndex, through),
      leaderCommit: this.commit,
    });
  }

  /** The follower record for a response, when it is for this leader's term. */
  private progressFor(now: number, from: NodeId, responseTerm: Term): PeerProgress | null {
    if (responseTerm > this.currentTerm) {
      this.becomeFollower(now, responseTerm, null);
      return null;
    }
    if (this.leaderState === null || responseTerm !== this.currentTerm) return null;
    const peer = this.leaderState.peers.get(from);
    if (peer === undefined) return null;
    peer.lastContact = now;
    return peer;
  }

  private onAppendEntriesResponse(now: number, response: AppendEntriesResponseMessage): void {
    const peer = this.progressFor(now, response.from, response.term);
    if (peer === null) return;
    if (response.success) {
      this.peerMatched(now, response.from, peer, response.matchIndex);
      return;
    }
    if (response.rejectedIndex !== peer.nextIndex - 1) return; // an answer to an older probe
    let next: number = response.conflictIndex;
    if (response.conflictTerm !== null) {
      const lastOfTerm = this.log.lastIndexOfTerm(response.conflictTerm);
      if (lastOfTerm !== null) next = lastOfTerm + 1;
    }
    next = Math.min(next, response.rejectedIndex);
    // Not floored at matchIndex + 1: a follower that lost entries it had acknowledged (a disk that
    // lied about a sync) must be walked back and repaired, as hashicorp/raft does, not probed at the
    // same index forever.
    peer.nextIndex = Math.max(next, 1) as LogIndex;
    peer.inflight = null;
    this.replicate(now, peer, false);
  }

  private onInstallSnapshotResponse(now: number, response: InstallSnapshotResponseMessage): void {
    const peer = this.progressFor(now, response.from, response.term);
    if (peer === null || response.matchIndex === 0) return;
    this.peerMatched(now, response.from, peer, response.matchIndex);
  }

  private onHeartbeatResponse(now: number, response: HeartbeatResponseMessage): void {
    this.progressFor(now, response.from, response.term);
  }

  private peerMatched(now: number, id: NodeId, peer: PeerProgress, matchIndex: LogIndex): void {
    if (matchIndex > this.log.lastIndex)
      throw new Error(`${id} claims to match ${matchIndex} beyond leader's log`);
    const matchGrew = matchIndex > peer.matchIndex;
    if (matchGrew) peer.matchIndex = matchIndex;
    if (peer.nextIndex <= peer.matchIndex) peer.nextIndex = (peer.matchIndex + 1) as LogIndex;
    if (peer.inflight !== null && matchIndex < peer.inflight.through) {
      // The answer to an earlier message (a duplicate, or one overtaken): take the match it reports
      // but leave the message in flight alone. Sending on from here would start a second stream of
      // AppendEntries to the same follower, and every duplicate would add one more.
      if (matchGrew) this.maybeAdvanceLeaderCommit(now);
      return;
    }
    const ackedCommit = peer.inflight?.commit ?? 0;
    peer.inflight = null;
    const leader = this.leaderState as LeaderState;
    if (
      peer.departAfter !== null &&
      peer.matchIndex >= peer.departAfter &&
      ackedCommit >= peer.departAfter
    ) {
      // A removed server now knows that its removal is committed, so it will not campaign.
      leader.peers.delete(id);
      return;
    }
    // Only a grown match can move the quorum index; every other input (own log, configuration)
    // recomputes it where it changes, so commit-only acknowledgements skip the sort.
    if (matchGrew) this.maybeAdvanceLeaderCommit(now);
    if (this.leaderState === null || !leader.peers.has(id)) return;
    if (leader.transfer?.target === id) this.advanceTransfer(now, leader);
    this.replicate(now, peer, false);
  }

  /** Commits the highest index a quorum holds, if it is from this leader's term (Figure 8 rule). */
  private maybeAdvanceLeaderCommit(now: number): void {
    const leader = this.leaderState;
    if (leader === null) return;
    const voters = this.configuration.voters;
    const matches = this.voterMatches;
    if (matches.length !== voters.length) matches.length = voters.length;
    for (let i = 0; i < voters.length; i++) {
      const voter = voters[i] as NodeId;
      matches[i] =
        voter === this.id ? this.log.lastIndex : (leader.peers.get(voter)?.matchIndex ?? 0);
    }
    const candidate = quorumMatchIndex(matches) as LogIndex;
    if (candidate <= this.commit) return;
    if (
      this.bugs.commitOldTermByCounting !== true &&
      this.log.termAt(candidate) !== this.currentTerm
    )
      return;
    this.advanceCommit(now, candidate);
  }

  private afterLeaderCommit(now: number, leader: LeaderState): void {
    this.forgetSilentDepartedPeers(now, leader);
    if (this.configurations.latest.index <= this.commit && !this.isVoter()) {
      // Our own removal is committed: hand over to the remaining voters.
      this.becomeFollower(now, this.currentTerm, null);
      return;
    }
    for (const peer of leader.peers.values()) this.replicate(now, peer, false);
  }

  /** Stops replicating to removed servers whose removal is committed and that no longer answer. */
  private forgetSilentDepartedPeers(now: number, leader: LeaderState): void {
    for (const [id, peer] of leader.peers) {
      const departed = peer.departAfter !== null && peer.departAfter <= this.commit;
      if (departed && now - peer.lastContact > this.timings.leaderLeaseTimeout)
        leader.peers.delete(id);
    }
  }

  private leaderTick(now: number): void {
    const leader = this.leaderState as LeaderState;
    if (now >= leader.leaseCheckAt) {
      this.checkLeaderLease(now, leader);
      if (this.leaderState === null) return;
    }
    if (leader.transfer !== null && now >= leader.transfer.deadline) {
      const target = leader.transfer.target;
      leader.transfer = null;
      this.effects.push({ type: 'leadershipTransferFailed', target });
    }
    this.forgetSilentDepartedPeers(now, leader);
    for (const [id, peer] of leader.peers) {
      if (now >= peer.nextHeartbeatAt) {
        peer.nextHeartbeatAt = now + this.heartbeatInterval();
        const leaderCommit = Math.min(this.commit, peer.matchIndex) as LogIndex;
        this.send(id, { type: 'heartbeat', from: this.id, term: this.currentTerm, leaderCommit });
        if (peer.inflight !== null && now - peer.inflight.sentAt >= this.inflightExpiry(peer))
          peer.inflight = null;
        this.replicate(now, peer, false);
      }
      if (peer.commitDueAt !== null && now >= peer.commitDueAt) {
        peer.commitDueAt = null;
        this.replicate(now, peer, true);
      }
    }
  }

  /** How long an unanswered replication message is awaited before it is sent again. */
  private inflightExpiry(peer: PeerProgress): number {
    return peer.inflight?.kind === 'snapshot'
      ? this.timings.heartbeatTimeout
      : this.timings.heartbeatTimeout / 10;
  }

  /** Check quorum: step down unless a quorum of voters answered within the leader lease. */
  private checkLeaderLease(now: number, leader: LeaderState): void {
    const voters = this.configuration.voters;
    const lease = this.timings.leaderLeaseTimeout;
    let contacted = 0;
    let oldest = 0;
    for (const voter of voters) {
      if (voter === this.id) {
        contacted++;
        continue;
      }
      const peer = leader.peers.get(voter);
      if (peer === undefined) continue;
      const age = now - peer.lastContact;
      if (age <= lease) {
        contacted++;
        oldest = Math.max(oldest, age);
      }
    }
    if (contacted < quorumSize(voters.length) && this.bugs.skipCheckQuorum !== true) {
      this.becomeFollower(now, this.currentTerm, null);
      return;
    }
    leader.leaseCheckAt = now + Math.max(lease - oldest, Math.min(MIN_LEASE_CHECK_INTERVAL, lease));
  }

  private mostUpToDateVoter(leader: LeaderState): NodeId | null {
    let best: NodeId | null = null;
    let bestMatch = -1;
    for (const voter of this.configuration.voters) {
      const peer = leader.peers.get(voter);
      if (voter === this.id || peer === undefined) continue;
      if (peer.matchIndex > bestMatch) {
        best = voter;
        bestMatch = peer.matchIndex;
      }
    }
    return best;
  }

  /** Sends TimeoutNow once the transfer target holds the whole log; otherwise keeps replicating. */
  private advanceTransfer(now: number, leader: LeaderState): void {
    const transfer = leader.transfer;
    if (transfer === null || transfer.timeoutNowSent) return;
    const peer = leader.peers.get(transfer.target);
    if (peer === undefined) return;
    if (peer.matchIndex === this.log.lastIndex) {
      transfer.timeoutNowSent = true;
      this.send(transfer.target, { type: 'timeoutNow', from: this.id, term: this.currentTerm });
    } else {
      this.replicate(now, peer, false);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private send(to: NodeId, message: RaftMessage): void {
    this.effects.push({ type: 'send', to, message });
  }

  private persistState(): void {
    this.effects.push({
      type: 'persistState',
      term: this.currentTerm,
      votedFor: this.votedForValue,
    });
  }

  /** Queues `roleChanged` when role, term or known leader differ from the last announcement. */
  private announceRole(): void {
    const last = this.announced;
    if (
      last.role === this.roleValue &&
      last.term === this.currentTerm &&
      last.leader === this.leaderId
    )
      return;
    this.announced = { role: this.roleValue, term: this.currentTerm, leader: this.leaderId };
    this.effects.push({
      type: 'roleChanged',
      role: this.roleValue,
      term: this.currentTerm,
      leader: this.leaderId,
    });
  }

  /** A random whole number of ms in [base, 2 * base). */
  private randomBetween(base: number): number {
    const low = Math.ceil(base);
    return this.rng.int(low, Math.max(low, Math.ceil(2 * base) - 1));
  }

  /** The gap to the next heartbeat: random in [heartbeatTimeout / 10, heartbeatTimeout / 5). */
  private heartbeatInterval(): number {
    return this.randomBetween(this.timings.heartbeatTimeout / 10);
  }

  private advanceTime(now: number): void {
    this.now = checkedTime(now, this.now);
  }
}

function checkedTime(now: number, previous: number): number {
  if (typeof now !== 'number' || Number.isNaN(now) || !Number.isFinite(now)) {
    throw new RangeError(`Raft time must be a finite number of virtual ms, got ${String(now)}`);
  }
  if (now < previous) throw new RangeError(`Raft time went backwards: ${now} < ${previous}`);
  return now;
}
