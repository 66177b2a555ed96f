/**
 * The ACL RPC endpoints (spec §3–§5): bootstrap, policies and tokens, with Nomad's order of
 * checks: ACLs enabled on the receiving server, region override to the authoritative region for
 * bootstrap, policy writes and global token writes, forwarding, then authentication and the
 * capability check on the server that executes, then the Raft write.
 */
import {
  ACL_SUPPORT_DISABLED,
  PERMISSION_DENIED,
  planBootstrap,
  preparePolicyUpsert,
  checkPolicyDeleteRequest,
  checkTokenUpsertRequest,
  prepareTokenUpsert,
  checkTokenDeleteRequest,
  checkTokenDeleteTargets,
  ANONYMOUS_POLICY_NAME,
  ACL_TOKEN_NOT_FOUND,
  ACLS_DISABLED_TOKEN,
  ANONYMOUS_TOKEN,
  plainError,
  secretLookupError,
  type AclToken,
  type AclTables,
  tokenPolicyNames,
  type NomadError,
} from '../acl/index.js';
import { authenticate, refusal } from './auth.js';
import { blockingQuery } from './blocking-query.js';
import {
  failure,
  success,
  type EndpointContext,
  type EndpointTable,
  type Reply,
  type RpcArgs,
  type RpcHandler,
} from './context.js';
import type { EndpointMethodName } from '../server/rpc-methods.js';
import type { ObjectEndpointMethodName } from '../server/object-rpc-methods.js';
import { forward } from './forwarding.js';
import type { OneTimeTokenMethod } from './one-time-token-endpoints.js';
import type { ServerCommand } from '../server/state/state-machine.js';

export function aclsDisabled(ctx: EndpointContext, reply: Reply<never>): boolean {
  if (ctx.server.settings?.aclEnabled === true) return false;
  reply(failure(ctx.profile.aclDisabledStatus, ACL_SUPPORT_DISABLED));
  return true;
}

/**
 * A refusal of a policy or token write as the profile's Nomad words it: a coded error (its own
 * status) since 0.10/0.11; a plain error in 0.9, so 500 (or 403 by the text), and wrapped as
 * `rpc error: ...` when it crossed servers (`VersionProfile.aclWriteErrorsCoded`).
 */
function writeError(ctx: EndpointContext, error: NomadError): NomadError {
  return ctx.profile.aclWriteErrorsCoded ? error : plainError(error.message);
}

export function authoritativeRegion(ctx: EndpointContext): string {
  return ctx.server.settings?.authoritativeRegion ?? ctx.server.region;
}

/** Authenticates and requires a management token; replies 403 and returns false otherwise. */
export function requireManagement(
  ctx: EndpointContext,
  args: RpcArgs,
  reply: Reply<never>,
): AclToken | null {
  const auth = authenticate(ctx, args.token);
  if (!auth.ok || !auth.identity.acl.isManagement()) {
    reply({ ok: false, error: refusal(ctx, auth) });
    return null;
  }
  return auth.identity.token;
}

/** Writes through the region's Raft log, then answers with `then(index)`. */
export function write<V>(
  ctx: EndpointContext,
  command: ServerCommand,
  reply: Reply<V>,
  then: (index: number) => V,
): void {
  ctx.server.applyAsLeader(command, (answer) => {
    if (!answer.ok) return reply(answer);
    reply(success(then(answer.value.index)));
  });
}

/**
 * A read of this server's ACL tables as a blocking query on `table` (spec §9): `read` runs once the
 * table's index passes the caller's, or the wait ends; a server going down answers 500.
 */
function blockingAclRead(
  ctx: EndpointContext,
  args: RpcArgs,
  table: 'acl_policy' | 'acl_token',
  reply: Reply<never>,
  read: (acl: AclTables) => void,
): void {
  blockingQuery(
    ctx,
    args.minQueryIndex,
    args.maxQueryTimeMs,
    () => ctx.server.fsm?.acl.tableIndex(table) ?? 0,
    () => {
      const acl = ctx.server.fsm?.acl;
      if (acl === undefined) return reply(failure(500, 'server shutting down'));
      read(acl);
    },
  );
}

export function idsFor(ctx: EndpointContext) {
  return ctx.server.ids;
}

/**
 * The executing server's wall clock for a new token's CreateTime: the virtual millisecond plus a
 * seeded sub-millisecond part, so times print with nanoseconds as Go's do
 * (`2024-05-01 10:00:08.619372913 +0000 UTC`). Expiry checks keep using the virtual clock.
 */
