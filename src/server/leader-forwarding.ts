/**
 * The one way a request reaches its region's leader (Nomad's `forwardLeader` under the RPC hold
 * timeout), used by the server's own writes and by every API endpoint alike:
 *
 * - on the leader, the request runs here (endpoint calls wait for the leader's barrier first, so
 *   a new leader never answers from a state that misses earlier writes; raw writes do not wait);
 * - on a follower that knows the leader, it is sent there once as the same RPC, and the leader
 *   runs this same procedure (a hop that finds no leader any more waits again, it does not send
 *   it on a second path);
 * - with no leader known, it waits a jittered 1/32–1/16 of the hold timeout and tries again, until
 *   the hold timeout, then answers `No cluster leader` (a leader still short of its barrier
 *   answers `Not ready to serve consistent reads`).
 *
 * A failed forward is retried only when the request never reached the leader (see
 * `safeToRetry`); the waits belong to the server's current life, so a crash drops them.
 */
import type { Server } from './server.js';
import { safeToRetry, type RpcReply } from './rpc.js';
import type { RpcMethodName } from './rpc-methods.js';

/** Nomad's RPC hold timeout: how long a request waits for a leader before `No cluster leader`. */
export const RPC_HOLD_TIMEOUT_MS = 5_000;
export const NO_CLUSTER_LEADER = 'No cluster leader';
export const NOT_READY_FOR_CONSISTENT_READS = 'Not ready to serve consistent reads';

/** A request on its way to the leader, whose success answers a `V`. */
export interface LeaderBoundRequest<V> {
  /** The RPC the leader runs; a follower forwards it under this name with `args`. */
  readonly method: RpcMethodName;
  /** The RPC's arguments, carrying the time until which it may wait for a leader. */
  readonly args: { readonly holdUntil: number };
  /** Whether the leader serves it only once its leadership is established (its barrier). */
  readonly afterBarrier: boolean;
  /** Runs it here, on the leader. Returns false when the leader cannot take it just now. */
  runHere(reply: (reply: RpcReply<V>) => void): boolean;
  /** How long a forwarded call may take (blocking queries may wait minutes). */
  readonly timeoutMs?: number;
}

/** Gets `request` run by the region's leader and answers `reply` with what it said. */
export function forwardToLeader<V>(
  server: Server,
  request: LeaderBoundRequest<V>,
  reply: (reply: RpcReply<V>) => void,
): void {
  if (!server.isRunning) {
    reply({ ok: false, error: { status: 500, message: 'server shutting down' } });
    return;
  }
  const holdUntil = request.args.holdUntil;
  if (server.isLeader) {
    if ((!request.afterBarrier || server.leadershipEstablished) && request.runHere(reply)) return;
    waitAndRetry(server, request, reply);
    return;
  }
  const leader = server.leaderAddress();
  if (leader === null || leader === server.address) {
    waitAndRetry(server, request, reply);
    return;
  }
  server.call<V>(
    leader,
    request.method,
    request.args,
    (answer) => {
      if (!answer.ok && safeToRetry(answer.error.message) && server.sim.now < holdUntil)
        waitAndRetry(server, request, reply);
      else reply(answer);
    },
    request.timeoutMs,
  );
}

function waitAndRetry<V>(
  server: Server,
  request: LeaderBoundRequest<V>,
  reply: (reply: RpcReply<V>) => void,
): void {
  const holdUntil = request.args.holdUntil;
  if (server.sim.now >= holdUntil) {
    const message =
      server.isLeader && request.afterBarrier ? NOT_READY_FOR_CONSISTENT_READS : NO_CLUSTER_LEADER;
    reply({ ok: false, error: { status: 500, message } });
    return;
  }
  const wait = Math.min(
    holdUntil - server.sim.now,
    server.random.int(RPC_HOLD_TIMEOUT_MS / 32, RPC_HOLD_TIMEOUT_MS / 16),
  );
  server.after(wait, () => forwardToLeader(server, request, reply));
}
