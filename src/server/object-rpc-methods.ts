/**
 * The RPC endpoints of the replicated objects besides policies and tokens: ACL roles (1.4+), auth
 * methods and binding rules (1.5+), namespaces (OSS 1.0+) and node pools (1.6+), each mapped to
 * its arguments (besides the common `RpcArgs`) and the value of a successful reply. Names follow
 * Nomad's RPC methods. `EndpointMethods` (rpc-methods.ts) includes all of them.
 */
import type {
  AclAuthMethod,
  AclAuthMethodInput,
  AclAuthMethodStub,
  AclBindingRule,
  AclBindingRuleInput,
  AclBindingRuleStub,
  AclRole,
  AclRoleInput,
  AclRoleStub,
} from '../acl/index.js';
import type { Namespace, NamespaceInput } from './state/namespace.js';
import type { NodePool, NodePoolInput } from './state/node-pool.js';

export interface ObjectEndpointMethods {
  'ACL.UpsertRoles': {
    args: { roles: readonly AclRoleInput[] };
    value: { index: number; roles: AclRole[] };
  };
  'ACL.DeleteRolesByID': { args: { roleIds: readonly string[] }; value: { index: number } };
  'ACL.ListRoles': { args: { prefix?: string }; value: { index: number; roles: AclRoleStub[] } };
  'ACL.GetRoleByID': { args: { roleId: string }; value: { index: number; role: AclRole | null } };
  'ACL.GetRoleByName': {
    args: { roleName: string };
    value: { index: number; role: AclRole | null };
  };
  'ACL.GetRolesByID': {
    args: { roleIds: readonly string[] };
    value: { index: number; roles: AclRole[] };
  };
  'ACL.UpsertAuthMethods': {
    args: { authMethods: readonly AclAuthMethodInput[] };
    value: { index: number; authMethods: AclAuthMethod[] };
  };
  'ACL.DeleteAuthMethods': { args: { names: readonly string[] }; value: { index: number } };
  'ACL.ListAuthMethods': {
    args: { prefix?: string };
    value: { index: number; authMethods: AclAuthMethodStub[] };
  };
  'ACL.GetAuthMethod': {
    args: { name: string };
    value: { index: number; authMethod: AclAuthMethod | null };
  };
  'ACL.GetAuthMethods': {
    args: { names: readonly string[] };
    value: { index: number; authMethods: AclAuthMethod[] };
  };
  'ACL.UpsertBindingRules': {
    args: { bindingRules: readonly AclBindingRuleInput[] };
    value: { index: number; bindingRules: AclBindingRule[] };
  };
  'ACL.DeleteBindingRules': { args: { ids: readonly string[] }; value: { index: number } };
  'ACL.ListBindingRules': {
    args: { prefix?: string };
    value: { index: number; bindingRules: AclBindingRuleStub[] };
  };
  'ACL.GetBindingRule': {
    args: { id: string };
    value: { index: number; bindingRule: AclBindingRule | null };
  };
  'ACL.GetBindingRules': {
    args: { ids: readonly string[] };
    value: { index: number; bindingRules: AclBindingRule[] };
  };
  'Namespace.UpsertNamespaces': {
    args: { namespaces: readonly NamespaceInput[] };
    value: { index: number };
  };
  'Namespace.DeleteNamespaces': { args: { names: readonly string[] }; value: { index: number } };
  'Namespace.ListNamespaces': {
    args: { prefix?: string };
    value: { index: number; namespaces: Namespace[] };
  };
  'Namespace.GetNamespace': {
    args: { name: string };
    value: { index: number; namespace: Namespace | null };
  };
  'Namespace.GetNamespaces': {
    args: { names: readonly string[] };
    value: { index: number; namespaces: Namespace[] };
  };
  'NodePool.UpsertNodePools': {
    args: { nodePools: readonly NodePoolInput[] };
    value: { index: number };
  };
  'NodePool.DeleteNodePools': { args: { names: readonly string[] }; value: { index: number } };
  'NodePool.List': { args: { prefix?: string }; value: { index: number; nodePools: NodePool[] } };
  'NodePool.GetNodePool': {
    args: { name: string };
    value: { index: number; nodePool: NodePool | null };
  };
}

export const OBJECT_ENDPOINT_METHODS = [
  'ACL.UpsertRoles',
  'ACL.DeleteRolesByID',
  'ACL.ListRoles',
  'ACL.GetRoleByID',
  'ACL.GetRoleByName',
  'ACL.GetRolesByID',
  'ACL.UpsertAuthMethods',
  'ACL.DeleteAuthMethods',
  'ACL.ListAuthMethods',
  'ACL.GetAuthMethod',
  'ACL.GetAuthMethods',
  'ACL.UpsertBindingRules',
  'ACL.DeleteBindingRules',
  'ACL.ListBindingRules',
  'ACL.GetBindingRule',
  'ACL.GetBindingRules',
  'Namespace.UpsertNamespaces',
  'Namespace.DeleteNamespaces',
  'Namespace.ListNamespaces',
  'Namespace.GetNamespace',
  'Namespace.GetNamespaces',
  'NodePool.UpsertNodePools',
  'NodePool.DeleteNodePools',
  'NodePool.List',
  'NodePool.GetNodePool',
] as const;

export type ObjectEndpointMethodName = (typeof OBJECT_ENDPOINT_METHODS)[number];

// Every listed name has its types above, and every typed method is listed.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const LISTED_AND_TYPED: Same<ObjectEndpointMethodName, keyof ObjectEndpointMethods> = true;
void LISTED_AND_TYPED;
