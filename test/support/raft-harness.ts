/**
 * A small, pure, deterministic world for testing the Raft core on its own: a message queue ordered
 * by (time, sequence) with seeded latency and loss, partitions, per-server effect pipelines with a
 * simulated fsync delay, crashes that keep only what was synced, restarts that rebuild a node from
 * that alone, and a toy state machine (a hash chain over applied entries) whose image is what
 * snapshots carry.
 *
 * After every event the harness checks Raft's safety invariants and throws `RaftInvariantViolation`
 * on the first one broken: at most one leader per term, leaders only append, log matching, leader
 * completeness, committed entries never change, every server applies the same entry at the same
 * index, and (in `checkConverged`) acknowledged writes survive once everything heals.
 */
import fc from 'fast-check';
import { pack, unpack } from 'msgpackr';
import { Rng } from '../../src/sim/random.js';
import {
  RaftNode,
  applyPersistEffect,
  isPersistEffect,
  raftTimings,
  EMPTY_PERSISTED_STATE,
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
  Term,
} from '../../src/raft/index.js';

/** Thrown when a safety invariant is broken. */
export class RaftInvariantViolation extends Error {
  override readonly name = 'RaftInvariantViolation';
}

export interface HarnessOptions {
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
  /** Check at every crash that granted votes were on disk (default true). */
  readonly checkVoteDurability?: boolean;
  /** What some servers have on disk at time 0 (instead of nothing). */
  readonly disks?: Readonly<Record<string, PersistedRaftState>>;
}

/** Decides whether a message in flight is dropped (for scripted scenarios). */
export type MessageFilter = (from: NodeId, to: NodeId, message: RaftMessage) => boolean;

/** The toy replicated state machine: a hash chain over every applied entry. */
interface ToyStateMachine {
  index: number;
  hash: number;
}

/** One simulated server: its Raft node (null while down), its synced disk and its effect pipeline. */
export interface SimServer {
  readonly id: NodeId;
  node: RaftNode | null;
  disk: PersistedRaftState;
  pending: RaftEffect[];
  syncing: PersistEffect | null;
  incarnation: number;
  timerAt: number | null;
  fsm: ToyStateMachine;
  commitSeen: number;
  /** When the server last went down (virtual ms). */
  downSince: number;
  /** The last vote this incarnation granted (sent), which must survive a crash. */
  voteGranted: { term: number; candidate: NodeId } | null;
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

type Event =
  | { kind: 'deliver'; to: NodeId; message: RaftMessage | Uint8Array }
  | { kind: 'timer'; id: NodeId; at: number; incarnation: number }
  | { kind: 'synced'; id: NodeId; incarnation: number }
  | { kind: 'action'; run: () => void };

interface Queued {
  time: number;
  seq: number;
  event: Event;
}

/** A binary min-heap ordered by (time, seq). */
class EventQueue {
  private readonly heap: Queued[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, event: Event): void {
    const item = { time, seq: this.seq++, event };
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent] as Queued)) break;
      heap[i] = heap[parent] as Queued;
      i = parent;
    }
    heap[i] = item;
  }

  peekTime(): number {
    return this.heap[0]?.time ?? Infinity;
  }

  pop(): Queued | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Queued, heap[left] as Queued) ? right : left;
      if (!before(heap[child] as Queued, last)) break;
      heap[i] = heap[child] as Queued;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Queued, b: Queued): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** FNV-1a over a string, continuing from `seed`. */
