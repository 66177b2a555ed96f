/**
 * The ACL replicator state machine driven by hand with virtual times: the round's steps and their
 * order, MinQueryIndex progression, the 10/s rate limit, the 30 s back-off with Nomad's exact log
 * lines, stop() and stale replies, and the replication-token scenarios of spec §12.2.
 */
import { describe, expect, it } from 'vitest';
import type { AclPolicy, AclToken, NomadError } from '../src/acl/index.js';
import { fail, ok, permissionDenied, nomadError } from '../src/acl/index.js';
import { AclReplicator } from '../src/replication/acl-replicator.js';
import type {
  AclReplicationKind,
  ReplicatorApplyEffect,
  ReplicatorEffect,
  ReplicatorFetchEffect,
  ReplicatorListEffect,
} from '../src/replication/acl-replicator.js';

const BACKOFF = 30_000;

function policy(Name: string, Hash: string, ModifyIndex: number): AclPolicy {
  return {
    Name,
    Description: `about ${Name}`,
    Rules: `namespace "default" { policy = "read" }`,
    Hash,
    CreateIndex: ModifyIndex,
    ModifyIndex,
  };
}

function token(AccessorID: string, Hash: string, ModifyIndex: number, Global = true): AclToken {
  return {
    AccessorID,
    SecretID: `secret-of-${AccessorID}`,
    Name: `token ${AccessorID}`,
    Type: 'client',
    Policies: ['ops'],
    Roles: [],
    Global,
    Hash,
    CreateTime: 1234,
    ExpirationTime: null,
    ExpirationTTL: 0,
    CreateIndex: ModifyIndex,
    ModifyIndex,
  };
}

function replicator<K extends AclReplicationKind>(kind: K): AclReplicator<K> {
  return new AclReplicator({ kind, authoritativeRegion: 'global' });
}

/** Takes the effects and returns the only request effect among them, of the expected type. */
function only<T extends ReplicatorEffect['type']>(
  effects: ReplicatorEffect[],
  type: T,
): Extract<ReplicatorEffect, { type: T }> {
  const requests = effects.filter(
    (e) => e.type === 'list' || e.type === 'fetch' || e.type === 'apply',
  );
  expect(requests).toHaveLength(1);
  expect(requests[0]?.type).toBe(type);
  return requests[0] as Extract<ReplicatorEffect, { type: T }>;
}

const logs = (effects: ReplicatorEffect[]) => effects.filter((e) => e.type === 'log');
const rounds = (effects: ReplicatorEffect[]) => effects.filter((e) => e.type === 'round');

/** Starts a replicator and returns it with its first list effect. */
function started<K extends AclReplicationKind>(
  kind: K,
  now = 0,
): { r: AclReplicator<K>; list: ReplicatorListEffect } {
  const r = replicator(kind);
  r.start(now);
  return { r, list: only(r.takeEffects(), 'list') };
}

describe('start-up', () => {
  it('logs Nomad DEBUG start-up lines and lists from index 0 at once', () => {
    const pol = replicator('policies');
    pol.start(500);
    const effects = pol.takeEffects();
    expect(effects[0]).toEqual({
      type: 'log',
      level: 'DEBUG',
      message: 'starting ACL policy replication from authoritative region',
      fields: { authoritative_region: 'global' },
    });
    expect(effects[1]).toEqual({
      type: 'list',
      kind: 'policies',
      requestId: 1,
      round: 1,
      region: 'global',
      minQueryIndex: 0,
    });
    expect(effects).toHaveLength(2);
    expect(pol.nextDeadline()).toBe(Number.POSITIVE_INFINITY);

    const tok = replicator('tokens');
    tok.start(0);
    expect(logs(tok.takeEffects())).toEqual([
      {
        type: 'log',
        level: 'DEBUG',
        message: 'starting ACL token replication from authoritative region',
        fields: { authoritative_region: 'global' },
      },
    ]);
  });
});

