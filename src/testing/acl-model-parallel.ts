/**
 * `runAclModelTest({ workers })`: the property's runs in worker threads (worker-pool.ts). The seed
 * fixes the whole sequence of runs; run `i` goes to whichever thread is free next
 * (acl-model-worker.ts replays it with fast-check's path `i`, shrinking it there if it fails).
 * Threads stop taking runs past the first failure seen; once the runs before it are done, the
 * lowest failing run is the failure, exactly as one thread running them in order would report it
 * (its counterexample, its path, "after i + 1 runs"). When every run passes, the report counts
 * every run's calls. So the answer does not depend on the number of threads.
 *
 * This module is a real-time edge (listed in the tidy test): with no seed given it picks one from
 * the clock, as fast-check itself does.
 */
import {
  AclModelTestFailure,
  type AclModelTestOptions,
  type AclModelTestReport,
} from './acl-model-test.js';
import type {
  AclModelRunOptions,
  AclModelRunOutcome,
  AclModelRunTask,
} from './acl-model-worker.js';
import { openWorkerPool, siblingModule } from './worker-pool.js';

/** A seed as fast-check picks one when none is given. */
function freshSeed(): number {
  return Date.now() ^ (Math.random() * 0x1_0000_0000);
}

export async function runAclModelTestInWorkers(
  options: AclModelTestOptions & { readonly workers: number },
): Promise<AclModelTestReport> {
  const { workers, numRuns: runs, seed: givenSeed, path: _path, ...rest } = options;
  const numRuns = runs ?? 100;
  const seed = givenSeed ?? freshSeed();
  const taskOptions: AclModelRunOptions = rest;
  const modules = [options.model, options.shapes].flatMap((v) =>
    v !== undefined && typeof v === 'object' && 'module' in v ? [v.module] : [],
  );
  const pool = openWorkerPool<AclModelRunTask, AclModelRunOutcome>({
    module: siblingModule(import.meta.url, 'acl-model-worker'),
    exportName: 'runAclModelRun',
    threads: Math.max(1, Math.min(workers, numRuns)),
    alsoLoads: modules,
  });
  const outcomes: AclModelRunOutcome[] = [];
  let next = 0;
  let firstFailure = Number.POSITIVE_INFINITY;
  const lane = async (): Promise<void> => {
    while (next < numRuns && next < firstFailure) {
      const run = next++;
      const outcome = await pool.run({ seed, run, options: taskOptions });
      outcomes[run] = outcome;
      if (!outcome.ok) firstFailure = Math.min(firstFailure, run);
    }
  };
  try {
    await Promise.all(Array.from({ length: pool.threads }, lane));
  } finally {
    await pool.destroy();
  }
  const failed = outcomes[firstFailure];
  if (failed !== undefined && !failed.ok) {
    const cause = Object.assign(new Error(failed.cause.message), { name: failed.cause.name });
    throw new AclModelTestFailure(
      failed.message,
      failed.scenario,
      seed,
      failed.path,
      cause,
      failed.replayPath,
    );
  }
  const calls = outcomes.reduce((sum, outcome) => sum + (outcome.ok ? outcome.calls : 0), 0);
  return { numRuns, seed, calls };
}
