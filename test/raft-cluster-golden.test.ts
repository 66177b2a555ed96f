/**
 * Golden transcripts of hand-written Raft scenarios on a simulated region (Nomad's default
 * timings): an election after the leader crashes, a partitioned leader that steps down, and a
 * lagging follower caught up by a snapshot. The transcript is a readable rendering of the trace
 * (src/check/transcript.ts); a change in Raft behaviour shows up as a reviewable diff.
 * Every scenario also runs under the invariant checker.
 */
import { describe, expect, it } from 'vitest';
import { Cluster, type ClusterOptions } from '../src/region/cluster.js';
import type { Server } from '../src/server/server.js';
import { attachChecker, renderTranscript, TimedClient } from '../src/check/index.js';

interface Scenario {
  cluster: Cluster;
  client: TimedClient;
  note(text: string): void;
  write(server: Server, key: string): Promise<void>;
  finish(): string;
}

async function scenario(options: Omit<ClusterOptions, 'keepTrace'>): Promise<Scenario> {
  const cluster = new Cluster({ ...options, keepTrace: true });
  const checker = attachChecker(cluster);
  const client = new TimedClient(cluster, 'operator');
  const trace = cluster.sim.trace;
  let requests = 0;
  return {
    cluster,
    client,
    note: (text) => trace.record('sim.note', { text }),
    write: async (server, key) => {
      const id = `w${++requests}`;
      trace.record('client.request', {
        id,
        region: server.region,
        server: server.name,
        operation: `kv.set ${key}`,
      });
      const reply = await client.submit(server.address, { type: 'kv.set', key, value: key });
      const index = reply.ok ? (reply.value as { index: number }).index : 0;
      const error = reply.ok ? null : reply.error.message;
      const status = reply.ok ? 200 : reply.error.status;
      const by = reply.by ?? { region: server.region, server: server.name };
      trace.record('client.response', {
        id,
        region: by.region,
        server: by.server,
        entryRegion: server.region,
        entryServer: server.name,
        operation: `kv.set ${key}`,
        write: true,
        status,
        index,
        error,
      });
    },
    finish: () => {
      checker.detach();
      expect(checker.violation).toBeNull();
      return renderTranscript(trace.text());
    },
  };
}

function other(cluster: Cluster, region: string, not: Server): Server {
  const found = cluster.serversOf(region).find((s) => s !== not && s.isRunning);
  if (found === undefined) throw new Error('no other running server');
  return found;
}

describe('golden Raft transcripts', () => {
  it('elects a new leader after the leader crashes, and the old one rejoins as a follower', async () => {
    const s = await scenario({ seed: 101, regions: [{ name: 'global', servers: 3 }] });
    const { cluster } = s;
    cluster.startAll();
    const first = await cluster.waitForLeader('global');
    await s.write(first, 'a');
    s.note(`crash the leader ${first.name}`);
    cluster.crash(first);
    const second = await cluster.waitForLeader('global');
    expect(second).not.toBe(first);
    await s.write(second, 'b');
    s.note(`restart ${first.name}`);
    first.start();
    await cluster.waitForHealthy(first);
    expect(first.fsm?.kv.get('a')?.value).toBe('a');
    expect(first.fsm?.kv.get('b')?.value).toBe('b');
    await expect(s.finish()).toMatchFileSnapshot('golden/raft/leader-crash-election.txt');
  });

  it('a partitioned leader steps down when it loses its quorum, and follows the new leader after the heal', async () => {
    const s = await scenario({ seed: 102, regions: [{ name: 'global', servers: 5 }] });
    const { cluster } = s;
    cluster.startAll();
    const first = await cluster.waitForLeader('global');
    await s.write(first, 'a');
    s.note(`cut the leader ${first.name} off from everyone`);
    const partition = cluster.network.isolate(first.address);
    await cluster.sim.sleep(5_000);
    expect(first.isLeader).toBe(false);
    const second = cluster.leaderOf('global');
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    await s.write(second as Server, 'b');
    s.note('heal the partition');
    cluster.network.heal(partition);
    await cluster.waitForHealthy(first);
    expect(first.node?.leader).toBe((second as Server).raftId);
    expect(first.fsm?.kv.get('b')?.value).toBe('b');
    await expect(s.finish()).toMatchFileSnapshot('golden/raft/partitioned-leader-steps-down.txt');
  });

  it("a follower that fell behind the leader's log is caught up with InstallSnapshot", async () => {
    const s = await scenario({
      seed: 103,
      regions: [{ name: 'global', servers: 3 }],
      limits: { snapshotThreshold: 8, trailingLogs: 2 },
    });
    const { cluster } = s;
    cluster.startAll();
    const leader = await cluster.waitForLeader('global');
    const lagging = other(cluster, 'global', leader);
    const laggingLast = lagging.node?.lastIndex ?? 0;
    s.note(`crash the follower ${lagging.name}`);
    cluster.crash(lagging);
    for (let i = 1; i <= 20; i++) await s.write(leader, `k${i}`);
    expect(leader.node?.firstIndex).toBeGreaterThan(laggingLast + 1);
    s.note(`restart ${lagging.name}: the entries it lacks are gone from the leader's log`);
    lagging.start();
    await cluster.waitForHealthy(lagging);
    expect(lagging.node?.snapshotIndex).toBeGreaterThan(0);
    expect(lagging.fsm?.kv.get('k20')?.value).toBe('k20');
    const transcript = s.finish();
    expect(transcript).toMatch(/snapshot installed/);
    await expect(transcript).toMatchFileSnapshot('golden/raft/lagging-follower-snapshot.txt');
  });
});
