/**
 * Running a scenario file directly (`npx tsx scenarios/<name>.ts [--seed N] [--trace FILE]
 * [--html FILE] [--profile modern|tutorial|v1.0] [--timestamps] [--json]`): parses those arguments,
 * prints the transcript live (each line stamped with its virtual time with `--timestamps`), writes
 * the trace file (`--trace -`: to stdout, and the transcript goes to stderr) and the timeline page,
 * prints the JSON summary on stdout after the run with `--json` (the transcript then goes to
 * stderr), and sets the exit code (0 ok, 1 failed expectation, 2 bad arguments or a trace or page
 * file that cannot be opened, reported in one line). A trace file that fails while the run writes
 * it fails the scenario (SCENARIO FAILED, with the replay line). The replay line names the file
 * that was run, as it was run. The page is written after the run, whether it passed or not; the
 * line saying where goes to stderr.
 */
import { fileURLToPath } from 'node:url';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Scenario } from '../scenario/scenario.js';
import { parseScenarioArgs, SCENARIO_USAGE } from './scenario-args.js';
import { openTraceFile, TraceFileError, STDOUT_TRACE, type TraceFile } from './trace-file.js';
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { formatSummary, scenarioSummary } from './scenario-summary.js';
import { openPageFile, PageFileError, TimelineCollector, type PageFile } from './timeline-page.js';

/** Scenarios the program already runs (or has run): a file's automatic run leaves them alone. */
const started = new WeakSet<Scenario>();

/** Whether `scenario` was handed to runScenarioMain or runScenarioWithArgs. */
export function scenarioStarted(scenario: Scenario): boolean {
  return started.has(scenario);
}

/** Whether `moduleUrl` (a file: URL) is the file node was started with (`npx tsx <file>`). */
export function isEntryModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return (
    entry !== undefined &&
    moduleUrl.startsWith('file:') &&
    resolve(entry) === fileURLToPath(moduleUrl)
  );
}

/**
 * Runs `scenario` when `moduleUrl` is the program's entry file (`npx tsx <file>`), with the
 * command-line arguments, and sets the exit code; returns it, or null when the file was imported.
 */
export async function runScenarioMain(
  scenario: Scenario,
  moduleUrl: string,
): Promise<number | null> {
  if (!isEntryModule(moduleUrl)) return null;
  const code = await runScenarioWithArgs(
    scenario,
    process.argv.slice(2),
    `npx tsx ${shellPath(fileURLToPath(moduleUrl))}`,
  );
  process.exitCode = code;
  return code;
}

/**
 * Runs `scenario` with command-line style arguments; returns the exit code. `replay` is the
 * command that runs the same file again (`npx tsx my.ts`), for the replay line of a failure.
 */
export async function runScenarioWithArgs(
  scenario: Scenario,
  argv: string[],
  replay?: string,
): Promise<number> {
  started.add(scenario);
  endQuietlyOnClosedPipe();
  const args = parseScenarioArgs(argv);
  if ('error' in args) {
    process.stderr.write(`${args.error}\n\n${SCENARIO_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${SCENARIO_USAGE}\n`);
    return 0;
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
  // With the trace or the JSON summary on stdout, the transcript moves to stderr so they do not mix.
  const transcriptOut = args.trace === STDOUT_TRACE || args.json ? process.stderr : process.stdout;
  const collector = page === null ? null : new TimelineCollector();
  const sinks = [trace?.write, collector?.add].filter((sink) => sink !== undefined);
  let code: number;
  try {
    const result = await scenario.run({
      ...(args.seed === null ? {} : { seed: args.seed }),
      profile: args.profile,
      live: (text) => transcriptOut.write(text),
      ...(sinks.length === 0
        ? {}
        : { traceSink: (line: string) => sinks.forEach((sink) => sink(line)) }),
      ...(replay === undefined ? {} : { replay }),
      timestamps: args.timestamps,
    });
    if (args.json) process.stdout.write(formatSummary(scenarioSummary(scenario, result, replay)));
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

/** `path` as a shell word: relative to the working folder when it is inside it, quoted when needed. */
export function shellPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  const shown =
    fromHere !== '' && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : path;
  return /^[\w@%+=:,./-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
}
