/**
 * Runs ACL replication on one server (spec §12.2): while the server leads a non-authoritative
 * region with ACLs enabled, one replicator per kind pulls policies and global tokens from the
 * authoritative region with the configured replication token. This file fulfils the replicator's
 * driver contract (see src/replication/acl-replicator.ts): it performs list/fetch as RPCs through
 * the normal routing, applies writes through the local Raft log, keeps one timer at the
 * replicators' next deadline, and writes their log lines and `acl.replicate` trace records.
 */
import { AclReplicator, type ReplicatorEffect } from './acl-replicator.js';
import type { ReplicatorFetchEffect, ReplicatorListEffect } from './acl-replicator-effects.js';
import type { AclReplicationKind } from './acl-replicator-kinds.js';
import type { Result, AclCommand, AclTables } from '../acl/index.js';
import type { Timer } from '../sim/simulation.js';
import type { Server } from '../server/server.js';
import type { RpcReply } from '../server/rpc.js';
import type { Cluster } from '../region/cluster.js';

type AnyReplicator = AclReplicator<'policies'> | AclReplicator<'tokens'>;

function toResult<V, T>(reply: RpcReply<V>, pick: (value: V) => T): Result<T> {
  if (!reply.ok) return { ok: false, error: reply.error };
  return { ok: true, value: pick(reply.value) };
}

export class ReplicationDriver {
  private replicators: AnyReplicator[] = [];
  private timer: Timer | null = null;

  constructor(
    private readonly cluster: Cluster,
    private readonly server: Server,
  ) {}

  /** Whether this server's settings call for replication (ACLs on, region not authoritative). */
  static wanted(server: Server): boolean {
    const s = server.settings;
    return s !== null && s.aclEnabled && s.region !== s.authoritativeRegion;
  }

  get running(): boolean {
    return this.replicators.length > 0;
  }

  start(): void {
    const settings = this.server.settings;
    if (settings === null || this.running) return;
    const now = this.cluster.sim.now;
    const kinds: AclReplicationKind[] = ['policies', 'tokens'];
    const offByOne =
      this.server.env.bugs?.replicationIndexOffByOne === true ? { indexOffByOne: true } : {};
    this.replicators = kinds.map((kind) =>
      kind === 'policies'
        ? new AclReplicator({
            kind: 'policies',
            authoritativeRegion: settings.authoritativeRegion,
            ...offByOne,
          })
        : new AclReplicator({
            kind: 'tokens',
            authoritativeRegion: settings.authoritativeRegion,
            ...offByOne,
          }),
    );
    for (const replicator of this.replicators) replicator.start(now);
    this.pump();
  }

  stop(): void {
    for (const replicator of this.replicators) replicator.stop();
    this.replicators = [];
    this.timer?.cancel();
    this.timer = null;
  }

  private alive(): boolean {
    return this.running && this.server.isRunning;
  }

  private pump(): void {
    if (!this.alive()) return;
    for (const replicator of this.replicators) {
      for (const effect of replicator.takeEffects()) this.perform(replicator, effect);
    }
    this.armTimer();
  }

  private armTimer(): void {
    const deadline = Math.min(...this.replicators.map((r) => r.nextDeadline()));
    if (this.timer !== null && this.timer.time === deadline) return;
    this.timer?.cancel();
    this.timer = null;
    if (!Number.isFinite(deadline)) return;
    // The server's life owns the timer: a crash drops it along with this driver.
    this.timer = this.server.at(deadline, () => {
      this.timer = null;
      if (!this.alive()) return;
      for (const replicator of this.replicators) replicator.tick(this.cluster.sim.now);
      this.pump();
    });
  }

