/**
 * A simulated Nomad server: its data dir on a simulated disk, a Raft node and the replicated state
 * machine it applies to, and its endpoint on the simulated network.
 *
 * The server drains the Raft node's effects (persist before acting, see effect-runner.ts), keeps
 * one timer at the node's next deadline, forwards writes to the leader and answers them once they
 * are applied. It can be started, stopped gracefully (handing leadership over first), crashed
 * (losing what was not synced) and restarted, reading its configuration again.
 */
import type { Simulation, Timer } from '../sim/simulation.js';
import type { Network } from '../sim/network.js';
import { SimDisk } from '../sim/disk.js';
import type { Rng } from '../sim/random.js';
import { createIdSource, type IdSource } from '../sim/ids.js';
import { Lifetime } from '../sim/lifetime.js';
import { AclCache } from '../acl/index.js';
import type { SeededBugs } from '../sim/seeded-bugs.js';
import {
  RaftNode,
  nodeId,
  type LogEntry,
  type NodeId,
  type PersistEffect,
  type RaftEffect,
  type RaftLogLimits,
  type RaftTimings,
} from '../raft/index.js';
import { RaftDiskStore } from './raft-disk-store.js';
import { RAFT_WIRE_FORMAT_ID, RaftWireFormat } from './raft-wire-format.js';
import { EffectRunner } from './effect-runner.js';
import {
  ServerStateMachine,
  type ServerApplyResult,
  type ServerCommand,
} from './state/state-machine.js';
import { RpcCaller, type Envelope, type RpcReply } from './rpc.js';
import {
  forwardToLeader,
  RPC_HOLD_TIMEOUT_MS,
  type LeaderBoundRequest,
} from './leader-forwarding.js';
import {
  isRpcMethodName,
  type EndpointArgs,
  type EndpointMethodName,
  type EndpointValue,
  type RpcMethodName,
  type ServerOwnMethods,
} from './rpc-methods.js';
import { applyDigest } from './apply-digest.js';
import type { ServerSettings } from './settings.js';
import type { ApiRequest, ApiResponse } from './http.js';

export type ServerStatus = 'running' | 'stopped' | 'crashed';

export { RPC_HOLD_TIMEOUT_MS, NO_CLUSTER_LEADER } from './leader-forwarding.js';
export const LEADERSHIP_LOST = 'leadership lost while committing log';
export const NOT_LEADER = 'node is not the leader';

/** What a server needs from its surroundings. */
export interface ServerEnvironment {
  sim: Simulation;
  network: Network;
  /** Loads the settings from the server's config file; throws a clear error on bad config. */
  loadSettings(server: Server): ServerSettings;
  timings: RaftTimings;
  limits?: Partial<RaftLogLimits>;
  fsyncLatencyMs: number;
  rpcTimeoutMs: number;
  /** Seeded bugs (src/sim/seeded-bugs.ts), for the checkers' self-tests only. */
  bugs?: SeededBugs;
  /** Called for lifecycle and Raft events the region and cluster react to. */
  hooks: ServerHooks;
}

export interface ServerHooks {
  started(server: Server): void;
  stopped(server: Server, crash: boolean): void;
  roleChanged(server: Server): void;
  /**
   * The leader passed its barrier: it committed an entry of its own term and applied everything
   * before it, so its state machine now holds every earlier write. Nomad establishes leadership
   * (and starts leader-only duties such as ACL replication) only from here.
   */
  leadershipEstablished(server: Server): void;
  /** The server handles an HTTP-shaped request (the API layer plugs in here). */
  http(server: Server, request: ApiRequest, reply: (response: ApiResponse) => void): void;
  /** The server handles an endpoint RPC (the API layer plugs in here). */
  rpc<M extends EndpointMethodName>(
    server: Server,
    method: M,
    args: EndpointArgs<M>,
    from: string,
    reply: (reply: RpcReply<EndpointValue<M>>) => void,
  ): void;
  /** A committed entry was applied (for checkers). */
  applied?(server: Server, entry: LogEntry, result: ServerApplyResult | null): void;
}

/** What a write through the log answers: the index it was applied at. */
export type WriteReply = RpcReply<{ index: number }>;

