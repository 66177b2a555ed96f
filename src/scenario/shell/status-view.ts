/**
 * The `status` picture: every region in a few lines. Per region: its role in ACL replication
 * (authoritative, or which region it replicates from), whether its running servers have ACLs on,
 * its leader; per server: state, Raft role, term, commit and applied index; then the region's ACL
 * data as its leader holds it (bootstrap, policies, global and local tokens) and, in a region that
 * replicates, how far replication got (the authoritative index reached per kind, how long ago,
 * the lag, the last error). Last, the network faults in force.
 */
import type { Cluster } from '../../region/cluster.js';
import type { Server } from '../../server/server.js';
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

const TABLE_OF: Record<ReplicatedKind, 'acl_policy' | 'acl_token'> = {
  policies: 'acl_policy',
  tokens: 'acl_token',
};

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
  const sourceIndex = source?.fsm?.acl.queryIndex(TABLE_OF[kind]) ?? null;
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

/** The whole picture, one line per row, no trailing newline. */
export function statusPicture(
  cluster: Cluster,
  watch: ReplicationWatch,
  faults: NetworkFaults,
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
    const leader = cluster.leaderOf(region) ?? bestReplica(cluster, region);
    const settings = leader?.settings;
    if (settings != null && settings.aclEnabled && settings.authoritativeRegion !== region) {
      lines.push(
        `  replication from ${settings.authoritativeRegion}${settings.replicationToken === '' ? ' (no replication_token set: it pulls as anonymous)' : ''}`,
      );
      for (const kind of ['policies', 'tokens'] as const)
        lines.push(
          `    ${replicationLine(cluster, watch, region, kind, settings.authoritativeRegion)}`,
        );
    }
  }
  const partitions =
    faults.partitions.length === 0
      ? 'no partitions'
      : `partitions: ${faults.partitions.join('; ')}`;
  lines.push(`network  ${partitions} · message loss ${faults.lossPercent}%`);
  return lines.join('\n');
}
