/**
 * Rolling restarts in a given order: a permutation of a region's servers (0-based positions, as
 * the checker's `rollingRestartOrderArbitrary` draws them), restarted one at a time with a health
 * check in between — the tutorial's procedure. `rollingRestartOrderArb` is that arbitrary under
 * the toolkit's naming.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import { rollingRestartOrderArbitrary } from '../check/index.js';

/** Every order of `servers` positions (0-based); shrinks towards 0, 1, 2, ... */
export const rollingRestartOrderArb = rollingRestartOrderArbitrary;

/** The servers of `region` in `order` (0-based positions; each must appear at most once). */
export function serversInOrder(
  cluster: Cluster,
  region: string,
  order: readonly number[],
): Server[] {
  const servers = cluster.serversOf(region);
  const seen = new Set<number>();
  return order.map((position) => {
    const server = servers[position];
    if (server === undefined)
      throw new RangeError(
        `region ${region} has no server at position ${position} (it has ${servers.length})`,
      );
    if (seen.has(position))
      throw new RangeError(`rolling restart order lists position ${position} twice`);
    seen.add(position);
    return server;
  });
}

/** Restarts the servers of `region` one at a time in `order`, waiting for each to be healthy. */
export async function rollingRestartInOrder(
  cluster: Cluster,
  region: string,
  order: readonly number[],
): Promise<void> {
  await cluster.rollingRestart(region, serversInOrder(cluster, region, order));
}
