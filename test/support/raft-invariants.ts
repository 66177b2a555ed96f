/**
 * The Raft test world's invariant checks, run while it runs; the first broken one throws
 * `RaftInvariantViolation` ("<property>: <detail>").
 *
 * The Raft safety properties are the cluster checker's own, `RaftGroupSafety` from src/check,
 * with the world's servers as the group's members: log matching and leader append-only at every
 * checkpoint; election safety and leader completeness when a node's `roleChanged` to leader runs,
 * i.e. once its term and self-vote are durable (a single-voter node decides in memory at once;
 * until that is synced nobody can see it, and a crash undoes it); committed entries never change
 * when a `commitAdvanced` effect runs, dated by the term in which the node decided it; state
 * machine safety at every applied entry.
 *
 * On top of those, what only this world can see: a snapshot image carries the state every server
 * had after its index (the toy state machine's hash chain), a granted vote is on disk before a
 * crash can lose it (vote durability), and acknowledged writes survive (`lostAckedWrite`, asked
 * once everything has healed).
 */
import { RaftGroupSafety } from '../../src/check/raft-group-safety.js';
import { entryDigest } from '../../src/raft/index.js';
import type { LogEntry, ProposeResult, RaftEffect, RaftNode } from '../../src/raft/index.js';
import type { CommitAdvancedEffect, RaftWorldObserver, SimServer } from './raft-world.js';

/** Thrown when an invariant is broken. */
export class RaftInvariantViolation extends Error {
  override readonly name = 'RaftInvariantViolation';
}

export interface RaftInvariantOptions {
  /** Check at every crash that granted votes were on disk (default true). */
  readonly checkVoteDurability?: boolean;
}

/** An acknowledged client write: the leader applied it, so a client would have been told "done". */
export interface AckedWrite {
  readonly index: number;
  readonly term: number;
  readonly digest: number;
}

export class RaftInvariants implements RaftWorldObserver {
  /** Acknowledged writes, in the order they were acknowledged. */
  readonly acked: AckedWrite[] = [];
  private readonly group = new RaftGroupSafety<SimServer>(
    'the test cluster',
    (server) => server.id,
    (property, detail) => {
      throw new RaftInvariantViolation(`${property}: ${detail}`);
    },
  );
  /** The toy state machine's hash after each index, as the first server to reach it had it. */
  private readonly chainAt: (number | undefined)[] = [];
  /** Tracked proposals by `index/term`, until their leader applies them. */
  private readonly pendingAcks = new Map<string, AckedWrite>();
  /** The term a node was in when it decided a commit (its commitAdvanced effect may run later). */
  private readonly decidedInTerm = new WeakMap<RaftEffect, number>();

  constructor(private readonly options: RaftInvariantOptions = {}) {}

  /** The highest index anyone saw committed. */
  get highestCommitted(): number {
    return this.group.highestCommitted;
  }

  /** Whether the entry of `term` at `index` is known to be committed. */
  isCommitted(index: number, term: number): boolean {
    return this.group.committedAt(index)?.term === term;
  }

  effectsTaken(_server: SimServer, node: RaftNode, effects: readonly RaftEffect[]): void {
    for (const effect of effects)
      if (effect.type === 'commitAdvanced') this.decidedInTerm.set(effect, node.term);
  }

  checkpoint(servers: Iterable<SimServer>): void {
    for (const server of servers) {
      const node = server.node;
      if (node === null) continue;
      this.group.scanLog(server, server.incarnation, node);
      this.group.checkAppendOnly(server, server.incarnation, node);
    }
  }

  leaderAnnounced(server: SimServer, node: RaftNode, term: number): void {
    this.group.claimTerm(server, term);
    if (node.role === 'leader' && node.term === term)
      this.group.checkLeader(server, server.incarnation, node);
  }

  commitAnnounced(server: SimServer, node: RaftNode, effect: CommitAdvancedEffect): void {
    this.group.committed(
      server,
      server.incarnation,
      node,
      effect.index,
      this.decidedInTerm.get(effect) ?? node.term,
    );
  }

  applied(server: SimServer, node: RaftNode, entry: LogEntry): void {
    const digest = entryDigest(entry);
    this.group.applied(server, server.incarnation, node, entry.index, digest);
    this.checkChain(server, entry.index);
    const key = `${entry.index}/${entry.term}`;
    const ack = this.pendingAcks.get(key);
    if (ack !== undefined && node.role === 'leader' && ack.digest === digest) {
      this.pendingAcks.delete(key);
      this.acked.push(ack);
    }
  }

  snapshotRestored(server: SimServer, node: RaftNode, index: number): void {
    if (server.fsm.index !== index) {
      throw new RaftInvariantViolation(
        `snapshot image: ${server.id} restored an image of index ${server.fsm.index} from a snapshot of index ${index}`,
      );
    }
    this.checkChain(server, index);
    this.group.snapshotInstalled(server, server.incarnation, node, index);
  }

  /** A granted vote is a promise: it must be on disk before anyone can see it (checked at crash). */
  crashing(server: SimServer): void {
    const vote = server.voteGranted;
    if (vote === null || this.options.checkVoteDurability === false) return;
    const disk = server.disk;
    if (disk.term > vote.term || (disk.term === vote.term && disk.votedFor === vote.candidate))
      return;
    throw new RaftInvariantViolation(
      `vote durability: ${server.id} granted its term-${vote.term} vote to ${vote.candidate} but its disk has term ${disk.term}, vote ${String(disk.votedFor)}`,
    );
  }

  proposed(_server: SimServer, node: RaftNode, result: Extract<ProposeResult, { ok: true }>): void {
    const entry = node.entryAt(result.index);
    if (entry === undefined)
      throw new Error(`proposal at index ${result.index} is not in ${node.id}'s log`);
    this.pendingAcks.set(`${result.index}/${result.term}`, {
      index: result.index,
      term: result.term,
      digest: entryDigest(entry),
    });
  }

  /** The first acknowledged write that `node` lacks, or null. */
  lostAckedWrite(node: RaftNode): AckedWrite | null {
    for (const write of this.acked) {
      const termThere = node.termAt(write.index);
      const entry = node.entryAt(write.index);
      const lost =
        termThere === undefined
          ? write.index > node.snapshotIndex
          : termThere !== write.term ||
            (entry !== undefined && entryDigest(entry) !== write.digest);
      if (lost) return write;
    }
    return null;
  }

  /** The state after applying index i is the same on every server, snapshot images included. */
  private checkChain(server: SimServer, index: number): void {
    const hash = server.fsm.hash;
    const known = this.chainAt[index];
    if (known === undefined) this.chainAt[index] = hash;
    else if (known !== hash) {
      throw new RaftInvariantViolation(
        `state machine safety: ${server.id} has a different state after index ${index}`,
      );
    }
  }
}
