/**
 * Check quorum, seen from outside (property `leader lease`): a leader that can no longer hear from
 * a quorum of its voters steps down within the leader lease. Any election quorum of a newer term
 * shares a voter with the old leader's contact quorum, and that voter either answers the old
 * leader with the newer term (it steps down at once) or stops answering (its contact ages out of
 * the lease). So two leaders of one region, the older one in an older term, may coexist for at
 * most the lease plus a message delay and the lease check's own slack; past `boundMs`, the older
 * leader has ignored the lease.
 */
import type { Server } from '../server/server.js';
import type { ReportViolation } from './violation.js';
import { serverLabel } from './server-lookup.js';

export class LeaderLeaseCheck {
  /** Leaders found leading an older term while a newer leader of their region runs: since when. */
  private readonly stale = new Map<Server, { term: number; since: number }>();

  constructor(
    /** Virtual ms an older leader may outlive the election of a newer one. */
    readonly boundMs: number,
    private readonly report: ReportViolation,
  ) {}

  /** True while some stale leader is being timed (the caller must keep calling `check`). */
  get timing(): boolean {
    return this.stale.size > 0;
  }

  /** Looks at one region's running servers at virtual time `now`. */
  check(servers: readonly Server[], now: number): void {
    let newest = -1;
    for (const server of servers) {
      const node = server.node;
      if (node !== null && server.isRunning && node.role === 'leader' && node.term > newest)
        newest = node.term;
    }
    for (const server of servers) {
      const node = server.node;
      const older =
        node !== null && server.isRunning && node.role === 'leader' && node.term < newest;
      if (!older) {
        this.stale.delete(server);
        continue;
      }
      const seen = this.stale.get(server);
      if (seen === undefined || seen.term !== node.term) {
        this.stale.set(server, { term: node.term, since: now });
        continue;
      }
      if (now - seen.since > this.boundMs) {
        this.report(
          'leader lease',
          `${serverLabel(server)} still leads term ${node.term} ${now - seen.since} ms after a leader of term ${newest} took over its region (check quorum should have stepped it down within ${this.boundMs} ms)`,
        );
      }
    }
  }
}
