/**
 * What a campaign's worker thread does with one seed: run chaos with the campaign's options and
 * that seed, shrink the run if it failed (its fault schedule and duration, with fast-check:
 * chaos-shrink.ts), and return the seed's result line (campaign-record.ts). The pool (campaign-pool.ts) loads this module in each worker thread; the
 * bench and the tests also call `runCampaignSeed` directly.
 *
 * The options travel as the chaos flags the user gave (`--regions global:3 --duration 10m …`) and
 * are parsed here by chaos's own parser, so every option chaos understands works in a campaign
 * without this module knowing it. This module is a real-time edge (listed in the tidy test): it
 * measures the wall time of each run; the runs themselves stay deterministic.
 */
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_SHRINK_RUNS,
  formatChaosCommand,
  formatDuration,
  parseChaosArgs,
  type ChaosOptions,
} from './chaos-args.js';
import { runChaos, type ChaosResult, type RunChaosOptions } from './chaos.js';
import type { SeedRecord, SeedViolation, ShrunkRun } from './campaign-record.js';

export interface SeedTask {
  seed: number;
  /** The chaos flags of the campaign, without `--seed`. */
  chaosArgv: readonly string[];
  /** Shrink a failing run (campaigns do; the bench measures plain runs). */
  shrink: boolean;
}

/** The chaos options of `seed` in a campaign run with `chaosArgv`. Throws on flags chaos refuses. */
export function chaosOptionsFor(chaosArgv: readonly string[], seed: number): ChaosOptions {
  const options = parseChaosArgs([...chaosArgv, '--seed', String(seed)]);
  if ('error' in options) throw new RangeError(options.error);
  return options;
}

/** `global:3,europe:3`. */
export function shapeOf(options: ChaosOptions): string {
  return options.regions.map((r) => `${r.name}:${r.servers}`).join(',');
}

/** Runs one seed and returns its result line. */
export async function runCampaignSeed(task: SeedTask): Promise<SeedRecord> {
  const options = chaosOptionsFor(task.chaosArgv, task.seed);
  const replay = formatChaosCommand(options);
  // Real-time edge: the seed's wall time for its result line; the run itself reads only virtual time.
  const started = performance.now();
  let result: ChaosResult;
  try {
    result = await runChaos(options);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      seed: task.seed,
      shape: shapeOf(options),
      verdict: 'error',
      violations: [],
      faults: {},
      virtualMs: 0,
      events: 0,
      wallMs: Math.round(performance.now() - started),
      replay,
      error: message.replace(/\s*\n\s*/g, ' '),
    };
  }
  const wallMs = Math.round(performance.now() - started);
  const record: SeedRecord = {
    seed: task.seed,
    shape: shapeOf(options),
    verdict: result.ok ? 'pass' : 'fail',
    violations: result.ok ? [] : [violationOf(result)],
    faults: { ...result.stats.faults },
    virtualMs: result.stats.virtualMs,
    events: result.stats.events,
    wallMs,
    replay,
  };
  if (!result.ok && task.shrink && options.shrink !== false) {
    const shrunk = await shrink(options, result);
    if (shrunk !== null) record.shrunk = shrunk;
  }
  return record;
}

function violationOf(result: ChaosResult & { ok: false }): SeedViolation {
  return {
    property: result.violation.property,
    detail: result.violation.detail,
    time: result.violation.time,
  };
}

/**
 * The fewest, shortest and earliest faults (and the shortest duration) with which the seed still
 * breaks the same property; null when the recorded schedule, replayed, did not break it.
 */
async function shrink(
  options: ChaosOptions,
  failed: ChaosResult & { ok: false },
): Promise<ShrunkRun | null> {
  // Real-time edge: how long the shrink search took, for the result line only.
  const started = performance.now();
  // Loaded only when a seed fails: fast-check (a peer dependency) is needed only to shrink.
  const { shrinkChaosRun } = await import('./chaos-shrink.js');
  const run: RunChaosOptions = { ...options };
  const outcome = await shrinkChaosRun(run, failed, {
    maxRuns: options.shrinkRuns ?? DEFAULT_SHRINK_RUNS,
  });
  if (!outcome.reproduced) return null;
  return {
    duration: formatDuration(outcome.durationMs),
    durationMs: outcome.durationMs,
    violation: violationOf(outcome.result),
    faults: { ...outcome.result.stats.faults },
    replay: formatChaosCommand({
      ...options,
      durationMs: outcome.durationMs,
      faults: outcome.faults,
    }),
    attempts: outcome.runs,
    wallMs: Math.round(performance.now() - started),
    faultsBefore: outcome.faultsBefore,
    schedule: outcome.faults,
  };
}

export default runCampaignSeed;
