/**
 * The on-disk record of one Raft log entry. Every server writes one per entry it appends, so the
 * common case, a command entry, gets a compact fixed layout instead of a msgpackr encoding (that
 * encoding was a few percent of a simulation under write load):
 *
 *   byte 0      1 (command)
 *   bytes 1–8   index, float64 big-endian
 *   bytes 9–16  term, float64 big-endian
 *   bytes 17–   the command's data, as is
 *
 * Other entries (noop, configuration) are rare and keep the codec: byte 0 is 0, then msgpackr.
 * Decoding gives back an entry with the same fields in the same order as the one written.
 */
import type { Codec } from '../sim/codec.js';
import { ByteArena } from '../sim/byte-arena.js';
import type { LogEntry, LogIndex, Term } from '../raft/index.js';

const ENCODED = 0;
const COMMAND = 1;
const HEADER = 17;

/** Records outlive this call (they sit on the disk), so they come from an arena: see ByteArena. */
const arena = new ByteArena();

/**
 * Node's Buffer where there is one: a command's data is then a Buffer view, as msgpackr's decoder
 * gives for binary data under Node (and reads strings out of faster). A browser has none; there
 * the data is a plain Uint8Array view, which is what msgpackr gives there.
 */
const hostBuffer = (
  globalThis as {
    Buffer?: { from(buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array };
  }
).Buffer;

/** Scratch space for the two numbers of a header, reused so that an encode allocates only its record. */
const numbers = new DataView(new ArrayBuffer(16));
const numberBytes = new Uint8Array(numbers.buffer);

/** Encodes `entry` as one disk record. */
export function encodeLogEntryRecord(entry: LogEntry, codec: Codec): Uint8Array {
  if (entry.type !== 'command') {
    const body = codec.encode(entry);
    const record = new Uint8Array(body.length + 1);
    record[0] = ENCODED;
    record.set(body, 1);
    return record;
  }
  const record = arena.allocate(HEADER + entry.data.length);
  numbers.setFloat64(0, entry.index);
  numbers.setFloat64(8, entry.term);
  record[0] = COMMAND;
  record.set(numberBytes, 1);
  record.set(entry.data, HEADER);
  return record;
}

/** Decodes a record written by `encodeLogEntryRecord`. */
export function decodeLogEntryRecord(record: Uint8Array, codec: Codec): LogEntry {
  if (record[0] !== COMMAND) return codec.decode<LogEntry>(record.subarray(1));
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  return {
    type: 'command',
    // A view, as msgpackr's decoder gives for binary data (records are never modified in place).
    data:
      hostBuffer?.from(record.buffer, record.byteOffset + HEADER, record.byteLength - HEADER) ??
      record.subarray(HEADER),
    index: view.getFloat64(1) as LogIndex,
    term: view.getFloat64(9) as Term,
  };
}
