/**
 * Rolling restarts of a region (Nomad's default timings), as property tests over the region size
 * (3 or 5) and the restart order:
 *
 * - one server at a time, each followed by the health wait: no acknowledged write is lost, and
 *   writes keep succeeding: the longest stretch without a successful write stays under 10 s;
 * - a majority at once (down 12 s, longer than the 5 s RPC hold timeout): writes fail while the
 *   majority is gone (`No cluster leader`, or `leadership lost while committing log` for one the
 *   last leader held when its lease ran out), succeed again once it is back, and nothing
 *   acknowledged is lost.
 *
 * A background client writes every 250 ms with fresh keys through a random running server; the
 * invariant checker watches every event.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import type { Server } from '../src/server/server.js';
import {
  TimedClient,
  attachChecker,
  awaitRaftConvergence,
  regionSizeArbitrary,
  replayParameters,
  rollingRestartOrderArbitrary,
  type ClusterChecker,
} from '../src/check/index.js';

const WRITE_EVERY_MS = 250;
const MAX_UNAVAILABLE_MS = 10_000;
const replay = replayParameters(process.env);

interface WriteOutcome {
  sentAt: number;
  answeredAt: number;
  ok: boolean;
  error: string | null;
}

/** Writes in the background until `stop()`; every outcome is kept, acks go into the ledger. */
function backgroundWriter(cluster: Cluster, checker: ClusterChecker, seed: number) {
  const client = new TimedClient(cluster, 'writer', 20_000);
  const rng = cluster.sim.rng.split(`writer/${seed}`);
  const outcomes: WriteOutcome[] = [];
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      await cluster.sim.sleep(WRITE_EVERY_MS);
      const live = cluster.serversOf('global').filter((s) => s.isRunning);
      if (live.length === 0) continue;
      const server = rng.pick(live);
      const key = `k${++n}`;
      const sentAt = cluster.sim.now;
      const reply = await client.submit(server.address, { type: 'kv.set', key, value: key });
      outcomes.push({
        sentAt,
        answeredAt: cluster.sim.now,
        ok: reply.ok,
        error: reply.ok ? null : reply.error.message,
      });
      if (reply.ok)
        checker.ledger.record({
          region: 'global',
          key,
          value: key,
          index: (reply.value as { index: number }).index,
          time: cluster.sim.now,
        });
    }
  })();
  return {
    outcomes,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** The longest time between two successful writes (from the first to the last). */
function longestGap(outcomes: readonly WriteOutcome[]): number {
  const acks = outcomes.filter((o) => o.ok).map((o) => o.answeredAt);
  let longest = 0;
  for (let i = 1; i < acks.length; i++)
    longest = Math.max(longest, (acks[i] as number) - (acks[i - 1] as number));
  return longest;
}

async function region(seed: number, servers: number, restartDelayMs?: number) {
  const cluster = new Cluster({
    seed,
    regions: [{ name: 'global', servers }],
    ...(restartDelayMs === undefined ? {} : { restartDelayMs }),
  });
  const checker = attachChecker(cluster);
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.sim.sleep(1_000);
  return { cluster, checker };
}

describe('rolling restarts', () => {
  it('one server at a time with the health wait: nothing acknowledged is lost and writes keep succeeding', async () => {
    const property = fc.asyncProperty(
      regionSizeArbitrary.chain((n) => fc.tuple(fc.constant(n), rollingRestartOrderArbitrary(n))),
      fc.integer({ min: 1, max: 1e6 }),
      async ([servers, order], seed) => {
        const { cluster, checker } = await region(seed, servers);
        const writer = backgroundWriter(cluster, checker, seed);
        await cluster.sim.sleep(2_000);
        const all = cluster.serversOf('global');
        await cluster.rollingRestart(
          'global',
          order.map((i) => all[i] as Server),
        );
        await cluster.sim.sleep(2_000);
        await writer.stop();
        const violation =
          checker.violation ?? (await awaitRaftConvergence(cluster, checker.ledger));
        checker.detach();
        expect(violation).toBeNull();
        expect(checker.ledger.size).toBeGreaterThan(10);
        expect(longestGap(writer.outcomes)).toBeLessThan(MAX_UNAVAILABLE_MS);
        for (const server of all) expect(server.incarnation).toBe(2);
      },
    );
    await fc.assert(property, { numRuns: 8, seed: 5150, ...replay });
  });

  it('a majority at once: writes fail with No cluster leader until it returns, and nothing acknowledged is lost', async () => {
    const property = fc.asyncProperty(
      regionSizeArbitrary.chain((n) => fc.tuple(fc.constant(n), rollingRestartOrderArbitrary(n))),
      fc.integer({ min: 1, max: 1e6 }),
      async ([servers, order], seed) => {
        const downMs = 12_000;
        const { cluster, checker } = await region(seed, servers);
        const writer = backgroundWriter(cluster, checker, seed);
        await cluster.sim.sleep(2_000);
        const all = cluster.serversOf('global');
        const majority = order.slice(0, Math.floor(servers / 2) + 1).map((i) => all[i] as Server);
        await Promise.all(majority.map((s) => cluster.stop(s)));
        const allDownAt = cluster.sim.now;
        await cluster.sim.sleep(downMs);
        for (const server of majority) server.start();
        const backAt = cluster.sim.now;
        for (const server of majority) await cluster.waitForHealthy(server);
        await cluster.sim.sleep(3_000);
        await writer.stop();
        const violation =
          checker.violation ?? (await awaitRaftConvergence(cluster, checker.ledger));
        checker.detach();
        expect(violation).toBeNull();
        // A write sent while the majority is gone can only fail: the leader that is left steps down
        // when its lease runs out (a write it holds then fails with `leadership lost while committing
        // log`), and later writes wait the hold timeout for a leader: `No cluster leader`.
        const whileDown = writer.outcomes.filter(
          (o) => o.sentAt > allDownAt && o.answeredAt < backAt,
        );
        expect(whileDown.length).toBeGreaterThan(0);
        for (const outcome of whileDown) expect(outcome).toMatchObject({ ok: false });
        // A write sent to a follower comes back with `rpc error: ` before the leader's error.
        const errors = whileDown.map((o) => (o.error ?? '').replace(/^(rpc error: )+/, ''));
        expect(errors.some((e) => e === 'No cluster leader')).toBe(true);
        expect(
          errors.every(
            (e) => e === 'No cluster leader' || e === 'leadership lost while committing log',
          ),
        ).toBe(true);
        // Writes succeed again after the majority is back.
        expect(writer.outcomes.some((o) => o.ok && o.sentAt > backAt)).toBe(true);
      },
    );
    await fc.assert(property, { numRuns: 6, seed: 5151, ...replay });
  });
});
