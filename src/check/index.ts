/**
 * The checking side of the simulator: invariant checkers (live and over a trace), the ledger of
 * acknowledged writes and the liveness waits, fault schedules with their driver and fast-check
 * arbitraries, the chaos run's fault mixes, faults, triggers and workloads, and golden-transcript
 * rendering.
 * Import from here (src/testing re-exports the arbitraries for users' suites).
 */
export {
  InvariantViolation,
  formatViolation,
  violationFromError,
  type PropertyName,
  type ReportViolation,
  type Violation,
} from './violation.js';
export { RaftGroupSafety, type CommittedEntry } from './raft-group-safety.js';
export { RaftSafetyChecker } from './raft-safety-checker.js';
export { AclReplicationChecker } from './acl-replication-checker.js';
export { AclBootstrapChecker } from './acl-bootstrap-checker.js';
export { LeaderLeaseCheck } from './leader-lease-check.js';
export { ElectionRestrictionCheck } from './election-restriction-check.js';
export { ClusterChecker, attachChecker, type CheckerOptions } from './cluster-checker.js';
export { AckLedger, type AckedWrite, type MissingWrite } from './ack-ledger.js';
export {
  awaitRaftConvergence,
  clusterUnsettled,
  regionUnsettled,
  RAFT_LIVENESS_BOUND_MS,
} from './raft-convergence.js';
export {
  awaitAclConvergence,
  aclUnconverged,
  replicatedAclSignature,
  ACL_CONVERGENCE_BOUND_MS,
} from './acl-convergence.js';
export { checkTrace, parseTrace } from './trace-checker.js';
export { pollUntil } from './poll.js';
export {
  TimedClient,
  CLIENT_TIMEOUT_STATUS,
  CLIENT_TIMEOUT_TEXT,
  CONNECTION_REFUSED_TEXT,
} from './timed-client.js';
export { NemesisTriggers } from './nemesis.js';
export {
  FaultDriver,
  describeAction,
  describeSchedule,
  type FaultAction,
  type FaultDriverOptions,
  type FaultKind,
  type FaultStep,
} from './fault-actions.js';
export {
  runFaultSchedule,
  FAST_RAFT_TIMINGS,
  type FaultRunOptions,
  type FaultRunResult,
  type FaultRunStats,
} from './fault-runner.js';
export {
  DEFAULT_FAULT_WEIGHTS,
  FIGURE_8_TEMPLATE,
  LOST_VOTE_TEMPLATE,
  NEMESIS_FAULT_WEIGHTS,
  STALE_CANDIDATE_TEMPLATE,
  faultActionArbitrary,
  faultScheduleArbitrary,
  regionSizeArbitrary,
  rollingRestartOrderArbitrary,
  templateScheduleArbitrary,
  type FaultArbitraryOptions,
  type FaultScheduleOptions,
  type FaultWeights,
  type TemplateStep,
} from './arbitraries.js';
export {
  stepsArbitrary,
  templateArbitrary,
  weightedChoice,
  type ScheduleStep,
  type TemplateStepOf,
} from './schedule-arbitraries.js';
export {
  ScheduleFailure,
  checkScheduleProperty,
  formatScheduleFailure,
  replayParameters,
  scheduleFailureOf,
  scheduleProperty,
} from './schedule-property.js';
export { renderTranscript, type TranscriptOptions } from './transcript.js';
export { writeReplicationTokens } from './replication-token-setup.js';
export { ChaosFaults, type ChaosFaultKind, type ChaosFaultOptions } from './chaos-faults.js';
export {
  CHAOS_FAULT_KINDS,
  CHAOS_FAULT_MIXES,
  CHAOS_FAULT_MIX_NAMES,
  CHAOS_FAULT_TEXTS,
  CHAOS_WORKLOADS,
  CHAOS_WORKLOAD_TEXTS,
  defaultChaosWorkloads,
  workloadNeedsAcls,
  type ChaosFaultMix,
  type ChaosFaultMixName,
  type ChaosFaultWeights,
  type ChaosWorkloadName,
  type MsRange,
} from './chaos-mix.js';
export { ChaosTriggers } from './chaos-triggers.js';
export {
  AclWorkload,
  KvWorkload,
  BASE_POLICY,
  isTransient,
  type WorkloadStats,
} from './chaos-workload.js';
export { BootstrapWorkload } from './chaos-bootstrap-workload.js';
export { ExpiryWorkload } from './chaos-expiry-workload.js';
export { BlockingWorkload } from './chaos-blocking-workload.js';
export { RequestTracer } from './request-tracer.js';
