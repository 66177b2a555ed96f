/**
 * Armed faults ("nemesis triggers") that strike at a moment a schedule cannot name in advance:
 * when the next leader is elected, when a leader announces a commit, right after a server grants
 * its vote. Uniform random schedules hit such narrow windows too rarely to find the seeded Raft
 * bugs in a bounded number of runs; the triggers make the windows reachable, and the faults stay
 * plain (isolate, crash, restart).
 *
 * Isolations and vote-grant crashes are scheduled at +0 ms rather than applied inside the
 * observer, so that they happen between two events but before any message sent in the triggering
 * event is delivered (the network's latency is at least 1 ms). The commit crash is immediate: it
 * runs inside the leader's `commitAdvanced` effect, so the effects queued behind it (the next
 * AppendEntries it would send) are lost with the process, as they would be in a real crash.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { TraceRecord } from '../sim/trace.js';
import { ServerLookup } from './server-lookup.js';

export class NemesisTriggers {
  private isolateLeaders = 0;
  private crashLeaderAtCommit = false;
  private crashVoterDownFor: number | null = null;
  /** While a vote-grant trigger is armed: each server's last seen vote (`term/candidate`, '' = none). */
  private readonly votes = new Map<Server, string>();
  private readonly lookup: ServerLookup;
  private readonly detachers: Array<() => void> = [];
  /** Faults fired so far (for stats and transcripts). */
  fired = 0;

  constructor(private readonly cluster: Cluster) {
    this.lookup = new ServerLookup(cluster);
    const trace = cluster.sim.trace;
    const onRole = (record: TraceRecord<'raft.role'>): void => this.onRole(record);
    const onCommit = (record: TraceRecord<'raft.commit'>): void => this.onCommit(record);
    trace.on('raft.role', onRole);
    trace.on('raft.commit', onCommit);
    this.detachers.push(
      () => trace.off('raft.role', onRole),
      () => trace.off('raft.commit', onCommit),
      cluster.sim.onStep(() => this.afterStep()),
    );
  }

  /** Isolates each of the next `count` servers that become leader, as soon as they do. */
  isolateNextLeaders(count: number): void {
    this.isolateLeaders += count;
  }

  /** Crashes the next leader that announces a commit, right after it does. */
  crashNextLeaderCommit(): void {
    this.crashLeaderAtCommit = true;
  }

  /** Crashes the next server that grants a vote right after it grants it; restarts it `downFor` ms later. */
  crashNextVoteGrant(downFor: number): void {
    this.crashVoterDownFor = downFor;
    for (const server of this.cluster.servers) this.votes.set(server, voteOf(server));
  }

  /** Disarms everything. */
  disarm(): void {
    this.isolateLeaders = 0;
    this.crashLeaderAtCommit = false;
    this.crashVoterDownFor = null;
  }

  /** Stops observing the cluster. */
  detach(): void {
    this.disarm();
    for (const detach of this.detachers.splice(0)) detach();
  }

  private later(action: () => void): void {
    this.fired++;
    this.cluster.sim.schedule(0, action);
  }

  private onRole(record: TraceRecord<'raft.role'>): void {
    if (record.role !== 'leader' || this.isolateLeaders <= 0) return;
    const server = this.lookup.find(record.region, record.server);
    if (server === undefined) return;
    this.isolateLeaders--;
    this.later(() => this.cluster.network.isolate(server.address));
  }

  private onCommit(record: TraceRecord<'raft.commit'>): void {
    if (!this.crashLeaderAtCommit) return;
    const server = this.lookup.find(record.region, record.server);
    if (server === undefined || !server.isLeader) return;
    this.crashLeaderAtCommit = false;
    this.fired++;
    this.cluster.crash(server);
  }

  /** Notices vote grants: a follower whose vote for its current term changed to another server. */
  private afterStep(): void {
    const downFor = this.crashVoterDownFor;
    if (downFor === null) return;
    for (const server of this.cluster.servers) {
      const vote = voteOf(server);
      if (vote === (this.votes.get(server) ?? '')) continue;
      this.votes.set(server, vote);
      if (vote === '' || server.node?.role !== 'follower') continue;
      this.crashVoterDownFor = null;
      this.later(() => {
        this.cluster.crash(server);
        this.cluster.sim.schedule(downFor, () => {
          if (!server.isRunning) server.start();
        });
      });
      return;
    }
  }
}

/** `term/candidate` of the vote a server holds for another server, or ''. */
function voteOf(server: Server): string {
  const node = server.node;
  if (node === null || node.votedFor === null || node.votedFor === server.raftId) return '';
  return `${node.term}/${node.votedFor}`;
}
