/**
 * Nomad's request routing (spec §12.1): a request for another region goes to a random known
 * server of that region (`No path to region` when there is none); inside the region, anything
 * that is not a stale read goes to the leader, waiting up to the RPC hold timeout for one
 * (`No cluster leader`), and a new leader serves only once its state has caught up
 * (`Not ready to serve consistent reads` if it never does within the hold timeout). Each hop runs
 * the same handler again, which routes again or executes.
 */
import { NO_CLUSTER_LEADER, RPC_HOLD_TIMEOUT_MS } from '../region/server.js';
import type { Server } from '../region/server.js';
import { failure, type EndpointContext, type Reply, type RpcArgs } from './context.js';
import { blockingWaitMs } from './blocking-query.js';
import { safeToRetry } from '../region/rpc.js';

/** How long a forwarded call may take: blocking queries may legitimately wait minutes. */
function callTimeout(ctx: EndpointContext, args: RpcArgs): number {
  const base = ctx.cluster.options.rpcTimeoutMs ?? 10_000;
  if (args.minQueryIndex === undefined || args.minQueryIndex <= 0) return base;
  return base + Math.ceil((blockingWaitMs(args.maxQueryTimeMs) * 17) / 16);
}

export const NO_PATH_TO_REGION = 'No path to region';
export const NOT_READY_FOR_CONSISTENT_READS = 'Not ready to serve consistent reads';

const readyTerms = new WeakMap<Server, string>();

/**
 * Whether a leader may serve requests yet (Nomad's `isReadyForConsistentReads`, set once the new
 * leader's barrier has gone through): it has committed an entry of its own term and applied
 * everything committed. Before that its state may miss entries committed under an earlier
 * leader (after a restart, nothing is applied until then), so it holds requests like a follower
 * without a leader. Latched for the rest of the leadership term.
 */
export function readyForConsistentReads(server: Server): boolean {
  const node = server.node;
  if (node === null || !server.isLeader) return false;
  const term = `${server.incarnation}/${node.term}`;
  if (readyTerms.get(server) === term) return true;
  if (node.termAt(node.commitIndex) !== node.term || node.appliedIndex < node.commitIndex) return false;
  readyTerms.set(server, term);
  return true;
}

/**
 * Routes the request if it must run elsewhere and returns true; returns false when this server
 * should execute it. `leaderOnly` = false lets stale reads run on any server of the region.
 */
export function forward(ctx: EndpointContext, method: string, args: RpcArgs, reply: Reply, leaderOnly = true): boolean {
  const { server, cluster } = ctx;
  if (args.region !== server.region) {
    const candidates = cluster.membership.inRegion(args.region, 'alive').filter((m) => m.address !== server.address);
    if (candidates.length === 0) {
      reply(failure(500, NO_PATH_TO_REGION));
      return true;
    }
    const target = server.random.pick(candidates);
    // The other region waits for its own leader with a fresh hold timeout, as each Nomad server does.
    server.call(target.address, method, withoutHoldUntil(args), reply, callTimeout(ctx, args));
    return true;
  }
  if (!leaderOnly || args.allowStale === true || (server.isLeader && readyForConsistentReads(server))) return false;
  const holdUntil = args.holdUntil ?? cluster.sim.now + RPC_HOLD_TIMEOUT_MS;
  forwardToLeader(ctx, method, { ...args, holdUntil }, reply, holdUntil);
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

function forwardToLeader(ctx: EndpointContext, method: string, args: RpcArgs, reply: Reply, holdUntil: number): void {
  const { server, cluster } = ctx;
  const leader = server.leaderAddress();
  if (server.isLeader) {
    if (readyForConsistentReads(server)) cluster.dispatchLocal(server, method, args, reply);
    else retryLater(ctx, method, args, reply, holdUntil);
    return;
  }
  if (leader !== null && leader !== server.address) {
    server.call(
      leader,
      method,
      args,
      (answer) => {
        if (!answer.ok && safeToRetry(answer.error.message) && cluster.sim.now < holdUntil) {
          retryLater(ctx, method, args, reply, holdUntil);
        } else {
          reply(answer);
        }
      },
      callTimeout(ctx, args),
    );
    return;
  }
  retryLater(ctx, method, args, reply, holdUntil);
}

function retryLater(ctx: EndpointContext, method: string, args: RpcArgs, reply: Reply, holdUntil: number): void {
  const { server, cluster } = ctx;
  if (cluster.sim.now >= holdUntil || !server.isRunning) {
    reply(failure(500, server.isLeader ? NOT_READY_FOR_CONSISTENT_READS : NO_CLUSTER_LEADER));
    return;
  }
  const incarnation = server.incarnation;
  const wait = Math.min(holdUntil - cluster.sim.now, server.random.int(RPC_HOLD_TIMEOUT_MS / 32, RPC_HOLD_TIMEOUT_MS / 16));
  cluster.sim.schedule(wait, () => {
    if (server.incarnation !== incarnation || !server.isRunning) return reply(failure(500, NO_CLUSTER_LEADER));
    forwardToLeader(ctx, method, args, reply, holdUntil);
  });
}
