/**
 * Cluster shapes for property tests: how many regions, how many servers in each, and which region
 * is authoritative. A shape is plain data (easy to print, shrink and replay); `clusterOptionsFor`
 * turns it into the options of a simulated `Cluster`.
 */
import fc from 'fast-check';
import type { ClusterOptions, RegionSpec } from '../region/cluster.js';

export interface ClusterShape {
  /** Region names with their server counts, in creation order. */
  readonly regions: readonly RegionSpec[];
  /** One of the regions' names. */
  readonly authoritativeRegion: string;
}

export interface ClusterShapeConstraints {
  /** Default 1. */
  readonly minRegions?: number;
  /** Default 3 (at most REGION_NAMES.length). */
  readonly maxRegions?: number;
  /** Server counts to choose from for each region. Default [1, 3, 5]. */
  readonly serverCounts?: readonly number[];
}

/** Region names used by generated shapes, in order (the tutorial's names first). */
export const REGION_NAMES = ['global', 'europe', 'asia', 'america', 'africa'] as const;

/**
 * Shapes of 1–3 regions (by default) with 1, 3 or 5 servers each and one authoritative region.
 * Shrinks towards one region with the fewest servers, the first region authoritative.
 */
export function clusterShapeArb(
  constraints: ClusterShapeConstraints = {},
): fc.Arbitrary<ClusterShape> {
  const minRegions = constraints.minRegions ?? 1;
  const maxRegions = constraints.maxRegions ?? 3;
  const counts = [...(constraints.serverCounts ?? [1, 3, 5])].sort((a, b) => a - b);
  if (
    !Number.isInteger(minRegions) ||
    minRegions < 1 ||
    maxRegions < minRegions ||
    maxRegions > REGION_NAMES.length
  ) {
    throw new RangeError(
      `clusterShapeArb: regions must satisfy 1 <= min <= max <= ${REGION_NAMES.length}, got ${minRegions}..${maxRegions}`,
    );
  }
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 9)) {
    throw new RangeError(
      `clusterShapeArb: serverCounts must be integers from 1 to 9, got ${JSON.stringify(constraints.serverCounts)}`,
    );
  }
  return fc
    .tuple(
      fc.array(fc.constantFrom(...counts), { minLength: minRegions, maxLength: maxRegions }),
      fc.nat(),
    )
    .map(([servers, pick]) => shapeOf(servers, pick % servers.length));
}

/** A shape with the given server counts per region (named from REGION_NAMES); region `authoritative` (index) is authoritative. */
export function shapeOf(serversPerRegion: readonly number[], authoritative = 0): ClusterShape {
  const regions = serversPerRegion.map((servers, i) => {
    const name = REGION_NAMES[i];
    if (name === undefined) throw new RangeError(`shapeOf: at most ${REGION_NAMES.length} regions`);
    return { name, servers };
  });
  const auth = regions[authoritative];
  if (auth === undefined) throw new RangeError(`shapeOf: no region at index ${authoritative}`);
  return { regions, authoritativeRegion: auth.name };
}

/** "global (3 servers, authoritative), europe (1 server)". */
export function describeShape(shape: ClusterShape): string {
  return shape.regions
    .map(
      (r) =>
        `${r.name} (${r.servers} server${r.servers === 1 ? '' : 's'}${r.name === shape.authoritativeRegion ? ', authoritative' : ''})`,
    )
    .join(', ');
}

/** Cluster options for `shape`: ACLs enabled everywhere, the authoritative region set on every server. */
export function clusterOptionsFor(
  shape: ClusterShape,
  seed: number,
  extra: Partial<ClusterOptions> = {},
): ClusterOptions {
  return {
    seed,
    regions: shape.regions.map((r) => ({ ...r })),
    authoritativeRegion: shape.authoritativeRegion,
    aclEnabled: true,
    ...extra,
  };
}

/** `region/server-N` references of every server in `shape`. */
export function serverRefs(shape: ClusterShape): string[] {
  return shape.regions.flatMap((r) =>
    Array.from({ length: r.servers }, (_, i) => `${r.name}/server-${i + 1}`),
  );
}
