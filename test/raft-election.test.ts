/**
 * Raft elections in the deterministic harness: one leader per cluster, re-election after a crash,
 * pre-vote keeping a rejoining node from disrupting the leader, check-quorum step-down, leadership
 * transfer, and bootstrap_expect (no election before bootstrapCluster).
 */
import { describe, expect, test } from 'vitest';
import { RaftNode, RAFT_REFUSAL_TEXT, raftTimings } from '../src/raft/index.js';
import type { NodeId } from '../src/raft/index.js';
import { Rng } from '../src/sim/random.js';
import { RaftHarness } from './support/raft-harness.js';

const THREE = ['a', 'b', 'c'];
const FIVE = ['a', 'b', 'c', 'd', 'e'];

function electedCluster(
  seed: number,
  ids = THREE,
  extra: Partial<ConstructorParameters<typeof RaftHarness>[0]> = {},
): RaftHarness {
  const h = new RaftHarness({ seed, ids, ...extra });
  expect(h.runUntil(() => h.leader() !== null, 10_000)).toBe(true);
  h.runFor(50); // let every follower hear from the new leader
  return h;
}

describe('leader election', () => {
  test.each([
    [THREE, 1],
    [THREE, 2],
    [FIVE, 3],
    [FIVE, 4],
  ])('%j (seed %i) elects one leader that everyone follows, and it stays', (ids, seed) => {
    const h = electedCluster(seed, ids);
    const leader = h.leader() as RaftNode;
    h.runFor(20_000);
    expect(h.leader()?.id).toBe(leader.id);
    expect(h.leader()?.term).toBe(leader.term);
    for (const node of h.liveNodes()) {
      expect(node.leader).toBe(leader.id);
      expect(node.term).toBe(leader.term);
    }
  });

  test('the first election happens between heartbeatTimeout and twice that plus an election', () => {
    const h = new RaftHarness({ seed: 5, ids: THREE });
    expect(h.runUntil(() => h.leader() !== null, 10_000)).toBe(true);
    expect(h.now).toBeGreaterThanOrEqual(1000);
    expect(h.now).toBeLessThan(2000 + 100);
  });

  test('after the leader crashes, the others elect a new leader in a higher term', () => {
    const h = electedCluster(6);
    const old = h.leader() as RaftNode;
    h.crash(old.id);
    expect(h.runUntil(() => h.leader() !== null, 10_000)).toBe(true);
    const next = h.leader() as RaftNode;
    expect(next.id).not.toBe(old.id);
    expect(next.term).toBeGreaterThan(old.term);
    h.restart(old.id);
    h.runFor(3000);
    expect(h.node(old.id).role).toBe('follower');
    expect(h.node(old.id).leader).toBe(next.id);
    expect(h.leader()?.id).toBe(next.id);
  });

  test('a single-server cluster elects itself at once when its timer fires', () => {
    const h = new RaftHarness({ seed: 7, ids: ['solo'] });
    expect(h.runUntil(() => h.leader() !== null, 5000)).toBe(true);
    expect(h.propose('x')).toMatchObject({ ok: true, index: 3 });
    h.runFor(100);
    expect(h.node('solo').commitIndex).toBe(3);
  });
});

describe('pre-vote', () => {
  test('a partitioned follower does not bump its term, and rejoining does not disturb the leader', () => {
    const h = electedCluster(11);
    const leader = h.leader() as RaftNode;
    const follower = THREE.find((id) => id !== leader.id) as string;
    const termBefore = leader.term;
    h.isolate(follower);
    h.runFor(20_000);
    expect(h.node(follower).term).toBe(termBefore);
    expect(h.node(follower).role).toBe('candidate');
    h.heal();
    h.runFor(5000);
    expect(h.leader()?.id).toBe(leader.id);
    expect(h.leader()?.term).toBe(termBefore);
    expect(h.node(follower).leader).toBe(leader.id);
  });

  test('without pre-vote the same partition bumps terms and deposes the leader (the test can fail)', () => {
    const h = electedCluster(11, THREE, { preVote: false });
    const leader = h.leader() as RaftNode;
    const follower = THREE.find((id) => id !== leader.id) as string;
    const termBefore = leader.term;
    h.isolate(follower);
    h.runFor(20_000);
    expect(h.node(follower).term).toBeGreaterThan(termBefore + 3);
    h.heal();
    h.runUntil(() => h.leader() !== null && h.leader()!.term > termBefore, 5000);
    expect(h.leader()?.term).toBeGreaterThan(termBefore);
  });

  test('a voter refuses (pre-)votes while it hears from a leader', () => {
    const h = electedCluster(12);
    const leader = h.leader() as RaftNode;
    const [x, y] = THREE.filter((id) => id !== leader.id) as [string, string];
    const voter = h.node(y);
    voter.step(h.now, {
      type: 'requestVote',
      from: x as NodeId,
      term: (voter.term + 1) as never,
      lastLogIndex: voter.lastIndex,
      lastLogTerm: voter.lastTerm,
      preVote: true,
      leadershipTransfer: false,
    });
    const effects = voter.takeEffects();
    expect(effects).toEqual([
      {
        type: 'send',
        to: x,
        message: expect.objectContaining({
          type: 'requestVoteResponse',
          preVote: true,
          granted: false,
          term: voter.term,
        }),
      },
    ]);
  });
});

