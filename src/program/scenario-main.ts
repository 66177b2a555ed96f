/**
 * Running a scenario file directly (`npx tsx scenarios/<name>.ts [--seed N] [--trace FILE]
 * [--html FILE] [--profile modern|tutorial]`): parses those arguments, prints the transcript
 * live, writes the trace file and the timeline page, and sets the exit code (0 ok, 1 failed
 * expectation, 2 bad arguments or a trace or page file that cannot be opened, reported in one
 * line). A trace file that fails while the run writes it fails the scenario (SCENARIO FAILED,
 * with the replay line). The page is written after the run, whether it passed or not (a failed
 * run is worth looking at); the line saying where goes to stderr, so stdout stays the transcript.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { Scenario } from '../scenario/scenario.js';
import { parseScenarioArgs, SCENARIO_USAGE } from './scenario-args.js';
import { openTraceFile, TraceFileError, type TraceFile } from './trace-file.js';
import { openPageFile, PageFileError, TimelineCollector, type PageFile } from './timeline-page.js';

/** Runs `scenario` when `moduleUrl` is the program's entry file; returns the exit code or null. */
export async function runScenarioMain(scenario: Scenario, moduleUrl: string): Promise<number | null> {
  const entry = process.argv[1];
  if (entry === undefined || resolve(entry) !== fileURLToPath(moduleUrl)) return null;
  const code = await runScenarioWithArgs(scenario, process.argv.slice(2));
  process.exitCode = code;
  return code;
}

/** Runs `scenario` with command-line style arguments; returns the exit code. */
export async function runScenarioWithArgs(scenario: Scenario, argv: string[]): Promise<number> {
  const args = parseScenarioArgs(argv);
  if ('error' in args) {
    process.stderr.write(`${args.error}\n\n${SCENARIO_USAGE}\n`);
    return 2;
  }
  let trace: TraceFile | null = null;
  let page: PageFile | null = null;
  try {
    trace = args.trace === null ? null : openTraceFile(args.trace);
    page = args.html === null ? null : openPageFile(args.html);
  } catch (error) {
    if (!(error instanceof TraceFileError) && !(error instanceof PageFileError)) throw error;
    trace?.close();
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const collector = page === null ? null : new TimelineCollector();
  const sinks = [trace?.write, collector?.add].filter((sink) => sink !== undefined);
  let code: number;
  try {
    const result = await scenario.run({
      ...(args.seed === null ? {} : { seed: args.seed }),
      profile: args.profile,
      live: (text) => process.stdout.write(text),
      ...(sinks.length === 0 ? {} : { traceSink: (line: string) => sinks.forEach((sink) => sink(line)) }),
    });
    code = result.ok ? 0 : 1;
  } finally {
    trace?.close();
  }
  if (page !== null && collector !== null) {
    try {
      await page.write(collector.finish());
      process.stderr.write(`nomad-sim: wrote the timeline page to ${page.path}\n`);
    } catch (error) {
      if (!(error instanceof PageFileError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
  }
  return code;
}
