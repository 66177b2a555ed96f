/**
 * The `status` picture: every region in a few lines. Per region: its role in ACL replication
 * (authoritative, or which region it replicates from), whether its running servers have ACLs on,
 * its leader; per server: state, Raft role, term, commit and applied index; then the region's ACL
 * data as its leader holds it (bootstrap, policies, global and local tokens; then, when the
 * played Nomad has them, roles, auth methods, binding rules, namespaces and node pools on one
 * line) and, in a region that replicates, how far replication got (policies and tokens: the
 * authoritative index reached, how long ago, the lag, the last error; the other kinds on one line
 * as `kind reached/authoritative`, with a line for those whose last round failed). Last, the
 * network faults in force.
 */
import type { Cluster } from '../../region/cluster.js';
import type { Server } from '../../server/server.js';
import type { ServerStateMachine } from '../../server/state/state-machine.js';
import type { ReplicatedKind, ReplicationWatch } from './replication-watch.js';

/** Network faults the shell has set (the network does not list them itself). */
export interface NetworkFaults {
  /** Each partition in force, as `side | side`. */
  partitions: string[];
  lossPercent: number;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function table(rows: ReadonlyArray<readonly string[]>, indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 2))).join('')}`.trimEnd(),
  );
}

/** The running server of `region` whose state machine has applied the most (the leader first). */
export function bestReplica(cluster: Cluster, region: string): Server | null {
  const leader = cluster.leaderOf(region);
  if (leader?.fsm != null) return leader;
  let best: Server | null = null;
  for (const server of cluster.serversOf(region)) {
    if (
      server.isRunning &&
      server.fsm !== null &&
      (best === null || server.fsm.appliedIndex > (best.fsm?.appliedIndex ?? -1))
    )
      best = server;
  }
  return best;
}

function serverRow(server: Server): string[] {
  const node = server.node;
  if (!server.isRunning || node === null) return [server.name, server.status, '-', '-', '-', '-'];
  return [
    server.name,
    'running',
    node.role,
    String(node.term),
    String(node.commitIndex),
    String(node.appliedIndex),
  ];
}

function regionHeadline(cluster: Cluster, region: string): string {
  const servers = cluster.serversOf(region).filter((s) => s.isRunning && s.settings !== null);
  if (servers.length === 0) return 'no server running';
  const on = servers.filter((s) => s.settings?.aclEnabled === true).length;
  const acl =
    on === 0
      ? 'ACLs off'
      : on === servers.length
        ? 'ACLs on'
        : `ACLs on in ${on} of ${servers.length} running servers`;
  const leader = cluster.leaderOf(region);
  const settings = (leader ?? servers[0])?.settings;
  const authoritative = settings?.authoritativeRegion ?? region;
  const role =
    on === 0
      ? ''
      : authoritative === region
        ? 'authoritative · '
        : `replicates from ${authoritative} · `;
  return `${role}${acl} · leader ${leader === null ? 'none' : `${leader.name} (term ${leader.node?.term ?? 0})`}`;
}

function aclData(cluster: Cluster, region: string): string {
  const replica = bestReplica(cluster, region);
  const acl = replica?.fsm?.acl;
  if (replica === null || acl === undefined) return 'ACL data  unknown (no running server)';
  const boot = acl.canBootstrap();
  const tokens = acl.listTokens({ order: 'accessor-id' });
  const global = tokens.filter((t) => t.Global).length;
  const policies = acl.listPolicies().length;
  const authoritative = (replica.settings?.authoritativeRegion ?? region) === region;
  // Only the authoritative region bootstraps; another region that did has no authoritative_region.
  const bootstrap = boot.allowed
    ? authoritative
      ? 'not bootstrapped · '
      : ''
    : `bootstrapped (reset index ${boot.resetIndex}) · `;
  const from = replica.isLeader ? '' : ` (as ${replica.name} holds it)`;
  return `ACL data  ${bootstrap}${policies} ${policies === 1 ? 'policy' : 'policies'} · ${global} global, ${tokens.length - global} local ${tokens.length === 1 ? 'token' : 'tokens'}${from}`;
}

/** The kinds `status` shows on their own lines; the others share one. */
const DETAILED_KINDS: readonly ReplicatedKind[] = ['policies', 'tokens'];

/** The index a replicator of `kind` blocks on: the one `fsm`'s list endpoint answers with. */
function listIndex(fsm: ServerStateMachine, kind: ReplicatedKind): number {
  switch (kind) {
    case 'policies':
      return fsm.acl.queryIndex('acl_policy');
    case 'tokens':
      return fsm.acl.queryIndex('acl_token');
    case 'roles':
      return fsm.acl.objects.queryIndex('acl_roles');
    case 'auth-methods':
      return fsm.acl.objects.queryIndex('acl_auth_methods');
    case 'binding-rules':
      return fsm.acl.objects.queryIndex('acl_binding_rules');
    case 'namespaces':
      return Math.max(1, fsm.namespaces.tableIndex);
    case 'node-pools':
      return Math.max(1, fsm.nodePools.tableIndex);
  }
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The other objects the region's best replica holds, or null when the profile has none. */
function objectData(
  cluster: Cluster,
  region: string,
  kinds: readonly ReplicatedKind[],
): string | null {
  const fsm = bestReplica(cluster, region)?.fsm;
  const others = kinds.filter((kind) => !DETAILED_KINDS.includes(kind));
  if (fsm == null || others.length === 0) return null;
  const objects = fsm.acl.objects;
  const parts = others.map((kind) => {
    switch (kind) {
      case 'roles':
        return count(objects.listRoles().length, 'role', 'roles');
      case 'auth-methods':
        return count(objects.listAuthMethods().length, 'auth method', 'auth methods');
      case 'binding-rules':
        return count(objects.listBindingRules().length, 'binding rule', 'binding rules');
      case 'namespaces':
        return count(fsm.namespaces.list().length, 'namespace', 'namespaces');
      default:
        return count(fsm.nodePools.list().length, 'node pool', 'node pools');
    }
  });
  return `objects   ${parts.join(' · ')}`;
}

/** The authoritative region's index for `kind`, or null when no server there can say. */
function authoritativeIndex(
  cluster: Cluster,
  authoritative: string,
  kind: ReplicatedKind,
): number | null {
  if (!cluster.regionNames.includes(authoritative)) return null;
  const fsm = bestReplica(cluster, authoritative)?.fsm;
  return fsm == null ? null : listIndex(fsm, kind);
}

function replicationLine(
  cluster: Cluster,
  watch: ReplicationWatch,
  region: string,
  kind: ReplicatedKind,
  authoritative: string,
): string {
  const progress = watch.of(region, kind);
  const source = cluster.regionNames.includes(authoritative)
    ? bestReplica(cluster, authoritative)
    : null;
  const sourceIndex = source?.fsm == null ? null : listIndex(source.fsm, kind);
  const now = cluster.sim.now;
  const parts: string[] = [];
  if (progress.lastOk === null) parts.push('nothing pulled yet');
  else {
    const ago = seconds(now - progress.lastOk.t);
    if (sourceIndex === null) parts.push(`at index ${progress.lastOk.remoteIndex}`);
    else if (progress.lastOk.remoteIndex >= sourceIndex)
      parts.push(
        `at index ${progress.lastOk.remoteIndex} of ${authoritative}'s ${sourceIndex} · in sync`,
      );
    else
      parts.push(
        `at index ${progress.lastOk.remoteIndex} of ${authoritative}'s ${sourceIndex} · lag ${ago}+`,
      );
    parts.push(`last pull ${ago} ago`);
  }
  parts.push(
    progress.lastError === null
      ? 'no errors'
      : `last error ${seconds(now - progress.lastError.t)} ago: ${progress.lastError.error}`,
  );
  return `${kind.padEnd(8)}  ${parts.join(' · ')}`;
}

