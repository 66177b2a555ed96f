/** The ACL system across regions through the HTTP API: bootstrap, policies, tokens, replication. */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import type { ApiRequest } from '../src/server/http.js';

async function federation(seed: number, replicationToken?: string) {
  const cluster = new Cluster({
    seed,
    keepTrace: true,
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    authoritativeRegion: 'global',
    aclEnabled: true,
  });
  ApiLayer.install(cluster);
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.waitForLeader('europe');
  await cluster.sim.sleep(1_000);
  const call = (address: string, request: ApiRequest) => cluster.http(address, request);
  return { cluster, call, replicationToken };
}

describe('ACLs across regions', () => {
  it('bootstraps once, through any region, in the authoritative region', async () => {
    const { cluster, call } = await federation(21);
    const europe = cluster.serversOf('europe')[0]?.address as string;
    const first = await call(europe, { method: 'PUT', path: '/v1/acl/bootstrap' });
    expect(first.status).toBe(200);
    const token = first.body as Record<string, unknown>;
    expect(token.Name).toBe('Bootstrap Token');
    expect(token.Type).toBe('management');
    const index = token.CreateIndex as number;
    expect(index).toBeGreaterThanOrEqual(7);
    const globalLeader = cluster.leaderOf('global');
    expect(globalLeader?.fsm?.acl.canBootstrap()).toEqual({ allowed: false, resetIndex: index });
    expect(cluster.leaderOf('europe')?.fsm?.acl.canBootstrap().allowed).toBe(true);
    const second = await call(cluster.serversOf('global')[1]?.address as string, {
      method: 'PUT',
      path: '/v1/acl/bootstrap',
    });
    expect(second).toMatchObject({
      status: 400,
      body: `ACL bootstrap already done (reset index: ${index})`,
    });
  });

  it('denies anonymous job listing, allows it with the bootstrap token, and with an anonymous policy', async () => {
    const { cluster, call } = await federation(22);
    const g = cluster.serversOf('global')[0]?.address as string;
    const boot = await call(g, { method: 'PUT', path: '/v1/acl/bootstrap' });
    const secret = (boot.body as Record<string, string>).SecretID as string;
    expect(await call(g, { method: 'GET', path: '/v1/jobs' })).toMatchObject({
      status: 403,
      body: 'Permission denied',
    });
    expect(await call(g, { method: 'GET', path: '/v1/jobs', token: secret })).toMatchObject({
      status: 200,
      body: [],
    });
    const rules = 'namespace "*" {\n  policy = "write"\n}\n';
    const put = await call(g, {
      method: 'PUT',
      path: '/v1/acl/policy/anonymous',
      token: secret,
      body: { Name: 'anonymous', Description: 'Anonymous policy (full-access)', Rules: rules },
    });
    expect(put.status).toBe(200);
    expect(await call(g, { method: 'GET', path: '/v1/jobs' })).toMatchObject({
      status: 200,
      body: [],
    });
    expect(await call(g, { method: 'GET', path: '/v1/acl/tokens' })).toMatchObject({ status: 403 });
  });

  it('replicates policies and global tokens to a region configured with a replication token', async () => {
    const { cluster, call } = await federation(23);
    const g = cluster.serversOf('global')[0]?.address as string;
    const boot = await call(g, { method: 'PUT', path: '/v1/acl/bootstrap' });
    const secret = (boot.body as Record<string, string>).SecretID as string;
    const created = await call(g, {
      method: 'PUT',
      path: '/v1/acl/token',
      token: secret,
      body: { Name: 'Cluster A Replication Token', Type: 'management', Global: true },
    });
    expect(created.status).toBe(200);
    const replication = (created.body as Record<string, string>).SecretID as string;
    await call(g, {
      method: 'PUT',
      path: '/v1/acl/policy/readonly',
      token: secret,
      body: { Name: 'readonly', Description: '', Rules: 'namespace "default" { policy = "read" }' },
    });
    for (const server of cluster.serversOf('europe')) {
      const text = server.disk.readText('/etc/nomad.d/server.hcl') as string;
      server.disk.write(
        '/etc/nomad.d/server.hcl',
        text.replace(
          'enabled = true\n}',
          `enabled = true\n  replication_token = "${replication}"\n}`,
        ),
      );
      server.disk.sync();
    }
    await cluster.rollingRestart('europe');
    await cluster.sim.sleep(5_000);
    const e = cluster.serversOf('europe')[0]?.address as string;
    const policies = await call(e, { method: 'GET', path: '/v1/acl/policies', token: secret });
    expect(policies.status).toBe(200);
    expect((policies.body as Array<{ Name: string }>).map((p) => p.Name)).toEqual(['readonly']);
    const tokens = await call(e, { method: 'GET', path: '/v1/acl/tokens', token: secret });
    expect((tokens.body as Array<{ Name: string }>).map((t) => t.Name).sort()).toEqual([
      'Bootstrap Token',
      'Cluster A Replication Token',
    ]);
    const trace = cluster.sim.trace.text();
    expect(trace).toContain('"kind":"acl.replicate"');
  });

  it('without a replication token, token replication fails with Permission denied every 30 s', async () => {
    const { cluster, call } = await federation(24);
    const g = cluster.serversOf('global')[0]?.address as string;
    await call(g, { method: 'PUT', path: '/v1/acl/bootstrap' });
    await cluster.sim.sleep(65_000);
    const lines = cluster.sim.trace
      .text()
      .split('\n')
      .filter((l) => l.includes('failed to fetch tokens from authoritative region'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const times = lines.map((l) => (JSON.parse(l) as { t: number }).t);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(30_000);
    expect(lines[0]).toContain('Permission denied');
  });
  it('answers a malformed % escape in the path with 400, leaving other requests in flight alone', async () => {
    const { cluster, call } = await federation(22);
    const server = cluster.serversOf('global')[0]?.address as string;
    const [bad, good] = await Promise.all([
      call(server, { method: 'GET', path: '/v1/acl/policy/50%' }),
      call(server, { method: 'GET', path: '/v1/acl/token/self' }),
    ]);
    expect(bad).toMatchObject({ status: 400, body: '400 Bad Request' });
    expect(good.status).toBe(200);
  });
  it('traces operator requests with the server that executed them', async () => {
    const { cluster, call } = await federation(25);
    const europe = cluster.serversOf('europe')[1]?.address as string;
    await call(europe, { method: 'PUT', path: '/v1/acl/bootstrap' });
    const records = cluster.sim.trace
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((r) => String(r.kind).startsWith('client.'));
    const leader = cluster.leaderOf('global');
    expect(records.slice(-2)).toEqual([
      expect.objectContaining({
        kind: 'client.request',
        region: 'europe',
        server: 'server-2',
        operation: 'PUT /v1/acl/bootstrap',
      }),
      expect.objectContaining({
        kind: 'client.response',
        region: 'global',
        server: leader?.name,
        write: true,
        status: 200,
        error: null,
      }),
    ]);
  });
});

describe('blocking queries over HTTP', () => {
  it('wait for a change up to ?wait=, and reject a bad wait or index as Nomad does', async () => {
    const cluster = new Cluster({
      seed: 26,
      regions: [{ name: 'global', servers: 3 }],
      aclEnabled: true,
    });
    ApiLayer.install(cluster);
    cluster.startAll();
    await cluster.waitForLeader('global');
    await cluster.sim.sleep(1_000);
    const g = cluster.serversOf('global')[0]?.address as string;
    const boot = await cluster.http(g, { method: 'PUT', path: '/v1/acl/bootstrap' });
    const token = (boot.body as { SecretID: string }).SecretID;
    const first = await cluster.http(g, { method: 'GET', path: '/v1/acl/policies', token });
    const index = first.headers['X-Nomad-Index'] as string;
    const started = cluster.sim.now;
    const timedOut = await cluster.http(g, {
      method: 'GET',
      path: '/v1/acl/policies',
      token,
      query: { index, wait: '10s' },
    });
    expect(timedOut.headers['X-Nomad-Index']).toBe(index);
    expect(cluster.sim.now - started).toBeGreaterThanOrEqual(10_000);
    expect(cluster.sim.now - started).toBeLessThan(12_000);
    const waiting = cluster.http(g, {
      method: 'GET',
      path: '/v1/acl/policies',
      token,
      query: { index, wait: '2m' },
    });
    await cluster.sim.sleep(3_000);
    await cluster.http(g, {
      method: 'PUT',
      path: '/v1/acl/policy/ops',
      token,
      body: { Name: 'ops', Description: '', Rules: 'node { policy = "read" }' },
    });
    const woken = await waiting;
    expect((woken.body as Array<{ Name: string }>).map((p) => p.Name)).toEqual(['ops']);
    expect(Number(woken.headers['X-Nomad-Index'])).toBeGreaterThan(Number(index));
    expect(
      await cluster.http(g, {
        method: 'GET',
        path: '/v1/acl/policies',
        token,
        query: { wait: 'soon' },
      }),
    ).toMatchObject({ status: 400, body: 'Invalid wait time' });
    expect(
      await cluster.http(g, {
        method: 'GET',
        path: '/v1/acl/policies',
        token,
        query: { index: '-1' },
      }),
    ).toMatchObject({ status: 400, body: 'Invalid index' });
  });
});

describe('HTTP bodies in go-codec key order', () => {
  it('writes every object of a JSON body with its keys sorted byte by byte, but for full tokens', async () => {
    const { cluster, call } = await federation(23);
    const g = cluster.serversOf('global')[0]?.address as string;
    const boot = await call(g, { method: 'PUT', path: '/v1/acl/bootstrap' });
    // A full token goes through ACLToken.MarshalJSON, which go-codec writes as it is.
    expect(Object.keys(boot.body as Record<string, unknown>)).toEqual([
      'ExpirationTTL',
      'AccessorID',
      'SecretID',
      'Name',
      'Type',
      'Policies',
      'Roles',
      'Global',
      'Hash',
      'CreateTime',
      'ExpirationTime',
      'CreateIndex',
      'ModifyIndex',
    ]);
    const secret = (boot.body as Record<string, string>).SecretID as string;
    const stubs = await call(g, { method: 'GET', path: '/v1/acl/tokens', token: secret });
    const stub = (stubs.body as Array<Record<string, unknown>>)[0] ?? {};
    expect(Object.keys(stub)).toEqual([
      'AccessorID',
      'CreateIndex',
      'CreateTime',
      'ExpirationTime',
      'Global',
      'Hash',
      'ModifyIndex',
      'Name',
      'Policies',
      'Roles',
      'Type',
    ]);
    const members = await call(g, { method: 'GET', path: '/v1/agent/members', token: secret });
    const first = (members.body as { Members: Array<Record<string, unknown>> }).Members[0] ?? {};
    expect(Object.keys(first)).toEqual([...Object.keys(first)].sort());
    expect(Object.keys(first['Tags'] as object)).toEqual(
      [...Object.keys(first['Tags'] as object)].sort(),
    );
  });
});
