/**
 * The invariant checker as a function over a trace or a live cluster (DESIGN.md principle 7):
 *
 * - election safety: at most one leader per term in each region (`raft.role` records);
 * - state-machine safety: every server of a region applies the same entry at the same index
 *   (same term and digest in `raft.apply` records);
 * - ACL convergence (live clusters, on request): once the cluster is quiet and settled, every
 *   non-authoritative region holds the authoritative region's policies and global tokens.
 *
 * `watchInvariants` follows a running simulation through the trace's events, so violations are
 * seen when they happen; `checkTraceInvariants` reads a finished trace (JSON lines or records).
 * NOTE: this is the toolkit's own small checker. When the project's full checker (chaos runner)
 * lands, this module is the one place to re-point at it; the exported names stay.
 */
import type { Cluster } from '../region/cluster.js';
import type { TraceRecord } from '../sim/trace.js';
import { aclReplicationLag } from './settle.js';

export type InvariantName = 'election-safety' | 'state-machine-safety' | 'acl-convergence';

export interface InvariantViolation {
  readonly invariant: InvariantName;
  /** Virtual ms when it was seen. */
  readonly t: number;
  readonly region: string;
  readonly detail: string;
}

/** Thrown by the assert helpers; lists every violation. */
export class InvariantViolationError extends Error {
  constructor(readonly violations: readonly InvariantViolation[]) {
    super(`${violations.length} invariant violation(s):\n${violations.map((v) => `  t=${v.t} ${v.region}: ${v.invariant}: ${v.detail}`).join('\n')}`);
    this.name = 'InvariantViolationError';
  }
}

/** Feeds on trace records one at a time and collects violations. */
export class InvariantChecker {
  readonly violations: InvariantViolation[] = [];
  private readonly leaders = new Map<string, string>();
  private readonly applied = new Map<string, { term: number; digest: string; server: string }>();

  observe(record: TraceRecord): void {
    if (record.kind === 'raft.role') this.observeRole(record as TraceRecord<'raft.role'>);
    else if (record.kind === 'raft.apply') this.observeApply(record as TraceRecord<'raft.apply'>);
  }

  private observeRole(record: TraceRecord<'raft.role'>): void {
    if (record.role !== 'leader') return;
    const key = `${record.region}|${record.term}`;
    const known = this.leaders.get(key);
    if (known === undefined) this.leaders.set(key, record.server);
    else if (known !== record.server) {
      this.violations.push({ invariant: 'election-safety', t: record.t, region: record.region, detail: `${known} and ${record.server} are both leader in term ${record.term}` });
    }
  }

  private observeApply(record: TraceRecord<'raft.apply'>): void {
    const key = `${record.region}|${record.index}`;
    const known = this.applied.get(key);
    if (known === undefined) this.applied.set(key, { term: record.term, digest: record.digest, server: record.server });
    else if (known.term !== record.term || known.digest !== record.digest) {
      this.violations.push({
        invariant: 'state-machine-safety',
        t: record.t,
        region: record.region,
        detail: `index ${record.index}: ${known.server} applied term ${known.term} digest ${known.digest}, ${record.server} applied term ${record.term} digest ${record.digest}`,
      });
    }
  }
}

/** Checks a finished trace: JSON lines (as written by `--trace`) or parsed records. */
export function checkTraceInvariants(trace: string | Iterable<TraceRecord>): InvariantViolation[] {
  const checker = new InvariantChecker();
  const records: Iterable<TraceRecord> =
    typeof trace === 'string'
      ? trace
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as TraceRecord)
      : trace;
  for (const record of records) checker.observe(record);
  return checker.violations;
}

export interface ClusterCheckOptions {
  /** Also require ACL convergence now (call it only once the cluster is quiet and settled). */
  readonly converged?: boolean;
}

/** Checks a cluster created with `keepTrace: true` (its whole trace so far), plus convergence on request. */
export function checkClusterInvariants(cluster: Cluster, options: ClusterCheckOptions = {}): InvariantViolation[] {
  if (cluster.options.keepTrace !== true) {
    throw new Error('checkClusterInvariants needs a cluster created with keepTrace: true (or use watchInvariants from the start)');
  }
  const violations = checkTraceInvariants(cluster.sim.trace.text());
  return options.converged === true ? [...violations, ...convergenceViolations(cluster)] : violations;
}

function convergenceViolations(cluster: Cluster): InvariantViolation[] {
  return aclReplicationLag(cluster).map((detail) => ({ invariant: 'acl-convergence' as const, t: cluster.sim.now, region: detail.split(' ')[0] ?? '', detail }));
}

export interface InvariantWatch {
  /** Violations seen so far. */
  readonly violations: readonly InvariantViolation[];
  /** Throws InvariantViolationError if any were seen (and, with `converged`, if regions differ now). */
  assertNone(options?: ClusterCheckOptions): void;
  stop(): void;
}

/** Checks the invariants live while `cluster` runs, from now on. */
export function watchInvariants(cluster: Cluster): InvariantWatch {
  const checker = new InvariantChecker();
  const listener = (record: TraceRecord): void => checker.observe(record);
  cluster.sim.trace.on('record', listener);
  return {
    violations: checker.violations,
    assertNone(options = {}) {
      const all = options.converged === true ? [...checker.violations, ...convergenceViolations(cluster)] : checker.violations;
      if (all.length > 0) throw new InvariantViolationError(all);
    },
    stop() {
      cluster.sim.trace.off('record', listener);
    },
  };
}

/** Throws InvariantViolationError when `violations` is not empty. */
export function assertNoViolations(violations: readonly InvariantViolation[]): void {
  if (violations.length > 0) throw new InvariantViolationError(violations);
}
