/**
 * Raft's safety properties, checked while a simulated cluster runs (DESIGN.md principle 7), per
 * region (each region is one Raft group):
 *
 * - election safety: at most one leader per term;
 * - leader append-only: a leader never overwrites or deletes entries of its own log;
 * - log matching: two logs holding an entry with the same index and term hold the same entry and
 *   the same prefix. Every entry any server ever holds is recorded once as (index, term) ->
 *   (digest, term of the entry before it); a second entry under the same key with another digest
 *   or another predecessor term breaks it. By induction on the index this covers whole prefixes;
 * - committed entries never change: every commit a server announces (trace `raft.commit`, written
 *   once the entries are durable) is compared with what other servers committed at that index;
 * - leader completeness: a new leader holds the highest entry committed in an earlier term (with
 *   log matching, that means it holds every such entry);
 * - state machine safety: every server applies the same entry at each index (trace `raft.apply`
 *   digests), in order without gaps.
 *
 * The per-step work is O(servers) plus the entries appended since the last step: each server's log
 * is scanned once from where the previous scan ended, and rescanned from its commit index only
 * when its uncommitted tail was replaced.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { LogEntry, RaftNode } from '../raft/index.js';
import type { TraceRecord } from '../sim/trace.js';
import { entryDigest } from './entry-digest.js';
import { ServerLookup, serverLabel } from './server-lookup.js';
import type { PropertyName } from './violation.js';

/** Called with a broken property; expected to throw (it stops the run). */
export type ReportViolation = (property: PropertyName, detail: string) => never;

interface LogRecord {
  readonly term: number;
  readonly digest: number;
  /** Term of the entry before it, when the recording server still held it. */
  prevTerm: number | undefined;
  readonly holder: string;
}

interface CommittedRecord {
  readonly term: number;
  readonly digest: number;
  /** The lowest current term of a server that announced this commit: committed no later than that term. */
  committedInTerm: number;
  readonly holder: string;
}

interface RegionState {
  readonly leaderOfTerm: Map<number, Server>;
  readonly log: Map<number, LogRecord[]>;
  readonly committed: Array<CommittedRecord | undefined>;
  readonly applied: Map<number, { digest: string; holder: string }>;
}

interface ServerWatch {
  incarnation: number;
  /** Term in which this incarnation was last seen leading (0: never). */
  leaderTerm: number;
  leaderLastIndex: number;
  leaderLastEntry: LogEntry | undefined;
  leaderLastDigest: number;
  /** Log entries up to here have been recorded for log matching. */
  scanned: number;
  scannedTerm: number;
  commitSeen: number;
  /** The next index this server must apply. */
  nextApply: number;
}

