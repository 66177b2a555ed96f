/**
 * The hand-written wire format of the hot Raft messages: every message it claims decodes to an
 * equal message (same fields, same order, command data as bytes), messages it does not claim keep
 * going through msgpackr, and the two encodings never mix up on decode.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Codec } from '../src/sim/codec.js';
import { RAFT_WIRE_FORMAT_ID, createRaftWireFormat } from '../src/region/raft-wire-format.js';
import type { LogEntry, LogIndex, NodeId, RaftMessage, Term } from '../src/replication/raft/index.js';

function codecWithFormat(): Codec {
  const codec = new Codec();
  codec.addFormat(createRaftWireFormat());
  return codec;
}

const safeNumber = fc.maxSafeNat();
const nodeIdArb = fc.constantFrom('10.1.0.1:4647', '10.1.0.2:4647', '10.2.0.7:4647', 'ünïcode:4647') as fc.Arbitrary<NodeId>;
const indexArb = safeNumber as fc.Arbitrary<number> as fc.Arbitrary<LogIndex>;
const termArb = safeNumber as fc.Arbitrary<number> as fc.Arbitrary<Term>;

const entryArb: fc.Arbitrary<LogEntry> = fc.oneof(
  fc.record({ type: fc.constant('command' as const), data: fc.uint8Array({ maxLength: 300 }), index: indexArb, term: termArb }),
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
  fc.record({ type: fc.constant('heartbeat' as const), from: nodeIdArb, term: termArb, leaderCommit: indexArb }),
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
  it('decodes every claimed message to an equal one, keys in the same order', () => {
    const codec = codecWithFormat();
    fc.assert(
      fc.property(messageArb, (message) => {
        const bytes = codec.encode(message);
        expect(bytes[0]).toBe(0xc1);
        expect(bytes[1]).toBe(RAFT_WIRE_FORMAT_ID);
        const decoded = codec.decode<RaftMessage>(bytes);
        expect(plain(decoded)).toEqual(plain(message));
        expect(JSON.stringify(plain(decoded))).toBe(JSON.stringify(plain(message)));
        if (decoded.type === 'appendEntries') {
          for (const entry of decoded.entries) if (entry.type === 'command') expect(entry.data).toBeInstanceOf(Uint8Array);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('leaves other messages to msgpackr and decodes both kinds from one codec', () => {
    const codec = codecWithFormat();
    const vote = { type: 'requestVote', from: '10.1.0.1:4647', term: 3, lastLogIndex: 9, lastLogTerm: 2, preVote: true, leadershipTransfer: false };
    const rpc = { k: 'rpc', id: 4, method: 'raft.submit', args: { command: { type: 'heartbeat', key: 'k' } } };
    const command = { type: 'heartbeat', key: 'looks like a Raft type but has no sender' };
    const heartbeat = { type: 'heartbeat', from: '10.1.0.1:4647', term: 3, leaderCommit: 8 };
    for (const value of [vote, rpc, command]) {
      const bytes = codec.encode(value);
      expect(bytes[0]).not.toBe(0xc1);
      expect(codec.decode(bytes)).toEqual(value);
    }
    expect(codec.decode(codec.encode(heartbeat))).toEqual(heartbeat);
  });

  it('writes the documented fixed sizes', () => {
    const codec = codecWithFormat();
    const from = '10.1.0.1:4647';
    expect(codec.encode({ type: 'heartbeat', from, term: 3, leaderCommit: 8 }).length).toBe(21);
    expect(codec.encode({ type: 'heartbeatResponse', from, term: 3 }).length).toBe(13);
    const response = { type: 'appendEntriesResponse', from, term: 3, success: true, matchIndex: 120, rejectedIndex: 0, conflictIndex: 0, conflictTerm: null };
    expect(codec.encode(response).length).toBe(47);
    const append = { type: 'appendEntries', from, term: 3, prevLogIndex: 1, prevLogTerm: 1, entries: [{ type: 'command', data: new Uint8Array(5), index: 2, term: 3 }], leaderCommit: 1 };
    expect(codec.encode(append).length).toBe(13 + 28 + 17 + 4 + 5);
  });

  it('refuses a second format with the same id and bytes of a format it does not know', () => {
    const codec = codecWithFormat();
    expect(() => codec.addFormat(createRaftWireFormat())).toThrow('custom format id 1 is already in use');
    expect(() => new Codec().decode(new Uint8Array([0xc1, 1, 3]))).toThrow('no custom format with id 1');
    expect(() => codec.decode(new Uint8Array([0xc1, 1, 99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toThrow(/unknown node id number|unknown message type/);
  });
});
