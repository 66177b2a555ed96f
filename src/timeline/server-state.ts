/**
 * A server's state at a moment, derived from the timeline (and so from the trace): whether it
 * runs, its role and term, its commit and applied index since it last started, its latest
 * snapshot, and the tail of its log. The log tail holds the entries it applied since it started
 * (a restarted server applies its log again from the start or its snapshot) and, for a leader,
 * the entries it appended itself and has not applied yet; a follower's entries past its applied
 * index are not in the trace. Also its latest vote, the config file it started with, and its ACL
 * tables (policy names and token AccessorIDs), and who led a region at a moment.
 */
import type {
  ConfigEvent,
  Lane,
  RoleName,
  RoleSpan,
  SnapshotEvent,
  Timeline,
  VoteEvent,
} from './model.js';
import { firstAfter, lastRecordAtOrBefore } from './search.js';
import { aclTablesAt } from './acl-tables.js';

export interface LogTailEntry {
  readonly index: number;
  readonly term: number;
  readonly type: string;
  readonly applied: boolean;
}

export interface ServerState {
  readonly lane: Lane;
  readonly t: number;
  /** Null before the server's first record. */
  readonly role: RoleName | null;
  readonly term: number | null;
  /** When the server last started (null: not started by then). */
  readonly startedAt: number | null;
  readonly commitIndex: number | null;
  readonly appliedIndex: number | null;
  readonly snapshot: SnapshotEvent | null;
  readonly log: LogTailEntry[];
  /** The leader of the server's region at `t` (a lane index), or -1. */
  readonly regionLeader: number;
  /** Its latest vote by `t` (votes are persisted: they outlive restarts), or null. */
  readonly vote: VoteEvent | null;
  /** The config file it last started with, by `t`, or null. */
  readonly config: ConfigEvent | null;
  /** What its ACL tables held at `t`, sorted (null while it is not running). */
  readonly acl: { readonly policies: string[]; readonly tokens: string[] } | null;
}

/** The role span of `lane` at `t` (spans are sorted by lane then time, each from `from` until the next), or null. */
export function roleAt(timeline: Timeline, lane: number, t: number): RoleSpan | null {
  const spans = timeline.roles;
  const keyOf = (i: number): number => {
    const s = spans[i] as RoleSpan;
    return s.lane < lane ? -Infinity : s.lane > lane ? Infinity : s.from;
  };
  const position = firstAfter(spans.length, keyOf, t) - 1;
  const span = spans[position];
  if (span === undefined || span.lane !== lane || t > span.to) return null;
  return span;
}

/** The lane that led `region` at `t` (the highest term when an old leader has not yet heard of a new one), or -1. */
export function leaderAt(timeline: Timeline, region: string, t: number): number {
  const group = timeline.regions.find((g) => g.name === region);
  let best: RoleSpan | null = null;
  for (const lane of group?.lanes ?? []) {
    const span = roleAt(timeline, lane, t);
    if (span !== null && span.role === 'leader' && (best === null || span.term > best.term))
      best = span;
  }
  return best?.lane ?? -1;
}

/** How many log entries the state shows. */
export const LOG_TAIL = 8;

export function serverStateAt(timeline: Timeline, lane: number, t: number): ServerState {
  const info = timeline.lanes[lane];
  if (info === undefined) throw new RangeError(`no lane ${lane}`);
  const span = roleAt(timeline, lane, t);
  const startedAt = lastStart(timeline, lane, t);
  const log = timeline.logs[lane] ?? { commits: [], applies: [], appends: [], appendTypes: [] };
  const since = startedAt ?? -Infinity;
  const commit = lastRecordAtOrBefore(log.commits, 2, t);
  const commitIndex =
    commit >= 0 && (log.commits[commit] as number) >= since && span?.role !== 'down'
      ? (log.commits[commit + 1] as number)
      : null;
  const apply = lastRecordAtOrBefore(log.applies, 4, t);
  const appliedIndex =
    apply >= 0 && (log.applies[apply] as number) >= since && span?.role !== 'down'
      ? (log.applies[apply + 1] as number)
      : null;
  const snapshot =
    [...timeline.snapshots].reverse().find((s) => s.lane === lane && s.t <= t) ?? null;
  const entries = new Map<number, LogTailEntry>();
  if (span !== null && span.role !== 'down') {
    for (
      let at = apply;
      at >= 0 && (log.applies[at] as number) >= since && entries.size < LOG_TAIL;
      at -= 4
    ) {
      const index = log.applies[at + 1] as number;
      if (entries.has(index)) continue;
      entries.set(index, {
        index,
        term: log.applies[at + 2] as number,
        type: timeline.entryTypes[log.applies[at + 3] as number] ?? '?',
        applied: true,
      });
    }
    const appliedUpTo = appliedIndex ?? 0;
    const append = lastRecordAtOrBefore(log.appends, 4, t);
    for (let at = append; at >= 0 && (log.appends[at] as number) >= since; at -= 4) {
      const first = log.appends[at + 1] as number;
      const last = log.appends[at + 2] as number;
      const term = log.appends[at + 3] as number;
      if (last <= appliedUpTo) break;
      const types = log.appendTypes[at / 4] ?? [];
      for (let index = Math.max(first, appliedUpTo + 1); index <= last; index++) {
        // A later append (scanned first) overwrites an earlier one at the same index.
        if (!entries.has(index))
          entries.set(index, {
            index,
            term,
            type: timeline.entryTypes[types[index - first] ?? -1] ?? '?',
            applied: false,
          });
      }
    }
  }
  const tail = [...entries.values()].sort((a, b) => a.index - b.index).slice(-LOG_TAIL);
  const running = span !== null && span.role !== 'down' && startedAt !== null;
  return {
    lane: info,
    t,
    role: span?.role ?? null,
    term: span?.term ?? null,
    startedAt,
    commitIndex,
    appliedIndex,
    snapshot,
    log: tail,
    regionLeader: info.region === null ? -1 : leaderAt(timeline, info.region, t),
    vote: lastOf(timeline.votes, lane, t),
    config: lastOf(timeline.configs, lane, t),
    acl: running ? aclTablesAt(timeline, lane, startedAt, t) : null,
  };
}

/** The last event of `lane` at or before `t` in `events` (in time order), or null. */
function lastOf<E extends { readonly t: number; readonly lane: number }>(
  events: readonly E[],
  lane: number,
  t: number,
): E | null {
  let found: E | null = null;
  for (const e of events) {
    if (e.t > t) break;
    if (e.lane === lane) found = e;
  }
  return found;
}

function lastStart(timeline: Timeline, lane: number, t: number): number | null {
  let found: number | null = null;
  for (const e of timeline.life) {
    if (e.t > t) break;
    if (e.lane === lane && e.what === 'start') found = e.t;
  }
  return found;
}
