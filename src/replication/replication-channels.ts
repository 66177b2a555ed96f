/**
 * How the replication driver reaches each kind's data (spec §12.2): the RPC that lists the
 * authoritative region's stubs (`ACL.ListPolicies`, `ACL.ListTokens` with `GlobalOnly`,
 * `ACL.ListRoles`, `ACL.ListAuthMethods`, `ACL.ListBindingRules`, `Namespace.ListNamespaces`,
 * `NodePool.List`), the local copies the diff compares them with, and the batch read that fetches
 * the objects to upsert (`ACL.GetPolicies`, `ACL.GetTokens`, `ACL.GetRolesByID`,
 * `ACL.GetAuthMethods`, `ACL.GetBindingRules`, `Namespace.GetNamespaces`; node pools need none).
 * Also which trace records a replication write makes: `acl.replicate.object` for policies and
 * tokens, `replicate.object` for the others.
 */
import { fail, nomadError, type Result } from '../acl/index.js';
import type { RpcReply } from '../server/rpc.js';
import type { EndpointArgs, EndpointMethodName, EndpointValue } from '../server/rpc-methods.js';
import type { ServerStateMachine } from '../server/state/state-machine.js';
import type { ReplicatedObjectKind } from '../sim/trace.js';
import type { ReplicationListReply } from './acl-replicator-effects.js';
import type {
  AclReplicationKind,
  ReplicatedObject,
  ReplicatedStub,
  ReplicationCommand,
} from './acl-replicator-kinds.js';

/** Runs an RPC on the driving server, which routes it to the authoritative region. */
export type ReplicationCall = <M extends EndpointMethodName>(
  method: M,
  args: EndpointArgs<M>,
  reply: (reply: RpcReply<EndpointValue<M>>) => void,
) => void;

/** The query options of every replication RPC: stale reads, the replication token, blocking. */
export interface ReplicationQuery {
  readonly region: string;
  readonly token: string;
  readonly allowStale: true;
  readonly minQueryIndex: number;
}

export interface ReplicationChannel<K extends AclReplicationKind> {
  list(
    call: ReplicationCall,
    query: ReplicationQuery,
    done: (result: Result<ReplicationListReply<K>>) => void,
  ): void;
  /** The local copies, as the diff compares them with the remote list. */
  local(fsm: ServerStateMachine): readonly ReplicatedStub<K>[];
  fetch(
    call: ReplicationCall,
    query: ReplicationQuery,
    ids: readonly string[],
    done: (result: Result<readonly ReplicatedObject<K>[]>) => void,
  ): void;
}

function toResult<V, T>(reply: RpcReply<V>, pick: (value: V) => T): Result<T> {
  if (!reply.ok) return { ok: false, error: reply.error };
  return { ok: true, value: pick(reply.value) };
}

const CHANNELS: { readonly [K in AclReplicationKind]: ReplicationChannel<K> } = {
  policies: {
    list: (call, query, done) =>
      call('ACL.ListPolicies', { ...query }, (reply) =>
        done(toResult(reply, (v) => ({ items: v.policies, index: v.index }))),
      ),
    local: (fsm) => fsm.acl.listPolicyStubs(),
    fetch: (call, query, names, done) =>
      call('ACL.GetPolicies', { ...query, names }, (reply) =>
        done(toResult(reply, (v) => v.policies)),
      ),
  },
  tokens: {
    list: (call, query, done) =>
      call('ACL.ListTokens', { ...query, globalOnly: true }, (reply) =>
        done(toResult(reply, (v) => ({ items: v.tokens, index: v.index }))),
      ),
    local: (fsm) => fsm.acl.listTokenStubs({ order: 'accessor-id', globalOnly: true }),
    fetch: (call, query, accessorIds, done) =>
      call('ACL.GetTokens', { ...query, accessorIds }, (reply) =>
        done(toResult(reply, (v) => v.tokens)),
      ),
  },
  roles: {
    list: (call, query, done) =>
      call('ACL.ListRoles', { ...query }, (reply) =>
        done(toResult(reply, (v) => ({ items: v.roles, index: v.index }))),
      ),
    local: (fsm) => fsm.acl.objects.listRoles(),
    fetch: (call, query, roleIds, done) =>
      call('ACL.GetRolesByID', { ...query, roleIds }, (reply) =>
        done(toResult(reply, (v) => v.roles)),
      ),
  },
  'auth-methods': {
    list: (call, query, done) =>
      call('ACL.ListAuthMethods', { ...query }, (reply) =>
        done(toResult(reply, (v) => ({ items: v.authMethods, index: v.index }))),
      ),
    local: (fsm) => fsm.acl.objects.listAuthMethodStubs(),
    fetch: (call, query, names, done) =>
      call('ACL.GetAuthMethods', { ...query, names }, (reply) =>
        done(toResult(reply, (v) => v.authMethods)),
      ),
  },
  'binding-rules': {
    list: (call, query, done) =>
      call('ACL.ListBindingRules', { ...query }, (reply) =>
        done(toResult(reply, (v) => ({ items: v.bindingRules, index: v.index }))),
      ),
    local: (fsm) => fsm.acl.objects.listBindingRuleStubs(),
    fetch: (call, query, ids, done) =>
      call('ACL.GetBindingRules', { ...query, ids }, (reply) =>
        done(toResult(reply, (v) => v.bindingRules)),
      ),
  },
  namespaces: {
    list: (call, query, done) =>
      call('Namespace.ListNamespaces', { ...query }, (reply) =>
        done(toResult(reply, (v) => ({ items: v.namespaces, index: v.index }))),
      ),
    local: (fsm) => fsm.namespaces.list(),
    fetch: (call, query, names, done) =>
      call('Namespace.GetNamespaces', { ...query, names }, (reply) =>
        done(toResult(reply, (v) => v.namespaces)),
      ),
  },
  'node-pools': {
    list: (call, query, done) =>
      call('NodePool.List', { ...query }, (reply) =>
        done(toResult(reply, (v) => ({ items: v.nodePools, index: v.index }))),
      ),
    local: (fsm) => fsm.nodePools.list(),
    // The node pool list carries whole pools: the replicator never asks for a fetch.
    fetch: (_call, _query, _names, done) =>
      done(fail(nomadError(500, 'node pools are upserted from their list'))),
  },
};

