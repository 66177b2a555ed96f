/**
 * The property-test toolkit (`import ... from 'nomad-acl-sim/testing'`): fast-check arbitraries
 * for cluster shapes, fault schedules, rolling-restart orders and ACL operation sequences; the
 * invariant checker over a trace or a live cluster; recorded cluster runs; the model-based test of
 * the ACL API against a small reference model; and the printer that turns a failing run into a
 * runnable scenario script.
 */

// --- arbitraries ---
export {
  clusterShapeArb,
  shapeOf,
  describeShape,
  clusterOptionsFor,
  serverRefs,
  REGION_NAMES,
  type ClusterShape,
  type ClusterShapeConstraints,
} from './cluster-shape.js';
export {
  rollingRestartOrderArb,
  rollingRestartInOrder,
  serversInOrder,
} from './rolling-restart.js';
export {
  faultDriverFor,
  faultScheduleArbitrary,
  faultActionArbitrary,
  templateScheduleArbitrary,
  regionSizeArbitrary,
  runFaultSchedule,
  describeAction,
  describeSchedule,
  FaultDriver,
  DEFAULT_FAULT_WEIGHTS,
  NEMESIS_FAULT_WEIGHTS,
  FAST_RAFT_TIMINGS,
  FIGURE_8_TEMPLATE,
  LOST_VOTE_TEMPLATE,
  STALE_CANDIDATE_TEMPLATE,
  type FaultAction,
  type FaultKind,
  type FaultStep,
  type FaultWeights,
  type FaultArbitraryOptions,
  type FaultScheduleOptions,
  type FaultDriverOptions,
  type FaultRunOptions,
  type FaultRunResult,
  type TemplateStep,
} from './faults.js';
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
export {
  ACL_RULES,
  RULES_NAMES,
  rulesEntryFor,
  type RulesName,
  type RulesEntry,
  type JobsEffect,
} from './acl-rules.js';
export {
  OPERATOR_BOOTSTRAP_SECRET,
  INVALID_BOOTSTRAP_SECRET,
  BOGUS_SECRET,
  BOGUS_ACCESSOR,
} from './acl-secrets.js';

// --- invariants and settling (the checker's, see invariants.ts) ---
export {
  checkInvariants,
  assertInvariants,
  watchInvariants,
  checkTrace,
  parseTrace,
  attachChecker,
  ClusterChecker,
  AckLedger,
  InvariantViolation,
  formatViolation,
  awaitRaftConvergence,
  awaitAclConvergence,
  aclUnconverged,
  clusterUnsettled,
  regionUnsettled,
  ACL_CONVERGENCE_BOUND_MS,
  RAFT_LIVENESS_BOUND_MS,
  type CheckInvariantsOptions,
  type CheckerOptions,
  type PropertyName,
  type Violation,
} from './invariants.js';
export {
  waitForAclSettled,
  unsettledReason,
  type SettleOptions,
  type HasCluster,
} from './settle.js';

// --- recorded runs and the ACL model ---
export {
  ClusterRun,
  ClusterRunFailure,
  SettleTimeout,
  withClusterRun,
  type ClusterRunOptions,
  type RunStep,
} from './cluster-run.js';
export { aclRequest, secretFor, accessorFor } from './acl-requests.js';
export {
  AclReferenceModel,
  type AclModelFactory,
  type ModelToken,
  type ModelPolicy,
  type ModelIdentity,
} from './acl-model.js';
export {
  compareResponse,
  describeExpectation,
  renderText,
  errorExpectation,
  type Expectation,
  type ExpectedToken,
  type TextPart,
  type TokenBinding,
} from './acl-expectation.js';
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
  type ModuleExport,
} from './acl-model-test.js';

// --- counterexamples as scenarios ---
export { formatCounterexampleScenario, type ScenarioScriptOptions } from './scenario-script.js';
export { tableColumn, sameList, sameSet } from './cli-output.js';
