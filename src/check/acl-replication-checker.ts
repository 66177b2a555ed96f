/**
 * The multi-region ACL properties (issue 5), checked while the federation runs:
 *
 * - replicated objects never go backwards: every version of a policy or global token the
 *   authoritative region applies is remembered with its authoritative modify index; when a server
 *   of another region applies a replicated copy, the version it now holds must not be older than
 *   the one it held before (and must be a version the authoritative region really had).
 *   One exception is Nomad's own: the replicator reads the authoritative region with
 *   `AllowStale` and a new leader starts from `MinQueryIndex` 0, so its first round may be
 *   answered by a lagging server of the authoritative region and roll a copy back, until a later
 *   round repairs it (convergence still has to hold). Within one leader's term the query index
 *   only grows, so a rollback written in the same Raft term as the version it replaced is a bug;
 *   one written in a later term is counted as a stale-read rollback instead;
 * - local tokens never leave their region: after every replication round, no server of another
 *   region holds a local token created elsewhere;
 * - a deleted global token stops working: once a region's token replication has caught up with
 *   the authoritative index of an acknowledged delete, its secret no longer resolves there.
 *
 * Convergence (every region holds exactly the authoritative policies and global tokens once faults
 * heal) is a liveness property: see `awaitAclConvergence` in acl-convergence.ts.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { ApiLayer } from '../api/api-layer.js';
import type { AclTables } from '../acl/index.js';
import type { TraceRecord } from '../sim/trace.js';
import type { ReportViolation } from './violation.js';
import { ServerLookup, serverLabel } from './server-lookup.js';

const ACL_WRITE_TYPES = new Set(['acl.bootstrap', 'acl.policy.upsert', 'acl.token.upsert']);

interface DeletedToken {
  readonly accessorId: string;
  readonly secretId: string;
  /** Authoritative Raft index of the acknowledged delete. */
  readonly index: number;
}

/** Key of one object (policy name or token accessor) and of one version of it (plus hash). */
function objectKeys(kind: 'policy' | 'token', id: string, hash: string): { object: string; version: string } {
  const object = `${kind}:${id}`;
  return { object, version: `${object}\u0000${hash}` };
}

