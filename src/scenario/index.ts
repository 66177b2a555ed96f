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
export {
  TUTORIAL_ANONYMOUS_POLICY,
  TUTORIAL_LESSONS,
  TUTORIAL_STEP_TITLES,
  TUTORIAL_TITLE,
  type TutorialStepKey,
} from './lessons/tutorial-lessons.js';
export {
  BOOTSTRAP_BEFORE_ALL_SERVERS,
  BOOTSTRAP_THROUGH_OTHER_REGION,
  CLIENT_TOKEN_AS_REPLICATION_TOKEN,
  FORGOT_AUTHORITATIVE_REGION,
  LEFTOVER_RESET_FILE,
  LOCAL_TOKEN_OTHER_REGION,
  MISTAKE_SCENARIOS,
  type MistakeScenarioName,
  NO_REPLICATION_TOKEN,
  RESET_FILE_ON_FOLLOWER,
  RESTART_ALL_AT_ONCE,
} from './lessons/mistake-lessons.js';
