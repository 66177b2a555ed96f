/**
 * Raft benchmark: how much faster than real time one region of 5 servers runs at Nomad's default
 * timings, idle and under 10 kv writes per second (virtual seconds per wall second), and how many
 * messages per wall second the simulated network delivers meanwhile, beside the floor measured in
 * the same process (per message: msgpackr encode + decode + heap push + pop, as in bench/kernel.ts).
 * The floor stays a msgpackr one, although AppendEntries, heartbeats and their replies now travel
 * in a fixed binary layout (src/server/raft-wire-format.ts): a ratio above 1 means the simulator
 * delivers messages faster than msgpackr alone could encode them.
 *
 * Each phase runs 600 virtual seconds in five windows; the median window is reported (with the
 * slowest and fastest beside the load number).
 *
 * Goals (issue 3): at least 2000x idle and 800x at 10 writes/s. Writes are sent as plain network
 * messages from a client endpoint (no promises), so the numbers are the simulator's own.
 * Run alone with `npx tsx bench/raft.ts`; `runRaftBench()` is for the bench runner.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Cluster, WORKSTATION } from '../src/region/cluster.js';
import type { Envelope } from '../src/server/rpc.js';
import { EventQueue } from '../src/sim/event-queue.js';
import { encode, decode } from '../src/sim/codec.js';

const WARM_UP_MS = 60_000;
const MEASURE_MS = 600_000;
const WINDOWS = 5;

/** A message shaped like an AppendEntries carrying one small kv write. */
function appendEntries(i: number) {
  return {
    k: 'raft',
    m: {
      type: 'appendEntries',
      from: '10.1.0.1:4647',
      term: 3,
      prevLogIndex: i,
      prevLogTerm: 3,
      leaderCommit: i,
      entries: [
        {
          index: i + 1,
          term: 3,
          type: 'command',
          data: encode({ type: 'kv.set', key: `k${i}`, value: `v${i}` }),
        },
      ],
    },
  };
}

/** Floor: per message, encode, push into a heap, pop, decode. */
export function messageFloor(count: number): number {
  const queue = new EventQueue();
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const bytes = encode(appendEntries(i));
    queue.push(i + (i % 7), () => {
      sink += (decode(bytes) as { m: { term: number } }).m.term;
    });
    if (queue.size > 1000) queue.pop()?.action();
  }
  for (let e = queue.pop(); e; e = queue.pop()) e.action();
  const seconds = (performance.now() - start) / 1000;
  if (sink < 0) throw new Error('unreachable');
  return count / seconds;
}

interface Phase {
  compression: number;
  messagesPerSec: number;
  writesAcked: number;
}

/** Sends a kv write every `1000 / rate` ms to a random server, as network messages; counts ok replies. */
function startWriter(cluster: Cluster, rate: number): { acked: () => number; stop: () => void } {
  const address = 'bench-writer';
  let acked = 0;
  let running = true;
  let id = 1;
  cluster.network.register(address, WORKSTATION, (_from, message) => {
    const envelope = message as Envelope;
    if (envelope.k === 'rpc-reply' && envelope.reply.ok) acked++;
  });
  const rng = cluster.sim.rng.split('bench-writer');
  const tick = (): void => {
    if (!running) return;
    const server = rng.pick(cluster.servers);
    const n = id++;
    const envelope: Envelope = {
      k: 'rpc',
      id: n,
      method: 'Raft.Apply',
      args: { command: { type: 'kv.set', key: `k${n}`, value: `v${n}` } },
    };
    cluster.network.send(address, server.address, envelope);
    cluster.sim.schedule(1000 / rate, tick);
  };
  tick();
  return { acked: () => acked, stop: () => void (running = false) };
}

function measure(cluster: Cluster, virtualMs: number, acked: () => number): Phase {
  const delivered = cluster.network.stats.delivered;
  const ackedBefore = acked();
  const start = performance.now();
  cluster.sim.runFor(virtualMs);
  const seconds = (performance.now() - start) / 1000;
  return {
    compression: virtualMs / 1000 / seconds,
    messagesPerSec: (cluster.network.stats.delivered - delivered) / seconds,
    writesAcked: acked() - ackedBefore,
  };
}

/**
 * Measures `WINDOWS` consecutive windows that together span `virtualMs` and reports the median
 * window (the machine slows down now and then for a fraction of a second; one slow stretch
 * should not decide the number), with the slowest and fastest windows beside it.
 */
function measureWindows(
  cluster: Cluster,
  virtualMs: number,
  acked: () => number,
): Phase & { slowest: number; fastest: number } {
  const phases: Phase[] = [];
  for (let i = 0; i < WINDOWS; i++) phases.push(measure(cluster, virtualMs / WINDOWS, acked));
  const sorted = [...phases].sort((a, b) => a.compression - b.compression);
  const median = sorted[Math.floor(WINDOWS / 2)] as Phase;
  return {
    ...median,
    writesAcked: phases.reduce((sum, phase) => sum + phase.writesAcked, 0),
    slowest: (sorted[0] as Phase).compression,
    fastest: (sorted[WINDOWS - 1] as Phase).compression,
  };
}

async function region(seed: number): Promise<Cluster> {
  const cluster = new Cluster({ seed, regions: [{ name: 'global', servers: 5 }] });
  cluster.startAll();
  await cluster.waitForLeader('global');
  return cluster;
}

export async function runRaftBench(): Promise<Record<string, number>> {
  messageFloor(50_000);
  const idleCluster = await region(1);
  measure(idleCluster, WARM_UP_MS, () => 0);
  const idle = measureWindows(idleCluster, MEASURE_MS, () => 0);

  const loadCluster = await region(2);
  const writer = startWriter(loadCluster, 10);
  measure(loadCluster, WARM_UP_MS, writer.acked);
  const load = measureWindows(loadCluster, MEASURE_MS, writer.acked);
  writer.stop();

  const floor = messageFloor(300_000);
  return {
    idleCompression: Math.round(idle.compression),
    idleMessagesPerSec: Math.round(idle.messagesPerSec),
    load10WritesCompression: Math.round(load.compression),
    load10WritesSlowestWindow: Math.round(load.slowest),
    load10WritesFastestWindow: Math.round(load.fastest),
    load10WritesMessagesPerSec: Math.round(load.messagesPerSec),
    load10WritesAcked: load.writesAcked,
    floorMessagesPerSec: Math.round(floor),
    loadMessagesToFloorRatio: Number((load.messagesPerSec / floor).toFixed(3)),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const numbers = await runRaftBench();
  console.log('## raft  (goals: idleCompression >= 2000, load10WritesCompression >= 800)');
  for (const [key, value] of Object.entries(numbers)) console.log(`  ${key.padEnd(32)} ${value}`);
}
