/**
 * Disk records of Raft log entries: every kind of entry comes back equal after being written
 * among others (records share arena chunks, so they start at offsets other than 0), for command
 * data of 0, 10, 70 and 70 000 bytes, and later records never disturb earlier ones.
 */
import { describe, expect, it } from 'vitest';
import { Codec } from '../src/sim/codec.js';
import { decodeLogEntryRecord, encodeLogEntryRecord } from '../src/server/log-entry-record.js';
import type { LogEntry, LogIndex, NodeId, Term } from '../src/raft/index.js';

function command(index: number, length: number): LogEntry {
  const data = Uint8Array.from({ length }, (_, i) => (index + i) % 256);
  return { type: 'command', data, index: index as LogIndex, term: 3 as Term };
}

function plain(entry: LogEntry): unknown {
  return entry.type === 'command' ? { ...entry, data: [...entry.data] } : entry;
}

describe('log entry records', () => {
  it('decode to the entries written, one after another', () => {
    const codec = new Codec();
    const entries: LogEntry[] = [
      command(1, 0),
      command(2, 10),
      command(3, 70),
      { type: 'noop', index: 4 as LogIndex, term: 3 as Term },
      command(5, 70_000),
      {
        type: 'configuration',
        configuration: { voters: ['a:4647' as NodeId, 'b:4647' as NodeId] },
        index: 6 as LogIndex,
        term: 3 as Term,
      },
      command(7, 70),
    ];
    const records = entries.map((entry) => encodeLogEntryRecord(entry, codec));
    expect(records.some((record) => record.byteOffset > 0)).toBe(true);
    records.forEach((record, i) =>
      expect(plain(decodeLogEntryRecord(record, codec))).toEqual(plain(entries[i] as LogEntry)),
    );
  });
});
