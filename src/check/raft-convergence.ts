/**
 * Liveness once faults heal: within a stated bound of virtual time every server runs again, every
 * region has a leader that every server of the region follows, every server has applied what the
 * leader committed (including an entry of the leader's own term), and every acknowledged write is
 * held by every server. The chaos runner and the fault-schedule runner call this after the final heal.
 */
import type { Cluster } from '../region/cluster.js';
import type { AckLedger } from './ack-ledger.js';
import { pollUntil } from './poll.js';
import { serverLabel } from './server-lookup.js';
import type { Violation } from './violation.js';

/** The default liveness bound after the final heal (virtual ms), at Nomad's default timings. */
export const RAFT_LIVENESS_BOUND_MS = 30_000;

/** Why a region is not settled yet, or null when it is. */
export function regionUnsettled(cluster: Cluster, region: string): string | null {
  const leader = cluster.leaderOf(region);
  const leaderNode = leader?.node ?? null;
  if (leader === null || leaderNode === null) return `region ${region} has no leader`;
  if (leaderNode.termAt(leaderNode.commitIndex) !== leaderNode.term) {
    return `${serverLabel(leader)} has not committed an entry of its term ${leaderNode.term}`;
  }
  for (const server of cluster.serversOf(region)) {
    const node = server.node;
    if (!server.isRunning || node === null) return `${serverLabel(server)} is not running`;
    if (server === leader) continue;
    if (node.leader !== leader.raftId)
      return `${serverLabel(server)} does not follow ${serverLabel(leader)}`;
    if (node.appliedIndex < leaderNode.commitIndex) {
      return `${serverLabel(server)} applied ${node.appliedIndex} of ${leaderNode.commitIndex} committed entries`;
    }
  }
  return null;
}

/** Why the cluster is not settled (first reason found), or null. */
export function clusterUnsettled(cluster: Cluster, ledger: AckLedger | null): string | null {
  for (const region of cluster.regionNames) {
    const reason = regionUnsettled(cluster, region);
    if (reason !== null) return reason;
  }
  const missing = ledger?.firstMissing(cluster) ?? null;
  if (missing === null) return null;
  const { write, server, found } = missing;
  return `${serverLabel(server)} lacks the write of ${write.key}=${JSON.stringify(write.value)} acknowledged at index ${write.index} (holds ${found})`;
}

/**
 * Waits up to `boundMs` for the cluster to settle. Returns null, or a `liveness` violation saying
 * what was still missing at the bound. A write missing although everything else settled is an
 * `acknowledged write lost`.
 */
export async function awaitRaftConvergence(
  cluster: Cluster,
  ledger: AckLedger | null,
  boundMs = RAFT_LIVENESS_BOUND_MS,
): Promise<Violation | null> {
  const start = cluster.sim.now;
  const settled = await pollUntil(
    cluster.sim,
    () => clusterUnsettled(cluster, ledger) === null,
    start + boundMs,
    100,
  );
  if (settled) return null;
  const reason = clusterUnsettled(cluster, ledger) ?? 'unsettled';
  const lost = cluster.regionNames.every((r) => regionUnsettled(cluster, r) === null);
  return {
    property: lost ? 'acknowledged write lost' : 'liveness',
    detail: lost ? reason : `not settled ${boundMs} ms after the final heal: ${reason}`,
    time: cluster.sim.now,
  };
}
