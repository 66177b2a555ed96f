/**
 * What makes a scenario definition usable, checked by `defineScenario` when the scenario file is
 * loaded (and again before each run), so a bad definition is refused before anything runs: the
 * region list follows the cluster's shape rules (at least one region, each named once, 1 to 9
 * servers), the default seed is a safe integer, and the Raft timing overrides are valid and no
 * longer than the longest duration a scenario may ask for (30 days).
 */
import type { ScenarioInfo } from './scenario.js';
import { regionSpecsProblem } from '../region/region-spec-check.js';
import { raftTimings } from '../raft/index.js';
import { MAX_SCENARIO_DURATION_MS, SCENARIO_DURATION_BOUND } from './duration.js';

/** A scenario definition that cannot run; the message names the scenario and the problem. */
export class ScenarioDefinitionError extends Error {
  constructor(scenario: string, problem: string) {
    super(`invalid scenario ${JSON.stringify(scenario)}: ${problem}`);
    this.name = 'ScenarioDefinitionError';
  }
}

/** Throws ScenarioDefinitionError for the first problem of `info`. */
export function checkScenarioInfo(info: ScenarioInfo): void {
  const problem = scenarioInfoProblem(info);
  if (problem !== null)
    throw new ScenarioDefinitionError(
      typeof info.name === 'string' ? info.name : String(info.name),
      problem,
    );
}

function scenarioInfoProblem(info: ScenarioInfo): string | null {
  if (typeof info.name !== 'string' || info.name === '') return 'name must be a non-empty string';
  const regions = regionSpecsProblem(info.regions);
  if (regions !== null) return regions;
  if (info.defaultSeed !== undefined && !Number.isSafeInteger(info.defaultSeed)) {
    return `defaultSeed must be a safe integer, got ${String(info.defaultSeed)}`;
  }
  return info.timings === undefined ? null : timingsProblem(info.timings);
}

function timingsProblem(timings: NonNullable<ScenarioInfo['timings']>): string | null {
  for (const [name, value] of Object.entries(timings)) {
    if (typeof value === 'number' && value > MAX_SCENARIO_DURATION_MS)
      return `timings.${name} is ${value} ms: ${SCENARIO_DURATION_BOUND}`;
  }
  try {
    raftTimings({ overrides: timings });
  } catch (error) {
    return `timings: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}
