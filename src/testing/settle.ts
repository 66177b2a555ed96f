/**
 * Waiting for a quiet cluster to settle before looking at it: every region has a leader that
 * every server follows and has caught up with, and — with replication — every server of the other
 * regions holds the authoritative region's policies and global tokens (spec §12.2: reads there may
 * lag). Model-based runs and counterexample scenarios wait for this before each request whose
 * answer depends on it, so the reference model needs no notion of lag. The conditions are the
 * checker's (`regionUnsettled`, `aclUnconverged`).
 */
import type { Cluster } from '../region/cluster.js';
import { aclUnconverged, pollUntil, regionUnsettled } from '../check/index.js';

export interface SettleOptions {
  /** Also wait for ACL replication into the non-authoritative regions. Default true. */
  readonly replication?: boolean;
  /** Virtual ms to wait at most. Default 120 000 (replication backs off 30 s after an error). */
  readonly timeoutMs?: number;
}

/** Something that holds a cluster, such as a scenario session (its `note` is used when present). */
export interface HasCluster {
  readonly cluster: Cluster;
  note?(text: string): void;
}

/** Why the cluster has not settled (first reason), or null. */
export function unsettledReason(
  cluster: Cluster,
  options: { replication?: boolean } = {},
): string | null {
  for (const region of cluster.regionNames) {
    const reason = regionUnsettled(cluster, region);
    if (reason !== null) return reason;
  }
  const authoritative = cluster.options.authoritativeRegion;
  if (
    (options.replication ?? true) &&
    authoritative !== undefined &&
    cluster.regionNames.length > 1
  )
    return aclUnconverged(cluster, authoritative);
  return null;
}

/**
 * Resolves once the cluster has settled (true) or the timeout passed (false). Accepts a cluster or
 * a scenario session; a session gets a `[sim]` note saying how long the wait took.
 */
export async function waitForAclSettled(
  target: Cluster | HasCluster,
  options: SettleOptions = {},
): Promise<boolean> {
  const cluster = 'sim' in target ? target : target.cluster;
  const note = 'sim' in target ? undefined : target.note?.bind(target);
  const replication = options.replication ?? true;
  const started = cluster.sim.now;
  const settled = await pollUntil(
    cluster.sim,
    () => unsettledReason(cluster, { replication }) === null,
    started + (options.timeoutMs ?? 120_000),
    50,
  );
  const waited = cluster.sim.now - started;
  if (note !== undefined && waited > 0) {
    note(
      settled
        ? `waited ${waited} ms for the regions to settle`
        : `still not settled after ${waited} ms: ${unsettledReason(cluster, { replication }) ?? ''}`,
    );
  }
  return settled;
}
