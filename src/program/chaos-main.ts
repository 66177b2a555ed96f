/**
 * `nomad-sim chaos`: parses the arguments, runs the chaos checker, writes the trace file and
 * prints the report. Exit 0 when every property held, 1 with the violated property, the seed and
 * a replay command, 2 on bad arguments.
 */
import { CHAOS_USAGE, parseChaosArgs } from './chaos-args.js';
import { ChaosOptionError, runChaos } from './chaos.js';
import { chaosExitCode, formatChaosReport } from './chaos-report.js';
import { openTraceFile } from './trace-file.js';

export async function chaosMain(argv: string[]): Promise<number> {
  const options = parseChaosArgs(argv);
  if ('error' in options) {
    process.stderr.write(`nomad-sim chaos: ${options.error}\n\n${CHAOS_USAGE}\n`);
    return 2;
  }
  const trace = options.traceFile === undefined ? null : openTraceFile(options.traceFile);
  try {
    const result = await runChaos({
      seed: options.seed,
      regions: options.regions,
      ...(options.authoritative === undefined ? {} : { authoritative: options.authoritative }),
      durationMs: options.durationMs,
      ...(options.traceFile === undefined ? {} : { traceFile: options.traceFile }),
      ...(trace === null ? {} : { traceSink: trace.write }),
      ...(options.bugs === undefined ? {} : { bugs: options.bugs }),
    });
    process.stdout.write(`${formatChaosReport(result)}\n`);
    return chaosExitCode(result);
  } catch (error) {
    if (error instanceof ChaosOptionError) {
      process.stderr.write(`nomad-sim chaos: ${error.message}\n\n${CHAOS_USAGE}\n`);
      return 2;
    }
    throw error;
  } finally {
    trace?.close();
  }
}
