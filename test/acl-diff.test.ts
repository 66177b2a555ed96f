/**
 * The replication diff (spec §12.2 step 3): table cases for each rule, and fast-check properties
 * against a deliberately simple oracle written straight from the spec's sentences.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffAclPolicies, diffAclTokens } from '../src/replication/acl-diff.js';
import type { PolicyStubLike, TokenStubLike } from '../src/replication/acl-diff.js';

const p = (Name: string, Hash: string, ModifyIndex: number): PolicyStubLike => ({
  Name,
  Hash,
  ModifyIndex,
});
const t = (
  AccessorID: string,
  Hash: string,
  ModifyIndex: number,
  Global = true,
): TokenStubLike => ({ AccessorID, Hash, ModifyIndex, Global });

describe('diffAclPolicies', () => {
  it('first round from index 0: missing locally -> update, changed hash -> update, extra local -> delete', () => {
    const local = [p('ops', 'h1', 3), p('old', 'h9', 4), p('same', 'hs', 5)];
    const remote = [p('same', 'hs', 20), p('ops', 'h2', 21), p('dev', 'hd', 22)];
    expect(diffAclPolicies(local, remote, 0)).toEqual({ delete: ['old'], update: ['dev', 'ops'] });
  });

  it('a differing hash is ignored when the remote entry is not newer than the last remote index', () => {
    expect(diffAclPolicies([p('ops', 'h1', 3)], [p('ops', 'h2', 10)], 10)).toEqual({
      delete: [],
      update: [],
    });
    expect(diffAclPolicies([p('ops', 'h1', 3)], [p('ops', 'h2', 11)], 10)).toEqual({
      delete: [],
      update: ['ops'],
    });
  });

  it('a newer remote entry with the same hash is not fetched again', () => {
    expect(diffAclPolicies([p('ops', 'h1', 3)], [p('ops', 'h1', 50)], 10)).toEqual({
      delete: [],
      update: [],
    });
  });

  it('anonymous-only remote list deletes every other local policy (empty replication token)', () => {
    const local = [p('anonymous', 'ha', 7), p('ops', 'h1', 8), p('dev', 'h2', 9)];
    expect(diffAclPolicies(local, [p('anonymous', 'ha', 12)], 0)).toEqual({
      delete: ['dev', 'ops'],
      update: [],
    });
  });

  it('output is sorted and de-duplicated', () => {
    const remote = [p('zeta', 'a', 1), p('alpha', 'a', 1), p('zeta', 'a', 1), p('Beta', 'a', 1)];
    expect(diffAclPolicies([], remote, 0).update).toEqual(['Beta', 'alpha', 'zeta']);
  });

  it('rejects a negative or fractional lastRemoteIndex', () => {
    expect(() => diffAclPolicies([], [], -1)).toThrow(RangeError);
    expect(() => diffAclPolicies([], [], 1.5)).toThrow(
      'lastRemoteIndex must be a non-negative integer, got 1.5',
    );
  });
});

describe('diffAclTokens', () => {
  it('local non-global tokens are never deleted', () => {
    const local = [t('a-local', 'h', 3, false), t('b-global', 'h', 4, true)];
    expect(diffAclTokens(local, [], 0)).toEqual({ delete: ['b-global'], update: [] });
  });

  it('keys by AccessorID and applies the same update rules', () => {
    const local = [t('acc-1', 'h1', 3), t('acc-2', 'h2', 3)];
    const remote = [t('acc-1', 'h1x', 9), t('acc-2', 'h2x', 5), t('acc-3', 'h3', 9)];
    expect(diffAclTokens(local, remote, 5)).toEqual({ delete: [], update: ['acc-1', 'acc-3'] });
  });
});

// ---------------------------------------------------------------- oracle properties

interface Entry {
  key: string;
  hash: string;
  index: number;
  global: boolean;
}

/** The spec's rules, one sentence each, with linear scans and no cleverness. */
function oracle(
  local: Entry[],
  remote: Entry[],
  last: number,
  tokens: boolean,
): { delete: string[]; update: string[] } {
  const considered = tokens ? local.filter((l) => l.global) : local;
  const update: string[] = [];
  for (const r of remote) {
    const l = considered.find((x) => x.key === r.key);
    if (l === undefined) update.push(r.key);
    else if (r.index > last && r.hash !== l.hash) update.push(r.key);
  }
  const del: string[] = [];
  for (const l of considered) if (!remote.some((r) => r.key === l.key)) del.push(l.key);
  return { delete: del.sort(), update: update.sort() };
}

const entry = fc.record({
  key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'anonymous', 'Z-1'),
  hash: fc.constantFrom('h1', 'h2', 'h3'),
  index: fc.integer({ min: 0, max: 30 }),
  global: fc.boolean(),
});
const side = fc.uniqueArray(entry, { selector: (e) => e.key, maxLength: 10 });
const last = fc.integer({ min: 0, max: 30 });

describe('diff vs oracle', () => {
  it('policies', () => {
    fc.assert(
      fc.property(side, side, last, (local, remote, lastIndex) => {
        const asPolicy = (e: Entry): PolicyStubLike => p(e.key, e.hash, e.index);
        const got = diffAclPolicies(local.map(asPolicy), remote.map(asPolicy), lastIndex);
        expect(got).toEqual(oracle(local, remote, lastIndex, false));
      }),
      { numRuns: 500 },
    );
  });

  it('tokens', () => {
    fc.assert(
      fc.property(side, side, last, (local, remote, lastIndex) => {
        const asToken = (e: Entry): TokenStubLike => t(e.key, e.hash, e.index, e.global);
        const got = diffAclTokens(local.map(asToken), remote.map(asToken), lastIndex);
        expect(got).toEqual(oracle(local, remote, lastIndex, true));
        const localOnly = local.filter((l) => !l.global).map((l) => l.key);
        for (const key of localOnly) expect(got.delete).not.toContain(key);
      }),
      { numRuns: 500 },
    );
  });

  it('applying the diff to a local copy that was in sync at lastIndex yields the remote set', () => {
    // Local copies at or below `last` are exactly the remote ones; newer remote entries may differ.
    fc.assert(
      fc.property(side, side, last, (remote, staleLocal, lastIndex) => {
        const local = new Map<string, string>(staleLocal.map((e) => [e.key, e.hash]));
        for (const r of remote) if (r.index <= lastIndex) local.set(r.key, r.hash);
        const asPolicy = (key: string, hash: string): PolicyStubLike => p(key, hash, 0);
        const d = diffAclPolicies(
          [...local].map(([k, h]) => asPolicy(k, h)),
          remote.map((e) => p(e.key, e.hash, e.index)),
          lastIndex,
        );
        for (const key of d.delete) local.delete(key);
        for (const key of d.update)
          local.set(key, remote.find((r) => r.key === key)?.hash ?? 'missing');
        expect(new Map([...local].sort())).toEqual(
          new Map(remote.map((r) => [r.key, r.hash] as [string, string]).sort()),
        );
      }),
      { numRuns: 300 },
    );
  });
});