export function wallClock(ctx: EndpointContext): number {
  return ctx.cluster.sim.now + ctx.server.random.int(1, 999_999) / 1e6;
}

const bootstrap: RpcHandler<'ACL.Bootstrap'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  const routed = { ...args, region: authoritativeRegion(ctx) };
  if (forward(ctx, 'ACL.Bootstrap', routed, reply)) return;
  const { server } = ctx;
  const fsm = server.fsm;
  const settings = server.settings;
  if (fsm === null || settings === null) return reply(failure(500, 'server shutting down'));
  const resetPath = `${settings.serverDataDir}/acl-bootstrap-reset`;
  const plan = planBootstrap({
    check: fsm.acl.canBootstrap(),
    resetFileContent: server.disk.readText(resetPath) ?? null,
    resetFilePath: resetPath,
    bootstrapSecret: args.BootstrapSecret,
    profile: ctx.profile,
    now: wallClock(ctx),
    ids: idsFor(ctx),
    bugs: server.env.bugs,
  });
  for (const line of plan.logs)
    server.log(line.level === 'warn' ? 'WARN' : 'ERROR', line.message, { ...line.fields });
  if (!plan.ok) return reply({ ok: false, error: plan.error });
  write(
    ctx,
    { type: 'acl.bootstrap', resetIndex: plan.resetIndex, token: plan.token },
    reply,
    (index) => ({
      index,
      token: server.fsm?.acl.tokenByAccessor(plan.token.AccessorID) ?? plan.token,
    }),
  );
};

const upsertPolicies: RpcHandler<'ACL.UpsertPolicies'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.UpsertPolicies', { ...args, region: authoritativeRegion(ctx) }, reply))
    return;
  if (requireManagement(ctx, args, reply) === null) return;
  const inputs = args.policies;
  const prepared = preparePolicyUpsert(inputs, ctx.profile);
  if (!prepared.ok) return reply({ ok: false, error: writeError(ctx, prepared.error) });
  write(ctx, { type: 'acl.policy.upsert', policies: prepared.value }, reply, (index) => ({
    index,
  }));
};

const deletePolicies: RpcHandler<'ACL.DeletePolicies'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.DeletePolicies', { ...args, region: authoritativeRegion(ctx) }, reply))
    return;
  if (requireManagement(ctx, args, reply) === null) return;
  const names = args.names;
  const checked = checkPolicyDeleteRequest(names);
  if (!checked.ok) return reply({ ok: false, error: writeError(ctx, checked.error) });
  write(ctx, { type: 'acl.policy.delete', names }, reply, (index) => ({ index }));
};

/**
 * Policies a non-management caller may list or read: the ones its token names, directly or
 * through its roles (spec §5.4). The `anonymous` policy is listed only to callers linked to it,
 * such as the anonymous token itself.
 */
function visiblePolicyNames(token: AclToken, ctx: EndpointContext): Set<string> {
  return new Set(
    ctx.server.fsm === null ? token.Policies : tokenPolicyNames(token, ctx.server.fsm.acl),
  );
}

/**
 * Nomad < 0.10.2 (`anonymousPolicyReadsFail`): `ListPolicies` and `GetPolicy` by a caller that is
 * not management looked the caller's secret up again, and the empty secret of an anonymous caller
 * failed in the UUID index (Nomad PR #6761 shows both). Returns that error for an anonymous caller
 * there, else null. (`GetPolicies`, which client agents call, is left as in later versions: its
 * 0.9 code is not known here.)
 */
function anonymousPolicyReadError(ctx: EndpointContext, token: AclToken): NomadError | null {
  if (!ctx.profile.anonymousPolicyReadsFail || token !== ANONYMOUS_TOKEN) return null;
  return plainError(secretLookupError('UUID must be 36 characters'));
}

const listPolicies: RpcHandler<'ACL.ListPolicies'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.ListPolicies', args, reply)) return;
  const auth = authenticate(ctx, args.token);
  if (!auth.ok) return reply({ ok: false, error: refusal(ctx, auth) });
  const lookupError = anonymousPolicyReadError(ctx, auth.identity.token);
  if (lookupError !== null) return reply({ ok: false, error: lookupError });
  blockingAclRead(ctx, args, 'acl_policy', reply, (acl) => {
    const prefix = args.prefix ?? '';
    let stubs = acl.listPolicyStubs(prefix);
    if (!auth.identity.acl.isManagement()) {
      const visible = visiblePolicyNames(auth.identity.token, ctx);
      stubs = stubs.filter((p) => visible.has(p.Name));
    }
    reply(success({ index: acl.queryIndex('acl_policy'), policies: stubs }));
  });
};

