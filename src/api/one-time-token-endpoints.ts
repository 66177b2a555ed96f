/**
 * One-time tokens (Nomad 1.1+, spec §4.8): `ACL.UpsertOneTimeToken` makes a 10-minute one-time
 * secret for the caller's own ACL token (no capability needed, but a real token: anonymous or
 * unknown callers get `Permission denied`); `ACL.ExchangeOneTimeToken` trades a live one-time
 * secret for its ACL token once (unknown, expired, or whose token is gone: `Permission denied`)
 * and deletes the one-time tokens of that ACL token. Both run on the region's leader, in the
 * request's region; ACLs must be enabled on the receiving server.
 */
import { ACL_SUPPORT_DISABLED, ANONYMOUS_TOKEN } from '../acl/index.js';
import { authenticate, refusal } from './auth.js';
import {
  failure,
  success,
  type EndpointContext,
  type EndpointTable,
  type Reply,
  type RpcHandler,
} from './context.js';
import { forward } from './forwarding.js';

/** How long a one-time token lives (Nomad: 10 minutes from its creation). */
export const ONE_TIME_TOKEN_TTL_MS = 10 * 60_000;

export type OneTimeTokenMethod = 'ACL.UpsertOneTimeToken' | 'ACL.ExchangeOneTimeToken';

function aclsDisabled(ctx: EndpointContext, reply: Reply<never>): boolean {
  if (ctx.server.settings?.aclEnabled === true) return false;
  reply(failure(ctx.profile.aclDisabledStatus, ACL_SUPPORT_DISABLED));
  return true;
}

const upsertOneTimeToken: RpcHandler<'ACL.UpsertOneTimeToken'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.UpsertOneTimeToken', args, reply)) return;
  const auth = authenticate(ctx, args.token);
  if (!auth.ok || auth.identity.token === ANONYMOUS_TOKEN)
    return reply({ ok: false, error: refusal(ctx, auth) });
  const token = {
    OneTimeSecretID: ctx.server.ids(),
    AccessorID: auth.identity.token.AccessorID,
    ExpiresAt: ctx.cluster.sim.now + ONE_TIME_TOKEN_TTL_MS,
    CreateIndex: 0,
    ModifyIndex: 0,
  };
  ctx.server.applyAsLeader({ type: 'ott.upsert', token }, (answer) => {
    if (!answer.ok) return reply(answer);
    const stored = ctx.server.fsm?.oneTimeTokens.get(token.OneTimeSecretID) ?? token;
    reply(success({ index: answer.value.index, oneTimeToken: stored }));
  });
};

const exchangeOneTimeToken: RpcHandler<'ACL.ExchangeOneTimeToken'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.ExchangeOneTimeToken', args, reply)) return;
  const fsm = ctx.server.fsm;
  if (fsm === null) return reply(failure(500, 'server shutting down'));
  const denied = () => reply(failure(403, 'Permission denied'));
  const ott = fsm.oneTimeTokens.get(args.oneTimeSecretId);
  // An expired one-time token is left for the garbage collection.
  if (ott === null || ott.ExpiresAt < ctx.cluster.sim.now) return denied();
  const token = fsm.acl.tokenByAccessor(ott.AccessorID);
  if (token === null) return denied();
  ctx.server.applyAsLeader(
    { type: 'ott.delete-by-accessor', accessorIds: [ott.AccessorID] },
    (answer) => {
      if (!answer.ok) return reply(answer);
      reply(success({ index: answer.value.index, token }));
    },
  );
};

export const ONE_TIME_TOKEN_ENDPOINTS: EndpointTable<OneTimeTokenMethod> = {
  'ACL.UpsertOneTimeToken': upsertOneTimeToken,
  'ACL.ExchangeOneTimeToken': exchangeOneTimeToken,
};