export class AclReplicationChecker {
  /** Version key -> authoritative modify index. */
  private readonly versions = new Map<string, number>();
  /** Per server: object key -> authoritative index of the version it holds, and the Raft term that wrote it. */
  private readonly held = new Map<Server, Map<string, { version: number; term: number }>>();
  private readonly localTokens = new Map<string, string>();
  private readonly deletedTokens: DeletedToken[] = [];
  private readonly lookup: ServerLookup;
  /** Replicated copies checked so far. */
  copiesChecked = 0;
  /** Copies rolled back by a new leader's stale first read (allowed, see the file comment). */
  staleReadRollbacks = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly layer: ApiLayer,
    readonly authoritativeRegion: string,
    private readonly report: ReportViolation,
  ) {
    this.lookup = new ServerLookup(cluster);
  }

  /** A local token was created in `region` (acknowledged). */
  noteLocalToken(accessorId: string, region: string): void {
    this.localTokens.set(accessorId, region);
  }

  /** An acknowledged delete of a global token at authoritative index `index`. */
  noteDeletedGlobalToken(accessorId: string, secretId: string, index: number): void {
    this.deletedTokens.push({ accessorId, secretId, index });
  }

  /** Acknowledged deletes of global tokens so far. */
  get deletedGlobalTokens(): readonly DeletedToken[] {
    return this.deletedTokens;
  }

  /** Local tokens created so far: accessor -> region. */
  get localTokenRegions(): ReadonlyMap<string, string> {
    return this.localTokens;
  }

  onRecord(record: TraceRecord): void {
    switch (record.kind) {
      case 'raft.apply': {
        const r = record as TraceRecord<'raft.apply'>;
        if (ACL_WRITE_TYPES.has(r.type)) this.onAclApply(r);
        return;
      }
      case 'server.start':
      case 'raft.snapshot': {
        // A restart or an installed snapshot replaces what the server held; taking one does not.
        if (record.kind === 'raft.snapshot' && (record as TraceRecord<'raft.snapshot'>).how !== 'installed') return;
        const r = record as TraceRecord<'server.start'>;
        const server = this.lookup.find(r.region, r.server);
        if (server !== undefined) this.held.delete(server);
        return;
      }
      case 'acl.replicate':
        return this.onReplicationRound(record as TraceRecord<'acl.replicate'>);
      default:
        return;
    }
  }

  private onAclApply(record: TraceRecord<'raft.apply'>): void {
    const server = this.lookup.find(record.region, record.server);
    const acl = server?.fsm?.acl;
    if (server === undefined || acl === undefined) return;
    const authoritative = server.homeRegion === this.authoritativeRegion;
    for (const policy of acl.listPolicies()) {
      if (policy.ModifyIndex !== record.index) continue;
      this.observe(server, authoritative, objectKeys('policy', policy.Name, policy.Hash), record.index, record.term);
    }
    if (record.type === 'acl.policy.upsert') return;
    for (const token of acl.listTokens({ order: 'accessor-id', globalOnly: true })) {
      if (token.ModifyIndex !== record.index) continue;
      this.observe(server, authoritative, objectKeys('token', token.AccessorID, token.Hash), record.index, record.term);
    }
  }

  private observe(server: Server, authoritative: boolean, keys: { object: string; version: string }, index: number, term: number): void {
    if (authoritative) {
      this.versions.set(keys.version, Math.max(index, this.versions.get(keys.version) ?? 0));
      return;
    }
    this.copiesChecked++;
    const version = this.versions.get(keys.version);
    if (version === undefined) {
      this.report('replicated object went backwards', `${serverLabel(server)} applied a copy of ${keys.object} that the authoritative region never had`);
    }
    let held = this.held.get(server);
    if (held === undefined) {
      held = new Map();
      this.held.set(server, held);
    }
    const before = held.get(keys.object);
    if (before !== undefined && version !== undefined && version < before.version) {
      if (term === before.term) {
        this.report(
          'replicated object went backwards',
          `${serverLabel(server)} replaced ${keys.object} (authoritative version ${before.version}) with the older version ${version} in the same term ${term}`,
        );
      } else {
        this.staleReadRollbacks++;
      }
    }
    if (version !== undefined) held.set(keys.object, { version, term });
  }

  private onReplicationRound(record: TraceRecord<'acl.replicate'>): void {
    if (record.error !== null) return;
    const servers = this.cluster.serversOf(record.region).filter((s) => s.isRunning && s.fsm !== null);
    for (const server of servers) this.checkNoForeignLocalTokens(server);
    if (record.what !== 'tokens') return;
    // The round ran on the region's replicating leader; with two servers replicating at once
    // (an old leader that has not noticed yet) it is unclear whose round it was: skip.
    const replicating = servers.filter((s) => this.layer.replicating(s));
    if (replicating.length !== 1) return;
    const acl = (replicating[0] as Server).fsm?.acl as AclTables;
    for (const deleted of this.deletedTokens) {
      if (deleted.index > record.remoteIndex) continue;
      if (acl.tokenBySecret(deleted.secretId) !== null) {
        this.report(
          'deleted token still works',
          `token ${deleted.accessorId}, deleted at authoritative index ${deleted.index}, still resolves on ${serverLabel(replicating[0] as Server)} after a replication round at remote index ${record.remoteIndex}`,
        );
      }
    }
  }

  /** No local token created in another region may be held by `server`. */
  checkNoForeignLocalTokens(server: Server): void {
    const acl = server.fsm?.acl;
    if (acl === undefined) return;
    for (const [accessorId, home] of this.localTokens) {
      if (home === server.homeRegion) continue;
      if (acl.tokenByAccessor(accessorId) !== null) {
        this.report('local token left its region', `local token ${accessorId} of region ${home} is held by ${serverLabel(server)}`);
      }
    }
  }
}