describe('check quorum', () => {
  test('a leader cut off from the majority steps down within the leader lease', () => {
    const h = electedCluster(21, FIVE);
    const old = h.leader() as RaftNode;
    const cutAt = h.now;
    h.isolate(old.id);
    expect(h.runUntil(() => h.node(old.id).role !== 'leader', 5000)).toBe(true);
    const steppedDownAfter = h.now - cutAt;
    expect(steppedDownAfter).toBeGreaterThanOrEqual(500 - 200);
    expect(steppedDownAfter).toBeLessThanOrEqual(500 + 10);
    expect(h.runUntil(() => h.leader() !== null && h.leader()!.id !== old.id, 10_000)).toBe(true);
  });

  test('a leader that reaches a quorum keeps leading while a minority is unreachable', () => {
    const h = electedCluster(22, FIVE);
    const leader = h.leader() as RaftNode;
    const others = FIVE.filter((id) => id !== leader.id);
    h.isolate(others[0] as string);
    h.isolate(others[1] as string);
    h.runFor(10_000);
    expect(h.leader()?.id).toBe(leader.id);
    expect(h.leader()?.term).toBe(leader.term);
  });
});

describe('leadership transfer', () => {
  test('hands leadership to the most up-to-date follower well before an election timeout', () => {
    const h = electedCluster(31);
    const old = h.leader() as RaftNode;
    const oldTerm = old.term;
    const [upToDate, lagging] = THREE.filter((id) => id !== old.id) as [string, string];
    h.block(old.id, lagging);
    for (let i = 0; i < 5; i++) h.propose(`w${i}`);
    h.runFor(50);
    const started = h.now;
    const result = h.call(old.id, (node, now) => node.transferLeadership(now));
    expect(result).toEqual({ ok: true, target: upToDate });
    expect(h.propose('during')).toMatchObject({
      ok: false,
      reason: 'leadershipTransferInProgress',
    });
    h.heal();
    expect(h.runUntil(() => h.leader()?.id === upToDate, 1000)).toBe(true);
    expect(h.now - started).toBeLessThan(100);
    expect(h.leader()?.term).toBe(oldTerm + 1);
    h.runFor(1000);
    expect(h.node(old.id).role).toBe('follower');
    expect(h.node(old.id).leader).toBe(upToDate);
  });

  test('gives up after the election timeout when the target does not take over', () => {
    const h = electedCluster(32);
    const leader = h.leader() as RaftNode;
    const target = THREE.find((id) => id !== leader.id) as string;
    h.dropWhere = (_from, _to, message) => message.type === 'timeoutNow';
    expect(
      h.call(leader.id, (node, now) => node.transferLeadership(now, target as NodeId)),
    ).toEqual({ ok: true, target });
    h.runFor(999);
    expect(h.propose('refused')).toMatchObject({
      ok: false,
      reason: 'leadershipTransferInProgress',
    });
    h.runFor(2);
    expect(h.failedTransfers).toEqual([leader.id]);
    expect(h.leader()?.id).toBe(leader.id);
    expect(h.propose('accepted')).toMatchObject({ ok: true });
  });

  test('is refused on followers and without another voter', () => {
    const h = electedCluster(33);
    const follower = THREE.find((id) => id !== h.leader()!.id) as string;
    expect(h.call(follower, (node, now) => node.transferLeadership(now))).toMatchObject({
      ok: false,
      reason: 'notLeader',
      message: RAFT_REFUSAL_TEXT.notLeader,
      leader: h.leader()!.id,
    });
    const solo = new RaftHarness({ seed: 34, ids: ['solo'] });
    solo.runUntil(() => solo.leader() !== null, 5000);
    expect(solo.call('solo', (node, now) => node.transferLeadership(now))).toMatchObject({
      ok: false,
      reason: 'noTransferTarget',
    });
  });
});

