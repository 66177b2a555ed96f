/**
 * Raft log replication in the deterministic harness: batching, conflict backtracking over
 * divergent logs, the Figure 8 commit rule, snapshots with InstallSnapshot for a follower far
 * behind, membership changes, and durability across crashes.
 */
import { describe, expect, test } from 'vitest';
import { entryDigest } from '../src/raft/index.js';
import type { LogIndex, NodeId, RaftMessage, RaftNode, Term } from '../src/raft/index.js';
import type { RaftBugs } from '../src/raft/index.js';
import { RaftHarness, RaftInvariantViolation, scriptedDisk } from './support/raft-harness.js';

const THREE = ['a', 'b', 'c'];

function electedCluster(
  seed: number,
  extra: Partial<ConstructorParameters<typeof RaftHarness>[0]> = {},
): RaftHarness {
  const h = new RaftHarness({ seed, ids: THREE, ...extra });
  expect(h.runUntil(() => h.leader() !== null, 10_000)).toBe(true);
  h.runFor(50);
  return h;
}

/** Makes `id` campaign at once, as if the leader of `term` had sent it TimeoutNow. */
function forceCampaign(h: RaftHarness, id: string, fromTerm: number, from = 'nobody'): void {
  h.call(id, (node, now) =>
    node.step(now, { type: 'timeoutNow', from: from as NodeId, term: fromTerm as Term }),
  );
}

/** The digests of a node's entries from `from` to its last index. */
function logOf(node: RaftNode, from = 1): string[] {
  const out: string[] = [];
  for (let i = from; i <= node.lastIndex; i++) {
    const entry = node.entryAt(i);
    out.push(entry === undefined ? '?' : `${entry.term}:${entryDigest(entry)}`);
  }
  return out;
}

describe('replication', () => {
  test('entries proposed on the leader are committed and applied everywhere, in batches', () => {
    const h = electedCluster(1);
    const leader = h.leader() as RaftNode;
    for (let i = 0; i < 200; i++) h.propose(`w${i}`);
    expect(
      h.runUntil(() => h.liveNodes().every((node) => node.appliedIndex === leader.lastIndex), 2000),
    ).toBe(true);
    expect(h.acked).toHaveLength(200);
    const reference = logOf(leader);
    for (const node of h.liveNodes()) expect(logOf(node)).toEqual(reference);
    // 200 entries in batches of at most 64: a handful of AppendEntries per follower, not 200.
    expect(h.sentByType.get('appendEntries')).toBeLessThan(30);
  });

  test('followers answer only after their entries are persisted', () => {
    const h = electedCluster(2);
    const follower = h.liveNodes().find((node) => node.role === 'follower') as RaftNode;
    follower.step(h.now, {
      type: 'appendEntries',
      from: follower.leader as NodeId,
      term: follower.term,
      prevLogIndex: follower.lastIndex,
      prevLogTerm: follower.lastTerm,
      entries: [{ index: (follower.lastIndex + 1) as LogIndex, term: follower.term, type: 'noop' }],
      leaderCommit: follower.commitIndex,
    });
    const effects = follower.takeEffects();
    expect(effects.map((effect) => effect.type)).toEqual(['persistEntries', 'send']);
    expect(effects[1]).toMatchObject({
      message: { type: 'appendEntriesResponse', success: true, matchIndex: follower.lastIndex },
    });
  });

  test('backtracking over a long divergent tail takes one rejection per conflicting term', () => {
    const voters = THREE;
    const tail = Array.from({ length: 100 }, () => 3);
    const h = new RaftHarness({
      seed: 3,
      ids: THREE,
      bootstrap: false,
      disks: {
        a: scriptedDisk(5, voters, [2, 4, 4]),
        b: scriptedDisk(5, voters, [2, ...tail]),
        c: scriptedDisk(5, voters, []),
      },
    });
    const rejections: string[] = [];
    h.dropWhere = (from, _to, message) => {
      if (message.type === 'appendEntriesResponse' && !message.success) rejections.push(from);
      return false;
    };
    forceCampaign(h, 'a', 5);
    expect(h.runUntil(() => h.leader()?.id === 'a', 100)).toBe(true);
    const leader = h.node('a');
    expect(
      h.runUntil(() => h.liveNodes().every((node) => node.commitIndex === leader.lastIndex), 1000),
    ).toBe(true);
    expect(logOf(h.node('b'))).toEqual(logOf(leader));
    expect(logOf(h.node('c'))).toEqual(logOf(leader));
    expect(h.node('b').lastIndex).toBe(5);
    expect(rejections.filter((id) => id === 'b')).toHaveLength(1);
    expect(rejections.filter((id) => id === 'c')).toHaveLength(1);
  });

  test('a rejection carries the conflicting term and its first index', () => {
    const h = new RaftHarness({
      seed: 4,
      ids: THREE,
      bootstrap: false,
      disks: { b: scriptedDisk(3, THREE, [2, 3, 3, 3]) },
    });
    const b = h.node('b');
    b.step(h.now, {
      type: 'appendEntries',
      from: 'a' as NodeId,
      term: 4 as Term,
      prevLogIndex: 5 as LogIndex,
      prevLogTerm: 4 as Term,
      entries: [],
      leaderCommit: 0 as LogIndex,
    });
    const sent = b.takeEffects().filter((effect) => effect.type === 'send');
    expect(sent).toEqual([
      {
        type: 'send',
        to: 'a',
        message: {
          type: 'appendEntriesResponse',
          from: 'b',
          term: 4,
          success: false,
          matchIndex: 0,
          rejectedIndex: 5,
          conflictIndex: 3,
          conflictTerm: 3,
        },
      },
    ]);
  });
});

