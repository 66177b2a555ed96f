/**
 * Runs one fault schedule against a fresh simulated cluster under the invariant checker: start
 * every server, wait for leaders, apply the steps in virtual time, then heal everything and check
 * liveness (a leader in every region, every acknowledged write on every server) within a bound.
 * This is the body of the cluster-level property tests; fast-check supplies the schedules.
 */
import { Cluster, type RegionSpec } from '../region/cluster.js';
import type { RaftBugs, RaftLogLimits, RaftTimings } from '../raft/index.js';
import { attachChecker } from './cluster-checker.js';
import { FaultDriver, type FaultStep } from './fault-actions.js';
import { awaitRaftConvergence } from './raft-convergence.js';
import { TimedClient } from './timed-client.js';
import { violationFromError, type Violation } from './violation.js';

/** Raft timings ten times faster than Nomad's, as Nomad's own tests shrink them. */
export const FAST_RAFT_TIMINGS: Partial<RaftTimings> = Object.freeze({
  heartbeatTimeout: 100,
  electionTimeout: 100,
  leaderLeaseTimeout: 50,
  commitTimeout: 5,
});

export interface FaultRunOptions {
  seed: number;
  /** Default: one region `global` with 3 servers. */
  regions?: RegionSpec[];
  /** Default: `FAST_RAFT_TIMINGS`. */
  timings?: Partial<RaftTimings>;
  limits?: Partial<RaftLogLimits>;
  bugs?: RaftBugs;
  fsyncLatencyMs?: number;
  /** Liveness bound after the final heal. Default 10 000 ms (fast timings). */
  livenessBoundMs?: number;
  /** Virtual ms between the stop and start of a graceful restart. Default 500. */
  restartDelayMs?: number;
  keepTrace?: boolean;
}

export interface FaultRunStats {
  virtualMs: number;
  events: number;
  faults: number;
  writesSent: number;
  writesAcked: number;
  writesFailed: number;
  leaders: number;
}

export type FaultRunResult =
  | { ok: true; stats: FaultRunStats; trace: string | null }
  | { ok: false; violation: Violation; stats: FaultRunStats; trace: string | null };

/** Runs `schedule` and judges it; never throws for a broken property (returns it). */
export async function runFaultSchedule(
  schedule: readonly FaultStep[],
  options: FaultRunOptions,
): Promise<FaultRunResult> {
  const cluster = new Cluster({
    seed: options.seed,
    regions: options.regions ?? [{ name: 'global', servers: 3 }],
    timings: options.timings ?? FAST_RAFT_TIMINGS,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.bugs === undefined ? {} : { bugs: options.bugs }),
    ...(options.fsyncLatencyMs === undefined ? {} : { fsyncLatencyMs: options.fsyncLatencyMs }),
    keepTrace: options.keepTrace ?? false,
  });
  const checker = attachChecker(cluster);
  const client = new TimedClient(cluster, 'checker-client', 10_000);
  const driver = new FaultDriver(cluster, client, checker.ledger, {
    restartDelayMs: options.restartDelayMs ?? 500,
  });
  const stats = (): FaultRunStats => ({
    virtualMs: cluster.sim.now,
    events: cluster.sim.steps,
    ...driver.stats,
    leaders: checker.raft.leadersSeen,
  });
  const trace = (): string | null => (options.keepTrace === true ? cluster.sim.trace.text() : null);
  let violation: Violation | null = null;
  try {
    cluster.startAll();
    for (const region of cluster.regionNames) await cluster.waitForLeader(region);
    for (const step of schedule) {
      await cluster.sim.sleep(step.after);
      driver.apply(step.action);
    }
    driver.healEverything();
    await driver.writesSettled();
    violation =
      checker.violation ??
      (await awaitRaftConvergence(cluster, checker.ledger, options.livenessBoundMs ?? 10_000));
  } catch (error) {
    violation = checker.violation ?? violationFromError(error, cluster.sim.now);
  } finally {
    driver.detach();
    checker.detach();
  }
  return violation === null
    ? { ok: true, stats: stats(), trace: trace() }
    : { ok: false, violation, stats: stats(), trace: trace() };
}
