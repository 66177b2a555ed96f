/** A region of simulated servers: bootstrap_expect, elections, forwarded writes, restarts. */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';

function kv(key: string, value: string) {
  return { type: 'kv.set' as const, key, value };
}

describe('a simulated region', () => {
  it('forms through bootstrap_expect, elects a leader, and the first user write lands at index 7', async () => {
    const cluster = new Cluster({ seed: 11, regions: [{ name: 'global', servers: 3 }] });
    const [s1, s2] = cluster.serversOf('global');
    s1?.start();
    s2?.start();
    await cluster.sim.sleep(10_000);
    expect(cluster.leaderOf('global')).toBeNull();
    cluster.startAll();
    const leader = await cluster.waitForLeader('global');
    await cluster.sim.sleep(1_000);
    const reply = await cluster.submit(leader.address, kv('a', '1'));
    expect(reply).toEqual({
      ok: true,
      value: { index: 7 },
      by: { region: 'global', server: cluster.leaderOf('global')?.name },
    });
  });

  it('forwards writes from a follower to the leader and applies them everywhere', async () => {
    const cluster = new Cluster({ seed: 12, regions: [{ name: 'global', servers: 3 }] });
    cluster.startAll();
    const leader = await cluster.waitForLeader('global');
    const follower = cluster.serversOf('global').find((s) => s !== leader);
    if (follower === undefined) throw new Error('no follower');
    const reply = await cluster.submit(follower.address, kv('b', '2'));
    expect(reply.ok).toBe(true);
    await cluster.sim.sleep(500);
    for (const server of cluster.serversOf('global'))
      expect(server.fsm?.kv.get('b')?.value).toBe('2');
  });

  it('elects a new leader after the leader crashes, and keeps acknowledged writes', async () => {
    const cluster = new Cluster({ seed: 13, regions: [{ name: 'global', servers: 5 }] });
    cluster.startAll();
    const first = await cluster.waitForLeader('global');
    const ack = await cluster.submit(first.address, kv('c', '3'));
    expect(ack.ok).toBe(true);
    cluster.crash(first);
    const second = await cluster.waitForLeader('global');
    expect(second).not.toBe(first);
    await cluster.sim.sleep(3_000);
    first.start();
    await cluster.waitForHealthy(first);
    expect(first.fsm?.kv.get('c')?.value).toBe('3');
  });

  it('rolling restart keeps the region writable and loses nothing', async () => {
    const cluster = new Cluster({ seed: 14, regions: [{ name: 'global', servers: 3 }] });
    cluster.startAll();
    await cluster.waitForLeader('global');
    let written = 0;
    const writer = (async () => {
      for (let i = 0; i < 40; i++) {
        const target = cluster.serversOf('global').find((s) => s.isRunning);
        if (target === undefined) continue;
        const reply = await cluster.submit(target.address, kv(`k${i}`, `${i}`));
        if (reply.ok) written++;
        await cluster.sim.sleep(500);
      }
    })();
    await cluster.rollingRestart('global');
    await writer;
    expect(written).toBeGreaterThan(30);
    await cluster.sim.sleep(2_000);
    for (const server of cluster.serversOf('global'))
      expect(server.fsm?.kv.size).toBe(cluster.leaderOf('global')?.fsm?.kv.size);
  });

  it('with a majority down, writes fail with No cluster leader after the hold timeout', async () => {
    const cluster = new Cluster({ seed: 15, regions: [{ name: 'global', servers: 3 }] });
    cluster.startAll();
    const leader = await cluster.waitForLeader('global');
    const others = cluster.serversOf('global').filter((s) => s !== leader);
    for (const s of others) cluster.crash(s);
    await cluster.sim.sleep(3_000);
    const started = cluster.sim.now;
    const reply = await cluster.submit(leader.address, kv('d', '4'));
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toMatch(/No cluster leader|leadership lost/);
    expect(cluster.sim.now - started).toBeLessThanOrEqual(6_000);
  });
});
