/**
 * The replicator for the objects besides policies and tokens (roles, auth methods, binding rules,
 * namespaces, node pools), driven by hand: each kind has Nomad's log lines, its own key, the same
 * 10/s rate limit and 30 s back-off as policies and tokens, and its own Raft commands; roles and
 * binding rules are written allowing missing policies and auth methods; node pools upsert from the
 * list without a fetch; and no kind spares the built-in objects a caller cannot see.
 */
import { describe, expect, it } from 'vitest';
import { fail, ok, permissionDenied } from '../src/acl/index.js';
import { AclReplicator } from '../src/replication/acl-replicator.js';
import type {
  AclReplicationKind,
  ReplicatorEffect,
  ReplicatorListEffect,
} from '../src/replication/acl-replicator.js';
import { OBJECT_REPLICATION_KINDS } from '../src/replication/object-replication-kinds.js';
import { newNamespace } from '../src/server/state/namespace.js';
import { builtInNodePools, newNodePool } from '../src/server/state/node-pool.js';

const BACKOFF = 30_000;

function only(effects: ReplicatorEffect[], type: 'list' | 'fetch' | 'apply') {
  const requests = effects.filter(
    (e) => e.type === 'list' || e.type === 'fetch' || e.type === 'apply',
  );
  expect(requests.map((r) => r.type)).toEqual([type]);
  return requests[0] as Extract<ReplicatorEffect, { type: typeof type }>;
}

function started<K extends AclReplicationKind>(kind: K, now = 0) {
  const r = new AclReplicator({ kind, authoritativeRegion: 'global' });
  r.start(now);
  const effects = r.takeEffects();
  return { r, effects, list: only(effects, 'list') as ReplicatorListEffect };
}

const TEXTS: Record<string, { starting: string; fetch: string; field: string }> = {
  roles: {
    starting: 'starting ACL Role replication from authoritative region',
    fetch: 'failed to fetch ACL Roles from authoritative region',
    field: 'authoritative_region',
  },
  'auth-methods': {
    starting: 'starting ACL Auth-Methods replication from authoritative region',
    fetch: 'failed to fetch ACL auth-methods from authoritative region',
    field: 'authoritative_region',
  },
  'binding-rules': {
    starting: 'starting ACL Binding Rules replication from authoritative region',
    fetch: 'failed to fetch ACL binding rules from authoritative region',
    field: 'authoritative_region',
  },
  namespaces: {
    starting: 'starting namespace replication from authoritative region',
    fetch: 'failed to fetch namespaces from authoritative region',
    field: 'region',
  },
  'node-pools': {
    starting: 'starting node pool replication from authoritative region',
    fetch: 'failed to fetch node pools from authoritative region',
    field: 'region',
  },
};

describe.each(OBJECT_REPLICATION_KINDS)('%s', (kind) => {
  it("logs Nomad's start line, then lists from index 0", () => {
    const { effects, list } = started(kind, 7);
    expect(effects[0]).toEqual({
      type: 'log',
      level: 'DEBUG',
      message: TEXTS[kind]?.starting,
      fields: { [TEXTS[kind]?.field as string]: 'global' },
    });
    expect(list).toMatchObject({ kind, region: 'global', minQueryIndex: 0 });
  });

  it('backs off 30 s after an error, with its fetch line, and retries from the same index', () => {
    const { r, list } = started(kind, 100);
    r.onListResult(250, list.requestId, fail(permissionDenied()), []);
    const effects = r.takeEffects();
    expect(effects.filter((e) => e.type === 'log')).toEqual([
      {
        type: 'log',
        level: 'ERROR',
        message: TEXTS[kind]?.fetch,
        fields: { error: 'Permission denied' },
      },
    ]);
    expect(effects.filter((e) => e.type === 'round')).toEqual([
      {
        type: 'round',
        what: kind,
        round: 1,
        upserted: 0,
        deleted: 0,
        remoteIndex: 0,
        error: 'Permission denied',
      },
    ]);
    expect(r.nextDeadline()).toBe(250 + BACKOFF);
    r.tick(250 + BACKOFF - 1);
    expect(r.takeEffects()).toEqual([]);
    r.tick(250 + BACKOFF);
    expect(only(r.takeEffects(), 'list')).toMatchObject({ minQueryIndex: 0, round: 2 });
  });

  it('starts a burst of 10 rounds at once, then one per 100 ms (the same limiter as policies)', () => {
    const r = new AclReplicator({ kind, authoritativeRegion: 'global' });
    const starts: number[] = [];
    // Every list answers at once, in sync and empty: the limiter alone paces the rounds.
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
    for (let now = 10; now <= 1000; now += 10) {
      if (r.nextDeadline() <= now) r.tick(now);
      drain(now);
    }
    expect(starts.filter((t) => t === 0)).toHaveLength(10);
    expect(starts.slice(10, 14)).toEqual([100, 200, 300, 400]);
    expect(starts.filter((t) => t < 1000)).toHaveLength(19);
  });
});

