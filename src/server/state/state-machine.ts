/**
 * The replicated state of one Nomad region, as every server of the region holds it: the ACL
 * tables (and one-time tokens), namespaces and node pools, jobs, a generic key-value table and
 * the cluster metadata a new leader writes. Raft applies committed entries here in index order; a
 * snapshot captures all of it (namespaces and node pools only once written: before that they are
 * the built-ins every region starts with; one-time tokens only when there are some).
 */
import type { ReplicatedStateMachine } from '../../raft/state-machine.js';
import type { SeededBugs } from '../../sim/seeded-bugs.js';
import {
  AclTables,
  applyAclCommand,
  isAclCommand,
  type AclCommand,
  type AclApplyResult,
} from '../../acl/index.js';
import { KvTable, type KvCommand, type KvImage } from './kv-table.js';
import { JobTable, type JobCommand, type JobImage } from './job-table.js';
import { NodeTable, type NodeCommand, type NodeImage } from './node-table.js';
import { NamespaceTable, type NamespaceCommand, type NamespaceImage } from './namespace-table.js';
import { NodePoolTable, type NodePoolCommand, type NodePoolImage } from './node-pool-table.js';
import {
  OneTimeTokenTable,
  type OneTimeTokenCommand,
  type OneTimeTokenImage,
} from './one-time-token-table.js';

/**
 * Writes a Nomad leader makes when it establishes leadership of a new cluster (cluster id,
 * scheduler and autopilot configuration, the keyring's root key). They are why the first index
 * a user sees is above 1 (spec §11).
 */
export type ClusterCommand = {
  type: 'cluster.init';
  item: 'cluster-id' | 'scheduler-config' | 'autopilot-config' | 'root-key';
  value: string;
};

export type ServerCommand =
  | AclCommand
  | KvCommand
  | JobCommand
  | NodeCommand
  | ClusterCommand
  | NamespaceCommand
  | NodePoolCommand
  | OneTimeTokenCommand;

export type ServerApplyResult = AclApplyResult | { ok: true; value: { index: number } };

interface ServerImage {
  format: 'server-state/1';
  lastIndex: number;
  acl: unknown;
  kv: KvImage;
  jobs: JobImage;
  nodes: NodeImage;
  cluster: Array<[string, string]>;
  namespaces?: NamespaceImage;
  nodePools?: NodePoolImage;
  /** Present only when one-time tokens exist, so images without any keep their old bytes. */
  oneTimeTokens?: OneTimeTokenImage;
}

export class ServerStateMachine
  implements ReplicatedStateMachine<ServerCommand, ServerApplyResult>
{
  readonly acl: AclTables;
  readonly kv = new KvTable();
  readonly jobs = new JobTable();
  readonly nodes = new NodeTable();
  readonly namespaces = new NamespaceTable();
  readonly nodePools = new NodePoolTable();
  readonly oneTimeTokens = new OneTimeTokenTable();
  private cluster = new Map<string, string>();
  private lastIndex = 0;

  constructor(bugs: SeededBugs = {}) {
    this.acl = new AclTables(bugs);
  }

  /** The index of the last applied entry (or of the restored snapshot). */
  get appliedIndex(): number {
    return this.lastIndex;
  }

  /** Cluster metadata written at leader establishment (e.g. `cluster-id`). */
  clusterItem(item: ClusterCommand['item']): string | undefined {
    return this.cluster.get(item);
  }

  /** Records that a non-command entry (no-op, configuration) was applied at `index`. */
  skip(index: number): void {
    this.lastIndex = index;
  }

  apply(index: number, command: ServerCommand): ServerApplyResult {
    this.lastIndex = index;
    if (isAclCommand(command)) return applyAclCommand(this.acl, index, command);
    switch (command.type) {
      case 'kv.set':
      case 'kv.delete':
        return { ok: true, value: this.kv.apply(index, command) };
      case 'job.register':
      case 'job.deregister':
        return { ok: true, value: this.jobs.apply(index, command) };
      case 'node.register':
      case 'node.status':
        return { ok: true, value: this.nodes.apply(index, command) };
      case 'cluster.init':
        if (!this.cluster.has(command.item)) this.cluster.set(command.item, command.value);
        return { ok: true, value: { index } };
      case 'namespace.upsert':
      case 'namespace.delete':
        return this.namespaces.apply(index, command, (namespace) => this.liveJob(namespace));
      case 'node-pool.upsert':
      case 'node-pool.delete':
        return this.nodePools.apply(index, command);
      case 'ott.upsert':
      case 'ott.delete-by-accessor':
      case 'ott.delete-by-secret':
        return { ok: true, value: this.oneTimeTokens.apply(index, command) };
    }
  }

  /** The ID of a job of `namespace` that is not dead, or null. */
  private liveJob(namespace: string): string | null {
    return this.jobs.list(namespace).find((job) => job.Status !== 'dead')?.ID ?? null;
  }

  snapshot(): ServerImage {
    const namespaces = this.namespaces.snapshot();
    const nodePools = this.nodePools.snapshot();
    return {
      format: 'server-state/1',
      lastIndex: this.lastIndex,
      acl: this.acl.snapshot(),
      kv: this.kv.snapshot(),
      jobs: this.jobs.snapshot(),
      nodes: this.nodes.snapshot(),
      cluster: [...this.cluster].sort(([a], [b]) => (a < b ? -1 : 1)),
      ...(namespaces === null ? {} : { namespaces }),
      ...(nodePools === null ? {} : { nodePools }),
      ...(this.oneTimeTokens.size === 0 ? {} : { oneTimeTokens: this.oneTimeTokens.snapshot() }),
    };
  }

  restore(image: unknown): void {
    const state = image as ServerImage;
    if (state?.format !== 'server-state/1')
      throw new Error('not a server state snapshot image (format server-state/1)');
    this.acl.restore(state.acl);
    this.kv.restore(state.kv);
    this.jobs.restore(state.jobs);
    this.nodes.restore(state.nodes);
    this.oneTimeTokens.restore(state.oneTimeTokens);
    this.cluster = new Map(state.cluster);
    this.namespaces.restore(state.namespaces);
    this.nodePools.restore(state.nodePools);
    this.lastIndex = state.lastIndex;
  }
}