  private perform(replicator: AnyReplicator, effect: ReplicatorEffect): void {
    const token = this.server.settings?.replicationToken ?? '';
    switch (effect.type) {
      case 'list': {
        // Stale reads in the authoritative region, blocking on the effect's index; token lists
        // ask for global tokens only.
        const { region, minQueryIndex } = effect;
        const common = { region, token, allowStale: true, minQueryIndex };
        if (replicator.kind === 'policies') {
          const policies = replicator as AclReplicator<'policies'>;
          this.cluster.dispatchLocal(this.server, 'ACL.ListPolicies', common, (reply) =>
            this.answer((acl) =>
              policies.onListResult(
                this.cluster.sim.now,
                effect.requestId,
                toResult(reply, (v) => ({ items: v.policies, index: v.index })),
                acl.listPolicyStubs(),
              ),
            ),
          );
        } else {
          const tokens = replicator as AclReplicator<'tokens'>;
          this.cluster.dispatchLocal(
            this.server,
            'ACL.ListTokens',
            { ...common, globalOnly: true },
            (reply) =>
              this.answer((acl) =>
                tokens.onListResult(
                  this.cluster.sim.now,
                  effect.requestId,
                  toResult(reply, (v) => ({ items: v.tokens, index: v.index })),
                  acl.listTokenStubs({ order: 'accessor-id', globalOnly: true }),
                ),
              ),
          );
        }
        return;
      }
      case 'fetch': {
        const { region, minQueryIndex, ids } = effect;
        const common = { region, token, allowStale: true, minQueryIndex };
        if (replicator.kind === 'policies') {
          const policies = replicator as AclReplicator<'policies'>;
          this.cluster.dispatchLocal(
            this.server,
            'ACL.GetPolicies',
            { ...common, names: ids },
            (reply) =>
              this.answer(() =>
                policies.onFetchResult(
                  this.cluster.sim.now,
                  effect.requestId,
                  toResult(reply, (v) => v.policies),
                ),
              ),
          );
        } else {
          const tokens = replicator as AclReplicator<'tokens'>;
          this.cluster.dispatchLocal(
            this.server,
            'ACL.GetTokens',
            { ...common, accessorIds: ids },
            (reply) =>
              this.answer(() =>
                tokens.onFetchResult(
                  this.cluster.sim.now,
                  effect.requestId,
                  toResult(reply, (v) => v.tokens),
                ),
              ),
          );
        }
        return;
      }
      case 'apply':
        this.server.applyAsLeader(effect.command, (reply) =>
          this.answer(() => {
            if (reply.ok) this.traceObjects(effect.command);
            replicator.onApplyResult(
              this.cluster.sim.now,
              effect.requestId,
              toResult(reply, (v) => ({ index: Number(v.index) })),
            );
          }),
        );
        return;
      case 'log':
        this.server.log(effect.level, effect.message, { ...effect.fields });
        return;
      case 'round':
        this.cluster.sim.trace.record('acl.replicate', {
          region: this.server.region,
          what: effect.what,
          upserted: effect.upserted,
          deleted: effect.deleted,
          remoteIndex: effect.remoteIndex,
          error: effect.error,
        });
        return;
    }
  }

  /** `acl.replicate.object` for each copy a replication write just stored or removed here. */
  private traceObjects(command: AclCommand): void {
    const trace = this.cluster.sim.trace;
    if (!trace.wants('acl.replicate.object')) return;
    const region = this.server.region;
    switch (command.type) {
      case 'acl.policy.upsert':
        for (const p of command.policies)
          trace.record('acl.replicate.object', {
            region,
            what: 'policies',
            id: p.Name,
            action: 'upsert',
            remoteIndex: p.ModifyIndex,
          });
        return;
      case 'acl.policy.delete':
        for (const name of command.names)
          trace.record('acl.replicate.object', {
            region,
            what: 'policies',
            id: name,
            action: 'delete',
            remoteIndex: 0,
          });
        return;
      case 'acl.token.upsert':
        for (const t of command.tokens)
          trace.record('acl.replicate.object', {
            region,
            what: 'tokens',
            id: t.AccessorID,
            action: 'upsert',
            remoteIndex: t.ModifyIndex,
          });
        return;
      case 'acl.token.delete':
        for (const id of command.accessorIds)
          trace.record('acl.replicate.object', {
            region,
            what: 'tokens',
            id,
            action: 'delete',
            remoteIndex: 0,
          });
        return;
      case 'acl.bootstrap':
        return;
    }
  }

  /**
   * Runs a reply handler, with this server's ACL tables, if this driver is still the live one;
   * then drains new effects.
   */
  private answer(handle: (acl: AclTables) => void): void {
    const acl = this.server.fsm?.acl;
    if (!this.alive() || acl === undefined) return;
    handle(acl);
    this.pump();
  }
}
