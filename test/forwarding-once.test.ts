/**
 * One forwarding path (issue 11): a write sent to a follower reaches the leader through the API's
 * forwarding only, never also through the server's own write RPC (`Raft.Apply`), and an
 * acknowledged write is applied exactly once, at the index its answer gives, even while leaders
 * crash and hand over leadership between writes.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import type { Server } from '../src/server/server.js';

describe('forwarding a write to the leader', () => {
  it.each([1, 2, 3, 4])(
    'seed %i: acknowledged policy writes through followers are applied once, over one path',
    async (seed) => {
      const cluster = new Cluster({
        seed,
        regions: [{ name: 'global', servers: 3 }],
        authoritativeRegion: 'global',
        aclEnabled: true,
      });
      ApiLayer.install(cluster);
      const serverToServer: string[] = [];
      cluster.sim.trace.on('net.send', (r) => {
        if (
          r.from.startsWith('global/') &&
          r.to.startsWith('global/') &&
          !/^(appendEntries|requestVote|preVote|heartbeat|installSnapshot|timeoutNow)/i.test(r.what)
        ) {
          serverToServer.push(r.what);
        }
      });
      cluster.startAll();
      await cluster.waitForLeader('global');
      await cluster.sim.sleep(2_000);
      const first = cluster.serversOf('global')[0] as Server;
      const boot = await cluster.http(first.address, { method: 'PUT', path: '/v1/acl/bootstrap' });
      const token = (boot.body as { SecretID: string }).SecretID;
      const acknowledged = new Map<string, number>();
      for (let i = 0; i < 24; i++) {
        const leader = cluster.leaderOf('global');
        if (i % 6 === 5 && leader !== null) {
          if (i % 12 === 5) void cluster.restart(leader);
          else cluster.crash(leader);
        }
        const follower = cluster.serversOf('global').find((s) => s.isRunning && !s.isLeader);
        if (follower === undefined) {
          await cluster.sim.sleep(1_000);
          continue;
        }
        const name = `p${i}`;
        const put = await cluster.http(follower.address, {
          method: 'PUT',
          path: `/v1/acl/policy/${name}`,
          token,
          body: { Name: name, Description: '', Rules: 'namespace "default" { policy = "read" }' },
        });
        if (put.status === 200) acknowledged.set(name, Number(put.headers['X-Nomad-Index']));
        if (i % 6 === 5) await cluster.sim.sleep(3_000);
      }
      for (const server of cluster.serversOf('global')) if (!server.isRunning) server.start();
      await cluster.waitForLeader('global');
      await cluster.sim.sleep(5_000);
      expect(acknowledged.size).toBeGreaterThan(12);
      const state = cluster.leaderOf('global')?.fsm?.acl;
      for (const [name, index] of acknowledged) {
        const stored = state?.policyByName(name);
        expect({ name, create: stored?.CreateIndex, modify: stored?.ModifyIndex }).toEqual({
          name,
          create: index,
          modify: index,
        });
      }
      expect(serverToServer).toContain('ACL.UpsertPolicies');
      expect(serverToServer).not.toContain('Raft.Apply');
    },
  );
});
