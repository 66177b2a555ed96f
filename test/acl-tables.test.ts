/**
 * ACL tables: index semantics of every write (spec §11), read ordering and filters, and the
 * snapshot property: any operation sequence, snapshot -> msgpackr -> restore at any point, then
 * the same further operations, gives identical reads.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pack, unpack } from 'msgpackr';
import { AclTables } from '../src/acl/state/tables.js';
import type { AclIndexName } from '../src/acl/state/tables.js';
import { applyAclCommand, isAclCommand } from '../src/acl/state/commands.js';
import type { AclCommand } from '../src/acl/state/commands.js';
import { newPolicy } from '../src/acl/policy/stored-policy.js';
import type { AclToken } from '../src/acl/token/token.js';
import { withHash } from '../src/acl/token/token.js';

function token(accessor: string, overrides: Partial<AclToken> = {}): AclToken {
  return withHash({
    AccessorID: accessor,
    SecretID: `secret-${accessor}`,
    Name: accessor,
    Type: 'client',
    Policies: ['p'],
    Roles: [],
    Global: false,
    Hash: '',
    CreateTime: 0,
    ExpirationTime: null,
    ExpirationTTL: 0,
    CreateIndex: 0,
    ModifyIndex: 0,
    ...overrides,
  });
}

describe('policy writes', () => {
  it('stamp raft indexes, keep CreateIndex on update, bump the table on no-op deletes', () => {
    const t = new AclTables();
    expect(t.tableIndex('acl_policy')).toBe(0);
    expect(t.queryIndex('acl_policy')).toBe(1);
    t.upsertPolicies(10, [
      newPolicy({ Name: 'readonly', Rules: 'a' }),
      newPolicy({ Name: 'anonymous', Description: 'anon', Rules: 'b' }),
    ]);
    expect(t.policyByName('readonly')).toMatchObject({ CreateIndex: 10, ModifyIndex: 10 });
    t.upsertPolicies(12, [newPolicy({ Name: 'readonly', Rules: 'c' })]);
    expect(t.policyByName('readonly')).toMatchObject({
      Rules: 'c',
      CreateIndex: 10,
      ModifyIndex: 12,
    });
    expect(t.tableIndex('acl_policy')).toBe(12);
    t.deletePolicies(13, ['missing']);
    expect(t.tableIndex('acl_policy')).toBe(13);
    expect(t.listPolicies().map((p) => p.Name)).toEqual(['anonymous', 'readonly']);
    t.deletePolicies(14, ['anonymous']);
    expect(t.policyByName('anonymous')).toBeNull();
    expect(t.tableIndex('acl_token')).toBe(0);
  });

  it('list by name order with prefix; stubs have no rules', () => {
    const t = new AclTables();
    t.upsertPolicies(
      5,
      ['ops-b', 'dev', 'ops-a', 'Ops'].map((Name) => newPolicy({ Name, Rules: '' })),
    );
    expect(t.listPolicies().map((p) => p.Name)).toEqual(['Ops', 'dev', 'ops-a', 'ops-b']);
    expect(t.listPolicies('ops').map((p) => p.Name)).toEqual(['ops-a', 'ops-b']);
    expect(t.listPolicyStubs()[0]).not.toHaveProperty('Rules');
  });

  it('refuses writes without a hash or at index 0 (programmer errors)', () => {
    const t = new AclTables();
    expect(() =>
      t.upsertPolicies(5, [{ ...newPolicy({ Name: 'x', Rules: '' }), Hash: '' }]),
    ).toThrow(/missing hash/);
    expect(() => t.deleteTokens(0, [])).toThrow(/invalid raft index/);
  });
});

describe('token writes and reads', () => {
  it('keep CreateIndex, SecretID and CreateTime of an existing token; replicated copies get local indexes', () => {
    const t = new AclTables();
    t.upsertTokens(20, [token('a', { CreateTime: 5 })]);
    t.upsertTokens(25, [token('a', { SecretID: 'other', CreateTime: 99, Name: 'renamed' })]);
    expect(t.tokenByAccessor('a')).toMatchObject({
      SecretID: 'secret-a',
      CreateTime: 5,
      CreateIndex: 20,
      ModifyIndex: 25,
      Name: 'renamed',
    });
    expect(t.tokenBySecret('other')).toBeNull();
    const replica = new AclTables();
    replica.upsertTokens(3, [{ ...token('a'), CreateIndex: 20, ModifyIndex: 25 }]);
    expect(replica.tokenByAccessor('a')).toMatchObject({ CreateIndex: 3, ModifyIndex: 3 });
  });

  it('delete removes both lookups; missing accessors are skipped but bump the index', () => {
    const t = new AclTables();
    t.upsertTokens(4, [token('a'), token('b')]);
    t.deleteTokens(6, ['a', 'zzz']);
    expect(t.tokenByAccessor('a')).toBeNull();
    expect(t.tokenBySecret('secret-a')).toBeNull();
    expect(t.tokenBySecret('secret-b')?.AccessorID).toBe('b');
    expect(t.tableIndex('acl_token')).toBe(6);
  });

  it('lists by CreateIndex then AccessorID (modern) or by AccessorID (tutorial), with prefix and globalOnly', () => {
    const t = new AclTables();
    t.upsertTokens(9, [token('c'), token('a', { Global: true })]);
    t.upsertTokens(8, [token('b', { Global: true })]);
    t.upsertTokens(10, [token('ab')]);
    expect(t.listTokens({ order: 'create-index' }).map((x) => x.AccessorID)).toEqual([
      'b',
      'a',
      'c',
      'ab',
    ]);
    expect(t.listTokens({ order: 'accessor-id' }).map((x) => x.AccessorID)).toEqual([
      'a',
      'ab',
      'b',
      'c',
    ]);
    expect(t.listTokens({ order: 'accessor-id', prefix: 'a' }).map((x) => x.AccessorID)).toEqual([
      'a',
      'ab',
    ]);
    expect(
      t.listTokens({ order: 'create-index', globalOnly: true }).map((x) => x.AccessorID),
    ).toEqual(['b', 'a']);
    expect(t.listTokenStubs({ order: 'accessor-id' })[0]).not.toHaveProperty('SecretID');
  });

  it('returns frozen objects that callers cannot change', () => {
    const t = new AclTables();
    t.upsertTokens(4, [token('a')]);
    const stored = t.tokenByAccessor('a') as AclToken;
    expect(Object.isFrozen(stored) && Object.isFrozen(stored.Policies)).toBe(true);
  });
});

describe('commands', () => {
  it('dispatch by type and report the applied index', () => {
    const t = new AclTables();
    const commands: AclCommand[] = [
      { type: 'acl.policy.upsert', policies: [newPolicy({ Name: 'p', Rules: '' })] },
      { type: 'acl.token.upsert', tokens: [token('a')] },
      { type: 'acl.token.delete', accessorIds: ['a'] },
      { type: 'acl.policy.delete', names: ['p'] },
    ];
    commands.forEach((command, i) => {
      expect(isAclCommand(command)).toBe(true);
      expect(applyAclCommand(t, 30 + i, unpack(pack(command)) as AclCommand)).toEqual({
        ok: true,
        value: { index: 30 + i },
      });
    });
    expect(t.tableIndex('acl_policy')).toBe(33);
    expect(t.tableIndex('acl_token')).toBe(32);
    expect(t.lastAppliedIndex()).toBe(33);
    expect(isAclCommand({ type: 'raft.noop' })).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: snapshot + restore at any point gives identical reads.

const NAMES = ['anonymous', 'ops', 'ops-read', 'dev'];
const ACCESSORS = ['a1', 'a2', 'b1', 'b2'];

const opArb: fc.Arbitrary<AclCommand> = fc.oneof(
  fc.record({
    type: fc.constant('acl.policy.upsert' as const),
    policies: fc.array(
      fc
        .record({ Name: fc.constantFrom(...NAMES), Rules: fc.string({ maxLength: 3 }) })
        .map(newPolicy),
      { maxLength: 3 },
    ),
  }),
  fc.record({ type: fc.constant('acl.policy.delete' as const), names: fc.subarray(NAMES) }),
  fc.record({
    type: fc.constant('acl.token.upsert' as const),
    tokens: fc.array(
      fc
        .record({
          accessor: fc.constantFrom(...ACCESSORS),
          global: fc.boolean(),
          name: fc.string({ maxLength: 2 }),
          time: fc.nat(100),
          variant: fc.nat(3),
        })
        .map((r) =>
          token(r.accessor, {
            Global: r.global,
            Name: r.name,
            CreateTime: r.time,
            SecretID: `secret-${r.accessor}-${r.variant}`,
          }),
        ),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    type: fc.constant('acl.token.delete' as const),
    accessorIds: fc.subarray(ACCESSORS),
  }),
  fc.record({
    type: fc.constant('acl.bootstrap' as const),
    resetIndex: fc.nat(12),
    token: fc
      .constantFrom(...ACCESSORS)
      .map((a) => token(a, { Type: 'management', Policies: [], Global: true })),
  }),
);

/** Every read the tables offer, over the name pools. */
function reads(t: AclTables): unknown {
  const indexNames: AclIndexName[] = ['acl_policy', 'acl_token', 'acl_token_bootstrap'];
  return {
    canBootstrap: t.canBootstrap(),
    indexes: indexNames.map((n) => [t.tableIndex(n), t.queryIndex(n)]),
    last: t.lastAppliedIndex(),
    policies: ['', 'ops', 'x'].map((prefix) => t.listPolicies(prefix)),
    policyStubs: t.listPolicyStubs(),
    byName: NAMES.map((n) => t.policyByName(n)),
    tokens: [true, false].flatMap((globalOnly) =>
      (['create-index', 'accessor-id'] as const).flatMap((order) =>
        ['', 'a', 'b2'].map((prefix) => t.listTokens({ order, prefix, globalOnly })),
      ),
    ),
    stubs: t.listTokenStubs({ order: 'create-index' }),
    byAccessor: ACCESSORS.map((a) => t.tokenByAccessor(a)),
    bySecret: ACCESSORS.flatMap((a) =>
      [0, 1, 2, 3].map((v) => t.tokenBySecret(`secret-${a}-${v}`)),
    ),
  };
}

