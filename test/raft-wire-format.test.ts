/**
 * The hand-written wire format of the hot Raft messages: every message it takes decodes to an
 * equal message (same fields, same order, command data as bytes) that stays intact after later
 * encodes; values offered to no format, or that the format does not take, go through msgpackr;
 * the two encodings never mix up on decode; bytes of the wrong length or shape are refused.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Codec } from '../src/sim/codec.js';
import { RAFT_WIRE_FORMAT_ID, RaftWireFormat } from '../src/server/raft-wire-format.js';
import type {
  AppendEntriesMessage,
  CommandEntry,
  LogEntry,
  LogIndex,
  NodeId,
  RaftMessage,
  Term,
} from '../src/raft/index.js';

function codecWithFormat(): Codec {
  const codec = new Codec();
  codec.addFormat(new RaftWireFormat());
  return codec;
}

const safeNumber = fc.maxSafeNat();
const nodeIdArb = fc.constantFrom(
  '10.1.0.1:4647',
  '10.1.0.2:4647',
  '10.2.0.7:4647',
  'ünïcode:4647',
) as fc.Arbitrary<NodeId>;
const indexArb = safeNumber as fc.Arbitrary<number> as fc.Arbitrary<LogIndex>;
const termArb = safeNumber as fc.Arbitrary<number> as fc.Arbitrary<Term>;

const entryArb: fc.Arbitrary<LogEntry> = fc.oneof(
  fc.record({
    type: fc.constant('command' as const),
    data: fc.uint8Array({ maxLength: 300 }),
    index: indexArb,
    term: termArb,
  }),
  fc.record({ type: fc.constant('noop' as const), index: indexArb, term: termArb }),
  fc.record({
    type: fc.constant('configuration' as const),
    configuration: fc.record({ voters: fc.array(nodeIdArb, { maxLength: 7 }) }),
    index: indexArb,
    term: termArb,
  }),
);

const messageArb: fc.Arbitrary<RaftMessage> = fc.oneof(
  fc.record({
    type: fc.constant('appendEntries' as const),
    from: nodeIdArb,
    term: termArb,
    prevLogIndex: indexArb,
    prevLogTerm: termArb,
    entries: fc.array(entryArb, { maxLength: 6 }),
    leaderCommit: indexArb,
  }),
  fc.record({
    type: fc.constant('appendEntriesResponse' as const),
    from: nodeIdArb,
    term: termArb,
    success: fc.boolean(),
    matchIndex: indexArb,
    rejectedIndex: indexArb,
    conflictIndex: indexArb,
    conflictTerm: fc.option(termArb, { nil: null }),
  }),
  fc.record({
    type: fc.constant('heartbeat' as const),
    from: nodeIdArb,
    term: termArb,
    leaderCommit: indexArb,
  }),
  fc.record({ type: fc.constant('heartbeatResponse' as const), from: nodeIdArb, term: termArb }),
);

/** Command data compares as plain bytes (Buffer or Uint8Array alike). */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return [...value];
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, plain(field)]));
}

