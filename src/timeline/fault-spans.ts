/**
 * Network faults over time from `net.fault` records: each partition from its cut to its heal
 * (partitions are numbered from 1 in the order they were cut, which is the id `heal` names), and
 * the stretches of message loss and duplication. A partition's sides are read from `names` (the
 * endpoint names lanes use), or from `between` (addresses) in traces written before `names`
 * existed, where they may match no lane.
 */
import type { TraceRecord } from '../sim/trace.js';
import type { NetworkSpan, PartitionSpan } from './model.js';

interface OpenPartition {
  id: number;
  from: number;
  oneWay: boolean;
  names: [string[], string[]];
}

export class FaultTracker {
  private nextId = 1;
  private readonly open: OpenPartition[] = [];
  private readonly closed: Array<OpenPartition & { to: number }> = [];
  private readonly level = { loss: { value: 0, from: 0 }, duplicate: { value: 0, from: 0 } };
  private readonly network: NetworkSpan[] = [];

  add(record: TraceRecord<'net.fault'>): void {
    const { t, what } = record;
    if (what === 'partition' || what === 'partition-one-way') {
      const sides = record.names ?? record.between ?? [[], []];
      this.open.push({
        id: this.nextId++,
        from: t,
        oneWay: what === 'partition-one-way',
        names: [[...(sides[0] ?? [])], [...(sides[1] ?? [])]],
      });
    } else if (what === 'heal' || what === 'heal-all') {
      for (let i = this.open.length - 1; i >= 0; i--) {
        const p = this.open[i] as OpenPartition;
        if (what === 'heal-all' || p.id === record.value) {
          this.closed.push({ ...p, to: t });
          this.open.splice(i, 1);
        }
      }
    } else if (what === 'loss' || what === 'duplicate') {
      this.setLevel(what, t, record.value ?? 0);
    }
  }

  private setLevel(what: 'loss' | 'duplicate', t: number, value: number): void {
    const current = this.level[what];
    if (current.value === value) return;
    if (current.value > 0 && t > current.from)
      this.network.push({ what, from: current.from, to: t, value: current.value });
    this.level[what] = { value, from: t };
  }

  /**
   * Partitions (sides mapped to final lanes by `laneOf`) and loss/duplicate spans, closed at `end`;
   * the tracker is left as it was, so more records may follow.
   */
  finish(
    laneOf: (name: string) => number,
    end: number,
  ): { partitions: PartitionSpan[]; network: NetworkSpan[] } {
    const all = [...this.closed, ...this.open.map((p) => ({ ...p, to: end }))].sort(
      (a, b) => a.id - b.id,
    );
    const lanesOf = (names: string[]): number[] => names.map(laneOf).filter((l) => l >= 0);
    const partitions = all.map((p) => ({
      id: p.id,
      from: p.from,
      to: p.to,
      oneWay: p.oneWay,
      sides: [lanesOf(p.names[0]), lanesOf(p.names[1])] as [number[], number[]],
      names: p.names,
    }));
    // Loss or duplication still in force lasts to `end` (the tracker itself stays open for more records).
    const network = [...this.network];
    for (const what of ['loss', 'duplicate'] as const) {
      const current = this.level[what];
      if (current.value > 0 && end > current.from)
        network.push({ what, from: current.from, to: end, value: current.value });
    }
    network.sort((a, b) => a.from - b.from);
    return { partitions, network };
  }
}
