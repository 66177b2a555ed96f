/**
 * Raft's safety properties, checked while a simulated cluster runs (docs/architecture.md principle 7), per
 * region (each region is one Raft group, judged by its own `RaftGroupSafety`, which lists the
 * properties): after every simulation event each running server's log is scanned and, while it
 * leads, its leader checks run; the trace records `raft.commit` (written once the entries are
 * durable), `raft.apply` (with its digest) and `raft.snapshot` feed the commit and apply checks.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { TraceRecord } from '../sim/trace.js';
import { RaftGroupSafety } from './raft-group-safety.js';
import { ServerLookup, serverLabel } from './server-lookup.js';
import type { ReportViolation } from './violation.js';

export class RaftSafetyChecker {
  private readonly regions = new Map<string, RaftGroupSafety<Server>>();
  private readonly lookup: ServerLookup;

  constructor(
    private readonly cluster: Cluster,
    report: ReportViolation,
  ) {
    this.lookup = new ServerLookup(cluster);
    for (const region of cluster.regionNames) this.regions.set(region, new RaftGroupSafety(`region ${region}`, serverLabel, report));
  }

  /** Leaders seen (one per region and term). */
  get leadersSeen(): number {
    let seen = 0;
    for (const group of this.regions.values()) seen += group.leadersSeen;
    return seen;
  }

  /** Runs after every simulation event. */
  afterStep(): void {
    for (const server of this.cluster.servers) {
      const node = server.node;
      if (node === null || !server.isRunning) continue;
      this.region(server).observe(server, server.incarnation, node);
    }
  }

  /** Feeds the trace records the checks need. */
  onRecord(record: TraceRecord): void {
    switch (record.kind) {
      case 'raft.commit': {
        const r = record as TraceRecord<'raft.commit'>;
        const server = this.lookup.find(r.region, r.server);
        const node = server?.node ?? null;
        if (server !== undefined && node !== null) this.region(server).committed(server, server.incarnation, node, r.index);
        return;
      }
      case 'raft.apply': {
        const r = record as TraceRecord<'raft.apply'>;
        const server = this.lookup.find(r.region, r.server);
        const node = server?.node ?? null;
        if (server !== undefined && node !== null) this.region(server).applied(server, server.incarnation, node, r.index, r.digest);
        return;
      }
      case 'raft.snapshot': {
        const r = record as TraceRecord<'raft.snapshot'>;
        const server = this.lookup.find(r.region, r.server);
        const node = server?.node ?? null;
        if (server !== undefined && node !== null && r.how === 'installed') this.region(server).snapshotInstalled(server, server.incarnation, node, r.index);
        return;
      }
      default:
        return;
    }
  }

  private region(server: Server): RaftGroupSafety<Server> {
    const group = this.regions.get(server.homeRegion);
    if (group === undefined) throw new Error(`checker: unknown region ${server.homeRegion}`);
    return group;
  }
}
