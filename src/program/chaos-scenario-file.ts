/**
 * Writing a shrunk chaos run's scenario file (chaos-scenario-script.ts) where the program was told
 * to: the file imports `defineChaosScenario` from this copy of the simulator, by a path relative to
 * where it is written (the TypeScript sources in a checkout, the built JavaScript in a build), or
 * from `nomad-acl-sim/scenario` when the simulator is an installed package, so the file runs from
 * where it is, with `npx tsx` or `npx nomad-sim run`. Overwrites an earlier file of that name.
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderChaosScenario, type ChaosScenarioScript } from './chaos-scenario-script.js';
import { openProblem } from './trace-file.js';

/** A scenario file that cannot be written: the message is one line. */
export class ScenarioFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioFileError';
  }
}

/** Where `nomad-sim chaos` writes the shrunk run of seed `seed` unless told otherwise. */
export function defaultScenarioFile(seed: number): string {
  return `chaos-seed-${seed}.ts`;
}

/** How a file in `dir` imports the scenario entry of this copy of the simulator. */
export function scenarioEntryImport(dir: string): string {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const entry = fileURLToPath(new URL(`../scenario-entry.${extension}`, import.meta.url));
  if (entry.split(sep).includes('node_modules')) return 'nomad-acl-sim/scenario';
  const path = relative(dir, entry).split(sep).join('/');
  return (path.startsWith('.') ? path : `./${path}`).replace(/\.ts$/, '.js');
}

/** Writes the scenario to `file` (its name is the file name less `.ts`). Throws ScenarioFileError. */
export function writeChaosScenario(
  file: string,
  script: Omit<ChaosScenarioScript, 'name' | 'importFrom'>,
): void {
  const path = resolve(file);
  const text = renderChaosScenario({
    ...script,
    name: basename(path).replace(/\.[cm]?ts$/, ''),
    importFrom: scenarioEntryImport(dirname(path)),
  });
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new ScenarioFileError(`cannot write the scenario ${file}: ${openProblem(path, error)}`);
  }
}
