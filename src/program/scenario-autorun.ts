/**
 * A scenario file run directly runs itself. `defineScenario` of the `nomad-acl-sim/scenario`
 * entry notes which file called it; when that file is the one node was started with
 * (`npx tsx my-scenario.ts --seed 3`), the scenario runs with the command-line arguments once the
 * file has finished loading and nothing else is left to do (Node's `beforeExit`), and sets the
 * exit code. Imported by `nomad-sim run`, by a test or by another file, it does not run. A file
 * that calls `runScenarioMain` itself keeps doing so; its scenario is not run a second time.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  defineScenario as defineScenarioOnly,
  type Scenario,
  type ScenarioBody,
  type ScenarioInfo,
} from '../scenario/scenario.js';
import { ScenarioDefinitionError } from '../scenario/scenario-definition-check.js';
import { isEntryModule, runScenarioWithArgs, scenarioStarted, shellPath } from './scenario-main.js';
import { errorLine } from './error-line.js';

/** Scenarios the entry file defined, in order, waiting to run. */
const waiting: Array<{ scenario: Scenario; file: string }> = [];
let listening = false;

/**
 * Defines a scenario (see `defineScenario` of the scenario DSL). When the calling file is the
 * program's entry (`npx tsx <file>`), the scenario also runs once the file has loaded; a
 * definition that cannot run is then one line on stderr and exit code 2, as with `nomad-sim run`.
 */
export function defineScenario(info: ScenarioInfo, body: ScenarioBody): Scenario {
  return defineAndAutorun(() => defineScenarioOnly(info, body), defineScenario);
}

/**
 * Defines a scenario with `define` (which throws ScenarioDefinitionError for a definition that
 * cannot run) on behalf of the file that called `definer`; when that file is the program's entry,
 * the scenario runs once the file has loaded, and a bad definition is one line and exit code 2.
 */
export function defineAndAutorun(
  define: () => Scenario,
  definer: (...args: never[]) => unknown,
): Scenario {
  const caller = callerUrl(definer);
  const entry = caller !== null && isEntryModule(caller) ? fileURLToPath(caller) : null;
  let scenario: Scenario;
  try {
    scenario = define();
  } catch (error) {
    if (entry === null || !(error instanceof ScenarioDefinitionError)) throw error;
    process.stderr.write(`${errorLine(error, entry)}\n`);
    process.exit(2);
  }
  if (entry !== null) runWhenLoaded(scenario, entry);
  return scenario;
}

function runWhenLoaded(scenario: Scenario, file: string): void {
  waiting.push({ scenario, file });
  if (listening) return;
  listening = true;
  let worst = 0;
  // `beforeExit` comes again once each run is over: one scenario per turn, in definition order.
  process.on('beforeExit', () => {
    const next = waiting.shift();
    if (next === undefined || scenarioStarted(next.scenario)) return;
    void runScenarioWithArgs(
      next.scenario,
      process.argv.slice(2),
      `npx tsx ${shellPath(next.file)}`,
    ).then((code) => {
      worst = Math.max(worst, code);
      process.exitCode = worst;
    });
  });
}

/** The file: URL of the code that called `definer`, from the first frame of a stack trace. */
function callerUrl(definer: (...args: never[]) => unknown): string | null {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, definer);
  const frame = /^\s+at (?:.*?\()?((?:file:\/\/)?\/[^():]+?|[A-Za-z]:\\[^():]+?):\d+:\d+\)?$/m.exec(
    holder.stack ?? '',
  );
  if (frame === null) return null;
  const location = frame[1] as string;
  return location.startsWith('file://') ? location : pathToFileURL(location).href;
}