interface PendingWrite {
  term: number;
  done: (reply: WriteReply) => void;
}

const addresses = new Map<string, string>();

/** The network address of a Raft id (`10.1.0.1:4647` -> `10.1.0.1`), memoized: it is on every send. */
function addressOf(raftId: string): string {
  let address = addresses.get(raftId);
  if (address === undefined) {
    address = raftId.slice(0, raftId.lastIndexOf(':'));
    addresses.set(raftId, address);
  }
  return address;
}

/** What an ACL command changes in the tables it is applied to (null: not an ACL command). */
function aclChangeOf(
  command: ServerCommand,
): { what: 'policies' | 'tokens'; upserted: string[]; deleted: string[] } | null {
  switch (command.type) {
    case 'acl.bootstrap':
      return { what: 'tokens', upserted: [command.token.AccessorID], deleted: [] };
    case 'acl.policy.upsert':
      return { what: 'policies', upserted: command.policies.map((p) => p.Name), deleted: [] };
    case 'acl.policy.delete':
      return { what: 'policies', upserted: [], deleted: [...command.names] };
    case 'acl.token.upsert':
      return { what: 'tokens', upserted: command.tokens.map((t) => t.AccessorID), deleted: [] };
    case 'acl.token.delete':
      return { what: 'tokens', upserted: [], deleted: [...command.accessorIds] };
    default:
      return null;
  }
}

export class Server {
  readonly disk: SimDisk;
  readonly raftId: NodeId;
  /** The node id Nomad keeps in its data dir (shown by `operator raft list-peers`). */
  readonly nodeUuid: string;
  status: ServerStatus = 'stopped';
  settings: ServerSettings | null = null;
  node: RaftNode | null = null;
  fsm: ServerStateMachine | null = null;
  /** Incremented on every start (names the incarnation in per-incarnation random streams). */
  incarnation = 0;
  /** When the server last started (virtual ms). */
  startedAt = 0;
  /**
   * What this server has acted on so far. The Raft node runs ahead of the server (its effects wait
   * for fsyncs), so leader-only duties look at these, never at the node's own role and indexes.
   * `leaderTerm`: the term of the last `roleChanged` to leader performed (-1 when not leading);
   * `appliedTerm`: the term of the last entry applied to the state machine; `establishedTerm`: the
   * term in which leadership was last established (see `leadershipEstablished`).
   */
  private leaderTerm = -1;
  private appliedTerm = -1;
  private establishedTerm = -1;
  private store: RaftDiskStore | null = null;
  private runner: EffectRunner | null = null;
  private timer: Timer | null = null;
  private rpc: RpcCaller | null = null;
  private readonly pendingWrites = new Map<number, PendingWrite>();
  private applyWatchers: Array<() => void> = [];
  private readonly rng: Rng;
  private incarnationRng: Rng | null = null;
  private idSource: IdSource | null = null;
  /** The last vote traced (`term votedFor`), so a vote persisted again is not traced twice. */
  private lastVote = '';
  /** The current incarnation's life: its timers and guarded callbacks die with it. */
  private life: Lifetime | null = null;
  /**
   * Compiled ACLs by policy hashes, as Nomad's server keeps them. Kept across restarts: entries
   * are keyed by content hashes, so an entry can never describe another policy text.
   */
  readonly aclCache = new AclCache();

  constructor(
    readonly env: ServerEnvironment,
    /** The server's network address (its IP), also the key of its endpoint. */
    readonly address: string,
    /** The region it was created in (its config may say otherwise after an edit). */
    readonly homeRegion: string,
    /** The node name (before any config is read). */
    readonly initialName: string,
    /** Path of the agent config file on the server's disk. */
    readonly configPath: string,
  ) {
    this.disk = new SimDisk(address);
    this.raftId = nodeId(`${address}:4647`);
    this.rng = env.sim.rng.split(`server/${homeRegion}/${initialName}`);
    this.nodeUuid = createIdSource(this.rng.split('node-id'))();
    env.network.register(address, homeRegion, null);
    // The server sends its hot Raft messages in this format; servers of one simulation share it.
    if (!env.sim.codec.hasFormat(RAFT_WIRE_FORMAT_ID))
      env.sim.codec.addFormat(new RaftWireFormat());
  }