/**
 * Management reads every policy, a client token the ones it names (directly or through its
 * roles), and anyone the `anonymous`
 * policy (since 0.10.2, Nomad PR #6761; `anonymousPolicyReadsFail` marks the versions before).
 */
function mayReadPolicy(
  ctx: EndpointContext,
  token: AclToken,
  isManagement: boolean,
  name: string,
): boolean {
  if (isManagement || visiblePolicyNames(token, ctx).has(name)) return true;
  return name === ANONYMOUS_POLICY_NAME && !ctx.profile.anonymousPolicyReadsFail;
}

const getPolicy: RpcHandler<'ACL.GetPolicy'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.GetPolicy', args, reply)) return;
  const auth = authenticate(ctx, args.token);
  const name = args.name;
  const lookupError = auth.ok ? anonymousPolicyReadError(ctx, auth.identity.token) : null;
  if (lookupError !== null) return reply({ ok: false, error: lookupError });
  if (
    !auth.ok ||
    !mayReadPolicy(ctx, auth.identity.token, auth.identity.acl.isManagement(), name)
  ) {
    return reply({ ok: false, error: refusal(ctx, auth) });
  }
  const acl = ctx.server.fsm?.acl;
  if (acl === undefined) return reply(failure(500, 'server shutting down'));
  const policy = acl.policyByName(name);
  reply(success({ index: policy?.ModifyIndex ?? acl.queryIndex('acl_policy'), policy }));
};

const getPolicies: RpcHandler<'ACL.GetPolicies'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.GetPolicies', args, reply)) return;
  const auth = authenticate(ctx, args.token);
  const names = args.names;
  if (
    !auth.ok ||
    !names.every((n) =>
      mayReadPolicy(ctx, auth.identity.token, auth.identity.acl.isManagement(), n),
    )
  ) {
    return reply({ ok: false, error: refusal(ctx, auth) });
  }
  blockingAclRead(ctx, args, 'acl_policy', reply, (acl) => {
    const policies = names.map((n) => acl.policyByName(n)).filter((p) => p !== null);
    reply(success({ index: acl.queryIndex('acl_policy'), policies }));
  });
};

const upsertTokens: RpcHandler<'ACL.UpsertTokens'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  const inputs = args.tokens;
  const checked = checkTokenUpsertRequest(inputs);
  if (!checked.ok) return reply({ ok: false, error: writeError(ctx, checked.error) });
  const routed = checked.value.global ? { ...args, region: authoritativeRegion(ctx) } : args;
  if (forward(ctx, 'ACL.UpsertTokens', routed, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  const fsm = ctx.server.fsm;
  if (fsm === null) return reply(failure(500, 'server shutting down'));
  const prepared = prepareTokenUpsert(inputs, {
    state: fsm.acl,
    profile: ctx.profile,
    now: wallClock(ctx),
    ids: idsFor(ctx),
    roles: fsm.acl,
  });
  if (!prepared.ok) return reply({ ok: false, error: writeError(ctx, prepared.error) });
  write(ctx, { type: 'acl.token.upsert', tokens: prepared.value }, reply, (index) => ({
    index,
    tokens: prepared.value.map((t) => ctx.server.fsm?.acl.tokenByAccessor(t.AccessorID) ?? t),
  }));
};

const deleteTokens: RpcHandler<'ACL.DeleteTokens'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  const ids = args.accessorIds;
  const checked = checkTokenDeleteRequest(ids);
  if (!checked.ok) return reply({ ok: false, error: writeError(ctx, checked.error) });
  if (forward(ctx, 'ACL.DeleteTokens', args, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  const fsm = ctx.server.fsm;
  if (fsm === null) return reply(failure(500, 'server shutting down'));
  const targets = checkTokenDeleteTargets(ids, fsm.acl);
  if (!targets.ok) return reply({ ok: false, error: writeError(ctx, targets.error) });
  const authoritative = authoritativeRegion(ctx);
  if (targets.value.global && ctx.server.region !== authoritative) {
    if (forward(ctx, 'ACL.DeleteTokens', { ...args, region: authoritative }, reply)) return;
  }
  write(ctx, { type: 'acl.token.delete', accessorIds: ids }, reply, (index) => ({ index }));
};

const listTokens: RpcHandler<'ACL.ListTokens'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.ListTokens', args, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  blockingAclRead(ctx, args, 'acl_token', reply, (acl) => {
    const tokens = acl.listTokenStubs({
      order: ctx.profile.tokenListOrder,
      ...(args.prefix === undefined ? {} : { prefix: args.prefix }),
      ...(args.globalOnly === true ? { globalOnly: true } : {}),
    });
    reply(success({ index: acl.queryIndex('acl_token'), tokens }));
  });
};

