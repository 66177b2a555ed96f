/**
 * The servers' ACL tables over time (AclTableHistory in ./model.ts): collected from `acl.apply`
 * and `acl.tables` records, each region's entries kept once by log index, ids kept once; and read
 * back, a server's tables at a moment: empty when it started, then the snapshots it restored or
 * installed and the ACL entries it applied (its `raft.apply` records say when), up to then.
 */
import type { TraceRecord } from '../sim/trace.js';
import type { AclRegionEntries, AclTableHistory, AclTableSnapshot, Timeline } from './model.js';
import { firstAfter, firstAtOrAfter } from './search.js';

interface MutableEntries {
  index: number[];
  tokens: number[];
  changes: number[][];
  known: Set<number>;
}

export class AclTableCollector {
  private readonly ids: string[] = [];
  private readonly idIndex = new Map<string, number>();
  private readonly entries = new Map<string, MutableEntries>();
  private readonly snapshots: AclTableSnapshot[] = [];

  private id(name: string): number {
    let n = this.idIndex.get(name);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(name);
      this.idIndex.set(name, n);
    }
    return n;
  }

  /** An ACL entry a server applied (the first server of its region to apply an index tells). */
  applied(record: TraceRecord<'acl.apply'>): void {
    let region = this.entries.get(record.region);
    if (region === undefined) {
      region = { index: [], tokens: [], changes: [], known: new Set() };
      this.entries.set(record.region, region);
    }
    if (region.known.has(record.index)) return;
    region.known.add(record.index);
    region.index.push(record.index);
    region.tokens.push(record.what === 'tokens' ? 1 : 0);
    region.changes.push([
      ...record.upserted.map((name) => this.id(name)),
      ...record.deleted.map((name) => -this.id(name) - 1),
    ]);
  }

  /** A snapshot replaced the tables of the server on (provisional) lane `lane`. */
  restored(record: TraceRecord<'acl.tables'>, lane: number): void {
    this.snapshots.push({
      t: record.t,
      lane,
      index: record.index,
      policies: record.policies.map((name) => this.id(name)),
      tokens: record.tokens.map((name) => this.id(name)),
    });
  }

  /** The history so far, with lanes renumbered by `laneOf` (the collector may read on). */
  finish(laneOf: (provisional: number) => number): AclTableHistory {
    const entries: Record<string, AclRegionEntries> = {};
    for (const [region, e] of this.entries)
      entries[region] = {
        index: e.index.slice(),
        tokens: e.tokens.slice(),
        changes: e.changes.slice(),
      };
    return {
      ids: this.ids.slice(),
      entries,
      snapshots: this.snapshots.map((s) => ({ ...s, lane: laneOf(s.lane) })),
    };
  }
}

/** Per timeline and region: log index → position in its entries (built when first asked). */
const byIndex = new WeakMap<AclTableHistory, Map<string, Map<number, number>>>();

function entryAt(history: AclTableHistory, region: string, index: number): number | undefined {
  let regions = byIndex.get(history);
  if (regions === undefined) {
    regions = new Map();
    byIndex.set(history, regions);
  }
  let positions = regions.get(region);
  if (positions === undefined) {
    positions = new Map();
    const entries = history.entries[region];
    entries?.index.forEach((at, i) => positions?.set(at, i));
    regions.set(region, positions);
  }
  return positions.get(index);
}

/**
 * What the ACL tables of the server on `lane` held at `t`, sorted: the server started at `since`
 * (empty tables, then its log applied again), restored or installed the snapshots it did, and
 * applied the ACL entries its `raft.apply` records name.
 */
export function aclTablesAt(
  timeline: Timeline,
  lane: number,
  since: number,
  t: number,
): { policies: string[]; tokens: string[] } {
  const history = timeline.aclTables;
  const region = timeline.lanes[lane]?.region ?? '';
  const policies = new Set<number>();
  const tokens = new Set<number>();
  // The last snapshot since the start, by `t`: the tables start from it, and only later entries count.
  let from = since;
  let after = 0;
  for (const snapshot of history.snapshots) {
    if (snapshot.t > t) break;
    if (snapshot.lane !== lane || snapshot.t < since) continue;
    policies.clear();
    tokens.clear();
    for (const id of snapshot.policies) policies.add(id);
    for (const id of snapshot.tokens) tokens.add(id);
    from = snapshot.t;
    after = snapshot.index;
  }
  const applies = timeline.logs[lane]?.applies ?? [];
  const records = applies.length / 4;
  const last = firstAfter(records, (i) => applies[i * 4] as number, t);
  for (let i = firstAtOrAfter(records, (k) => applies[k * 4] as number, from); i < last; i++) {
    const index = applies[i * 4 + 1] as number;
    if (index <= after) continue;
    const at = entryAt(history, region, index);
    if (at === undefined) continue;
    const entries = history.entries[region] as AclRegionEntries;
    const set = entries.tokens[at] === 1 ? tokens : policies;
    for (const change of entries.changes[at] ?? []) {
      if (change >= 0) set.add(change);
      else set.delete(-change - 1);
    }
  }
  const names = (set: Set<number>): string[] => [...set].map((id) => history.ids[id] ?? '?').sort();
  return { policies: names(policies), tokens: names(tokens) };
}
