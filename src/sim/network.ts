/**
 * The simulated network between named endpoints (servers, clients, the operator's workstation).
 *
 * Each message is encoded to bytes on send and decoded on delivery after a latency drawn from the
 * link's range; random latency reorders messages (jitter). Loss and duplication are per-message
 * probabilities. Partitions block directed pairs of endpoints and are checked at delivery, so
 * nothing crosses a partition until it heals. Every change of fault state is traced as `net.fault`.
 */
import type { Rng } from './random.js';
import type { Simulation } from './simulation.js';
import type { NetDropReason } from './trace.js';

/** A latency range in whole virtual ms, both ends included. */
export interface LatencyRange {
  min: number;
  max: number;
}

export interface NetworkOptions {
  /** Latency between endpoints of the same group (region). Default 1–3 ms. */
  local?: LatencyRange;
  /** Latency between groups. Default 20–60 ms. */
  crossGroup?: LatencyRange;
  /** Per group pair overrides, keyed `"a|b"` (order does not matter). */
  pairs?: Record<string, LatencyRange>;
  /** Probability that a message is lost. Default 0. */
  loss?: number;
  /** Probability that a message is delivered twice. Default 0. */
  duplicate?: number;
}

/** How a sender learns that a connection could not be made. */
export type FailureHandler = (reason: 'refused' | 'unreachable') => void;

/** Virtual ms before a connection attempt across a partition gives up (Go's dial timeout). */
export const DIAL_TIMEOUT_MS = 10_000;

/** How long a stream connection keeps retransmitting across a partition before it gives up. */
export const STREAM_GIVE_UP_MS = 40_000;
const RETRANSMIT_MS = 1_000;

/**
 * A message sent on a stream connection: when it was sent and to which incarnation of the target.
 * (Bytes written before the sender exits still arrive, as TCP delivers them before the close; but
 * the connection itself is gone, so the receiver's answer on it goes nowhere: see
 * `MessageHandler`'s `replyEpoch`.)
 */
interface StreamState {
  readonly since: number;
  readonly epoch: number;
}

/**
 * Receives messages for one endpoint. `replyEpoch` is what a reply on the message's connection
 * must be addressed to (`replyReliable`): the sender's epoch now, unless the sender has stopped and
 * started again since it sent the message; then the connection died with the incarnation that
 * opened it, and the epoch it was sent from makes any reply go nowhere.
 */
export type MessageHandler = (from: string, message: unknown, replyEpoch: number) => void;

interface EndpointState {
  readonly address: string;
  readonly group: string;
  handler: MessageHandler | null;
  /** Bumped every time the handler changes (the process behind the endpoint stopped or started). */
  epoch: number;
  /** Latency to each peer, filled on first use (the matrix never changes after construction). */
  readonly latencyTo: Map<EndpointState, LatencyRange>;
}

interface PartitionRule {
  readonly id: number;
  readonly from: ReadonlySet<string>;
  readonly to: ReadonlySet<string>;
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  blocked: number;
  droppedAtDownEndpoint: number;
  bytes: number;
}

function checkRange(name: string, range: LatencyRange): LatencyRange {
  const ok =
    typeof range === 'object' &&
    range !== null &&
    Number.isInteger(range.min) &&
    Number.isInteger(range.max) &&
    range.min >= 0 &&
    range.max >= range.min;
  if (!ok) {
    throw new RangeError(
      `invalid network option "${name}": latency must be whole ms with 0 <= min <= max, got ${JSON.stringify(range)}`,
    );
  }
  return { min: range.min, max: range.max };
}

function checkProbability(name: string, p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(
      `invalid network option "${name}": expected a probability in [0, 1], got ${String(p)}`,
    );
  }
  return p;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Sees a delivered message: sender and receiver addresses, what the sender called it, the message. */
export type DeliveryObserver = (from: string, to: string, what: string, message: unknown) => void;

export class Network {
  private readonly endpoints = new Map<string, EndpointState>();
  private readonly partitions: PartitionRule[] = [];
  private nextPartitionId = 1;
  private local: LatencyRange;
  private crossGroup: LatencyRange;
  private readonly pairs = new Map<string, LatencyRange>();
  private loss: number;
  private duplicate: number;
  private readonly rng: Rng;
  /** Numbers every message sent (always, so ids do not depend on who reads the trace). */
  private messagesSent = 0;
  /** Functions shown every delivered message, decoded, just before its handler (checkers). */
  private readonly deliveryObservers: DeliveryObserver[] = [];
  /** Names endpoints in `net.*` trace records (`region/server`); the address when unset. */
  private nameOf: (address: string) => string = (address) => address;
  readonly stats: NetworkStats = {
    sent: 0,
    delivered: 0,
    lost: 0,
    duplicated: 0,
    blocked: 0,
    droppedAtDownEndpoint: 0,
    bytes: 0,
  };

