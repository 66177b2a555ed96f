/**
 * Garbage collection of expired ACL tokens (Nomad 1.4+, `CoreScheduler.expiredACLTokenGC`), run
 * by a region's leader: every 5 minutes (`ACLTokenExpirationGCInterval`) each leader deletes its
 * region's expired local tokens, and the leader of the authoritative region also its expired
 * global tokens, whose deletions then replicate to the other regions like any other. A token is
 * collected once it has expired and was written at least 1 hour ago
 * (`ACLTokenExpirationGCThreshold`, which Nomad applies to the token's CreateIndex through its
 * index-to-time table; here to its CreateTime), at most 4096 per run (`ACLMaxExpiredBatchSize`).
 * Each run that finds tokens logs `expired ACL token GC found eligible tokens` at DEBUG and writes
 * one delete through the region's Raft log. With one-time tokens (1.1+), every 10 minutes
 * (`OneTimeTokenGCInterval`) the leader also deletes the expired one-time tokens of its region.
 */
import { isTokenExpired } from '../acl/index.js';
import type { Server } from '../server/server.js';
import type { Timer } from '../sim/simulation.js';

/** How often a leader looks for expired tokens (Nomad's default `ACLTokenExpirationGCInterval`). */
export const EXPIRED_TOKEN_GC_INTERVAL_MS = 5 * 60_000;
/** How old an expired token must be to be collected (`ACLTokenExpirationGCThreshold`). */
export const EXPIRED_TOKEN_GC_THRESHOLD_MS = 60 * 60_000;
/** Most tokens one run deletes (`structs.ACLMaxExpiredBatchSize`). */
export const EXPIRED_TOKEN_GC_BATCH = 4096;
/** How often a leader deletes expired one-time tokens (`OneTimeTokenGCInterval`). */
export const ONE_TIME_TOKEN_GC_INTERVAL_MS = 10 * 60_000;

/** What the collector runs in this version. */
export interface TokenGcDuties {
  /** Expired ACL tokens (1.4+). */
  readonly expiredTokens: boolean;
  /** Expired one-time tokens (1.1+). */
  readonly oneTimeTokens: boolean;
}

export class ExpiredTokenGc {
  private timer: Timer | null = null;
  private oneTimeTimer: Timer | null = null;

  constructor(
    private readonly server: Server,
    private readonly duties: TokenGcDuties = { expiredTokens: true, oneTimeTokens: false },
  ) {}

  get running(): boolean {
    return this.timer !== null || this.oneTimeTimer !== null;
  }

  start(): void {
    if (this.running) return;
    if (this.duties.expiredTokens) this.schedule();
    if (this.duties.oneTimeTokens) this.scheduleOneTime();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
    this.oneTimeTimer?.cancel();
    this.oneTimeTimer = null;
  }

  private scheduleOneTime(): void {
    this.oneTimeTimer = this.server.after(ONE_TIME_TOKEN_GC_INTERVAL_MS, () => {
      this.oneTimeTimer = null;
      if (!this.server.isLeader || !this.server.isRunning) return;
      const expired = this.server.fsm?.oneTimeTokens.expired(this.server.sim.now) ?? [];
      if (expired.length > 0)
        this.server.applyAsLeader({ type: 'ott.delete-by-secret', secretIds: expired }, () => {});
      this.scheduleOneTime();
    });
  }

  private schedule(): void {
    // The server's life owns the timer: a crash drops it with the leadership.
    this.timer = this.server.after(EXPIRED_TOKEN_GC_INTERVAL_MS, () => {
      this.timer = null;
      if (!this.server.isLeader || !this.server.isRunning) return;
      this.collect(false);
      const settings = this.server.settings;
      if (settings !== null && settings.authoritativeRegion === settings.region) this.collect(true);
      this.schedule();
    });
  }

  /** One run for local (`global` false) or global tokens. */
  private collect(global: boolean): void {
    const acl = this.server.fsm?.acl;
    if (acl === undefined) return;
    const now = this.server.sim.now;
    const cutoff = now - EXPIRED_TOKEN_GC_THRESHOLD_MS;
    const eligible = acl
      .listTokens({ order: 'accessor-id', ...(global ? { globalOnly: true } : {}) })
      .filter((t) => t.Global === global && isTokenExpired(t, now) && t.CreateTime <= cutoff)
      .slice(0, EXPIRED_TOKEN_GC_BATCH)
      .map((t) => t.AccessorID);
    if (eligible.length === 0) return;
    this.server.log('DEBUG', 'expired ACL token GC found eligible tokens', {
      num: eligible.length,
      global,
    });
    this.server.applyAsLeader({ type: 'acl.token.delete', accessorIds: eligible }, () => {});
  }
}
