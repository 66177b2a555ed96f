/**
 * What the endpoints of roles, auth methods, binding rules, namespaces and node pools share: the
 * version gate (an object kind the profile's Nomad does not have answers as an unknown RPC
 * method, `rpc: can't find method <m>`), blocking reads of the region's state on a table index,
 * and the caller's identity for endpoints that filter what they show.
 */
import { profileHasKind, type ReplicatedKind, type ResolvedIdentity } from '../acl/index.js';
import type { ServerStateMachine } from '../server/state/state-machine.js';
import { authenticate } from './auth.js';
import { blockingQuery } from './blocking-query.js';
import { failure, type EndpointContext, type Reply, type RpcArgs } from './context.js';

/** Replies `rpc: can't find method` and returns true when the profile has no `kind`. */
export function missingInVersion(
  ctx: EndpointContext,
  kind: ReplicatedKind,
  method: string,
  reply: Reply<never>,
): boolean {
  if (profileHasKind(ctx.profile, kind)) return false;
  reply(failure(500, `rpc: can't find method ${method}`));
  return true;
}

/**
 * A read of this server's state as a blocking query on the table index `indexOf` gives (spec §9):
 * `read` runs once that index passes the caller's, or the wait ends; a server going down answers
 * 500.
 */
export function blockingStateRead(
  ctx: EndpointContext,
  args: RpcArgs,
  indexOf: (fsm: ServerStateMachine) => number,
  reply: Reply<never>,
  read: (fsm: ServerStateMachine) => void,
): void {
  blockingQuery(
    ctx,
    args.minQueryIndex,
    args.maxQueryTimeMs,
    () => (ctx.server.fsm === null ? 0 : indexOf(ctx.server.fsm)),
    () => {
      const fsm = ctx.server.fsm;
      if (fsm === null) return reply(failure(500, 'server shutting down'));
      read(fsm);
    },
  );
}

/** The caller's identity, or null after replying with the resolution's refusal. */
export function identify(
  ctx: EndpointContext,
  args: RpcArgs,
  reply: Reply<never>,
): ResolvedIdentity | null {
  const auth = authenticate(ctx, args.token);
  if (!auth.ok) {
    reply({ ok: false, error: auth.error });
    return null;
  }
  return auth.identity;
}

/** The state machine, or null after replying that the server is going down. */
export function stateOf(ctx: EndpointContext, reply: Reply<never>): ServerStateMachine | null {
  const fsm = ctx.server.fsm;
  if (fsm === null) reply(failure(500, 'server shutting down'));
  return fsm;
}
