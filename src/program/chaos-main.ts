/**
 * `nomad-sim chaos`: parses the arguments, runs the chaos checker, writes the trace file and
 * prints the report (`--help` prints the usage, with every fault kind, workload and seeded bug). Exit 0 when every property held, 1 with the violated property, the seed and
 * a replay command, 2 on bad arguments (a trace file that cannot be opened is one line, without
 * the usage). A trace file that fails during the run does not stop it: the report is printed, then
 * one line says the trace is incomplete, and the exit code is 2 (1 if an invariant broke).
 * `--html FILE` writes the run's timeline page once the run is over (a page that cannot be opened
 * is reported like a trace file that cannot, before the run).
 */
import { CHAOS_USAGE, formatChaosCommand, parseChaosArgs } from './chaos-args.js';
import { ChaosOptionError, runChaos } from './chaos.js';
import { chaosExitCode, formatChaosReport } from './chaos-report.js';
import { openTraceFile, STDOUT_TRACE, TraceFileError, type TraceFile } from './trace-file.js';
import { chaosProgress } from './chaos-progress.js';
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
  try {
    const result = await runChaos({
      seed: options.seed,
      regions: options.regions,
      ...(options.authoritative === undefined ? {} : { authoritative: options.authoritative }),
      durationMs: options.durationMs,
      ...(options.traceFile === undefined ? {} : { traceFile: options.traceFile }),
      ...(trace === null && collector === null ? {} : { traceSink: writeTrace }),
      ...(options.bugs === undefined ? {} : { bugs: options.bugs }),
      ...(progress === null ? {} : { onProgress: progress.update }),
      ...(options.faultMix === undefined ? {} : { faultMix: options.faultMix }),
      ...(options.faultWeights === undefined ? {} : { faultWeights: options.faultWeights }),
      ...(options.faultGapMs === undefined ? {} : { faultGapMs: options.faultGapMs }),
      ...(options.workloads === undefined ? {} : { workloads: options.workloads }),
      ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
      ...(options.maxAppendEntries === undefined
        ? {}
        : { maxAppendEntries: options.maxAppendEntries }),
    });
    progress?.finish();
    reportOut.write(`${formatChaosReport(result)}\n`);
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
