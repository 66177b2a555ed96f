/**
 * The ACL role endpoints (Nomad 1.4+, `nomad/acl_endpoint.go`): writes always execute on the
 * authoritative region's leader (roles are global objects, like policies), reads in the region
 * that receives them, from its own (possibly replicated) copies.
 *
 * - `UpsertRoles`, `DeleteRolesByID`: ACLs enabled, region set to the authoritative one and
 *   forwarded, management only, the role rules (src/acl/role/write.ts), Raft. Upserts answer the
 *   stored roles, re-read by name; a delete of an unknown ID is the state machine's `ACL role not
 *   found`.
 * - `ListRoles`: management sees every role; any other caller the roles its token links to.
 * - `GetRoleByID`, `GetRoleByName`: management, or a caller whose token links the role; a missing
 *   role answers null (HTTP 404 `ACL role not found`).
 * - `GetRolesByID` (replication's fetch): management, or the roles the caller's token links.
 */
import {
  PERMISSION_DENIED,
  prepareRoleUpsert,
  type AclRole,
  type AclTables,
  type ResolvedIdentity,
} from '../acl/index.js';
import type { EndpointArgs } from '../server/rpc-methods.js';
import {
  aclsDisabled,
  authoritativeRegion,
  idsFor,
  requireManagement,
  write,
} from './acl-endpoints.js';
import { failure, success, type EndpointTable, type RpcHandler } from './context.js';
import { forward } from './forwarding.js';
import {
  blockingStateRead,
  identify,
  missingInVersion,
  stateOf,
} from './object-endpoint-support.js';

/** Whether the caller may see `role`: management, or a token linking it. */
function mayReadRole(identity: ResolvedIdentity, role: AclRole): boolean {
  return identity.acl.isManagement() || identity.token.Roles.some((link) => link.ID === role.ID);
}

const upsertRoles: RpcHandler<'ACL.UpsertRoles'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, 'roles', 'ACL.UpsertRoles', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.UpsertRoles', { ...args, region: authoritativeRegion(ctx) }, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  const fsm = stateOf(ctx, reply);
  if (fsm === null) return;
  const prepared = prepareRoleUpsert(args.roles, fsm.acl, idsFor(ctx));
  if (!prepared.ok) return reply({ ok: false, error: prepared.error });
  write(
    ctx,
    { type: 'acl.role.upsert', roles: prepared.value, allowMissingPolicies: false },
    reply,
    (index) => ({
      index,
      roles: prepared.value.map((r) => ctx.server.fsm?.acl.roleByName(r.Name) ?? r),
    }),
  );
};

const deleteRoles: RpcHandler<'ACL.DeleteRolesByID'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, 'roles', 'ACL.DeleteRolesByID', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.DeleteRolesByID', { ...args, region: authoritativeRegion(ctx) }, reply))
    return;
  if (requireManagement(ctx, args, reply) === null) return;
  write(ctx, { type: 'acl.role.delete', roleIds: args.roleIds }, reply, (index) => ({ index }));
};

const listRoles: RpcHandler<'ACL.ListRoles'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, 'roles', 'ACL.ListRoles', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.ListRoles', args, reply)) return;
  const identity = identify(ctx, args, reply);
  if (identity === null) return;
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.acl.objects.tableIndex('acl_roles'),
    reply,
    (fsm) => {
      let roles = fsm.acl.objects.listRoles(args.prefix ?? '');
      if (!identity.acl.isManagement()) roles = roles.filter((r) => mayReadRole(identity, r));
      reply(success({ index: fsm.acl.objects.queryIndex('acl_roles'), roles }));
    },
  );
};

/**
 * `GetRoleByID` and `GetRoleByName`: a caller that is not management must name a role its token
 * links to (by ID, or by the link's current name), else `Permission denied`, whether or not the
 * role exists.
 */
function getRole<M extends 'ACL.GetRoleByID' | 'ACL.GetRoleByName'>(
  method: M,
  linked: (identity: ResolvedIdentity, args: EndpointArgs<M>) => boolean,
  find: (acl: AclTables, args: EndpointArgs<M>) => AclRole | null,
): RpcHandler<M> {
  return (ctx, args, reply) => {
    if (missingInVersion(ctx, 'roles', method, reply)) return;
    if (aclsDisabled(ctx, reply)) return;
    if (forward(ctx, method, args, reply)) return;
    const identity = identify(ctx, args, reply);
    if (identity === null) return;
    if (!identity.acl.isManagement() && !linked(identity, args))
      return reply(failure(403, PERMISSION_DENIED));
    blockingStateRead(
      ctx,
      args,
      (fsm) => fsm.acl.objects.tableIndex('acl_roles'),
      reply,
      (fsm) => {
        const role = find(fsm.acl, args);
        const index = role?.ModifyIndex ?? fsm.acl.objects.tableIndex('acl_roles');
        reply(success({ index, role }));
      },
    );
  };
}

const getRoleById = getRole(
  'ACL.GetRoleByID',
  (identity, args) => identity.token.Roles.some((link) => link.ID === args.roleId),
  (acl, args) => acl.roleById(args.roleId),
);
const getRoleByName = getRole(
  'ACL.GetRoleByName',
  (identity, args) => identity.token.Roles.some((link) => link.Name === args.roleName),
  (acl, args) => acl.roleByName(args.roleName),
);

/**
 * `GetRolesByID`, replication's fetch (and a client agent's): management sees every role named; a
 * client token only roles it links to, else `Permission denied`.
 */
const getRolesById: RpcHandler<'ACL.GetRolesByID'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, 'roles', 'ACL.GetRolesByID', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.GetRolesByID', args, reply)) return;
  const identity = identify(ctx, args, reply);
  if (identity === null) return;
  const linked = new Set(identity.token.Roles.map((link) => link.ID));
  if (!identity.acl.isManagement() && !args.roleIds.every((id) => linked.has(id)))
    return reply(failure(403, PERMISSION_DENIED));
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.acl.objects.tableIndex('acl_roles'),
    reply,
    (fsm) => {
      const roles = args.roleIds
        .map((id) => fsm.acl.roleById(id))
        .filter((r): r is AclRole => r !== null);
      reply(success({ index: fsm.acl.objects.queryIndex('acl_roles'), roles }));
    },
  );
};

export const ROLE_ENDPOINTS: EndpointTable<
  | 'ACL.UpsertRoles'
  | 'ACL.DeleteRolesByID'
  | 'ACL.ListRoles'
  | 'ACL.GetRoleByID'
  | 'ACL.GetRoleByName'
  | 'ACL.GetRolesByID'
> = {
  'ACL.UpsertRoles': upsertRoles,
  'ACL.DeleteRolesByID': deleteRoles,
  'ACL.ListRoles': listRoles,
  'ACL.GetRoleByID': getRoleById,
  'ACL.GetRoleByName': getRoleByName,
  'ACL.GetRolesByID': getRolesById,
};
