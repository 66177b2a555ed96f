/**
 * The invariant checker attached to a running cluster: the Raft safety checks after every
 * simulation event (`sim.onStep`) and on the trace records they need, the multi-region ACL checks
 * (replication, and bootstrap once per reset) when the API layer runs, and the ledger of acknowledged writes for the liveness check after the
 * final heal. The first broken property throws `InvariantViolation` out of the event loop, which
 * stops the run there; `violation` keeps it for whoever asks later.
 */
import type { Cluster } from '../region/cluster.js';
import type { ApiLayer } from '../api/api-layer.js';
import type { TraceRecord } from '../sim/trace.js';
import { AckLedger } from './ack-ledger.js';
import { AclReplicationChecker } from './acl-replication-checker.js';
import { AclBootstrapChecker } from './acl-bootstrap-checker.js';
import { RaftSafetyChecker } from './raft-safety-checker.js';
import { InvariantViolation, type ReportViolation, type Violation } from './violation.js';

export interface CheckerOptions {
  /** Check the multi-region ACL properties (needs the installed API layer). */
  acl?: { layer: ApiLayer; authoritativeRegion: string };
}

export class ClusterChecker {
  readonly raft: RaftSafetyChecker;
  readonly acl: AclReplicationChecker | null;
  /** ACL bootstrap happens once per reset (with the ACL checks). */
  readonly bootstrap: AclBootstrapChecker | null;
  readonly ledger = new AckLedger();
  private first: Violation | null = null;
  private readonly detachers: Array<() => void> = [];
  /** Reports a broken property found outside the checker (a workload's own check); throws. */
  readonly report: ReportViolation;

  constructor(
    readonly cluster: Cluster,
    options: CheckerOptions = {},
  ) {
    const report: ReportViolation = (property, detail) => {
      const violation: Violation = { property, detail, time: cluster.sim.now };
      this.first ??= violation;
      throw new InvariantViolation(violation);
    };
    this.report = report;
    this.raft = new RaftSafetyChecker(cluster, report);
    this.acl =
      options.acl === undefined
        ? null
        : new AclReplicationChecker(
            cluster,
            options.acl.layer,
            options.acl.authoritativeRegion,
            report,
          );
    this.bootstrap =
      options.acl === undefined
        ? null
        : new AclBootstrapChecker(cluster, options.acl.authoritativeRegion, report);
    this.detachers.push(cluster.sim.onStep(() => this.raft.afterStep()));
    this.detachers.push(
      cluster.network.observeDeliveries((from, to, what, message) =>
        this.raft.onDelivery(from, to, what, message),
      ),
    );
    const trace = cluster.sim.trace;
    const raftRecord = (record: TraceRecord): void => this.raft.onRecord(record);
    for (const kind of ['raft.commit', 'raft.apply', 'raft.snapshot'] as const)
      this.listen(kind, raftRecord);
    const acl = this.acl;
    if (acl !== null) {
      const aclRecord = (record: TraceRecord): void => acl.onRecord(record);
      for (const kind of ['raft.apply', 'server.start', 'raft.snapshot', 'acl.replicate'] as const)
        this.listen(kind, aclRecord);
    }
    const bootstrap = this.bootstrap;
    if (bootstrap !== null)
      this.listen('raft.apply', (record) => bootstrap.onApply(record as TraceRecord<'raft.apply'>));
  }

  /** The first violation found, or null. */
  get violation(): Violation | null {
    return this.first;
  }

  /** Stops checking (the cluster keeps running). */
  detach(): void {
    for (const detach of this.detachers.splice(0)) detach();
  }

  private listen(
    kind: 'raft.commit' | 'raft.apply' | 'raft.snapshot' | 'server.start' | 'acl.replicate',
    handler: (record: TraceRecord) => void,
  ): void {
    const trace = this.cluster.sim.trace;
    const listener = handler as (record: TraceRecord<typeof kind>) => void;
    trace.on(kind, listener);
    this.detachers.push(() => trace.off(kind, listener));
  }
}

/** Attaches a checker to `cluster` (before it starts, so that no event goes unchecked). */
export function attachChecker(cluster: Cluster, options: CheckerOptions = {}): ClusterChecker {
  return new ClusterChecker(cluster, options);
}