describe('bootstrap_expect', () => {
  test('servers without state or configuration never campaign and cost nothing until bootstrapped', () => {
    const h = new RaftHarness({ seed: 41, ids: THREE, bootstrap: false });
    h.runFor(60_000);
    expect(h.leader()).toBeNull();
    expect(h.stats.messagesSent).toBe(0);
    expect(h.stats.events).toBe(0);
    for (const node of h.liveNodes()) expect(node.nextDeadline()).toBe(Infinity);
    h.bootstrap(THREE as NodeId[], { voters: THREE as NodeId[] });
    expect(h.runUntil(() => h.leader() !== null, 10_000)).toBe(true);
    for (const node of h.liveNodes()) {
      expect(node.entryAt(1)).toEqual({
        index: 1,
        term: 1,
        type: 'configuration',
        configuration: { voters: THREE },
      });
    }
  });

  test('bootstrapCluster writes the configuration at index 1, term 1, durably, and only once', () => {
    const node = new RaftNode({ id: 'a' as NodeId, now: 0, rng: new Rng(1) });
    expect(node.nextDeadline()).toBe(Infinity);
    node.tick(5);
    expect(node.takeEffects()).toEqual([]);
    expect(node.bootstrapCluster(5, { voters: THREE as NodeId[] })).toEqual({ ok: true });
    const effects = node.takeEffects();
    expect(effects.slice(0, 2)).toEqual([
      { type: 'persistState', term: 1, votedFor: null },
      {
        type: 'persistEntries',
        truncateFrom: null,
        entries: [{ index: 1, term: 1, type: 'configuration', configuration: { voters: THREE } }],
      },
    ]);
    expect(node.nextDeadline()).toBeGreaterThanOrEqual(1005);
    expect(node.nextDeadline()).toBeLessThan(2005);
    expect(node.bootstrapCluster(6, { voters: THREE as NodeId[] })).toMatchObject({
      ok: false,
      reason: 'cantBootstrap',
      message: 'bootstrap only works on new clusters',
    });
  });

  test('bootstrapCluster refuses an empty or duplicated configuration', () => {
    const node = new RaftNode({ id: 'a' as NodeId, now: 0, rng: new Rng(1) });
    expect(node.bootstrapCluster(0, { voters: [] })).toMatchObject({
      ok: false,
      reason: 'invalidConfiguration',
      message: 'invalid configuration: need at least one voter in configuration',
    });
    expect(node.bootstrapCluster(0, { voters: ['a', 'a'] as NodeId[] })).toMatchObject({
      ok: false,
      reason: 'invalidConfiguration',
    });
    expect(node.takeEffects()).toEqual([]);
  });
});

describe('timing', () => {
  test('an idle leader sends only heartbeats, each follower every 100-200 ms', () => {
    const h = electedCluster(51);
    h.propose('settle');
    h.runFor(2000);
    h.sentByType.clear();
    h.runFor(30_000);
    expect([...h.sentByType.keys()].sort()).toEqual(['heartbeat', 'heartbeatResponse']);
    const perFollower = (h.sentByType.get('heartbeat') ?? 0) / 2;
    expect(perFollower).toBeGreaterThan(30_000 / 200);
    expect(perFollower).toBeLessThan(30_000 / 100 + 1);
  });

  test('new entries go out at once and the commit index reaches followers within the commit timeout', () => {
    const h = electedCluster(52, THREE, { latency: [2, 2], syncDelay: [1, 1] });
    h.runFor(500);
    const leader = h.leader() as RaftNode;
    const proposed = h.propose('x');
    if (!proposed?.ok) throw new Error('propose failed');
    const start = h.now;
    expect(h.runUntil(() => leader.commitIndex >= proposed.index, 100)).toBe(true);
    expect(h.now - start).toBeLessThanOrEqual(1 + 2 + 1 + 2 + 1);
    const followers = h.liveNodes().filter((node) => node !== leader);
    expect(
      h.runUntil(() => followers.every((node) => node.commitIndex >= proposed.index), 200),
    ).toBe(true);
    expect(h.now - start).toBeLessThanOrEqual(7 + 50 + 2 + 1);
  });

  test('raftTimings scales with raft_multiplier and rejects bad values', () => {
    expect(raftTimings()).toEqual({
      heartbeatTimeout: 1000,
      electionTimeout: 1000,
      leaderLeaseTimeout: 500,
      commitTimeout: 50,
    });
    expect(raftTimings({ raftMultiplier: 3 })).toEqual({
      heartbeatTimeout: 3000,
      electionTimeout: 3000,
      leaderLeaseTimeout: 1500,
      commitTimeout: 150,
    });
    expect(
      raftTimings({
        overrides: { heartbeatTimeout: 50, electionTimeout: 50, leaderLeaseTimeout: 25 },
      }).commitTimeout,
    ).toBe(50);
    expect(() => raftTimings({ raftMultiplier: 11 })).toThrow(
      'raft_multiplier cannot be 11. Must be between 1 and 10',
    );
    expect(() => raftTimings({ overrides: { leaderLeaseTimeout: 2000 } })).toThrow(
      /leaderLeaseTimeout/,
    );
    expect(() => raftTimings({ overrides: { commitTimeout: 0 } })).toThrow(/commitTimeout/);
  });

  test('a follower with a leader campaigns only after [heartbeatTimeout, 2x) of silence', () => {
    const h = electedCluster(53);
    const follower = h.liveNodes().find((node) => node.role === 'follower') as RaftNode;
    h.isolate(follower.id);
    const lastContact = follower.lastContact as number;
    expect(h.runUntil(() => follower.role === 'candidate', 5000)).toBe(true);
    expect(h.now - lastContact).toBeGreaterThanOrEqual(1000);
    expect(h.now - lastContact).toBeLessThan(2000);
  });
});