describe('snapshot and restore', () => {
  it('any operation sequence, restored at any point, answers every read identically', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), fc.nat(25), (ops, cut) => {
        const original = new AclTables();
        let restored: AclTables | null = null;
        ops.forEach((op, i) => {
          if (i === Math.min(cut, ops.length)) {
            restored = new AclTables();
            restored.restore(unpack(pack(original.snapshot())));
            expect(reads(restored)).toEqual(reads(original));
          }
          const a = applyAclCommand(original, i + 1, op);
          if (restored !== null) expect(applyAclCommand(restored, i + 1, op)).toEqual(a);
        });
        const last = restored ?? new AclTables();
        if (restored === null) last.restore(unpack(pack(original.snapshot())));
        expect(reads(last)).toEqual(reads(original));
        expect(last.snapshot()).toEqual(original.snapshot());
      }),
      { numRuns: 200 },
    );
  });

  it('rejects an image that is not an ACL tables snapshot', () => {
    expect(() => new AclTables().restore({ format: 'other' })).toThrow(/acl-tables\/1/);
    expect(() => new AclTables().restore(null)).toThrow();
  });
});

describe('token listing order (kept as tokens come and go)', () => {
  it('matches a plain filter and sort after any sequence of upserts, deletes and restores', () => {
    const accessors = ['a', 'b', 'ab', 'B', 'a1', 'z', 'b0', 'aa'];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('upsert' as const),
        accessor: fc.constantFrom(...accessors),
        global: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('delete' as const), accessor: fc.constantFrom(...accessors) }),
      fc.record({ kind: fc.constant('restore' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.constantFrom('', 'a', 'b'), (ops, prefix) => {
        let t = new AclTables();
        const held = new Map<string, AclToken>();
        ops.forEach((o, i) => {
          const index = i + 1;
          if (o.kind === 'upsert') {
            t.upsertTokens(index, [token(o.accessor, { Global: o.global })]);
            held.set(o.accessor, t.tokenByAccessor(o.accessor) as AclToken);
          } else if (o.kind === 'delete') {
            t.deleteTokens(index, [o.accessor]);
            held.delete(o.accessor);
          } else {
            const copy = new AclTables();
            copy.restore(unpack(pack(t.snapshot())));
            t = copy;
          }
        });
        const byAccessor = (a: AclToken, b: AclToken): number =>
          a.AccessorID < b.AccessorID ? -1 : a.AccessorID > b.AccessorID ? 1 : 0;
        const expected = (globalOnly: boolean) =>
          [...held.values()]
            .filter((x) => x.AccessorID.startsWith(prefix) && (!globalOnly || x.Global))
            .sort(byAccessor);
        for (const globalOnly of [false, true]) {
          expect(
            t.listTokens({ order: 'accessor-id', prefix, globalOnly }).map((x) => x.AccessorID),
          ).toEqual(expected(globalOnly).map((x) => x.AccessorID));
          expect(
            t.listTokenStubs({ order: 'accessor-id', prefix, globalOnly }).map((x) => x.AccessorID),
          ).toEqual(expected(globalOnly).map((x) => x.AccessorID));
          const byCreate = expected(globalOnly).sort(
            (a, b) => a.CreateIndex - b.CreateIndex || byAccessor(a, b),
          );
          expect(
            t.listTokens({ order: 'create-index', prefix, globalOnly }).map((x) => x.AccessorID),
          ).toEqual(byCreate.map((x) => x.AccessorID));
        }
      }),
      { numRuns: 300 },
    );
  });
});