  get sim(): Simulation {
    return this.env.sim;
  }

  get name(): string {
    return this.settings?.name ?? this.initialName;
  }

  get region(): string {
    return this.settings?.region ?? this.homeRegion;
  }

  get isRunning(): boolean {
    return this.status === 'running';
  }

  get isLeader(): boolean {
    return this.node?.role === 'leader';
  }

  /** Leader that has passed its barrier in the current term (its state machine is caught up). */
  get leadershipEstablished(): boolean {
    return this.leaderTerm !== -1 && this.establishedTerm === this.leaderTerm;
  }

  /** A random stream for this incarnation (RPC jitter, forwarding choices). */
  get random(): Rng {
    if (this.incarnationRng === null) throw new Error(`server ${this.name} is not running`);
    return this.incarnationRng;
  }

  /** UUID-shaped ids for objects this server creates (tokens), from its seeded stream. */
  get ids(): IdSource {
    if (this.idSource === null) this.idSource = createIdSource(this.random.split('ids'));
    return this.idSource;
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /** Starts the server from its config file and data dir. Throws on bad config (nothing changes). */
  start(): void {
    if (this.status === 'running') throw new Error(`server ${this.name} is already running`);
    const settings = this.env.loadSettings(this);
    this.settings = settings;
    this.incarnation++;
    this.life = new Lifetime(this.sim);
    this.leaderTerm = -1;
    this.appliedTerm = -1;
    this.establishedTerm = -1;
    this.incarnationRng = this.rng.split(`incarnation/${this.incarnation}`);
    this.startedAt = this.sim.now;
    const store = new RaftDiskStore(this.disk, `${settings.serverDataDir}/raft`, this.sim.codec);
    const persisted = store.load();
    const fsm = new ServerStateMachine(this.env.bugs);
    if (persisted.snapshot !== null) {
      fsm.restore(this.sim.codec.decode(persisted.snapshot.data));
      this.traceAclTables(fsm, persisted.snapshot.index);
    }
    this.store = store;
    this.fsm = fsm;
    this.node = new RaftNode({
      id: this.raftId,
      now: this.sim.now,
      rng: this.incarnationRng.split('raft'),
      timings: this.env.timings,
      ...(this.env.limits === undefined ? {} : { limits: this.env.limits }),
      persisted,
      ...(this.env.bugs === undefined ? {} : { bugs: this.env.bugs }),
    });
    this.runner = new EffectRunner(
      this.sim,
      this.effectHooks(),
      this.env.fsyncLatencyMs,
      this.env.bugs?.ackBeforeFsync === true,
    );
    this.rpc = new RpcCaller(this.sim, this.env.network, this.address, this.env.rpcTimeoutMs);
    this.status = 'running';
    this.env.network.setHandler(this.address, (from, message, replyEpoch) =>
      this.receive(from, message as Envelope, replyEpoch),
    );
    if (this.sim.trace.wants('server.config'))
      this.sim.trace.record('server.config', {
        region: this.region,
        server: this.name,
        file: this.configPath,
        text: this.disk.readText(this.configPath) ?? '',
      });
    this.sim.trace.record('server.start', { region: this.region, server: this.name });
    this.env.hooks.started(this);
    this.pump();
  }

  /** Stops the process at once. With `crash`, unsynced writes are lost. */
  halt(crash: boolean): void {
    if (this.status !== 'running') return;
    this.status = crash ? 'crashed' : 'stopped';
    // Everything this incarnation started dies with it, answers to its callers included.
    this.life?.end();
    this.life = null;
    this.runner?.stop();
    this.timer?.cancel();
    this.timer = null;
    this.rpc?.abandonAll();
    if (crash) this.disk.crash();
    else this.disk.sync();
    this.env.network.setHandler(this.address, null);
    this.failPendingWrites('server shutting down');
    this.node = null;
    this.fsm = null;
    this.applyWatchers = [];
    this.runner = null;
    this.rpc = null;
    this.incarnationRng = null;
    this.idSource = null;
    this.sim.trace.record('server.stop', { region: this.region, server: this.name, crash });
    this.env.hooks.stopped(this, crash);
  }

  /**
   * A graceful stop: a leader first hands leadership to another voter (waiting at most the
   * election timeout), then the process exits with everything synced. Calls `done` when stopped.
   */
  stopGracefully(done: () => void): void {
    const node = this.node;
    if (this.status !== 'running' || node === null) {
      done();
      return;
    }
    if (node.role !== 'leader') {
      this.halt(false);
      done();
      return;
    }
    const transfer = node.transferLeadership(this.sim.now);
    this.pump();
    if (!transfer.ok) {
      this.halt(false);
      done();
      return;
    }
    const life = this.life as Lifetime;
    life.onEnd(done); // stopped here, or crashed meanwhile
    const giveUpAt = this.sim.now + this.env.timings.electionTimeout * 2;
    const check = (): void => {
      if (!this.isLeader || this.sim.now >= giveUpAt) this.halt(false);
      else life.after(10, check);
    };
    life.after(10, check);
  }

  // ---------------------------------------------------------------------------------------------
  // Work owned by this incarnation

  /**
   * Runs `action` after `delay` virtual ms if this incarnation still runs then: a crash, stop or
   * restart in between drops it. Does nothing when the server is not running.
   */
  after(delay: number, action: () => void): Timer | null {
    return this.life?.after(delay, action) ?? null;
  }

  /** `after`, at an absolute virtual time. */
  at(time: number, action: () => void): Timer | null {
    return this.life?.at(time, action) ?? null;
  }

  /** `callback`, made to do nothing once this incarnation has ended (for late answers). */
  guard<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
    const life = this.life;
    if (life === null) return () => {};
    return life.guard(callback);
  }

