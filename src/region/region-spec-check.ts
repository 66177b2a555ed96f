/**
 * The shape rules of a federation's region list (`RegionSpec[]`), shared by the cluster (which
 * throws them as a RangeError on construction) and the scenario DSL (which refuses a scenario
 * definition with them, before anything runs): at least one region, names of letters, digits,
 * `_` and `-`, each listed once, 1 to 9 servers and 0 to 9 clients per region.
 */
import type { RegionSpec } from './cluster.js';

/** Most servers, and most clients, a simulated region has. */
export const MAX_SERVERS_PER_REGION = 9;
export const MAX_CLIENTS_PER_REGION = 9;

/** What is wrong with `regions` (the first problem, without a prefix), or null when it is usable. */
export function regionSpecsProblem(regions: readonly RegionSpec[]): string | null {
  if (!Array.isArray(regions) || regions.length === 0) return 'at least one region is required';
  const seen = new Set<string>();
  for (const region of regions) {
    if (typeof region.name !== 'string' || !/^[a-zA-Z0-9_-]+$/.test(region.name))
      return `bad region name ${JSON.stringify(region.name)}`;
    if (seen.has(region.name)) return `region ${region.name} is listed twice`;
    seen.add(region.name);
    if (
      !Number.isInteger(region.servers) ||
      region.servers < 1 ||
      region.servers > MAX_SERVERS_PER_REGION
    ) {
      return `region ${region.name} needs 1 to ${MAX_SERVERS_PER_REGION} servers, got ${String(region.servers)}`;
    }
    if (
      region.clients !== undefined &&
      (!Number.isInteger(region.clients) ||
        region.clients < 0 ||
        region.clients > MAX_CLIENTS_PER_REGION)
    ) {
      return `region ${region.name} can have 0 to ${MAX_CLIENTS_PER_REGION} clients, got ${String(region.clients)}`;
    }
  }
  return null;
}
