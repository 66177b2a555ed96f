/**
 * The `nomad-sim` program: runs scenario scripts, the chaos checker and the tutorial from a shell.
 * This module is a deliberate real-I/O edge (listed in the tidy test): it reads argv, imports
 * scenario files and sets the process exit code. Bad arguments print a usage message and exit 2.
 * A scenario file that cannot be run (a folder, not a script, a syntax error or an exception at
 * import, an invalid definition, an unhandled rejection while it runs, a trace file that cannot
 * be opened) prints one line naming the file and the cause, without a stack trace, and exits 2.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { Scenario } from '../scenario/scenario.js';
import { runScenarioWithArgs } from './scenario-main.js';
import { errorLine } from './error-line.js';

const USAGE = `Usage: nomad-sim <command> [options]

A deterministic simulator of multi-region Nomad clusters, for learning and testing the ACL bootstrap.

Commands:
  tutorial [--seed N] [--profile modern|tutorial] [--trace FILE]
      Run the multi-region ACL bootstrap tutorial (the same as \`npm start\`).
  run <scenario file> [--seed N] [--profile modern|tutorial] [--trace FILE]
      Run a scenario script and print what an operator would see.
  scenarios
      List the scenario scripts that ship with the simulator.
  chaos --seed N --regions global:5[,europe:3...] --duration 10m [--authoritative R] [--trace FILE]
        [--fault-mix default|aggressive] [--fault KIND=W]... [--fault-gap MIN-MAX] [--workload NAMES]
        [--bug NAME]... [--max-append-entries N] [--max-events N]
      Run random faults against client workloads and check Raft and ACL invariants
      (nomad-sim chaos --help lists every fault kind, workload and seeded bug).
  help
      Show this text.

Same seed, same run: every transcript and trace is reproducible byte for byte.`;

function usageError(message: string): number {
  process.stderr.write(`nomad-sim: ${message}\n\n${USAGE}\n`);
  return 2;
}

/** A bad scenario file (not a usage mistake): one line, without the usage text, exit 2. */
function failure(line: string): number {
  process.stderr.write(`nomad-sim: ${line}\n`);
  return 2;
}

function scenariosDir(): string {
  return resolve(import.meta.dirname, '../../scenarios');
}

/** The scenario file being run, once found (error lines point into it). */
let scenarioPath: string | null = null;

/** Extensions of the scripts `run` can load (tsx compiles TypeScript and JavaScript modules). */
const SCRIPT_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** A loaded scenario, or why not: a usage mistake (printed with the usage) or a bad file (one line). */
type Loaded = { scenario: Scenario } | { usage: string } | { bad: string };

async function loadScenario(file: string): Promise<Loaded> {
  const path = resolve(file);
  if (!existsSync(path)) return { usage: `no such scenario file: ${file}` };
  if (statSync(path).isDirectory()) return { bad: `${file} is a folder; run takes one scenario file (nomad-sim scenarios lists them)` };
  if (!SCRIPT_FILE.test(path)) return { bad: `${file} is not a scenario script: expected a .ts or .js file` };
  scenarioPath = path;
  watchScenarioCrashes(path);
  let module: { default?: unknown; scenario?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown; scenario?: unknown };
  } catch (error) {
    return { bad: `cannot load the scenario: ${errorLine(error, path)}` };
  }
  const candidate = (module.default ?? module.scenario) as Partial<Scenario> | undefined;
  if (candidate === undefined || typeof candidate.run !== 'function' || candidate.info === undefined) {
    return { usage: `${file} does not export a scenario (export default defineScenario(...), or export const scenario = ...)` };
  }
  return { scenario: candidate as Scenario };
}

async function runFile(file: string | undefined, rest: string[]): Promise<number> {
  if (file === undefined || file.startsWith('-')) return usageError('run needs a scenario file, e.g. nomad-sim run scenarios/tutorial.ts');
  const loaded = await loadScenario(file);
  if ('usage' in loaded) return usageError(loaded.usage);
  if ('bad' in loaded) return failure(loaded.bad);
  return runScenarioWithArgs(loaded.scenario, rest);
}

/**
 * A scenario script that leaves a promise rejected with nobody waiting for it (or throws from a
 * callback) has a bug: say so in one line and exit 2, as Node itself would stop, but without the
 * stack trace. Node notices such a rejection when the program yields to its event loop; the
 * simulation runs on promise jobs alone, so that is usually once the run is over. What was
 * printed stays printed, and the trace file holds every line written (it is written synchronously).
 */
function watchScenarioCrashes(path: string): void {
  const crash = (what: string) => (error: unknown) => {
    process.stderr.write(`nomad-sim: ${what}: ${errorLine(error, path)}\n`);
    process.exit(2);
  };
  process.on('unhandledRejection', crash('unhandled promise rejection'));
  process.on('uncaughtException', crash('uncaught exception'));
}

function listScenarios(): number {
  const dir = scenariosDir();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) process.stdout.write(`scenarios/${name}\n`);
  return 0;
}

async function runChaosCommand(argv: string[]): Promise<number> {
  const { chaosMain } = await import('./chaos-main.js');
  return chaosMain(argv);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    case 'tutorial':
      return runFile(resolve(scenariosDir(), 'tutorial.ts'), rest);
    case 'run': {
      const [file, ...options] = rest;
      return runFile(file, options);
    }
    case 'scenarios':
      return rest.length > 0 ? usageError('scenarios takes no arguments') : listScenarios();
    case 'chaos':
      return runChaosCommand(rest);
    default:
      return usageError(`unknown command ${JSON.stringify(command)}`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Anything else that escapes (the scenario's own code runs inside `main`): one line, exit 2.
  process.exitCode = failure(errorLine(error, scenarioPath));
}
