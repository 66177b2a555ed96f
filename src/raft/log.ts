/**
 * A node's in-memory view of its log: the entries still held (contiguous) plus the index and term
 * of the latest snapshot, which stand in for the compacted prefix. It answers "which term is at
 * index i" for the consistency checks and hands out slices to replicate or apply.
 */
import type { LogEntry, LogIndex, Term } from './types.js';

export class RaftLog {
  private entries: LogEntry[];
  private snapshotIndexValue: LogIndex;
  private snapshotTermValue: Term;

  constructor(entries: readonly LogEntry[], snapshotIndex: LogIndex, snapshotTerm: Term) {
    this.entries = entries.slice();
    this.snapshotIndexValue = snapshotIndex;
    this.snapshotTermValue = snapshotTerm;
  }

  get snapshotIndex(): LogIndex {
    return this.snapshotIndexValue;
  }

  get snapshotTerm(): Term {
    return this.snapshotTermValue;
  }

  /** The first index whose entry is held (snapshotIndex + 1 when none are). */
  get firstIndex(): LogIndex {
    const first = this.entries[0];
    return first !== undefined ? first.index : ((this.snapshotIndexValue + 1) as LogIndex);
  }

  get lastIndex(): LogIndex {
    const last = this.entries[this.entries.length - 1];
    return last !== undefined && last.index > this.snapshotIndexValue
      ? last.index
      : this.snapshotIndexValue;
  }

  get lastTerm(): Term {
    return this.termAt(this.lastIndex) as Term;
  }

  /** The entry at `index`, or undefined when compacted away or not (yet) in the log. */
  entryAt(index: number): LogEntry | undefined {
    const first = this.entries[0];
    if (first === undefined || index < first.index) return undefined;
    return this.entries[index - first.index];
  }

  /** The term at `index`: 0 at index 0, known at the snapshot index, else from the held entries. */
  termAt(index: number): Term | undefined {
    if (index === 0) return 0 as Term;
    const entry = this.entryAt(index);
    if (entry !== undefined) return entry.term;
    if (index === this.snapshotIndexValue) return this.snapshotTermValue;
    return undefined;
  }

  /** Entries in [from, through], which must all be held. */
  slice(from: number, through: number): LogEntry[] {
    if (through < from) return [];
    const first = this.entries[0];
    if (first === undefined || from < first.index || through > this.lastIndex) {
      throw new Error(
        `RaftLog.slice(${from}, ${through}) outside held entries [${this.firstIndex}, ${this.lastIndex}]`,
      );
    }
    return this.entries.slice(from - first.index, through - first.index + 1);
  }

  /** The first held index whose entry has `term`, scanning back from `index` (for conflict hints). */
  firstIndexOfTerm(term: Term, index: LogIndex): LogIndex {
    let at = index;
    while (at - 1 >= this.firstIndex && this.termAt(at - 1) === term) at = (at - 1) as LogIndex;
    return at;
  }

  /** The last held index whose entry has `term`, or null (for the leader's backtracking). */
  lastIndexOfTerm(term: Term): LogIndex | null {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i] as LogEntry;
      if (entry.term === term) return entry.index;
      if (entry.term < term) return null;
    }
    return null;
  }

  /** Appends entries that continue the log. */
  append(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      if (entry.index !== this.lastIndex + 1) {
        throw new Error(
          `RaftLog.append: entry ${entry.index} does not follow last index ${this.lastIndex}`,
        );
      }
      this.entries.push(entry);
    }
  }

  /** Drops entries with index >= `from`. */
  truncateFrom(from: LogIndex): void {
    if (from <= this.snapshotIndexValue)
      throw new Error(`RaftLog.truncateFrom(${from}) would cut into the snapshot`);
    const first = this.entries[0];
    if (first === undefined) return;
    this.entries.length = Math.max(0, from - first.index);
  }

  /** Records a newer snapshot and drops entries with index <= `deleteThrough`. */
  compact(snapshotIndex: LogIndex, snapshotTerm: Term, deleteThrough: LogIndex): void {
    this.snapshotIndexValue = snapshotIndex;
    this.snapshotTermValue = snapshotTerm;
    const first = this.entries[0];
    if (first === undefined || deleteThrough < first.index) return;
    this.entries = this.entries.slice(deleteThrough - first.index + 1);
  }
}
