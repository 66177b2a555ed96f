/**
 * Nomad's request routing (spec §12.1): a request for another region goes to a random known
 * server of that region (`No path to region` when there is none); inside the region, anything
 * that is not a stale read goes to the leader, waiting up to the RPC hold timeout for one
 * (`No cluster leader`), and a new leader serves only once its state has caught up
 * (`Not ready to serve consistent reads` if it never does within the hold timeout). Each hop runs
 * the same handler again, which routes again or executes.
 */
import type { Server } from '../server/server.js';
import { forwardToLeader, RPC_HOLD_TIMEOUT_MS } from '../server/leader-forwarding.js';
import type { EndpointArgs, EndpointMethodName, EndpointValue } from '../server/rpc-methods.js';
import { failure, type EndpointContext, type Reply, type RpcArgs } from './context.js';
import { blockingWaitMs } from './blocking-query.js';

/** How long a forwarded call may take: blocking queries may legitimately wait minutes. */
function callTimeout(ctx: EndpointContext, args: RpcArgs): number {
  const base = ctx.cluster.options.rpcTimeoutMs ?? 10_000;
  if (args.minQueryIndex === undefined || args.minQueryIndex <= 0) return base;
  return base + Math.ceil((blockingWaitMs(args.maxQueryTimeMs) * 17) / 16);
}

export const NO_PATH_TO_REGION = 'No path to region';
export { NOT_READY_FOR_CONSISTENT_READS } from '../server/leader-forwarding.js';

/**
 * Whether a leader may serve requests yet (Nomad's `isReadyForConsistentReads`, set once the new
 * leader's barrier has gone through): see `Server.leadershipEstablished`. Before that its state
 * may miss entries committed under an earlier leader (after a restart, nothing is applied until
 * then), so it holds requests like a follower without a leader.
 */
export function readyForConsistentReads(server: Server): boolean {
  return server.leadershipEstablished;
}

/**
 * Routes the request if it must run elsewhere and returns true; returns false when this server
 * should execute it. `leaderOnly` = false lets stale reads run on any server of the region.
 */
export function forward<M extends EndpointMethodName>(
  ctx: EndpointContext,
  method: M,
  args: EndpointArgs<M>,
  reply: Reply<EndpointValue<M>>,
  leaderOnly = true,
): boolean {
  const { server, cluster } = ctx;
  if (args.region !== server.region) {
    const candidates = cluster.membership
      .inRegion(args.region, 'alive')
      .filter((m) => m.address !== server.address);
    if (candidates.length === 0) {
      reply(failure(500, NO_PATH_TO_REGION));
      return true;
    }
    const target = server.random.pick(candidates);
    // The other region waits for its own leader with a fresh hold timeout, as each Nomad server does.
    server.call(target.address, method, withoutHoldUntil(args), reply, callTimeout(ctx, args));
    return true;
  }
  if (
    !leaderOnly ||
    args.allowStale === true ||
    (server.isLeader && readyForConsistentReads(server))
  )
    return false;
  const holdUntil = args.holdUntil ?? cluster.sim.now + RPC_HOLD_TIMEOUT_MS;
  const leaderArgs = { ...args, holdUntil };
  forwardToLeader(
    server,
    {
      method,
      args: leaderArgs,
      afterBarrier: true,
      runHere: (answer) => {
        cluster.dispatchLocal(server, method, leaderArgs, answer);
        return true;
      },
      timeoutMs: callTimeout(ctx, args),
    },
    reply,
  );
  return true;
}

/**
 * `args` without its `holdUntil` field. Most cross-region requests carry none; they are sent as
 * they are (the network encodes a message when it is sent, so sharing is safe), sparing the slow
 * rest-copy on this hot path.
 */
function withoutHoldUntil(args: RpcArgs): RpcArgs {
  if (!Object.hasOwn(args, 'holdUntil')) return args;
  const { holdUntil: _spent, ...rest } = args;
  return rest;
}
