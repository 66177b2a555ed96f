/**
 * Raft's safety properties for one Raft group (docs/architecture.md principle 7), judged from what the Raft
 * nodes of its members hold and announce. The cluster's checker keeps one per region
 * (`RaftSafetyChecker`); the Raft test harness keeps one for its servers. Members are whatever
 * the caller uses to name a server (a `Server`, a harness server); each is watched per
 * incarnation, and a new incarnation starts a fresh watch from the node's snapshot.
 *
 * - election safety: at most one leader per term (`claimTerm`);
 * - leader append-only: a leader never overwrites or deletes entries of its own log
 *   (`checkLeader`, `checkAppendOnly`);
 * - log matching: two logs holding an entry with the same index and term hold the same entry and
 *   the same prefix. Every entry any member ever holds is recorded once as (index, term) ->
 *   (digest, term of the entry before it); a second entry under the same key with another digest
 *   or another predecessor term breaks it. By induction on the index this covers whole prefixes
 *   (`scanLog`);
 * - committed entries never change: every commit a member announces is compared with what other
 *   members committed at that index (`committed`);
 * - leader completeness: a new leader holds the highest entry committed in an earlier term (with
 *   log matching, that means it holds every such entry) (`checkLeader`);
 * - state machine safety: every member applies the same entry at each index, in order without
 *   gaps (`applied`, `snapshotInstalled`).
 *
 * The caller decides when to look (after every simulation event, when an effect runs, on a trace
 * record); `observe` is the whole per-step check. The per-step work is O(1) plus the entries
 * appended since the last step: a member's log is scanned once from where the previous scan
 * ended, and rescanned from its commit index only when its uncommitted tail was replaced.
 */
import { entryDigest } from '../raft/index.js';
import type { LogEntry, RaftNode } from '../raft/index.js';
import type { ReportViolation } from './violation.js';

interface LogRecord {
  readonly term: number;
  readonly digest: number;
  /** Term of the entry before it, when the recording member still held it. */
  prevTerm: number | undefined;
  readonly holder: string;
}

interface CommittedRecord {
  readonly term: number;
  readonly digest: number;
  /** The lowest term in which a member announced this commit: committed no later than that term. */
  committedInTerm: number;
  readonly holder: string;
}

/** What one incarnation of a member has been seen doing. */
interface MemberWatch {
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
  /** The next index this member must apply. */
  nextApply: number;
}

/** A committed entry as the group recorded it. */
export interface CommittedEntry {
  readonly term: number;
  readonly digest: number;
}

export class RaftGroupSafety<M> {
  private readonly leaderOfTerm = new Map<number, M>();
  private readonly log = new Map<number, LogRecord[]>();
  private readonly committedEntries: Array<CommittedRecord | undefined> = [];
  private readonly appliedEntries = new Map<number, { digest: string | number; holder: string }>();
  private readonly watches = new Map<M, MemberWatch>();
  /** Leaders seen (one per term). */
  leadersSeen = 0;

  constructor(
    /** How messages name the group, after "of": `region global`. */
    private readonly name: string,
    /** How messages name a member. */
    private readonly label: (member: M) => string,
    private readonly report: ReportViolation,
  ) {}

  /** The whole per-step check: log matching over the member's new entries, and its leader checks while it leads. */
  observe(member: M, incarnation: number, node: RaftNode): void {
    this.scanLog(member, incarnation, node);
    if (node.role !== 'leader') return;
    this.claimTerm(member, node.term);
    this.checkLeader(member, incarnation, node);
  }

  /** The highest committed index recorded so far (0: none). */
  get highestCommitted(): number {
    return Math.max(0, this.committedEntries.length - 1);
  }

  /** The entry recorded as committed at `index`, if any. */
  committedAt(index: number): CommittedEntry | undefined {
    return this.committedEntries[index];
  }

  /** The watch of the member's current incarnation (reset when it restarted). */
  private watchOf(member: M, incarnation: number, node: RaftNode): MemberWatch {
    const existing = this.watches.get(member);
    if (existing !== undefined && existing.incarnation === incarnation) return existing;
    const watch: MemberWatch = {
      incarnation,
      leaderTerm: 0,
      leaderLastIndex: 0,
      leaderLastEntry: undefined,
      leaderLastDigest: 0,
      scanned: node.snapshotIndex,
      scannedTerm: node.snapshotTerm,
      commitSeen: node.snapshotIndex,
      nextApply: node.snapshotIndex + 1,
    };
    this.watches.set(member, watch);
    return watch;
  }

  // ---------------------------------------------------------------------------------------------
  // Log matching

