/**
 * The replication loops Nomad runs besides policies and tokens (spec §12.2), as data for the
 * replicator: ACL roles (`replicateACLRoles`, 1.4+; keyed by ID), auth methods
 * (`replicateACLAuthMethods`, 1.5+; by name), binding rules (`replicateACLBindingRules`, 1.5+; by
 * ID), namespaces (`replicateNamespaces`; by name) and node pools (`replicateNodePools`, 1.6+; by
 * name). Each has the same shape as the policy loop: list with the replication token (blocking
 * from the last remote index), two-way diff on hash and modify index, delete, fetch, upsert. The
 * differences, as in Nomad: replicated roles and binding rules are written allowing missing
 * policies and auth methods (those replicate on their own loops and may arrive later); the node
 * pool list already carries whole pools, so that loop upserts from the list without a fetch; and
 * no loop spares the built-in objects: a list that leaves out the `default` namespace or the
 * built-in node pools (an anonymous replication caller sees none of them) makes the round try to
 * delete them, which the state machine refuses (`default namespace can not be deleted`, `deleting
 * node pool "all" is not allowed`), and the round fails and backs off (hashicorp/nomad#17536).
 * Namespaces and node pools log their start with the field `region`, the ACL loops with
 * `authoritative_region`.
 *
 * Log texts follow Nomad's loops (`starting ACL Role replication from authoritative region`,
 * `failed to fetch ACL Roles from authoritative region`, `failed to delete ACL roles`, ...).
 */
import type {
  AclAuthMethod,
  AclAuthMethodStub,
  AclBindingRule,
  AclBindingRuleStub,
  AclRole,
  AclRoleStub,
} from '../acl/index.js';
import type { Namespace } from '../server/state/namespace.js';
import type { NodePool } from '../server/state/node-pool.js';
import { diffByKey } from './acl-diff.js';
import type { AclReplicationKindSpec } from './acl-replicator-kinds.js';
import type { ReplicatedObjectKind } from '../sim/trace.js';

/** The trace's name for these kinds (`replicate.round`, `replicate.object`). */
export type ObjectReplicationKind = ReplicatedObjectKind;

/** In the order Nomad's leader starts their loops, after policies and tokens. */
export const OBJECT_REPLICATION_KINDS: readonly ObjectReplicationKind[] = [
  'roles',
  'auth-methods',
  'binding-rules',
  'namespaces',
  'node-pools',
];

/** The list stub and the full object of each kind. */
export interface ObjectReplicatedTypes {
  roles: { stub: AclRoleStub; object: AclRole };
  'auth-methods': { stub: AclAuthMethodStub; object: AclAuthMethod };
  'binding-rules': { stub: AclBindingRuleStub; object: AclBindingRule };
  namespaces: { stub: Namespace; object: Namespace };
  'node-pools': { stub: NodePool; object: NodePool };
}

const ROLES: AclReplicationKindSpec<'roles'> = {
  kind: 'roles',
  texts: {
    starting: 'starting ACL Role replication from authoritative region',
    fetchFailed: 'failed to fetch ACL Roles from authoritative region',
    deleteFailed: 'failed to delete ACL roles',
    updateFailed: 'failed to update ACL roles',
  },
  diff: (local, remote, last) => diffByKey(local, remote, last, (role) => role.ID),
  deleteCommand: (ids) => ({ type: 'acl.role.delete', roleIds: [...ids] }),
  upsertCommand: (roles) => ({
    type: 'acl.role.upsert',
    roles: [...roles],
    allowMissingPolicies: true,
  }),
};

const AUTH_METHODS: AclReplicationKindSpec<'auth-methods'> = {
  kind: 'auth-methods',
  texts: {
    starting: 'starting ACL Auth-Methods replication from authoritative region',
    fetchFailed: 'failed to fetch ACL auth-methods from authoritative region',
    deleteFailed: 'failed to delete ACL auth-methods',
    updateFailed: 'failed to update ACL auth-methods',
  },
  diff: (local, remote, last) => diffByKey(local, remote, last, (method) => method.Name),
  deleteCommand: (names) => ({ type: 'acl.auth-method.delete', names: [...names] }),
  upsertCommand: (methods) => ({ type: 'acl.auth-method.upsert', authMethods: [...methods] }),
};

const BINDING_RULES: AclReplicationKindSpec<'binding-rules'> = {
  kind: 'binding-rules',
  texts: {
    starting: 'starting ACL Binding Rules replication from authoritative region',
    fetchFailed: 'failed to fetch ACL binding rules from authoritative region',
    deleteFailed: 'failed to delete ACL binding rules',
    updateFailed: 'failed to update ACL binding rules',
  },
  diff: (local, remote, last) => diffByKey(local, remote, last, (rule) => rule.ID),
  deleteCommand: (ids) => ({ type: 'acl.binding-rule.delete', ids: [...ids] }),
  upsertCommand: (rules) => ({
    type: 'acl.binding-rule.upsert',
    bindingRules: [...rules],
    allowMissingAuthMethods: true,
  }),
};

const NAMESPACES: AclReplicationKindSpec<'namespaces'> = {
  kind: 'namespaces',
  texts: {
    starting: 'starting namespace replication from authoritative region',
    startingField: 'region',
    fetchFailed: 'failed to fetch namespaces from authoritative region',
    deleteFailed: 'failed to delete namespaces',
    updateFailed: 'failed to update namespaces',
  },
  diff: (local, remote, last) => diffByKey(local, remote, last, (ns) => ns.Name),
  deleteCommand: (names) => ({ type: 'namespace.delete', names: [...names] }),
  upsertCommand: (namespaces) => ({ type: 'namespace.upsert', namespaces: [...namespaces] }),
};

const NODE_POOLS: AclReplicationKindSpec<'node-pools'> = {
  kind: 'node-pools',
  texts: {
    starting: 'starting node pool replication from authoritative region',
    startingField: 'region',
    fetchFailed: 'failed to fetch node pools from authoritative region',
    deleteFailed: 'failed to delete node pools',
    updateFailed: 'failed to update node pools',
  },
  diff: (local, remote, last) => diffByKey(local, remote, last, (pool) => pool.Name),
  deleteCommand: (names) => ({ type: 'node-pool.delete', names: [...names] }),
  upsertCommand: (pools) => ({ type: 'node-pool.upsert', nodePools: [...pools] }),
  listedObjectKey: (pool) => pool.Name,
};

/** The spec of an object kind. */
export function objectReplicationKindSpec(
  kind: ObjectReplicationKind,
): AclReplicationKindSpec<ObjectReplicationKind> {
  const specs: { readonly [K in ObjectReplicationKind]: AclReplicationKindSpec<K> } = {
    roles: ROLES,
    'auth-methods': AUTH_METHODS,
    'binding-rules': BINDING_RULES,
    namespaces: NAMESPACES,
    'node-pools': NODE_POOLS,
  };
  return specs[kind] as unknown as AclReplicationKindSpec<ObjectReplicationKind>;
}
