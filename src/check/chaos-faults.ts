/**
 * The random faults of a chaos run, drawn from the run's seed with the weights of its fault mix
 * (chaos-mix.ts): crashes (of any server or of a region's leader) with a restart some seconds
 * later, graceful restarts, partitions inside a region (both ways or one way), isolated servers,
 * regions cut off from each other, changes of the message loss and duplication rates, and armed
 * faults that strike at a moment a schedule cannot name in advance (chaos-triggers.ts). Every
 * fault undoes itself after a random time, so the federation keeps working between faults;
 * `healEverything` ends them all (and disarms what is armed) for the final checks.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { Rng } from '../sim/random.js';
import {
  CHAOS_FAULT_KINDS,
  CHAOS_FAULT_MIXES,
  type ChaosFaultKind,
  type ChaosFaultWeights,
  type MsRange,
} from './chaos-mix.js';
import { ChaosTriggers } from './chaos-triggers.js';
import { mostUpToDate } from './fault-actions.js';

export type { ChaosFaultKind } from './chaos-mix.js';

const LOSS_RATES = [0.01, 0.05, 0.2];
const DUPLICATE_RATES = [0.02, 0.1];
/** Virtual ms a server crashed right after a vote grant or an append ack stays down. */
const SHORT_DOWN_MS: MsRange = { min: 10, max: 200 };
/** Virtual ms the leader crashed by a `lostVote` fault stays down. */
const LOST_VOTE_LEADER_DOWN_MS: MsRange = { min: 200, max: 800 };

export interface ChaosFaultOptions {
  /** Virtual ms a crashed server stays down: drawn in this range. */
  downMs?: MsRange;
  /** Virtual ms a partition or a loss/duplication change lasts. */
  faultMs?: MsRange;
  /** Virtual ms between the stop and the start of a graceful restart. Default 2 000. */
  restartDelayMs?: number;
  /** Relative weight of each fault kind. Default: the `default` mix. */
  weights?: ChaosFaultWeights;
  /** The authoritative ACL region when other regions replicate from it (enables replication faults). */
  replicationFrom?: string | null;
}