  // ---------------------------------------------------------------------------------------------
  // Raft plumbing

  /** Runs the node's pending effects and re-arms its timer. Call after every node interaction. */
  pump(): void {
    const node = this.node;
    const runner = this.runner;
    if (node === null || runner === null) return;
    const effects = node.takeEffects();
    if (effects.length > 0) {
      if (node.role === 'leader' && this.sim.trace.wants('raft.append'))
        this.traceAppends(node, effects);
      if (this.sim.trace.wants('raft.vote')) this.traceVotes(effects);
      runner.push(effects);
    }
    this.armTimer();
  }

  /** `raft.vote` for each vote the node is about to persist that differs from its last one. */
  private traceVotes(effects: readonly RaftEffect[]): void {
    for (const effect of effects) {
      if (effect.type !== 'persistState' || effect.votedFor === null) continue;
      const vote = `${effect.term} ${effect.votedFor}`;
      if (vote === this.lastVote) continue;
      this.lastVote = vote;
      this.sim.trace.record('raft.vote', {
        region: this.region,
        server: this.name,
        term: effect.term,
        votedFor: this.env.network.endpointName(addressOf(effect.votedFor)),
      });
    }
  }

  /** `acl.tables`: every policy and token a snapshot left in `fsm`'s ACL tables. */
  private traceAclTables(fsm: ServerStateMachine, index: number): void {
    if (!this.sim.trace.wants('acl.tables')) return;
    this.sim.trace.record('acl.tables', {
      region: this.region,
      server: this.name,
      index,
      policies: fsm.acl.listPolicies().map((p) => p.Name),
      tokens: fsm.acl.listTokens({ order: 'accessor-id' }).map((t) => t.AccessorID),
    });
  }

  /** `raft.append` for the entries this leader just added to its own log (not a follower's copies). */
  private traceAppends(node: RaftNode, effects: readonly RaftEffect[]): void {
    for (const effect of effects) {
      if (effect.type !== 'persistEntries' || effect.entries.length === 0) continue;
      const first = effect.entries[0] as LogEntry;
      if (first.term !== node.term) continue;
      const types = effect.entries.map((entry) =>
        entry.type === 'command'
          ? this.sim.codec.decode<ServerCommand>(entry.data).type
          : entry.type,
      );
      const last = effect.entries[effect.entries.length - 1] as LogEntry;
      this.sim.trace.record('raft.append', {
        region: this.region,
        server: this.name,
        first: first.index,
        last: last.index,
        term: first.term,
        types,
      });
    }
  }

