/**
 * The lanes of the timeline: one per network endpoint of a run. Endpoints are named as `net.*`
 * records name them (`region/server-1`, `region/client-1`, `workstation`); a lane is a server when
 * a server record (`server.start`, `raft.*`) names it, a client agent when it belongs to a region
 * otherwise, and "outside" (the operator's workstation, a test client) when it has no region.
 * The final order groups lanes by region in order of first appearance, servers first in natural
 * name order (server-2 before server-10), outside lanes on top.
 */
import type { Lane, LaneKind, RegionGroup } from './model.js';

/** Splits an endpoint name into region and name (`workstation` has no region). */
export function splitEndpoint(id: string): { region: string | null; name: string } {
  const slash = id.indexOf('/');
  return slash < 0
    ? { region: null, name: id }
    : { region: id.slice(0, slash), name: id.slice(slash + 1) };
}

/** Compares names the way people count: `server-2` before `server-10`. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    if (i % 2 === 1) return Number(x) - Number(y) || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** Collects endpoints while a trace is read; `finish` fixes the order and maps provisional ids. */
export class LaneRegistry {
  private readonly ids: string[] = [];
  private readonly byId = new Map<string, number>();
  private readonly servers = new Set<number>();
  private readonly regionOrder: string[] = [];

  /** The provisional index of endpoint `id` (created on first sight). */
  lane(id: string): number {
    let index = this.byId.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(id);
      this.byId.set(id, index);
      const { region } = splitEndpoint(id);
      if (region !== null && !this.regionOrder.includes(region)) this.regionOrder.push(region);
    }
    return index;
  }

  /** The provisional index of a server, marking it as one. */
  server(region: string, server: string): number {
    const index = this.lane(`${region}/${server}`);
    this.servers.add(index);
    return index;
  }

  /** The provisional index of `id` when it was seen, else -1. */
  find(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  /** The final lanes and groups, and `order[provisional] = final index`. */
  finish(): { lanes: Lane[]; regions: RegionGroup[]; order: number[] } {
    const kindOf = (index: number): LaneKind => {
      if (this.servers.has(index)) return 'server';
      return splitEndpoint(this.ids[index] as string).region === null ? 'outside' : 'client';
    };
    const provisional = this.ids.map((id, index) => ({
      id,
      index,
      kind: kindOf(index),
      ...splitEndpoint(id),
    }));
    const outside = provisional.filter((l) => l.region === null);
    const sorted = [...outside];
    const groups: Array<{ name: string; members: typeof provisional }> = [];
    for (const region of this.regionOrder) {
      const members = provisional
        .filter((l) => l.region === region)
        .sort((a, b) =>
          a.kind === b.kind ? naturalCompare(a.name, b.name) : a.kind === 'server' ? -1 : 1,
        );
      groups.push({ name: region, members });
      sorted.push(...members);
    }
    const order: number[] = new Array<number>(this.ids.length).fill(-1);
    sorted.forEach((l, final) => {
      order[l.index] = final;
    });
    const lanes: Lane[] = sorted.map((l) => ({
      id: l.id,
      region: l.region,
      name: l.name,
      kind: l.kind,
    }));
    const regions: RegionGroup[] = groups.map((g) => ({
      name: g.name,
      lanes: g.members.map((m) => order[m.index] as number),
    }));
    return { lanes, regions, order };
  }
}
