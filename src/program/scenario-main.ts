/**
 * Running a scenario file directly (`npx tsx scenarios/<name>.ts [--seed N] [--trace FILE]
 * [--profile modern|tutorial]`): parses those arguments, prints the transcript live, writes the
 * trace file, and sets the exit code (0 ok, 1 failed expectation, 2 bad arguments or a trace file
 * that cannot be opened, reported in one line). A trace file that fails while the run writes it
 * fails the scenario (SCENARIO FAILED, with the replay line).
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { Scenario } from '../scenario/scenario.js';
import { parseScenarioArgs, SCENARIO_USAGE } from './scenario-args.js';
import { openTraceFile, TraceFileError, type TraceFile } from './trace-file.js';

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
  try {
    trace = args.trace === null ? null : openTraceFile(args.trace);
  } catch (error) {
    if (!(error instanceof TraceFileError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  try {
    const result = await scenario.run({
      ...(args.seed === null ? {} : { seed: args.seed }),
      profile: args.profile,
      live: (text) => process.stdout.write(text),
      ...(trace === null ? {} : { traceSink: trace.write }),
    });
    return result.ok ? 0 : 1;
  } finally {
    trace?.close();
  }
}