  constructor(
    private readonly sim: Simulation,
    options: NetworkOptions = {},
  ) {
    this.rng = sim.rng.split('network');
    this.local = checkRange('local', options.local ?? { min: 1, max: 3 });
    this.crossGroup = checkRange('crossGroup', options.crossGroup ?? { min: 20, max: 60 });
    for (const [key, range] of Object.entries(options.pairs ?? {})) {
      const [a, b, extra] = key.split('|');
      if (!a || !b || extra !== undefined) {
        throw new RangeError(
          `invalid network option "pairs": key "${key}" must look like "regionA|regionB"`,
        );
      }
      this.pairs.set(pairKey(a, b), checkRange(`pairs.${key}`, range));
    }
    this.loss = checkProbability('loss', options.loss ?? 0);
    this.duplicate = checkProbability('duplicate', options.duplicate ?? 0);
  }

  /** Adds an endpoint. Its handler may be null while it is down (messages are then dropped). */
  register(address: string, group: string, handler: MessageHandler | null): void {
    if (typeof address !== 'string' || address.length === 0) {
      throw new TypeError('invalid endpoint "address": must be a non-empty string');
    }
    if (this.endpoints.has(address))
      throw new RangeError(`invalid endpoint "address": ${address} is already registered`);
    this.endpoints.set(address, { address, group, handler, epoch: 0, latencyTo: new Map() });
  }

  /** Sets how `net.*` trace records name an endpoint (for example `global/server-1`). */
  nameEndpoints(nameOf: (address: string) => string): void {
    this.nameOf = nameOf;
  }

  /** The name an endpoint has in `net.*` records (`global/server-1`, `workstation`). */
  endpointName(address: string): string {
    return this.nameOf(address);
  }

  /**
   * Shows `observer` every message delivered from now on, decoded, just before the receiver's
   * handler runs (invariant checkers judge some decisions by what the receiver held then). The
   * observer must not change the message. Returns the function that stops it.
   */
  observeDeliveries(observer: DeliveryObserver): () => void {
    this.deliveryObservers.push(observer);
    return () => {
      const at = this.deliveryObservers.indexOf(observer);
      if (at >= 0) this.deliveryObservers.splice(at, 1);
    };
  }

  /** Swaps the handler of an endpoint (null: down, drops what arrives). */
  setHandler(address: string, handler: MessageHandler | null): void {
    const endpoint = this.endpoint(address);
    endpoint.handler = handler;
    endpoint.epoch++;
  }

  /**
   * A number that changes whenever the process behind `address` stops or starts. Connections
   * opened in one epoch do not survive into the next (a restarted server has no memory of them).
   */
  epochOf(address: string): number {
    return this.endpoint(address).epoch;
  }

  /** Whether the endpoint is up (has a handler). */
  isUp(address: string): boolean {
    return this.endpoints.get(address)?.handler != null;
  }

  hasEndpoint(address: string): boolean {
    return this.endpoints.has(address);
  }

  groupOf(address: string): string {
    return this.endpoint(address).group;
  }

  /**
   * Sends `message` (plain data) from one endpoint to another. `onFailure` tells the sender about
   * a connection that cannot be made: `refused` (one link latency later) when the target endpoint
   * is down, `unreachable` (after the dial timeout) when a partition blocks it. Random losses stay
   * silent, as dropped packets on an established connection do.
   */
  send(
    from: string,
    to: string,
    message: unknown,
    onFailure?: FailureHandler,
    what = 'message',
  ): void {
    this.transmit(from, to, this.sim.codec.encode(message), onFailure, false, what);
  }

  /**
   * `send` for a message the sender already encoded with the simulation's codec (for example in
   * a format of its own, see Codec.addFormat); the receiver gets it decoded, as with `send`.
   */
  sendEncoded(
    from: string,
    to: string,
    bytes: Uint8Array,
    onFailure?: FailureHandler,
    what = 'message',
  ): void {
    this.transmit(from, to, bytes, onFailure, false, what);
  }