export class ChaosFaults {
  readonly counts = Object.fromEntries(CHAOS_FAULT_KINDS.map((kind) => [kind, 0])) as Record<
    ChaosFaultKind,
    number
  >;
  private readonly downMs: MsRange;
  private readonly faultMs: MsRange;
  private readonly restartDelayMs: number;
  private readonly kinds: ReadonlyArray<readonly [ChaosFaultKind, number]>;
  private readonly total: number;
  /** Created on the first armed fault, so that a run without any pays nothing for them. */
  private triggersValue: ChaosTriggers | null = null;
  /** Set by `healEverything`: what armed and compound faults still have scheduled does nothing then. */
  private ended = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly rng: Rng,
    options: ChaosFaultOptions = {},
  ) {
    this.downMs = options.downMs ?? { min: 1_000, max: 20_000 };
    this.faultMs = options.faultMs ?? { min: 2_000, max: 30_000 };
    this.restartDelayMs = options.restartDelayMs ?? 2_000;
    const weights = options.weights ?? CHAOS_FAULT_MIXES.default.weights;
    const possible = (kind: ChaosFaultKind): boolean =>
      (kind !== 'splitRegions' || cluster.regionNames.length > 1) &&
      (kind !== 'crashMidReplication' || (options.replicationFrom ?? null) !== null);
    this.kinds = CHAOS_FAULT_KINDS.filter((kind) => weights[kind] > 0 && possible(kind)).map(
      (kind) => [kind, weights[kind]] as const,
    );
    this.total = this.kinds.reduce((sum, [, weight]) => sum + weight, 0);
  }

  /** Whether the mix has any fault this federation can suffer. */
  get empty(): boolean {
    return this.total === 0;
  }

  /** Draws one fault and applies it now (the mix must not be empty). */
  strike(): ChaosFaultKind {
    const kind = this.drawKind();
    this.counts[kind]++;
    this.apply(kind);
    return kind;
  }

  /** Ends every fault: heals the network, clears loss and duplication, starts every server. */
  healEverything(): void {
    this.ended = true;
    this.triggersValue?.stop();
    const { network } = this.cluster;
    network.heal();
    network.setLoss(0);
    network.setDuplicate(0);
    for (const server of this.cluster.servers) if (!server.isRunning) server.start();
  }

  private drawKind(): ChaosFaultKind {
    let roll = this.rng.int(1, this.total);
    for (const [kind, weight] of this.kinds) {
      roll -= weight;
      if (roll <= 0) return kind;
    }
    return (this.kinds[0] as readonly [ChaosFaultKind, number])[0];
  }

  private apply(kind: ChaosFaultKind): void {
    const { cluster, rng } = this;
    const { network } = cluster;
    switch (kind) {
      case 'crash':
        return this.crash(rng.pick(cluster.servers));
      case 'crashLeader': {
        const leader = cluster.leaderOf(rng.pick(cluster.regionNames));
        if (leader !== null) this.crash(leader);
        return;
      }
      case 'gracefulRestart': {
        const server = rng.pick(cluster.servers);
        if (!server.isRunning) return;
        server.stopGracefully(() => this.startLater(server, this.restartDelayMs));
        return;
      }
      case 'partition':
      case 'partitionOneWay': {
        const region = cluster.serversOf(rng.pick(cluster.regionNames)).map((s) => s.address);
        if (region.length < 2) return;
        const shuffled = rng.shuffle(region);
        const cut = rng.int(1, shuffled.length - 1);
        this.healLater(
          network.partition(
            shuffled.slice(0, cut),
            shuffled.slice(cut),
            kind === 'partitionOneWay',
          ),
        );
        return;
      }
      case 'isolate':
        this.healLater(network.isolate(rng.pick(cluster.servers).address));
        return;
      case 'splitRegions': {
        const [a, b] = rng.shuffle(cluster.regionNames);
        if (a === undefined || b === undefined) return;
        const addresses = (region: string): string[] =>
          cluster.serversOf(region).map((s) => s.address);
        this.healLater(network.partition(addresses(a), addresses(b)));
        return;
      }
      case 'healAll':
        network.heal();
        return;
      case 'loss':
        network.setLoss(rng.pick(LOSS_RATES));
        cluster.sim.schedule(this.faultDuration(), () => network.setLoss(0));
        return;
      case 'duplicate':
        network.setDuplicate(rng.pick(DUPLICATE_RATES));
        cluster.sim.schedule(this.faultDuration(), () => network.setDuplicate(0));
        return;
      case 'crashAfterVote':
        this.triggers.nextVoteGrant(null, (server) =>
          this.crashFor(server, this.draw(SHORT_DOWN_MS)),
        );
        return;
      case 'crashAtCommit':
        this.triggers.nextLeaderCommit(null, (server) => this.crash(server));
        return;
      case 'isolateNewLeader':
        this.triggers.nextLeader(null, (server) => this.healLater(network.isolate(server.address)));
        return;
      case 'crashAfterAppendAck':
        this.triggers.nextAppendAck((server) => this.crashFor(server, this.draw(SHORT_DOWN_MS)));
        return;
      case 'crashMidReplication':
        this.triggers.nextReplicationWrite((server) => this.crash(server));
        return;
      case 'lostVote': {
        const region = rng.pick(cluster.regionNames);
        const leader = cluster.leaderOf(region);
        if (leader === null) return;
        this.crashFor(leader, this.draw(LOST_VOTE_LEADER_DOWN_MS));
        this.triggers.nextVoteGrant(region, (server) =>
          this.crashFor(server, this.draw(SHORT_DOWN_MS)),
        );
        this.triggers.nextLeader(region, (server) =>
          this.healLater(network.isolate(server.address)),
        );
        return;
      }
      case 'figure8': {
        const regions = cluster.regionNames.filter(
          (region) => cluster.serversOf(region).length >= 3,
        );
        if (regions.length > 0) this.figure8(rng.pick(regions));
        return;
      }
    }
  }

  /**
   * Raft's Figure 8, played on `region`: the leader crashes, the next two leaders are cut off as
   * soon as they are elected (so they append entries nobody else gets), the next leader to commit
   * crashes as it does, the server with the most up-to-date log crashes twice while the others
   * come back one by one, so that an entry of an older term sits on some servers when a later
   * leader replicates it (with one entry per AppendEntries, `maxAppendEntries` 1, the old entry
   * travels without the new leader's own). The gaps are FIGURE_8_TEMPLATE's, scaled to the
   * cluster's election timeout; everything it broke is undone 15-25 s after it began (Nomad's
   * timings).
   */
  private figure8(region: string): void {
    const { cluster, rng } = this;
    const { network, sim } = cluster;
    const isolations: number[] = [];
    const crashed: Server[] = [];
    const crashNow = (server: Server | null): void => {
      if (this.ended || server === null || !server.isRunning) return;
      cluster.crash(server);
      crashed.push(server);
    };
    const healIsolations = (): void => {
      for (const id of isolations.splice(0)) network.heal(id);
    };
    const restartLongestDown = (): void => {
      const next = crashed.find((server) => !server.isRunning);
      if (next === undefined) return;
      crashed.splice(crashed.indexOf(next), 1);
      next.start();
    };
    this.triggers.nextLeader(
      region,
      (server) => void (this.ended || isolations.push(network.isolate(server.address))),
      2,
      'figure8-leaders',
    );
    this.triggers.nextLeaderCommit(region, (server) => crashNow(server), 'figure8-commit');
    crashNow(cluster.leaderOf(region));
    // The template's gaps are for election timeouts of 100 ms; scale them to the cluster's.
    const scale = cluster.timings.electionTimeout / 100;
    const gap = (min: number, max: number): number =>
      rng.int(Math.round(min * scale), Math.round(max * scale));
    let at = gap(600, 900);
    sim.schedule(at, () =>
      crashNow(mostUpToDate(cluster.serversOf(region), (s) => (s.isRunning ? s.node : null))),
    );
    at += gap(0, 50);
    sim.schedule(at, healIsolations);
    at += gap(400, 700);
    sim.schedule(at, () =>
      crashNow(mostUpToDate(cluster.serversOf(region), (s) => (s.isRunning ? s.node : null))),
    );
    at += gap(0, 50);
    sim.schedule(at, restartLongestDown);
    at += gap(0, 50);
    sim.schedule(at, restartLongestDown);
    // After the final heal (which starts every server and heals every partition) the steps left do nothing.
    at += gap(500, 900);
    sim.schedule(at, () => {
      this.triggers.disarm('figure8-leaders');
      this.triggers.disarm('figure8-commit');
      healIsolations();
      for (const server of crashed.splice(0)) if (!server.isRunning) server.start();
    });
  }

  private get triggers(): ChaosTriggers {
    this.triggersValue ??= new ChaosTriggers(this.cluster);
    return this.triggersValue;
  }

  private crash(server: Server): void {
    if (!server.isRunning) return;
    this.crashFor(server, this.rng.int(this.downMs.min, this.downMs.max));
  }

  /** Crashes a running server and starts it again `downMs` later (nothing once the faults have ended). */
  private crashFor(server: Server, downMs: number): void {
    if (this.ended || !server.isRunning) return;
    this.cluster.crash(server);
    this.startLater(server, downMs);
  }

  private draw(range: MsRange): number {
    return this.rng.int(range.min, range.max);
  }

  private startLater(server: Server, delay: number): void {
    this.cluster.sim.schedule(delay, () => {
      if (!server.isRunning) server.start();
    });
  }

  private healLater(partition: number): void {
    this.cluster.sim.schedule(this.faultDuration(), () => this.cluster.network.heal(partition));
  }

  private faultDuration(): number {
    return this.rng.int(this.faultMs.min, this.faultMs.max);
  }
}
