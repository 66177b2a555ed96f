/**
 * The bytes of the Raft messages servers send most: AppendEntries, heartbeats and their replies.
 * They are most of a region's traffic (about 20 per write, 5–7 per second per follower when
 * idle), and msgpackr spent 1.5–4 µs on each; this fixed layout takes a fraction of that. Other
 * Raft messages (votes, snapshots, TimeoutNow) are rare and stay with msgpackr.
 *
 * Layout (numbers little-endian; terms and indexes as float64, so any safe integer fits):
 *
 *   0xc1, format id, message type, sender (u16 id), term (f64), then per type:
 *   heartbeat              leaderCommit
 *   heartbeatResponse      (nothing)
 *   appendEntriesResponse  success (u8), matchIndex, rejectedIndex, conflictIndex,
 *                          conflictTerm (u8 present + f64)
 *   appendEntries          prevLogIndex, prevLogTerm, leaderCommit, entry count (u32), entries:
 *                          kind (u8), index, term, then for a command its data length (u32) and
 *                          bytes, for a configuration its voter count (u16) and voter ids (u16)
 *
 * Node ids travel as small numbers from a table the format instance keeps, the way msgpackr's
 * shared structures table works: sender and receiver share the codec of their simulation. The
 * table only ever grows and holds strings, so nothing mutable is shared between servers.
 * Decoded messages and entries have the fields, in the same order, that the Raft node writes;
 * command data arrives as a Uint8Array (a view into the received bytes, or a copy when small).
 */
import { CUSTOM_FORMAT_MARKER, type CustomFormat } from '../sim/codec.js';
import { ByteArena, ON_HEAP_BYTES } from '../sim/byte-arena.js';
import type {
  AppendEntriesMessage,
  AppendEntriesResponseMessage,
  HeartbeatMessage,
  HeartbeatResponseMessage,
  LogEntry,
  LogIndex,
  NodeId,
  Term,
} from '../replication/raft/index.js';

export const RAFT_WIRE_FORMAT_ID = 1;

const APPEND_ENTRIES = 1;
const APPEND_ENTRIES_RESPONSE = 2;
const HEARTBEAT = 3;
const HEARTBEAT_RESPONSE = 4;

const ENTRY_COMMAND = 1;
const ENTRY_NOOP = 2;
const ENTRY_CONFIGURATION = 3;

/** Marker, format id, type, sender id, term. */
const HEAD = 3 + 2 + 8;
const ENTRY_HEAD = 1 + 8 + 8;
const MAX_IDS = 0xffff;

type WireMessage = AppendEntriesMessage | AppendEntriesResponseMessage | HeartbeatMessage | HeartbeatResponseMessage;

