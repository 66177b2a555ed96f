/**
 * The `raft.apply` digest in the trace must not depend on what the process encoded before the
 * run: the wire codec's shared msgpack structures table is process-wide, so digesting the
 * encoded bytes would give another trace for the same seed after an unrelated earlier run.
 */
import { describe, expect, it, vi } from 'vitest';

async function applyDigests(encodeOtherShapesFirst: boolean): Promise<string[]> {
  vi.resetModules();
  const codec = await import('../src/sim/codec.js');
  if (encodeOtherShapesFirst)
    for (let i = 0; i < 8; i++) codec.encode({ [`unrelated${i}`]: i, other: 'x' });
  const { Cluster } = await import('../src/region/cluster.js');
  const cluster = new Cluster({
    seed: 5,
    regions: [{ name: 'global', servers: 3 }],
    keepTrace: true,
  });
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.sim.sleep(2_000);
  const records = cluster.sim.trace
    .text()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { kind: string; type?: string; digest?: string });
  return records.filter((r) => r.kind === 'raft.apply').map((r) => `${r.type}:${r.digest}`);
}

describe('raft.apply digests', () => {
  it('are the same for the same seed whatever the process encoded before', async () => {
    const fresh = await applyDigests(false);
    expect(fresh.some((d) => d.startsWith('cluster.init:'))).toBe(true);
    expect(await applyDigests(true)).toEqual(fresh);
  });
});
