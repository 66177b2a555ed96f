/**
 * Follows replication for `status`: from the `acl.replicate` (policies, tokens) and
 * `replicate.round` (roles, auth methods, binding rules, namespaces, node pools) trace records,
 * one per round of a region leader's replicator, the last successful round of each region and
 * kind (the remote index it reached, when) and the last failed one (the error, when). Listening
 * to the trace does not change the run (recording never draws randomness or schedules events).
 */
import type { ReplicatedKind } from '../../acl/index.js';
import type { Cluster } from '../../region/cluster.js';
import type { TraceRecord } from '../../sim/trace.js';

export type { ReplicatedKind };

export interface ReplicationProgress {
  /** The last successful round: the authoritative index it reached and its virtual time. */
  readonly lastOk: { readonly remoteIndex: number; readonly t: number } | null;
  /** The last failed round: its error and virtual time. */
  readonly lastError: { readonly error: string; readonly t: number } | null;
}

const NOTHING_YET: ReplicationProgress = { lastOk: null, lastError: null };

export class ReplicationWatch {
  private readonly progress = new Map<string, ReplicationProgress>();

  /** Starts following `cluster`'s replication rounds (attach before the servers start). */
  attach(cluster: Cluster): this {
    cluster.sim.trace.on('acl.replicate', (record) => this.onRound(record));
    cluster.sim.trace.on('replicate.round', (record) => this.onRound(record));
    return this;
  }

  /** What the replicator of `kind` in `region` achieved so far. */
  of(region: string, kind: ReplicatedKind): ReplicationProgress {
    return this.progress.get(`${region}/${kind}`) ?? NOTHING_YET;
  }

  private onRound(record: TraceRecord<'acl.replicate'> | TraceRecord<'replicate.round'>): void {
    const key = `${record.region}/${record.what}`;
    const before = this.progress.get(key) ?? NOTHING_YET;
    this.progress.set(
      key,
      record.error === null
        ? { ...before, lastOk: { remoteIndex: record.remoteIndex, t: record.t } }
        : { ...before, lastError: { error: record.error, t: record.t } },
    );
  }
}
