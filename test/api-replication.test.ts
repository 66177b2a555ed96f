/**
 * ACL replication across regions (spec §12.2): forwarding of writes to the authoritative region,
 * replication lag, and every failure mode of the replication token, with the log lines Nomad
 * writes, the 30 s retry, and what each region ends up holding.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { withReplicationToken } from '../src/agent-config/index.js';
import type { TraceRecord } from '../src/sim/trace.js';

interface Fed {
  cluster: Cluster;
  g: string;
  e: string;
  secret: string;
  logs: Array<TraceRecord<'log'>>;
}

async function federation(seed: number): Promise<Fed> {
  const cluster = new Cluster({
    seed,
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    authoritativeRegion: 'global',
    aclEnabled: true,
  });
  ApiLayer.install(cluster);
  const logs: Array<TraceRecord<'log'>> = [];
  cluster.sim.trace.on('log', (r) => logs.push(r));
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.waitForLeader('europe');
  await cluster.sim.sleep(1_000);
  const g = cluster.serversOf('global')[0]?.address as string;
  const e = cluster.serversOf('europe')[0]?.address as string;
  const boot = await cluster.http(g, { method: 'PUT', path: '/v1/acl/bootstrap' });
  return { cluster, g, e, secret: (boot.body as { SecretID: string }).SecretID, logs };
}

async function policy(
  fed: Fed,
  via: string,
  name: string,
  rules = 'namespace "default" { policy = "read" }',
) {
  return fed.cluster.http(via, {
    method: 'PUT',
    path: `/v1/acl/policy/${name}`,
    token: fed.secret,
    body: { Name: name, Description: '', Rules: rules },
  });
}

async function setReplicationToken(fed: Fed, token: string) {
  for (const server of fed.cluster.serversOf('europe')) {
    const path = '/etc/nomad.d/server.hcl';
    server.disk.write(path, withReplicationToken(server.disk.readText(path) as string, token));
    server.disk.sync();
  }
  await fed.cluster.rollingRestart('europe');
}

async function europePolicies(fed: Fed): Promise<string[]> {
  const leader = fed.cluster.leaderOf('europe');
  return (leader?.fsm?.acl.listPolicies() ?? []).map((p) => p.Name);
}

function errorLines(fed: Fed, message: string, since = 0) {
  return fed.logs.filter(
    (l) => l.region === 'europe' && l.level === 'ERROR' && l.message === message && l.t >= since,
  );
}

describe('forwarding and replication lag', () => {
  it("a policy written through europe executes in global, returns global's index, and reaches europe only by replication", async () => {
    const fed = await federation(41);
    const created = await fed.cluster.http(fed.g, {
      method: 'PUT',
      path: '/v1/acl/token',
      token: fed.secret,
      body: { Name: 'repl', Type: 'management', Global: true },
    });
    await setReplicationToken(fed, (created.body as { SecretID: string }).SecretID);
    await fed.cluster.sim.sleep(2_000);
    const put = await policy(fed, fed.e, 'readonly');
    expect(put.status).toBe(200);
    const globalCopy = fed.cluster.leaderOf('global')?.fsm?.acl.policyByName('readonly');
    expect(Number(put.headers['X-Nomad-Index'])).toBe(globalCopy?.ModifyIndex);
    const immediate = await fed.cluster.http(fed.e, {
      method: 'GET',
      path: '/v1/acl/policy/readonly',
      token: fed.secret,
    });
    await fed.cluster.sim.sleep(2_000);
    const later = await fed.cluster.http(fed.e, {
      method: 'GET',
      path: '/v1/acl/policy/readonly',
      token: fed.secret,
    });
    expect(later.status).toBe(200);
    expect([200, 404]).toContain(immediate.status);
    const europeCopy = fed.cluster.leaderOf('europe')?.fsm?.acl.policyByName('readonly');
    expect(europeCopy?.Hash).toBe(globalCopy?.Hash);
    expect(europeCopy?.ModifyIndex).not.toBe(globalCopy?.ModifyIndex);
  });
});

describe('replication failure modes', () => {
  it('empty replication token: policies shrink to "anonymous", token replication fails every 30 s', async () => {
    const fed = await federation(42);
    await policy(fed, fed.g, 'anonymous', 'namespace "*" { policy = "read" }');
    await policy(fed, fed.g, 'readonly');
    const started = fed.cluster.sim.now;
    await fed.cluster.sim.sleep(70_000);
    expect(await europePolicies(fed)).toEqual(['anonymous']);
    const failures = errorLines(fed, 'failed to fetch tokens from authoritative region', started);
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures[0]?.fields).toEqual({ error: 'rpc error: Permission denied' });
    expect((failures[1]?.t ?? 0) - (failures[0]?.t ?? 0)).toBeGreaterThanOrEqual(30_000);
    expect(fed.cluster.leaderOf('europe')?.fsm?.acl.listTokens({ order: 'accessor-id' })).toEqual(
      [],
    );
  });

  it('an unknown token: every list fails with Permission denied, nothing replicates', async () => {
    const fed = await federation(43);
    await policy(fed, fed.g, 'readonly');
    await setReplicationToken(fed, '11111111-2222-3333-4444-555555555555');
    await fed.cluster.sim.sleep(40_000);
    expect(
      errorLines(fed, 'failed to fetch policies from authoritative region').length,
    ).toBeGreaterThanOrEqual(1);
    expect(
      errorLines(fed, 'failed to fetch tokens from authoritative region').length,
    ).toBeGreaterThanOrEqual(1);
    expect(await europePolicies(fed)).toEqual([]);
  });

  it('a client token: policies shrink to the ones linked to it, tokens fail with Permission denied', async () => {
    const fed = await federation(44);
    await policy(fed, fed.g, 'readonly');
    await policy(fed, fed.g, 'ops');
    const client = await fed.cluster.http(fed.g, {
      method: 'PUT',
      path: '/v1/acl/token',
      token: fed.secret,
      body: { Name: 'not management', Type: 'client', Policies: ['readonly'], Global: true },
    });
    await setReplicationToken(fed, (client.body as { SecretID: string }).SecretID);
    await fed.cluster.sim.sleep(40_000);
    expect(await europePolicies(fed)).toEqual(['readonly']);
    const tokenFailures = errorLines(fed, 'failed to fetch tokens from authoritative region');
    expect(tokenFailures.at(-1)?.fields).toEqual({ error: 'rpc error: Permission denied' });
  });

  it('the authoritative region unreachable: errors every 30 s, replication resumes after the heal', async () => {
    const fed = await federation(45);
    const created = await fed.cluster.http(fed.g, {
      method: 'PUT',
      path: '/v1/acl/token',
      token: fed.secret,
      body: { Name: 'repl', Type: 'management', Global: true },
    });
    await setReplicationToken(fed, (created.body as { SecretID: string }).SecretID);
    await fed.cluster.sim.sleep(2_000);
    const cut = fed.cluster.network.partition(
      fed.cluster.serversOf('global').map((s) => s.address),
      fed.cluster.serversOf('europe').map((s) => s.address),
    );
    await policy(fed, fed.g, 'written-during-partition');
    const started = fed.cluster.sim.now;
    await fed.cluster.sim.sleep(400_000);
    expect(await europePolicies(fed)).not.toContain('written-during-partition');
    expect(
      errorLines(fed, 'failed to fetch policies from authoritative region', started).length,
    ).toBeGreaterThanOrEqual(1);
    fed.cluster.network.heal(cut);
    await fed.cluster.sim.sleep(60_000);
    expect(await europePolicies(fed)).toContain('written-during-partition');
  });
});

describe('the replication token', () => {
  it('may be a management token local to the authoritative region: replication requests execute there', async () => {
    const fed = await federation(46);
    await policy(fed, fed.g, 'readonly');
    const local = await fed.cluster.http(fed.g, {
      method: 'PUT',
      path: '/v1/acl/token',
      token: fed.secret,
      body: { Name: 'global-local replication', Type: 'management', Global: false },
    });
    expect((local.body as { Global: boolean }).Global).toBe(false);
    await setReplicationToken(fed, (local.body as { SecretID: string }).SecretID);
    const restarted = fed.cluster.sim.now;
    await fed.cluster.sim.sleep(10_000);
    expect(await europePolicies(fed)).toEqual(['readonly']);
    const europeTokens = fed.cluster.leaderOf('europe')?.fsm?.acl.listTokens({
      order: 'accessor-id',
    });
    // The global bootstrap token arrived; the local replication token itself stays in global.
    expect(europeTokens?.map((t) => t.Name)).toEqual(['Bootstrap Token']);
    expect(errorLines(fed, 'failed to fetch tokens from authoritative region', restarted)).toEqual(
      [],
    );
  });
});
