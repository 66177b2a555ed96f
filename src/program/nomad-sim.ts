/**
 * The `nomad-sim` program: runs scenario scripts, the chaos checker and the tutorial from a shell,
 * and writes timeline pages from traces (`view`).
 * This module is a deliberate real-I/O edge (listed in the tidy test): it reads argv, imports
 * scenario files and sets the process exit code. Bad arguments print a usage message and exit 2.
 * A scenario file that cannot be run (a folder, not a script, a syntax error or an exception at
 * import, an invalid definition, an unhandled rejection while it runs, a trace file that cannot
 * be opened) prints one line naming the file and the cause, without a stack trace, and exits 2.
 * `nomad-sim <command> --help` prints that command's usage and exits 0; `--version` prints the
 * version; a mistyped command or flag gets a suggestion; output into a closed pipe ends quietly.
 * Options take `--flag value` and `--flag=value` alike.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { Scenario } from '../scenario/scenario.js';
import { runScenarioWithArgs, shellPath } from './scenario-main.js';
import { parseScenarioArgs, SCENARIO_USAGE, takeScenarioFile } from './scenario-args.js';
import { errorLine } from './error-line.js';
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { didYouMean } from './did-you-mean.js';
import { packageVersion } from './package-version.js';

const USAGE = `Usage: nomad-sim <command> [options]

A deterministic simulator of multi-region Nomad clusters, for learning and testing the ACL bootstrap.

Commands:
  tutorial [--seed N] [--profile modern|tutorial|v1.0] [--trace FILE] [--html FILE] [--timestamps] [--json]
      Run the multi-region ACL bootstrap tutorial (the same as \`npm start\`).
  run <scenario file or name> [--seed N] [--profile modern|tutorial|v1.0] [--trace FILE] [--html FILE] [--timestamps] [--json]
      Run a scenario script (or a bundled one by name) and print what an operator would see.
  scenarios
      List the scenarios that ship with the simulator, by name, with their titles.
  new NAME [--title TEXT]
      Write a commented starter scenario, NAME.ts, that runs as it is.
  chaos --seed N --regions global:5[,europe:3...] --duration 10m [--authoritative R] [--trace FILE]
        [--html FILE] [--fault-mix default|aggressive] [--fault KIND=W]... [--fault-gap MIN-MAX]
        [--workload NAMES] [--bug NAME]... [--max-append-entries N] [--max-events N]
        [--faults SCHEDULE] [--shrink-out FILE] [--shrink-runs N] [--no-shrink]
      Run random faults against client workloads and check Raft and ACL invariants; a run that
      breaks one is shrunk with fast-check and written as a scenario file (chaos-seed-N.ts)
      (nomad-sim chaos --help lists every fault kind, workload and seeded bug).
  shell [--regions global:3,europe:3,asia:3] [--seed N] [--guide tutorial] [--from FILE] [...]
      Drive a live simulated federation yourself (--guide tutorial: the tutorial as a checklist);
      save FILE.ts keeps the session as a scenario.
  campaign --seeds A..B --regions ... --duration ... [--workers N|auto] [--shard I/N] [--out FILE]
      Run chaos over many seeds on every core (or a shard of them per machine); merge shards' results.
  view TRACE.jsonl [-o PAGE.html]
      Write the timeline page of a run from its trace (--html FILE writes it during a run).
  playground [--port N] [--no-open] [--out DIR]
      Serve the playground on 127.0.0.1 and open it: the simulator in a browser page, with a
      terminal into it and the timeline growing as you type (--out DIR writes it as a static site).
  help
      Show this text.

nomad-sim <command> --help shows a command's options; nomad-sim --version shows the version.
--flag value and --flag=value work alike. --trace - writes the trace to stdout; --json prints a
one-line JSON summary on stdout (the transcript goes to stderr). Exit codes: 0 success, 1 a
scenario failed or an invariant broke, 2 bad input.

Same seed, same run: every transcript and trace is reproducible byte for byte.`;

/** The commands, for suggestions when one is mistyped. */
const COMMANDS = [
  'tutorial',
  'run',
  'scenarios',
  'new',
  'chaos',
  'campaign',
  'shell',
  'view',
  'playground',
  'help',
];

