/**
 * Where a server keeps its Raft state on its simulated disk, and how a restart reads it back.
 *
 * Layout under the server data dir (`<data_dir>/server/raft/`):
 * - `meta`: the current term and vote (replaced on every change);
 * - `log`: one record per log entry (see log-entry-record.ts), in index order (appended; truncated on conflicts; rewritten
 *   when a snapshot compacts the log);
 * - `snapshot`: the latest snapshot with its Raft metadata.
 * Writes are not durable until `sync`; the server syncs after each persist effect, before running
 * the effects that follow it (see effect-runner.ts).
 */
import type { SimDisk } from '../sim/disk.js';
import type { Codec } from '../sim/codec.js';
import {
  EMPTY_PERSISTED_STATE,
  type LogEntry,
  type NodeId,
  type PersistEffect,
  type PersistedRaftState,
  type RaftSnapshot,
  type Term,
} from '../raft/index.js';
import { decodeLogEntryRecord, encodeLogEntryRecord } from './log-entry-record.js';

interface MetaRecord {
  term: number;
  votedFor: string | null;
}

export class RaftDiskStore {
  private readonly metaPath: string;
  private readonly logPath: string;
  private readonly snapshotPath: string;
  /** Index of the entry held by the first record of the log file (when it has records). */
  private firstRecordIndex = 1;

  constructor(
    private readonly disk: SimDisk,
    raftDir: string,
    private readonly codec: Codec,
  ) {
    this.metaPath = `${raftDir}/meta`;
    this.logPath = `${raftDir}/log`;
    this.snapshotPath = `${raftDir}/snapshot`;
  }

  /** Whether the server has any Raft state on disk (it has run before). */
  hasState(): boolean {
    return (
      this.disk.exists(this.metaPath) ||
      this.disk.exists(this.logPath) ||
      this.disk.exists(this.snapshotPath)
    );
  }

  /** Reads the persisted state back, as a restarting server does. */
  load(): PersistedRaftState {
    const metaBytes = this.disk.read(this.metaPath);
    const meta = metaBytes === undefined ? null : this.codec.decode<MetaRecord>(metaBytes);
    const snapshotBytes = this.disk.read(this.snapshotPath);
    const snapshot =
      snapshotBytes === undefined ? null : this.codec.decode<RaftSnapshot>(snapshotBytes);
    const entries = this.disk
      .records(this.logPath)
      .map((record) => decodeLogEntryRecord(record, this.codec));
    this.firstRecordIndex = entries[0]?.index ?? (snapshot?.index ?? 0) + 1;
    if (meta === null && snapshot === null && entries.length === 0) return EMPTY_PERSISTED_STATE;
    return {
      term: (meta?.term ?? 0) as Term,
      votedFor: (meta?.votedFor ?? null) as NodeId | null,
      snapshot,
      entries,
    };
  }

  /** Writes one persist effect (not yet durable). Returns the paths to sync. */
  write(effect: PersistEffect): string[] {
    switch (effect.type) {
      case 'persistState': {
        const record: MetaRecord = { term: effect.term, votedFor: effect.votedFor };
        this.disk.write(this.metaPath, this.codec.encode(record));
        return [this.metaPath];
      }
      case 'persistEntries':
        this.writeEntries(effect.truncateFrom, effect.entries);
        return [this.logPath];
      case 'persistSnapshot':
        this.disk.write(this.snapshotPath, this.codec.encode(effect.snapshot));
        this.dropEntriesThrough(effect.deleteLogThrough);
        return [this.snapshotPath, this.logPath];
    }
  }

  /** Makes the given paths durable. */
  sync(paths: readonly string[]): void {
    for (const path of paths) this.disk.sync(path);
  }

  private writeEntries(truncateFrom: number | null, entries: readonly LogEntry[]): void {
    const records = this.disk.records(this.logPath).length;
    if (truncateFrom !== null) {
      this.disk.truncateRecords(this.logPath, Math.max(0, truncateFrom - this.firstRecordIndex));
    }
    if (records === 0 || this.disk.records(this.logPath).length === 0) {
      const first = entries[0];
      if (first !== undefined) this.firstRecordIndex = first.index;
    }
    for (const entry of entries)
      this.disk.appendOwned(this.logPath, encodeLogEntryRecord(entry, this.codec));
  }

  private dropEntriesThrough(through: number): void {
    const records = this.disk.records(this.logPath);
    const keepFrom = Math.max(0, through - this.firstRecordIndex + 1);
    if (keepFrom === 0) return;
    const kept = records.slice(keepFrom);
    this.disk.delete(this.logPath);
    // Records are never modified once written, so the kept ones move over without a copy.
    for (const record of kept) this.disk.appendOwned(this.logPath, record);
    this.firstRecordIndex = through + 1;
  }
}