export class RaftSafetyChecker {
  private readonly regions = new Map<string, RegionState>();
  private readonly watches = new Map<Server, ServerWatch>();
  private readonly lookup: ServerLookup;
  /** Leaders seen (one per region and term). */
  leadersSeen = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly report: ReportViolation,
  ) {
    this.lookup = new ServerLookup(cluster);
    for (const region of cluster.regionNames) {
      this.regions.set(region, { leaderOfTerm: new Map(), log: new Map(), committed: [], applied: new Map() });
    }
  }

  /** Runs after every simulation event. */
  afterStep(): void {
    for (const server of this.cluster.servers) {
      const node = server.node;
      if (node === null || !server.isRunning) continue;
      const watch = this.watchOf(server, node);
      const region = this.region(server);
      this.scanLog(server, node, watch, region);
      if (node.role === 'leader') this.checkLeader(server, node, watch, region);
    }
  }

  /** Feeds the trace records the checks need. */
  onRecord(record: TraceRecord): void {
    switch (record.kind) {
      case 'raft.commit':
        return this.onCommit(record as TraceRecord<'raft.commit'>);
      case 'raft.apply':
        return this.onApply(record as TraceRecord<'raft.apply'>);
      case 'raft.snapshot': {
        const r = record as TraceRecord<'raft.snapshot'>;
        const server = this.lookup.find(r.region, r.server);
        const node = server?.node ?? null;
        if (server !== undefined && node !== null && r.how === 'installed') this.watchOf(server, node).nextApply = r.index + 1;
        return;
      }
      default:
        return;
    }
  }

  private region(server: Server): RegionState {
    const state = this.regions.get(server.homeRegion);
    if (state === undefined) throw new Error(`checker: unknown region ${server.homeRegion}`);
    return state;
  }

  /** The watch of the server's current incarnation (reset when it restarted). */
  private watchOf(server: Server, node: RaftNode): ServerWatch {
    const existing = this.watches.get(server);
    if (existing !== undefined && existing.incarnation === server.incarnation) return existing;
    const watch: ServerWatch = {
      incarnation: server.incarnation,
      leaderTerm: 0,
      leaderLastIndex: 0,
      leaderLastEntry: undefined,
      leaderLastDigest: 0,
      scanned: node.snapshotIndex,
      scannedTerm: node.snapshotTerm,
      commitSeen: node.snapshotIndex,
      nextApply: node.snapshotIndex + 1,
    };
    this.watches.set(server, watch);
    return watch;
  }

  // ---------------------------------------------------------------------------------------------
  // Log matching

  private scanLog(server: Server, node: RaftNode, watch: ServerWatch, region: RegionState): void {
    const last = node.lastIndex;
    let from = watch.scanned;
    if (from > last || (from > node.snapshotIndex && node.termAt(from) !== watch.scannedTerm)) {
      from = Math.min(node.commitIndex, last);
    } else if (from === last) {
      return;
    }
    if (from < node.snapshotIndex) from = node.snapshotIndex;
    for (let index = from + 1; index <= last; index++) {
      const entry = node.entryAt(index);
      if (entry === undefined) continue;
      this.recordLogEntry(server, region, entry, node.termAt(index - 1));
    }
    watch.scanned = last;
    watch.scannedTerm = node.lastTerm;
  }

  private recordLogEntry(server: Server, region: RegionState, entry: LogEntry, prevTerm: number | undefined): void {
    const digest = entryDigest(entry);
    const records = region.log.get(entry.index);
    const label = serverLabel(server);
    if (records === undefined) {
      region.log.set(entry.index, [{ term: entry.term, digest, prevTerm, holder: label }]);
      return;
    }
    const same = records.find((r) => r.term === entry.term);
    if (same === undefined) {
      records.push({ term: entry.term, digest, prevTerm, holder: label });
      return;
    }
    if (same.digest !== digest) {
      this.report('log matching', `${label} and ${same.holder} hold different entries at index ${entry.index} in term ${entry.term}`);
    }
    if (prevTerm !== undefined && same.prevTerm !== undefined && prevTerm !== same.prevTerm) {
      this.report(
        'log matching',
        `${label} and ${same.holder} agree on index ${entry.index} term ${entry.term} but not on the entry before it (terms ${prevTerm} and ${same.prevTerm})`,
      );
    }
    if (same.prevTerm === undefined) same.prevTerm = prevTerm;
  }

  // ---------------------------------------------------------------------------------------------
  // Leaders

  private checkLeader(server: Server, node: RaftNode, watch: ServerWatch, region: RegionState): void {
    const term = node.term;
    const owner = region.leaderOfTerm.get(term);
    if (owner === undefined) {
      region.leaderOfTerm.set(term, server);
      this.leadersSeen++;
    } else if (owner !== server) {
      this.report('election safety', `${serverLabel(owner)} and ${serverLabel(server)} both lead term ${term} of region ${server.homeRegion}`);
    }
    if (watch.leaderTerm !== term) {
      this.checkCompleteness(server, node, region);
      watch.leaderTerm = term;
      this.rememberLeaderTail(node, watch);
      return;
    }
    if (node.lastIndex < watch.leaderLastIndex) {
      this.report('leader append-only', `${serverLabel(server)}, leader of term ${term}, shrank its log from ${watch.leaderLastIndex} to ${node.lastIndex}`);
    }
    const entry = node.entryAt(watch.leaderLastIndex);
    if (entry !== watch.leaderLastEntry) {
      const changed = entry === undefined ? watch.leaderLastIndex > node.snapshotIndex : entryDigest(entry) !== watch.leaderLastDigest;
      if (changed) this.report('leader append-only', `${serverLabel(server)}, leader of term ${term}, replaced its entry at index ${watch.leaderLastIndex}`);
    }
    if (node.lastIndex !== watch.leaderLastIndex) this.rememberLeaderTail(node, watch);
  }

  private rememberLeaderTail(node: RaftNode, watch: ServerWatch): void {
    const entry = node.entryAt(node.lastIndex);
    watch.leaderLastIndex = node.lastIndex;
    watch.leaderLastEntry = entry;
    watch.leaderLastDigest = entry === undefined ? 0 : entryDigest(entry);
  }

  /** The new leader must hold the highest entry committed before its term. */
  private checkCompleteness(server: Server, node: RaftNode, region: RegionState): void {
    const term = node.term;
    for (let index = region.committed.length - 1; index >= 1; index--) {
      const record = region.committed[index];
      if (record === undefined || record.committedInTerm >= term) continue;
      if (index <= node.snapshotIndex) return;
      const entry = node.entryAt(index);
      if (node.termAt(index) !== record.term || (entry !== undefined && entryDigest(entry) !== record.digest)) {
        this.report(
          'leader completeness',
          `${serverLabel(server)}, leader of term ${term}, lacks entry ${index} (term ${record.term}) committed by ${record.holder} in term ${record.committedInTerm}`,
        );
      }
      return;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Commits and applies

  private onCommit(record: TraceRecord<'raft.commit'>): void {
    const server = this.lookup.find(record.region, record.server);
    const node = server?.node ?? null;
    if (server === undefined || node === null) return;
    const watch = this.watchOf(server, node);
    if (record.index <= watch.commitSeen) return;
    const region = this.region(server);
    for (let index = watch.commitSeen + 1; index <= record.index; index++) {
      const entry = node.entryAt(index);
      if (entry === undefined) continue;
      const digest = entryDigest(entry);
      const known = region.committed[index];
      if (known === undefined) {
        region.committed[index] = { term: entry.term, digest, committedInTerm: node.term, holder: serverLabel(server) };
      } else if (known.term !== entry.term || known.digest !== digest) {
        this.report(
          'committed entry changed',
          `${serverLabel(server)} committed entry ${index} (term ${entry.term}) but ${known.holder} committed a different one (term ${known.term})`,
        );
      } else if (node.term < known.committedInTerm) {
        known.committedInTerm = node.term;
      }
    }
    watch.commitSeen = record.index;
  }

  private onApply(record: TraceRecord<'raft.apply'>): void {
    const server = this.lookup.find(record.region, record.server);
    const node = server?.node ?? null;
    if (server === undefined || node === null) return;
    const watch = this.watchOf(server, node);
    const label = serverLabel(server);
    if (record.index !== watch.nextApply) {
      this.report('state machine safety', `${label} applied index ${record.index} when index ${watch.nextApply} was next`);
    }
    watch.nextApply = record.index + 1;
    const applied = this.region(server).applied;
    const first = applied.get(record.index);
    if (first === undefined) applied.set(record.index, { digest: record.digest, holder: label });
    else if (first.digest !== record.digest) {
      this.report('state machine safety', `${label} applied a different entry at index ${record.index} than ${first.holder}`);
    }
  }
}
