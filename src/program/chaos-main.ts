/**
 * `nomad-sim chaos`: parses the arguments, runs the chaos checker, writes the trace file and
 * prints the report (`--help` prints the usage, with every fault kind, workload and seeded bug). Exit 0 when every property held, 1 with the violated property, the seed and
 * a replay command, 2 on bad arguments (a trace file that cannot be opened is one line, without
 * the usage). A run that broke a property is then shrunk (chaos-shrink.ts; not with
 * `--no-shrink`): the report goes on with the number of faults before and after, the shrunk run's
 * replay command and the scenario file it was written to (`--shrink-out FILE`, default
 * chaos-seed-N.ts), which replays it with `npx tsx FILE`. A passing run prints what it always did. A trace file that fails during the run does not stop it: the report is printed, then
 * one line says the trace is incomplete, and the exit code is 2 (1 if an invariant broke).
 * `--html FILE` writes the run's timeline page once the run is over (a page that cannot be opened
 * is reported like a trace file that cannot, before the run).
 */
import {
  CHAOS_USAGE,
  DEFAULT_SHRINK_RUNS,
  formatChaosCommand,
  formatDuration,
  parseChaosArgs,
  type ChaosOptions,
} from './chaos-args.js';
import { ChaosOptionError, runChaos, type ChaosResult, type RunChaosOptions } from './chaos.js';
import { chaosExitCode, formatChaosReport } from './chaos-report.js';
import { openTraceFile, STDOUT_TRACE, TraceFileError, type TraceFile } from './trace-file.js';
import { chaosProgress, shrinkProgress } from './chaos-progress.js';
import { openPageFile, PageFileError, TimelineCollector, type PageFile } from './timeline-page.js';

export async function chaosMain(argv: string[]): Promise<number> {
  if (argv.some((arg) => arg === '--help' || arg === '-h')) {
    process.stdout.write(`${CHAOS_USAGE}\n`);
    return 0;
  }
  const options = parseChaosArgs(argv);
  if ('error' in options) {
    process.stderr.write(`nomad-sim chaos: ${options.error}\n\n${CHAOS_USAGE}\n`);
    return 2;
  }
  let trace: TraceFile | null = null;
  let page: PageFile | null = null;
  try {
    trace = options.traceFile === undefined ? null : openTraceFile(options.traceFile);
    page = options.htmlFile === undefined ? null : openPageFile(options.htmlFile);
  } catch (error) {
    if (!(error instanceof TraceFileError) && !(error instanceof PageFileError)) throw error;
    trace?.close();
    process.stderr.write(`nomad-sim chaos: ${error.message}\n`);
    return 2;
  }
  const collector = page === null ? null : new TimelineCollector();
  // A trace write error must not look like a broken invariant: keep the first, drop later lines.
  const traceProblem: { error: TraceFileError | null } = { error: null };
  const writeTrace = (line: string): void => {
    collector?.add(line);
    if (trace === null || traceProblem.error !== null) return;
    try {
      trace.write(line);
    } catch (error) {
      if (!(error instanceof TraceFileError)) throw error;
      traceProblem.error = error;
    }
  };
  // `--trace -` puts the trace on stdout; the report goes to stderr then. Progress only on a terminal.
  const reportOut = options.traceFile === STDOUT_TRACE ? process.stderr : process.stdout;
  const progress = chaosProgress(process.stderr, options.durationMs);
  const run = runOptionsOf(options);
  try {
    const result = await runChaos({
      ...run,
      ...(options.traceFile === undefined ? {} : { traceFile: options.traceFile }),
      ...(trace === null && collector === null ? {} : { traceSink: writeTrace }),
      ...(progress === null ? {} : { onProgress: progress.update }),
    });
    progress?.finish();
    reportOut.write(`${formatChaosReport(result)}\n`);
    if (!result.ok && options.shrink !== false)
      await shrinkAndWrite(options, run, result, reportOut);
    if (page !== null && collector !== null) {
      try {
        await page.write(collector.finish(formatChaosCommand(options).replace(/^npx /, '')));
        process.stderr.write(`nomad-sim chaos: wrote the timeline page to ${page.path}\n`);
      } catch (error) {
        if (!(error instanceof PageFileError)) throw error;
        process.stderr.write(`nomad-sim chaos: ${error.message}\n`);
        return result.ok ? 2 : 1;
      }
    }
    if (traceProblem.error === null) return chaosExitCode(result);
    process.stderr.write(
      `nomad-sim chaos: the trace is incomplete: ${traceProblem.error.message}\n`,
    );
    return result.ok ? 2 : 1;
  } catch (error) {
    if (error instanceof ChaosOptionError) {
      process.stderr.write(`nomad-sim chaos: ${error.message}\n\n${CHAOS_USAGE}\n`);
      return 2;
    }
    throw error;
  } finally {
    progress?.finish();
    trace?.close();
  }
}

