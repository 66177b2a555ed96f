/**
 * Work owned by one incarnation of a process (src/sim/lifetime.ts, `Server.after`/`guard`): a
 * crash or restart drops its timers and silences its late callbacks, and someone waiting for the
 * process to stop hears about it however it stopped.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../src/sim/simulation.js';
import { Lifetime } from '../src/sim/lifetime.js';
import { Cluster } from '../src/region/cluster.js';

describe('Lifetime', () => {
  it('runs timers while alive, drops them once ended, and silences guarded callbacks', () => {
    const sim = new Simulation({ seed: 1 });
    const life = new Lifetime(sim);
    const ran: string[] = [];
    life.after(10, () => ran.push('early'));
    life.after(30, () => ran.push('late'));
    const cancelled = life.after(5, () => ran.push('cancelled'));
    cancelled.cancel();
    const late = life.guard((what: string) => ran.push(what));
    let ended = 0;
    life.onEnd(() => ended++);
    sim.schedule(20, () => {
      late('answer while alive');
      life.end();
      late('answer after the end');
      life.end();
    });
    sim.runUntilQuiet();
    expect(ran).toEqual(['early', 'answer while alive']);
    expect(ended).toBe(1);
    expect(life.isAlive).toBe(false);
    life.onEnd(() => ended++);
    expect(ended).toBe(2);
  });
});

describe('Server.after', () => {
  it('drops a timer of the incarnation that crashed, keeps those of the one that follows', async () => {
    const cluster = new Cluster({ seed: 2, regions: [{ name: 'global', servers: 3 }] });
    cluster.startAll();
    await cluster.waitForLeader('global');
    const server = cluster.serversOf('global')[0]!;
    const fired: string[] = [];
    server.after(1_000, () => fired.push('first life'));
    cluster.crash(server);
    expect(server.after(10, () => fired.push('while down'))).toBeNull();
    server.start();
    server.after(1_000, () => fired.push('second life'));
    await cluster.sim.sleep(5_000);
    expect(fired).toEqual(['second life']);
  });

  it('a graceful stop interrupted by a crash still tells the one waiting for it', async () => {
    const cluster = new Cluster({ seed: 2, regions: [{ name: 'global', servers: 3 }] });
    cluster.startAll();
    const leader = await cluster.waitForLeader('global');
    let stopped = false;
    leader.stopGracefully(() => (stopped = true));
    cluster.crash(leader);
    await cluster.sim.sleep(10);
    expect(stopped).toBe(true);
  });
});
