/** Nomad client agents: node registration, and client endpoints enforced only with client ACLs on. */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { CLIENT_CONFIG_PATH } from '../src/region/client-agent.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { withAclEnabled } from '../src/agent-config/index.js';
import { defaultClientConfigText } from '../src/server/config-loader.js';

async function setup() {
  const cluster = new Cluster({
    seed: 31,
    regions: [{ name: 'global', servers: 3, clients: 2 }],
    aclEnabled: true,
  });
  ApiLayer.install(cluster);
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.sim.sleep(3_000);
  const server = cluster.serversOf('global')[0]?.address as string;
  const boot = await cluster.http(server, { method: 'PUT', path: '/v1/acl/bootstrap' });
  const secret = (boot.body as { SecretID: string }).SecretID;
  return { cluster, server, secret };
}

describe('client agents', () => {
  it('register as nodes that `nomad node status` lists', async () => {
    const { cluster, server, secret } = await setup();
    const nodes = await cluster.http(server, { method: 'GET', path: '/v1/nodes', token: secret });
    expect(nodes.status).toBe(200);
    expect(
      (nodes.body as Array<{ Name: string; Status: string }>).map((n) => [n.Name, n.Status]).sort(),
    ).toEqual([
      ['client-1', 'ready'],
      ['client-2', 'ready'],
    ]);
  });

  it('check tokens on client endpoints only once client ACLs are enabled', async () => {
    const { cluster, secret } = await setup();
    const client = cluster.client('global/client-1');
    const bogus = '00000000-1111-2222-3333-444444444444';
    expect(
      (
        await cluster.http(client.address, {
          method: 'GET',
          path: '/v1/client/stats',
          token: bogus,
        })
      ).status,
    ).toBe(200);
    client.disk.write(
      CLIENT_CONFIG_PATH,
      withAclEnabled(client.disk.readText(CLIENT_CONFIG_PATH) as string, true),
    );
    client.disk.sync();
    await cluster.restartClient(client);
    expect(
      await cluster.http(client.address, { method: 'GET', path: '/v1/client/stats', token: bogus }),
    ).toMatchObject({ status: 403, body: 'Permission denied' });
    expect(
      (await cluster.http(client.address, { method: 'GET', path: '/v1/client/stats' })).status,
    ).toBe(403);
    expect(
      (
        await cluster.http(client.address, {
          method: 'GET',
          path: '/v1/client/stats',
          token: secret,
        })
      ).status,
    ).toBe(200);
    expect(
      (await cluster.http(client.address, { method: 'GET', path: '/v1/agent/self', token: secret }))
        .status,
    ).toBe(200);
  });

  it('pass other requests on to a server of their region', async () => {
    const { cluster, secret } = await setup();
    const client = cluster.client('global/client-2');
    expect(
      await cluster.http(client.address, { method: 'GET', path: '/v1/jobs', token: secret }),
    ).toMatchObject({ status: 200, body: [] });
    expect(await cluster.http(client.address, { method: 'GET', path: '/v1/jobs' })).toMatchObject({
      status: 403,
    });
  });
  it('answer even when the token and policy caches expire faster than a round trip to the servers', async () => {
    const { cluster, server, secret } = await setup();
    const policy = { Name: 'node-read', Description: '', Rules: 'node { policy = "read" }' };
    expect(
      (
        await cluster.http(server, {
          method: 'PUT',
          path: '/v1/acl/policy/node-read',
          token: secret,
          body: policy,
        })
      ).status,
    ).toBe(200);
    const created = await cluster.http(server, {
      method: 'PUT',
      path: '/v1/acl/token',
      token: secret,
      body: { Type: 'client', Policies: ['node-read'] },
    });
    const reader = (created.body as { SecretID: string }).SecretID;
    const client = cluster.client('global/client-1');
    const config = defaultClientConfigText({
      name: 'client-1',
      region: 'global',
      aclEnabled: false,
    });
    client.disk.write(
      CLIENT_CONFIG_PATH,
      `${config}\nacl {\n  enabled = true\n  token_ttl = "1ms"\n  policy_ttl = "1ms"\n}\n`,
    );
    client.disk.sync();
    await cluster.restartClient(client);
    expect(client.settings).toMatchObject({ aclEnabled: true, tokenTtlMs: 1, policyTtlMs: 1 });
    expect(
      (
        await cluster.http(
          client.address,
          { method: 'GET', path: '/v1/client/stats', token: reader },
          20_000,
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await cluster.http(
          client.address,
          { method: 'GET', path: '/v1/agent/self', token: reader },
          20_000,
        )
      ).status,
    ).toBe(403);
  });
});
