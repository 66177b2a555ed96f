/**
 * What a Nomad region does around Raft: it forms through `bootstrap_expect` (no elections until
 * the expected number of servers have met), the leader adds servers that join later as voters and
 * removes those that left, and a new leader writes the cluster metadata a fresh cluster needs
 * (which is why the first index a user sees is 7, as in the tutorial).
 */
import type { Cluster } from './cluster.js';
import type { Server } from '../server/server.js';
import { isVoter, nodeId, type ConfigurationChange } from '../raft/index.js';
import type { ClusterCommand } from '../server/state/state-machine.js';

/** The leader-establishment writes of a new cluster, in order. */
const CLUSTER_INIT_ITEMS: ReadonlyArray<ClusterCommand['item']> = [
  'cluster-id',
  'scheduler-config',
  'autopilot-config',
  'root-key',
];

const RECONCILE_RETRY_MS = 500;

export class RegionCoordinator {
  constructor(
    private readonly cluster: Cluster,
    readonly region: string,
  ) {}

  serverStarted(server: Server): void {
    this.maybeBootstrap();
    const leader = this.cluster.leaderOf(this.region);
    if (leader !== null && leader !== server) this.reconcile(leader);
  }

  /** A new leader, once its state is caught up, writes what a fresh cluster lacks and reconciles. */
  leadershipEstablished(server: Server): void {
    this.writeClusterMetadata(server);
    this.reconcile(server);
  }

  /** Bootstraps Raft on every running server once `bootstrap_expect` servers are up and none has state. */
  private maybeBootstrap(): void {
    const running = this.cluster
      .serversOf(this.region)
      .filter((s) => s.isRunning && s.node !== null);
    if (running.some((s) => (s.node?.term ?? 0) > 0 || (s.node?.lastIndex ?? 0) > 0)) return;
    const expect = Math.max(...running.map((s) => s.settings?.bootstrapExpect ?? 0));
    if (expect <= 0 || running.length < expect) return;
    const voters = running.map((s) => s.raftId).sort();
    for (const server of running) {
      server.node?.bootstrapCluster(this.cluster.sim.now, { voters });
      server.pump();
    }
  }

  private writeClusterMetadata(server: Server): void {
    const fsm = server.fsm;
    if (fsm === null) return;
    const missing = CLUSTER_INIT_ITEMS.filter((item) => fsm.clusterItem(item) === undefined);
    for (const item of missing) {
      const value =
        item === 'cluster-id' || item === 'root-key'
          ? server.random.int(0, 0xffffffff).toString(16)
          : 'default';
      server.submit({ type: 'cluster.init', item, value }, () => {});
    }
  }

  /** Leader: makes the Raft configuration match gossip membership, one change at a time. */
  reconcile(leader: Server): void {
    const node = leader.node;
    if (node === null || !leader.isLeader) return;
    const members = this.cluster.membership.inRegion(this.region);
    const toAdd = members.find(
      (m) => m.status === 'alive' && !isVoter(node.configuration, nodeId(m.raftId)),
    );
    const toRemove = members.find(
      (m) => m.status === 'left' && isVoter(node.configuration, nodeId(m.raftId)),
    );
    let change: ConfigurationChange | null = null;
    if (toAdd !== undefined) change = { type: 'addVoter', id: nodeId(toAdd.raftId) };
    else if (toRemove !== undefined) change = { type: 'removeServer', id: nodeId(toRemove.raftId) };
    if (change === null) return;
    node.proposeConfiguration(this.cluster.sim.now, change);
    leader.pump();
    leader.after(RECONCILE_RETRY_MS, () => this.reconcile(leader));
  }
}
