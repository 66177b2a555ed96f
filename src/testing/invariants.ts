/**
 * The invariant checker for users' property tests, as a function over a trace or a live cluster.
 * The checks themselves live in src/check (Raft safety after every event, the
 * multi-region ACL properties, liveness and convergence after faults heal, the trace checker);
 * this module re-exports them and adds the two entry points a property test needs:
 * `checkInvariants(traceOrCluster)` after a run and `watchInvariants(cluster)` during one.
 */
import type { ApiLayer } from '../api/api-layer.js';
import type { Cluster } from '../region/cluster.js';
import type { TraceRecord } from '../sim/trace.js';
import {
  aclUnconverged,
  attachChecker,
  checkTrace,
  formatViolation,
  type ClusterChecker,
  type Violation,
} from '../check/index.js';

export {
  AckLedger,
  ClusterChecker,
  InvariantViolation,
  aclUnconverged,
  attachChecker,
  awaitAclConvergence,
  awaitRaftConvergence,
  checkTrace,
  clusterUnsettled,
  formatViolation,
  parseTrace,
  regionUnsettled,
  ACL_CONVERGENCE_BOUND_MS,
  RAFT_LIVENESS_BOUND_MS,
  type CheckerOptions,
  type PropertyName,
  type Violation,
} from '../check/index.js';

export interface CheckInvariantsOptions {
  /**
   * Also require that every non-authoritative region holds the authoritative region's policies and
   * global tokens now (call it once the cluster is quiet and settled). Live clusters only.
   */
  readonly converged?: boolean;
}

/**
 * Every invariant violation in a trace (JSON lines or records) or in a cluster's run so far (the
 * cluster must keep its trace: `keepTrace: true`). Empty when all is well.
 */
export function checkInvariants(
  source: string | readonly TraceRecord[] | Cluster,
  options: CheckInvariantsOptions = {},
): Violation[] {
  if (typeof source === 'string' || Array.isArray(source))
    return checkTrace(source as string | readonly TraceRecord[]);
  const cluster = source as Cluster;
  if (cluster.options.keepTrace !== true) {
    throw new Error(
      'checkInvariants(cluster) needs a cluster created with keepTrace: true (or call watchInvariants(cluster) before it starts)',
    );
  }
  const violations = checkTrace(cluster.sim.trace.text());
  const authoritative = cluster.options.authoritativeRegion;
  if (options.converged === true && authoritative !== undefined) {
    const reason = aclUnconverged(cluster, authoritative);
    if (reason !== null)
      violations.push({ property: 'acl convergence', detail: reason, time: cluster.sim.now });
  }
  return violations;
}

/** Throws an Error listing every violation `checkInvariants` finds. */
export function assertInvariants(
  source: string | readonly TraceRecord[] | Cluster,
  options: CheckInvariantsOptions = {},
): void {
  const violations = checkInvariants(source, options);
  if (violations.length > 0)
    throw new Error(
      `${violations.length} invariant violation(s):\n${violations.map((v) => `  ${formatViolation(v)}`).join('\n')}`,
    );
}

/**
 * Checks the invariants live while `cluster` runs, from now on (attach before `startAll`): the
 * first violation throws out of the simulation, which fails whatever the test awaits. With the
 * cluster's API layer, the multi-region ACL properties are checked too.
 */
export function watchInvariants(
  cluster: Cluster,
  options: { api?: ApiLayer } = {},
): ClusterChecker {
  const authoritative = cluster.options.authoritativeRegion;
  return attachChecker(
    cluster,
    options.api === undefined || authoritative === undefined
      ? {}
      : { acl: { layer: options.api, authoritativeRegion: authoritative } },
  );
}
