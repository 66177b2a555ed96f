/**
 * What an ACL replicator asks its driver (the leader of a non-authoritative region) to do, and
 * the replies it expects back. The replicator performs no I/O: it queues these effects, the driver
 * drains them with `takeEffects()`, performs them in order, and reports each outcome through the
 * matching `on*Result` input, echoing the effect's `requestId` (see acl-replicator.ts for the
 * whole contract).
 */
import type {
  AclReplicationKind,
  ReplicatedStub,
  ReplicationCommand,
} from './acl-replicator-kinds.js';

/**
 * `ACL.ListPolicies` / `ACL.ListTokens` (tokens: `GlobalOnly: true`) sent to `region` (the
 * authoritative one) with `AllowStale: true`, the replication token, and `MinQueryIndex`: a
 * blocking query that answers once the remote table index exceeds `minQueryIndex` (or on its
 * ~5 min timeout). Reply with `onListResult`.
 */
export interface ReplicatorListEffect {
  readonly type: 'list';
  readonly kind: AclReplicationKind;
  readonly requestId: number;
  readonly round: number;
  readonly region: string;
  readonly minQueryIndex: number;
}

/**
 * `ACL.GetPolicies` (by name) / `ACL.GetTokens` (by accessor) sent to `region` with
 * `AllowStale: true`, the replication token and `MinQueryIndex = minQueryIndex` (the listed index
 * minus one). Reply with `onFetchResult`: the full objects found (missing ones are left out).
 */
export interface ReplicatorFetchEffect {
  readonly type: 'fetch';
  readonly kind: AclReplicationKind;
  readonly requestId: number;
  readonly round: number;
  readonly region: string;
  readonly ids: readonly string[];
  readonly minQueryIndex: number;
}

/**
 * Write `command` through the LOCAL region's Raft log (the driver is its leader) and reply with
 * `onApplyResult` once it is applied, or with the error if the write fails (e.g. leadership lost).
 * `step` says whether this is the round's delete or its upsert. Upserted objects are the fetched
 * ones, SecretID/AccessorID/CreateTime/Hash included; the local state store assigns local
 * CreateIndex/ModifyIndex (spec §11).
 */
export interface ReplicatorApplyEffect {
  readonly type: 'apply';
  readonly kind: AclReplicationKind;
  readonly requestId: number;
  readonly round: number;
  readonly step: 'delete' | 'upsert';
  readonly command: ReplicationCommand;
}

/** Log level of a server log line (the trace's `log` kind). */
export type ReplicatorLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** A line the server logs, in Nomad's words (spec §12.2 step 7). */
export interface ReplicatorLogEffect {
  readonly type: 'log';
  readonly level: ReplicatorLogLevel;
  readonly message: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * One finished round, for the trace record `acl.replicate`: how many objects were upserted and
 * deleted locally, the remote index the round listed (on a list failure: the index it asked
 * from), and the error text (null on success). Emitted for every round, including empty ones.
 */
export interface ReplicatorRoundEffect {
  readonly type: 'round';
  readonly what: AclReplicationKind;
  readonly round: number;
  readonly upserted: number;
  readonly deleted: number;
  readonly remoteIndex: number;
  readonly error: string | null;
}

export type ReplicatorEffect =
  | ReplicatorListEffect
  | ReplicatorFetchEffect
  | ReplicatorApplyEffect
  | ReplicatorLogEffect
  | ReplicatorRoundEffect;

/** Effects that ask for a reply (the ones `stop()` cancels when not yet taken). */
export type ReplicatorRequestEffect =
  | ReplicatorListEffect
  | ReplicatorFetchEffect
  | ReplicatorApplyEffect;

/** A successful list reply: the remote stubs and the remote table index (`X-Nomad-Index`). */
export interface ReplicationListReply<K extends AclReplicationKind> {
  readonly items: readonly ReplicatedStub<K>[];
  readonly index: number;
}

/** A successful local Raft write: the index it was applied at. */
export interface ReplicationApplyReply {
  readonly index: number;
}
