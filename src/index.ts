/**
 * The package's main entry (`import ... from 'nomad-acl-sim'`): the pieces a user puts together
 * to simulate a federation of Nomad regions and drive it — the simulation kernel, the cluster,
 * the API layer, the `nomad` command emulator, the scenario DSL, agent-config edits and the ACL
 * policy language. The property-test toolkit lives under its own entry, `nomad-acl-sim/testing`.
 */

// --- simulation kernel ---
export {
  Simulation,
  SimulationStalled,
  type SimulationOptions,
  type Timer,
} from './sim/simulation.js';
export { EventBudgetExceeded, setDefaultEventBudget } from './sim/event-budget.js';
export { Rng } from './sim/random.js';
export { createIdSource, isUuid, type IdSource } from './sim/ids.js';
export { type NetworkOptions } from './sim/network.js';
export { Trace, type TraceKind, type TraceKinds, type TraceRecord } from './sim/trace.js';
export {
  TRACE_SCHEMA,
  validateTraceRecord,
  type FieldSpec,
  type FieldType,
} from './sim/trace-schema.js';

// --- regions, servers, the federation ---
export {
  Cluster,
  ConnectionRefused,
  RequestTimeout,
  SERVER_CONFIG_PATH,
  WORKSTATION,
  type ClusterOptions,
  type ClusterServices,
  type RegionSpec,
} from './region/cluster.js';
export type { Server } from './server/server.js';
export {
  AgentConfigError,
  parseAgentConfig,
  printAgentConfig,
  withAclEnabled,
  withAuthoritativeRegion,
  withReplicationToken,
  type AgentConfig,
} from './agent-config/index.js';
export { raftTimings, DEFAULT_RAFT_TIMINGS, type RaftTimings } from './raft/index.js';

// --- the HTTP API of the simulated agents ---
export { ApiLayer } from './api/api-layer.js';
export type {
  ApiRequest,
  ApiResponse,
  ApiTransport,
  HttpMethod,
  JsonValue,
} from './server/http.js';

// --- the nomad command emulator ---
export {
  runNomad,
  runNomadLine,
  splitCommandLine,
  type CommandResult,
  type NomadContext,
} from './cli/nomad/index.js';

// --- the scenario DSL ---
export {
  httpError,
  kvField,
  ScenarioFailure,
  ScenarioSession,
  type NomadOptions,
  type Scenario,
  type ScenarioBody,
  type ScenarioInfo,
  type ScenarioResult,
  type ScenarioRunOptions,
  type ScenarioStep,
} from './scenario/index.js';
export { clusterTransport } from './scenario/cluster-transport.js';
export { defineScenario } from './program/scenario-autorun.js';
export { runScenarioMain } from './program/scenario-main.js';

// --- the interactive shell (nomad-sim shell) and its saved sessions ---
export {
  defineShellScenario,
  startShell,
  Shell,
  type ShellEntry,
  type ShellHost,
  type ShellScenario,
} from './scenario/shell/index.js';
export { runShellScenarioMain } from './program/shell-replay.js';

// --- the ACL policy language, evaluator and version profiles ---
export {
  compileAcl,
  parsePolicy,
  printPolicy,
  PolicyParseError,
  validatePolicyName,
  getProfile,
  DEFAULT_PROFILE,
  PROFILE_NAMES,
  ANONYMOUS_POLICY_NAME,
  type Acl,
  type Policy,
  type ProfileName,
  type VersionProfile,
  type AclPolicy,
  type AclToken,
} from './acl/index.js';