describe('Figure 8: entries of earlier terms are not committed by counting replicas', () => {
  const FIVE = ['s1', 's2', 's3', 's4', 's5'];

  /**
   * s1 leads term 4 with log [1:1, 2:2, 3:4]; s2 already has 2:2, s3 and s4 get 2:2 from s1, but
   * no one else gets s1's entry 3 (term 4). s5 holds a different entry 2:3. Returns the harness at
   * the point where a majority (s1, s3, s4) holds index 2.
   */
  function figure8(bugs: RaftBugs): RaftHarness {
    const h = new RaftHarness({
      seed: 8,
      ids: FIVE,
      bootstrap: false,
      bugs,
      limits: { maxAppendEntries: 1 },
      latency: [2, 2],
      syncDelay: [1, 1],
      disks: {
        s1: scriptedDisk(3, FIVE, [2]),
        s2: scriptedDisk(3, FIVE, [2]),
        s3: scriptedDisk(3, FIVE, []),
        s4: scriptedDisk(3, FIVE, []),
        s5: scriptedDisk(3, FIVE, [3]),
      },
    });
    h.partition([['s1', 's2', 's3', 's4'], ['s5']]);
    h.dropWhere = (from, to, message) =>
      from === 's1' &&
      message.type === 'appendEntries' &&
      message.entries.some((entry) => entry.term === 4) &&
      (to === 's2' || h.node(to).lastIndex >= 2);
    forceCampaign(h, 's1', 3);
    expect(h.runUntil(() => h.leader()?.id === 's1', 100)).toBe(true);
    expect(
      h.runUntil(() => h.node('s3').lastIndex === 2 && h.node('s4').lastIndex === 2, 200),
    ).toBe(true);
    h.runFor(300);
    return h;
  }

  test('the leader waits for an entry of its own term before committing', () => {
    const h = figure8({});
    const s1 = h.node('s1');
    expect(s1.term).toBe(4);
    expect(s1.commitIndex).toBe(0);
    h.dropWhere = null;
    expect(h.runUntil(() => s1.commitIndex === 3, 500)).toBe(true);
  });

  test('so a later leader may legitimately replace the uncommitted entry', () => {
    const h = figure8({});
    h.crash('s1');
    h.dropWhere = null;
    h.heal();
    forceCampaign(h, 's5', 4, 's1');
    expect(h.runUntil(() => h.leader()?.id === 's5', 200)).toBe(true);
    h.restart('s1');
    expect(h.runUntil(() => h.liveNodes().every((node) => node.commitIndex === 3), 3000)).toBe(
      true,
    );
    for (const node of h.liveNodes()) expect(logOf(node, 2)[0]).toBe(logOf(h.node('s5'), 2)[0]);
  });

  test('with the commitOldTermByCounting bug the checker catches the lost commit', () => {
    const h = figure8({ commitOldTermByCounting: true });
    expect(h.node('s1').commitIndex).toBe(2);
    h.crash('s1');
    h.dropWhere = null;
    h.heal();
    expect(() => {
      forceCampaign(h, 's5', 4, 's1');
      h.runFor(1000);
    }).toThrow(RaftInvariantViolation);
  });
});