  private armTimer(): void {
    const node = this.node;
    if (node === null) return;
    const deadline = node.nextDeadline();
    if (this.timer !== null && this.timer.time === deadline) return;
    if (!Number.isFinite(deadline)) {
      this.timer?.cancel();
      this.timer = null;
      return;
    }
    // Followers move their election deadline on nearly every message: re-arm in place.
    if (this.timer !== null && this.sim.rearm(this.timer, deadline)) return;
    this.timer?.cancel();
    this.timer = this.sim.at(deadline, this.onTimer);
  }

  /** The timer's action: the node's next deadline has come. */
  private readonly onTimer = (): void => {
    this.timer = null;
    if (this.node === null) return;
    this.node.tick(this.sim.now);
    this.pump();
  };

  private effectHooks() {
    return {
      write: (effect: PersistEffect) => (this.store as RaftDiskStore).write(effect),
      sync: (paths: readonly string[]) => (this.store as RaftDiskStore).sync(paths),
      perform: (effect: Exclude<RaftEffect, PersistEffect>) => this.perform(effect),
    };
  }

  private perform(effect: Exclude<RaftEffect, PersistEffect>): void {
    switch (effect.type) {
      case 'send':
        this.env.network.sendEncoded(
          this.address,
          addressOf(effect.to),
          this.sim.codec.encode(effect.message satisfies Envelope, RAFT_WIRE_FORMAT_ID),
          undefined,
          effect.message.type,
        );
        return;
      case 'apply':
        for (const entry of effect.entries) this.applyEntry(entry);
        this.maybeSnapshot();
        this.checkBarrier();
        return;
      case 'restoreSnapshot':
        (this.fsm as ServerStateMachine).restore(this.sim.codec.decode(effect.snapshot.data));
        this.appliedTerm = effect.snapshot.term;
        this.sim.trace.record('raft.snapshot', {
          region: this.region,
          server: this.name,
          index: effect.snapshot.index,
          term: effect.snapshot.term,
          how: 'installed',
        });
        this.traceAclTables(this.fsm as ServerStateMachine, effect.snapshot.index);
        return;
      case 'roleChanged':
        this.sim.trace.record('raft.role', {
          region: this.region,
          server: this.name,
          term: effect.term,
          role: effect.role,
        });
        if (effect.role !== 'leader') this.failPendingWrites(LEADERSHIP_LOST);
        this.leaderTerm = effect.role === 'leader' ? effect.term : -1;
        this.env.hooks.roleChanged(this);
        this.checkBarrier();
        return;
      case 'commitAdvanced':
        if (this.sim.trace.wants('raft.commit')) {
          this.sim.trace.record('raft.commit', {
            region: this.region,
            server: this.name,
            index: effect.index,
            term: effect.term,
          });
        }
        return;
      case 'leadershipTransferFailed':
        return;
    }
  }

  private applyEntry(entry: LogEntry): void {
    const fsm = this.fsm as ServerStateMachine;
    const command =
      entry.type === 'command' ? this.sim.codec.decode<ServerCommand>(entry.data) : null;
    const traceApply = this.sim.trace.wants('raft.apply');
    const traced = traceApply
      ? applyDigest(command ?? (entry.type === 'configuration' ? entry.configuration : null))
      : '';
    let result: ServerApplyResult | null = null;
    if (command !== null) result = fsm.apply(entry.index, command);
    else fsm.skip(entry.index);
    this.appliedTerm = entry.term;
    if (traceApply) {
      this.sim.trace.record('raft.apply', {
        region: this.region,
        server: this.name,
        index: entry.index,
        term: entry.term,
        type: command?.type ?? entry.type,
        digest: traced,
      });
    }
    if (command !== null && result?.ok !== false && this.sim.trace.wants('acl.apply')) {
      const change = aclChangeOf(command);
      if (change !== null)
        this.sim.trace.record('acl.apply', {
          region: this.region,
          server: this.name,
          index: entry.index,
          ...change,
        });
    }
    this.env.hooks.applied?.(this, entry, result);
    if (this.applyWatchers.length > 0) {
      const watchers = this.applyWatchers;
      this.applyWatchers = [];
      for (const watcher of watchers) watcher();
    }
    const pending = this.pendingWrites.get(entry.index);
    if (pending !== undefined) {
      this.pendingWrites.delete(entry.index);
      if (pending.term !== entry.term)
        pending.done({ ok: false, error: { status: 500, message: LEADERSHIP_LOST } });
      else if (result === null || result.ok)
        pending.done({
          ok: true,
          value: { index: entry.index },
          by: { region: this.region, server: this.name },
        });
      else pending.done({ ok: false, error: result.error });
    }
  }

