/**
 * `nomad-sim campaign`: runs the chaos checker over a range of seeds in worker threads and writes
 * one result line per seed as it finishes (campaign-record.ts), then a summary.
 *
 * With `--out FILE` the lines are appended to FILE, replay scripts of failed seeds and their shrunk
 * runs as scenario files go beside it, and the summary goes to stdout; without it the lines go to stdout and the summary to stderr.
 * `--resume` skips the seeds FILE already holds (after checking they come from the same campaign).
 * The first Ctrl-C (or SIGTERM, which job schedulers send) stops starting seeds and lets the
 * running ones finish; a second one abandons them. Either way every finished seed is in the
 * results and the summary is printed. Exit codes: 0 every seed passed, 1 a seed failed or threw,
 * 2 bad input or a file that cannot be written, 130 stopped by a signal.
 *
 * This module is a real-time edge (listed in the tidy test): it times the run, handles signals
 * and writes files.
 */
import { existsSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CAMPAIGN_USAGE, parseCampaignArgs, type CampaignOptions } from './campaign-args.js';
import { formatChaosCommand } from './chaos-args.js';
import { chaosFlagsOf, formatRecord, type SeedRecord } from './campaign-record.js';
import { seedsOfShard, formatSeedRange } from './campaign-seeds.js';
import { combineResults, mergeMain } from './campaign-merge.js';
import {
  CampaignFileError,
  failuresFolderOf,
  openResultsForAppend,
  readResultsFile,
  writeReplayScript,
  type ResultsWriter,
} from './campaign-results-file.js';
import { formatSummary, formatWall, summarise, type CampaignSummary } from './campaign-summary.js';
import { openSeedPool, workerCount } from './campaign-pool.js';
import { startProgress } from './campaign-progress.js';
import { chaosOptionsFor } from './campaign-worker.js';

/** How this invocation went (the summary covers every result, resumed ones included). */
export interface CampaignRun {
  workers: number;
  shard: string | null;
  seedsRun: number;
  /** Seeds of this invocation's share already in the results (`--resume`). */
  seedsSkipped: number;
  /** Seeds of this invocation's share that were not run because it stopped early. */
  seedsLeft: number;
  elapsedMs: number;
  seedsPerSecond: number;
  stoppedBy: 'signal' | 'failures' | null;
  replayScripts: string | null;
}

export async function campaignMain(argv: string[]): Promise<number> {
  const parsed = parseCampaignArgs(argv);
  if ('error' in parsed) {
    process.stderr.write(`nomad-sim campaign: ${parsed.error}\n\n${CAMPAIGN_USAGE}\n`);
    return 2;
  }
  if (parsed.command === 'help') {
    process.stdout.write(`${CAMPAIGN_USAGE}\n`);
    return 0;
  }
  if (parsed.command === 'merge') return mergeMain(parsed.files, parsed.json);
  try {
    return await runCampaign(parsed.options);
  } catch (error) {
    if (!(error instanceof CampaignFileError)) throw error;
    process.stderr.write(`nomad-sim campaign: ${error.message}\n`);
    return 2;
  }
}

function fail(line: string): number {
  process.stderr.write(`nomad-sim campaign: ${line}\n`);
  return 2;
}

