/**
 * Errors that come back from another server (issue 12, §2): Nomad's connection pool
 * (`helper/pool` `ConnPool.RPC`) hands a coded error on as it is and puts `rpc error: ` before any
 * other error, once per server-to-server hop. So a refusal forwarded to a region's leader reads
 * `rpc error: Permission denied`, one forwarded to another region and on to its leader
 * `rpc error: rpc error: Permission denied`, and ACL replication logs
 * `error="rpc error: Permission denied"`; a coded 400 (`ACL bootstrap already done`) crosses
 * unchanged, while 0.9.7's plain 500 does not.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { remoteError } from '../src/server/rpc.js';
import type { ProfileName } from '../src/acl/index.js';
import type { TraceRecord } from '../src/sim/trace.js';

async function federation(profile: ProfileName = 'modern') {
  const cluster = new Cluster({
    seed: 57,
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    authoritativeRegion: 'global',
    aclEnabled: true,
  });
  ApiLayer.install(cluster, profile);
  const logs: Array<TraceRecord<'log'>> = [];
  cluster.sim.trace.on('log', (r) => logs.push(r));
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.waitForLeader('europe');
  await cluster.sim.sleep(1_000);
  const follower = (region: string) =>
    cluster.serversOf(region).find((s) => s !== cluster.leaderOf(region))?.address as string;
  const leader = (region: string) => cluster.leaderOf(region)?.address as string;
  return { cluster, logs, follower, leader };
}

describe('remoteError', () => {
  it('wraps plain errors (403 and 500, whose status the agent reads from the text) and keeps coded ones', () => {
    expect(remoteError({ status: 403, message: 'Permission denied' })).toEqual({
      status: 403,
      message: 'rpc error: Permission denied',
    });
    expect(remoteError({ status: 500, message: 'No cluster leader' })).toEqual({
      status: 500,
      message: 'rpc error: No cluster leader',
    });
    const coded = { status: 400, message: 'ACL bootstrap already done (reset index: 7)' };
    expect(remoteError(coded)).toBe(coded);
    expect(remoteError({ status: 404, message: 'ACL token not found' }).message).toBe(
      'ACL token not found',
    );
  });
});

describe('errors that crossed servers', () => {
  it('one prefix per hop: the leader itself, through a follower, through another region', async () => {
    const { cluster, follower, leader } = await federation();
    const jobs = { method: 'GET', path: '/v1/jobs' } as const;
    expect((await cluster.http(leader('global'), jobs)).body).toBe('Permission denied');
    expect(await cluster.http(follower('global'), jobs)).toMatchObject({
      status: 403,
      body: 'rpc error: Permission denied',
    });
    // europe server -> a global server -> (if that one is a follower) global's leader.
    const viaEurope = await cluster.http(leader('europe'), {
      ...jobs,
      query: { region: 'global' },
    });
    expect(viaEurope.status).toBe(403);
    expect(viaEurope.body).toMatch(/^(rpc error: ){1,2}Permission denied$/);
  });

  it('a coded error crosses unchanged; 0.9.7 has none, so its bootstrap refusal is wrapped', async () => {
    for (const [profile, expected] of [
      ['modern', { status: 400, prefix: '' }],
      ['v1.0', { status: 400, prefix: '' }],
      ['tutorial', { status: 500, prefix: 'rpc error: ' }],
    ] as const) {
      const { cluster, follower, leader } = await federation(profile);
      const first = await cluster.http(leader('global'), {
        method: 'PUT',
        path: '/v1/acl/bootstrap',
      });
      expect(first.status).toBe(200);
      const index = (first.body as { CreateIndex: number }).CreateIndex;
      const again = await cluster.http(follower('global'), {
        method: 'PUT',
        path: '/v1/acl/bootstrap',
      });
      expect([profile, again.status, again.body]).toEqual([
        profile,
        expected.status,
        `${expected.prefix}ACL bootstrap already done (reset index: ${index})`,
      ]);
    }
  });

  it('replication without a token logs error="rpc error: Permission denied" every 30 s', async () => {
    const { cluster, logs, leader } = await federation();
    await cluster.http(leader('global'), { method: 'PUT', path: '/v1/acl/bootstrap' });
    await cluster.sim.sleep(65_000);
    const failures = logs.filter(
      (l) =>
        l.region === 'europe' && l.message === 'failed to fetch tokens from authoritative region',
    );
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const line of failures)
      expect(line.fields).toEqual({ error: 'rpc error: Permission denied' });
  });
});
