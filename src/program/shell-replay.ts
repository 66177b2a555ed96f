/**
 * Runs a saved shell session directly (`npx tsx FILE.ts [--seed N] [--profile P] [--trace FILE]`):
 * the entry point a script written by the shell's `save` calls. It replays the session with this
 * machine's services (so `trace FILE` lines write their files again), prints the transcript as it
 * goes, and sets the exit code: 0 replayed, 1 a command's status differed (SCENARIO FAILED), 2 bad
 * arguments or a trace file that cannot be opened.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { ShellScenario } from '../scenario/shell/index.js';
import { parseScenarioArgs, SCENARIO_USAGE } from './scenario-args.js';
import { openTraceFile, TraceFileError, type TraceFile } from './trace-file.js';
import { realShellHost } from './shell-host.js';

/**
 * Replays `scenario` when `module` (the saved file's `import.meta.url`, or its path when it runs
 * as CommonJS: outside a `"type": "module"` package) is the program's entry file; returns the exit
 * code or null.
 */
export async function runShellScenarioMain(
  scenario: ShellScenario,
  module: string,
): Promise<number | null> {
  const entry = process.argv[1];
  if (
    entry === undefined ||
    resolve(entry) !== (module.startsWith('file:') ? fileURLToPath(module) : resolve(module))
  )
    return null;
  const args = parseScenarioArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`${args.error}\n\n${SCENARIO_USAGE}\n`);
    process.exitCode = 2;
    return 2;
  }
  let trace: TraceFile | null = null;
  try {
    trace = args.trace === null ? null : openTraceFile(args.trace);
  } catch (error) {
    if (!(error instanceof TraceFileError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return 2;
  }
  try {
    const result = await scenario.replay({
      ...(args.seed === null ? {} : { seed: args.seed }),
      ...(process.argv.slice(2).some((a) => a.startsWith('--profile'))
        ? { profile: args.profile }
        : {}),
      live: (text) => process.stdout.write(text),
      ...(trace === null ? {} : { traceSink: trace.write }),
      host: realShellHost(),
    });
    process.exitCode = result.ok ? 0 : 1;
    return process.exitCode;
  } finally {
    trace?.close();
  }
}