const getToken: RpcHandler<'ACL.GetToken'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.GetToken', args, reply)) return;
  const auth = authenticate(ctx, args.token);
  if (!auth.ok) return reply({ ok: false, error: refusal(ctx, auth) });
  const acl = ctx.server.fsm?.acl;
  if (acl === undefined) return reply(failure(500, 'server shutting down'));
  const accessor = args.accessorId;
  const management = auth.identity.acl.isManagement();
  if (!management && auth.identity.token.AccessorID !== accessor)
    return reply(failure(403, PERMISSION_DENIED));
  const token = acl.tokenByAccessor(accessor);
  if (token === null) return reply(failure(404, ACL_TOKEN_NOT_FOUND));
  reply(success({ index: token.ModifyIndex, token }));
};

const getTokens: RpcHandler<'ACL.GetTokens'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.GetTokens', args, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  blockingAclRead(ctx, args, 'acl_token', reply, (acl) => {
    const ids = args.accessorIds;
    const tokens = ids.map((id) => acl.tokenByAccessor(id)).filter((t) => t !== null);
    reply(success({ index: acl.queryIndex('acl_token'), tokens }));
  });
};

/** `GET /v1/acl/token/self`: WhoAmI (modern) or ResolveToken (tutorial era). */
const tokenSelf: RpcHandler<'ACL.TokenSelf'> = (ctx, args, reply) => {
  const modern = ctx.profile.tokenSelf === 'whoami';
  const enabled = ctx.server.settings?.aclEnabled === true;
  if (!enabled) {
    if (modern) return reply(success({ index: 0, token: ACLS_DISABLED_TOKEN }));
    return reply(failure(ctx.profile.aclDisabledStatus, ACL_SUPPORT_DISABLED));
  }
  if (forward(ctx, 'ACL.TokenSelf', args, reply, false)) return;
  if (args.token.trim() === '') {
    if (modern) return reply(success({ index: 0, token: ANONYMOUS_TOKEN }));
    return reply(failure(404, ACL_TOKEN_NOT_FOUND));
  }
  const auth = authenticate(ctx, args.token);
  if (!auth.ok)
    return reply(modern ? { ok: false, error: auth.error } : failure(404, ACL_TOKEN_NOT_FOUND));
  reply(success({ index: auth.identity.token.ModifyIndex, token: auth.identity.token }));
};

/** `ACL.ResolveToken`: what a client agent calls to learn whose secret it was handed. */
const resolveTokenRpc: RpcHandler<'ACL.ResolveToken'> = (ctx, args, reply) => {
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.ResolveToken', args, reply)) return;
  const acl = ctx.server.fsm?.acl;
  if (acl === undefined) return reply(failure(500, 'server shutting down'));
  const token = acl.tokenBySecret(args.secret);
  reply(success({ index: acl.queryIndex('acl_token'), token }));
};

export const ACL_ENDPOINTS: EndpointTable<
  Exclude<
    Extract<EndpointMethodName, `ACL.${string}`>,
    ObjectEndpointMethodName | OneTimeTokenMethod
  >
> = {
  'ACL.ResolveToken': resolveTokenRpc,
  'ACL.Bootstrap': bootstrap,
  'ACL.UpsertPolicies': upsertPolicies,
  'ACL.DeletePolicies': deletePolicies,
  'ACL.ListPolicies': listPolicies,
  'ACL.GetPolicy': getPolicy,
  'ACL.GetPolicies': getPolicies,
  'ACL.UpsertTokens': upsertTokens,
  'ACL.DeleteTokens': deleteTokens,
  'ACL.ListTokens': listTokens,
  'ACL.GetToken': getToken,
  'ACL.GetTokens': getTokens,
  'ACL.TokenSelf': tokenSelf,
};