/** Creates the format for one codec (one simulation): its node-id table starts empty. */
export function createRaftWireFormat(): CustomFormat {
  const ids: NodeId[] = [];
  const idNumbers = new Map<string, number>();
  // Messages are written into (and small ones read from) this scratch space and copied out at
  // their length. V8 keeps typed arrays of up to 64 bytes on its heap; asking one for its
  // `.buffer` (as a DataView over it would) moves it off the heap, which cost more than the
  // whole encoding. Copies of small arrays stay cheap.
  let scratch = new DataView(new ArrayBuffer(1024));
  let scratchBytes = new Uint8Array(scratch.buffer);
  const reserve = (size: number): void => {
    if (size <= scratchBytes.length) return;
    scratch = new DataView(new ArrayBuffer(Math.max(size, 2 * scratchBytes.length)));
    scratchBytes = new Uint8Array(scratch.buffer);
  };
  /** A DataView from which to read `bytes`: the scratch space holding a copy of them. */
  const readable = (bytes: Uint8Array): DataView => {
    reserve(bytes.length);
    scratchBytes.set(bytes);
    return scratch;
  };

  const idNumber = (id: NodeId): number => {
    let n = idNumbers.get(id);
    if (n === undefined) {
      if (ids.length > MAX_IDS) throw new RangeError('raft wire format: more than 65535 node ids');
      n = ids.length;
      ids.push(id);
      idNumbers.set(id, n);
    }
    return n;
  };
  const idAt = (n: number): NodeId => {
    const id = ids[n];
    if (id === undefined) throw new RangeError(`raft wire format: unknown node id number ${n}`);
    return id;
  };

  const writeHead = (view: DataView, type: number, message: WireMessage): void => {
    view.setUint8(0, CUSTOM_FORMAT_MARKER);
    view.setUint8(1, RAFT_WIRE_FORMAT_ID);
    view.setUint8(2, type);
    view.setUint16(3, idNumber(message.from), true);
    view.setFloat64(5, message.term, true);
  };

  // Longer messages (AppendEntries with entries) are copied into arena slices (see ByteArena).
  const arena = new ByteArena();
  const copyOut = (length: number): Uint8Array => {
    if (length <= ON_HEAP_BYTES) return scratchBytes.slice(0, length);
    return arena.copy(scratchBytes.subarray(0, length));
  };


  const encodeHeartbeat = (message: HeartbeatMessage): Uint8Array => {
    writeHead(scratch, HEARTBEAT, message);
    scratch.setFloat64(HEAD, message.leaderCommit, true);
    return copyOut(HEAD + 8);
  };

  const encodeHeartbeatResponse = (message: HeartbeatResponseMessage): Uint8Array => {
    writeHead(scratch, HEARTBEAT_RESPONSE, message);
    return copyOut(HEAD);
  };

  const encodeAppendEntriesResponse = (message: AppendEntriesResponseMessage): Uint8Array => {
    writeHead(scratch, APPEND_ENTRIES_RESPONSE, message);
    scratch.setUint8(HEAD, message.success ? 1 : 0);
    scratch.setFloat64(HEAD + 1, message.matchIndex, true);
    scratch.setFloat64(HEAD + 9, message.rejectedIndex, true);
    scratch.setFloat64(HEAD + 17, message.conflictIndex, true);
    scratch.setUint8(HEAD + 25, message.conflictTerm === null ? 0 : 1);
    scratch.setFloat64(HEAD + 26, message.conflictTerm ?? 0, true);
    return copyOut(HEAD + 34);
  };

  const entrySize = (entry: LogEntry): number => {
    if (entry.type === 'command') return ENTRY_HEAD + 4 + entry.data.length;
    if (entry.type === 'configuration') return ENTRY_HEAD + 2 + 2 * entry.configuration.voters.length;
    return ENTRY_HEAD;
  };

  const writeEntry = (view: DataView, at: number, entry: LogEntry): number => {
    view.setFloat64(at + 1, entry.index, true);
    view.setFloat64(at + 9, entry.term, true);
    let offset = at + ENTRY_HEAD;
    if (entry.type === 'command') {
      view.setUint8(at, ENTRY_COMMAND);
      view.setUint32(offset, entry.data.length, true);
      scratchBytes.set(entry.data, offset + 4);
      return offset + 4 + entry.data.length;
    }
    if (entry.type === 'noop') {
      view.setUint8(at, ENTRY_NOOP);
      return offset;
    }
    view.setUint8(at, ENTRY_CONFIGURATION);
    view.setUint16(offset, entry.configuration.voters.length, true);
    offset += 2;
    for (const voter of entry.configuration.voters) {
      view.setUint16(offset, idNumber(voter), true);
      offset += 2;
    }
    return offset;
  };

  const encodeAppendEntries = (message: AppendEntriesMessage): Uint8Array => {
    let size = HEAD + 28;
    for (const entry of message.entries) size += entrySize(entry);
    reserve(size);
    const view = scratch;
    writeHead(view, APPEND_ENTRIES, message);
    view.setFloat64(HEAD, message.prevLogIndex, true);
    view.setFloat64(HEAD + 8, message.prevLogTerm, true);
    view.setFloat64(HEAD + 16, message.leaderCommit, true);
    view.setUint32(HEAD + 24, message.entries.length, true);
    let offset = HEAD + 28;
    for (const entry of message.entries) offset = writeEntry(view, offset, entry);
    return copyOut(size);
  };

  const readEntry = (view: DataView, bytes: Uint8Array, at: number): { entry: LogEntry; next: number } => {
    const kind = view.getUint8(at);
    const index = view.getFloat64(at + 1, true) as LogIndex;
    const term = view.getFloat64(at + 9, true) as Term;
    let offset = at + ENTRY_HEAD;
    if (kind === ENTRY_COMMAND) {
      const length = view.getUint32(offset, true);
      // Small messages live on V8's heap, where a copy is cheapest; larger ones came from an
      // arena, so a view costs nothing (and nothing ever writes to those bytes).
      const end = offset + 4 + length;
      const data = bytes.length <= ON_HEAP_BYTES ? bytes.slice(offset + 4, end) : bytes.subarray(offset + 4, end);
      return { entry: { type: 'command', data, index, term }, next: offset + 4 + length };
    }
    if (kind === ENTRY_NOOP) return { entry: { type: 'noop', index, term }, next: offset };
    if (kind !== ENTRY_CONFIGURATION) throw new RangeError(`raft wire format: unknown entry kind ${kind}`);
    const count = view.getUint16(offset, true);
    offset += 2;
    const voters: NodeId[] = [];
    for (let i = 0; i < count; i++, offset += 2) voters.push(idAt(view.getUint16(offset, true)));
    return { entry: { type: 'configuration', configuration: { voters }, index, term }, next: offset };
  };

  const decodeAppendEntries = (view: DataView, bytes: Uint8Array, from: NodeId, term: Term): AppendEntriesMessage => {
    const prevLogIndex = view.getFloat64(HEAD, true) as LogIndex;
    const prevLogTerm = view.getFloat64(HEAD + 8, true) as Term;
    const leaderCommit = view.getFloat64(HEAD + 16, true) as LogIndex;
    const count = view.getUint32(HEAD + 24, true);
    const entries: LogEntry[] = [];
    let offset = HEAD + 28;
    for (let i = 0; i < count; i++) {
      const { entry, next } = readEntry(view, bytes, offset);
      entries.push(entry);
      offset = next;
    }
    return { type: 'appendEntries', from, term, prevLogIndex, prevLogTerm, entries, leaderCommit };
  };

  const decodeAppendEntriesResponse = (view: DataView, from: NodeId, term: Term): AppendEntriesResponseMessage => ({
    type: 'appendEntriesResponse',
    from,
    term,
    success: view.getUint8(HEAD) === 1,
    matchIndex: view.getFloat64(HEAD + 1, true) as LogIndex,
    rejectedIndex: view.getFloat64(HEAD + 9, true) as LogIndex,
    conflictIndex: view.getFloat64(HEAD + 17, true) as LogIndex,
    conflictTerm: view.getUint8(HEAD + 25) === 0 ? null : (view.getFloat64(HEAD + 26, true) as Term),
  });

  return {
    id: RAFT_WIRE_FORMAT_ID,
    tryEncode(value: unknown): Uint8Array | undefined {
      if (typeof value !== 'object' || value === null) return undefined;
      const message = value as WireMessage & { k?: unknown };
      if (message.k !== undefined || typeof message.from !== 'string') return undefined;
      switch (message.type) {
        case 'appendEntries':
          return encodeAppendEntries(message);
        case 'appendEntriesResponse':
          return encodeAppendEntriesResponse(message);
        case 'heartbeat':
          return encodeHeartbeat(message);
        case 'heartbeatResponse':
          return encodeHeartbeatResponse(message);
        default:
          return undefined;
      }
    },
    decode(bytes: Uint8Array): WireMessage {
      const view = readable(bytes);
      const type = view.getUint8(2);
      const from = idAt(view.getUint16(3, true));
      const term = view.getFloat64(5, true) as Term;
      switch (type) {
        case APPEND_ENTRIES:
          return decodeAppendEntries(view, bytes, from, term);
        case APPEND_ENTRIES_RESPONSE:
          return decodeAppendEntriesResponse(view, from, term);
        case HEARTBEAT:
          return { type: 'heartbeat', from, term, leaderCommit: view.getFloat64(HEAD, true) as LogIndex };
        case HEARTBEAT_RESPONSE:
          return { type: 'heartbeatResponse', from, term };
        default:
          throw new RangeError(`raft wire format: unknown message type ${type}`);
      }
    },
  };
}
