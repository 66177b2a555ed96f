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
import type { Result, AclCommand, AclPolicy, AclToken } from '../acl/index.js';
import type { Timer } from '../sim/simulation.js';
import type { Server } from '../server/server.js';
import type { RpcReply } from '../server/rpc.js';
import type { Cluster } from '../region/cluster.js';

type AnyReplicator = AclReplicator<'policies'> | AclReplicator<'tokens'>;

function toResult<T>(reply: RpcReply, pick: (value: Record<string, unknown>) => T): Result<T> {
  if (!reply.ok) return { ok: false, error: reply.error };
  return { ok: true, value: pick(reply.value as Record<string, unknown>) };
}

/**
 * Arguments of a replicator's list request: stale reads in the authoritative region, blocking on
 * the effect's index; token lists ask for global tokens only. Plain literals (not spreads): they
 * are built for every round.
 */
function listArgs(effect: ReplicatorListEffect, token: string): Record<string, unknown> {
  const { region, minQueryIndex } = effect;
  return effect.kind === 'tokens' ? { region, token, allowStale: true, minQueryIndex, globalOnly: true } : { region, token, allowStale: true, minQueryIndex };
}

/** Arguments of a replicator's fetch request: the policy names or token accessors to read. */
function fetchArgs(effect: ReplicatorFetchEffect, token: string): Record<string, unknown> {
  const { region, minQueryIndex, ids } = effect;
  return effect.kind === 'policies' ? { region, token, allowStale: true, minQueryIndex, names: ids } : { region, token, allowStale: true, minQueryIndex, accessorIds: ids };
}

export class ReplicationDriver {
  private replicators: AnyReplicator[] = [];
  private timer: Timer | null = null;
  private readonly incarnation: number;

  constructor(
    private readonly cluster: Cluster,
    private readonly server: Server,
  ) {
    this.incarnation = server.incarnation;
  }

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
    const offByOne = this.server.env.bugs?.replicationIndexOffByOne === true ? { indexOffByOne: true } : {};
    this.replicators = kinds.map((kind) =>
      kind === 'policies'
        ? new AclReplicator({ kind: 'policies', authoritativeRegion: settings.authoritativeRegion, ...offByOne })
        : new AclReplicator({ kind: 'tokens', authoritativeRegion: settings.authoritativeRegion, ...offByOne }),
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
    return this.running && this.server.incarnation === this.incarnation && this.server.isRunning;
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
    this.timer = this.cluster.sim.at(deadline, () => {
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
        const method = effect.kind === 'policies' ? 'ACL.ListPolicies' : 'ACL.ListTokens';
        this.cluster.dispatchLocal(this.server, method, listArgs(effect, token), (reply) => this.answer(() => this.onList(replicator, effect.requestId, reply)));
        return;
      }
      case 'fetch': {
        const method = effect.kind === 'policies' ? 'ACL.GetPolicies' : 'ACL.GetTokens';
        this.cluster.dispatchLocal(this.server, method, fetchArgs(effect, token), (reply) => this.answer(() => this.onFetch(replicator, effect.requestId, reply)));
        return;
      }
      case 'apply':
        this.server.applyAsLeader(effect.command, (reply) =>
          this.answer(() => {
            if (reply.ok) this.traceObjects(effect.command);
            replicator.onApplyResult(this.cluster.sim.now, effect.requestId, toResult(reply, (v) => ({ index: Number(v.index) })));
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
        for (const p of command.policies) trace.record('acl.replicate.object', { region, what: 'policies', id: p.Name, action: 'upsert', remoteIndex: p.ModifyIndex });
        return;
      case 'acl.policy.delete':
        for (const name of command.names) trace.record('acl.replicate.object', { region, what: 'policies', id: name, action: 'delete', remoteIndex: 0 });
        return;
      case 'acl.token.upsert':
        for (const t of command.tokens) trace.record('acl.replicate.object', { region, what: 'tokens', id: t.AccessorID, action: 'upsert', remoteIndex: t.ModifyIndex });
        return;
      case 'acl.token.delete':
        for (const id of command.accessorIds) trace.record('acl.replicate.object', { region, what: 'tokens', id, action: 'delete', remoteIndex: 0 });
        return;
      case 'acl.bootstrap':
        return;
    }
  }

  /** Runs a reply handler if this driver is still the live one, then drains new effects. */
  private answer(handle: () => void): void {
    if (!this.alive()) return;
    handle();
    this.pump();
  }

  private onList(replicator: AnyReplicator, requestId: number, reply: RpcReply): void {
    const now = this.cluster.sim.now;
    const acl = this.server.fsm?.acl;
    if (acl === undefined) return;
    if (replicator.kind === 'policies') {
      const result = toResult(reply, (v) => ({ items: v.policies as never[], index: Number(v.index) }));
      (replicator as AclReplicator<'policies'>).onListResult(now, requestId, result, acl.listPolicyStubs());
    } else {
      const result = toResult(reply, (v) => ({ items: v.tokens as never[], index: Number(v.index) }));
      (replicator as AclReplicator<'tokens'>).onListResult(now, requestId, result, acl.listTokenStubs({ order: 'accessor-id', globalOnly: true }));
    }
  }

  private onFetch(replicator: AnyReplicator, requestId: number, reply: RpcReply): void {
    const now = this.cluster.sim.now;
    if (replicator.kind === 'policies') {
      (replicator as AclReplicator<'policies'>).onFetchResult(now, requestId, toResult(reply, (v) => v.policies as AclPolicy[]));
    } else {
      (replicator as AclReplicator<'tokens'>).onFetchResult(now, requestId, toResult(reply, (v) => v.tokens as AclToken[]));
    }
  }
}