  /** Records, for log matching, every entry of the member's log not recorded since its last scan. */
  scanLog(member: M, incarnation: number, node: RaftNode): void {
    const watch = this.watchOf(member, incarnation, node);
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
      this.recordLogEntry(member, entry, node.termAt(index - 1));
    }
    watch.scanned = last;
    watch.scannedTerm = node.lastTerm;
  }

  private recordLogEntry(member: M, entry: LogEntry, prevTerm: number | undefined): void {
    const digest = entryDigest(entry);
    const records = this.log.get(entry.index);
    const label = this.label(member);
    if (records === undefined) {
      this.log.set(entry.index, [{ term: entry.term, digest, prevTerm, holder: label }]);
      return;
    }
    const same = records.find((r) => r.term === entry.term);
    if (same === undefined) {
      records.push({ term: entry.term, digest, prevTerm, holder: label });
      return;
    }
    if (same.digest !== digest) {
      this.report(
        'log matching',
        `${label} and ${same.holder} hold different entries at index ${entry.index} in term ${entry.term}`,
      );
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

  /** Election safety: the member leads `term`, which no other member may lead. */
  claimTerm(member: M, term: number): void {
    const owner = this.leaderOfTerm.get(term);
    if (owner === undefined) {
      this.leaderOfTerm.set(term, member);
      this.leadersSeen++;
    } else if (owner !== member) {
      this.report(
        'election safety',
        `${this.label(owner)} and ${this.label(member)} both lead term ${term} of ${this.name}`,
      );
    }
  }

  /**
   * While the member's node leads: the first time it is seen leading its term, leader
   * completeness; after that, leader append-only.
   */
  checkLeader(member: M, incarnation: number, node: RaftNode): void {
    const watch = this.watchOf(member, incarnation, node);
    if (watch.leaderTerm !== node.term) {
      this.checkCompleteness(member, node);
      watch.leaderTerm = node.term;
      this.rememberLeaderTail(node, watch);
      return;
    }
    this.appendOnly(member, node, watch);
  }

  /** Leader append-only for a node already seen leading its term (`checkLeader`); nothing otherwise. */
  checkAppendOnly(member: M, incarnation: number, node: RaftNode): void {
    const watch = this.watchOf(member, incarnation, node);
    if (node.role === 'leader' && watch.leaderTerm === node.term)
      this.appendOnly(member, node, watch);
  }

  private appendOnly(member: M, node: RaftNode, watch: MemberWatch): void {
    const term = node.term;
    if (node.lastIndex < watch.leaderLastIndex) {
      this.report(
        'leader append-only',
        `${this.label(member)}, leader of term ${term}, shrank its log from ${watch.leaderLastIndex} to ${node.lastIndex}`,
      );
    }
    const entry = node.entryAt(watch.leaderLastIndex);
    if (entry !== watch.leaderLastEntry) {
      const changed =
        entry === undefined
          ? watch.leaderLastIndex > node.snapshotIndex
          : entryDigest(entry) !== watch.leaderLastDigest;
      if (changed)
        this.report(
          'leader append-only',
          `${this.label(member)}, leader of term ${term}, replaced its entry at index ${watch.leaderLastIndex}`,
        );
    }
    if (node.lastIndex !== watch.leaderLastIndex) this.rememberLeaderTail(node, watch);
  }

  private rememberLeaderTail(node: RaftNode, watch: MemberWatch): void {
    const entry = node.entryAt(node.lastIndex);
    watch.leaderLastIndex = node.lastIndex;
    watch.leaderLastEntry = entry;
    watch.leaderLastDigest = entry === undefined ? 0 : entryDigest(entry);
  }

  /** The new leader must hold the highest entry committed before its term. */
  private checkCompleteness(member: M, node: RaftNode): void {
    const term = node.term;
    for (let index = this.committedEntries.length - 1; index >= 1; index--) {
      const record = this.committedEntries[index];
      if (record === undefined || record.committedInTerm >= term) continue;
      if (index <= node.snapshotIndex) return;
      const entry = node.entryAt(index);
      if (
        node.termAt(index) !== record.term ||
        (entry !== undefined && entryDigest(entry) !== record.digest)
      ) {
        this.report(
          'leader completeness',
          `${this.label(member)}, leader of term ${term}, lacks entry ${index} (term ${record.term}) committed by ${record.holder} in term ${record.committedInTerm}`,
        );
      }
      return;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Commits and applies

  /**
   * The member announced its commit index `index` (once the entries are durable): no committed
   * entry may differ from what another member committed there. `committedInTerm` is the term in
   * which the commit was decided, by default the node's current term.
   */
  committed(
    member: M,
    incarnation: number,
    node: RaftNode,
    index: number,
    committedInTerm: number = node.term,
  ): void {
    const watch = this.watchOf(member, incarnation, node);
    if (index <= watch.commitSeen) return;
    for (let i = watch.commitSeen + 1; i <= index; i++) {
      const entry = node.entryAt(i);
      if (entry === undefined) continue;
      const digest = entryDigest(entry);
      const known = this.committedEntries[i];
      if (known === undefined) {
        this.committedEntries[i] = {
          term: entry.term,
          digest,
          committedInTerm,
          holder: this.label(member),
        };
      } else if (known.term !== entry.term || known.digest !== digest) {
        this.report(
          'committed entry changed',
          `${this.label(member)} committed entry ${i} (term ${entry.term}) but ${known.holder} committed a different one (term ${known.term})`,
        );
      } else if (committedInTerm < known.committedInTerm) {
        known.committedInTerm = committedInTerm;
      }
    }
    watch.commitSeen = index;
  }

  /**
   * The member applied the entry at `index`, whose content `digest` names (any value compared
   * with `===`): it must be the next index, and the same entry every other member applied there.
   */
  applied(
    member: M,
    incarnation: number,
    node: RaftNode,
    index: number,
    digest: string | number,
  ): void {
    const watch = this.watchOf(member, incarnation, node);
    const label = this.label(member);
    if (index !== watch.nextApply) {
      this.report(
        'state machine safety',
        `${label} applied index ${index} when index ${watch.nextApply} was next`,
      );
    }
    watch.nextApply = index + 1;
    const first = this.appliedEntries.get(index);
    if (first === undefined) this.appliedEntries.set(index, { digest, holder: label });
    else if (first.digest !== digest) {
      this.report(
        'state machine safety',
        `${label} applied a different entry at index ${index} than ${first.holder}`,
      );
    }
  }

  /** The member's state machine was replaced by a snapshot up to `index`: it applies from the next index. */
  snapshotInstalled(member: M, incarnation: number, node: RaftNode, index: number): void {
    this.watchOf(member, incarnation, node).nextApply = index + 1;
  }
}