describe('a full round', () => {
  it('first round from index 0: deletes first, then fetches with MinQueryIndex-1, then upserts, then lists from the remote index', () => {
    const { r, list } = started('policies');
    const remote = [
      policy('ops', 'h-ops-2', 40),
      policy('dev', 'h-dev', 41),
      policy('same', 'h-same', 12),
    ];
    const local = [
      policy('ops', 'h-ops-1', 5),
      policy('old', 'h-old', 6),
      policy('same', 'h-same', 7),
    ];
    r.onListResult(10, list.requestId, ok({ items: remote, index: 42 }), local);

    const del = only(r.takeEffects(), 'apply');
    expect(del).toMatchObject({
      step: 'delete',
      command: { type: 'acl.policy.delete', names: ['old'] },
      round: 1,
    });
    expect(r.status().phase).toBe('deleting');

    r.onApplyResult(20, del.requestId, ok({ index: 100 }));
    const fetch = only(r.takeEffects(), 'fetch');
    expect(fetch).toMatchObject({
      kind: 'policies',
      region: 'global',
      ids: ['dev', 'ops'],
      minQueryIndex: 41,
    });

    const fetched = [policy('dev', 'h-dev', 41), policy('ops', 'h-ops-2', 40)];
    r.onFetchResult(30, fetch.requestId, ok(fetched));
    const upsert = only(r.takeEffects(), 'apply');
    expect(upsert.step).toBe('upsert');
    expect(upsert.command).toEqual({ type: 'acl.policy.upsert', policies: fetched });

    r.onApplyResult(40, upsert.requestId, ok({ index: 101 }));
    const effects = r.takeEffects();
    expect(rounds(effects)).toEqual([
      {
        type: 'round',
        what: 'policies',
        round: 1,
        upserted: 2,
        deleted: 1,
        remoteIndex: 42,
        error: null,
      },
    ]);
    expect(only(effects, 'list')).toMatchObject({ minQueryIndex: 42, round: 2 });
    expect(r.status()).toEqual({ phase: 'listing', round: 2, minQueryIndex: 42 });
  });

  it('skips the delete step when nothing is extra, and the fetch when nothing is outdated', () => {
    const { r, list } = started('policies');
    r.onListResult(1, list.requestId, ok({ items: [policy('a', 'x', 3)], index: 3 }), []);
    const fetch = only(r.takeEffects(), 'fetch');
    r.onFetchResult(2, fetch.requestId, ok([policy('a', 'x', 3)]));
    const upsert = only(r.takeEffects(), 'apply');
    r.onApplyResult(3, upsert.requestId, ok({ index: 9 }));
    const list2 = only(r.takeEffects(), 'list');

    r.onListResult(4, list2.requestId, ok({ items: [policy('a', 'x', 3)], index: 5 }), [
      policy('a', 'x', 9),
    ]);
    const effects = r.takeEffects();
    expect(rounds(effects)).toEqual([
      {
        type: 'round',
        what: 'policies',
        round: 2,
        upserted: 0,
        deleted: 0,
        remoteIndex: 5,
        error: null,
      },
    ]);
    expect(only(effects, 'list').minQueryIndex).toBe(5);
  });

  it('a fetch that finds nothing (deleted meanwhile) ends the round without an upsert', () => {
    const { r, list } = started('policies');
    r.onListResult(1, list.requestId, ok({ items: [policy('gone', 'x', 3)], index: 3 }), []);
    const fetch = only(r.takeEffects(), 'fetch');
    r.onFetchResult(2, fetch.requestId, ok([]));
    const effects = r.takeEffects();
    expect(rounds(effects)[0]).toMatchObject({
      upserted: 0,
      deleted: 0,
      remoteIndex: 3,
      error: null,
    });
    expect(only(effects, 'list').minQueryIndex).toBe(3);
  });

  it('uses the previous round index as lastRemoteIndex: a differing hash not newer than it is left alone', () => {
    const { r, list } = started('policies');
    r.onListResult(1, list.requestId, ok({ items: [], index: 10 }), []);
    const list2 = only(r.takeEffects(), 'list');
    expect(list2.minQueryIndex).toBe(10);
    // remote 'a' ModifyIndex 10 <= 10 with another hash: not fetched; 'b' ModifyIndex 11 is.
    r.onListResult(
      2,
      list2.requestId,
      ok({ items: [policy('a', 'h2', 10), policy('b', 'h2', 11)], index: 11 }),
      [policy('a', 'h1', 1), policy('b', 'h1', 2)],
    );
    expect(only(r.takeEffects(), 'fetch').ids).toEqual(['b']);
  });
});

