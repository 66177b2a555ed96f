/**
 * The worker threads of a campaign: a pool (src/testing/worker-pool.ts, tinypool) whose threads
 * run `runCampaignSeed` (campaign-worker.ts), one seed at a time each. From the sources the
 * threads load campaign-worker.ts through tsx; from the built package, campaign-worker.js.
 */
import { availableParallelism } from 'node:os';
import { openWorkerPool, siblingModule } from '../testing/worker-pool.js';
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

export function openSeedPool(workers: number): SeedPool {
  const pool = openWorkerPool<SeedTask, SeedRecord>({
    module: siblingModule(import.meta.url, 'campaign-worker'),
    exportName: 'runCampaignSeed',
    threads: workers,
  });
  return { workers, run: pool.run, destroy: pool.destroy };
}
