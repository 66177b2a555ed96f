/**
 * The bytes of the Raft messages servers send most: AppendEntries, heartbeats and their replies.
 * They are most of a region's traffic (about 20 per write, 5–7 per second per follower when
 * idle), and msgpackr spent 1.5–4 µs on each; this fixed layout takes a fraction of that. Other
 * Raft messages (votes, snapshots, TimeoutNow) are rare and stay with msgpackr. Only the server's
 * Raft send path offers messages to this format (`codec.encode(message, RAFT_WIRE_FORMAT_ID)`),
 * so no other value can be mistaken for a Raft message.
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
 * Decoded messages have the fields, in the same order, that the Raft node writes; entries list
 * `type` first, as the entries a leader appends do. Command data arrives as a Uint8Array (a view
 * into the received bytes, or a copy when the message is small). Bytes of the wrong length or
 * shape are refused with a RangeError, never read past.
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
  RaftMessage,
  Term,
} from '../raft/index.js';

export const RAFT_WIRE_FORMAT_ID = 1;

const MessageType = {
  appendEntries: 1,
  appendEntriesResponse: 2,
  heartbeat: 3,
  heartbeatResponse: 4,
} as const;
const EntryKind = { command: 1, noop: 2, configuration: 3 } as const;

/** Offsets of the head every message starts with. */
const TYPE_AT = 2;
const SENDER_AT = 3;
const TERM_AT = 5;
const HEAD_BYTES = 13;

/** Offsets after the head, per message type. */
const HEARTBEAT_BYTES = HEAD_BYTES + 8;
const RESPONSE = {
  success: HEAD_BYTES,
  matchIndex: HEAD_BYTES + 1,
  rejectedIndex: HEAD_BYTES + 9,
  conflictIndex: HEAD_BYTES + 17,
  hasConflictTerm: HEAD_BYTES + 25,
  conflictTerm: HEAD_BYTES + 26,
} as const;
const RESPONSE_BYTES = HEAD_BYTES + 34;
const APPEND = {
  prevLogIndex: HEAD_BYTES,
  prevLogTerm: HEAD_BYTES + 8,
  leaderCommit: HEAD_BYTES + 16,
  count: HEAD_BYTES + 24,
} as const;
const APPEND_HEAD_BYTES = HEAD_BYTES + 28;
/** Kind, index, term. */
const ENTRY_HEAD_BYTES = 17;

type WireMessage =
  | AppendEntriesMessage
  | AppendEntriesResponseMessage
  | HeartbeatMessage
  | HeartbeatResponseMessage;

/** Node ids as u16 numbers, in the order they were first sent. */
class NodeIdTable {
  private readonly ids: NodeId[] = [];
  private readonly numbers = new Map<string, number>();

  numberOf(id: NodeId): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      if (this.ids.length > 0xffff)
        throw new RangeError('raft wire format: more than 65536 node ids');
      n = this.ids.length;
      this.ids.push(id);
      this.numbers.set(id, n);
    }
    return n;
  }

  idOf(n: number): NodeId {
    const id = this.ids[n];
    if (id === undefined) throw new RangeError(`raft wire format: unknown node id number ${n}`);
    return id;
  }
}

function malformed(what: string): RangeError {
  return new RangeError(`raft wire format: ${what}`);
}

/** The format of one codec (one simulation): its node-id table starts empty. */
export class RaftWireFormat implements CustomFormat {
  readonly id = RAFT_WIRE_FORMAT_ID;
  private readonly nodeIds = new NodeIdTable();
  // Messages are written into (and small ones read from) this scratch space. V8 keeps typed
  // arrays of up to 64 bytes on its heap; asking one for its `.buffer` (as a DataView over it
  // would) moves it off the heap, which cost more than the whole encoding. Copies of small
  // arrays stay cheap, and longer messages are copied out into arena slices (see ByteArena).
  private scratch = new DataView(new ArrayBuffer(1024));
  private scratchBytes = new Uint8Array(this.scratch.buffer);
  private readonly arena = new ByteArena();

  tryEncode(value: unknown): Uint8Array | undefined {
    const message = value as RaftMessage;
    switch (message.type) {
      case 'appendEntries':
        return this.encodeAppendEntries(message);
      case 'appendEntriesResponse':
        return this.encodeAppendEntriesResponse(message);
      case 'heartbeat':
        this.writeHead(MessageType.heartbeat, message);
        this.scratch.setFloat64(HEAD_BYTES, message.leaderCommit, true);
        return this.copyOut(HEARTBEAT_BYTES);
      case 'heartbeatResponse':
        this.writeHead(MessageType.heartbeatResponse, message);
        return this.copyOut(HEAD_BYTES);
      default:
        return undefined;
    }
  }

