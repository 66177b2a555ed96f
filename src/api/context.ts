/**
 * What every endpoint handler works with: the server executing it, the cluster around it, the
 * version profile, and the common RPC arguments Nomad carries on every request (region, token,
 * stale reads, blocking-query index).
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { RpcReply } from '../server/rpc.js';
import type { VersionProfile } from '../acl/index.js';

/** Arguments every RPC carries (Nomad's QueryOptions / WriteRequest). */
export interface RpcArgs {
  region: string;
  /** The caller's secret ID ('' = anonymous). */
  token: string;
  namespace?: string;
  allowStale?: boolean;
  /** Blocking query: answer once the relevant index exceeds this. */
  minQueryIndex?: number;
  /** Blocking query wait in ms (default 5 min). */
  maxQueryTimeMs?: number;
  /** The virtual time until which a request may wait for a leader. */
  holdUntil?: number;
}

/** An RPC's answer (a value or Nomad's coded error). */
export type Reply = (reply: RpcReply) => void;

export interface EndpointContext {
  cluster: Cluster;
  server: Server;
  profile: VersionProfile;
}

/** An RPC method: runs on the server that received it (forwarding is its own first step). */
export type RpcHandler = (ctx: EndpointContext, args: RpcArgs & Record<string, unknown>, reply: Reply) => void;

export function failure(status: number, message: string): RpcReply {
  return { ok: false, error: { status, message } };
}

export function success(value: unknown): RpcReply {
  return { ok: true, value };
}
