/**
 * Kernel benchmark: delivered messages per wall second on a synthetic all-to-all workload, beside
 * the floor measured in the same process (msgpackr encode + decode + heap push + pop per
 * message), and their ratio. Goal (issue 2): the kernel reaches at least 60% of the floor.
 */
import { performance } from 'node:perf_hooks';
import { Simulation } from '../src/sim/simulation.js';
import { Network } from '../src/sim/network.js';
import { EventQueue } from '../src/sim/event-queue.js';
import { encode, decode } from '../src/sim/codec.js';

const ENDPOINTS = 16;

/** A message shaped like a Raft heartbeat. */
function message(i: number) {
  return {
    type: 'heartbeat',
    from: `10.1.0.${i % ENDPOINTS}:4647`,
    term: 3,
    commit: i,
    leaderCommit: i,
  };
}

/** Floor: per message, encode, push into a heap, pop, decode. */
function floor(count: number): number {
  const queue = new EventQueue();
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const bytes = encode(message(i));
    queue.push(i + (i % 7), () => {
      sink += (decode(bytes) as { commit: number }).commit;
    });
    if (queue.size > 1000) queue.pop()?.action();
  }
  for (let e = queue.pop(); e; e = queue.pop()) e.action();
  const seconds = (performance.now() - start) / 1000;
  if (sink < 0) throw new Error('unreachable');
  return count / seconds;
}

/** Kernel: endpoints that answer each message by sending to the next endpoint (all-to-all ring). */
function kernel(count: number): number {
  const sim = new Simulation({ seed: 1 });
  const net = new Network(sim, { local: { min: 1, max: 5 } });
  let delivered = 0;
  const names = Array.from({ length: ENDPOINTS }, (_, i) => `e${i}`);
  names.forEach((name, i) => {
    net.register(name, 'r', (_from, m) => {
      delivered++;
      if (delivered + 1000 <= count) {
        const n = (m as { commit: number }).commit + 1;
        net.send(name, names[(i + 1 + (n % (ENDPOINTS - 1))) % ENDPOINTS] as string, message(n));
      }
    });
  });
  const start = performance.now();
  for (let i = 0; i < 1000; i++)
    net.send(names[i % ENDPOINTS] as string, names[(i + 1) % ENDPOINTS] as string, message(i));
  sim.runUntilQuiet();
  const seconds = (performance.now() - start) / 1000;
  return delivered / seconds;
}

export async function runKernelBench(): Promise<Record<string, number>> {
  const count = 300_000;
  floor(50_000);
  kernel(50_000);
  const floorRate = floor(count);
  const kernelRate = kernel(count);
  return {
    kernelMessagesPerSec: Math.round(kernelRate),
    floorMessagesPerSec: Math.round(floorRate),
    kernelToFloorRatio: Number((kernelRate / floorRate).toFixed(3)),
  };
}
