/**
 * Waiting for a quiet cluster to settle before looking at it: every running server has applied
 * what its region's leader committed, and every non-authoritative region whose leader replicates
 * holds the authoritative region's policies and global tokens (spec §12.2: reads there may lag).
 * Test harnesses and counterexample scenarios call `waitForAclSettled` before each request whose
 * answer depends on that, so the reference model needs no notion of lag.
 */
import type { Cluster } from '../region/cluster.js';

/** What still differs between the authoritative region and the others (empty: converged). */
export function aclReplicationLag(cluster: Cluster): string[] {
  const authoritative = cluster.options.authoritativeRegion;
  if (authoritative === undefined || !cluster.regionNames.includes(authoritative)) return [];
  const source = cluster.leaderOf(authoritative)?.fsm?.acl;
  if (source === undefined) return [`${authoritative} has no leader`];
  const policies = (acl: typeof source) => acl.listPolicies().map((p) => `${p.Name}:${p.Hash}`).join(',');
  const globalTokens = (acl: typeof source) =>
    acl
      .listTokens({ order: 'accessor-id', globalOnly: true })
      .map((t) => t.AccessorID)
      .join(',');
  const lag: string[] = [];
  for (const region of cluster.regionNames) {
    if (region === authoritative) continue;
    const copy = cluster.leaderOf(region)?.fsm?.acl;
    if (copy === undefined) lag.push(`${region} has no leader`);
    else {
      if (policies(copy) !== policies(source)) lag.push(`${region} policies differ`);
      if (globalTokens(copy) !== globalTokens(source)) lag.push(`${region} global tokens differ`);
    }
  }
  return lag;
}

/** Running servers that have not applied their leader's commit index yet (or have no leader). */
export function raftLag(cluster: Cluster): string[] {
  const lag: string[] = [];
  for (const region of cluster.regionNames) {
    const leader = cluster.leaderOf(region);
    const commit = leader?.node?.commitIndex;
    for (const server of cluster.serversOf(region)) {
      if (!server.isRunning) continue;
      if (commit === undefined) lag.push(`${region} has no leader`);
      else if ((server.node?.appliedIndex ?? 0) < commit) lag.push(`${server.name}.${server.region} has not applied index ${commit}`);
    }
  }
  return [...new Set(lag)];
}

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

/**
 * Resolves once the cluster has settled (true) or the timeout passed (false). Accepts a cluster or
 * a scenario session; a session gets a `[sim]` note saying how long the wait took.
 */
export async function waitForAclSettled(target: Cluster | HasCluster, options: SettleOptions = {}): Promise<boolean> {
  const cluster = 'sim' in target ? target : target.cluster;
  const note = 'sim' in target ? undefined : target.note?.bind(target);
  const replication = options.replication ?? true;
  const lag = (): string[] => [...raftLag(cluster), ...(replication ? aclReplicationLag(cluster) : [])];
  const started = cluster.sim.now;
  const deadline = started + (options.timeoutMs ?? 120_000);
  const settled = await cluster.sim.wait<boolean>((resolve) => {
    const check = (): void => {
      if (lag().length === 0) return resolve(true);
      if (cluster.sim.now >= deadline) return resolve(false);
      cluster.sim.schedule(50, check);
    };
    check();
  });
  const waited = cluster.sim.now - started;
  if (note !== undefined && waited > 0) note(settled ? `waited ${waited} ms for the regions to settle` : `still not settled after ${waited} ms: ${lag().join('; ')}`);
  return settled;
}
