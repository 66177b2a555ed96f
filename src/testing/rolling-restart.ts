/**
 * Rolling-restart orders: a permutation of a region's servers, restarted one at a time with a
 * health check in between (the tutorial's procedure). Orders are 0-based server positions so
 * that they print and shrink well; `rollingRestartInOrder` plays one on a cluster.
 */
import fc from 'fast-check';
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../region/server.js';

/** Every order of `servers` positions (0-based); shrinks towards 0, 1, 2, ... */
export function rollingRestartOrderArb(servers: number): fc.Arbitrary<number[]> {
  if (!Number.isInteger(servers) || servers < 1) throw new RangeError(`rollingRestartOrderArb: servers must be a positive integer, got ${servers}`);
  const positions = Array.from({ length: servers }, (_, i) => i);
  return fc.shuffledSubarray(positions, { minLength: servers, maxLength: servers });
}

/** The servers of `region` in `order` (0-based positions; each must appear at most once). */
export function serversInOrder(cluster: Cluster, region: string, order: readonly number[]): Server[] {
  const servers = cluster.serversOf(region);
  const seen = new Set<number>();
  return order.map((position) => {
    const server = servers[position];
    if (server === undefined) throw new RangeError(`region ${region} has no server at position ${position} (it has ${servers.length})`);
    if (seen.has(position)) throw new RangeError(`rolling restart order lists position ${position} twice`);
    seen.add(position);
    return server;
  });
}

/** Restarts the servers of `region` one at a time in `order`, waiting for each to be healthy. */
export async function rollingRestartInOrder(cluster: Cluster, region: string, order: readonly number[]): Promise<void> {
  await cluster.rollingRestart(region, serversInOrder(cluster, region, order));
}