/** The channel of `kind`. */
export function replicationChannel<K extends AclReplicationKind>(kind: K): ReplicationChannel<K> {
  return CHANNELS[kind] as ReplicationChannel<K>;
}

/** One copy a replication write stored or removed, as the trace records it. */
export type ReplicatedCopy =
  | {
      readonly kind: 'acl.replicate.object';
      readonly what: 'policies' | 'tokens';
      readonly id: string;
      readonly action: 'upsert' | 'delete';
      readonly remoteIndex: number;
    }
  | {
      readonly kind: 'replicate.object';
      readonly what: ReplicatedObjectKind;
      readonly id: string;
      readonly action: 'upsert' | 'delete';
      readonly remoteIndex: number;
    };

/** The copies `command` (a replication write that succeeded) stored or removed, in order. */
export function replicatedCopies(command: ReplicationCommand): ReplicatedCopy[] {
  // A removal has no remote index: the trace writes 0.
  const acl = (what: 'policies' | 'tokens', id: string, upserted?: number): ReplicatedCopy => ({
    kind: 'acl.replicate.object',
    what,
    id,
    action: upserted === undefined ? 'delete' : 'upsert',
    remoteIndex: upserted ?? 0,
  });
  const other = (what: ReplicatedObjectKind, id: string, upserted?: number): ReplicatedCopy => ({
    kind: 'replicate.object',
    what,
    id,
    action: upserted === undefined ? 'delete' : 'upsert',
    remoteIndex: upserted ?? 0,
  });
  switch (command.type) {
    case 'acl.policy.upsert':
      return command.policies.map((p) => acl('policies', p.Name, p.ModifyIndex));
    case 'acl.policy.delete':
      return command.names.map((name) => acl('policies', name));
    case 'acl.token.upsert':
      return command.tokens.map((t) => acl('tokens', t.AccessorID, t.ModifyIndex));
    case 'acl.token.delete':
      return command.accessorIds.map((id) => acl('tokens', id));
    case 'acl.role.upsert':
      return command.roles.map((r) => other('roles', r.ID, r.ModifyIndex));
    case 'acl.role.delete':
      return command.roleIds.map((id) => other('roles', id));
    case 'acl.auth-method.upsert':
      return command.authMethods.map((m) => other('auth-methods', m.Name, m.ModifyIndex));
    case 'acl.auth-method.delete':
      return command.names.map((name) => other('auth-methods', name));
    case 'acl.binding-rule.upsert':
      return command.bindingRules.map((b) => other('binding-rules', b.ID, b.ModifyIndex));
    case 'acl.binding-rule.delete':
      return command.ids.map((id) => other('binding-rules', id));
    case 'namespace.upsert':
      return command.namespaces.map((ns) => other('namespaces', ns.Name, ns.ModifyIndex));
    case 'namespace.delete':
      return command.names.map((name) => other('namespaces', name));
    case 'node-pool.upsert':
      return command.nodePools.map((p) => other('node-pools', p.Name, p.ModifyIndex));
    case 'node-pool.delete':
      return command.names.map((name) => other('node-pools', name));
    case 'acl.bootstrap':
      return [];
  }
}
