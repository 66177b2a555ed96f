/**
 * Follows each server's Raft role and term through `raft.role`, `server.stop` and `server.start`
 * records and cuts them into spans (one role and term each). A stopped server is `down` until it
 * starts again; a started server is a follower of its last known term until its first
 * `raft.role` says otherwise (Raft restarts as a follower with its persisted term). Leaderships
 * are the leader spans, labelled with their region.
 */
import type { Leadership, Lane, RoleName, RoleSpan } from './model.js';

interface Open {
  role: RoleName;
  term: number;
  from: number;
}

export class RoleTracker {
  private readonly open = new Map<number, Open>();
  private readonly spans: RoleSpan[] = [];

  private change(lane: number, t: number, role: RoleName, term: number): void {
    const current = this.open.get(lane);
    if (current !== undefined) {
      if (current.role === role && current.term === term) return;
      if (t > current.from)
        this.spans.push({
          lane,
          from: current.from,
          to: t,
          role: current.role,
          term: current.term,
        });
    }
    this.open.set(lane, { role, term, from: t });
  }

  role(lane: number, t: number, role: RoleName, term: number): void {
    this.change(lane, t, role, term);
  }

  stopped(lane: number, t: number): void {
    this.change(lane, t, 'down', this.open.get(lane)?.term ?? 0);
  }

  started(lane: number, t: number): void {
    this.change(lane, t, 'follower', this.open.get(lane)?.term ?? 0);
  }

  /** Spans renumbered by `order`, closed at `end`, sorted by lane then time. */
  finish(order: readonly number[], end: number): RoleSpan[] {
    const all = [...this.spans];
    for (const [lane, o] of this.open)
      all.push({ lane, from: o.from, to: Math.max(end, o.from), role: o.role, term: o.term });
    return all
      .map((s) => ({ ...s, lane: order[s.lane] as number }))
      .sort((a, b) => a.lane - b.lane || a.from - b.from);
  }
}

/** The leaderships among `spans` (leader spans with their region), in time order. */
export function leadershipsOf(spans: readonly RoleSpan[], lanes: readonly Lane[]): Leadership[] {
  return spans
    .filter((s) => s.role === 'leader')
    .map((s) => ({
      region: lanes[s.lane]?.region ?? '',
      term: s.term,
      lane: s.lane,
      from: s.from,
      to: s.to,
    }))
    .sort((a, b) => a.from - b.from || a.lane - b.lane);
}
