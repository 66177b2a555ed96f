/**
 * Raft's safety properties, checked while a simulated cluster runs (docs/architecture.md principle 7), per
 * region (each region is one Raft group, judged by its own `RaftGroupSafety`, which lists the
 * properties): after every simulation event each running server's log is scanned and, while it
 * leads, its leader checks run; the trace records `raft.commit` (written once the entries are
 * durable), `raft.apply` (with its digest) and `raft.snapshot` feed the commit and apply checks.
 * Two more checks see a whole region at once: check quorum (`LeaderLeaseCheck`: an older leader
 * never outlives a newer one's election by more than the leader lease and some slack) and the
 * election restriction (`ElectionRestrictionCheck`: no (pre-)vote for a candidate whose log is
 * behind the voter's, judged on the delivered messages, see `onDelivery`).
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { TraceRecord } from '../sim/trace.js';
import { RaftGroupSafety } from './raft-group-safety.js';
import { LeaderLeaseCheck } from './leader-lease-check.js';
import { ElectionRestrictionCheck } from './election-restriction-check.js';
import { ServerLookup, serverLabel } from './server-lookup.js';
import type { ReportViolation } from './violation.js';

export class RaftSafetyChecker {
  private readonly regions = new Map<string, RaftGroupSafety<Server>>();
  private readonly lookup: ServerLookup;
  private readonly lease: LeaderLeaseCheck;
  /** Vote grants, judged on the messages (wire it to the network with `onDelivery`). */
  readonly votes: ElectionRestrictionCheck;
  /** Each server's region, by position in `cluster.regionNames`. */
  private readonly regionOf: Map<Server, number>;
  private readonly regionServers: Server[][];
  private readonly leadersPerRegion: number[];

  constructor(
    private readonly cluster: Cluster,
    report: ReportViolation,
  ) {
    this.lookup = new ServerLookup(cluster);
    for (const region of cluster.regionNames)
      this.regions.set(region, new RaftGroupSafety(`region ${region}`, serverLabel, report));
    const { leaderLeaseTimeout, heartbeatTimeout } = cluster.timings;
    this.lease = new LeaderLeaseCheck(leaderLeaseTimeout + heartbeatTimeout / 2, report);
    this.votes = new ElectionRestrictionCheck(cluster, report);
    this.regionServers = cluster.regionNames.map((region) => cluster.serversOf(region));
    this.regionOf = new Map(
      cluster.servers.map((server) => [server, cluster.regionNames.indexOf(server.homeRegion)]),
    );
    this.leadersPerRegion = cluster.regionNames.map(() => 0);
  }

  /** Called with every delivered message (see `Network.observeDeliveries`). */
  onDelivery(from: string, to: string, what: string, message: unknown): void {
    this.votes.onDelivery(from, to, what, message);
  }

  /** Leaders seen (one per region and term). */
  get leadersSeen(): number {
    let seen = 0;
    for (const group of this.regions.values()) seen += group.leadersSeen;
    return seen;
  }

  /** Runs after every simulation event. */
  afterStep(): void {
    const leaders = this.leadersPerRegion;
    leaders.fill(0);
    let crowded = false;
    for (const server of this.cluster.servers) {
      const node = server.node;
      if (node === null || !server.isRunning) continue;
      this.region(server).observe(server, server.incarnation, node);
      if (node.role === 'leader') {
        const at = this.regionOf.get(server) ?? 0;
        if (++(leaders[at] as number) > 1) crowded = true;
      }
    }
    if (!crowded && !this.lease.timing) return;
    for (const servers of this.regionServers) this.lease.check(servers, this.cluster.sim.now);
  }

  /** Feeds the trace records the checks need. */
  onRecord(record: TraceRecord): void {
    switch (record.kind) {
      case 'raft.commit': {
        const r = record as TraceRecord<'raft.commit'>;
        const server = this.lookup.find(r.region, r.server);
        const node = server?.node ?? null;
        if (server !== undefined && node !== null)
          this.region(server).committed(server, server.incarnation, node, r.index);
        return;
      }
      case 'raft.apply': {
        const r = record as TraceRecord<'raft.apply'>;
        const server = this.lookup.find(r.region, r.server);
        const node = server?.node ?? null;
        if (server !== undefined && node !== null)
          this.region(server).applied(server, server.incarnation, node, r.index, r.digest);
        return;
      }
      case 'raft.snapshot': {
        const r = record as TraceRecord<'raft.snapshot'>;
        const server = this.lookup.find(r.region, r.server);
        const node = server?.node ?? null;
        if (server !== undefined && node !== null && r.how === 'installed')
          this.region(server).snapshotInstalled(server, server.incarnation, node, r.index);
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