  /**
   * Sends over a stream connection (TCP, as Nomad's RPC and HTTP use): random loss and
   * duplication are repaired by the transport, so the message arrives once or, when a partition
   * or a stopped endpoint stands in the way, not at all (and `onFailure` says why).
   */
  sendReliable(
    from: string,
    to: string,
    message: unknown,
    onFailure?: FailureHandler,
    what = 'message',
  ): void {
    this.transmit(from, to, this.sim.codec.encode(message), onFailure, true, what);
  }

  /**
   * Answers a request on the connection it arrived on: `requesterEpoch` is the requester's epoch
   * when the request was delivered (`epochOf(to)` then). If the requester stopped or restarted
   * since, that connection is closed and the reply is dropped: a new incarnation never receives an
   * answer meant for its predecessor.
   */
  replyReliable(
    from: string,
    to: string,
    requesterEpoch: number,
    message: unknown,
    what = 'reply',
  ): void {
    const source = this.endpoint(from);
    const target = this.endpoint(to);
    const bytes = this.sim.codec.encode(message);
    this.stats.sent++;
    this.stats.bytes += bytes.length;
    const id = this.traceSend(source, target, bytes, what);
    this.deliverLater(
      source,
      target,
      bytes,
      undefined,
      { since: this.sim.now, epoch: requesterEpoch },
      what,
      id,
      source.epoch,
    );
  }

  private transmit(
    from: string,
    to: string,
    bytes: Uint8Array,
    onFailure: FailureHandler | undefined,
    reliable: boolean,
    what: string,
  ): void {
    const source = this.endpoint(from);
    const target = this.endpoint(to);
    if (from === to) throw new RangeError(`invalid link: endpoint ${from} cannot send to itself`);
    this.stats.sent++;
    this.stats.bytes += bytes.length;
    const id = this.traceSend(source, target, bytes, what);
    if (reliable) {
      this.deliverLater(
        source,
        target,
        bytes,
        onFailure,
        { since: this.sim.now, epoch: target.epoch },
        what,
        id,
        source.epoch,
      );
      return;
    }
    if (this.loss > 0 && this.rng.chance(this.loss)) {
      this.stats.lost++;
      this.traceNet('net.drop', source, target, bytes, what, id, 'loss');
      return;
    }
    this.deliverLater(source, target, bytes, onFailure, null, what, id, source.epoch);
    if (this.duplicate > 0 && this.rng.chance(this.duplicate)) {
      this.stats.duplicated++;
      this.deliverLater(source, target, bytes, undefined, null, what, id, source.epoch);
    }
  }

  /** Numbers a message and records `net.send` when someone reads it; returns the number. */
  private traceSend(
    source: EndpointState,
    target: EndpointState,
    bytes: Uint8Array,
    what: string,
  ): number {
    const id = ++this.messagesSent;
    this.traceNet('net.send', source, target, bytes, what, id, null);
    return id;
  }

  private traceNet(
    kind: 'net.send' | 'net.deliver' | 'net.drop',
    source: EndpointState,
    target: EndpointState,
    bytes: Uint8Array,
    what: string,
    msg: number,
    reason: NetDropReason | null,
  ): void {
    const trace = this.sim.trace;
    if (!trace.wants(kind)) return;
    const fields = {
      from: this.nameOf(source.address),
      to: this.nameOf(target.address),
      what,
      bytes: bytes.length,
      msg,
    };
    if (kind === 'net.drop') trace.record(kind, { ...fields, reason: reason ?? 'loss' });
    else trace.record(kind, fields);
  }

  /** Blocks traffic between two sides (both directions unless `oneWay`: then only a -> b). */
  partition(sideA: readonly string[], sideB: readonly string[], oneWay = false): number {
    for (const address of [...sideA, ...sideB]) this.endpoint(address);
    const id = this.nextPartitionId++;
    this.partitions.push({ id, from: new Set(sideA), to: new Set(sideB) });
    if (!oneWay) this.partitions.push({ id, from: new Set(sideB), to: new Set(sideA) });
    const names = [sideA.map((a) => this.nameOf(a)), sideB.map((a) => this.nameOf(a))];
    this.sim.trace.record('net.fault', {
      what: oneWay ? 'partition-one-way' : 'partition',
      between: [[...sideA], [...sideB]],
      names,
    });
    return id;
  }

