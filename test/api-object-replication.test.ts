/**
 * ACL roles, auth methods, binding rules, namespaces and node pools across regions, through the
 * HTTP API of a two-region federation: which loops each profile runs, writes forwarded to the
 * authoritative region and copied back by replication (with their trace records), role-based
 * evaluation, and what an anonymous replication token does to each kind.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { withReplicationToken } from '../src/agent-config/index.js';
import type { ProfileName } from '../src/version/profile.js';
import type { TraceRecord } from '../src/sim/trace.js';
import type { JsonValue } from '../src/server/http.js';

interface Fed {
  cluster: Cluster;
  api: ApiLayer;
  g: string;
  e: string;
  secret: string;
  logs: Array<TraceRecord<'log'>>;
  rounds: Array<TraceRecord<'replicate.round'>>;
  copies: Array<TraceRecord<'replicate.object'>>;
}

async function federation(seed: number, profile: ProfileName = 'modern'): Promise<Fed> {
  const cluster = new Cluster({
    seed,
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    authoritativeRegion: 'global',
    aclEnabled: true,
  });
  const api = ApiLayer.install(cluster, profile);
  const logs: Array<TraceRecord<'log'>> = [];
  const rounds: Array<TraceRecord<'replicate.round'>> = [];
  const copies: Array<TraceRecord<'replicate.object'>> = [];
  cluster.sim.trace.on('log', (r) => logs.push(r));
  cluster.sim.trace.on('replicate.round', (r) => rounds.push(r));
  cluster.sim.trace.on('replicate.object', (r) => copies.push(r));
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.waitForLeader('europe');
  await cluster.sim.sleep(1_000);
  const g = cluster.serversOf('global')[0]?.address as string;
  const e = cluster.serversOf('europe')[0]?.address as string;
  const boot = await cluster.http(g, { method: 'PUT', path: '/v1/acl/bootstrap' });
  const secret = (boot.body as { SecretID: string }).SecretID;
  return { cluster, api, g, e, secret, logs, rounds, copies };
}

/** Gives europe a global management replication token and lets the loops catch up. */
async function replicating(fed: Fed): Promise<void> {
  const created = await put(fed, fed.g, '/v1/acl/token', {
    Name: 'repl',
    Type: 'management',
    Global: true,
  });
  const token = (created.body as { SecretID: string }).SecretID;
  for (const server of fed.cluster.serversOf('europe')) {
    const path = '/etc/nomad.d/server.hcl';
    server.disk.write(path, withReplicationToken(server.disk.readText(path) as string, token));
    server.disk.sync();
  }
  await fed.cluster.rollingRestart('europe');
  await fed.cluster.sim.sleep(2_000);
}

function put(fed: Fed, via: string, path: string, body: JsonValue, token = fed.secret) {
  return fed.cluster.http(via, { method: 'PUT', path, token, body });
}

function get(fed: Fed, via: string, path: string, token = fed.secret) {
  return fed.cluster.http(via, { method: 'GET', path, token });
}

function del(fed: Fed, via: string, path: string, token = fed.secret) {
  return fed.cluster.http(via, { method: 'DELETE', path, token });
}

function europeLeader(fed: Fed) {
  const leader = fed.cluster.leaderOf('europe');
  if (leader === null || leader === undefined) throw new Error('europe has no leader');
  return leader;
}

const READ_DEFAULT = 'namespace "default" { policy = "read" }';

describe('the loops each profile runs', () => {
  it("modern: europe's leader runs all seven loops, in Nomad's order", async () => {
    const fed = await federation(61);
    expect(fed.api.replicatedKinds(europeLeader(fed))).toEqual([
      'policies',
      'tokens',
      'roles',
      'auth-methods',
      'binding-rules',
      'namespaces',
      'node-pools',
    ]);
    expect(fed.api.replicatedKinds(fed.cluster.leaderOf('global') as never)).toEqual([]);
  });

  it('tutorial (Nomad 0.9.7, open source): policies and tokens only', async () => {
    const fed = await federation(62, 'tutorial');
    expect(fed.api.replicatedKinds(europeLeader(fed))).toEqual(['policies', 'tokens']);
    expect((await get(fed, fed.g, '/v1/acl/roles')).status).toBe(404);
    // 0.9's open-source agent registers the namespace endpoints only to refuse them.
    for (const path of ['/v1/namespaces', '/v1/namespace/default']) {
      const refused = await get(fed, fed.g, path);
      expect([refused.status, refused.body]).toEqual([501, 'Nomad Enterprise only endpoint']);
    }
  });

  it('v1.0 (Nomad 1.0.4): policies, tokens and namespaces only, and no role routes', async () => {
    const fed = await federation(62, 'v1.0');
    expect(fed.api.replicatedKinds(europeLeader(fed))).toEqual([
      'policies',
      'tokens',
      'namespaces',
    ]);
    const roles = await get(fed, fed.g, '/v1/acl/roles');
    expect(roles.status).toBe(404);
    expect(roles.body).toBe('Invalid URL');
    expect((await get(fed, fed.g, '/v1/node/pools')).status).toBe(404);
    expect((await get(fed, fed.g, '/v1/namespaces')).status).toBe(200);
  });
});

