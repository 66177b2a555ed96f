/**
 * The worker threads of a campaign: a tinypool pool whose threads run `runCampaignSeed`
 * (campaign-worker.ts), one seed at a time each.
 *
 * The sources are TypeScript run without a build, and Node 20 neither passes the main thread's
 * module hooks to worker threads nor honours `--import` in a worker's `execArgv`. So each thread
 * starts from a small module, given to the pool as a `data:` URL, that registers tsx's loader in
 * that thread (`register()` from `tsx/esm/api`, found from this file, so it works from any working
 * folder and under vitest) and then imports campaign-worker.ts by its file URL. Starting a thread
 * costs about half a second of compiling, once per thread.
 *
 * This module is a real-I/O edge (listed in the tidy test): it starts threads.
 */
import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import type { SeedRecord } from './campaign-record.js';
import type { SeedTask } from './campaign-worker.js';

export interface SeedPool {
  readonly workers: number;
  run: (task: SeedTask) => Promise<SeedRecord>;
  /** Stops the threads; seeds still running are abandoned (their promises reject). */
  destroy: () => Promise<void>;
}

/** `auto`: one thread per core the process may use. */
export function workerCount(workers: number | 'auto'): number {
  return workers === 'auto' ? Math.max(1, availableParallelism()) : workers;
}

/** The module each thread starts from: register tsx, then load the worker module. */
function bootstrapUrl(): string {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./campaign-worker.ts', import.meta.url).href;
  const source = [
    `import { register } from ${JSON.stringify(tsxApi)};`,
    'register();',
    `const worker = await import(${JSON.stringify(worker)});`,
    'export default worker.runCampaignSeed;',
  ].join('\n');
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

export function openSeedPool(workers: number): SeedPool {
  const pool = new Tinypool({
    filename: bootstrapUrl(),
    minThreads: workers,
    maxThreads: workers,
    // A chaos run holds its thread for seconds: no point in spinning on Atomics between tasks.
    useAtomics: false,
  });
  return {
    workers,
    run: (task) => pool.run(task) as Promise<SeedRecord>,
    destroy: () => pool.destroy(),
  };
}
