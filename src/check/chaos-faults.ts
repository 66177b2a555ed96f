/**
 * The random faults of a chaos run, drawn from the run's seed: crashes (of any server or of a
 * region's leader) with a restart some seconds later, graceful restarts, partitions inside a region
 * (both ways or one way), isolated servers, regions cut off from each other, and changes of the
 * message loss and duplication rates. Every fault undoes itself after a random time, so the
 * federation keeps working between faults; `healEverything` ends them all for the final checks.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { Rng } from '../sim/random.js';

export type ChaosFaultKind =
  | 'crash'
  | 'crashLeader'
  | 'gracefulRestart'
  | 'partition'
  | 'partitionOneWay'
  | 'isolate'
  | 'splitRegions'
  | 'healAll'
  | 'loss'
  | 'duplicate';

const WEIGHTS: ReadonlyArray<readonly [ChaosFaultKind, number]> = [
  ['crash', 3],
  ['crashLeader', 2],
  ['gracefulRestart', 2],
  ['partition', 2],
  ['partitionOneWay', 1],
  ['isolate', 1],
  ['splitRegions', 1],
  ['healAll', 1],
  ['loss', 1],
  ['duplicate', 1],
];

const LOSS_RATES = [0.01, 0.05, 0.2];
const DUPLICATE_RATES = [0.02, 0.1];

export interface ChaosFaultOptions {
  /** Virtual ms a crashed server stays down: drawn in this range. */
  downMs?: { min: number; max: number };
  /** Virtual ms a partition or a loss/duplication change lasts. */
  faultMs?: { min: number; max: number };
  /** Virtual ms between the stop and the start of a graceful restart. Default 2 000. */
  restartDelayMs?: number;
}

export class ChaosFaults {
  readonly counts: Record<ChaosFaultKind, number> = {
    crash: 0,
    crashLeader: 0,
    gracefulRestart: 0,
    partition: 0,
    partitionOneWay: 0,
    isolate: 0,
    splitRegions: 0,
    healAll: 0,
    loss: 0,
    duplicate: 0,
  };
  private readonly downMs: { min: number; max: number };
  private readonly faultMs: { min: number; max: number };
  private readonly restartDelayMs: number;
  private readonly kinds: ReadonlyArray<readonly [ChaosFaultKind, number]>;

  constructor(
    private readonly cluster: Cluster,
    private readonly rng: Rng,
    options: ChaosFaultOptions = {},
  ) {
    this.downMs = options.downMs ?? { min: 1_000, max: 20_000 };
    this.faultMs = options.faultMs ?? { min: 2_000, max: 30_000 };
    this.restartDelayMs = options.restartDelayMs ?? 2_000;
    this.kinds = cluster.regionNames.length > 1 ? WEIGHTS : WEIGHTS.filter(([kind]) => kind !== 'splitRegions');
  }

  /** Draws one fault and applies it now. */
  strike(): ChaosFaultKind {
    const kind = this.drawKind();
    this.counts[kind]++;
    this.apply(kind);
    return kind;
  }

  /** Ends every fault: heals the network, clears loss and duplication, starts every server. */
  healEverything(): void {
    const { network } = this.cluster;
    network.heal();
    network.setLoss(0);
    network.setDuplicate(0);
    for (const server of this.cluster.servers) if (!server.isRunning) server.start();
  }

  private drawKind(): ChaosFaultKind {
    const total = this.kinds.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.rng.int(1, total);
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
        this.healLater(network.partition(shuffled.slice(0, cut), shuffled.slice(cut), kind === 'partitionOneWay'));
        return;
      }
      case 'isolate':
        this.healLater(network.isolate(rng.pick(cluster.servers).address));
        return;
      case 'splitRegions': {
        const [a, b] = rng.shuffle(cluster.regionNames);
        if (a === undefined || b === undefined) return;
        const addresses = (region: string): string[] => cluster.serversOf(region).map((s) => s.address);
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
    }
  }

  private crash(server: Server): void {
    if (!server.isRunning) return;
    this.cluster.crash(server);
    this.startLater(server, this.rng.int(this.downMs.min, this.downMs.max));
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