describe('raft wire format', () => {
  it('decodes every message it takes to an equal one, keys in the same order, intact after later encodes', () => {
    const codec = codecWithFormat();
    const kept: Array<{ message: RaftMessage; decoded: RaftMessage }> = [];
    fc.assert(
      fc.property(messageArb, (message) => {
        const bytes = codec.encode(message, RAFT_WIRE_FORMAT_ID);
        expect(bytes[0]).toBe(0xc1);
        expect(bytes[1]).toBe(RAFT_WIRE_FORMAT_ID);
        const decoded = codec.decode<RaftMessage>(bytes);
        expect(plain(decoded)).toEqual(plain(message));
        expect(JSON.stringify(plain(decoded))).toBe(JSON.stringify(plain(message)));
        if (decoded.type === 'appendEntries') {
          for (const entry of decoded.entries)
            if (entry.type === 'command') expect(entry.data).toBeInstanceOf(Uint8Array);
        }
        kept.push({ message, decoded });
      }),
      { numRuns: 500 },
    );
    for (const { message, decoded } of kept) expect(plain(decoded)).toEqual(plain(message));
  });

  it('round-trips a command larger than an arena chunk', () => {
    const codec = codecWithFormat();
    const data = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 251);
    const message = {
      type: 'appendEntries',
      from: '10.1.0.1:4647',
      term: 4,
      prevLogIndex: 9,
      prevLogTerm: 4,
      entries: [{ type: 'command', data, index: 10, term: 4 }],
      leaderCommit: 9,
    };
    const decoded = codec.decode<AppendEntriesMessage>(codec.encode(message, RAFT_WIRE_FORMAT_ID));
    for (let i = 0; i < 20; i++) codec.encode({ ...message, term: i }, RAFT_WIRE_FORMAT_ID);
    const entry = decoded.entries[0] as CommandEntry;
    expect(entry.data.length).toBe(70_000);
    expect(entry.data.every((b, i) => b === (i * 7) % 251)).toBe(true);
  });

  it('leaves values offered to no format, and Raft messages it does not lay out, to msgpackr', () => {
    const codec = codecWithFormat();
    const heartbeat = { type: 'heartbeat', from: '10.1.0.1:4647', term: 3, leaderCommit: 8 };
    const vote = {
      type: 'requestVote',
      from: '10.1.0.1:4647',
      term: 3,
      lastLogIndex: 9,
      lastLogTerm: 2,
      preVote: true,
      leadershipTransfer: false,
    };
    const lookalikeCommand = {
      type: 'heartbeat',
      from: 'an operator',
      term: 'not a number',
      extra: [1, 2],
    };
    const offered: Array<[unknown, number | undefined]> = [
      [vote, RAFT_WIRE_FORMAT_ID],
      [lookalikeCommand, undefined],
      [heartbeat, undefined],
    ];
    for (const [value, formatId] of offered) {
      const bytes = codec.encode(value, formatId);
      expect(bytes[0]).not.toBe(0xc1);
      expect(codec.decode(bytes)).toEqual(value);
    }
    expect(codec.decode(codec.encode(heartbeat, RAFT_WIRE_FORMAT_ID))).toEqual(heartbeat);
  });

  it('writes the documented fixed sizes', () => {
    const codec = codecWithFormat();
    const from = '10.1.0.1:4647';
    expect(
      codec.encode({ type: 'heartbeat', from, term: 3, leaderCommit: 8 }, RAFT_WIRE_FORMAT_ID)
        .length,
    ).toBe(21);
    expect(
      codec.encode({ type: 'heartbeatResponse', from, term: 3 }, RAFT_WIRE_FORMAT_ID).length,
    ).toBe(13);
    const response = {
      type: 'appendEntriesResponse',
      from,
      term: 3,
      success: true,
      matchIndex: 120,
      rejectedIndex: 0,
      conflictIndex: 0,
      conflictTerm: null,
    };
    expect(codec.encode(response, RAFT_WIRE_FORMAT_ID).length).toBe(47);
    const append = {
      type: 'appendEntries',
      from,
      term: 3,
      prevLogIndex: 1,
      prevLogTerm: 1,
      entries: [{ type: 'command', data: new Uint8Array(5), index: 2, term: 3 }],
      leaderCommit: 1,
    };
    expect(codec.encode(append, RAFT_WIRE_FORMAT_ID).length).toBe(13 + 28 + 17 + 4 + 5);
  });

  it('refuses a second format with the same id and bytes of a format it does not know', () => {
    const codec = codecWithFormat();
    expect(() => codec.addFormat(new RaftWireFormat())).toThrow(
      'custom format id 1 is already in use',
    );
    expect(() => new Codec().decode(new Uint8Array([0xc1, 1, 3]))).toThrow(
      'no custom format with id 1',
    );
  });

  it('refuses truncated, padded or unknown bytes instead of reading stale data', () => {
    const codec = codecWithFormat();
    const from = '10.1.0.1:4647';
    const heartbeat = codec.encode(
      { type: 'heartbeat', from, term: 3, leaderCommit: 8 },
      RAFT_WIRE_FORMAT_ID,
    );
    const append = codec.encode(
      {
        type: 'appendEntries',
        from,
        term: 3,
        prevLogIndex: 1,
        prevLogTerm: 1,
        entries: [{ type: 'command', data: new Uint8Array(200).fill(5), index: 2, term: 3 }],
        leaderCommit: 1,
      },
      RAFT_WIRE_FORMAT_ID,
    );
    expect(() => codec.decode(heartbeat.slice(0, 5))).toThrow('shorter than its head');
    expect(() => codec.decode(heartbeat.slice(0, 15))).toThrow(
      'heartbeat of 15 bytes, expected 21',
    );
    expect(() => codec.decode(Uint8Array.from([...heartbeat, 0]))).toThrow(
      'heartbeat of 22 bytes, expected 21',
    );
    expect(() => codec.decode(append.slice(0, 80))).toThrow('message ends inside command data');
    expect(() => codec.decode(Uint8Array.from([...append, 1, 2]))).toThrow(
      'appendEntries has 2 bytes after its 1 entries',
    );
    const unknownType = heartbeat.slice();
    unknownType[2] = 99;
    expect(() => codec.decode(unknownType)).toThrow('unknown message type 99');
    const unknownSender = heartbeat.slice();
    unknownSender[3] = 200;
    expect(() => codec.decode(unknownSender)).toThrow('unknown node id number 200');
  });
});
