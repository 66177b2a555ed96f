/**
 * Two Raft-core rules checked on a bare `RaftNode`, each from more than one side:
 *
 * - a leader that reads a newer term in any answer (AppendEntries, heartbeat, InstallSnapshot,
 *   vote) steps down at once, adopts that term and persists it before anything else;
 * - a snapshot carries the term of the entry at its own index (not of the entry before it): the
 *   snapshot effect, the node's view after compaction, a restart from the persisted snapshot, and
 *   the log check of the next AppendEntries all see that term.
 */
import { describe, expect, it } from 'vitest';
import { RaftNode, EMPTY_PERSISTED_STATE } from '../src/raft/index.js';
import type {
  LogEntry,
  LogIndex,
  NodeId,
  PersistedRaftState,
  RaftEffect,
  RaftMessage,
  Term,
} from '../src/raft/index.js';
import { Rng } from '../src/sim/random.js';

const A = 'a' as NodeId;
const B = 'b' as NodeId;
const C = 'c' as NodeId;

/** A node of a three-voter cluster, elected leader of term 2 with B's votes; its effects taken. */
function leaderOfThree(): RaftNode {
  const node = new RaftNode({ id: A, now: 0, rng: new Rng(1) });
  node.bootstrapCluster(0, { voters: [A, B, C] });
  node.tick(5_000);
  node.step(5_001, {
    type: 'requestVoteResponse',
    from: B,
    term: 1 as Term,
    voteTerm: 2 as Term,
    preVote: true,
    granted: true,
  });
  node.step(5_002, {
    type: 'requestVoteResponse',
    from: B,
    term: 2 as Term,
    voteTerm: 2 as Term,
    preVote: false,
    granted: true,
  });
  expect(node.role).toBe('leader');
  expect(node.term).toBe(2);
  node.takeEffects();
  return node;
}

const newer = 7 as Term;
const answers: Array<[string, RaftMessage]> = [
  [
    'a rejected AppendEntries',
    {
      type: 'appendEntriesResponse',
      from: B,
      term: newer,
      success: false,
      matchIndex: 0 as LogIndex,
      rejectedIndex: 0 as LogIndex,
      conflictIndex: 0 as LogIndex,
      conflictTerm: null,
    },
  ],
  [
    'a successful AppendEntries',
    {
      type: 'appendEntriesResponse',
      from: C,
      term: newer,
      success: true,
      matchIndex: 2 as LogIndex,
      rejectedIndex: 0 as LogIndex,
      conflictIndex: 0 as LogIndex,
      conflictTerm: null,
    },
  ],
  ['a heartbeat', { type: 'heartbeatResponse', from: B, term: newer }],
  [
    'an InstallSnapshot',
    { type: 'installSnapshotResponse', from: C, term: newer, matchIndex: 0 as LogIndex },
  ],
  [
    'a vote',
    {
      type: 'requestVoteResponse',
      from: B,
      term: newer,
      voteTerm: 3 as Term,
      preVote: false,
      granted: false,
    },
  ],
];

describe('a leader reading a newer term in an answer', () => {
  for (const [what, answer] of answers) {
    it(`steps down on ${what}, adopts the term and persists it first`, () => {
      const node = leaderOfThree();
      node.step(6_000, answer);
      expect(node.role).toBe('follower');
      expect(node.term).toBe(newer);
      expect(node.votedFor).toBeNull();
      expect(node.leader).toBeNull();
      const effects = node.takeEffects();
      expect(effects[0]).toEqual({ type: 'persistState', term: newer, votedFor: null });
      expect(effects).toContainEqual({
        type: 'roleChanged',
        role: 'follower',
        term: newer,
        leader: null,
      });
      expect(node.propose(6_001, new Uint8Array([1]))).toMatchObject({ ok: false });
    });
  }

  it('keeps leading on an answer from its own term', () => {
    const node = leaderOfThree();
    node.step(6_000, { type: 'heartbeatResponse', from: B, term: 2 as Term });
    expect(node.role).toBe('leader');
    expect(node.term).toBe(2);
  });
});

/** A single-voter node whose log holds 1@1 cfg, 2@2 noop, 3@2 x, 4@3 noop, 5@3 y, elected in term 4 and caught up. */
function appliedNodeAcrossTerms(limits = {}): RaftNode {
  const entry = (index: number, term: number, type: 'noop' | 'command'): LogEntry =>
    (type === 'noop'
      ? { index, term, type }
      : { index, term, type, data: new Uint8Array([index]) }) as LogEntry;
  const persisted: PersistedRaftState = {
    ...EMPTY_PERSISTED_STATE,
    term: 3 as Term,
    entries: [
      {
        index: 1 as LogIndex,
        term: 1 as Term,
        type: 'configuration',
        configuration: { voters: [A] },
      },
      entry(2, 2, 'noop'),
      entry(3, 2, 'command'),
      entry(4, 3, 'noop'),
      entry(5, 3, 'command'),
    ],
  };
  const node = new RaftNode({ id: A, now: 0, rng: new Rng(2), persisted, limits });
  node.tick(5_000);
  expect(node.role).toBe('leader');
  expect(node.term).toBe(4);
  expect(node.appliedIndex).toBe(6);
  node.takeEffects();
  return node;
}

describe('a snapshot carries the term of the entry at its index', () => {
  it.each([
    [3, 2],
    [4, 3],
    [5, 3],
    [6, 4],
  ])('a snapshot at index %i has term %i, in the effect and in the node', (index, term) => {
    const node = appliedNodeAcrossTerms({ trailingLogs: 0 });
    const taken = node.snapshotTaken(6_000, {
      index: index as LogIndex,
      data: new Uint8Array([9]),
    });
    expect(taken).toMatchObject({ ok: true, snapshot: { index, term } });
    const persist = node.takeEffects().find((effect) => effect.type === 'persistSnapshot');
    expect(persist).toMatchObject({ snapshot: { index, term } });
    expect(node.snapshotIndex).toBe(index);
    expect(node.snapshotTerm).toBe(term);
    expect(node.termAt(index)).toBe(term);
  });

  it('a node restarted from a snapshot that starts a term reports that term as its last, and takes the next entry on it', () => {
    const node = appliedNodeAcrossTerms({ trailingLogs: 0 });
    node.snapshotTaken(6_000, { index: 4 as LogIndex, data: new Uint8Array([9]) });
    const persist = node
      .takeEffects()
      .find(
        (effect): effect is Extract<RaftEffect, { type: 'persistSnapshot' }> =>
          effect.type === 'persistSnapshot',
      );
    expect(persist).toBeDefined();
    const restored = new RaftNode({
      id: B,
      now: 7_000,
      rng: new Rng(3),
      persisted: { ...EMPTY_PERSISTED_STATE, term: 4 as Term, snapshot: persist?.snapshot ?? null },
    });
    expect(restored.lastIndex).toBe(4);
    expect(restored.lastTerm).toBe(3);
    restored.takeEffects();
    // A leader of term 5 appends after 4@3: the restored node must accept it.
    restored.step(7_001, {
      type: 'appendEntries',
      from: C,
      term: 5 as Term,
      prevLogIndex: 4 as LogIndex,
      prevLogTerm: 3 as Term,
      entries: [{ index: 5 as LogIndex, term: 5 as Term, type: 'noop' }],
      leaderCommit: 0 as LogIndex,
    });
    const answer = restored
      .takeEffects()
      .find((effect): effect is Extract<RaftEffect, { type: 'send' }> => effect.type === 'send');
    expect(answer?.message).toMatchObject({
      type: 'appendEntriesResponse',
      success: true,
      matchIndex: 5,
    });
  });
});
