/**
 * `NodePool.DeleteNodePools` refuses a pool still in use anywhere in the federation, as Nomad
 * 2.0.5's `nodePoolRegionsInUse` does: nodes in the pool in any region, or jobs that are not dead
 * (jobs here all run in the `default` pool), each region named, every pool's problems in one
 * multierror (a plain error: 500), checked before the state machine's own refusals.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import type { ApiRequest } from '../src/server/http.js';
import { withReplicationToken } from '../src/agent-config/index.js';

async function federation() {
  const cluster = new Cluster({
    seed: 11,
    regions: [
      { name: 'global', servers: 1 },
      { name: 'europe', servers: 1 },
    ],
    authoritativeRegion: 'global',
    aclEnabled: true,
  });
  ApiLayer.install(cluster, 'modern');
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.waitForLeader('europe');
  await cluster.sim.sleep(1_000);
  const g = cluster.serversOf('global')[0]?.address as string;
  const boot = await cluster.http(g, { method: 'PUT', path: '/v1/acl/bootstrap' });
  const token = (boot.body as { SecretID: string }).SecretID;
  // europe replicates with the bootstrap token, so it knows the caller's token too.
  for (const server of cluster.serversOf('europe')) {
    const path = '/etc/nomad.d/server.hcl';
    server.disk.write(path, withReplicationToken(server.disk.readText(path) as string, token));
    server.disk.sync();
  }
  await cluster.rollingRestart('europe');
  await cluster.sim.sleep(2_000);
  const http = (request: Omit<ApiRequest, 'token'>) => cluster.http(g, { ...request, token });
  /** Registers a client node in `region` in `pool`, through that region's servers. */
  const registerNode = async (region: string, pool: string) => {
    const server = cluster.serversOf(region)[0]?.address as string;
    const answer = await cluster.submit(server, {
      type: 'node.register',
      node: {
        ID: `node-${region}-${pool}`,
        Name: `client-${region}`,
        Datacenter: 'dc1',
        NodeClass: '',
        NodePool: pool,
        Address: '10.9.0.1',
        Status: 'ready',
        Drain: false,
        SchedulingEligibility: 'eligible',
      },
    });
    expect(answer.ok).toBe(true);
  };
  return { cluster, http, registerNode };
}

describe('node pool delete: a pool in use is refused', () => {
  it('names the regions whose nodes are in the pool, and deletes it once none is', async () => {
    const fed = await federation();
    for (const name of ['gpu', 'arm'])
      expect(
        (await fed.http({ method: 'PUT', path: '/v1/node/pools', body: { Name: name } })).status,
      ).toBe(200);
    await fed.registerNode('europe', 'gpu');
    await fed.registerNode('global', 'gpu');
    const refused = await fed.http({ method: 'DELETE', path: '/v1/node/pool/gpu' });
    expect(refused.status).toBe(500);
    expect(refused.body).toBe(
      '1 error occurred:\n\t* node pool "gpu" has nodes in regions: [global europe]\n\n',
    );
    const free = await fed.http({ method: 'DELETE', path: '/v1/node/pool/arm' });
    expect(free.status).toBe(200);
    expect(fed.cluster.leaderOf('global')?.fsm?.nodePools.get('gpu')).not.toBeNull();
  });

  it('checks jobs before the built-in refusal: default with a running job names its region', async () => {
    const fed = await federation();
    const job = await fed.http({ method: 'PUT', path: '/v1/jobs', body: { Job: { ID: 'web' } } });
    expect(job.status).toBe(200);
    const refused = await fed.http({ method: 'DELETE', path: '/v1/node/pool/default' });
    expect(refused.status).toBe(500);
    expect(refused.body).toBe(
      '1 error occurred:\n\t* node pool "default" has non-terminal jobs in regions: [global]\n\n',
    );
    // A caller europe does not know (a management token local to global): europe refuses the
    // node list, and Nomad's function returns the lists it had so far in the other order on that
    // path, so global's running job is reported as nodes.
    const local = await fed.http({
      method: 'PUT',
      path: '/v1/acl/token',
      body: { Name: 'local admin', Type: 'management', Global: false },
    });
    const secret = (local.body as { SecretID: string }).SecretID;
    const g = fed.cluster.serversOf('global')[0]?.address as string;
    const swapped = await fed.cluster.http(g, {
      method: 'DELETE',
      path: '/v1/node/pool/default',
      token: secret,
    });
    expect(swapped.status).toBe(500);
    expect(swapped.body).toBe(
      '2 errors occurred:\n\t* rpc error: Permission denied\n\t* node pool "default" has nodes in regions: [global]\n\n',
    );
    // With nothing in it, the state machine's own refusal of a built-in pool answers.
    const all = await fed.http({ method: 'DELETE', path: '/v1/node/pool/all' });
    expect(all.body).toContain('deleting node pool "all" is not allowed');
  });
});
