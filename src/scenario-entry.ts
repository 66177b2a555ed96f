/**
 * The entry for scenario authors (`import ... from 'nomad-acl-sim/scenario'`): `defineScenario`
 * (a file run with `npx tsx my-scenario.ts` runs its scenario), `kvField` to read Nomad's
 * `Key = value` output, the agent-config edits a scenario makes on servers, and `runScenarioMain`
 * for files that start their scenario themselves.
 */
export { defineScenario } from './program/scenario-autorun.js';
export { runScenarioMain } from './program/scenario-main.js';
export {
  httpError,
  kvField,
  ScenarioDefinitionError,
  ScenarioFailure,
  ScenarioSession,
  MAX_SCENARIO_DURATION_MS,
  type DurationInput,
  type NomadOptions,
  type Scenario,
  type ScenarioBody,
  type ScenarioInfo,
  type ScenarioResult,
  type ScenarioRunOptions,
  type ScenarioStep,
} from './scenario/index.js';
export {
  withAclEnabled,
  withAuthoritativeRegion,
  withReplicationToken,
  type EditAgentConfigOptions,
} from './agent-config/index.js';
export {
  defineChaosScenario,
  type ChaosScenarioRun,
  type ChaosScenarioSpec,
} from './program/chaos-scenario.js';
export type { ChaosFault } from './check/chaos-schedule.js';
