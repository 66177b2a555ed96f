/**
 * The trace records what a server holds besides its log (docs/trace.md): each vote it persists
 * (`raft.vote`), the config file it starts with (`server.config`), and its ACL tables, as the ACL
 * entries it applies change them (`acl.apply`) and as snapshots replace them (`acl.tables`). Read
 * back through the timeline model (what the page's Server tab shows), they are exactly what each
 * live server holds at the end of a run: after the tutorial, and after a run where servers restart
 * from snapshots and a cut-off follower catches up from one.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../src/region/cluster.js';
import type { Server } from '../src/server/server.js';
import { openLiveSession } from '../src/scenario/live-session.js';
import type { TraceRecord } from '../src/sim/trace.js';
import { buildTimeline } from '../src/timeline/build-timeline.js';
import { serverStateAt } from '../src/timeline/server-state.js';
import { shapeOf, withClusterRun } from '../src/testing/index.js';
import { scenario as tutorial } from '../scenarios/tutorial.js';

/** Every server's vote, config file and ACL tables at the end, from the trace and from the server. */
function compare(cluster: Cluster, records: readonly TraceRecord[]): number {
  const timeline = buildTimeline(records);
  let servers = 0;
  for (const region of cluster.regionNames) {
    for (const server of cluster.serversOf(region) as Server[]) {
      const lane = timeline.lanes.findIndex((l) => l.id === `${server.region}/${server.name}`);
      expect(lane, `${server.region}/${server.name}`).toBeGreaterThanOrEqual(0);
      const state = serverStateAt(timeline, lane, timeline.end);
      expect(state.config?.text).toBe(server.disk.readText(server.configPath));
      if (!server.isRunning || server.fsm === null || server.node === null) {
        expect(state.acl).toBeNull();
        continue;
      }
      servers++;
      expect(state.acl).toEqual({
        policies: server.fsm.acl
          .listPolicies()
          .map((p) => p.Name)
          .sort(),
        tokens: server.fsm.acl
          .listTokens({ order: 'accessor-id' })
          .map((t) => t.AccessorID)
          .sort(),
      });
      const votedFor = server.node.votedFor;
      if (votedFor === null) expect(state.vote?.term ?? -1).toBeLessThan(server.node.term);
      else
        expect(state.vote).toMatchObject({
          term: server.node.term,
          votedFor: cluster.network.endpointName(votedFor.slice(0, votedFor.lastIndexOf(':'))),
        });
    }
  }
  return servers;
}

describe("a server's vote, config file and ACL tables in the trace", () => {
  it('are what every server holds at the end of the tutorial', async () => {
    const lines: string[] = [];
    const opened = await openLiveSession(tutorial.info, tutorial.body ?? null, {
      traceSink: (line) => lines.push(line),
    });
    if (!opened.ok) throw new Error(opened.failure);
    const records = lines.map((line) => JSON.parse(line) as TraceRecord);
    expect(compare(opened.session.cluster, records)).toBe(9);
    // The tutorial's policy reached every region, and its tokens only where they replicate.
    const timeline = buildTimeline(records);
    const europe = timeline.lanes.findIndex((l) => l.id === 'europe/server-1');
    expect(serverStateAt(timeline, europe, timeline.end).acl?.policies).toContain('anonymous');
  });

  it('follow restarts from snapshots and a follower catching up from one', async () => {
    await withClusterRun(
      {
        seed: 12,
        shape: shapeOf([3]),
        keepTrace: true,
        cluster: { limits: { snapshotThreshold: 4, trailingLogs: 2 } },
      },
      async (run) => {
        const boot = await run.acl({
          op: 'bootstrap',
          via: 'global/server-1',
          secret: 'generated',
        });
        expect(boot.status).toBe(200);
        const rules = 'namespace "default" {\n  policy = "read"\n}\n';
        for (const name of ['a', 'b', 'c', 'd', 'e'])
          await run.acl({
            op: 'policy.write',
            via: 'global/server-1',
            as: 't1',
            name,
            description: '',
            rules,
          });
        await run.restartInOrder('global', [0, 1, 2]);
        run.fault({ kind: 'isolate', server: 2 });
        for (const name of ['f', 'g', 'h', 'i', 'j', 'k'])
          await run.acl({
            op: 'policy.write',
            via: 'global/server-1',
            as: 't1',
            name,
            description: '',
            rules,
          });
        await run.acl({ op: 'policy.delete', via: 'global/server-1', as: 't1', name: 'a' });
        run.fault({ kind: 'heal' });
        await run.wait(5_000);
        const records = run.cluster.sim.trace
          .text()
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as TraceRecord);
        const kinds = new Set(records.map((r) => r.kind));
        expect([...kinds].filter((k) => k.startsWith('acl.') || k === 'raft.vote')).toEqual(
          expect.arrayContaining(['acl.apply', 'acl.tables', 'raft.vote']),
        );
        expect(
          records.some(
            (r) =>
              r.kind === 'raft.snapshot' && (r as TraceRecord<'raft.snapshot'>).how === 'installed',
          ),
        ).toBe(true);
        expect(compare(run.cluster, records)).toBe(3);
      },
    );
  });
});
