/**
 * Runs replication on one server (spec §12.2): while the server leads a non-authoritative region
 * with ACLs enabled, one replicator per kind the version profile replicates (policies and global
 * tokens; in 2.x also roles, auth methods, binding rules, namespaces and node pools; in 1.0
 * namespaces) pulls from the authoritative region with the configured replication token. This
 * file fulfils the replicator's driver contract (see src/replication/acl-replicator.ts): it
 * performs list/fetch as RPCs through the normal routing (replication-channels.ts), applies
 * writes through the local Raft log, keeps one timer at the replicators' next deadline, and writes
 * their log lines and trace records (`acl.replicate` for policies and tokens, `replicate.round`
 * for the other kinds, and one record per copy).
 */
import { AclReplicator, type ReplicatorEffect } from './acl-replicator.js';
import type { AclReplicationKind, ReplicationCommand } from './acl-replicator-kinds.js';
import type { Result } from '../acl/index.js';
import type { Timer } from '../sim/simulation.js';
import type { Server } from '../server/server.js';
import type { ServerStateMachine } from '../server/state/state-machine.js';
import type { Cluster } from '../region/cluster.js';
import {
  replicatedCopies,
  replicationChannel,
  type ReplicationCall,
  type ReplicationQuery,
} from './replication-channels.js';

type AnyReplicator = AclReplicator<AclReplicationKind>;

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

  /** The kinds this driver replicates (the profile's `replicatedKinds`), while running. */
  get kinds(): AclReplicationKind[] {
    return this.replicators.map((r) => r.kind);
  }

  start(): void {
    const settings = this.server.settings;
    if (settings === null || this.running) return;
    const now = this.cluster.sim.now;
    const offByOne =
      this.server.env.bugs?.replicationIndexOffByOne === true ? { indexOffByOne: true } : {};
    this.replicators = this.cluster.profile.replicatedKinds.map(
      (kind): AnyReplicator =>
        new AclReplicator({
          kind,
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
    const call: ReplicationCall = (method, args, reply) =>
      this.cluster.dispatchLocal(this.server, method, args, reply);
    const channel = replicationChannel(replicator.kind);
    switch (effect.type) {
      case 'list': {
        // Stale reads in the authoritative region, blocking on the effect's index; token lists
        // ask for global tokens only.
        const { region, minQueryIndex } = effect;
        const query: ReplicationQuery = { region, token, allowStale: true, minQueryIndex };
        channel.list(call, query, (result) =>
          this.answer((fsm) =>
            replicator.onListResult(
              this.cluster.sim.now,
              effect.requestId,
              result,
              channel.local(fsm),
            ),
          ),
        );
        return;
      }
      case 'fetch': {
        const { region, minQueryIndex, ids } = effect;
        const query: ReplicationQuery = { region, token, allowStale: true, minQueryIndex };
        channel.fetch(call, query, ids, (result) =>
          this.answer(() =>
            replicator.onFetchResult(this.cluster.sim.now, effect.requestId, result),
          ),
        );
        return;
      }
      case 'apply':
        this.server.applyAsLeader(effect.command, (reply) =>
          this.answer(() => {
            if (reply.ok) this.traceCopies(effect.command);
            const result: Result<{ index: number }> = reply.ok
              ? { ok: true, value: { index: Number(reply.value.index) } }
              : { ok: false, error: reply.error };
            replicator.onApplyResult(this.cluster.sim.now, effect.requestId, result);
          }),
        );
        return;
      case 'log':
        this.server.log(effect.level, effect.message, { ...effect.fields });
        return;
      case 'round': {
        const fields = {
          region: this.server.region,
          upserted: effect.upserted,
          deleted: effect.deleted,
          remoteIndex: effect.remoteIndex,
          error: effect.error,
        };
        const what = effect.what;
        if (what === 'policies' || what === 'tokens')
          this.cluster.sim.trace.record('acl.replicate', {
            region: fields.region,
            what,
            upserted: fields.upserted,
            deleted: fields.deleted,
            remoteIndex: fields.remoteIndex,
            error: fields.error,
          });
        else
          this.cluster.sim.trace.record('replicate.round', {
            region: fields.region,
            what,
            upserted: fields.upserted,
            deleted: fields.deleted,
            remoteIndex: fields.remoteIndex,
            error: fields.error,
          });
        return;
      }
    }
  }

  /** One `acl.replicate.object` / `replicate.object` record per copy a write stored or removed. */
  private traceCopies(command: ReplicationCommand): void {
    const trace = this.cluster.sim.trace;
    if (!trace.wants('acl.replicate.object') && !trace.wants('replicate.object')) return;
    const region = this.server.region;
    for (const copy of replicatedCopies(command)) {
      const { id, action, remoteIndex } = copy;
      if (copy.kind === 'acl.replicate.object')
        trace.record('acl.replicate.object', { region, what: copy.what, id, action, remoteIndex });
      else trace.record('replicate.object', { region, what: copy.what, id, action, remoteIndex });
    }
  }

  /**
   * Runs a reply handler, with this server's state machine, if this driver is still the live
   * one; then drains new effects.
   */
  private answer(handle: (fsm: ServerStateMachine) => void): void {
    const fsm = this.server.fsm;
    if (!this.alive() || fsm === null) return;
    handle(fsm);
    this.pump();
  }
}
