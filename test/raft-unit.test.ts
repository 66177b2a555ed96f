/**
 * Unit tests of the Raft core's pure parts and edges: quorum arithmetic against a dumb oracle, the
 * meaning of persist effects, restarting from persisted state, messages surviving msgpackr, and
 * bad input.
 */
import fc from 'fast-check';
import { pack, unpack } from 'msgpackr';
import { describe, expect, test } from 'vitest';
import {
  EMPTY_PERSISTED_STATE,
  RaftNode,
  applyPersistEffect,
  assertCoherentPersistedState,
  quorumMatchIndex,
  quorumSize,
} from '../src/raft/index.js';
import type {
  LogEntry,
  LogIndex,
  NodeId,
  PersistedRaftState,
  RaftMessage,
  RaftSnapshot,
  Term,
} from '../src/raft/index.js';
import { Rng } from '../src/sim/random.js';
import { RaftHarness, scriptedDisk } from './support/raft-harness.js';

const noop = (index: number, term: number): LogEntry => ({
  index: index as LogIndex,
  term: term as Term,
  type: 'noop',
});

describe('quorum arithmetic', () => {
  test('quorumSize is a strict majority', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(quorumSize)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  test('quorumMatchIndex is the largest index that a majority has reached (oracle check)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 7 }), (matches) => {
        const oracle = Math.max(
          0,
          ...Array.from({ length: 51 }, (_, n) => n).filter(
            (n) => matches.filter((m) => m >= n).length > matches.length / 2,
          ),
        );
        expect(quorumMatchIndex(matches)).toBe(oracle);
      }),
      { numRuns: 300 },
    );
    expect(quorumMatchIndex([])).toBe(0);
  });
});

describe('persisted state', () => {
  const snapshot = (index: number, term: number): RaftSnapshot => ({
    index: index as LogIndex,
    term: term as Term,
    configuration: { voters: ['a' as NodeId] },
    configurationIndex: 1 as LogIndex,
    data: new Uint8Array([index]),
  });

  test('persist effects truncate, append, and compact as documented', () => {
    let state: PersistedRaftState = EMPTY_PERSISTED_STATE;
    state = applyPersistEffect(state, {
      type: 'persistState',
      term: 2 as Term,
      votedFor: 'a' as NodeId,
    });
    state = applyPersistEffect(state, {
      type: 'persistEntries',
      truncateFrom: null,
      entries: [noop(1, 1), noop(2, 1), noop(3, 2)],
    });
    state = applyPersistEffect(state, {
      type: 'persistEntries',
      truncateFrom: 3 as LogIndex,
      entries: [noop(3, 2), noop(4, 2)],
    });
    expect(state.entries.map((entry) => entry.index)).toEqual([1, 2, 3, 4]);
    state = applyPersistEffect(state, {
      type: 'persistSnapshot',
      snapshot: snapshot(3, 2),
      deleteLogThrough: 2 as LogIndex,
    });
    expect(state).toMatchObject({ term: 2, votedFor: 'a', snapshot: { index: 3 } });
    expect(state.entries.map((entry) => entry.index)).toEqual([3, 4]);
    assertCoherentPersistedState(state);
    expect(() =>
      applyPersistEffect(state, {
        type: 'persistEntries',
        truncateFrom: null,
        entries: [noop(7, 2)],
      }),
    ).toThrow(/does not follow/);
    // An installed snapshot that disagrees with the log drops all of it.
    state = applyPersistEffect(state, {
      type: 'persistSnapshot',
      snapshot: snapshot(9, 3),
      deleteLogThrough: 9 as LogIndex,
    });
    expect(state.entries).toEqual([]);
    assertCoherentPersistedState(state);
  });

  test('incoherent persisted states are refused', () => {
    const gap = { ...EMPTY_PERSISTED_STATE, term: 2 as Term, entries: [noop(1, 1), noop(3, 1)] };
    expect(() => assertCoherentPersistedState(gap)).toThrow(/gap/);
    const future = { ...EMPTY_PERSISTED_STATE, term: 1 as Term, entries: [noop(1, 2)] };
    expect(() => assertCoherentPersistedState(future)).toThrow(/future term/);
    const noSnapshot = { ...EMPTY_PERSISTED_STATE, term: 1 as Term, entries: [noop(2, 1)] };
    expect(
      () => new RaftNode({ id: 'a' as NodeId, now: 0, rng: new Rng(1), persisted: noSnapshot }),
    ).toThrow(/without a snapshot/);
  });

  test('a node restarted from a snapshot restores it first and resumes from its index', () => {
    const persisted: PersistedRaftState = {
      term: 4 as Term,
      votedFor: 'b' as NodeId,
      snapshot: { ...snapshot(10, 3), configuration: { voters: ['a', 'b', 'c'] as NodeId[] } },
      entries: [noop(9, 3), noop(10, 3), noop(11, 4)],
    };
    const node = new RaftNode({ id: 'a' as NodeId, now: 100, rng: new Rng(1), persisted });
    expect(node.takeEffects()).toEqual([{ type: 'restoreSnapshot', snapshot: persisted.snapshot }]);
    expect(node).toMatchObject({
      term: 4,
      votedFor: 'b',
      commitIndex: 10,
      appliedIndex: 10,
      lastIndex: 11,
      firstIndex: 9,
    });
    expect(node.configuration.voters).toEqual(['a', 'b', 'c']);
    expect(node.role).toBe('follower');
    expect(node.nextDeadline()).toBeGreaterThanOrEqual(1100);
  });
});