  /**
   * Raises `leadershipEstablished` once per term, as soon as the leader has committed an entry of
   * its own term (its no-op) and applied everything up to it.
   */
  private checkBarrier(): void {
    // Entries apply in log order, so applying one of the leader's own term (its no-op at the
    // latest) means everything committed before it is in the state machine too.
    if (
      this.leaderTerm === -1 ||
      this.establishedTerm === this.leaderTerm ||
      this.appliedTerm !== this.leaderTerm
    )
      return;
    this.establishedTerm = this.leaderTerm;
    this.env.hooks.leadershipEstablished(this);
  }

  /** Calls `watcher` once, after the next entry this server applies (blocking queries use it). */
  onNextApply(watcher: () => void): void {
    this.applyWatchers.push(watcher);
  }

  /** Writes a line to the server's log (the trace kind `log`). */
  log(
    level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR',
    message: string,
    fields?: Record<string, string | number | boolean>,
  ): void {
    this.sim.trace.record('log', {
      region: this.region,
      server: this.name,
      level,
      message,
      ...(fields === undefined ? {} : { fields }),
    });
  }

  private maybeSnapshot(): void {
    const node = this.node;
    const fsm = this.fsm;
    if (node === null || fsm === null || !node.shouldSnapshot()) return;
    const index = node.appliedIndex;
    const taken = node.snapshotTaken(this.sim.now, {
      index,
      data: this.sim.codec.encode(fsm.snapshot()),
    });
    if (taken.ok) {
      this.sim.trace.record('raft.snapshot', {
        region: this.region,
        server: this.name,
        index,
        term: taken.snapshot.term,
        how: 'taken',
      });
    }
  }

  private failPendingWrites(message: string): void {
    const pending = [...this.pendingWrites.values()];
    this.pendingWrites.clear();
    for (const write of pending) write.done({ ok: false, error: { status: 500, message } });
  }

  // ---------------------------------------------------------------------------------------------
  // Network

  private receive(from: string, envelope: Envelope, callerEpoch: number): void {
    if (this.status !== 'running') return;
    switch (envelope.k) {
      case undefined: // a Raft message (see RaftEnvelope)
        this.node?.step(this.sim.now, envelope);
        this.pump();
        return;
      case 'rpc': {
        this.dispatch(
          envelope.method,
          envelope.args,
          from,
          this.guard((reply: RpcReply) => {
            this.env.network.replyReliable(
              this.address,
              from,
              callerEpoch,
              { k: 'rpc-reply', id: envelope.id, reply } satisfies Envelope,
              `${envelope.method} reply`,
            );
          }),
        );
        return;
      }
      case 'rpc-reply':
        this.rpc?.receive(from, envelope.id, envelope.reply);
        return;
      case 'http': {
        this.env.hooks.http(
          this,
          envelope.request,
          this.guard((response: ApiResponse) => {
            this.env.network.replyReliable(
              this.address,
              from,
              callerEpoch,
              { k: 'http-reply', id: envelope.id, response } satisfies Envelope,
              'http reply',
            );
          }),
        );
        return;
      }
      case 'http-reply':
        return;
    }
  }