function fnv(seed: number, text: string): number {
  let hash = seed >>> 0 || 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A short text that identifies an entry's content. */
export function entryDigest(entry: LogEntry): string {
  switch (entry.type) {
    case 'command':
      return `c:${Buffer.from(entry.data).toString('hex')}`;
    case 'noop':
      return 'noop';
    case 'configuration':
      return `cfg:${entry.configuration.voters.join(',')}`;
  }
}

interface CommittedRecord {
  readonly term: Term;
  readonly digest: string;
  /** The lowest term of a node that saw this index committed (the committing leader's term). */
  committedInTerm: number;
}

/** An acknowledged client write: the leader applied it, so a client would have been told "done". */
export interface AckedWrite {
  readonly index: number;
  readonly term: number;
  readonly digest: string;
}

export class RaftHarness {
  now = 0;
  readonly servers = new Map<NodeId, SimServer>();
  readonly ids: readonly NodeId[];
  readonly acked: AckedWrite[] = [];
  readonly stats = { events: 0, messagesSent: 0, messagesDelivered: 0 };
  /** Messages sent, by type. */
  readonly sentByType = new Map<string, number>();
  /** Messages for which this returns true are dropped. */
  dropWhere: MessageFilter | null = null;
  /** Leadership transfers that ended in `leadershipTransferFailed`. */
  readonly failedTransfers: NodeId[] = [];

  private readonly queue = new EventQueue();
  private readonly triggers: Triggers = { isolateNextLeaders: 0, crashNextLeaderCommit: false, crashNextVoteGrant: null };
  private readonly rng: Rng;
  private readonly timings: RaftTimings;
  private readonly blocked = new Set<string>();
  private dropRate: number;
  private readonly duplicateRate: number;
  private readonly latency: readonly [number, number];
  private readonly syncDelay: readonly [number, number];
  private readonly encode: boolean;
  // Invariant bookkeeping.
  private readonly leaderOfTerm = new Map<number, NodeId>();
  private readonly leaderSeen = new Map<NodeId, { term: number; lastIndex: number; lastTerm: number }>();
  private readonly entryByIndexTerm = new Map<string, { digest: string; prevTerm: number | undefined }>();
  private readonly committed: (CommittedRecord | undefined)[] = [];
  private readonly chainAt: (number | undefined)[] = [];
  private readonly pendingAcks = new Map<string, { index: number; term: number; digest: string }>();
  /** The term a node was in when it decided a commit (its commitAdvanced effect may run later). */
  private readonly decidedInTerm = new WeakMap<RaftEffect, number>();

  constructor(private readonly options: HarnessOptions) {
    this.rng = new Rng(options.seed);
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
        fsm: { index: 0, hash: 0 },
        commitSeen: 0,
        voteGranted: null,
        downSince: 0,
      };
      this.servers.set(id, server);
      this.start(server);
    }
    if (options.bootstrap ?? true) this.bootstrap(this.ids, { voters: this.ids });
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
    this.runUntilTime(this.now + ms);
  }

  runUntilTime(time: number): void {
    while (this.queue.peekTime() <= time) this.processNext();
    this.now = Math.max(this.now, time);
  }

  /** Runs until `condition()` holds (checked after each event) or `maxMs` pass; returns whether it held. */
  runUntil(condition: () => boolean, maxMs: number): boolean {
    const limit = this.now + maxMs;
    if (condition()) return true;
    while (this.queue.peekTime() <= limit) {
      this.processNext();
      if (condition()) return true;
    }
    this.now = Math.max(this.now, limit);
    return condition();
  }

  private processNext(): void {
    const item = this.queue.pop();
    if (item === undefined) return;
    this.now = item.time;
    this.stats.events++;
    const event = item.event;
    switch (event.kind) {
      case 'deliver': {
        const server = this.servers.get(event.to) as SimServer;
        if (server.node === null) return;
        const message = event.message instanceof Uint8Array ? (unpack(event.message) as RaftMessage) : event.message;
        this.stats.messagesDelivered++;
        server.node.step(this.now, message);
        this.afterCall(server);
        return;
      }
      case 'timer': {
        const server = this.servers.get(event.id) as SimServer;
        if (server.node === null || server.incarnation !== event.incarnation || server.timerAt !== event.at) return;
        server.timerAt = null;
        server.node.tick(this.now);
        this.afterCall(server);
        return;
      }
      case 'action':
        event.run();
        this.checkInvariants();
        return;
      case 'synced': {
        const server = this.servers.get(event.id) as SimServer;
        if (server.incarnation !== event.incarnation || server.syncing === null) return;
        server.disk = applyPersistEffect(server.disk, server.syncing);
        server.syncing = null;
        this.runPipeline(server);
        this.checkInvariants();
        return;
      }
    }
  }

  /** After any call into a node: collect its effects, run what can run, re-arm its timer, check. */
  private afterCall(server: SimServer): void {
    const node = server.node as RaftNode;
    const effects = node.takeEffects();
    this.inspectEffects(server, effects);
    // Check what the node decided before its effects run: a crash in the pipeline must not hide it.
    this.checkInvariants();
    server.pending.push(...effects);
    this.runPipeline(server);
    this.armTimer(server);
    this.checkInvariants();
  }

  private armTimer(server: SimServer): void {
    const node = server.node;
    if (node === null) return;
    const deadline = node.nextDeadline();
    if (deadline === Infinity || deadline === server.timerAt) return;
    server.timerAt = deadline;
    this.queue.push(Math.max(deadline, this.now), { kind: 'timer', id: server.id, at: deadline, incarnation: server.incarnation });
  }

  /** Executes pending effects in order; a persist blocks everything after it until it is synced. */
  private runPipeline(server: SimServer): void {
    while (server.syncing === null && server.node !== null) {
      const effect = server.pending.shift();
      if (effect === undefined) return;
      if (isPersistEffect(effect)) {
        const delay = this.rng.int(this.syncDelay[0], this.syncDelay[1]);
        if (delay === 0) {
          server.disk = applyPersistEffect(server.disk, effect);
          continue;
        }
        server.syncing = effect;
        this.queue.push(this.now + delay, { kind: 'synced', id: server.id, incarnation: server.incarnation });
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
        if (image.index !== effect.snapshot.index) throw new RaftInvariantViolation('snapshot image/index mismatch');
        this.checkChain(server.id, image.index, image.hash);
        server.fsm = { index: image.index, hash: image.hash };
        return;
      }
      case 'leadershipTransferFailed':
        this.failedTransfers.push(server.id);
        return;
      case 'roleChanged':
        if (effect.role === 'leader') this.leadershipAnnounced(server.node as RaftNode, effect.term);
        if (effect.role === 'leader' && this.triggers.isolateNextLeaders > 0) {
          this.triggers.isolateNextLeaders--;
          this.isolate(server.id);
        }
        return;
      case 'commitAdvanced':
        this.recordCommits(server, server.node as RaftNode, effect.index, this.decidedInTerm.get(effect) ?? Infinity);
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
    this.stats.messagesSent++;
    this.sentByType.set(message.type, (this.sentByType.get(message.type) ?? 0) + 1);
    if (this.blocked.has(`${from}>${to}`) || this.rng.chance(this.dropRate)) return;
    if (this.dropWhere !== null && this.dropWhere(from, to, message)) return;
    const payload = this.encode ? pack(message) : message;
    const copies = this.rng.chance(this.duplicateRate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.queue.push(this.now + this.rng.int(this.latency[0], this.latency[1]), { kind: 'deliver', to, message: payload });
    }
  }

  private applyToStateMachine(server: SimServer, entry: LogEntry): void {
    if (entry.index !== server.fsm.index + 1) {
      throw new RaftInvariantViolation(`${server.id} applied index ${entry.index} after ${server.fsm.index}`);
    }
    const digest = entryDigest(entry);
    const hash = fnv(server.fsm.hash, `${entry.index}/${entry.term}/${digest}`);
    server.fsm = { index: entry.index, hash };
    this.checkChain(server.id, entry.index, hash);
    const ack = this.pendingAcks.get(`${entry.index}/${entry.term}`);
    if (ack !== undefined && server.node?.role === 'leader' && ack.digest === digest) {
      this.pendingAcks.delete(`${entry.index}/${entry.term}`);
      this.acked.push(ack);
    }
  }

  /** State-machine safety: the state after applying index i is the same on every server. */
  private checkChain(id: NodeId, index: number, hash: number): void {
    const known = this.chainAt[index];
    if (known === undefined) this.chainAt[index] = hash;
    else if (known !== hash) {
      throw new RaftInvariantViolation(`state machine safety: ${id} has a different state after index ${index}`);
    }
  }

  private maybeSnapshot(server: SimServer): void {
    const node = server.node;
    if (node === null || !node.shouldSnapshot() || server.fsm.index <= node.snapshotIndex) return;
    node.snapshotTaken(this.now, { index: server.fsm.index as LogIndex, data: pack(server.fsm) });
    const effects = node.takeEffects();
    this.inspectEffects(server, effects);
    server.pending.push(...effects);
  }

  // ---------------------------------------------------------------------------------------------
  // Commands and faults

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
    if (result.ok && track) {
      const digest = `c:${Buffer.from(bytes).toString('hex')}`;
      this.pendingAcks.set(`${result.index}/${result.term}`, { index: result.index, term: result.term, digest });
    }
    this.afterCall(this.server(node.id));
    return result;
  }

  /** Runs `command` against node `id` and processes its effects. */
  call<T>(id: string, command: (node: RaftNode, now: number) => T): T {
    const server = this.server(id);
    const result = command(this.node(id), this.now);
    this.afterCall(server);
    return result;
  }

  /** Runs `action` after `ms` virtual ms. */
  after(ms: number, action: () => void): void {
    this.queue.push(this.now + ms, { kind: 'action', run: action });
  }

  /** Arms a one-shot trigger (see `Triggers`). */
  arm(trigger: 'crashNextLeaderCommit'): void;
  arm(trigger: 'isolateNextLeaders', count: number): void;
  arm(trigger: 'crashNextVoteGrant', downFor: number): void;
  arm(trigger: keyof Triggers, value?: number): void {
    if (trigger === 'crashNextVoteGrant') this.triggers.crashNextVoteGrant = value ?? 0;
    else if (trigger === 'isolateNextLeaders') this.triggers.isolateNextLeaders = value ?? 1;
    else this.triggers.crashNextLeaderCommit = true;
  }

  crash(id: string): void {
    const server = this.server(id);
    if (server.node === null) return;
    this.checkVoteDurable(server);
    server.voteGranted = null;
    server.downSince = this.now;
    server.node = null;
    server.pending = [];
    server.syncing = null;
    server.timerAt = null;
    server.incarnation++;
    this.leaderSeen.delete(server.id);
  }

  restart(id: string): void {
    const server = this.server(id);
    if (server.node !== null) return;
    this.start(server);
  }

  private start(server: SimServer): void {
    server.fsm = { index: 0, hash: 0 };
    const node = new RaftNode({
      id: server.id,
      now: this.now,
      rng: this.rng.split(`${server.id}#${server.incarnation}`),
      timings: this.timings,
      ...(this.options.limits === undefined ? {} : { limits: this.options.limits }),
      persisted: server.disk,
      ...(this.options.preVote === undefined ? {} : { preVote: this.options.preVote }),
      ...(this.options.bugs === undefined ? {} : { bugs: this.options.bugs }),
    });
    server.node = node;
    server.commitSeen = node.commitIndex;
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

  // ---------------------------------------------------------------------------------------------
  // Invariants

  /** Checks on effects as they leave a node (before they run). */
  private inspectEffects(server: SimServer, effects: readonly RaftEffect[]): void {
    const node = server.node as RaftNode;
    for (const effect of effects) {
      if (effect.type === 'commitAdvanced') this.decidedInTerm.set(effect, node.term);
      if (effect.type !== 'persistEntries') continue;
      if (effect.truncateFrom !== null && node.role === 'leader') {
        throw new RaftInvariantViolation(`leader append-only: leader ${node.id} truncated its log at ${effect.truncateFrom}`);
      }
      let prevTerm: number | undefined = undefined;
      for (const [i, entry] of effect.entries.entries()) {
        prevTerm = i === 0 ? node.termAt(entry.index - 1) : (effect.entries[i - 1] as LogEntry).term;
        this.recordLogEntry(node.id, entry, prevTerm);
      }
    }
  }

  /** Log matching: an (index, term) pair always names the same entry with the same predecessor term. */
  private recordLogEntry(id: NodeId, entry: LogEntry, prevTerm: number | undefined): void {
    const key = `${entry.index}/${entry.term}`;
    const digest = entryDigest(entry);
    const known = this.entryByIndexTerm.get(key);
    if (known === undefined) {
      this.entryByIndexTerm.set(key, { digest, prevTerm });
      return;
    }
    if (known.digest !== digest) {
      throw new RaftInvariantViolation(`log matching: ${id} holds a different entry at index ${entry.index} term ${entry.term}`);
    }
    if (known.prevTerm !== undefined && prevTerm !== undefined && known.prevTerm !== prevTerm) {
      throw new RaftInvariantViolation(`log matching: ${id} disagrees on the entry before index ${entry.index} term ${entry.term}`);
    }
    if (known.prevTerm === undefined) known.prevTerm = prevTerm;
  }

  /** A granted vote is a promise: it must be on disk before anyone can see it (checked at crash). */
  private checkVoteDurable(server: SimServer): void {
    const vote = server.voteGranted;
    if (vote === null || this.options.checkVoteDurability === false) return;
    const disk = server.disk;
    if (disk.term > vote.term || (disk.term === vote.term && disk.votedFor === vote.candidate)) return;
    throw new RaftInvariantViolation(
      `vote durability: ${server.id} granted its term-${vote.term} vote to ${vote.candidate} but its disk has term ${disk.term}, vote ${String(disk.votedFor)}`,
    );
  }

  /** Checks run after every event. */
  checkInvariants(): void {
    for (const server of this.servers.values()) {
      const node = server.node;
      if (node === null) continue;
      if (node.role === 'leader') this.checkLeader(node);
      else this.leaderSeen.delete(node.id);
    }
  }

  /** Leader append-only: while a node leads a term, its log only grows. */
  private checkLeader(node: RaftNode): void {
    const seen = this.leaderSeen.get(node.id);
    if (seen !== undefined && seen.term === node.term) {
      const termThen = node.termAt(seen.lastIndex);
      if (node.lastIndex < seen.lastIndex || (termThen !== undefined && termThen !== seen.lastTerm)) {
        throw new RaftInvariantViolation(`leader append-only: ${node.id} lost or changed entries in term ${node.term}`);
      }
    }
    this.leaderSeen.set(node.id, { term: node.term, lastIndex: node.lastIndex, lastTerm: node.lastTerm });
  }

  /**
   * Election safety and leader completeness, checked when a node's `roleChanged` to leader runs,
   * i.e. once its term and self-vote are durable. (A single-voter node decides in memory at once;
   * until that is synced nobody can see it, and a crash undoes it.)
   */
  private leadershipAnnounced(node: RaftNode, leaderTerm: number): void {
    const owner = this.leaderOfTerm.get(leaderTerm);
    if (owner === undefined) this.leaderOfTerm.set(leaderTerm, node.id);
    else if (owner !== node.id) {
      throw new RaftInvariantViolation(`election safety: ${owner} and ${node.id} both lead term ${leaderTerm}`);
    }
    if (node.role === 'leader' && node.term === leaderTerm) this.checkLeaderCompleteness(node);
  }

  /** Leader completeness: a new leader holds every entry committed in an earlier term. */
  private checkLeaderCompleteness(node: RaftNode): void {
    for (let index = 1; index < this.committed.length; index++) {
      const record = this.committed[index];
      if (record === undefined || record.committedInTerm >= node.term) continue;
      const termThere = node.termAt(index);
      if (termThere === undefined && index < node.snapshotIndex) continue;
      const entry = node.entryAt(index);
      const matches =
        termThere === record.term && (entry === undefined ? index === node.snapshotIndex : entryDigest(entry) === record.digest);
      if (!matches) {
        throw new RaftInvariantViolation(
          `leader completeness: ${node.id}, leader of term ${node.term}, lacks entry ${index} committed in term ${record.committedInTerm}`,
        );
      }
    }
  }

  /**
   * Records a commit a node announced (when its `commitAdvanced` effect runs, i.e. once everything
   * queued before it is durable); a committed index must never change its entry.
   */
  private recordCommits(server: SimServer, node: RaftNode, commit: number, decidedInTerm: number): void {
    if (commit <= server.commitSeen) return;
    for (let index = server.commitSeen + 1; index <= commit; index++) {
      const entry = node.entryAt(index);
      const termThere = node.termAt(index);
      if (termThere === undefined) continue; // compacted: covered by the snapshot's chain check
      const digest = entry === undefined ? null : entryDigest(entry);
      const record = this.committed[index];
      if (record === undefined) {
        if (digest !== null) this.committed[index] = { term: termThere, digest, committedInTerm: decidedInTerm };
        continue;
      }
      if (record.term !== termThere || (digest !== null && record.digest !== digest)) {
        throw new RaftInvariantViolation(`committed entry changed: ${node.id} committed a different entry at index ${index}`);
      }
      record.committedInTerm = Math.min(record.committedInTerm, decidedInTerm);
    }
    server.commitSeen = commit;
  }

  /** The highest index anyone saw committed. */
  get highestCommitted(): number {
    return this.committed.length - 1;
  }

  /**
   * Heals everything, restarts every server, then writes a marker entry and waits until every
   * voter has applied it (liveness). Then every acknowledged write must be on every voter.
   */
  checkConverged(maxMs: number): void {
    this.heal();
    this.setDropRate(0);
    this.dropWhere = null;
    this.triggers.isolateNextLeaders = 0;
    this.triggers.crashNextLeaderCommit = false;
    this.triggers.crashNextVoteGrant = null;
    for (const id of this.ids) this.restart(id);
    const deadline = this.now + maxMs;
    let done = false;
    while (!done && this.now < deadline) {
      const hasLeader = this.runUntil(() => this.leader() !== null, deadline - this.now);
      if (!hasLeader) break;
      const marker = this.propose(`marker@${this.now}`, undefined, false);
      if (marker === null || !marker.ok) {
        this.runFor(10);
        continue;
      }
      done = this.runUntil(() => {
        const leader = this.leader();
        if (leader === null || leader.term !== marker.term) return true;
        return this.committed[marker.index]?.term === marker.term && this.ids.every(
          (id) => !this.isMember(id, leader) || this.server(id).fsm.index >= marker.index,
        );
      }, deadline - this.now);
      const leader = this.leader();
      done = done && leader !== null && leader.term === marker.term;
    }
    if (!done) throw new RaftInvariantViolation(`no convergence within ${maxMs} ms after healing`);
    const leader = this.leader() as RaftNode;
    for (const write of this.acked) {
      for (const id of this.ids) {
        if (!this.isMember(id, leader)) continue;
        const node = this.server(id).node as RaftNode;
        const termThere = node.termAt(write.index);
        const entry = node.entryAt(write.index);
        const lost =
          termThere === undefined
            ? write.index > node.snapshotIndex
            : termThere !== write.term || (entry !== undefined && entryDigest(entry) !== write.digest);
        if (lost) throw new RaftInvariantViolation(`acknowledged write at index ${write.index} lost on ${id}`);
      }
    }
  }

  private isMember(id: NodeId, leader: RaftNode): boolean {
    return leader.configuration.voters.includes(id);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected effect ${JSON.stringify(value)}`);
}

/**
 * A persisted state for scripted scenarios: index 1 holds the bootstrap configuration (term 1),
 * then one command entry per element of `terms` (its term), tagged with `tag` so that entries of
 * different servers differ. The stored current term is `currentTerm`.
 */
export function scriptedDisk(
  currentTerm: number,
  voters: readonly string[],
  terms: readonly number[],
  tag = '',
): PersistedRaftState {
  const entries: LogEntry[] = [
    { index: 1 as LogIndex, term: 1 as Term, type: 'configuration', configuration: { voters: voters as NodeId[] } },
  ];
  terms.forEach((entryTerm, i) => {
    const index = i + 2;
    entries.push({
      index: index as LogIndex,
      term: entryTerm as Term,
      type: 'command',
      data: new TextEncoder().encode(`i${index}t${entryTerm}${tag}`),
    });
  });
  return { term: currentTerm as Term, votedFor: null, snapshot: null, entries };
}

// -----------------------------------------------------------------------------------------------
// Random fault schedules (for property tests)

/** One step of a fault schedule; `node` is an index into the cluster's ids (taken modulo). */
export type FaultAction =
  | { readonly kind: 'propose'; readonly count: number }
  | { readonly kind: 'crash'; readonly node: number }
  | { readonly kind: 'restart'; readonly node: number }
  | { readonly kind: 'reboot'; readonly node: number }
  | { readonly kind: 'crashLeader' }
  | { readonly kind: 'crashMostUpToDate' }
  | { readonly kind: 'restartAll' }
  | { readonly kind: 'restartLongestDown' }
  | { readonly kind: 'rebootLeader' }
  | { readonly kind: 'isolate'; readonly node: number }
  | { readonly kind: 'isolateLeader' }
  | { readonly kind: 'partition'; readonly sides: readonly boolean[] }
  | { readonly kind: 'heal' }
  | { readonly kind: 'dropRate'; readonly rate: number }
  | { readonly kind: 'transfer' }
  | { readonly kind: 'addVoter'; readonly node: number }
  | { readonly kind: 'removeServer'; readonly node: number }
  | { readonly kind: 'cutLink'; readonly a: number; readonly b: number }
  | { readonly kind: 'isolateNextLeaders'; readonly count: number }
  | { readonly kind: 'crashNextLeaderCommit' }
  | { readonly kind: 'crashNextVoteGrant'; readonly downFor: number };

export interface FaultStep {
  /** Virtual ms to run before the action. */
  readonly after: number;
  readonly action: FaultAction;
}

/** Applies one fault action to the harness. */
export function applyFault(h: RaftHarness, action: FaultAction): void {
  const idAt = (n: number): string => h.ids[n % h.ids.length] as string;
  const leader = h.leader();
  switch (action.kind) {
    case 'propose':
      for (let i = 0; i < action.count; i++) h.propose(`p${h.now}-${i}`);
      return;
    case 'crash':
      h.crash(idAt(action.node));
      return;
    case 'restart':
      h.restart(idAt(action.node));
      return;
    case 'reboot':
      h.crash(idAt(action.node));
      h.restart(idAt(action.node));
      return;
    case 'crashLeader':
      if (leader !== null) h.crash(leader.id);
      return;
    case 'crashMostUpToDate': {
      const live = h.liveNodes();
      const best = live.reduce<RaftNode | null>(
        (top, node) =>
          top === null || node.lastTerm > top.lastTerm || (node.lastTerm === top.lastTerm && node.lastIndex > top.lastIndex)
            ? node
            : top,
        null,
      );
      if (best !== null) h.crash(best.id);
      return;
    }
    case 'restartAll':
      for (const id of h.ids) h.restart(id);
      return;
    case 'restartLongestDown': {
      const down = h.ids.filter((id) => h.server(id).node === null);
      const longest = down.sort((x, y) => h.server(x).downSince - h.server(y).downSince)[0];
      if (longest !== undefined) h.restart(longest);
      return;
    }
    case 'rebootLeader':
      if (leader !== null) {
        h.crash(leader.id);
        h.restart(leader.id);
      }
      return;
    case 'isolate':
      h.isolate(idAt(action.node));
      return;
    case 'isolateLeader':
      if (leader !== null) h.isolate(leader.id);
      return;
    case 'partition': {
      const left = h.ids.filter((_, i) => action.sides[i % action.sides.length] === true);
      const right = h.ids.filter((_, i) => action.sides[i % action.sides.length] !== true);
      h.partition([left, right]);
      return;
    }
    case 'heal':
      h.heal();
      return;
    case 'dropRate':
      h.setDropRate(action.rate);
      return;
    case 'transfer':
      if (leader !== null) h.call(leader.id, (node, now) => node.transferLeadership(now));
      return;
    case 'addVoter':
    case 'removeServer': {
      const change = { type: action.kind, id: idAt(action.node) as NodeId };
      if (leader !== null) h.call(leader.id, (node, now) => node.proposeConfiguration(now, change));
      return;
    }
    case 'cutLink':
      h.cutLink(idAt(action.a), idAt(action.b));
      return;
    case 'isolateNextLeaders':
      h.arm(action.kind, action.count);
      return;
    case 'crashNextLeaderCommit':
      h.arm(action.kind);
      return;
    case 'crashNextVoteGrant':
      h.arm(action.kind, action.downFor);
      return;
  }
}

/** Runs a schedule, then heals everything and checks that acknowledged writes survived. */
export function runSchedule(h: RaftHarness, schedule: readonly FaultStep[], settleMs: number): void {
  for (const step of schedule) {
    h.runFor(step.after);
    applyFault(h, step.action);
  }
  h.checkConverged(settleMs);
}

/** How often each kind of fault is drawn (relative weights; 0 = never). */
export type FaultWeights = Readonly<Partial<Record<FaultAction['kind'], number>>>;

export const DEFAULT_FAULT_WEIGHTS: FaultWeights = {
  propose: 6,
  crash: 2,
  restart: 3,
  reboot: 2,
  crashLeader: 2,
  crashMostUpToDate: 1,
  restartAll: 1,
  restartLongestDown: 1,
  rebootLeader: 1,
  isolate: 2,
  isolateLeader: 2,
  partition: 2,
  heal: 3,
  dropRate: 1,
  transfer: 1,
  addVoter: 1,
  removeServer: 1,
  cutLink: 1,
  isolateNextLeaders: 1,
  crashNextLeaderCommit: 1,
  crashNextVoteGrant: 1,
};

/** An arbitrary fault action, drawn with `weights`. */
export function faultActionArbitrary(weights: FaultWeights = DEFAULT_FAULT_WEIGHTS): fc.Arbitrary<FaultAction> {
  const node = fc.nat(6);
  const all: Record<FaultAction['kind'], fc.Arbitrary<FaultAction>> = {
    propose: fc.integer({ min: 1, max: 5 }).map((count) => ({ kind: 'propose', count })),
    crash: node.map((n) => ({ kind: 'crash', node: n })),
    restart: node.map((n) => ({ kind: 'restart', node: n })),
    reboot: node.map((n) => ({ kind: 'reboot', node: n })),
    crashLeader: fc.constant({ kind: 'crashLeader' }),
    crashMostUpToDate: fc.constant({ kind: 'crashMostUpToDate' }),
    restartAll: fc.constant({ kind: 'restartAll' }),
    restartLongestDown: fc.constant({ kind: 'restartLongestDown' }),
    rebootLeader: fc.constant({ kind: 'rebootLeader' }),
    isolate: node.map((n) => ({ kind: 'isolate', node: n })),
    isolateLeader: fc.constant({ kind: 'isolateLeader' }),
    partition: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }).map((sides) => ({ kind: 'partition', sides })),
    heal: fc.constant({ kind: 'heal' }),
    dropRate: fc.constantFrom(0, 0.1, 0.3).map((rate) => ({ kind: 'dropRate', rate })),
    transfer: fc.constant({ kind: 'transfer' }),
    addVoter: node.map((n) => ({ kind: 'addVoter', node: n })),
    removeServer: node.map((n) => ({ kind: 'removeServer', node: n })),
    cutLink: fc.tuple(node, node).map(([a, b]) => ({ kind: 'cutLink', a, b })),
    isolateNextLeaders: fc.integer({ min: 1, max: 2 }).map((count) => ({ kind: 'isolateNextLeaders', count })),
    crashNextLeaderCommit: fc.constant({ kind: 'crashNextLeaderCommit' }),
    crashNextVoteGrant: fc.integer({ min: 0, max: 300 }).map((downFor) => ({ kind: 'crashNextVoteGrant', downFor })),
  };
  const options = (Object.keys(all) as FaultAction['kind'][])
    .filter((kind) => (weights[kind] ?? 0) > 0)
    .map((kind) => ({ weight: weights[kind] as number, arbitrary: all[kind] }));
  return fc.oneof(...options);
}

/** An arbitrary schedule of up to `maxSteps` faults, each after up to `maxGap` ms. */
export function faultScheduleArbitrary(
  maxSteps: number,
  maxGap: number,
  weights: FaultWeights = DEFAULT_FAULT_WEIGHTS,
): fc.Arbitrary<FaultStep[]> {
  const step = fc.record({ after: fc.integer({ min: 0, max: maxGap }), action: faultActionArbitrary(weights) });
  return fc.array(step, { maxLength: maxSteps, size: 'max' });
}

/** One step of a nemesis template: an action and the range of ms to wait before it. */
export type TemplateStep = readonly [action: FaultAction, minGap: number, maxGap: number];

/**
 * A schedule that runs the template's actions in order, each after a random gap in its range,
 * with up to three random proposals mixed in. Used to aim at narrow windows that uniform random
 * schedules hit too rarely (Figure 8, a vote lost in a crash).
 */
export function templateScheduleArbitrary(steps: readonly TemplateStep[]): fc.Arbitrary<FaultStep[]> {
  const gaps = fc.tuple(...steps.map(([, min, max]) => fc.integer({ min, max })));
  const proposal = fc.record({
    after: fc.integer({ min: 0, max: 100 }),
    action: faultActionArbitrary({ propose: 1 }),
  });
  const extras = fc.array(fc.tuple(proposal, fc.nat()), { maxLength: 3 });
  return fc.tuple(gaps, extras).map(([drawn, extra]) => {
    const schedule: FaultStep[] = steps.map(([action], i) => ({ after: drawn[i] as number, action }));
    for (const [step, position] of extra) schedule.splice(position % (schedule.length + 1), 0, step);
    return schedule;
  });
}

/**
 * Figure 8 of the Raft paper as a nemesis: the next two leaders are cut off at once (each keeps an
 * uncommitted no-op of its term), the server holding the newer one is crashed, the others heal
 * and elect a leader that replicates the older entry, which is crashed as soon as it commits
 * something; then the long-down server comes back.
 */
export const FIGURE_8_TEMPLATE: readonly TemplateStep[] = [
  [{ kind: 'isolateNextLeaders', count: 2 }, 0, 100],
  [{ kind: 'crashNextLeaderCommit' }, 0, 0],
  [{ kind: 'crashMostUpToDate' }, 600, 900],
  [{ kind: 'heal' }, 0, 100],
  [{ kind: 'restartLongestDown' }, 300, 800],
  [{ kind: 'heal' }, 400, 800],
];

/**
 * A crash right after a vote grant: the leader is crashed, the next voter that grants a vote is
 * crashed right after sending it and restarted 20 ms later, the leader it elected is cut off at
 * once, and later everyone restarts.
 */
export const LOST_VOTE_TEMPLATE: readonly TemplateStep[] = [
  [{ kind: 'crashLeader' }, 300, 700],
  [{ kind: 'crashNextVoteGrant', downFor: 20 }, 0, 0],
  [{ kind: 'isolateNextLeaders', count: 1 }, 0, 0],
  [{ kind: 'restartAll' }, 200, 800],
  [{ kind: 'heal' }, 400, 800],
];
