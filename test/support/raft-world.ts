/**
 * A small, pure, deterministic world for testing the Raft core on its own: Raft nodes on the
 * simulator's kernel (`Simulation`: the virtual clock, the event queue ordered by (time,
 * sequence), the seeded random stream), messages with seeded latency, loss and duplication,
 * partitions, per-server effect pipelines with a simulated fsync delay, crashes that keep only
 * what was synced, restarts that rebuild a node from that alone, one-shot faults that fire on a
 * server's own effects, and a toy state machine (a hash chain over applied entries) whose image is
 * what snapshots carry.
 *
 * The world judges nothing itself: it tells a `RaftWorldObserver` (the harness's invariants, see
 * raft-invariants.ts) what happens, at the moments the checks need.
 */
import { pack, unpack } from 'msgpackr';
import { FNV_OFFSET_BASIS, fnvText } from '../../src/sim/fnv.js';
import { Simulation } from '../../src/sim/simulation.js';
import {
  EMPTY_PERSISTED_STATE,
  RaftNode,
  applyPersistEffect,
  entryDigest,
  isPersistEffect,
  raftTimings,
} from '../../src/raft/index.js';
import type {
  Configuration,
  LogEntry,
  LogIndex,
  NodeId,
  PersistEffect,
  PersistedRaftState,
  ProposeResult,
  RaftBugs,
  RaftEffect,
  RaftLogLimits,
  RaftMessage,
  RaftTimings,
} from '../../src/raft/index.js';

export interface RaftWorldOptions {
  readonly seed: number;
  readonly ids: readonly string[];
  readonly timings?: RaftTimings;
  readonly limits?: Partial<RaftLogLimits>;
  readonly bugs?: RaftBugs;
  readonly preVote?: boolean;
  /** One-way message latency range in ms (inclusive). Default [1, 5]. */
  readonly latency?: readonly [number, number];
  /** fsync delay range in ms (inclusive). Default [0, 2]. */
  readonly syncDelay?: readonly [number, number];
  /** Probability that a message is lost. Default 0. */
  readonly dropRate?: number;
  /** Probability that a message is delivered twice. Default 0. */
  readonly duplicateRate?: number;
  /** Encode every message with msgpackr, as the real network does. Default true. */
  readonly encode?: boolean;
  /** Bootstrap all `ids` with one configuration at time 0. Default true. */
  readonly bootstrap?: boolean;
  /** What some servers have on disk at time 0 (instead of nothing). */
  readonly disks?: Readonly<Record<string, PersistedRaftState>>;
}

/** Decides whether a message in flight is dropped (for scripted scenarios). */
export type MessageFilter = (from: NodeId, to: NodeId, message: RaftMessage) => boolean;

/** The toy replicated state machine: a hash chain over every applied entry. */
export interface ToyStateMachine {
  readonly index: number;
  readonly hash: number;
}

const EMPTY_STATE_MACHINE: ToyStateMachine = { index: 0, hash: FNV_OFFSET_BASIS };

/** One simulated server: its Raft node (null while down), its synced disk and its effect pipeline. */
export interface SimServer {
  readonly id: NodeId;
  node: RaftNode | null;
  disk: PersistedRaftState;
  pending: RaftEffect[];
  syncing: PersistEffect | null;
  /** Incremented at every crash; events of an earlier incarnation are dropped. */
  incarnation: number;
  timerAt: number | null;
  fsm: ToyStateMachine;
  /** When the server last went down (virtual ms). */
  downSince: number;
  /** The last vote this incarnation granted (sent), which must survive a crash. */
  voteGranted: { term: number; candidate: NodeId } | null;
}

export type CommitAdvancedEffect = Extract<RaftEffect, { type: 'commitAdvanced' }>;

/** What the world reports, for the invariant checks. Every hook runs synchronously, and may throw. */
export interface RaftWorldObserver {
  /** A call into `server`'s node returned `effects`; none of them has run yet. */
  effectsTaken(server: SimServer, node: RaftNode, effects: readonly RaftEffect[]): void;
  /** The world is between two steps of a node (after every event and every call). */
  checkpoint(servers: Iterable<SimServer>): void;
  /** `server`'s `roleChanged` effect to leader of `term` ran (its term and vote are durable). */
  leaderAnnounced(server: SimServer, node: RaftNode, term: number): void;
  /** `server`'s `commitAdvanced` effect ran (everything queued before it is durable). */
  commitAnnounced(server: SimServer, node: RaftNode, effect: CommitAdvancedEffect): void;
  /** `server`'s state machine applied `entry`; `server.fsm` is the state after it. */
  applied(server: SimServer, node: RaftNode, entry: LogEntry): void;
  /** `server`'s state machine was replaced by a snapshot's image (now `server.fsm`) up to `index`. */
  snapshotRestored(server: SimServer, node: RaftNode, index: number): void;
  /** `server` is about to crash: `server.disk` is what survives, `server.voteGranted` what it promised. */
  crashing(server: SimServer): void;
  /** A proposal on `server`'s node was accepted as `result` and is to be tracked for the ack check. */
  proposed(server: SimServer, node: RaftNode, result: Extract<ProposeResult, { ok: true }>): void;
}

