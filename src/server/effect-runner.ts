/**
 * Runs a Raft node's effects strictly in order, with the one rule that keeps Raft safe: a persist
 * effect is written, then synced after the disk's fsync latency, and nothing queued after it runs
 * before that sync completes. A crash while a sync is pending loses the unsynced write and every
 * effect behind it, exactly as a real server would.
 */
import type { Simulation, Timer } from '../sim/simulation.js';
import { isPersistEffect, type PersistEffect, type RaftEffect } from '../raft/index.js';

export interface EffectRunnerHooks {
  /** Writes a persist effect to disk (not synced); returns the paths to sync. */
  write(effect: PersistEffect): string[];
  /** Makes the paths durable. */
  sync(paths: readonly string[]): void;
  /** Performs any other effect (send, apply, role change, ...). */
  perform(effect: Exclude<RaftEffect, PersistEffect>): void;
}

export class EffectRunner {
  private readonly queue: RaftEffect[] = [];
  private head = 0;
  private pendingSync: Timer | null = null;
  /** Syncs still to come that nothing waits for (only with the seeded bug `ackBeforeFsync`). */
  private readonly unawaitedSyncs = new Set<Timer>();
  private stopped = false;

  constructor(
    private readonly sim: Simulation,
    private readonly hooks: EffectRunnerHooks,
    /** Virtual ms an fsync takes; 0 syncs at once. */
    private readonly fsyncLatency: number,
    /** The seeded bug `ackBeforeFsync`: do not wait for syncs. */
    private readonly actBeforeSync = false,
  ) {}

  /** Queues effects and runs as many as the sync rule allows. */
  push(effects: readonly RaftEffect[]): void {
    if (this.stopped || effects.length === 0) return;
    for (const effect of effects) this.queue.push(effect);
    this.drain();
  }

  /** Whether effects are waiting behind a sync. */
  get busy(): boolean {
    return this.pendingSync !== null;
  }

  /** Drops everything queued (the server crashed or stopped); pending syncs never complete. */
  stop(): void {
    this.stopped = true;
    this.pendingSync?.cancel();
    this.pendingSync = null;
    for (const sync of this.unawaitedSyncs) sync.cancel();
    this.unawaitedSyncs.clear();
    this.queue.length = 0;
    this.head = 0;
  }

  private drain(): void {
    while (this.pendingSync === null && this.head < this.queue.length && !this.stopped) {
      const effect = this.queue[this.head++] as RaftEffect;
      if (isPersistEffect(effect)) {
        const paths = this.hooks.write(effect);
        if (this.fsyncLatency <= 0) {
          this.hooks.sync(paths);
        } else if (this.actBeforeSync) {
          const sync: Timer = this.sim.schedule(this.fsyncLatency, () => {
            this.unawaitedSyncs.delete(sync);
            this.hooks.sync(paths);
          });
          this.unawaitedSyncs.add(sync);
        } else {
          this.pendingSync = this.sim.schedule(this.fsyncLatency, () => {
            this.pendingSync = null;
            this.hooks.sync(paths);
            this.drain();
          });
        }
      } else {
        this.hooks.perform(effect);
      }
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
  }
}
