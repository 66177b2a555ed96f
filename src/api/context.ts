/**
 * What every endpoint handler works with: the server executing it, the cluster around it, the
 * version profile, and the common RPC arguments Nomad carries on every request (region, token,
 * stale reads, blocking-query index).
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { RpcReply } from '../server/rpc.js';
import type {
  EndpointArgs,
  EndpointMethodName,
  EndpointValue,
  RpcArgs,
} from '../server/rpc-methods.js';
import type { VersionProfile } from '../acl/index.js';

export type { RpcArgs } from '../server/rpc-methods.js';

/** Answers an RPC: with a value of type `V`, or Nomad's coded error. */
export type Reply<V = unknown> = (reply: RpcReply<V>) => void;

export interface EndpointContext {
  cluster: Cluster;
  server: Server;
  profile: VersionProfile;
}

/** Endpoint `M`: runs on the server that received it (forwarding is its own first step). */
export type RpcHandler<M extends EndpointMethodName> = (
  ctx: EndpointContext,
  args: EndpointArgs<M>,
  reply: Reply<EndpointValue<M>>,
) => void;

/** A handler for each endpoint in `Methods`. */
export type EndpointTable<Methods extends EndpointMethodName> = {
  readonly [M in Methods]: RpcHandler<M>;
};

export function failure(status: number, message: string): RpcReply<never> {
  return { ok: false, error: { status, message } };
}

export function success<V>(value: V): RpcReply<V> {
  return { ok: true, value };
}

/** The arguments every endpoint shares, for helpers that only read those. */
export type CommonArgs = RpcArgs;
