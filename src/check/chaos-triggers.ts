/**
 * One-shot triggers for the armed faults of a chaos run: each watches the federation for one kind
 * of moment (a server grants a vote, a leader announces a commit, a server becomes leader, a
 * follower acknowledges an append, a leader stores a replicated ACL object) and hands the server
 * to a callback the first time it happens. Random faults almost never land in such windows; these
 * make them reachable while the faults themselves stay plain (crash, isolate).
 *
 * A trigger listens only while it is armed, so a run that never arms one pays nothing and builds
 * no extra trace records. Callbacks run at +0 ms (after the current event, before any message it
 * sent is delivered: the network's latency is at least 1 ms), except the commit trigger, which
 * fires inside the leader's commit effect as `NemesisTriggers` does.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { TraceKind, TraceRecord } from '../sim/trace.js';
import { ServerLookup } from './server-lookup.js';

type Fire = (server: Server) => void;

/** A server's current vote for another server (`term/candidate`), or ''. */
function voteOf(server: Server): string {
  const node = server.node;
  if (node === null || node.votedFor === null || node.votedFor === server.raftId) return '';
  return `${node.term}/${node.votedFor}`;
}

export class ChaosTriggers {
  private readonly lookup: ServerLookup;
  private readonly disarmers = new Map<string, () => void>();
  /** Set by `stop`: nothing is armed any more and fired callbacks still scheduled do nothing. */
  private stopped = false;

  constructor(private readonly cluster: Cluster) {
    this.lookup = new ServerLookup(cluster);
  }

  /** The next server of `region` (any region when null) that grants a vote to another server. */
  nextVoteGrant(region: string | null, fire: Fire): void {
    if (this.stopped || this.disarmers.has('vote')) return;
    const servers = region === null ? this.cluster.servers : this.cluster.serversOf(region);
    const seen = new Map(servers.map((server) => [server, voteOf(server)]));
    const stop = this.cluster.sim.onStep(() => {
      for (const server of servers) {
        const vote = voteOf(server);
        if (vote === seen.get(server)) continue;
        seen.set(server, vote);
        if (vote === '' || server.node?.role !== 'follower') continue;
        this.fire('vote', server, fire);
        return;
      }
    });
    this.disarmers.set('vote', stop);
  }

  /**
   * The next leader of `region` (any when null) that announces a commit; fires inside its commit
   * effect. `key` names the trigger (one armed per key).
   */
  nextLeaderCommit(region: string | null, fire: Fire, key = 'commit'): void {
    this.onRecord(key, 'raft.commit', (record) => {
      if (region !== null && record.region !== region) return;
      const server = this.lookup.find(record.region, record.server);
      if (server === undefined || !server.isLeader) return;
      this.disarm(key);
      fire(server);
    });
  }

  /** Each of the next `count` servers of `region` (any when null) that become leader. */
  nextLeader(region: string | null, fire: Fire, count = 1, key = 'leader'): void {
    let left = count;
    this.onRecord(key, 'raft.role', (record) => {
      if (record.role !== 'leader' || (region !== null && record.region !== region)) return;
      const server = this.lookup.find(record.region, record.server);
      if (server === undefined) return;
      left--;
      if (left > 0) {
        this.cluster.sim.schedule(0, () => {
          if (!this.stopped) fire(server);
        });
      } else {
        this.fire(key, server, fire);
      }
    });
  }

  /** The next follower that sends an AppendEntries acknowledgement. */
  nextAppendAck(fire: Fire): void {
    this.onRecord('append-ack', 'net.send', (record) => {
      if (record.what !== 'appendEntriesResponse') return;
      const slash = record.from.indexOf('/');
      const server =
        slash < 0
          ? undefined
          : this.lookup.find(record.from.slice(0, slash), record.from.slice(slash + 1));
      if (server !== undefined && server.isRunning && !server.isLeader)
        this.fire('append-ack', server, fire);
    });
  }

  /** The next leader that stores a replicated ACL object (the middle of a replication round). */
  nextReplicationWrite(fire: Fire): void {
    this.onRecord('replication', 'acl.replicate.object', (record) => {
      const server = this.cluster.leaderOf(record.region);
      if (server !== null) this.fire('replication', server, fire);
    });
  }

  /** Disarms every trigger. */
  disarmAll(): void {
    for (const name of [...this.disarmers.keys()]) this.disarm(name);
  }

  /** Disarms every trigger for good: later arming is ignored, callbacks already scheduled do nothing. */
  stop(): void {
    this.stopped = true;
    this.disarmAll();
  }

  /** Disarms the trigger named `key`, if armed. */
  disarm(key: string): void {
    const disarm = this.disarmers.get(key);
    if (disarm === undefined) return;
    this.disarmers.delete(key);
    disarm();
  }

  private onRecord<K extends TraceKind>(
    name: string,
    kind: K,
    listener: (record: TraceRecord<K>) => void,
  ): void {
    if (this.stopped || this.disarmers.has(name)) return;
    // eventemitter3's typed overloads cannot match a generic kind with its listener; they do match.
    const trace = this.cluster.sim.trace as unknown as {
      on(kind: string, f: (record: TraceRecord<K>) => void): void;
      off(kind: string, f: (record: TraceRecord<K>) => void): void;
    };
    trace.on(kind, listener);
    this.disarmers.set(name, () => trace.off(kind, listener));
  }

  private fire(name: string, server: Server, fire: Fire): void {
    this.disarm(name);
    this.cluster.sim.schedule(0, () => {
      if (!this.stopped) fire(server);
    });
  }
}