describe('roles', () => {
  it("a role written through europe executes in global and reaches europe by replication, with the same ID and europe's own index", async () => {
    const fed = await federation(63);
    await replicating(fed);
    await put(fed, fed.g, '/v1/acl/policy/readonly', {
      Name: 'readonly',
      Description: '',
      Rules: READ_DEFAULT,
    });
    const created = await put(fed, fed.e, '/v1/acl/role', {
      Name: 'readers',
      Description: 'Read-only',
      Policies: [{ Name: 'readonly' }, { Name: 'readonly' }],
    });
    expect(created.status).toBe(200);
    const role = created.body as {
      ID: string;
      Policies: Array<{ Name: string }>;
      ModifyIndex: number;
    };
    expect(role.Policies).toEqual([{ Name: 'readonly' }]);
    const globalCopy = fed.cluster.leaderOf('global')?.fsm?.acl.roleById(role.ID);
    expect(globalCopy?.ModifyIndex).toBe(role.ModifyIndex);
    await fed.cluster.sim.sleep(2_000);
    const europeCopy = europeLeader(fed).fsm?.acl.roleById(role.ID);
    expect(europeCopy?.Name).toBe('readers');
    expect(europeCopy?.Hash).toBe(globalCopy?.Hash);
    expect(europeCopy?.ModifyIndex).not.toBe(globalCopy?.ModifyIndex);
    expect(fed.copies).toContainEqual(
      expect.objectContaining({
        region: 'europe',
        what: 'roles',
        id: role.ID,
        action: 'upsert',
        remoteIndex: role.ModifyIndex,
      }),
    );
    expect(fed.rounds).toContainEqual(
      expect.objectContaining({ region: 'europe', what: 'roles', upserted: 1, error: null }),
    );
  });

  it("a token's policies are its own plus its roles'; deleting the role takes the rights away", async () => {
    const fed = await federation(64);
    await put(fed, fed.g, '/v1/acl/policy/readonly', {
      Name: 'readonly',
      Description: '',
      Rules: READ_DEFAULT,
    });
    const role = (
      await put(fed, fed.g, '/v1/acl/role', {
        Name: 'readers',
        Policies: [{ Name: 'readonly' }],
      })
    ).body as { ID: string };
    const missing = await put(fed, fed.g, '/v1/acl/token', {
      Name: 'x',
      Type: 'client',
      Roles: [{ Name: 'nope' }],
    });
    expect(missing.status).toBe(400);
    const made = await put(fed, fed.g, '/v1/acl/token', {
      Name: 'reader',
      Type: 'client',
      Roles: [{ Name: 'readers' }],
    });
    expect(made.status).toBe(200);
    const token = made.body as { SecretID: string; AccessorID: string; Roles: unknown };
    expect(token.Roles).toEqual([{ ID: role.ID, Name: 'readers' }]);
    expect((await get(fed, fed.g, '/v1/jobs', token.SecretID)).status).toBe(200);
    const policies = await get(fed, fed.g, '/v1/acl/policies', token.SecretID);
    expect((policies.body as Array<{ Name: string }>).map((p) => p.Name)).toEqual(['readonly']);
    expect((await get(fed, fed.g, '/v1/acl/roles', token.SecretID)).body).toHaveLength(1);

    expect((await del(fed, fed.g, `/v1/acl/role/${role.ID}`)).status).toBe(200);
    expect((await get(fed, fed.g, '/v1/jobs', token.SecretID)).status).toBe(403);
    const info = await get(fed, fed.g, `/v1/acl/token/${token.AccessorID}`);
    expect((info.body as { Roles: unknown }).Roles).toBeNull();
    const gone = await get(fed, fed.g, `/v1/acl/role/${role.ID}`);
    expect([gone.status, gone.body]).toEqual([404, 'ACL role not found']);
  });
});

