/**
 * The ACL side of a run: for every policy and token, each version written in the authoritative
 * region and when each other region's copy arrived (`acl.replicate.object`); the successful ACL
 * writes; every replication round, and the back-off after a failed one (from the failure to the
 * region's next round of the same kind).
 *
 * A copy names the authoritative region's ModifyIndex of the object, which is the index of the
 * Raft entry that wrote it, so the write time is when the authoritative region first applied an
 * `acl.*` entry at that index. The authoritative region is the one the replicators' log lines name
 * (`authoritative_region`). A policy written by name (`PUT /v1/acl/policy/NAME`) is listed even
 * when no copy of it ever arrived; tokens are known by accessor only once a copy arrives.
 */
import type { TraceRecord } from '../sim/trace.js';
import type {
  AclObject,
  AclTimeline,
  AclVersion,
  AclWrite,
  BackOff,
  ReplicationRound,
} from './model.js';

interface MutableVersion {
  action: 'upsert' | 'delete';
  index: number;
  written: number | null;
  /** The region the write executed in (null when only known from a copy). */
  writtenIn: string | null;
  /** When the write's response came back (null when only known from a copy). */
  answered: number | null;
  arrivals: Array<{ region: string; t: number }>;
}

/** An ACL operation as a request names it: `PUT /v1/acl/policy/NAME`, `policy upsert`, `token create`... */
const ACL_OPERATION = /\/v1\/acl\/|^(policy|token) |bootstrap/;
const POLICY_BY_NAME = /^(PUT|POST|DELETE) \/v1\/acl\/policy\/([^/?\s]+)$/;

export class AclHistory {
  private authoritative: string | null = null;
  private readonly objects = new Map<
    string,
    { what: 'policies' | 'tokens'; id: string; versions: MutableVersion[] }
  >();
  /** Earliest apply time of each `acl.*` entry, by region then index. */
  private readonly aclApplies = new Map<string, Map<number, number>>();
  private readonly writes: Array<Omit<AclWrite, 'lane'> & { lane: number }> = [];
  private readonly rounds: ReplicationRound[] = [];

  private object(what: 'policies' | 'tokens', id: string): MutableVersion[] {
    const key = `${what}\u0000${id}`;
    let entry = this.objects.get(key);
    if (entry === undefined) {
      entry = { what, id, versions: [] };
      this.objects.set(key, entry);
    }
    return entry.versions;
  }

  log(record: TraceRecord<'log'>): void {
    const named = record.fields?.authoritative_region;
    if (this.authoritative === null && typeof named === 'string' && named !== '')
      this.authoritative = named;
  }

  applied(record: TraceRecord<'raft.apply'>): void {
    if (!record.type.startsWith('acl')) return;
    let byIndex = this.aclApplies.get(record.region);
    if (byIndex === undefined) {
      byIndex = new Map();
      this.aclApplies.set(record.region, byIndex);
    }
    if (!byIndex.has(record.index)) byIndex.set(record.index, record.t);
  }

  /** A successful response; `lane` is the (provisional) lane that executed it. */
  responded(record: TraceRecord<'client.response'>, lane: number): void {
    if (!record.write || record.status !== 200 || !ACL_OPERATION.test(record.operation)) return;
    this.writes.push({
      t: record.t,
      region: record.region,
      lane,
      operation: record.operation,
      index: record.index,
      request: record.id,
    });
    const byName = POLICY_BY_NAME.exec(record.operation);
    if (byName === null) return;
    const versions = this.object('policies', decodeURIComponent(byName[2] as string));
    if (byName[1] === 'DELETE') {
      versions.push({
        action: 'delete',
        index: 0,
        written: record.t,
        writtenIn: record.region,
        answered: record.t,
        arrivals: [],
      });
      return;
    }
    const known = versions.find((v) => v.action === 'upsert' && v.index === record.index);
    if (known === undefined)
      versions.push({
        action: 'upsert',
        index: record.index,
        written: null,
        writtenIn: record.region,
        answered: record.t,
        arrivals: [],
      });
    else {
      known.writtenIn = record.region;
      known.answered = record.t;
    }
  }

  copied(record: TraceRecord<'acl.replicate.object'>): void {
    const versions = this.object(record.what, record.id);
    const arrival = { region: record.region, t: record.t };
    if (record.action === 'upsert') {
      const version = versions.find((v) => v.action === 'upsert' && v.index === record.remoteIndex);
      if (version === undefined)
        versions.push({
          action: 'upsert',
          index: record.remoteIndex,
          written: null,
          writtenIn: null,
          answered: null,
          arrivals: [arrival],
        });
      else version.arrivals.push(arrival);
      return;
    }
    const last = versions[versions.length - 1];
    if (
      last !== undefined &&
      last.action === 'delete' &&
      !last.arrivals.some((a) => a.region === record.region)
    )
      last.arrivals.push(arrival);
    else
      versions.push({
        action: 'delete',
        index: 0,
        written: null,
        writtenIn: null,
        answered: null,
        arrivals: [arrival],
      });
  }

  round(record: TraceRecord<'acl.replicate'>): void {
    const { t, region, what, upserted, deleted, remoteIndex, error } = record;
    this.rounds.push({ t, region, what, upserted, deleted, remoteIndex, error });
  }

  finish(order: readonly number[], end: number): AclTimeline {
    const authoritative = this.authoritative;
    const appliedAt = (v: MutableVersion): number | null => {
      const region = v.writtenIn ?? authoritative;
      return region === null || v.action === 'delete'
        ? null
        : (this.aclApplies.get(region)?.get(v.index) ?? null);
    };
    const objects: AclObject[] = [...this.objects.values()].map(({ what, id, versions }) => ({
      what,
      id,
      versions: versions
        .map((v): AclVersion => {
          const written = v.written ?? appliedAt(v) ?? v.answered;
          return {
            action: v.action,
            index: v.index,
            written,
            arrivals: [...v.arrivals].sort((a, b) => a.t - b.t),
          };
        })
        .sort((a, b) => firstTime(a) - firstTime(b)),
    }));
    objects.sort(
      (a, b) => firstTime(a.versions[0]) - firstTime(b.versions[0]) || (a.id < b.id ? -1 : 1),
    );
    const backOffs: BackOff[] = [];
    const last = new Map<string, ReplicationRound>();
    for (const round of this.rounds) {
      const key = `${round.region}\u0000${round.what}`;
      const before = last.get(key);
      if (before?.error != null)
        backOffs.push({
          region: before.region,
          what: before.what,
          from: before.t,
          to: round.t,
          error: before.error,
        });
      last.set(key, round);
    }
    for (const round of last.values()) {
      if (round.error !== null && end > round.t)
        backOffs.push({
          region: round.region,
          what: round.what,
          from: round.t,
          to: end,
          error: round.error,
        });
    }
    backOffs.sort((a, b) => a.from - b.from);
    return {
      authoritative,
      objects,
      writes: this.writes.map((w) => ({ ...w, lane: order[w.lane] ?? -1 })),
      rounds: [...this.rounds],
      backOffs,
    };
  }
}

function firstTime(version: AclVersion | undefined): number {
  if (version === undefined) return Number.MAX_SAFE_INTEGER;
  return version.written ?? version.arrivals[0]?.t ?? Number.MAX_SAFE_INTEGER;
}