  /** Cuts `address` off from every other endpoint. */
  isolate(address: string): number {
    const others = [...this.endpoints.keys()].filter((a) => a !== address);
    return this.partition([address], others);
  }

  /** Removes one partition (by id) or all of them. */
  heal(id?: number): void {
    for (let i = this.partitions.length - 1; i >= 0; i--) {
      if (id === undefined || this.partitions[i]?.id === id) this.partitions.splice(i, 1);
    }
    this.sim.trace.record(
      'net.fault',
      id === undefined ? { what: 'heal-all' } : { what: 'heal', value: id },
    );
  }

  setLoss(p: number): void {
    this.loss = checkProbability('loss', p);
    this.sim.trace.record('net.fault', { what: 'loss', value: p });
  }

  setDuplicate(p: number): void {
    this.duplicate = checkProbability('duplicate', p);
    this.sim.trace.record('net.fault', { what: 'duplicate', value: p });
  }

  /** Whether a message from `from` to `to` would be blocked right now. */
  isBlocked(from: string, to: string): boolean {
    for (const rule of this.partitions) if (rule.from.has(from) && rule.to.has(to)) return true;
    return false;
  }

  private latencyBetween(a: EndpointState, b: EndpointState): LatencyRange {
    let range = a.latencyTo.get(b);
    if (range === undefined) {
      range =
        this.pairs.get(pairKey(a.group, b.group)) ??
        (a.group === b.group ? this.local : this.crossGroup);
      a.latencyTo.set(b, range);
    }
    return range;
  }

  private deliverLater(
    source: EndpointState,
    target: EndpointState,
    bytes: Uint8Array,
    onFailure: FailureHandler | undefined,
    stream: StreamState | null,
    what: string,
    id: number,
    senderEpoch: number,
  ): void {
    const range = this.latencyBetween(source, target);
    const delay = range.min === range.max ? range.min : this.rng.int(range.min, range.max);
    this.sim.schedule(delay, () =>
      this.deliver(source, target, bytes, onFailure, delay, stream, what, id, senderEpoch),
    );
  }

  private deliver(
    source: EndpointState,
    target: EndpointState,
    bytes: Uint8Array,
    onFailure: FailureHandler | undefined,
    delay: number,
    stream: StreamState | null,
    what: string,
    id: number,
    senderEpoch: number,
  ): void {
    if (stream !== null && target.epoch !== stream.epoch) {
      // The process at the other end restarted: the connection this message rode on is gone.
      this.stats.droppedAtDownEndpoint++;
      this.traceNet('net.drop', source, target, bytes, what, id, 'restarted');
      if (onFailure !== undefined) this.sim.schedule(delay, () => onFailure('refused'));
      return;
    }
    if (this.partitions.length > 0 && this.isBlocked(source.address, target.address)) {
      if (stream !== null && this.sim.now - stream.since < STREAM_GIVE_UP_MS) {
        // TCP keeps retransmitting; the message gets through if the partition heals in time.
        this.sim.schedule(RETRANSMIT_MS, () =>
          this.deliver(source, target, bytes, onFailure, delay, stream, what, id, senderEpoch),
        );
        return;
      }
      this.stats.blocked++;
      this.traceNet('net.drop', source, target, bytes, what, id, 'partition');
      if (onFailure !== undefined)
        this.sim.schedule(stream === null ? DIAL_TIMEOUT_MS : 0, () => onFailure('unreachable'));
      return;
    }
    const handler = target.handler;
    if (handler === null) {
      this.stats.droppedAtDownEndpoint++;
      this.traceNet('net.drop', source, target, bytes, what, id, 'down');
      if (onFailure !== undefined) this.sim.schedule(delay, () => onFailure('refused'));
      return;
    }
    this.stats.delivered++;
    this.traceNet('net.deliver', source, target, bytes, what, id, null);
    const message = this.sim.codec.decode(bytes);
    for (const observer of this.deliveryObservers)
      observer(source.address, target.address, what, message);
    const replyEpoch =
      source.handler !== null && source.epoch !== senderEpoch ? senderEpoch : source.epoch;
    handler(source.address, message, replyEpoch);
  }

  private endpoint(address: string): EndpointState {
    const endpoint = this.endpoints.get(address);
    if (endpoint === undefined) throw new RangeError(`unknown endpoint "${address}"`);
    return endpoint;
  }
}
