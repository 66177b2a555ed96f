/**
 * ACL convergence once faults heal (issue 5): within a stated bound every server runs again, and
 * every server of every non-authoritative region holds exactly the authoritative region's policies
 * and global tokens (same names and accessors, same content hashes, same secrets). Raft indexes are
 * not compared: replicated copies carry the local region's indexes (spec §11).
 */
import type { Cluster } from '../region/cluster.js';
import type { AclTables } from '../acl/index.js';
import { pollUntil } from './poll.js';
import { serverLabel } from './server-lookup.js';
import type { Violation } from './violation.js';

/**
 * The default bound after the final heal (virtual ms), at Nomad's default timings. A replicator
 * waits on a blocking list query; RPCs ride on stream connections that survive short partitions
 * (retransmitted for up to 40 s) and notice a dead or restarted peer at the next keepalive (every
 * 30 s, 10 s to answer), after which the replicator backs off 30 s and lists again. Add the Raft
 * liveness bound (30 s): 120 s. Seeds 1-16 of the 3x3 ten-minute chaos run converge within 63 s.
 */
export const ACL_CONVERGENCE_BOUND_MS = 120_000;

/** A comparable rendering of the replicated part of an ACL state. */
export function replicatedAclSignature(acl: AclTables): { policies: string[]; tokens: string[] } {
  return {
    policies: acl.listPolicies().map((p) => `${p.Name} ${p.Hash}`),
    tokens: acl
      .listTokens({ order: 'accessor-id', globalOnly: true })
      .map((t) => `${t.AccessorID} ${t.SecretID} ${t.Hash}`),
  };
}

/** `lacks <what> <name>` or `has extra <what> <name>` for the first differing entry, or null. */
function firstDifference(
  what: string,
  expected: readonly string[],
  actual: readonly string[],
): string | null {
  const want = new Set(expected);
  const have = new Set(actual);
  const missing = expected.find((item) => !have.has(item));
  if (missing !== undefined) return `lacks ${what} ${missing.split(' ')[0]}`;
  const extra = actual.find((item) => !want.has(item));
  if (extra !== undefined) return `has extra ${what} ${extra.split(' ')[0]}`;
  return null;
}

/** Why the federation's ACL data has not converged (first reason), or null. */
export function aclUnconverged(cluster: Cluster, authoritativeRegion: string): string | null {
  const leader = cluster.leaderOf(authoritativeRegion);
  const reference = leader?.fsm?.acl;
  if (leader === null || reference === undefined)
    return `authoritative region ${authoritativeRegion} has no leader`;
  const expected = replicatedAclSignature(reference);
  for (const server of cluster.servers) {
    const acl = server.fsm?.acl;
    if (!server.isRunning || acl === undefined) return `${serverLabel(server)} is not running`;
    if (server.homeRegion === authoritativeRegion) continue;
    const actual = replicatedAclSignature(acl);
    const difference =
      firstDifference('policy', expected.policies, actual.policies) ??
      firstDifference('global token', expected.tokens, actual.tokens);
    if (difference !== null) return `${serverLabel(server)} ${difference}`;
  }
  return null;
}

/** Waits up to `boundMs` for ACL convergence; returns null or an `acl convergence` violation. */
export async function awaitAclConvergence(
  cluster: Cluster,
  authoritativeRegion: string,
  boundMs = ACL_CONVERGENCE_BOUND_MS,
): Promise<Violation | null> {
  const converged = await pollUntil(
    cluster.sim,
    () => aclUnconverged(cluster, authoritativeRegion) === null,
    cluster.sim.now + boundMs,
    500,
  );
  if (converged) return null;
  const reason = aclUnconverged(cluster, authoritativeRegion) ?? 'not converged';
  return {
    property: 'acl convergence',
    detail: `not converged ${boundMs} ms after the final heal: ${reason}`,
    time: cluster.sim.now,
  };
}
