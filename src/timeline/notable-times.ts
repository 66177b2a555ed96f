/**
 * The moments "step to the next event" stops at: role and term changes, starts, stops and
 * crashes, snapshots, partitions and their heals, loss and duplication changes, client requests
 * and responses, ACL writes, copies arriving, replication rounds that failed, and transcript
 * steps. Messages are left out: there are too many of them to step through.
 */
import type { Timeline } from './model.js';
import { firstAfter } from './search.js';

/** Every notable moment of the run, sorted, without repeats. */
export function notableTimes(timeline: Timeline): number[] {
  const times: number[] = [];
  for (const s of timeline.roles) times.push(s.from);
  for (const e of timeline.life) times.push(e.t);
  for (const e of timeline.snapshots) times.push(e.t);
  for (const p of timeline.partitions) times.push(p.from, p.to);
  for (const n of timeline.network) times.push(n.from, n.to);
  for (const r of timeline.requests) {
    times.push(r.t);
    if (r.end !== null) times.push(r.end);
  }
  for (const w of timeline.acl.writes) times.push(w.t);
  for (const o of timeline.acl.objects)
    for (const v of o.versions) for (const a of v.arrivals) times.push(a.t);
  for (const r of timeline.acl.rounds) if (r.error !== null) times.push(r.t);
  for (const l of timeline.transcript) times.push(l.t);
  times.sort((a, b) => a - b);
  return times.filter((t, i) => i === 0 || t !== times[i - 1]);
}

/** The first notable time after `t`, or null. */
export function nextNotable(times: readonly number[], t: number): number | null {
  return times[firstAfter(times.length, (i) => times[i] as number, t)] ?? null;
}

/** The last notable time before `t`, or null. */
export function previousNotable(times: readonly number[], t: number): number | null {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : (times[lo - 1] as number);
}
