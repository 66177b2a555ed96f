/**
 * The ACL auth method endpoints (Nomad 1.5+): writes execute on the authoritative region's leader
 * (management only; src/acl/auth-method/write.ts), reads in the receiving region. Listing checks
 * no token at all (`nomad login` lists methods before it has one, and an unknown secret lists them
 * too); reading a whole method, with its provider settings, and the batch read replication uses
 * need management. A missing method answers null (HTTP 404 `ACL auth-method not found`).
 */
import {
  checkAuthMethodDeleteRequest,
  prepareAuthMethodUpsert,
  type AclAuthMethod,
} from '../acl/index.js';
import {
  aclsDisabled,
  authoritativeRegion,
  requireManagement,
  wallClock,
  write,
} from './acl-endpoints.js';
import { success, type EndpointTable, type RpcHandler } from './context.js';
import { forward } from './forwarding.js';
import { blockingStateRead, missingInVersion, stateOf } from './object-endpoint-support.js';

const KIND = 'auth-methods';

const upsertAuthMethods: RpcHandler<'ACL.UpsertAuthMethods'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'ACL.UpsertAuthMethods', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.UpsertAuthMethods', { ...args, region: authoritativeRegion(ctx) }, reply))
    return;
  if (requireManagement(ctx, args, reply) === null) return;
  const fsm = stateOf(ctx, reply);
  if (fsm === null) return;
  const objects = fsm.acl.objects;
  const prepared = prepareAuthMethodUpsert(
    args.authMethods,
    {
      authMethodByName: (name) => objects.authMethodByName(name),
      listAuthMethods: () => objects.listAuthMethods(),
    },
    wallClock(ctx),
  );
  if (!prepared.ok) return reply({ ok: false, error: prepared.error });
  write(ctx, { type: 'acl.auth-method.upsert', authMethods: prepared.value }, reply, (index) => ({
    index,
    authMethods: prepared.value.map(
      (m) => ctx.server.fsm?.acl.objects.authMethodByName(m.Name) ?? m,
    ),
  }));
};

const deleteAuthMethods: RpcHandler<'ACL.DeleteAuthMethods'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'ACL.DeleteAuthMethods', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.DeleteAuthMethods', { ...args, region: authoritativeRegion(ctx) }, reply))
    return;
  if (requireManagement(ctx, args, reply) === null) return;
  const checked = checkAuthMethodDeleteRequest(args.names);
  if (!checked.ok) return reply({ ok: false, error: checked.error });
  write(ctx, { type: 'acl.auth-method.delete', names: args.names }, reply, (index) => ({
    index,
  }));
};

const listAuthMethods: RpcHandler<'ACL.ListAuthMethods'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'ACL.ListAuthMethods', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  // Nomad's ListAuthMethods authenticates nobody: `nomad login` lists methods before it has a token.
  if (forward(ctx, 'ACL.ListAuthMethods', args, reply)) return;
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.acl.objects.tableIndex('acl_auth_methods'),
    reply,
    (fsm) =>
      reply(
        success({
          index: fsm.acl.objects.queryIndex('acl_auth_methods'),
          authMethods: fsm.acl.objects.listAuthMethodStubs(args.prefix ?? ''),
        }),
      ),
  );
};

const getAuthMethod: RpcHandler<'ACL.GetAuthMethod'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'ACL.GetAuthMethod', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.GetAuthMethod', args, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.acl.objects.tableIndex('acl_auth_methods'),
    reply,
    (fsm) => {
      const authMethod = fsm.acl.objects.authMethodByName(args.name);
      const index = authMethod?.ModifyIndex ?? fsm.acl.objects.queryIndex('acl_auth_methods');
      reply(success({ index, authMethod }));
    },
  );
};

const getAuthMethods: RpcHandler<'ACL.GetAuthMethods'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'ACL.GetAuthMethods', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.GetAuthMethods', args, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.acl.objects.tableIndex('acl_auth_methods'),
    reply,
    (fsm) => {
      const authMethods = args.names
        .map((name) => fsm.acl.objects.authMethodByName(name))
        .filter((m): m is AclAuthMethod => m !== null);
      reply(success({ index: fsm.acl.objects.queryIndex('acl_auth_methods'), authMethods }));
    },
  );
};

export const AUTH_METHOD_ENDPOINTS: EndpointTable<
  | 'ACL.UpsertAuthMethods'
  | 'ACL.DeleteAuthMethods'
  | 'ACL.ListAuthMethods'
  | 'ACL.GetAuthMethod'
  | 'ACL.GetAuthMethods'
> = {
  'ACL.UpsertAuthMethods': upsertAuthMethods,
  'ACL.DeleteAuthMethods': deleteAuthMethods,
  'ACL.ListAuthMethods': listAuthMethods,
  'ACL.GetAuthMethod': getAuthMethod,
  'ACL.GetAuthMethods': getAuthMethods,
};
