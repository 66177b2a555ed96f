/** The scenario DSL: define a scenario, run it, and the session API its body uses. */
export {
  defineScenario,
  type Scenario,
  type ScenarioBody,
  type ScenarioInfo,
  type ScenarioResult,
  type ScenarioRunOptions,
} from './scenario.js';
export {
  ScenarioFailure,
  ScenarioPaused,
  ScenarioSession,
  formatLogLine,
  kvField,
  type NomadExecOptions,
  type NomadOptions,
  type ScenarioStep,
} from './session.js';
export { ScenarioDefinitionError } from './scenario-definition-check.js';
export {
  httpError,
  withoutRpcErrorPrefixes,
  type HttpErrorOptions,
} from './http-error-text.js';
export { MAX_SCENARIO_DURATION_MS, type DurationInput } from './duration.js';
export {
  openLiveSession,
  type LiveSessionOptions,
  type LiveSessionResult,
} from './live-session.js';