/**
 * The other kinds on one line (`roles 20/20`: the authoritative index reached of the
 * authoritative region's; `-` before a first successful round; `lag` when behind), then, when
 * some kind's last round failed after its last success, one line naming them and the error.
 */
function otherKindsLines(
  cluster: Cluster,
  watch: ReplicationWatch,
  region: string,
  kinds: readonly ReplicatedKind[],
  authoritative: string,
): string[] {
  const others = kinds.filter((kind) => !DETAILED_KINDS.includes(kind));
  if (others.length === 0) return [];
  const now = cluster.sim.now;
  let behind = false;
  const failing: string[] = [];
  const entries = others.map((kind) => {
    const progress = watch.of(region, kind);
    const source = authoritativeIndex(cluster, authoritative, kind);
    const reached = progress.lastOk?.remoteIndex ?? null;
    if (reached === null || (source !== null && reached < source)) behind = true;
    if (
      progress.lastError !== null &&
      (progress.lastOk === null || progress.lastError.t > progress.lastOk.t)
    )
      failing.push(
        `${kind} ${seconds(now - progress.lastError.t)} ago: ${progress.lastError.error}`,
      );
    return `${kind} ${reached ?? '-'}/${source ?? '?'}`;
  });
  const lines = [`others    ${entries.join(' · ')}${behind ? '' : ' · in sync'}`];
  if (failing.length > 0) lines.push(`failing   ${failing.join('; ')}`);
  return lines;
}

/** The whole picture, one line per row, no trailing newline. */
export function statusPicture(
  cluster: Cluster,
  watch: ReplicationWatch,
  faults: NetworkFaults,
  kinds: readonly ReplicatedKind[],
): string {
  const lines: string[] = [];
  for (const region of cluster.regionNames) {
    lines.push(`${region}  ${regionHeadline(cluster, region)}`);
    const rows = [
      ['server', 'state', 'role', 'term', 'commit', 'applied'],
      ...cluster.serversOf(region).map(serverRow),
    ];
    lines.push(...table(rows, '  '));
    lines.push(`  ${aclData(cluster, region)}`);
    const objects = objectData(cluster, region, kinds);
    if (objects !== null) lines.push(`  ${objects}`);
    const leader = cluster.leaderOf(region) ?? bestReplica(cluster, region);
    const settings = leader?.settings;
    if (settings != null && settings.aclEnabled && settings.authoritativeRegion !== region) {
      lines.push(
        `  replication from ${settings.authoritativeRegion}${settings.replicationToken === '' ? ' (no replication_token set: it pulls as anonymous)' : ''}`,
      );
      for (const kind of DETAILED_KINDS)
        lines.push(
          `    ${replicationLine(cluster, watch, region, kind, settings.authoritativeRegion)}`,
        );
      for (const line of otherKindsLines(
        cluster,
        watch,
        region,
        kinds,
        settings.authoritativeRegion,
      ))
        lines.push(`    ${line}`);
    }
  }
  const partitions =
    faults.partitions.length === 0
      ? 'no partitions'
      : `partitions: ${faults.partitions.join('; ')}`;
  lines.push(`network  ${partitions} · message loss ${faults.lossPercent}%`);
  return lines.join('\n');
}