/** The usage `nomad-sim <command> --help` prints (loaded when asked for); null: the command has none here. */
async function commandUsage(command: string): Promise<string | null> {
  switch (command) {
    case 'tutorial':
      return (
        'Usage: nomad-sim tutorial [--seed N] [--trace FILE] [--profile modern|tutorial|v1.0] [--timestamps] [--json]\n\nRuns the multi-region ACL bootstrap tutorial (scenarios/tutorial.ts).\n\n' +
        SCENARIO_USAGE.slice(SCENARIO_USAGE.indexOf('\nOptions') + 1)
      );
    case 'run':
      return `${SCENARIO_USAGE}\n\nnomad-sim run NAME runs a bundled scenario by name (nomad-sim scenarios lists them).`;
    case 'scenarios':
      return 'Usage: nomad-sim scenarios\n\nLists the scenarios that ship with the simulator: names for nomad-sim run, and titles.';
    case 'new':
      return (await import('./new-scenario.js')).NEW_USAGE;
    case 'chaos':
      return (await import('./chaos-args.js')).CHAOS_USAGE;
    case 'campaign':
      return (await import('./campaign-args.js')).CAMPAIGN_USAGE;
    case 'shell':
      return (await import('./shell-args.js')).SHELL_USAGE;
    case 'view':
      return (await import('./view-main.js')).VIEW_USAGE;
    case 'playground':
      return (await import('./playground-main.js')).PLAYGROUND_USAGE;
    default:
      return null;
  }
}

function isHelpFlag(arg: string): boolean {
  return arg === '--help' || arg === '-h' || arg === '-help';
}

function usageError(message: string): number {
  process.stderr.write(`nomad-sim: ${message}\n\n${USAGE}\n`);
  return 2;
}

/** A bad scenario file (not a usage mistake): one line, without the usage text, exit 2. */
function failure(line: string): number {
  process.stderr.write(`nomad-sim: ${line}\n`);
  return 2;
}

/** The bundled scenarios: scenarios/ in the repository, dist/scenarios/ (built) in the package. */
function scenariosDir(): string {
  return resolve(import.meta.dirname, '../../scenarios');
}

/** Bundled scenario files: TypeScript sources in the repository, JavaScript in the package. */
const BUNDLED_SCENARIO = /^[\w-]+\.(?:ts|js)$/;

/** The scenario file being run, once found (error lines point into it). */
let scenarioPath: string | null = null;

/** Extensions of the scripts `run` can load (tsx compiles TypeScript and JavaScript modules). */
const SCRIPT_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** A loaded scenario, or why not: a usage mistake (printed with the usage) or a bad file (one line). */
type Loaded = { scenario: Scenario } | { usage: string } | { bad: string };

async function loadScenario(file: string): Promise<Loaded> {
  const path = resolve(file);
  if (!existsSync(path)) return { usage: `no such scenario file: ${file}` };
  if (statSync(path).isDirectory())
    return {
      bad: `${file} is a folder; run takes one scenario file (nomad-sim scenarios lists them)`,
    };
  if (!SCRIPT_FILE.test(path))
    return { bad: `${file} is not a scenario script: expected a .ts or .js file` };
  scenarioPath = path;
  watchScenarioCrashes(path);
  await loadTypeScriptIfNeeded(path);
  let module: { default?: unknown; scenario?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown; scenario?: unknown };
  } catch (error) {
    return { bad: `cannot load the scenario: ${errorLine(error, path)}` };
  }
  // A file loaded as CommonJS (no "type": "module" above it) comes as { default: its exports }.
  const commonJs = module.default as
    | { default?: unknown; scenario?: unknown; __esModule?: unknown }
    | undefined;
  const exports = commonJs?.__esModule === true ? commonJs : module;
  const candidate = (exports.default ?? exports.scenario) as Partial<Scenario> | undefined;
  if (
    candidate === undefined ||
    typeof candidate.run !== 'function' ||
    candidate.info === undefined
  ) {
    return {
      usage: `${file} does not export a scenario (export default defineScenario(...), or export const scenario = ...)`,
    };
  }
  return { scenario: candidate as Scenario };
}

let typeScriptLoaders = false;

/**
 * The built program is plain JavaScript: a TypeScript scenario file needs tsx's ESM loader, which
 * is registered before the first one is imported (from the sources, tsx already runs the program).
 * A \`.ts\` file with no \`"type": "module"\` package.json above it (a folder of its own, a CommonJS
 * project) is a CommonJS module to Node, so tsx's CommonJS loader is registered too, as the tsx
 * command does: the file then runs the same under \`nomad-sim run\` as under \`npx tsx\`.
 */
