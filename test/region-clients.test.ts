/** Nomad client agents: node registration, and client endpoints enforced only with client ACLs on. */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { CLIENT_CONFIG_PATH } from '../src/region/client-agent.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { withAclEnabled } from '../src/region/agent-config.js';

async function setup() {
  const cluster = new Cluster({ seed: 31, regions: [{ name: 'global', servers: 3, clients: 2 }], aclEnabled: true });
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
    expect((nodes.body as Array<{ Name: string; Status: string }>).map((n) => [n.Name, n.Status]).sort()).toEqual([
      ['client-1', 'ready'],
      ['client-2', 'ready'],
    ]);
  });

  it('check tokens on client endpoints only once client ACLs are enabled', async () => {
    const { cluster, secret } = await setup();
    const client = cluster.client('global/client-1');
    const bogus = '00000000-1111-2222-3333-444444444444';
    expect((await cluster.http(client.address, { method: 'GET', path: '/v1/client/stats', token: bogus })).status).toBe(200);
    client.disk.write(CLIENT_CONFIG_PATH, withAclEnabled(client.disk.readText(CLIENT_CONFIG_PATH) as string, true));
    client.disk.sync();
    await cluster.restartClient(client);
    expect(await cluster.http(client.address, { method: 'GET', path: '/v1/client/stats', token: bogus })).toMatchObject({ status: 403, body: 'Permission denied' });
    expect((await cluster.http(client.address, { method: 'GET', path: '/v1/client/stats' })).status).toBe(403);
    expect((await cluster.http(client.address, { method: 'GET', path: '/v1/client/stats', token: secret })).status).toBe(200);
    expect((await cluster.http(client.address, { method: 'GET', path: '/v1/agent/self', token: secret })).status).toBe(200);
  });

  it('pass other requests on to a server of their region', async () => {
    const { cluster, secret } = await setup();
    const client = cluster.client('global/client-2');
    expect(await cluster.http(client.address, { method: 'GET', path: '/v1/jobs', token: secret })).toMatchObject({ status: 200, body: [] });
    expect(await cluster.http(client.address, { method: 'GET', path: '/v1/jobs' })).toMatchObject({ status: 403 });
  });
});
