/**
 * The multi-region ACL checks one by one, on fake servers holding real ACL tables and fed trace
 * records by hand: a replicated copy going back to an older version, a copy the authoritative
 * region never had, a local token showing up in another region (when it is written there, or
 * already there when it is noted), and a deleted global token still resolving after replication
 * caught up (also when a later write brings it back). A server restart resets what the check remembers (its
 * log replay applies old versions again, legitimately).
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../src/region/cluster.js';
import type { ApiLayer } from '../src/api/api-layer.js';
import type { TraceRecord } from '../src/sim/trace.js';
import {
  AclTables,
  policyHash,
  tokenHash,
  type AclPolicy,
  type AclToken,
} from '../src/acl/index.js';
import {
  AclReplicationChecker,
  InvariantViolation,
  type PropertyName,
} from '../src/check/index.js';

function policy(name: string, description: string): AclPolicy {
  const fields = {
    Name: name,
    Description: description,
    Rules: 'namespace "default" { policy = "read" }',
  };
  return { ...fields, Hash: policyHash(fields), CreateIndex: 0, ModifyIndex: 0 };
}

function token(accessor: string, global: boolean): AclToken {
  const fields = {
    Name: accessor,
    Type: 'client' as const,
    Policies: ['base'],
    Global: global,
    Roles: [],
  };
  return {
    ...fields,
    AccessorID: accessor,
    SecretID: `secret-${accessor}`,
    Hash: tokenHash(fields),
    CreateTime: 0,
    ExpirationTime: null,
    ExpirationTTL: 0,
    CreateIndex: 0,
    ModifyIndex: 0,
  };
}

function federation() {
  const make = (region: string, name: string) => ({
    homeRegion: region,
    region,
    name,
    isRunning: true,
    fsm: { acl: new AclTables() },
  });
  const servers = [make('global', 'g1'), make('europe', 'e1'), make('asia', 'a1')];
  const [g1, e1, a1] = servers as [(typeof servers)[0], (typeof servers)[0], (typeof servers)[0]];
  const cluster = {
    servers,
    regionNames: ['global', 'europe', 'asia'],
    serversOf: (r: string) => servers.filter((s) => s.homeRegion === r),
  } as unknown as Cluster;
  const layer = { replicating: (s: unknown) => s === e1 || s === a1 } as unknown as ApiLayer;
  const checker = new AclReplicationChecker(cluster, layer, 'global', (property, detail) => {
    throw new InvariantViolation({ property, detail, time: 0 });
  });
  const feed = (r: Record<string, unknown>): PropertyName | null => {
    try {
      checker.onRecord({ t: 0, ...r } as unknown as TraceRecord);
      return null;
    } catch (error) {
      return (error as InvariantViolation).violation.property;
    }
  };
  const applied = (server: typeof g1, index: number, type: string, term = 1) =>
    feed({
      kind: 'raft.apply',
      region: server.region,
      server: server.name,
      index,
      term,
      type,
      digest: 'x',
    });
  return { g1, e1, a1, checker, feed, applied };
}

describe('ACL replication checks', () => {
  it('accept copies that move forward, and flag one that goes back to an older version', () => {
    const { g1, e1, applied } = federation();
    const v1 = policy('p', 'version 1');
    const v2 = policy('p', 'version 2');
    g1.fsm.acl.upsertPolicies(10, [v1]);
    expect(applied(g1, 10, 'acl.policy.upsert')).toBeNull();
    g1.fsm.acl.upsertPolicies(20, [v2]);
    expect(applied(g1, 20, 'acl.policy.upsert')).toBeNull();
    e1.fsm.acl.upsertPolicies(5, [v1]);
    expect(applied(e1, 5, 'acl.policy.upsert')).toBeNull();
    e1.fsm.acl.upsertPolicies(6, [v2]);
    expect(applied(e1, 6, 'acl.policy.upsert')).toBeNull();
    e1.fsm.acl.upsertPolicies(7, [v1]);
    expect(applied(e1, 7, 'acl.policy.upsert')).toBe('replicated object went backwards');
  });

  it("allow a rollback written in a later term (a new leader's first stale read, as in Nomad), and count it", () => {
    const { g1, e1, applied, checker } = federation();
    const v1 = policy('p', 'version 1');
    const v2 = policy('p', 'version 2');
    g1.fsm.acl.upsertPolicies(10, [v1]);
    applied(g1, 10, 'acl.policy.upsert');
    g1.fsm.acl.upsertPolicies(20, [v2]);
    applied(g1, 20, 'acl.policy.upsert');
    e1.fsm.acl.upsertPolicies(6, [v2]);
    expect(applied(e1, 6, 'acl.policy.upsert', 3)).toBeNull();
    e1.fsm.acl.upsertPolicies(7, [v1]);
    expect(applied(e1, 7, 'acl.policy.upsert', 4)).toBeNull();
    expect(checker.staleReadRollbacks).toBe(1);
  });

  it('forget what a server held when it restarts (its log replay applies old versions again)', () => {
    const { g1, e1, applied, feed } = federation();
    const v1 = policy('p', 'version 1');
    const v2 = policy('p', 'version 2');
    g1.fsm.acl.upsertPolicies(10, [v1]);
    applied(g1, 10, 'acl.policy.upsert');
    g1.fsm.acl.upsertPolicies(20, [v2]);
    applied(g1, 20, 'acl.policy.upsert');
    e1.fsm.acl.upsertPolicies(6, [v2]);
    expect(applied(e1, 6, 'acl.policy.upsert')).toBeNull();
    expect(feed({ kind: 'server.start', region: 'europe', server: 'e1' })).toBeNull();
    e1.fsm.acl.upsertPolicies(5, [v1]);
    expect(applied(e1, 5, 'acl.policy.upsert')).toBeNull();
  });

  it('flag a copy the authoritative region never had', () => {
    const { e1, applied } = federation();
    e1.fsm.acl.upsertPolicies(5, [policy('p', 'made up')]);
    expect(applied(e1, 5, 'acl.policy.upsert')).toBe('replicated object went backwards');
  });

  it('flag a local token written in another region, as the write is applied', () => {
    const { a1, e1, checker, feed, applied } = federation();
    checker.noteLocalToken('local-1', 'europe');
    const round = {
      kind: 'acl.replicate',
      region: 'asia',
      what: 'tokens',
      upserted: 1,
      deleted: 0,
      remoteIndex: 9,
      error: null,
    };
    expect(feed(round)).toBeNull();
    e1.fsm.acl.upsertTokens(3, [token('local-1', false)]);
    expect(applied(e1, 3, 'acl.token.upsert')).toBeNull(); // at home
    a1.fsm.acl.upsertTokens(8, [token('local-1', false)]);
    expect(applied(a1, 8, 'acl.token.upsert')).toBe('local token left its region');
  });

  it('flag a local token that another region already holds when it is noted', () => {
    const { a1, checker } = federation();
    a1.fsm.acl.upsertTokens(8, [token('local-2', false)]);
    expect(() => checker.noteLocalToken('local-2', 'europe')).toThrow(
      /local token local-2 of region europe is held by asia\/a1/,
    );
    expect(() => checker.checkNoForeignLocalTokens(a1 as never)).toThrow(InvariantViolation);
  });

  it('check a deleted token again on a server that wrote it again after a round had verified it', () => {
    const { g1, e1, checker, feed, applied } = federation();
    g1.fsm.acl.upsertTokens(4, [token('g-2', true)]);
    expect(applied(g1, 4, 'acl.token.upsert')).toBeNull();
    e1.fsm.acl.upsertTokens(4, [token('g-2', true)]);
    expect(applied(e1, 4, 'acl.token.upsert')).toBeNull();
    checker.noteDeletedGlobalToken('g-2', 'secret-g-2', 30);
    const round = (remoteIndex: number) => ({
      kind: 'acl.replicate',
      region: 'europe',
      what: 'tokens',
      upserted: 0,
      deleted: 0,
      remoteIndex,
      error: null,
    });
    e1.fsm.acl.deleteTokens(5, ['g-2']);
    expect(feed(round(35))).toBeNull();
    expect(feed(round(36))).toBeNull();
    // A write brings it back (a new leader's first round read a lagging authoritative server):
    // rounds below the delete say nothing, the next one at or above it must notice.
    e1.fsm.acl.upsertTokens(6, [token('g-2', true)]);
    expect(applied(e1, 6, 'acl.token.upsert')).toBeNull();
    expect(feed(round(25))).toBeNull();
    expect(feed(round(29))).toBeNull();
    expect(feed(round(37))).toBe('deleted token still works');
  });

  it('flag a deleted global token still resolving once replication reached the delete', () => {
    const { e1, checker, feed } = federation();
    e1.fsm.acl.upsertTokens(4, [token('g-1', true)]);
    checker.noteDeletedGlobalToken('g-1', 'secret-g-1', 30);
    const round = (remoteIndex: number) => ({
      kind: 'acl.replicate',
      region: 'europe',
      what: 'tokens',
      upserted: 0,
      deleted: 0,
      remoteIndex,
      error: null,
    });
    expect(feed(round(29))).toBeNull();
    expect(feed({ ...round(40), error: 'Permission denied' })).toBeNull();
    expect(feed(round(30))).toBe('deleted token still works');
    e1.fsm.acl.deleteTokens(5, ['g-1']);
    expect(feed(round(31))).toBeNull();
  });
});
