/**
 * Context for a violation report: the last trace records before the violation about the regions
 * it concerns. Keeps a ring of the most recent records of a few telling kinds (servers starting
 * and stopping, Raft roles, commits and snapshots, network faults, client answers, ACL
 * replication rounds, warnings and errors in the servers' logs) — not the network messages, which
 * are many and are in the full trace (`--trace FILE`).
 */
import type { Trace, TraceKind, TraceRecord } from '../sim/trace.js';

const KINDS: readonly TraceKind[] = [
  'server.start',
  'server.stop',
  'raft.role',
  'raft.commit',
  'raft.snapshot',
  'net.fault',
  'client.response',
  'acl.replicate',
  'log',
];

const IMPORTANT_LOG_LEVELS = new Set(['WARN', 'ERROR']);

export class RecentEvents {
  private readonly ring: Array<TraceRecord | undefined>;
  private next = 0;
  private readonly detachers: Array<() => void> = [];

  constructor(
    trace: Trace,
    readonly capacity = 500,
  ) {
    this.ring = new Array<TraceRecord | undefined>(capacity);
    const keep = (record: TraceRecord): void => {
      if (record.kind === 'log' && !IMPORTANT_LOG_LEVELS.has((record as TraceRecord<'log'>).level))
        return;
      this.ring[this.next % capacity] = record;
      this.next++;
    };
    for (const kind of KINDS) {
      trace.on(kind, keep);
      this.detachers.push(() => trace.off(kind, keep));
    }
  }

  detach(): void {
    for (const detach of this.detachers.splice(0)) detach();
  }

  /**
   * The last `count` kept records, as trace lines, about `regions` (records without a region,
   * such as network faults, always count); every region when `regions` is empty.
   */
  lastAbout(regions: readonly string[], count: number): string[] {
    const out: string[] = [];
    for (
      let i = this.next - 1;
      i >= Math.max(0, this.next - this.capacity) && out.length < count;
      i--
    ) {
      const record = this.ring[i % this.capacity] as TraceRecord;
      const region = (record as { region?: unknown }).region;
      if (regions.length === 0 || typeof region !== 'string' || regions.includes(region))
        out.push(JSON.stringify(record));
    }
    return out.reverse();
  }
}

/** The region names that `text` (a violation's detail) mentions as words; every region when none. */
export function regionsNamedIn(text: string, regions: readonly string[]): string[] {
  const named = regions.filter((region) =>
    new RegExp(`(^|[^\\w-])${region.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`).test(text),
  );
  return named.length === 0 ? [...regions] : named;
}
