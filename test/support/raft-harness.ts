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
import { pack, unpack } from 'msgpackr';
import { Rng } from '../../src/sim/random.js';
import {
  RaftNode,
  applyPersistEffect,
  isPersistEffect,
  raftTimings,
  EMPTY_PERSISTED_STATE,
} from '../../src/replication/raft/index.js';
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
} from '../../src/replication/raft/index.js';

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
}

type Event =
  | { kind: 'deliver'; to: NodeId; message: RaftMessage | Uint8Array }
  | { kind: 'timer'; id: NodeId; at: number; incarnation: number }
  | { kind: 'synced'; id: NodeId; incarnation: number };

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
      case 'send':
        this.sendMessage(server.id, effect.to, effect.message);
        return;
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
      case 'commitAdvanced':
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

  /** Proposes `data` on node `id` (default: the current leader). */
  propose(data: Uint8Array | string, id?: string): ProposeResult | null {
    const node = id === undefined ? this.leader() : this.server(id).node;
    if (node === null) return null;
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const result = node.propose(this.now, bytes);
    if (result.ok) {
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

  crash(id: string): void {
    const server = this.server(id);
    if (server.node === null) return;
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

  /** Checks run after every event. */
  checkInvariants(): void {
    for (const server of this.servers.values()) {
      const node = server.node;
      if (node === null) continue;
      if (node.role === 'leader') this.checkLeader(node);
      else this.leaderSeen.delete(node.id);
      this.recordCommits(server, node);
    }
  }

  private checkLeader(node: RaftNode): void {
    const owner = this.leaderOfTerm.get(node.term);
    if (owner === undefined) this.leaderOfTerm.set(node.term, node.id);
    else if (owner !== node.id) {
      throw new RaftInvariantViolation(`election safety: ${owner} and ${node.id} both lead term ${node.term}`);
    }
    const seen = this.leaderSeen.get(node.id);
    if (seen === undefined || seen.term !== node.term) {
      this.checkLeaderCompleteness(node);
    } else {
      const termThen = node.termAt(seen.lastIndex);
      if (node.lastIndex < seen.lastIndex || (termThen !== undefined && termThen !== seen.lastTerm)) {
        throw new RaftInvariantViolation(`leader append-only: ${node.id} lost or changed entries in term ${node.term}`);
      }
    }
    this.leaderSeen.set(node.id, { term: node.term, lastIndex: node.lastIndex, lastTerm: node.lastTerm });
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

  /** Records what each node says is committed; a committed index must never change its entry. */
  private recordCommits(server: SimServer, node: RaftNode): void {
    const commit = node.commitIndex;
    if (commit <= server.commitSeen) {
      server.commitSeen = commit;
      return;
    }
    for (let index = server.commitSeen + 1; index <= commit; index++) {
      const entry = node.entryAt(index);
      const termThere = node.termAt(index);
      if (termThere === undefined) continue; // compacted: covered by the snapshot's chain check
      const digest = entry === undefined ? null : entryDigest(entry);
      const record = this.committed[index];
      if (record === undefined) {
        if (digest !== null) this.committed[index] = { term: termThere, digest, committedInTerm: node.term };
        continue;
      }
      if (record.term !== termThere || (digest !== null && record.digest !== digest)) {
        throw new RaftInvariantViolation(`committed entry changed: ${node.id} committed a different entry at index ${index}`);
      }
      record.committedInTerm = Math.min(record.committedInTerm, node.term);
    }
    server.commitSeen = commit;
  }

  /** The highest index anyone saw committed. */
  get highestCommitted(): number {
    return this.committed.length - 1;
  }

  /**
   * Heals everything, restarts every server, and waits until one leader has committed an entry of
   * its term on all servers. Then every acknowledged write must be in every server's state.
   */
  checkConverged(maxMs: number): void {
    this.heal();
    this.setDropRate(0);
    for (const id of this.ids) this.restart(id);
    const settled = this.runUntil(() => {
      const leader = this.leader();
      if (leader === null || leader.termAt(leader.commitIndex) !== leader.term) return false;
      return this.ids.every((id) => !this.isMember(id, leader) || this.server(id).fsm.index >= leader.commitIndex);
    }, maxMs);
    if (!settled) throw new RaftInvariantViolation(`no convergence within ${maxMs} ms after healing`);
    for (const write of this.acked) {
      for (const id of this.ids) {
        const server = this.server(id);
        const node = server.node as RaftNode;
        if (!this.isMember(id, this.leader() as RaftNode)) continue;
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