  decode(bytes: Uint8Array): WireMessage {
    if (bytes.length < HEAD_BYTES)
      throw malformed(`message of ${bytes.length} bytes is shorter than its head`);
    const view = this.readable(bytes);
    const from = this.nodeIds.idOf(view.getUint16(SENDER_AT, true));
    const term = view.getFloat64(TERM_AT, true) as Term;
    const type = view.getUint8(TYPE_AT);
    switch (type) {
      case MessageType.appendEntries:
        return this.decodeAppendEntries(view, bytes, from, term);
      case MessageType.appendEntriesResponse:
        expectLength(bytes, RESPONSE_BYTES, 'appendEntriesResponse');
        return decodeAppendEntriesResponse(view, from, term);
      case MessageType.heartbeat:
        expectLength(bytes, HEARTBEAT_BYTES, 'heartbeat');
        return {
          type: 'heartbeat',
          from,
          term,
          leaderCommit: view.getFloat64(HEAD_BYTES, true) as LogIndex,
        };
      case MessageType.heartbeatResponse:
        expectLength(bytes, HEAD_BYTES, 'heartbeatResponse');
        return { type: 'heartbeatResponse', from, term };
      default:
        throw malformed(`unknown message type ${type}`);
    }
  }

  private reserve(size: number): void {
    if (size <= this.scratchBytes.length) return;
    this.scratch = new DataView(new ArrayBuffer(Math.max(size, 2 * this.scratchBytes.length)));
    this.scratchBytes = new Uint8Array(this.scratch.buffer);
  }

  /** A DataView over `bytes`: a scratch copy when small (kept on V8's heap), else the bytes' own. */
  private readable(bytes: Uint8Array): DataView {
    if (bytes.length > ON_HEAP_BYTES)
      return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.scratchBytes.set(bytes);
    return this.scratch;
  }

  private copyOut(length: number): Uint8Array {
    if (length <= ON_HEAP_BYTES) return this.scratchBytes.slice(0, length);
    return this.arena.copy(this.scratchBytes.subarray(0, length));
  }

  private writeHead(type: number, message: WireMessage): void {
    const view = this.scratch;
    view.setUint8(0, CUSTOM_FORMAT_MARKER);
    view.setUint8(1, RAFT_WIRE_FORMAT_ID);
    view.setUint8(TYPE_AT, type);
    view.setUint16(SENDER_AT, this.nodeIds.numberOf(message.from), true);
    view.setFloat64(TERM_AT, message.term, true);
  }

  private encodeAppendEntriesResponse(message: AppendEntriesResponseMessage): Uint8Array {
    this.writeHead(MessageType.appendEntriesResponse, message);
    const view = this.scratch;
    view.setUint8(RESPONSE.success, message.success ? 1 : 0);
    view.setFloat64(RESPONSE.matchIndex, message.matchIndex, true);
    view.setFloat64(RESPONSE.rejectedIndex, message.rejectedIndex, true);
    view.setFloat64(RESPONSE.conflictIndex, message.conflictIndex, true);
    view.setUint8(RESPONSE.hasConflictTerm, message.conflictTerm === null ? 0 : 1);
    view.setFloat64(RESPONSE.conflictTerm, message.conflictTerm ?? 0, true);
    return this.copyOut(RESPONSE_BYTES);
  }

  private encodeAppendEntries(message: AppendEntriesMessage): Uint8Array {
    let size = APPEND_HEAD_BYTES;
    for (const entry of message.entries) size += entrySize(entry);
    this.reserve(size);
    this.writeHead(MessageType.appendEntries, message);
    const view = this.scratch;
    view.setFloat64(APPEND.prevLogIndex, message.prevLogIndex, true);
    view.setFloat64(APPEND.prevLogTerm, message.prevLogTerm, true);
    view.setFloat64(APPEND.leaderCommit, message.leaderCommit, true);
    view.setUint32(APPEND.count, message.entries.length, true);
    let offset = APPEND_HEAD_BYTES;
    for (const entry of message.entries) offset = this.writeEntry(offset, entry);
    return this.copyOut(size);
  }

  /** Writes `entry` at `at`; returns the offset after it. */
  private writeEntry(at: number, entry: LogEntry): number {
    const view = this.scratch;
    view.setFloat64(at + 1, entry.index, true);
    view.setFloat64(at + 9, entry.term, true);
    let offset = at + ENTRY_HEAD_BYTES;
    switch (entry.type) {
      case 'command':
        view.setUint8(at, EntryKind.command);
        view.setUint32(offset, entry.data.length, true);
        this.scratchBytes.set(entry.data, offset + 4);
        return offset + 4 + entry.data.length;
      case 'noop':
        view.setUint8(at, EntryKind.noop);
        return offset;
      case 'configuration':
        view.setUint8(at, EntryKind.configuration);
        view.setUint16(offset, entry.configuration.voters.length, true);
        offset += 2;
        for (const voter of entry.configuration.voters) {
          view.setUint16(offset, this.nodeIds.numberOf(voter), true);
          offset += 2;
        }
        return offset;
    }
  }