describe('snapshots', () => {
  const limits = { snapshotThreshold: 20, trailingLogs: 5 };

  test('servers compact their logs, keeping trailingLogs entries behind the snapshot', () => {
    const h = electedCluster(11, { limits });
    for (let i = 0; i < 100; i++) h.propose(`w${i}`);
    expect(
      h.runUntil(
        () => h.liveNodes().every((node) => node.appliedIndex === h.leader()!.lastIndex),
        2000,
      ),
    ).toBe(true);
    for (const node of h.liveNodes()) {
      expect(node.snapshotIndex).toBeGreaterThan(60);
      expect(node.firstIndex).toBe(Math.min(node.snapshotIndex, node.lastIndex - 5) + 1);
      expect(node.shouldSnapshot()).toBe(false);
    }
  });

  test('a follower far behind catches up through InstallSnapshot, and restarts from it', () => {
    const h = electedCluster(12, { limits });
    const leader = h.leader() as RaftNode;
    const behind = THREE.find((id) => id !== leader.id) as string;
    h.isolate(behind);
    for (let i = 0; i < 100; i++) h.propose(`w${i}`);
    h.runFor(1000);
    expect(leader.firstIndex).toBeGreaterThan(h.node(behind).lastIndex + 1);
    h.heal();
    expect(h.runUntil(() => h.server(behind).fsm.index === leader.lastIndex, 2000)).toBe(true);
    expect(h.sentByType.get('installSnapshot')).toBeGreaterThanOrEqual(1);
    expect(h.node(behind).snapshotIndex).toBeGreaterThan(0);
    expect(h.server(behind).fsm).toEqual(h.server(leader.id).fsm);

    h.crash(behind);
    h.restart(behind);
    const restarted = h.node(behind);
    expect(restarted.commitIndex).toBe(restarted.snapshotIndex);
    h.propose('after restart');
    expect(h.runUntil(() => h.server(behind).fsm.index === leader.lastIndex, 1000)).toBe(true);
    expect(h.server(behind).fsm).toEqual(h.server(leader.id).fsm);
  });

  test('a follower only slightly behind catches up from the trailing logs, without a snapshot', () => {
    const h = electedCluster(13, { limits: { snapshotThreshold: 20, trailingLogs: 50 } });
    for (let i = 0; i < 30; i++) h.propose(`w${i}`);
    h.runFor(500);
    const leader = h.leader() as RaftNode;
    const behind = THREE.find((id) => id !== leader.id) as string;
    h.isolate(behind);
    for (let i = 0; i < 30; i++) h.propose(`v${i}`);
    h.runFor(500);
    expect(leader.snapshotIndex).toBeGreaterThan(h.node(behind).lastIndex);
    h.heal();
    expect(h.runUntil(() => h.node(behind).appliedIndex === leader.lastIndex, 2000)).toBe(true);
    expect(h.sentByType.get('installSnapshot') ?? 0).toBe(0);
  });

  test('a voter added after the log was compacted from index 1 starts from the snapshot', () => {
    const h = new RaftHarness({
      seed: 15,
      ids: ['a', 'b', 'c', 'd'],
      bootstrap: false,
      limits: { snapshotThreshold: 10, trailingLogs: 0 },
    });
    h.bootstrap(THREE as NodeId[], { voters: THREE as NodeId[] });
    expect(h.runUntil(() => h.leader() !== null, 10_000)).toBe(true);
    for (let i = 0; i < 30; i++) h.propose(`w${i}`);
    h.runFor(500);
    const leader = h.leader() as RaftNode;
    expect(leader.firstIndex).toBeGreaterThan(1);
    h.call(leader.id, (node, now) =>
      node.proposeConfiguration(now, { type: 'addVoter', id: 'd' as NodeId }),
    );
    expect(h.runUntil(() => h.server('d').fsm.index === leader.lastIndex, 2000)).toBe(true);
    expect(h.sentByType.get('installSnapshot')).toBeGreaterThanOrEqual(1);
    expect(h.server('d').fsm).toEqual(h.server(leader.id).fsm);
  });

  test('snapshotTaken refuses a stale index and rejects one beyond the applied index', () => {
    const h = electedCluster(14);
    const leader = h.leader() as RaftNode;
    h.propose('x');
    h.runFor(100);
    const applied = leader.appliedIndex;
    const data = new Uint8Array([1]);
    expect(() => leader.snapshotTaken(h.now, { index: (applied + 1) as LogIndex, data })).toThrow(
      RangeError,
    );
    expect(leader.snapshotTaken(h.now, { index: applied, data })).toMatchObject({
      ok: true,
      snapshot: { index: applied },
    });
    expect(leader.snapshotTaken(h.now, { index: applied, data })).toMatchObject({
      ok: false,
      reason: 'staleSnapshot',
    });
  });
});

