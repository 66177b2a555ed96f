/**
 * Messages between simulated agents and the request/reply bookkeeping on top of them.
 *
 * Servers exchange Raft messages and RPCs (forwarded writes, ACL calls, replication queries);
 * the operator's workstation sends HTTP-shaped requests. Every envelope is plain data and crosses
 * the network as bytes. `RpcCaller` matches replies to calls by id, and fails a call when the
 * target refuses the connection (it is down) or when no reply comes within the timeout.
 */
import type { RaftMessage } from '../raft/index.js';
import type { ApiRequest, ApiResponse } from './http.js';
import type { Simulation, Timer } from '../sim/simulation.js';
import type { Network } from '../sim/network.js';

/** An RPC answer: a value (of type `V` for a typed method), or Nomad's error text with its status code. */
export type RpcReply<V = unknown> = (
  | { ok: true; value: V }
  | { ok: false; error: { status: number; message: string } }
) & {
  /** The server that executed the request (set by the innermost handler; for the trace only). */
  by?: { region: string; server: string };
};

/**
 * A Raft message travels as its own envelope, told apart from the others by having no `k`: the
 * commonest message then costs one object less to encode and decode than a wrapped one would.
 */
export type RaftEnvelope = RaftMessage & { readonly k?: undefined };

export type Envelope =
  | RaftEnvelope
  | { k: 'rpc'; id: number; method: string; args: unknown }
  | { k: 'rpc-reply'; id: number; reply: RpcReply }
  | { k: 'http'; id: number; request: ApiRequest }
  | { k: 'http-reply'; id: number; response: ApiResponse };

/** The text Nomad's RPC layer reports when the target server is down. */
export function connectionRefusedText(address: string, port: number): string {
  return `rpc error: failed to get conn: dial tcp ${address}:${port}: connect: connection refused`;
}

/** The text Nomad's RPC layer reports when the target cannot be reached (a partition). */
export function dialTimeoutText(address: string, port: number): string {
  return `rpc error: failed to get conn: dial tcp ${address}:${port}: i/o timeout`;
}

export const RPC_TIMEOUT_TEXT = 'rpc error: i/o timeout';

/**
 * Whether a failed forward may be sent again without risk of running twice: only when the
 * request never reached the other server (the connection could not be made). A timeout or a
 * dropped connection after delivery may hide a write that happened, so Nomad does not retry those.
 */
export function safeToRetry(message: string): boolean {
  return message.startsWith('rpc error: failed to get conn:');
}
export const KEEPALIVE_FAILED_TEXT = 'rpc error: keepalive timeout';

/**
 * An error as the caller's connection pool hands it on (Nomad's `helper/pool` `ConnPool.RPC`): a
 * coded error (`RPC Error:: <code>,<text>`, here any status but 403 and 500) passes as it is; any
 * other error comes back as `rpc error: <text>`, once per hop it crossed. Plain errors are the
 * ones whose HTTP status the agent derives from the text (403 for `Permission denied` /
 * `ACL token not found`, else 500), so the wrapped text keeps its status.
 */
export function remoteError(error: { status: number; message: string }): {
  status: number;
  message: string;
} {
  if (error.status !== 403 && error.status !== 500) return error;
  return { status: error.status, message: `${RPC_ERROR_PREFIX}${error.message}` };
}

/** What `helper/pool` puts before an uncoded error that came back from another server. */
export const RPC_ERROR_PREFIX = 'rpc error: ';

/**
 * Long calls (blocking queries) ride on a multiplexed connection with keepalives (yamux: a ping
 * every 30 s, 10 s to answer). A peer that crashed or sits behind a partition is noticed at the
 * next failed keepalive instead of at the end of a five-minute query.
 */
export const KEEPALIVE_INTERVAL_MS = 30_000;
const KEEPALIVE_WRITE_TIMEOUT_MS = 10_000;

interface PendingCall {
  to: string;
  /** The target's epoch when the call was sent: a restart in between resets the connection. */
  epoch: number;
  timer: Timer;
  keepalive: Timer | null;
  done: (reply: RpcReply) => void;
}

/** Sends RPCs from one endpoint and routes their replies back to the callers. */
export class RpcCaller {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();

  constructor(
    private readonly sim: Simulation,
    private readonly network: Network,
    private readonly self: string,
    private readonly timeoutMs: number,
  ) {}

  call(
    to: string,
    method: string,
    args: unknown,
    done: (reply: RpcReply) => void,
    timeoutMs = this.timeoutMs,
  ): void {
    const id = this.nextId++;
    const timer = this.sim.schedule(timeoutMs, () =>
      this.finish(id, { ok: false, error: { status: 500, message: RPC_TIMEOUT_TEXT } }),
    );
    const call: PendingCall = { to, epoch: this.network.epochOf(to), timer, keepalive: null, done };
    this.pending.set(id, call);
    if (timeoutMs > KEEPALIVE_INTERVAL_MS + KEEPALIVE_WRITE_TIMEOUT_MS)
      this.scheduleKeepalive(id, call);
    const envelope: Envelope = { k: 'rpc', id, method, args };
    this.network.sendReliable(
      this.self,
      to,
      envelope,
      (reason) =>
        this.finish(id, {
          ok: false,
          error: {
            status: 500,
            message:
              reason === 'refused' ? connectionRefusedText(to, 4647) : dialTimeoutText(to, 4647),
          },
        }),
      method,
    );
  }

  private scheduleKeepalive(id: number, call: PendingCall): void {
    call.keepalive = this.sim.schedule(KEEPALIVE_INTERVAL_MS, () => {
      call.keepalive = null;
      if (!this.pending.has(id)) return;
      const reachable =
        this.network.isUp(call.to) &&
        this.network.epochOf(call.to) === call.epoch &&
        !this.network.isBlocked(this.self, call.to) &&
        !this.network.isBlocked(call.to, this.self);
      if (reachable) this.scheduleKeepalive(id, call);
      else {
        call.keepalive = this.sim.schedule(KEEPALIVE_WRITE_TIMEOUT_MS, () =>
          this.finish(id, { ok: false, error: { status: 500, message: KEEPALIVE_FAILED_TEXT } }),
        );
      }
    });
  }

  /**
   * Delivers a reply that arrived over the network from `from`. A reply from any other server than
   * the one called is not an answer to that call (defence in depth: the network already drops
   * replies meant for an earlier incarnation of this endpoint).
   */
  receive(from: string, id: number, reply: RpcReply): void {
    if (this.pending.get(id)?.to !== from) return;
    this.finish(id, reply.ok ? reply : { ...reply, error: remoteError(reply.error) });
  }

  /** Fails every call in flight (the caller crashed: nobody is left to hear the answers). */
  abandonAll(): void {
    for (const call of this.pending.values()) {
      call.timer.cancel();
      call.keepalive?.cancel();
    }
    this.pending.clear();
  }

  private finish(id: number, reply: RpcReply): void {
    const call = this.pending.get(id);
    if (call === undefined) return;
    this.pending.delete(id);
    call.timer.cancel();
    call.keepalive?.cancel();
    call.done(reply);
  }
}