describe('messages', () => {
  test('every message a cluster sends survives msgpackr unchanged (plain data only)', () => {
    const seen = new Map<string, RaftMessage>();
    const h = new RaftHarness({
      seed: 5,
      ids: ['a', 'b', 'c'],
      limits: { snapshotThreshold: 5, trailingLogs: 0 },
    });
    h.dropWhere = (_from, _to, message) => {
      seen.set(message.type, message);
      return false;
    };
    h.runUntil(() => h.leader() !== null, 5000);
    const leader = h.leader() as RaftNode;
    const behind = ['a', 'b', 'c'].find((id) => id !== leader.id) as string;
    h.isolate(behind);
    for (let i = 0; i < 20; i++) h.propose(`w${i}`);
    h.runFor(1000);
    h.heal();
    h.runFor(1000);
    h.call(h.leader()!.id, (node, now) => node.transferLeadership(now));
    h.runFor(1000);
    expect([...seen.keys()].sort()).toEqual([
      'appendEntries',
      'appendEntriesResponse',
      'heartbeat',
      'heartbeatResponse',
      'installSnapshot',
      'installSnapshotResponse',
      'requestVote',
      'requestVoteResponse',
      'timeoutNow',
    ]);
    for (const message of seen.values()) {
      const bytes = pack(message);
      expect([...pack(unpack(bytes))]).toEqual([...bytes]);
      expect(
        JSON.parse(
          JSON.stringify(unpack(bytes), (_key, value: unknown) =>
            value instanceof Uint8Array ? [...value] : value,
          ),
        ),
      ).toEqual(
        JSON.parse(
          JSON.stringify(message, (_key, value: unknown) =>
            value instanceof Uint8Array ? [...value] : value,
          ),
        ),
      );
    }
  });
});

describe('bad input', () => {
  const node = (): RaftNode =>
    new RaftNode({
      id: 'a' as NodeId,
      now: 10,
      rng: new Rng(1),
      persisted: scriptedDisk(1, ['a', 'b', 'c'], []),
    });

  test('unknown messages, time going backwards and non-byte payloads are programmer errors', () => {
    expect(() =>
      node().step(10, { type: 'gossip', from: 'b', term: 1 } as unknown as RaftMessage),
    ).toThrow(TypeError);
    expect(() => node().tick(9)).toThrow(/backwards/);
    expect(() => node().tick(Number.NaN)).toThrow(RangeError);
    expect(() => node().propose(10, 'text' as unknown as Uint8Array)).toThrow(TypeError);
  });

  test('messages from an older term are answered with the current term and change nothing', () => {
    const n = node();
    n.step(10, {
      type: 'heartbeat',
      from: 'b' as NodeId,
      term: 0 as Term,
      leaderCommit: 0 as LogIndex,
    });
    expect(n.takeEffects()).toEqual([
      { type: 'send', to: 'b', message: { type: 'heartbeatResponse', from: 'a', term: 1 } },
    ]);
    expect(n.leader).toBeNull();
  });
});