describe('membership', () => {
  function threeOfFour(seed: number): RaftHarness {
    const h = new RaftHarness({ seed, ids: ['a', 'b', 'c', 'd'], bootstrap: false });
    h.bootstrap(THREE as NodeId[], { voters: THREE as NodeId[] });
    expect(h.runUntil(() => h.leader() !== null, 10_000)).toBe(true);
    h.runFor(100);
    return h;
  }

  test('a new server joins through addVoter; one change at a time', () => {
    const h = threeOfFour(21);
    expect(h.node('d').nextDeadline()).toBe(Infinity);
    const leader = h.leader() as RaftNode;
    const added = h.call(leader.id, (node, now) =>
      node.proposeConfiguration(now, { type: 'addVoter', id: 'd' as NodeId }),
    );
    expect(added).toMatchObject({ ok: true });
    expect(leader.configuration.voters).toEqual(['a', 'b', 'c', 'd']);
    const second = h.call(leader.id, (node, now) =>
      node.proposeConfiguration(now, { type: 'removeServer', id: 'c' as NodeId }),
    );
    expect(second).toMatchObject({ ok: false, reason: 'configurationChangeInProgress' });
    expect(h.runUntil(() => h.node('d').commitIndex >= (added.ok ? added.index : 0), 1000)).toBe(
      true,
    );
    expect(h.node('d').configuration.voters).toEqual(['a', 'b', 'c', 'd']);
    expect(h.node('d').nextDeadline()).toBeLessThan(Infinity);
    h.propose('hello d');
    expect(h.runUntil(() => h.server('d').fsm.index === leader.lastIndex, 1000)).toBe(true);
    expect(h.server('d').fsm).toEqual(h.server(leader.id).fsm);
  });

  test('with four voters, two crashed servers stop commits', () => {
    const h = threeOfFour(22);
    const leader = h.leader() as RaftNode;
    h.call(leader.id, (node, now) =>
      node.proposeConfiguration(now, { type: 'addVoter', id: 'd' as NodeId }),
    );
    h.runFor(500);
    const [x, y] = ['a', 'b', 'c', 'd'].filter((id) => id !== leader.id) as [string, string];
    h.crash(x);
    h.crash(y);
    const proposed = h.propose('needs three of four');
    h.runFor(400);
    expect(proposed?.ok).toBe(true);
    expect(leader.commitIndex).toBeLessThan(proposed?.ok ? proposed.index : 0);
  });

  test('a leader that removes itself steps down once the change commits and never campaigns again', () => {
    const h = threeOfFour(23);
    const leader = h.leader() as RaftNode;
    const removed = h.call(leader.id, (node, now) =>
      node.proposeConfiguration(now, { type: 'removeServer', id: leader.id }),
    );
    expect(removed).toMatchObject({ ok: true });
    expect(h.runUntil(() => leader.role !== 'leader', 1000)).toBe(true);
    expect(leader.commitIndex).toBeGreaterThanOrEqual(removed.ok ? removed.index : 0);
    expect(leader.nextDeadline()).toBe(Infinity);
    expect(h.runUntil(() => h.leader() !== null, 10_000)).toBe(true);
    expect(h.leader()!.configuration.voters).toEqual(THREE.filter((id) => id !== leader.id));
    h.runFor(10_000);
    expect(leader.role).toBe('follower');
  });

  test('a removed follower learns of its removal and stops campaigning', () => {
    const h = threeOfFour(24);
    const leader = h.leader() as RaftNode;
    const victim = THREE.find((id) => id !== leader.id) as string;
    const removal = h.call(leader.id, (node, now) =>
      node.proposeConfiguration(now, { type: 'removeServer', id: victim as NodeId }),
    );
    if (!removal.ok) throw new Error(removal.message);
    expect(
      h.runUntil(() => !h.node(victim).configuration.voters.includes(victim as NodeId), 1000),
    ).toBe(true);
    // Until it learns that its removal committed, it may still be needed for an election.
    expect(h.runUntil(() => h.node(victim).commitIndex >= removal.index, 1000)).toBe(true);
    h.runFor(300);
    expect(h.node(victim).nextDeadline()).toBe(Infinity);
    h.runFor(5000);
    expect(h.leader()?.id).toBe(leader.id);
  });

  test('proposals and changes are refused on followers, naming the leader', () => {
    const h = threeOfFour(25);
    const follower = THREE.find((id) => id !== h.leader()!.id) as string;
    expect(h.propose('x', follower)).toMatchObject({
      ok: false,
      reason: 'notLeader',
      leader: h.leader()!.id,
    });
    expect(
      h.call(follower, (node, now) =>
        node.proposeConfiguration(now, { type: 'addVoter', id: 'd' as NodeId }),
      ),
    ).toMatchObject({ ok: false, reason: 'notLeader' });
    const leader = h.leader() as RaftNode;
    expect(
      h.call(leader.id, (node, now) =>
        node.proposeConfiguration(now, { type: 'removeServer', id: 'x' as NodeId }),
      ),
    ).toMatchObject({ ok: true });
  });
});