describe('rate limiting', () => {
  /** Answers every list at once with an empty, in-sync reply; returns the times rounds started. */
  function runEmptyRounds(until: number, step: number): number[] {
    const r = replicator('policies');
    const starts: number[] = [];
    const drain = (now: number): void => {
      for (let guard = 0; guard < 1000; guard++) {
        const lists = r.takeEffects().filter((e): e is ReplicatorListEffect => e.type === 'list');
        if (lists.length === 0) return;
        for (const l of lists) {
          starts.push(now);
          r.onListResult(now, l.requestId, ok({ items: [], index: 7 }), []);
        }
      }
      throw new Error('rounds never stopped');
    };
    r.start(0);
    drain(0);
    for (let now = step; now <= until; now += step) {
      if (r.nextDeadline() <= now) r.tick(now);
      drain(now);
    }
    return starts;
  }

  it('lets a burst of 10 rounds start at once, then one per 100 ms', () => {
    const starts = runEmptyRounds(1000, 10);
    expect(starts.filter((t) => t === 0)).toHaveLength(10);
    expect(starts.slice(10, 14)).toEqual([100, 200, 300, 400]);
    expect(starts.filter((t) => t < 1000)).toHaveLength(19);
  });

  it('never starts more than burst + rate*seconds rounds in any window', () => {
    const starts = runEmptyRounds(5000, 7);
    for (const t0 of starts) {
      const inWindow = starts.filter((t) => t >= t0 && t < t0 + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(20);
    }
    expect(starts.filter((t) => t >= 2000 && t < 3000).length).toBeLessThanOrEqual(11);
  });

  it('reports the rate-limit wait as its next deadline and ticking early does nothing', () => {
    const r = new AclReplicator({
      kind: 'tokens',
      authoritativeRegion: 'global',
      burst: 1,
      rateLimitPerSecond: 4,
    });
    r.start(0);
    const l = only(r.takeEffects(), 'list');
    r.onListResult(10, l.requestId, ok({ items: [], index: 1 }), []);
    expect(r.takeEffects().filter((e) => e.type === 'list')).toEqual([]);
    expect(r.status().phase).toBe('waitingForRateLimit');
    expect(r.nextDeadline()).toBe(250);
    r.tick(249);
    expect(r.takeEffects()).toEqual([]);
    r.tick(250);
    expect(only(r.takeEffects(), 'list').minQueryIndex).toBe(1);
  });
});

describe('errors and the 30 s back-off', () => {
  const errorLog = (message: string, error: string) => ({
    type: 'log',
    level: 'ERROR',
    message,
    fields: { error },
  });

  /** Checks the back-off: nothing before `now + 30 s`, then a list from `minQueryIndex`. */
  function expectRetryAfterBackoff(
    r: AclReplicator<AclReplicationKind>,
    failedAt: number,
    minQueryIndex: number,
  ): ReplicatorListEffect {
    expect(r.nextDeadline()).toBe(failedAt + BACKOFF);
    expect(r.status().phase).toBe('backingOff');
    r.tick(failedAt + BACKOFF - 1);
    expect(r.takeEffects()).toEqual([]);
    r.tick(failedAt + BACKOFF);
    const list = only(r.takeEffects(), 'list');
    expect(list.minQueryIndex).toBe(minQueryIndex);
    return list;
  }

  /** A replicator that completed one empty round at remote index 9 and now waits on round 2's list. */
  function afterOneRound<K extends AclReplicationKind>(
    kind: K,
  ): { r: AclReplicator<K>; list: ReplicatorListEffect } {
    const { r, list } = started(kind);
    r.onListResult(1, list.requestId, ok({ items: [], index: 9 }), []);
    return { r, list: only(r.takeEffects(), 'list') };
  }

  it('list error: ERROR log, round record, retry after 30 s from the previous MinQueryIndex', () => {
    const { r, list } = afterOneRound('policies');
    r.onListResult(100, list.requestId, fail(permissionDenied()), []);
    const effects = r.takeEffects();
    expect(logs(effects)).toEqual([
      errorLog('failed to fetch policies from authoritative region', 'Permission denied'),
    ]);
    expect(rounds(effects)).toEqual([
      {
        type: 'round',
        what: 'policies',
        round: 2,
        upserted: 0,
        deleted: 0,
        remoteIndex: 9,
        error: 'Permission denied',
      },
    ]);
    expect(effects.filter((e) => e.type === 'list')).toEqual([]);
    expectRetryAfterBackoff(r, 100, 9);
  });

  it('fetch error uses the fetch line too', () => {
    const { r, list } = afterOneRound('tokens');
    r.onListResult(100, list.requestId, ok({ items: [token('t1', 'h', 20)], index: 20 }), []);
    const fetch = only(r.takeEffects(), 'fetch') as ReplicatorFetchEffect;
    expect(fetch.minQueryIndex).toBe(19);
    r.onFetchResult(150, fetch.requestId, fail(nomadError(500, 'No cluster leader')));
    expect(logs(r.takeEffects())).toEqual([
      errorLog('failed to fetch tokens from authoritative region', 'No cluster leader'),
    ]);
    expectRetryAfterBackoff(r, 150, 9);
  });

  it('delete error: `failed to delete policies`, nothing fetched', () => {
    const { r, list } = afterOneRound('policies');
    r.onListResult(100, list.requestId, ok({ items: [policy('new', 'h', 20)], index: 20 }), [
      policy('old', 'h', 3),
    ]);
    const del = only(r.takeEffects(), 'apply') as ReplicatorApplyEffect;
    r.onApplyResult(
      120,
      del.requestId,
      fail(nomadError(500, 'leadership lost while committing log')),
    );
    const effects = r.takeEffects();
    expect(logs(effects)).toEqual([
      errorLog('failed to delete policies', 'leadership lost while committing log'),
    ]);
    expect(rounds(effects)[0]).toMatchObject({
      deleted: 0,
      upserted: 0,
      remoteIndex: 20,
      error: 'leadership lost while committing log',
    });
    expect(effects.filter((e) => e.type === 'fetch')).toEqual([]);
    expectRetryAfterBackoff(r, 120, 9);
  });

  it('upsert error: `failed to update tokens`, the deletes already done are counted', () => {
    const { r, list } = afterOneRound('tokens');
    r.onListResult(100, list.requestId, ok({ items: [token('new', 'h', 20)], index: 20 }), [
      token('old', 'h', 3),
    ]);
    const del = only(r.takeEffects(), 'apply');
    r.onApplyResult(110, del.requestId, ok({ index: 50 }));
    const fetch = only(r.takeEffects(), 'fetch');
    r.onFetchResult(120, fetch.requestId, ok([token('new', 'h', 20)]));
    const upsert = only(r.takeEffects(), 'apply');
    r.onApplyResult(130, upsert.requestId, fail(nomadError(500, 'node is not the leader')));
    const effects = r.takeEffects();
    expect(logs(effects)).toEqual([errorLog('failed to update tokens', 'node is not the leader')]);
    expect(rounds(effects)[0]).toMatchObject({
      what: 'tokens',
      deleted: 1,
      upserted: 0,
      error: 'node is not the leader',
    });
    expectRetryAfterBackoff(r, 130, 9);
  });

  it('other policy/token lines: `failed to update policies`, `failed to delete tokens`', () => {
    const { r: pol, list: pl } = started('policies');
    pol.onListResult(1, pl.requestId, ok({ items: [policy('a', 'h', 2)], index: 2 }), []);
    const pf = only(pol.takeEffects(), 'fetch');
    pol.onFetchResult(2, pf.requestId, ok([policy('a', 'h', 2)]));
    pol.onApplyResult(
      3,
      only(pol.takeEffects(), 'apply').requestId,
      fail(nomadError(500, 'timed out enqueuing operation')),
    );
    expect(logs(pol.takeEffects())).toEqual([
      errorLog('failed to update policies', 'timed out enqueuing operation'),
    ]);

    const { r: tok, list: tl } = started('tokens');
    tok.onListResult(1, tl.requestId, ok({ items: [], index: 2 }), [token('old', 'h', 1)]);
    tok.onApplyResult(
      2,
      only(tok.takeEffects(), 'apply').requestId,
      fail(nomadError(500, 'timed out enqueuing operation')),
    );
    expect(logs(tok.takeEffects())).toEqual([
      errorLog('failed to delete tokens', 'timed out enqueuing operation'),
    ]);
  });
});

describe('stop() and stale replies', () => {
  it('after stop, late replies are ignored and nothing is emitted', () => {
    const { r, list } = started('policies');
    r.stop();
    expect(r.running).toBe(false);
    r.onListResult(10, list.requestId, ok({ items: [policy('a', 'h', 1)], index: 5 }), [
      policy('b', 'h', 1),
    ]);
    r.tick(100_000);
    expect(r.takeEffects()).toEqual([]);
    expect(r.nextDeadline()).toBe(Number.POSITIVE_INFINITY);
    expect(r.status().phase).toBe('stopped');
  });

  it('stop drops untaken requests but keeps the lines already logged', () => {
    const r = replicator('tokens');
    r.start(0);
    r.stop();
    expect(r.takeEffects().map((e) => e.type)).toEqual(['log']);
  });

  it('stop during a back-off cancels the retry; stop during an apply ignores its result', () => {
    const { r, list } = started('policies');
    r.onListResult(1, list.requestId, fail(permissionDenied()), []);
    r.takeEffects();
    r.stop();
    r.tick(BACKOFF * 3);
    expect(r.takeEffects()).toEqual([]);

    const second = started('policies');
    second.r.onListResult(1, second.list.requestId, ok({ items: [], index: 4 }), [
      policy('x', 'h', 1),
    ]);
    const del = only(second.r.takeEffects(), 'apply');
    second.r.stop();
    second.r.onApplyResult(2, del.requestId, ok({ index: 9 }));
    expect(second.r.takeEffects()).toEqual([]);
  });

  it('a restart begins again from index 0 and ignores replies to the previous run', () => {
    const { r, list } = started('policies');
    r.onListResult(1, list.requestId, ok({ items: [], index: 30 }), []);
    const oldList = only(r.takeEffects(), 'list');
    expect(oldList.minQueryIndex).toBe(30);
    r.stop();
    r.start(50);
    const effects = r.takeEffects();
    expect(logs(effects)).toHaveLength(1);
    const newList = only(effects, 'list');
    expect(newList.minQueryIndex).toBe(0);
    expect(newList.requestId).toBeGreaterThan(oldList.requestId);
    r.onListResult(60, oldList.requestId, ok({ items: [], index: 31 }), [policy('keep', 'h', 1)]);
    expect(r.takeEffects()).toEqual([]);
    expect(r.status().phase).toBe('listing');
  });
});

describe('replication token scenarios (spec §12.2)', () => {
  /** Runs token rounds that keep failing with `error`; returns the times of the ERROR lines. */
  function failingTokenRounds(
    error: NomadError,
    rounds: number,
  ): Array<{ t: number; message: string; error: string | undefined }> {
    const r = replicator('tokens');
    r.start(0);
    const out: Array<{ t: number; message: string; error: string | undefined }> = [];
    let now = 0;
    for (let i = 0; i < rounds; i++) {
      const list = only(r.takeEffects(), 'list');
      expect(list.minQueryIndex).toBe(0);
      now += 5; // the RPC takes a few ms
      r.onListResult(now, list.requestId, fail(error), []);
      for (const e of logs(r.takeEffects()))
        out.push({ t: now, message: e.message, error: e.fields['error'] });
      now = r.nextDeadline();
      r.tick(now);
    }
    return out;
  }

  it('empty token: the anonymous policy list deletes every other local policy', () => {
    const { r, list } = started('policies');
    const local = [
      policy('anonymous', 'ha', 3),
      policy('ops', 'ho', 4),
      policy('readonly', 'hr', 5),
    ];
    r.onListResult(
      10,
      list.requestId,
      ok({ items: [policy('anonymous', 'ha', 8)], index: 8 }),
      local,
    );
    const del = only(r.takeEffects(), 'apply');
    expect(del.command).toEqual({ type: 'acl.policy.delete', names: ['ops', 'readonly'] });
    r.onApplyResult(20, del.requestId, ok({ index: 12 }));
    const effects = r.takeEffects();
    expect(rounds(effects)[0]).toMatchObject({
      deleted: 2,
      upserted: 0,
      error: null,
      remoteIndex: 8,
    });
    expect(effects.filter((e) => e.type === 'fetch')).toEqual([]);
  });

  it('empty or non-management token: token replication fails with Permission denied every 30 s', () => {
    const lines = failingTokenRounds(permissionDenied(), 4);
    expect(lines).toEqual(
      [0, 1, 2, 3].map((i) => ({
        t: 5 + i * (BACKOFF + 5),
        message: 'failed to fetch tokens from authoritative region',
        error: 'Permission denied',
      })),
    );
  });

  it('non-management token: the policy list shrinks to the linked policies, the others are deleted', () => {
    const { r, list } = started('policies');
    const local = [policy('ops', 'ho', 3), policy('readonly', 'hr', 4), policy('dev', 'hd', 5)];
    r.onListResult(
      10,
      list.requestId,
      ok({ items: [policy('readonly', 'hr2', 9)], index: 9 }),
      local,
    );
    const del = only(r.takeEffects(), 'apply');
    expect(del.command).toEqual({ type: 'acl.policy.delete', names: ['dev', 'ops'] });
    r.onApplyResult(11, del.requestId, ok({ index: 20 }));
    expect(only(r.takeEffects(), 'fetch').ids).toEqual(['readonly']);
  });

  it('unreachable authoritative region: `No path to region` retried every 30 s, and an RPC timeout likewise', () => {
    const noPath = failingTokenRounds(nomadError(500, 'No path to region'), 3);
    expect(noPath.map((l) => [l.t, l.error])).toEqual([
      [5, 'No path to region'],
      [30_010, 'No path to region'],
      [60_015, 'No path to region'],
    ]);
    const timeout = failingTokenRounds(
      nomadError(500, 'rpc error: timeout waiting for response'),
      2,
    );
    expect(timeout.map((l) => l.t)).toEqual([5, 30_010]);
  });

  it('local non-global tokens are untouched; local global ones are replaced by the authoritative set', () => {
    const { r, list } = started('tokens');
    const local = [token('local-1', 'hl', 3, false), token('own-bootstrap', 'hb', 4, true)];
    const remote = [token('global-bootstrap', 'hg', 7)];
    r.onListResult(10, list.requestId, ok({ items: remote, index: 7 }), local);
    const del = only(r.takeEffects(), 'apply');
    expect(del.command).toEqual({ type: 'acl.token.delete', accessorIds: ['own-bootstrap'] });
    r.onApplyResult(11, del.requestId, ok({ index: 30 }));
    const fetch = only(r.takeEffects(), 'fetch');
    expect(fetch.ids).toEqual(['global-bootstrap']);
    r.onFetchResult(12, fetch.requestId, ok(remote));
    const upsert = only(r.takeEffects(), 'apply');
    expect(upsert.command).toEqual({ type: 'acl.token.upsert', tokens: remote });
    if (upsert.command.type !== 'acl.token.upsert') throw new Error('unreachable');
    expect(upsert.command.tokens[0]).toMatchObject({
      SecretID: 'secret-of-global-bootstrap',
      CreateTime: 1234,
      Hash: 'hg',
    });
  });
});

describe('programmer errors throw', () => {
  it('bad options', () => {
    expect(
      () => new AclReplicator({ kind: 'widgets' as 'tokens', authoritativeRegion: 'global' }),
    ).toThrow('unknown ACL replication kind "widgets"');
    expect(() => new AclReplicator({ kind: 'tokens', authoritativeRegion: '' })).toThrow(
      RangeError,
    );
    expect(
      () => new AclReplicator({ kind: 'tokens', authoritativeRegion: 'g', rateLimitPerSecond: 0 }),
    ).toThrow('rateLimitPerSecond');
    expect(() => new AclReplicator({ kind: 'tokens', authoritativeRegion: 'g', burst: 0 })).toThrow(
      'burst',
    );
    expect(
      () => new AclReplicator({ kind: 'tokens', authoritativeRegion: 'g', backoffMs: -1 }),
    ).toThrow('backoffMs');
  });

  it('misuse by the driver', () => {
    const { r, list } = started('policies', 100);
    expect(() => r.start(100)).toThrow('already running');
    expect(() => r.tick(99)).toThrow('time went backwards');
    expect(() => r.onListResult(100, 99, ok({ items: [], index: 1 }), [])).toThrow(
      'unknown requestId 99',
    );
    expect(() => r.onApplyResult(100, list.requestId, ok({ index: 1 }))).toThrow(
      'waiting in phase listing',
    );
    expect(() => r.onListResult(100, list.requestId, ok({ items: [], index: -1 }), [])).toThrow(
      'list reply index',
    );
  });
});
