/**
 * What differs between the replication loops, as data: the objects each kind moves, Nomad's log
 * lines, the diff, and the local Raft commands (spec §12.2). Policies are keyed by `Name`,
 * tokens by `AccessorID`; the token loop lists global tokens only and never deletes local ones.
 * The other kinds (roles, auth methods, binding rules, namespaces, node pools) are described in
 * object-replication-kinds.ts.
 */
import type { AclCommand, AclPolicy, AclToken } from '../acl/index.js';
import type { AclDiff, PolicyStubLike, TokenStubLike } from './acl-diff.js';
import { diffAclPolicies, diffAclTokens } from './acl-diff.js';
import type { NamespaceCommand } from '../server/state/namespace-table.js';
import type { NodePoolCommand } from '../server/state/node-pool-table.js';
import {
  OBJECT_REPLICATION_KINDS,
  objectReplicationKindSpec,
  type ObjectReplicatedTypes,
  type ObjectReplicationKind,
} from './object-replication-kinds.js';

/**
 * Every kind a non-authoritative leader can replicate, in the order Nomad starts its loops. Which
 * of them run is the version profile's `replicatedKinds`.
 */
export type AclReplicationKind = 'policies' | 'tokens' | ObjectReplicationKind;

export const ACL_REPLICATION_KINDS: readonly AclReplicationKind[] = [
  'policies',
  'tokens',
  ...OBJECT_REPLICATION_KINDS,
];

/** A local Raft write a replication round makes. */
export type ReplicationCommand = AclCommand | NamespaceCommand | NodePoolCommand;

/** The list stub and the full object of each kind. */
export interface AclReplicatedTypes extends ObjectReplicatedTypes {
  policies: { stub: PolicyStubLike; object: AclPolicy };
  tokens: { stub: TokenStubLike; object: AclToken };
}

export type ReplicatedStub<K extends AclReplicationKind> = AclReplicatedTypes[K]['stub'];
export type ReplicatedObject<K extends AclReplicationKind> = AclReplicatedTypes[K]['object'];

/** Nomad's log lines of one loop (spec §12.2 step 7), verbatim. */
export interface ReplicationLogTexts {
  /** DEBUG, with the authoritative region in the field `startingField`. */
  readonly starting: string;
  /** `authoritative_region` (the ACL loops) or `region` (namespaces, node pools). */
  readonly startingField?: 'region';
  /** ERROR, field `error`: the list call or the fetch of full objects failed. */
  readonly fetchFailed: string;
  /** ERROR, field `error`: the local Raft delete failed. */
  readonly deleteFailed: string;
  /** ERROR, field `error`: the local Raft upsert failed. */
  readonly updateFailed: string;
}

/** Everything kind-specific the replicator needs. */
export interface AclReplicationKindSpec<K extends AclReplicationKind> {
  readonly kind: K;
  readonly texts: ReplicationLogTexts;
  diff(
    local: readonly ReplicatedStub<K>[],
    remote: readonly ReplicatedStub<K>[],
    lastRemoteIndex: number,
  ): AclDiff;
  deleteCommand(keys: readonly string[]): ReplicationCommand;
  upsertCommand(objects: readonly ReplicatedObject<K>[]): ReplicationCommand;
  /**
   * Set when the list already carries whole objects (node pools): the round upserts the listed
   * objects it needs, by this key, instead of fetching them.
   */
  listedObjectKey?(stub: ReplicatedStub<K>): string;
}

const POLICIES: AclReplicationKindSpec<'policies'> = {
  kind: 'policies',
  texts: {
    starting: 'starting ACL policy replication from authoritative region',
    fetchFailed: 'failed to fetch policies from authoritative region',
    deleteFailed: 'failed to delete policies',
    updateFailed: 'failed to update policies',
  },
  diff: diffAclPolicies,
  deleteCommand: (names) => ({ type: 'acl.policy.delete', names: [...names] }),
  upsertCommand: (policies) => ({ type: 'acl.policy.upsert', policies: [...policies] }),
};

const TOKENS: AclReplicationKindSpec<'tokens'> = {
  kind: 'tokens',
  texts: {
    starting: 'starting ACL token replication from authoritative region',
    fetchFailed: 'failed to fetch tokens from authoritative region',
    deleteFailed: 'failed to delete tokens',
    updateFailed: 'failed to update tokens',
  },
  diff: diffAclTokens,
  deleteCommand: (accessorIds) => ({ type: 'acl.token.delete', accessorIds: [...accessorIds] }),
  upsertCommand: (tokens) => ({ type: 'acl.token.upsert', tokens: [...tokens] }),
};

/** The spec of `kind`; throws a RangeError for anything else. */
export function replicationKindSpec<K extends AclReplicationKind>(
  kind: K,
): AclReplicationKindSpec<K> {
  // The casts pick the entry matching K; the switch makes the correspondence explicit.
  switch (kind as AclReplicationKind) {
    case 'policies':
      return POLICIES as unknown as AclReplicationKindSpec<K>;
    case 'tokens':
      return TOKENS as unknown as AclReplicationKindSpec<K>;
    default:
      if ((OBJECT_REPLICATION_KINDS as readonly string[]).includes(kind))
        return objectReplicationKindSpec(
          kind as ObjectReplicationKind,
        ) as unknown as AclReplicationKindSpec<K>;
      throw new RangeError(
        `unknown ACL replication kind ${JSON.stringify(kind)} (expected one of ${ACL_REPLICATION_KINDS.join(', ')})`,
      );
  }
}
