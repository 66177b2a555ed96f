/**
 * Observers never change a federation's run. The same seeded workload (bootstrap, ACL policy
 * writes through servers of both regions, replication, a leader crash) runs three ways: with the
 * whole trace kept, with nobody watching, and with one listener of a single kind (which makes
 * servers skip the records of every other kind). Network and disk byte counts, the Raft state of
 * every server and every region's ACL policies come out the same.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import type { Server } from '../src/server/server.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { createIdSource } from '../src/sim/ids.js';
import { TimedClient, writeReplicationTokens } from '../src/check/index.js';

type Observer = 'keep-trace' | 'none' | 'acl.replicate only';

async function run(observer: Observer): Promise<unknown> {
  const regions = [
    { name: 'global', servers: 3 },
    { name: 'europe', servers: 3 },
  ];
  const cluster = new Cluster({
    seed: 17,
    regions,
    authoritativeRegion: 'global',
    aclEnabled: true,
    keepTrace: observer === 'keep-trace',
  });
  if (observer === 'acl.replicate only') cluster.sim.trace.on('acl.replicate', () => {});
  ApiLayer.install(cluster);
  const secret = createIdSource(cluster.sim.rng.split('secret'))();
  writeReplicationTokens(cluster, 'global', secret);
  cluster.startAll();
  for (const region of regions) await cluster.waitForLeader(region.name);
  const client = new TimedClient(cluster, 'observer-test');
  await client.http((cluster.leaderOf('global') as Server).address, {
    method: 'PUT',
    path: '/v1/acl/bootstrap',
    body: { BootstrapSecret: secret },
  });
  for (let i = 0; i < 6; i++) {
    const server = cluster.servers[(i * 2) % cluster.servers.length] as Server;
    const body = {
      Name: `p${i}`,
      Description: `policy ${i}`,
      Rules: 'namespace "default" { policy = "read" }',
    };
    await client.http(server.address, {
      method: 'PUT',
      path: `/v1/acl/policy/p${i}`,
      token: secret,
      body,
    });
    if (i === 3) (cluster.leaderOf('europe') as Server).halt(true);
  }
  cluster.sim.runFor(60_000);
  return {
    network: { ...cluster.network.stats },
    disk: cluster.servers.map((server) => server.disk.stats.bytesWritten),
    raft: cluster.servers.map((server) => [
      server.name,
      server.node?.commitIndex ?? null,
      server.node?.term ?? null,
      server.node?.lastIndex ?? null,
    ]),
    policies: cluster.servers.map(
      (server) =>
        server.fsm?.acl.listPolicies().map((p) => [p.Name, p.Hash, p.ModifyIndex]) ?? null,
    ),
  };
}

describe('observers of a federation', () => {
  it('do not change the run', async () => {
    const kept = await run('keep-trace');
    expect(await run('none')).toEqual(kept);
    expect(await run('acl.replicate only')).toEqual(kept);
    // The workload did something: the five writes that did not go to the crashed server replicated.
    const names = (kept as { policies: Array<Array<[string]> | null> }).policies.map(
      (list) => list?.map(([name]) => name) ?? null,
    );
    expect(names.filter((list) => list !== null)).toEqual(
      Array(5).fill(['p0', 'p1', 'p2', 'p3', 'p4']),
    );
  });
});