/** One-shot faults that fire on a server's own effects, to hit narrow windows reliably. */
interface Triggers {
  /** Isolate the next this-many servers that become leader, before their first message goes out. */
  isolateNextLeaders: number;
  /** Crash the next leader that advances its commit index, before anything queued after runs. */
  crashNextLeaderCommit: boolean;
  /** Crash the next server that sends a vote grant, right after the send; restart it this much later. */
  crashNextVoteGrant: number | null;
}

export class RaftWorld {
  readonly servers = new Map<NodeId, SimServer>();
  readonly ids: readonly NodeId[];
  /** Messages sent, by type. */
  readonly sentByType = new Map<string, number>();
  /** Messages for which this returns true are dropped. */
  dropWhere: MessageFilter | null = null;
  /** Leadership transfers that ended in `leadershipTransferFailed`. */
  readonly failedTransfers: NodeId[] = [];

  private readonly sim: Simulation;
  private readonly counts = { messagesSent: 0, messagesDelivered: 0 };
  private readonly triggers: Triggers = {
    isolateNextLeaders: 0,
    crashNextLeaderCommit: false,
    crashNextVoteGrant: null,
  };
  private readonly timings: RaftTimings;
  private readonly blocked = new Set<string>();
  private dropRate: number;
  private readonly duplicateRate: number;
  private readonly latency: readonly [number, number];
  private readonly syncDelay: readonly [number, number];
  private readonly encode: boolean;

  constructor(
    private readonly options: RaftWorldOptions,
    private readonly observer: RaftWorldObserver,
  ) {
    this.sim = new Simulation({ seed: options.seed });
    this.timings = options.timings ?? raftTimings();
    this.dropRate = options.dropRate ?? 0;
    this.duplicateRate = options.duplicateRate ?? 0;
    this.latency = options.latency ?? [1, 5];
    this.syncDelay = options.syncDelay ?? [0, 2];
    this.encode = options.encode ?? true;
    this.ids = options.ids.map((id) => id as NodeId);
    for (const id of this.ids) {
      const server: SimServer = {
        id,
        node: null,
        disk: options.disks?.[id] ?? EMPTY_PERSISTED_STATE,
        pending: [],
        syncing: null,
        incarnation: 0,
        timerAt: null,
        fsm: EMPTY_STATE_MACHINE,
        voteGranted: null,
        downSince: 0,
      };
      this.servers.set(id, server);
      this.start(server);
    }
    if (options.bootstrap ?? true) this.bootstrap(this.ids, { voters: this.ids });
  }

  /** Virtual ms. */
  get now(): number {
    return this.sim.now;
  }

  /** Events run, messages sent and messages delivered so far. */
  get stats(): {
    readonly events: number;
    readonly messagesSent: number;
    readonly messagesDelivered: number;
  } {
    return { events: this.sim.steps, ...this.counts };
  }

  // ---------------------------------------------------------------------------------------------
  // Access

  server(id: string): SimServer {
    const server = this.servers.get(id as NodeId);
    if (server === undefined) throw new Error(`no server ${id}`);
    return server;
  }

  /** The live node `id` (throws when it is down). */
  node(id: string): RaftNode {
    const node = this.server(id).node;
    if (node === null) throw new Error(`server ${id} is down`);
    return node;
  }

  liveNodes(): RaftNode[] {
    const out: RaftNode[] = [];
    for (const server of this.servers.values()) if (server.node !== null) out.push(server.node);
    return out;
  }

