/**
 * Fault schedules for users' property tests. The schedule data, arbitraries, driver and runner
 * are the checker's (src/check); this module re-exports them and adds
 * `faultDriverFor(cluster)`, a driver for a cluster the test built itself (for instance one
 * carrying ACL calls), which counterexample scenarios also use to replay faults exactly.
 */
import type { Cluster } from '../region/cluster.js';
import { AckLedger, FaultDriver, TimedClient } from '../check/index.js';

export {
  DEFAULT_FAULT_WEIGHTS,
  FAST_RAFT_TIMINGS,
  FIGURE_8_TEMPLATE,
  LOST_VOTE_TEMPLATE,
  NEMESIS_FAULT_WEIGHTS,
  STALE_CANDIDATE_TEMPLATE,
  FaultDriver,
  describeAction,
  describeSchedule,
  faultActionArbitrary,
  faultScheduleArbitrary,
  regionSizeArbitrary,
  runFaultSchedule,
  templateScheduleArbitrary,
  type FaultAction,
  type FaultArbitraryOptions,
  type FaultDriverOptions,
  type FaultKind,
  type FaultRunOptions,
  type FaultRunResult,
  type FaultScheduleOptions,
  type FaultStep,
  type FaultWeights,
  type TemplateStep,
} from '../check/index.js';

/** A fault driver on `cluster` (its `write` faults go through a client of its own). */
export function faultDriverFor(
  cluster: Cluster,
  options: { restartDelayMs?: number } = {},
): FaultDriver {
  const client = new TimedClient(cluster, 'fault-client', 20_000);
  return new FaultDriver(cluster, client, new AckLedger(), options);
}
