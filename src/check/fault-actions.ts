/**
 * Fault schedules as plain data, and the driver that applies them to a simulated cluster.
 *
 * A schedule is a list of steps: wait `after` ms of virtual time, then apply one action. Actions
 * name servers by a number taken modulo the number of servers (so a shrunk or generated schedule is
 * valid for any cluster size), and leaders by region number. Being data, a failing schedule can be
 * printed, shrunk by fast-check, stored and replayed.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { RaftNode } from '../raft/index.js';
import type { AckLedger } from './ack-ledger.js';
import { NemesisTriggers } from './nemesis.js';
import type { TimedClient } from './timed-client.js';

export type FaultAction =
  /** `count` kv writes, each with a fresh key, entering at server `server`. */
  | { readonly kind: 'write'; readonly server: number; readonly count: number }
  | { readonly kind: 'crash'; readonly server: number }
  | { readonly kind: 'crashLeader'; readonly region?: number }
  /** Crashes the running server with the most up-to-date log (last term, then last index). */
  | { readonly kind: 'crashMostUpToDate'; readonly region?: number }
  /** Starts a server that is down (no-op when it runs). */
  | { readonly kind: 'restart'; readonly server: number }
  | { readonly kind: 'restartAll' }
  /** Starts the server that has been down longest. */
  | { readonly kind: 'restartLongestDown' }
  /** A graceful stop (leadership handed over first), then a start after the restart delay. */
  | { readonly kind: 'gracefulRestart'; readonly server: number }
  | { readonly kind: 'isolate'; readonly server: number }
  | { readonly kind: 'isolateLeader'; readonly region?: number }
  /** Splits the servers in two by `sides[i % sides.length]`; one-way blocks only side true -> false. */
  | { readonly kind: 'partition'; readonly sides: readonly boolean[]; readonly oneWay: boolean }
  | { readonly kind: 'heal' }
  | { readonly kind: 'loss'; readonly rate: number }
  | { readonly kind: 'duplicate'; readonly rate: number }
  | { readonly kind: 'isolateNextLeaders'; readonly count: number }
  | { readonly kind: 'crashNextLeaderCommit' }
  | { readonly kind: 'crashNextVoteGrant'; readonly downFor: number };

export type FaultKind = FaultAction['kind'];

export interface FaultStep {
  /** Virtual ms to wait before the action. */
  readonly after: number;
  readonly action: FaultAction;
}

/** One line per step, for failure reports: `+120 ms crash server 2`. */
export function describeSchedule(schedule: readonly FaultStep[]): string {
  return schedule.map((step) => `+${step.after} ms ${describeAction(step.action)}`).join('\n');
}

export function describeAction(action: FaultAction): string {
  const { kind, ...rest } = action;
  const fields = Object.entries(rest).map(
    ([k, v]) => `${k}=${Array.isArray(v) ? v.map((b) => (b ? 1 : 0)).join('') : String(v)}`,
  );
  return fields.length === 0 ? kind : `${kind} ${fields.join(' ')}`;
}

export interface FaultDriverOptions {
  /** Virtual ms between the stop and the start of a graceful restart. Default 500. */
  restartDelayMs?: number;
}

/** Applies fault actions to a cluster, sends the writes they ask for and records the acknowledgements. */
export class FaultDriver {
  readonly triggers: NemesisTriggers;
  private readonly downSince = new Map<Server, number>();
  private readonly pending = new Set<Promise<void>>();
  private nextKey = 1;
  private readonly restartDelayMs: number;
  private readonly stopListener: () => void;
  readonly stats = { faults: 0, writesSent: 0, writesAcked: 0, writesFailed: 0 };

  constructor(
    private readonly cluster: Cluster,
    private readonly client: TimedClient,
    private readonly ledger: AckLedger,
    options: FaultDriverOptions = {},
  ) {
    this.triggers = new NemesisTriggers(cluster);
    this.restartDelayMs = options.restartDelayMs ?? 500;
    const onStop = (record: { region: string; server: string }): void => {
      const server = cluster.servers.find(
        (s) => s.region === record.region && s.name === record.server,
      );
      if (server !== undefined) this.downSince.set(server, cluster.sim.now);
    };
    cluster.sim.trace.on('server.stop', onStop);
    this.stopListener = () => cluster.sim.trace.off('server.stop', onStop);
  }

  private serverAt(n: number): Server {
    const servers = this.cluster.servers;
    return servers[((n % servers.length) + servers.length) % servers.length] as Server;
  }

  private regionAt(n = 0): string {
    const names = this.cluster.regionNames;
    return names[((n % names.length) + names.length) % names.length] as string;
  }