async function loadTypeScriptIfNeeded(path: string): Promise<void> {
  if (typeScriptLoaders || !/\.[cm]?tsx?$/.test(path)) return;
  typeScriptLoaders = true;
  if (!import.meta.url.endsWith('.ts')) (await import('tsx/esm/api')).register();
  (await import('tsx/cjs/api')).register();
}

/** `replay` is how to run the same file again (the failure's replay line adds seed and profile). */
async function runFile(file: string | undefined, rest: string[], replay?: string): Promise<number> {
  // Mistaken options are reported before the file is looked for (a mistyped flag may have taken its place).
  const options = parseScenarioArgs(rest);
  if ('error' in options) {
    process.stderr.write(`${options.error}\n\n${SCENARIO_USAGE}\n`);
    return 2;
  }
  if (file === undefined)
    return usageError('run needs a scenario file, e.g. nomad-sim run scenarios/tutorial.ts');
  const loaded = await loadScenario(file);
  if ('usage' in loaded) return usageError(loaded.usage);
  if ('bad' in loaded) return failure(loaded.bad);
  return runScenarioWithArgs(
    loaded.scenario,
    rest,
    replay ?? `npx nomad-sim run ${shellPath(resolve(file))}`,
  );
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

/** `nomad-sim scenarios`: each bundled scenario's name (what `run` takes) and title. */
async function listScenarios(): Promise<number> {
  const names = readdirSync(scenariosDir())
    .filter((f) => BUNDLED_SCENARIO.test(f))
    .map((f) => f.replace(/\.[jt]s$/, ''))
    .sort();
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names) {
    const module = (await import(pathToFileURL(bundledScenario(name)).href)) as {
      default?: Partial<Scenario>;
    };
    process.stdout.write(`${name.padEnd(width)}  ${module.default?.info?.title ?? ''}\n`);
  }
  return 0;
}

async function runChaosCommand(argv: string[]): Promise<number> {
  const { chaosMain } = await import('./chaos-main.js');
  return chaosMain(argv);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V') {
    process.stdout.write(`nomad-sim ${packageVersion() ?? 'unknown version'}\n`);
    return 0;
  }
  // `nomad-sim chaos --help`, `nomad-sim chaos -h` and `nomad-sim help chaos` alike.
  const helpFor =
    command === 'help'
      ? rest[0]
      : command !== undefined && rest.some(isHelpFlag)
        ? command
        : undefined;
  if (helpFor !== undefined) {
    const usage = await commandUsage(helpFor);
    if (usage !== null) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
  }
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    case 'tutorial':
      return runFile(bundledScenario('tutorial'), rest, 'npx nomad-sim tutorial');
    case 'run': {
      const { file, options } = takeScenarioFile(rest);
      // A bundled scenario by name: `nomad-sim run mistake-leftover-reset-file`.
      if (
        file !== undefined &&
        /^[\w-]+$/.test(file) &&
        !existsSync(file) &&
        existsSync(bundledScenario(file))
      ) {
        return runFile(bundledScenario(file), options, `npx nomad-sim run ${file}`);
      }
      return runFile(file, options);
    }
    case 'scenarios': {
      const [extra] = rest;
      if (extra === undefined) return listScenarios();
      return usageError(
        extra.startsWith('-')
          ? `unknown argument ${JSON.stringify(extra)}${didYouMean(extra.split('=')[0] as string, ['--help'])}`
          : 'scenarios takes no arguments',
      );
    }
    case 'new':
      return (await import('./new-scenario.js')).newScenarioMain(rest);
    case 'chaos':
      return runChaosCommand(rest);
    case 'shell':
      return (await import('./shell-main.js')).shellMain(rest);
    case 'campaign': {
      const { campaignMain } = await import('./campaign-main.js');
      return campaignMain(rest);
    }
    case 'view': {
      const { viewMain } = await import('./view-main.js');
      return viewMain(rest);
    }
    case 'playground': {
      const { playgroundMain } = await import('./playground-main.js');
      return playgroundMain(rest);
    }
    default:
      return usageError(
        `unknown command ${JSON.stringify(command)}${didYouMean(command, COMMANDS)}`,
      );
  }
}

/** The file of a bundled scenario (`tutorial` → scenarios/tutorial.ts, or .js when built). */
function bundledScenario(name: string): string {
  const source = resolve(scenariosDir(), `${name}.ts`);
  return existsSync(source) ? source : resolve(scenariosDir(), `${name}.js`);
}

endQuietlyOnClosedPipe();
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Anything else that escapes (the scenario's own code runs inside `main`): one line, exit 2.
  process.exitCode = failure(errorLine(error, scenarioPath));
}