  private decodeAppendEntries(
    view: DataView,
    bytes: Uint8Array,
    from: NodeId,
    term: Term,
  ): AppendEntriesMessage {
    if (bytes.length < APPEND_HEAD_BYTES)
      throw malformed(`appendEntries of ${bytes.length} bytes is shorter than its head`);
    const prevLogIndex = view.getFloat64(APPEND.prevLogIndex, true) as LogIndex;
    const prevLogTerm = view.getFloat64(APPEND.prevLogTerm, true) as Term;
    const leaderCommit = view.getFloat64(APPEND.leaderCommit, true) as LogIndex;
    const count = view.getUint32(APPEND.count, true);
    const entries: LogEntry[] = [];
    let offset = APPEND_HEAD_BYTES;
    for (let i = 0; i < count; i++) offset = this.readEntry(view, bytes, offset, entries);
    if (offset !== bytes.length)
      throw malformed(
        `appendEntries has ${bytes.length - offset} bytes after its ${count} entries`,
      );
    return { type: 'appendEntries', from, term, prevLogIndex, prevLogTerm, entries, leaderCommit };
  }

  /** Reads the entry at `at` into `entries`; returns the offset after it. */
  private readEntry(view: DataView, bytes: Uint8Array, at: number, entries: LogEntry[]): number {
    let offset = at + ENTRY_HEAD_BYTES;
    need(bytes, offset, 'entry');
    const kind = view.getUint8(at);
    const index = view.getFloat64(at + 1, true) as LogIndex;
    const term = view.getFloat64(at + 9, true) as Term;
    switch (kind) {
      case EntryKind.command: {
        need(bytes, offset + 4, 'command length');
        const end = offset + 4 + view.getUint32(offset, true);
        need(bytes, end, 'command data');
        // Small messages were copied to the scratch space, so their data is copied out (cheaply,
        // on V8's heap); larger ones are the sender's arena slice, never written again: a view.
        const data =
          bytes.length <= ON_HEAP_BYTES
            ? bytes.slice(offset + 4, end)
            : bytes.subarray(offset + 4, end);
        entries.push({ type: 'command', data, index, term });
        return end;
      }
      case EntryKind.noop:
        entries.push({ type: 'noop', index, term });
        return offset;
      case EntryKind.configuration: {
        need(bytes, offset + 2, 'voter count');
        const count = view.getUint16(offset, true);
        offset += 2;
        need(bytes, offset + 2 * count, 'voters');
        const voters: NodeId[] = [];
        for (let i = 0; i < count; i++, offset += 2)
          voters.push(this.nodeIds.idOf(view.getUint16(offset, true)));
        entries.push({ type: 'configuration', configuration: { voters }, index, term });
        return offset;
      }
      default:
        throw malformed(`unknown entry kind ${kind}`);
    }
  }
}

function entrySize(entry: LogEntry): number {
  if (entry.type === 'command') return ENTRY_HEAD_BYTES + 4 + entry.data.length;
  if (entry.type === 'configuration')
    return ENTRY_HEAD_BYTES + 2 + 2 * entry.configuration.voters.length;
  return ENTRY_HEAD_BYTES;
}

function decodeAppendEntriesResponse(
  view: DataView,
  from: NodeId,
  term: Term,
): AppendEntriesResponseMessage {
  return {
    type: 'appendEntriesResponse',
    from,
    term,
    success: view.getUint8(RESPONSE.success) === 1,
    matchIndex: view.getFloat64(RESPONSE.matchIndex, true) as LogIndex,
    rejectedIndex: view.getFloat64(RESPONSE.rejectedIndex, true) as LogIndex,
    conflictIndex: view.getFloat64(RESPONSE.conflictIndex, true) as LogIndex,
    conflictTerm:
      view.getUint8(RESPONSE.hasConflictTerm) === 0
        ? null
        : (view.getFloat64(RESPONSE.conflictTerm, true) as Term),
  };
}

function expectLength(bytes: Uint8Array, length: number, type: string): void {
  if (bytes.length !== length)
    throw malformed(`${type} of ${bytes.length} bytes, expected ${length}`);
}

/** Throws unless `bytes` reach at least `end` (the end of the field being read). */
function need(bytes: Uint8Array, end: number, field: string): void {
  if (end > bytes.length) throw malformed(`message ends inside ${field}`);
}