  /**
   * Applies one action now and returns the servers it struck at once (crashed, started, stopped
   * or isolated): which server a `crashLeader` hit, say. Writes, partitions, network settings and
   * armed triggers return none.
   */
  apply(action: FaultAction): Server[] {
    const { cluster } = this;
    if (action.kind !== 'write') this.stats.faults++;
    switch (action.kind) {
      case 'write':
        for (let i = 0; i < action.count; i++) this.write(this.serverAt(action.server));
        return [];
      case 'crash': {
        const server = this.serverAt(action.server);
        cluster.crash(server);
        return [server];
      }
      case 'crashLeader': {
        const leader = cluster.leaderOf(this.regionAt(action.region));
        if (leader === null) return [];
        cluster.crash(leader);
        return [leader];
      }
      case 'crashMostUpToDate': {
        const best = mostUpToDate(cluster.serversOf(this.regionAt(action.region)), (s) =>
          s.isRunning ? s.node : null,
        );
        if (best === null) return [];
        cluster.crash(best);
        return [best];
      }
      case 'restart':
        return startIfDown(this.serverAt(action.server));
      case 'restartAll':
        return cluster.servers.flatMap(startIfDown);
      case 'restartLongestDown': {
        const down = cluster.servers.filter((s) => !s.isRunning);
        down.sort((a, b) => (this.downSince.get(a) ?? 0) - (this.downSince.get(b) ?? 0));
        return down[0] === undefined ? [] : startIfDown(down[0]);
      }
      case 'gracefulRestart': {
        const server = this.serverAt(action.server);
        if (!server.isRunning) return [];
        server.stopGracefully(() =>
          cluster.sim.schedule(this.restartDelayMs, () => startIfDown(server)),
        );
        return [server];
      }
      case 'isolate': {
        const server = this.serverAt(action.server);
        cluster.network.isolate(server.address);
        return [server];
      }
      case 'isolateLeader': {
        const leader = cluster.leaderOf(this.regionAt(action.region));
        if (leader === null) return [];
        cluster.network.isolate(leader.address);
        return [leader];
      }
      case 'partition': {
        const sides = action.sides.length === 0 ? [true] : action.sides;
        const a = cluster.servers
          .filter((_, i) => sides[i % sides.length] === true)
          .map((s) => s.address);
        const b = cluster.servers
          .filter((_, i) => sides[i % sides.length] !== true)
          .map((s) => s.address);
        if (a.length > 0 && b.length > 0) cluster.network.partition(a, b, action.oneWay);
        return [];
      }
      case 'heal':
        cluster.network.heal();
        return [];
      case 'loss':
        cluster.network.setLoss(action.rate);
        return [];
      case 'duplicate':
        cluster.network.setDuplicate(action.rate);
        return [];
      case 'isolateNextLeaders':
        this.triggers.isolateNextLeaders(action.count);
        return [];
      case 'crashNextLeaderCommit':
        this.triggers.crashNextLeaderCommit();
        return [];
      case 'crashNextVoteGrant':
        this.triggers.crashNextVoteGrant(action.downFor);
        return [];
    }
  }

  /** Sends one kv write with a fresh key through `server`; an ok reply goes into the ledger. */
  write(server: Server): void {
    const n = this.nextKey++;
    const key = `w${n}`;
    const value = `v${n}@${this.cluster.sim.now}`;
    const region = server.homeRegion;
    this.stats.writesSent++;
    const sent = this.client.submit(server.address, { type: 'kv.set', key, value }).then(
      (reply) => {
        if (reply.ok) {
          this.stats.writesAcked++;
          this.ledger.record({
            region,
            key,
            value,
            index: (reply.value as { index: number }).index,
            time: this.cluster.sim.now,
          });
        } else {
          this.stats.writesFailed++;
        }
      },
      () => {
        // The run was stopped (a violation was thrown in the event loop); the runner reports it.
      },
    );
    const tracked = sent.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Ends every fault: disarms triggers, heals the network, clears loss and duplication, starts every server. */
  healEverything(): void {
    this.triggers.disarm();
    this.cluster.network.heal();
    this.cluster.network.setLoss(0);
    this.cluster.network.setDuplicate(0);
    for (const server of this.cluster.servers) startIfDown(server);
  }

  /** Resolves once every write sent so far has its answer (or timed out). */
  async writesSettled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  detach(): void {
    this.triggers.detach();
    this.stopListener();
  }
}

/** Starts `server` if it is down; returns it when it was started. */
function startIfDown(server: Server): Server[] {
  if (server.isRunning) return [];
  server.start();
  return [server];
}

/**
 * The item whose Raft log is most up to date (last term, then last index; the first one on a tie),
 * among those `nodeOf` gives a node for; null when there is none.
 */
export function mostUpToDate<T>(
  items: Iterable<T>,
  nodeOf: (item: T) => RaftNode | null,
): T | null {
  let best: T | null = null;
  let top: RaftNode | null = null;
  for (const item of items) {
    const node = nodeOf(item);
    if (node === null) continue;
    if (
      top === null ||
      node.lastTerm > top.lastTerm ||
      (node.lastTerm === top.lastTerm && node.lastIndex > top.lastIndex)
    ) {
      best = item;
      top = node;
    }
  }
  return best;
}
