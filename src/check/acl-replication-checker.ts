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
import type { ServerCommand } from '../server/state/state-machine.js';
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

/**
 * What has been verified about deleted tokens on one server (while its state is not replaced):
 * every deleted token with an index up to `through` was absent after a replication round, except
 * those in `dirty`: accessors written there since (only a write can bring a token back), to be
 * checked at the next round whose remote index reaches their delete.
 */
interface DeletedWatch {
  through: number;
  readonly dirty: Set<string>;
}

/** Key of one object (policy name or token accessor) and of one version of it (plus hash). */
function objectKeys(
  kind: 'policy' | 'token',
  id: string,
  hash: string,
): { object: string; version: string } {
  const object = `${kind}:${id}`;
  return { object, version: `${object}\u0000${hash}` };
}

/**
 * The checks cost a constant per replicated object and per replication round, whatever the size
 * of the tables: an applied ACL write is read back from the server's log to find what it wrote
 * (never by listing the tables), local tokens are checked where they could land (when a token
 * write is applied, and once when the token is noted), and deleted tokens are checked on a
 * replicating server once each, plus again whenever one of them is written there again.
 */
export class AclReplicationChecker {
  /** Version key -> authoritative modify index. */
  private readonly versions = new Map<string, number>();
  /** Per server: object key -> authoritative index of the version it holds, and the Raft term that wrote it. */
  private readonly held = new Map<Server, Map<string, { version: number; term: number }>>();
  private readonly localTokens = new Map<string, string>();
  /** Acknowledged deletes in the order they were noted. */
  private readonly deletedTokens: DeletedToken[] = [];
  /** The same, sorted by authoritative index. */
  private readonly deletedByIndex: DeletedToken[] = [];
  private readonly deletedByAccessor = new Map<string, DeletedToken>();
  private readonly deletedWatches = new Map<Server, DeletedWatch>();
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
    for (const server of this.cluster.servers) {
      if (server.homeRegion !== region) this.checkForeignLocalToken(server, accessorId, region);
    }
  }

  /** An acknowledged delete of a global token at authoritative index `index`. */
  noteDeletedGlobalToken(accessorId: string, secretId: string, index: number): void {
    const deleted: DeletedToken = { accessorId, secretId, index };
    this.deletedTokens.push(deleted);
    let at = this.deletedByIndex.length;
    while (at > 0 && (this.deletedByIndex[at - 1] as DeletedToken).index > index) at--;
    this.deletedByIndex.splice(at, 0, deleted);
    this.deletedByAccessor.set(accessorId, deleted);
    // Servers that already passed this index check it at their next round.
    for (const watch of this.deletedWatches.values())
      if (watch.through >= index) watch.dirty.add(accessorId);
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
        if (
          record.kind === 'raft.snapshot' &&
          (record as TraceRecord<'raft.snapshot'>).how !== 'installed'
        )
          return;
        const r = record as TraceRecord<'server.start'>;
        const server = this.lookup.find(r.region, r.server);
        if (server !== undefined) {
          this.held.delete(server);
          this.deletedWatches.delete(server);
        }
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
    const entry = server.node?.entryAt(record.index);
    if (entry === undefined || entry.type !== 'command') {
      // Compacted by a snapshot installed meanwhile: find what the write stored by its index.
      this.observeByScan(server, acl, authoritative, record);
      return;
    }
    const command = this.cluster.sim.codec.decode<ServerCommand>(entry.data);
    switch (command.type) {
      case 'acl.policy.upsert':
        for (const written of command.policies) {
          const policy = acl.policyByName(written.Name);
          if (policy !== null && policy.ModifyIndex === record.index) {
            this.observe(
              server,
              authoritative,
              objectKeys('policy', policy.Name, policy.Hash),
              record.index,
              record.term,
            );
          }
        }
        return;
      case 'acl.token.upsert':
        for (const written of command.tokens)
          this.onTokenWritten(server, acl, authoritative, written.AccessorID, record);
        return;
      case 'acl.bootstrap':
        this.onTokenWritten(server, acl, authoritative, command.token.AccessorID, record);
        return;
      default:
        return;
    }
  }

  private onTokenWritten(
    server: Server,
    acl: AclTables,
    authoritative: boolean,
    accessorId: string,
    record: TraceRecord<'raft.apply'>,
  ): void {
    this.deletedWatches.get(server)?.dirty.add(accessorId);
    const home = this.localTokens.get(accessorId);
    if (home !== undefined && home !== server.homeRegion)
      this.checkForeignLocalToken(server, accessorId, home);
    const token = acl.tokenByAccessor(accessorId);
    if (token === null || !token.Global || token.ModifyIndex !== record.index) return;
    this.observe(
      server,
      authoritative,
      objectKeys('token', token.AccessorID, token.Hash),
      record.index,
      record.term,
    );
  }

  /** The objects an applied write stored, found by their modify index (the slow way). */
  private observeByScan(
    server: Server,
    acl: AclTables,
    authoritative: boolean,
    record: TraceRecord<'raft.apply'>,
  ): void {
    for (const policy of acl.listPolicies()) {
      if (policy.ModifyIndex !== record.index) continue;
      this.observe(
        server,
        authoritative,
        objectKeys('policy', policy.Name, policy.Hash),
        record.index,
        record.term,
      );
    }
    if (record.type === 'acl.policy.upsert') return;
    for (const token of acl.listTokens({ order: 'accessor-id' })) {
      if (token.ModifyIndex === record.index)
        this.onTokenWritten(server, acl, authoritative, token.AccessorID, record);
    }
  }

  private observe(
    server: Server,
    authoritative: boolean,
    keys: { object: string; version: string },
    index: number,
    term: number,
  ): void {
    if (authoritative) {
      this.versions.set(keys.version, Math.max(index, this.versions.get(keys.version) ?? 0));
      return;
    }
    this.copiesChecked++;
    const version = this.versions.get(keys.version);
    if (version === undefined) {
      this.report(
        'replicated object went backwards',
        `${serverLabel(server)} applied a copy of ${keys.object} that the authoritative region never had`,
      );
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
    if (record.error !== null || record.what !== 'tokens') return;
    // The round ran on the region's replicating leader; with two servers replicating at once
    // (an old leader that has not noticed yet) it is unclear whose round it was: skip.
    let replicating: Server | null = null;
    for (const server of this.cluster.serversOf(record.region)) {
      if (!server.isRunning || server.fsm === null || !this.layer.replicating(server)) continue;
      if (replicating !== null) return;
      replicating = server;
    }
    if (replicating === null) return;
    const acl = replicating.fsm?.acl as AclTables;
    let watch = this.deletedWatches.get(replicating);
    if (watch === undefined) {
      watch = { through: 0, dirty: new Set() };
      this.deletedWatches.set(replicating, watch);
    }
    const remoteIndex = record.remoteIndex;
    const check = (deleted: DeletedToken): void => {
      if (acl.tokenBySecret(deleted.secretId) === null) return;
      this.report(
        'deleted token still works',
        `token ${deleted.accessorId}, deleted at authoritative index ${deleted.index}, still resolves on ${serverLabel(replicating)} after a replication round at remote index ${remoteIndex}`,
      );
    };
    for (let i = this.firstAbove(watch.through); i < this.deletedByIndex.length; i++) {
      const deleted = this.deletedByIndex[i] as DeletedToken;
      if (deleted.index > remoteIndex) break;
      check(deleted);
    }
    // A token written again since it was verified is checked again once a round reaches its
    // delete (a round below it, such as a new leader's stale first read, may bring it back).
    for (const accessorId of watch.dirty) {
      const deleted = this.deletedByAccessor.get(accessorId);
      if (deleted === undefined) {
        watch.dirty.delete(accessorId);
      } else if (deleted.index <= remoteIndex) {
        check(deleted);
        watch.dirty.delete(accessorId);
      }
    }
    watch.through = Math.max(watch.through, remoteIndex);
  }

  /** The position of the first deleted token (by index) above `index`. */
  private firstAbove(index: number): number {
    let low = 0;
    let high = this.deletedByIndex.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.deletedByIndex[mid] as DeletedToken).index <= index) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** No local token created in another region may be held by `server` (every noted one is checked). */
  checkNoForeignLocalTokens(server: Server): void {
    for (const [accessorId, home] of this.localTokens) {
      if (home !== server.homeRegion) this.checkForeignLocalToken(server, accessorId, home);
    }
  }

  private checkForeignLocalToken(server: Server, accessorId: string, home: string): void {
    if (server.fsm?.acl.tokenByAccessor(accessorId) == null) return;
    this.report(
      'local token left its region',
      `local token ${accessorId} of region ${home} is held by ${serverLabel(server)}`,
    );
  }
}