describe('durability', () => {
  test('a write lost before the leader synced it was never acknowledged', () => {
    const h = electedCluster(31, { syncDelay: [5, 5] });
    const leader = h.leader() as RaftNode;
    const sends: RaftMessage[] = [];
    h.dropWhere = (_from, _to, message) => {
      sends.push(message);
      return false;
    };
    const proposed = h.propose('doomed');
    h.runFor(2);
    h.crash(leader.id);
    expect(sends.filter((message) => message.type === 'appendEntries')).toEqual([]);
    expect(h.server(leader.id).disk.entries.at(-1)?.index).toBeLessThan(
      proposed?.ok ? proposed.index : 0,
    );
    h.checkConverged(10_000);
    expect(h.acked).toEqual([]);
  });

  test('acknowledged writes survive a crash of every server', () => {
    const h = electedCluster(32);
    for (let i = 0; i < 20; i++) h.propose(`w${i}`);
    expect(h.runUntil(() => h.acked.length === 20, 1000)).toBe(true);
    for (const id of THREE) h.crash(id);
    h.runFor(100);
    h.checkConverged(10_000);
    expect(h.leader()!.commitIndex).toBeGreaterThan(h.acked.at(-1)!.index);
  });

  test('a restarted voter remembers its vote and term', () => {
    const h = new RaftHarness({
      seed: 33,
      ids: THREE,
      bootstrap: false,
      disks: { b: scriptedDisk(1, THREE, []) },
    });
    const ask = (from: string): RaftMessage => ({
      type: 'requestVote',
      from: from as NodeId,
      term: 2 as Term,
      lastLogIndex: 1 as LogIndex,
      lastLogTerm: 1 as Term,
      preVote: false,
      leadershipTransfer: false,
    });
    h.call('b', (node, now) => node.step(now, ask('a')));
    h.runFor(10);
    expect(h.server('b').disk).toMatchObject({ term: 2, votedFor: 'a' });
    h.crash('b');
    h.restart('b');
    const b = h.node('b');
    b.step(h.now, ask('c'));
    expect(b.takeEffects()).toEqual([
      {
        type: 'send',
        to: 'c',
        message: expect.objectContaining({ type: 'requestVoteResponse', granted: false, term: 2 }),
      },
    ]);
  });

  test('a vote grant is sent only after the vote is persisted (and the seeded bug flips that)', () => {
    const ask: RaftMessage = {
      type: 'requestVote',
      from: 'a' as NodeId,
      term: 2 as Term,
      lastLogIndex: 1 as LogIndex,
      lastLogTerm: 1 as Term,
      preVote: false,
      leadershipTransfer: false,
    };
    const order = (bugs: RaftBugs): string[] => {
      const h = new RaftHarness({
        seed: 34,
        ids: THREE,
        bootstrap: false,
        bugs,
        disks: { b: scriptedDisk(1, THREE, []) },
      });
      const b = h.node('b');
      b.step(0, ask);
      return b
        .takeEffects()
        .filter(
          (effect) =>
            effect.type === 'send' || (effect.type === 'persistState' && effect.votedFor === 'a'),
        )
        .map((effect) => effect.type);
    };
    expect(order({})).toEqual(['persistState', 'send']);
    expect(order({ voteBeforePersist: true })).toEqual(['send', 'persistState']);
  });
});
