/**
 * The answers of a Raft node's commands (propose, configuration change, transfer, bootstrap,
 * snapshot). Expected refusals are values, never exceptions; each reason has the text hashicorp/raft
 * uses for it where one exists.
 */
import type { LogIndex, NodeId, SnapshotMeta, Term } from './types.js';

/** Why a command was refused. */
export type RaftRefusalReason =
  | 'notLeader'
  | 'leadershipTransferInProgress'
  | 'configurationChangeInProgress'
  | 'invalidConfiguration'
  | 'cantBootstrap'
  | 'noTransferTarget'
  | 'staleSnapshot';

/** Human-readable texts for the refusal reasons. */
export const RAFT_REFUSAL_TEXT: Readonly<Record<RaftRefusalReason, string>> = Object.freeze({
  notLeader: 'node is not the leader',
  leadershipTransferInProgress: 'leadership transfer in progress',
  configurationChangeInProgress:
    'configuration change in progress: the previous change or the new leader has not committed yet',
  invalidConfiguration: 'invalid configuration',
  cantBootstrap: 'bootstrap only works on new clusters',
  noTransferTarget: 'no voter to transfer leadership to',
  staleSnapshot: 'a newer snapshot is already in place',
});

/** A refusal: the reason, a detail text, and the leader the caller should try instead (if known). */
export interface RaftRefusal {
  readonly ok: false;
  readonly reason: RaftRefusalReason;
  readonly message: string;
  readonly leader: NodeId | null;
}

/** The answer to `propose` and `proposeConfiguration`: where the new entry sits in the log. */
export type ProposeResult =
  | { readonly ok: true; readonly index: LogIndex; readonly term: Term }
  | RaftRefusal;

/** The answer to `transferLeadership`. */
export type TransferResult = { readonly ok: true; readonly target: NodeId } | RaftRefusal;

/** The answer to `bootstrapCluster`. */
export type BootstrapResult = { readonly ok: true } | RaftRefusal;

/** The answer to `snapshotTaken`. */
export type SnapshotResult = { readonly ok: true; readonly snapshot: SnapshotMeta } | RaftRefusal;

/** Builds a refusal with the standard text (plus an optional detail). */
export function refusal(
  reason: RaftRefusalReason,
  leader: NodeId | null,
  detail?: string,
): RaftRefusal {
  const text = RAFT_REFUSAL_TEXT[reason];
  return { ok: false, reason, message: detail === undefined ? text : `${text}: ${detail}`, leader };
}