describe('the other kinds replicate too', () => {
  it('namespaces, node pools, auth methods and binding rules written in global appear in europe', async () => {
    const fed = await federation(65);
    await replicating(fed);
    expect(
      (await put(fed, fed.e, '/v1/namespace/web', { Name: 'web', Description: 'Web' })).status,
    ).toBe(200);
    expect(
      (await put(fed, fed.g, '/v1/node/pools', { Name: 'gpu', Description: 'GPU' })).status,
    ).toBe(200);
    const method = await put(fed, fed.g, '/v1/acl/auth-method', {
      Name: 'okta',
      Type: 'OIDC',
      TokenLocality: 'global',
      MaxTokenTTL: '1h',
      Default: true,
      Config: { OIDCDiscoveryURL: 'https://okta.example.com' },
    });
    expect(method.status).toBe(200);
    const rule = await put(fed, fed.g, '/v1/acl/binding-rule', {
      AuthMethod: 'okta',
      BindType: 'management',
      Selector: '',
    });
    expect(rule.status).toBe(200);
    const ruleId = (rule.body as { ID: string }).ID;
    await fed.cluster.sim.sleep(2_000);
    const fsm = europeLeader(fed).fsm;
    expect(fsm?.namespaces.get('web')?.Description).toBe('Web');
    expect(fsm?.nodePools.get('gpu')?.Description).toBe('GPU');
    const spaces = await get(fed, fed.e, '/v1/namespaces');
    expect((spaces.body as Array<{ Name: string }>).map((n) => n.Name)).toEqual(['default', 'web']);
    const methods = await get(fed, fed.e, '/v1/acl/auth-methods');
    expect((methods.body as Array<{ Name: string }>).map((m) => m.Name)).toEqual(['okta']);
    expect((await get(fed, fed.e, `/v1/acl/binding-rule/${ruleId}`)).status).toBe(200);
    for (const what of ['namespaces', 'node-pools', 'auth-methods', 'binding-rules'])
      expect(fed.copies.some((c) => c.region === 'europe' && c.what === what)).toBe(true);
  });

  it('the default namespace and the built-in node pools cannot be deleted', async () => {
    const fed = await federation(66);
    // Deleting a node pool first asks every region whether the pool is in use, with the
    // caller's token: europe must know it.
    await replicating(fed);
    const ns = await del(fed, fed.g, '/v1/namespace/default');
    // A plain error: it gains 'rpc error: ' on its way back from the leader (fed.g forwards).
    expect([ns.status, ns.body]).toEqual([500, 'rpc error: can not delete default namespace']);
    const pool = await del(fed, fed.g, '/v1/node/pool/all');
    expect(pool.status).toBe(500);
    expect(pool.body).toContain('deleting node pool "all" is not allowed');
  });
});

describe('namespaces and jobs', () => {
  it('a job in a namespace europe has not received yet is refused there; a busy namespace cannot be deleted', async () => {
    const fed = await federation(67);
    await replicating(fed);
    const job = { Job: { ID: 'web', Name: 'web', Namespace: 'web', Type: 'service' } };
    const early = await put(fed, fed.e, '/v1/jobs', job);
    expect(early.status).toBe(500);
    expect(early.body).toContain('job "web" is in nonexistent namespace "web"');
    await put(fed, fed.g, '/v1/namespace/web', { Name: 'web' });
    await fed.cluster.sim.sleep(2_000);
    expect((await put(fed, fed.e, '/v1/jobs', job)).status).toBe(200);
    const busy = await del(fed, fed.g, '/v1/namespace/web');
    expect(busy.status).toBe(500);
    expect(busy.body).toContain('namespace "web" has non-terminal jobs in regions: [europe]');
  });
});

describe('an anonymous replication token', () => {
  it("fails each kind the way Nomad's loops do, every 30 s", async () => {
    const fed = await federation(68);
    const started = fed.cluster.sim.now;
    await fed.cluster.sim.sleep(65_000);
    const errors = (message: string) =>
      fed.logs.filter(
        (l) =>
          l.region === 'europe' && l.level === 'ERROR' && l.message === message && l.t >= started,
      );
    const rules = errors('failed to fetch ACL binding rules from authoritative region');
    expect(rules.length).toBeGreaterThanOrEqual(2);
    expect(rules[0]?.fields).toEqual({ error: 'rpc error: Permission denied' });
    expect((rules[1]?.t ?? 0) - (rules[0]?.t ?? 0)).toBeGreaterThanOrEqual(30_000);
    // The anonymous caller sees no namespace and no node pool, so those loops try to delete
    // the built-ins from europe and the state machine refuses.
    expect(errors('failed to delete namespaces')[0]?.fields).toEqual({
      error: 'default namespace can not be deleted',
    });
    expect(String(errors('failed to delete node pools')[0]?.fields?.['error'])).toContain(
      'deleting node pool "all" is not allowed',
    );
    // Roles (none linked to the anonymous token) and auth methods (listed without a check)
    // replicate without errors.
    expect(errors('failed to fetch ACL Roles from authoritative region')).toEqual([]);
    expect(errors('failed to fetch ACL auth-methods from authoritative region')).toEqual([]);
    const fsm = europeLeader(fed).fsm;
    expect(fsm?.namespaces.get('default')).not.toBeNull();
    expect(fsm?.nodePools.get('all')).not.toBeNull();
  });
});
