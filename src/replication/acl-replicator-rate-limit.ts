/**
 * The token bucket that gates the start of each ACL replication round (Nomad's
 * `replicationRateLimit`: 10 events/s, burst 10), on virtual time. The bucket starts full, refills
 * continuously at `ratePerSecond`, holds at most `burst` tokens, and each round takes one.
 *
 * Levels are kept in milli-tokens so that integer rates give exact integer arithmetic (10/s adds
 * exactly one token every 100 ms) and a run never depends on floating-point drift.
 */

const MILLI = 1000;

export class RoundRateLimiter {
  private level: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    if (!(Number.isFinite(ratePerSecond) && ratePerSecond > 0)) {
      throw new RangeError(
        `rateLimitPerSecond must be a positive number, got ${String(ratePerSecond)}`,
      );
    }
    if (!(Number.isSafeInteger(burst) && burst >= 1))
      throw new RangeError(`burst must be an integer >= 1, got ${String(burst)}`);
    this.level = burst * MILLI;
    this.updatedAt = now;
  }

  /** Takes one token if available at `now`; true when taken. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.level < MILLI) return false;
    this.level -= MILLI;
    return true;
  }

  /** The earliest virtual time (>= now) at which `tryTake` will succeed. */
  readyAt(now: number): number {
    this.refill(now);
    if (this.level >= MILLI) return now;
    return now + Math.ceil((MILLI - this.level) / this.ratePerSecond);
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    this.level = Math.min(
      this.burst * MILLI,
      this.level + (now - this.updatedAt) * this.ratePerSecond,
    );
    this.updatedAt = now;
  }
}