async function runCampaign(options: CampaignOptions): Promise<number> {
  const campaignFlags = chaosFlagsOf({
    replay: formatChaosCommand(chaosOptionsFor(options.chaosArgv, options.seeds.from)),
  });
  const earlier: SeedRecord[] = [];
  let keepBytes: number | null = null;
  if (
    options.out !== null &&
    existsSync(options.out) &&
    statSync(options.out).isFile() &&
    statSync(options.out).size > 0
  ) {
    if (!options.resume)
      return fail(
        `${options.out} already holds results: add --resume to continue that campaign, or choose another --out`,
      );
    const read = readResultsFile(options.out);
    const combined = combineResults(read.lines);
    if ('error' in combined) return fail(combined.error);
    const other = combined.records[0];
    if (other !== undefined && chaosFlagsOf(other) !== campaignFlags) {
      return fail(
        `--resume: ${options.out} holds another campaign (${chaosFlagsOf(other)}) than this one (${campaignFlags})`,
      );
    }
    if (read.partialTail)
      process.stderr.write(
        `nomad-sim campaign: ${options.out}: its last line was unfinished (the run was stopped while writing it); that seed runs again\n`,
      );
    earlier.push(...combined.records);
    keepBytes = read.completeBytes;
  }
  const done = new Set(earlier.map((r) => r.seed));
  const share = seedsOfShard(options.seeds, options.shard);
  const todo = [...share.seeds()].filter((seed) => !done.has(seed));
  const skipped = share.count - todo.length;

  const writer: ResultsWriter =
    options.out === null
      ? {
          write: (record) => void process.stdout.write(`${formatRecord(record)}\n`),
          close: () => undefined,
        }
      : openResultsForAppend(options.out, keepBytes);
  const failuresFolder = options.out === null ? null : failuresFolderOf(options.out);
  const workers = Math.max(1, Math.min(workerCount(options.workers), todo.length));
  const records: SeedRecord[] = [];
  let failures = 0;
  let stoppedBy: CampaignRun['stoppedBy'] = null;
  let abandoned = false;
  let fatal: string | null = null;
  // Real-time edge: the campaign's wall time, reported in the summary; no run reads it.
  const started = performance.now();
  const progress = startProgress(process.stderr, todo.length);
  const pool = todo.length === 0 ? null : openSeedPool(workers);

  let signals = 0;
  const onSignal = (): void => {
    signals++;
    if (stoppedBy === null) stoppedBy = 'signal';
    if (signals === 1) {
      const text = 'stopping: finishing the seeds in flight (Ctrl-C again to stop at once)';
      if (process.stderr.isTTY === true) progress.note(text);
      else process.stderr.write(`nomad-sim campaign: ${text}\n`);
      return;
    }
    abandoned = true;
    void pool?.destroy();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const next = todo[Symbol.iterator]();
  const lane = async (): Promise<void> => {
    while (pool !== null && stoppedBy === null && fatal === null) {
      const item = next.next();
      if (item.done === true) return;
      let record: SeedRecord;
      try {
        record = await pool.run({ seed: item.value, chaosArgv: options.chaosArgv, shrink: true });
      } catch (error) {
        if (!abandoned)
          fatal ??= `a worker thread failed on seed ${item.value}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
        return;
      }
      if (abandoned) return;
      try {
        writer.write(record);
        if (record.verdict !== 'pass' && failuresFolder !== null)
          writeReplayScript(
            failuresFolder,
            record,
            chaosOptionsFor(options.chaosArgv, record.seed),
          );
      } catch (error) {
        if (!(error instanceof CampaignFileError)) throw error;
        fatal ??= error.message;
        return;
      }
      records.push(record);
      progress.seedDone(record.verdict !== 'pass');
      if (record.verdict !== 'pass') failures++;
      if (
        options.stopAfterFailures !== null &&
        failures >= options.stopAfterFailures &&
        stoppedBy === null
      )
        stoppedBy = 'failures';
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, lane));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
    if (!abandoned) await pool?.destroy();
    writer.close();
  }
  if (fatal !== null) return fail(fatal);

  const elapsedMs = performance.now() - started; // wall time for the summary only
  const run: CampaignRun = {
    workers,
    shard: options.shard === null ? null : `${options.shard.index}/${options.shard.count}`,
    seedsRun: records.length,
    seedsSkipped: skipped,
    seedsLeft: todo.length - records.length,
    elapsedMs: Math.round(elapsedMs),
    seedsPerSecond: elapsedMs > 0 ? Math.round((records.length * 1e6) / elapsedMs) / 1e3 : 0,
    stoppedBy,
    replayScripts:
      failuresFolder !== null && [...earlier, ...records].some((r) => r.verdict !== 'pass')
        ? failuresFolder
        : null,
  };
  const summary = summarise(options.out === null ? records : [...earlier, ...records]);
  const text = options.json
    ? JSON.stringify({ ...summary, run })
    : `${formatSummary(summary)}\n${formatRun(run, options)}`;
  (options.out === null ? process.stderr : process.stdout).write(`${text}\n`);
  if (stoppedBy === 'signal') return 130;
  return exitCode(summary);
}

function exitCode(summary: CampaignSummary): number {
  return summary.failed + summary.errors > 0 ? 1 : 0;
}

/** The lines about this invocation, after the summary. */
function formatRun(run: CampaignRun, options: CampaignOptions): string {
  const share = `${run.shard === null ? '' : `shard ${run.shard} of `}${formatSeedRange(options.seeds)}`;
  const lines = [
    `  this run       ${run.seedsRun} seeds (${share}) in ${formatWall(run.elapsedMs)} on ${run.workers} worker${run.workers === 1 ? '' : 's'} (${run.seedsPerSecond.toFixed(2)} seeds/s)`,
  ];
  if (run.seedsSkipped > 0)
    lines.push(
      `  resumed        ${run.seedsSkipped} seeds were already in ${options.out ?? 'the results'}`,
    );
  if (run.stoppedBy !== null) {
    const why =
      run.stoppedBy === 'signal'
        ? 'by a signal (Ctrl-C)'
        : `after ${options.stopAfterFailures ?? 0} failed seeds (--stop-after-failures)`;
    const how = options.out === null ? '' : ': run again with --resume to finish';
    lines.push(`  stopped        ${why}; ${run.seedsLeft} seeds not run${how}`);
  }
  if (run.replayScripts !== null)
    lines.push(
      `  replay scripts ${run.replayScripts}/seed-N.sh, shrunk runs as scenarios ${run.replayScripts}/seed-N.ts (npx tsx)`,
    );
  return lines.join('\n');
}