  /** The live leader with the highest term, or null. */
  leader(): RaftNode | null {
    let best: RaftNode | null = null;
    for (const node of this.liveNodes()) {
      if (node.role === 'leader' && (best === null || node.term > best.term)) best = node;
    }
    return best;
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  runFor(ms: number): void {
    this.sim.runFor(ms);
  }

  /** Runs until `condition()` holds (checked after each event) or `maxMs` pass; returns whether it held. */
  runUntil(condition: () => boolean, maxMs: number): boolean {
    return this.sim.runUntilCondition(condition, this.now + maxMs);
  }

  /** Runs `action` after `ms` virtual ms. */
  after(ms: number, action: () => void): void {
    this.sim.schedule(ms, () => {
      action();
      this.checkpoint();
    });
  }

  private deliver(to: NodeId, payload: RaftMessage | Uint8Array): void {
    const server = this.servers.get(to) as SimServer;
    if (server.node === null) return;
    const message = payload instanceof Uint8Array ? (unpack(payload) as RaftMessage) : payload;
    this.counts.messagesDelivered++;
    server.node.step(this.now, message);
    this.afterCall(server);
  }

  private fireTimer(server: SimServer, at: number, incarnation: number): void {
    if (server.node === null || server.incarnation !== incarnation || server.timerAt !== at) return;
    server.timerAt = null;
    server.node.tick(this.now);
    this.afterCall(server);
  }

  private synced(server: SimServer, incarnation: number): void {
    if (server.incarnation !== incarnation || server.syncing === null) return;
    server.disk = applyPersistEffect(server.disk, server.syncing);
    server.syncing = null;
    this.runPipeline(server);
    this.checkpoint();
  }

  private checkpoint(): void {
    this.observer.checkpoint(this.servers.values());
  }

  /** After any call into a node: collect its effects, run what can run, re-arm its timer, check. */
  private afterCall(server: SimServer): void {
    const node = server.node as RaftNode;
    const effects = node.takeEffects();
    this.observer.effectsTaken(server, node, effects);
    // Check what the node decided before its effects run: a crash in the pipeline must not hide it.
    this.checkpoint();
    server.pending.push(...effects);
    this.runPipeline(server);
    this.armTimer(server);
    this.checkpoint();
  }

  private armTimer(server: SimServer): void {
    const node = server.node;
    if (node === null) return;
    const deadline = node.nextDeadline();
    if (deadline === Infinity || deadline === server.timerAt) return;
    server.timerAt = deadline;
    const incarnation = server.incarnation;
    this.sim.at(deadline, () => this.fireTimer(server, deadline, incarnation));
  }

  /** Executes pending effects in order; a persist blocks everything after it until it is synced. */
  private runPipeline(server: SimServer): void {
    while (server.syncing === null && server.node !== null) {
      const effect = server.pending.shift();
      if (effect === undefined) return;
      if (isPersistEffect(effect)) {
        const delay = this.sim.rng.int(this.syncDelay[0], this.syncDelay[1]);
        if (delay === 0) {
          server.disk = applyPersistEffect(server.disk, effect);
          continue;
        }
        server.syncing = effect;
        const incarnation = server.incarnation;
        this.sim.schedule(delay, () => this.synced(server, incarnation));
        return;
      }
      this.execute(server, effect);
    }
  }

  private execute(server: SimServer, effect: Exclude<RaftEffect, PersistEffect>): void {
    switch (effect.type) {
      case 'send': {
        this.sendMessage(server.id, effect.to, effect.message);
        const message = effect.message;
        if (message.type === 'requestVoteResponse' && message.granted && !message.preVote) {
          server.voteGranted = { term: message.voteTerm, candidate: effect.to };
          const downFor = this.triggers.crashNextVoteGrant;
          if (downFor !== null) {
            this.triggers.crashNextVoteGrant = null;
            this.crash(server.id);
            this.after(downFor, () => this.restart(server.id));
          }
        }
        return;
      }
      case 'apply':
        for (const entry of effect.entries) this.applyToStateMachine(server, entry);
        this.maybeSnapshot(server);
        return;
      case 'restoreSnapshot': {
        const image = unpack(effect.snapshot.data) as ToyStateMachine;
        server.fsm = { index: image.index, hash: image.hash };
        this.observer.snapshotRestored(server, server.node as RaftNode, effect.snapshot.index);
        return;
      }
      case 'leadershipTransferFailed':
        this.failedTransfers.push(server.id);
        return;
      case 'roleChanged':
        if (effect.role === 'leader')
          this.observer.leaderAnnounced(server, server.node as RaftNode, effect.term);
        if (effect.role === 'leader' && this.triggers.isolateNextLeaders > 0) {
          this.triggers.isolateNextLeaders--;
          this.isolate(server.id);
        }
        return;
      case 'commitAdvanced':
        this.observer.commitAnnounced(server, server.node as RaftNode, effect);
        if (server.node?.role === 'leader' && this.triggers.crashNextLeaderCommit) {
          this.triggers.crashNextLeaderCommit = false;
          this.crash(server.id);
        }
        return;
      default:
        assertNever(effect);
    }
  }

  private sendMessage(from: NodeId, to: NodeId, message: RaftMessage): void {
    this.counts.messagesSent++;
    this.sentByType.set(message.type, (this.sentByType.get(message.type) ?? 0) + 1);
    const rng = this.sim.rng;
    if (this.blocked.has(`${from}>${to}`) || rng.chance(this.dropRate)) return;
    if (this.dropWhere !== null && this.dropWhere(from, to, message)) return;
    const payload = this.encode ? pack(message) : message;
    const copies = rng.chance(this.duplicateRate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.sim.schedule(rng.int(this.latency[0], this.latency[1]), () => this.deliver(to, payload));
    }
  }

  private applyToStateMachine(server: SimServer, entry: LogEntry): void {
    const hash = fnvText(server.fsm.hash, `${entry.index}/${entryDigest(entry)}`);
    server.fsm = { index: entry.index, hash };
    this.observer.applied(server, server.node as RaftNode, entry);
  }

  private maybeSnapshot(server: SimServer): void {
    const node = server.node;
    if (node === null || !node.shouldSnapshot() || server.fsm.index <= node.snapshotIndex) return;
    node.snapshotTaken(this.now, { index: server.fsm.index as LogIndex, data: pack(server.fsm) });
    const effects = node.takeEffects();
    this.observer.effectsTaken(server, node, effects);
    server.pending.push(...effects);
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  bootstrap(ids: readonly NodeId[], configuration: Configuration): void {
    for (const id of ids) {
      const server = this.server(id);
      const result = (server.node as RaftNode).bootstrapCluster(this.now, configuration);
      if (!result.ok) throw new Error(`bootstrap of ${id} refused: ${result.message}`);
      this.afterCall(server);
    }
  }

  /** Proposes `data` on node `id` (default: the current leader); `track` records it for the ack check. */
  propose(data: Uint8Array | string, id?: string, track = true): ProposeResult | null {
    const node = id === undefined ? this.leader() : this.server(id).node;
    if (node === null) return null;
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const result = node.propose(this.now, bytes);
    const server = this.server(node.id);
    if (result.ok && track) this.observer.proposed(server, node, result);
    this.afterCall(server);
    return result;
  }

  /** Runs `command` against node `id` and processes its effects. */
  call<T>(id: string, command: (node: RaftNode, now: number) => T): T {
    const server = this.server(id);
    const result = command(this.node(id), this.now);
    this.afterCall(server);
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Faults

  /** Arms a one-shot trigger (see `Triggers`). */
  arm(trigger: 'crashNextLeaderCommit'): void;
  arm(trigger: 'isolateNextLeaders', count: number): void;
  arm(trigger: 'crashNextVoteGrant', downFor: number): void;
  arm(trigger: keyof Triggers, value?: number): void {
    if (trigger === 'crashNextVoteGrant') this.triggers.crashNextVoteGrant = value ?? 0;
    else if (trigger === 'isolateNextLeaders') this.triggers.isolateNextLeaders = value ?? 1;
    else this.triggers.crashNextLeaderCommit = true;
  }

  /** Disarms every one-shot trigger. */
  disarm(): void {
    this.triggers.isolateNextLeaders = 0;
    this.triggers.crashNextLeaderCommit = false;
    this.triggers.crashNextVoteGrant = null;
  }

  crash(id: string): void {
    const server = this.server(id);
    if (server.node === null) return;
    this.observer.crashing(server);
    server.voteGranted = null;
    server.downSince = this.now;
    server.node = null;
    server.pending = [];
    server.syncing = null;
    server.timerAt = null;
    server.incarnation++;
  }

  restart(id: string): void {
    const server = this.server(id);
    if (server.node !== null) return;
    this.start(server);
  }

  private start(server: SimServer): void {
    server.fsm = EMPTY_STATE_MACHINE;
    server.node = new RaftNode({
      id: server.id,
      now: this.now,
      rng: this.sim.rng.split(`${server.id}#${server.incarnation}`),
      timings: this.timings,
      ...(this.options.limits === undefined ? {} : { limits: this.options.limits }),
      persisted: server.disk,
      ...(this.options.preVote === undefined ? {} : { preVote: this.options.preVote }),
      ...(this.options.bugs === undefined ? {} : { bugs: this.options.bugs }),
    });
    this.afterCall(server);
  }

  /** Cuts the link between `a` and `b` (both directions). */
  cutLink(a: string, b: string): void {
    this.blocked.add(`${a}>${b}`);
    this.blocked.add(`${b}>${a}`);
  }

  /** Cuts `id` off from everyone (both directions). */
  isolate(id: string): void {
    for (const other of this.ids) {
      if (other === id) continue;
      this.blocked.add(`${id}>${other}`);
      this.blocked.add(`${other}>${id}`);
    }
  }

  /** Splits the cluster into groups that cannot talk to each other. */
  partition(groups: readonly (readonly string[])[]): void {
    this.heal();
    for (const a of groups) {
      for (const b of groups) {
        if (a === b) continue;
        for (const x of a) for (const y of b) this.blocked.add(`${x}>${y}`);
      }
    }
  }

  /** Blocks messages from `from` to `to` only. */
  block(from: string, to: string): void {
    this.blocked.add(`${from}>${to}`);
  }

  heal(): void {
    this.blocked.clear();
  }

  setDropRate(rate: number): void {
    this.dropRate = rate;
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected effect ${JSON.stringify(value)}`);
}
