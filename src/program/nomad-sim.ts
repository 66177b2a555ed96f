/**
 * The `nomad-sim` program: runs scenario scripts, the chaos checker and the tutorial from a shell.
 * This module is a deliberate real-I/O edge (listed in the tidy test): it reads argv, imports
 * scenario files and sets the process exit code. Bad arguments print a usage message and exit 2.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import type { Scenario } from '../scenario/scenario.js';
import { runScenarioWithArgs } from './scenario-main.js';

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
      Run a random fault schedule against a write workload and check Raft and ACL invariants.
  help
      Show this text.

Same seed, same run: every transcript and trace is reproducible byte for byte.`;

function usageError(message: string): number {
  process.stderr.write(`nomad-sim: ${message}\n\n${USAGE}\n`);
  return 2;
}

function scenariosDir(): string {
  return resolve(import.meta.dirname, '../../scenarios');
}

async function loadScenario(file: string): Promise<Scenario | string> {
  const path = resolve(file);
  if (!existsSync(path)) return `no such scenario file: ${file}`;
  const module = (await import(pathToFileURL(path).href)) as { default?: unknown; scenario?: unknown };
  const candidate = (module.default ?? module.scenario) as Partial<Scenario> | undefined;
  if (candidate === undefined || typeof candidate.run !== 'function' || candidate.info === undefined) {
    return `${file} does not export a scenario (export default defineScenario(...), or export const scenario = ...)`;
  }
  return candidate as Scenario;
}

async function runFile(file: string | undefined, rest: string[]): Promise<number> {
  if (file === undefined || file.startsWith('-')) return usageError('run needs a scenario file, e.g. nomad-sim run scenarios/tutorial.ts');
  const scenario = await loadScenario(file);
  if (typeof scenario === 'string') return usageError(scenario);
  return runScenarioWithArgs(scenario, rest);
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

process.exitCode = await main(process.argv.slice(2));
