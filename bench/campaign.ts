/**
 * Campaign benchmark: what the worker pool costs and what a second worker brings.
 *
 * The same seeds (3 regions x 3 servers, 10 min of faults each, as in the README's campaign; no
 * shrinking) run three ways in one process, side by side: directly in the main thread one after
 * the other (`runCampaignSeed`, no pool), through a pool of 1 worker thread, and through a pool
 * of 2; three rounds, the ways interleaved in each, the median round counts. Each way is warmed
 * first with one full seed per thread (V8 compiles the hot paths), and the pools' start (threads
 * up, tsx compiling the sources, one tiny seed answered) is timed apart. Reported: seeds per
 * second of each way, the 2-worker ÷ 1-worker speed-up (goal >= 1.8 on the 2-core machine), and
 * the pool overhead per seed, (pool of 1 − direct) ÷ direct (goal < 5 %), in wall time and in
 * CPU time (the whole process, all threads: unlike wall time, it does not depend on what else
 * runs on the machine). The machine's load average is printed beside them: other processes on the
 * two cores move the wall-time numbers more than the pool does.
 *
 * Run alone with `npx tsx bench/campaign.ts [SEEDS [ROUNDS]]`; `runCampaignBench()` is for the
 * bench runner.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { runCampaignSeed, type SeedTask } from '../src/program/campaign-worker.js';
import { openSeedPool, type SeedPool } from '../src/program/campaign-pool.js';

const CHAOS = ['--regions', 'global:3,europe:3,asia:3', '--duration', '10m'];
const TINY = ['--regions', 'global:1', '--duration', '1s'];
const DEFAULT_SEEDS = 8;
const DEFAULT_ROUNDS = 3;

const task = (seed: number, chaosArgv: string[] = CHAOS): SeedTask => ({
  seed,
  chaosArgv,
  shrink: false,
});

interface Timing {
  wallMs: number;
  /** CPU time of the whole process, every thread included. */
  cpuMs: number;
}

/** Seeds 1..n through `run`, `lanes` at a time. */
async function timeSeeds(
  n: number,
  lanes: number,
  run: (task: SeedTask) => Promise<unknown>,
): Promise<Timing> {
  let next = 1;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next <= n) await run(task(next++));
    }),
  );
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1_000 };
}

/** A pool of `workers` threads, started (timed) and warmed with one full seed per thread. */
async function warmPool(workers: number): Promise<{ pool: SeedPool; startMs: number }> {
  const opened = performance.now();
  const pool = openSeedPool(workers);
  await Promise.all(Array.from({ length: workers }, (_, i) => pool.run(task(-1 - i, TINY))));
  const startMs = performance.now() - opened;
  await Promise.all(Array.from({ length: workers }, (_, i) => pool.run(task(-100 - i))));
  return { pool, startMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * `rounds` rounds of `seeds` seeds each way, the ways interleaved within a round so that a busy
 * spell of the machine hits all three alike; each way's median round counts.
 */
export async function runCampaignBench(
  seeds: number = DEFAULT_SEEDS,
  rounds: number = DEFAULT_ROUNDS,
): Promise<Record<string, number>> {
  const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
  const loadBefore = loadavg()[0] as number;
  await runCampaignSeed(task(-100));
  const one = await warmPool(1);
  const two = await warmPool(2);
  const times = { direct: [] as Timing[], one: [] as Timing[], two: [] as Timing[] };
  for (let r = 0; r < rounds; r++) {
    times.direct.push(await timeSeeds(seeds, 1, runCampaignSeed));
    times.one.push(await timeSeeds(seeds, 1, one.pool.run));
    times.two.push(await timeSeeds(seeds, 2, two.pool.run));
  }
  await one.pool.destroy();
  await two.pool.destroy();
  const wall = (list: Timing[]) => median(list.map((t) => t.wallMs));
  const cpu = (list: Timing[]) => median(list.map((t) => t.cpuMs));
  const [directMs, oneMs, twoMs] = [wall(times.direct), wall(times.one), wall(times.two)];
  const perSecond = (ms: number) => (seeds * 1_000) / ms;
  return {
    seeds,
    rounds,
    directSeedsPerSecond: round(perSecond(directMs)),
    oneWorkerSeedsPerSecond: round(perSecond(oneMs)),
    twoWorkersSeedsPerSecond: round(perSecond(twoMs)),
    twoWorkersSpeedup: round(oneMs / twoMs),
    poolOverheadPerSeedPercent: round(((oneMs - directMs) / directMs) * 100, 1),
    wallMsPerSeedDirect: Math.round(directMs / seeds),
    cpuMsPerSeedDirect: Math.round(cpu(times.direct) / seeds),
    cpuMsPerSeedOneWorker: Math.round(cpu(times.one) / seeds),
    cpuMsPerSeedTwoWorkers: Math.round(cpu(times.two) / seeds),
    poolCpuOverheadPerSeedPercent: round(
      ((cpu(times.one) - cpu(times.direct)) / cpu(times.direct)) * 100,
      1,
    ),
    oneWorkerPoolStartMs: Math.round(one.startMs),
    twoWorkersPoolStartMs: Math.round(two.startMs),
    loadAverageBefore: round(loadBefore, 2),
    loadAverageAfter: round(loadavg()[0] as number, 2),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seeds = Number(process.argv[2] ?? DEFAULT_SEEDS);
  const rounds = Number(process.argv[3] ?? DEFAULT_ROUNDS);
  for (const [key, value] of Object.entries(await runCampaignBench(seeds, rounds)))
    console.log(`${key.padEnd(30)} ${value}`);
}