describe('kind-specific rounds', () => {
  it('roles: keyed by ID, deleted by ID, upserted allowing missing policies', () => {
    const role = (ID: string, Hash: string, ModifyIndex: number) => ({
      ID,
      Name: `name-${ID}`,
      Description: '',
      Policies: [{ Name: 'p' }],
      Hash,
      CreateIndex: ModifyIndex,
      ModifyIndex,
    });
    const { r, list } = started('roles');
    r.onListResult(10, list.requestId, ok({ items: [role('r2', 'h2', 9)], index: 9 }), [
      role('r1', 'h1', 3),
    ]);
    const del = only(r.takeEffects(), 'apply');
    expect(del).toMatchObject({
      step: 'delete',
      command: { type: 'acl.role.delete', roleIds: ['r1'] },
    });
    r.onApplyResult(11, del.requestId, ok({ index: 4 }));
    const fetch = only(r.takeEffects(), 'fetch');
    expect(fetch).toMatchObject({ ids: ['r2'], minQueryIndex: 8 });
    r.onFetchResult(12, fetch.requestId, ok([role('r2', 'h2', 9)]));
    expect(only(r.takeEffects(), 'apply')).toMatchObject({
      step: 'upsert',
      command: { type: 'acl.role.upsert', allowMissingPolicies: true },
    });
  });

  it('binding rules are upserted allowing missing auth methods', () => {
    const rule = {
      ID: 'b1',
      Description: '',
      AuthMethod: 'okta',
      Hash: 'h',
      CreateIndex: 5,
      ModifyIndex: 5,
    };
    const { r, list } = started('binding-rules');
    r.onListResult(1, list.requestId, ok({ items: [rule], index: 5 }), []);
    const fetch = only(r.takeEffects(), 'fetch');
    r.onFetchResult(
      2,
      fetch.requestId,
      ok([
        {
          ...rule,
          Selector: '',
          BindType: 'management',
          BindName: '',
          CreateTime: 0,
          ModifyTime: 0,
        },
      ]),
    );
    expect(only(r.takeEffects(), 'apply')).toMatchObject({
      command: { type: 'acl.binding-rule.upsert', allowMissingAuthMethods: true },
    });
  });

  it('node pools: the list carries whole pools, so the round upserts them without a fetch', () => {
    const gpu = {
      ...newNodePool({ Name: 'gpu', Description: 'GPU', Meta: null }),
      CreateIndex: 8,
      ModifyIndex: 8,
    };
    const { r, list } = started('node-pools');
    r.onListResult(
      1,
      list.requestId,
      ok({ items: [...builtInNodePools(), gpu], index: 8 }),
      builtInNodePools(),
    );
    const upsert = only(r.takeEffects(), 'apply');
    expect(upsert).toMatchObject({
      step: 'upsert',
      command: { type: 'node-pool.upsert', nodePools: [gpu] },
    });
    r.onApplyResult(2, upsert.requestId, ok({ index: 3 }));
    expect(r.takeEffects().filter((e) => e.type === 'round')).toEqual([
      {
        type: 'round',
        what: 'node-pools',
        round: 1,
        upserted: 1,
        deleted: 0,
        remoteIndex: 8,
        error: null,
      },
    ]);
  });

  it("an empty list (an anonymous caller sees no built-in object) makes the round try to delete the built-ins, as Nomad's loops do", () => {
    const pools = started('node-pools');
    pools.r.onListResult(1, pools.list.requestId, ok({ items: [], index: 1 }), builtInNodePools());
    expect(only(pools.r.takeEffects(), 'apply')).toMatchObject({
      command: { type: 'node-pool.delete', names: ['all', 'default'] },
    });
    const spaces = started('namespaces');
    const local = [
      {
        ...newNamespace({
          Name: 'default',
          Description: 'Default shared namespace',
          Quota: '',
          Meta: null,
        }),
        CreateIndex: 1,
        ModifyIndex: 1,
      },
    ];
    spaces.r.onListResult(1, spaces.list.requestId, ok({ items: [], index: 1 }), local);
    const del = only(spaces.r.takeEffects(), 'apply');
    expect(del).toMatchObject({ command: { type: 'namespace.delete', names: ['default'] } });
    // The state machine refuses; the round fails with Nomad's delete line and backs off.
    spaces.r.onApplyResult(
      2,
      del.requestId,
      fail({ status: 500, message: 'default namespace can not be deleted' }),
    );
    expect(spaces.r.takeEffects().filter((e) => e.type === 'log')).toEqual([
      {
        type: 'log',
        level: 'ERROR',
        message: 'failed to delete namespaces',
        fields: { error: 'default namespace can not be deleted' },
      },
    ]);
    expect(spaces.r.nextDeadline()).toBe(2 + BACKOFF);
  });
});