/** What `runChaos` takes from the command line's options (the program adds its sinks). */
function runOptionsOf(options: ChaosOptions): RunChaosOptions {
  return {
    seed: options.seed,
    regions: options.regions,
    ...(options.authoritative === undefined ? {} : { authoritative: options.authoritative }),
    durationMs: options.durationMs,
    ...(options.bugs === undefined ? {} : { bugs: options.bugs }),
    ...(options.faultMix === undefined ? {} : { faultMix: options.faultMix }),
    ...(options.faultWeights === undefined ? {} : { faultWeights: options.faultWeights }),
    ...(options.faultGapMs === undefined ? {} : { faultGapMs: options.faultGapMs }),
    ...(options.workloads === undefined ? {} : { workloads: options.workloads }),
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
    ...(options.maxAppendEntries === undefined
      ? {}
      : { maxAppendEntries: options.maxAppendEntries }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  };
}

/**
 * Shrinks the failed run and reports it: faults before and after, the shrunk run's command and
 * the scenario file written (a file that cannot be written is one line on stderr).
 */
async function shrinkAndWrite(
  options: ChaosOptions,
  run: RunChaosOptions,
  failed: ChaosResult & { ok: false },
  out: NodeJS.WriteStream,
): Promise<void> {
  // Loaded only now: fast-check (a peer dependency) is needed only to shrink.
  const { shrinkChaosRun } = await import('./chaos-shrink.js');
  const scenarioFile = await import('./chaos-scenario-file.js');
  const { defaultScenarioFile, writeChaosScenario, ScenarioFileError } = scenarioFile;
  const maxRuns = options.shrinkRuns ?? DEFAULT_SHRINK_RUNS;
  const progress = shrinkProgress(process.stderr, maxRuns);
  const outcome = await shrinkChaosRun(run, failed, {
    maxRuns,
    ...(progress === null ? {} : { onRun: progress.update }),
  });
  progress?.finish();
  const property = failed.violation.property;
  if (!outcome.reproduced) {
    out.write(
      `shrinking: replaying the ${outcome.faultsBefore} recorded faults did not break "${property}" again; nothing was shrunk\n`,
    );
    return;
  }
  const { violation } = outcome.result;
  const shrunk = { ...options, durationMs: outcome.durationMs, faults: outcome.faults };
  out.write(
    `shrunk with fast-check (${outcome.runs} runs): ${outcome.faultsBefore} faults over ${formatDuration(options.durationMs)} -> ${outcome.faults.length} faults over ${formatDuration(outcome.durationMs)}, still "${property}" (at t=${violation.time} ms)\n`,
  );
  out.write(`  replay: ${formatChaosCommand(shrunk)}\n`);
  const file = options.shrinkOut ?? defaultScenarioFile(options.seed);
  try {
    writeChaosScenario(file, {
      original: options,
      faultsBefore: outcome.faultsBefore,
      durationMs: outcome.durationMs,
      faults: outcome.faults,
      violation,
      runs: outcome.runs,
    });
  } catch (error) {
    if (!(error instanceof ScenarioFileError)) throw error;
    process.stderr.write(`nomad-sim chaos: ${error.message}\n`);
    return;
  }
  out.write(`  scenario: ${file} (npx tsx ${file}, or npx nomad-sim run ${file}, replays it)\n`);
}
