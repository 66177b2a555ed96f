/**
 * The property-test toolkit (`import ... from 'nomad-acl-sim/testing'`): fast-check arbitraries
 * for cluster shapes, fault schedules, rolling-restart orders and ACL operation sequences; the
 * invariant checker over a trace or a live cluster; recorded cluster runs; the model-based test of
 * the ACL API against a small reference model; and the printer that turns a failing run into a
 * runnable scenario script.
 */

// --- arbitraries ---
export { clusterShapeArb, shapeOf, describeShape, clusterOptionsFor, serverRefs, REGION_NAMES, type ClusterShape, type ClusterShapeConstraints } from './cluster-shape.js';
export { rollingRestartOrderArb, rollingRestartInOrder, serversInOrder } from './rolling-restart.js';
export {
  faultScheduleArb,
  runFaultSchedule,
  applyFault,
  healAll,
  describeFault,
  type FaultAction,
  type FaultStep,
  type FaultScheduleConstraints,
  type RunFaultScheduleOptions,
} from './fault-schedule.js';
export {
  aclOperationArb,
  aclOperationsArb,
  serverPickArb,
  callerPickArb,
  targetPickArb,
  describeCall,
  POLICY_NAME_POOL,
  TOKEN_POLICY_POOL,
  TOKEN_NAME_POOL,
  DESCRIPTION_POOL,
  type AclCall,
  type AclOperation,
  type AclOperationKind,
  type AclOperationConstraints,
  type BootstrapSecretChoice,
  type CallerRef,
  type TokenRef,
  type ServerPick,
  type CallerPick,
  type TargetPick,
} from './acl-operations.js';
export { ACL_RULES, RULES_NAMES, rulesEntryFor, type RulesName, type RulesEntry, type JobsEffect } from './acl-rules.js';
export { OPERATOR_BOOTSTRAP_SECRET, INVALID_BOOTSTRAP_SECRET, BOGUS_SECRET, BOGUS_ACCESSOR } from './acl-secrets.js';

// --- invariants and settling ---
export {
  InvariantChecker,
  InvariantViolationError,
  checkTraceInvariants,
  checkClusterInvariants,
  watchInvariants,
  assertNoViolations,
  type InvariantName,
  type InvariantViolation,
  type InvariantWatch,
  type ClusterCheckOptions,
} from './invariants.js';
export { waitForAclSettled, aclReplicationLag, raftLag, type SettleOptions, type HasCluster } from './settle.js';

// --- recorded runs and the ACL model ---
export { ClusterRun, SettleTimeout, type ClusterRunOptions, type RunStep } from './cluster-run.js';
export { aclRequest, secretFor, accessorFor } from './acl-requests.js';
export { AclReferenceModel, type AclModelFactory, type ModelToken, type ModelPolicy, type ModelIdentity } from './acl-model.js';
export { compareResponse, describeExpectation, renderText, errorExpectation, type Expectation, type ExpectedToken, type TextPart, type TokenBinding } from './acl-expectation.js';
export {
  aclModelCommands,
  runAclModelSequence,
  runAclModelTest,
  AclModelCommand,
  AclModelMismatch,
  AclModelRunFailure,
  AclModelTestFailure,
  type AclModelCommandsOptions,
  type AclModelTestOptions,
  type AclModelTestReport,
} from './acl-model-test.js';

// --- counterexamples as scenarios ---
export { formatCounterexampleScenario, type ScenarioScriptOptions } from './scenario-script.js';
export { tableColumn, sameList, sameSet } from './cli-output.js';