  /**
   * Runs RPC `method` here: `Raft.Apply` and `Agent.HTTP` the server answers itself, Nomad's
   * endpoints go to the API layer; an unknown name is answered as Nomad's RPC server does.
   */
  dispatch(method: string, args: unknown, from: string, reply: (reply: RpcReply) => void): void {
    if (!isRpcMethodName(method)) {
      reply({ ok: false, error: { status: 500, message: `rpc: can't find method ${method}` } });
      return;
    }
    switch (method) {
      case 'Raft.Apply': {
        const { command, holdUntil } = args as ServerOwnMethods['Raft.Apply']['args'];
        this.submit(command, reply, holdUntil);
        return;
      }
      case 'Agent.HTTP': {
        const { request } = args as ServerOwnMethods['Agent.HTTP']['args'];
        this.env.hooks.http(this, request, (response) => reply({ ok: true, value: response }));
        return;
      }
      default:
        // Arguments off the wire: the caller built them for this method (see `call`).
        this.serve(method, args as EndpointArgs<typeof method>, from, reply);
    }
  }

  /** Runs endpoint `method` here through the API layer, with typed arguments and reply. */
  serve<M extends EndpointMethodName>(
    method: M,
    args: EndpointArgs<M>,
    from: string,
    reply: (reply: RpcReply<EndpointValue<M>>) => void,
  ): void {
    this.env.hooks.rpc(this, method, args, from, reply);
  }

  /**
   * Calls `method` on the server at `address`. The reply is typed as the method's reply: the
   * callee is a server of this simulation running the same typed handler, so the decoded value is
   * what that handler answered (the one place a reply's type is taken on trust).
   */
  call<V = unknown>(
    address: string,
    method: RpcMethodName,
    args: unknown,
    done: (reply: RpcReply<V>) => void,
    timeoutMs?: number,
  ): void {
    const rpc = this.rpc;
    if (rpc === null) {
      done({ ok: false, error: { status: 500, message: 'server shutting down' } });
      return;
    }
    rpc.call(address, method, args, this.guard(done as (reply: RpcReply) => void), timeoutMs);
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  /** The address of the leader this server knows of (null when none, or itself). */
  leaderAddress(): string | null {
    const leader = this.node?.leader ?? null;
    if (leader === null) return null;
    return leader.slice(0, leader.lastIndexOf(':'));
  }

  /**
   * Puts `command` through the region's Raft log: proposed here when this server leads, else
   * forwarded to the leader (src/server/leader-forwarding.ts); with no leader, retried until the
   * RPC hold timeout, then `No cluster leader`. Answers with the index it was applied at.
   */
  submit(
    command: ServerCommand,
    done: (reply: WriteReply) => void,
    holdUntil = this.sim.now + RPC_HOLD_TIMEOUT_MS,
  ): void {
    const args: ServerOwnMethods['Raft.Apply']['args'] & { holdUntil: number } = {
      command,
      holdUntil,
    };
    const request: LeaderBoundRequest<{ index: number }> = {
      method: 'Raft.Apply',
      args,
      afterBarrier: false,
      runHere: (reply) => this.proposeHere(command, reply),
      timeoutMs: this.env.rpcTimeoutMs,
    };
    forwardToLeader(this, request, done);
  }

  /** Proposes on this leader; false (nothing done) when the node refuses the proposal right now. */
  private proposeHere(command: ServerCommand, done: (reply: WriteReply) => void): boolean {
    const node = this.node;
    if (node === null) return false;
    const proposed = node.propose(this.sim.now, this.sim.codec.encode(command));
    if (!proposed.ok) return false;
    this.pendingWrites.set(proposed.index, { term: proposed.term, done });
    this.pump();
    return true;
  }

  /**
   * Proposes `command` only if this server leads right now, never forwarding it (Nomad's
   * `raftApply` from leader-only duties such as ACL replication): a duty started under one leader
   * must not have its write land, later in the log, under the next leader.
   */
  applyAsLeader(command: ServerCommand, done: (reply: WriteReply) => void): void {
    const node = this.node;
    if (node === null || this.status !== 'running' || node.role !== 'leader') {
      done({ ok: false, error: { status: 500, message: NOT_LEADER } });
      return;
    }
    const proposed = node.propose(this.sim.now, this.sim.codec.encode(command));
    if (!proposed.ok) {
      done({ ok: false, error: { status: 500, message: proposed.message } });
      return;
    }
    this.pendingWrites.set(proposed.index, { term: proposed.term, done });
    this.pump();
  }
}
