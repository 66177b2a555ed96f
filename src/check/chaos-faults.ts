/**
 * The faults of a chaos run: drawn from the run's seed with the weights of its fault mix
 * (chaos-mix.ts), or struck from an explicit schedule (chaos-schedule.ts). Crashes (of any server
 * or of a region's leader) with a restart some seconds later, graceful restarts, partitions inside
 * a region (both ways or one way), isolated servers, regions cut off from each other, changes of
 * the message loss and duplication rates, and armed faults that strike at a moment a schedule
 * cannot name in advance (chaos-triggers.ts). Every fault undoes itself after a while, so the
 * federation keeps working between faults; `healEverything` ends them all (and disarms what is
 * armed) for the final checks.
 *
 * Either way every fault struck is recorded (`recorded`) as a schedule entry: its kind, target,
 * time and the numbers drawn for it, the times an armed fault draws when it fires included. A
 * random run draws those numbers at the same moments and in the same order whether or not
 * anything records them, and a run given the recorded schedule makes the same calls at the same
 * moments, so it replays the run it was recorded in event for event.
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
import { describeFault, FIGURE_8_GAPS, replayPart, type ChaosFault } from './chaos-schedule.js';

export type { ChaosFaultKind } from './chaos-mix.js';

const LOSS_RATES = [0.01, 0.05, 0.2];
const DUPLICATE_RATES = [0.02, 0.1];
/** Virtual ms a server crashed right after a vote grant or an append ack stays down. */
const SHORT_DOWN_MS: MsRange = { min: 10, max: 200 };
/** Virtual ms the leader crashed by a `lostVote` fault stays down. */
const LOST_VOTE_LEADER_DOWN_MS: MsRange = { min: 200, max: 800 };

/** What a run's transcript hears: a fault as it strikes, or an armed fault as it fires. */
export interface FaultNote {
  readonly atMs: number;
  readonly fault: ChaosFault;
  /** One line: `crash global/server-2 for 4210 ms`, `crashAfterVote fired: crashed global/server-3 for 120 ms`. */
  readonly text: string;
}

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
  /** Strike these faults (checked by the caller), in order, instead of drawing them. */
  schedule?: readonly ChaosFault[];
  /** Hears every fault struck and every armed fault that fires. */
  onFault?: (note: FaultNote) => void;
}

/** A server as a schedule names it: `region/server-N` (its region and name when the run began). */
function serverLabel(server: Server): string {
  return `${server.homeRegion}/${server.initialName}`;
}

/** Faults that arm a trigger and strike when it fires. */
const ARMED_KINDS: ReadonlySet<ChaosFaultKind> = new Set([
  'crashAfterVote',
  'crashAtCommit',
  'isolateNewLeader',
  'crashAfterAppendAck',
  'crashMidReplication',
]);

export class ChaosFaults {
  readonly counts = Object.fromEntries(CHAOS_FAULT_KINDS.map((kind) => [kind, 0])) as Record<
    ChaosFaultKind,
    number
  >;
  /** Every fault struck so far, as a schedule (armed faults gain their times when they fire). */
  readonly recorded: ChaosFault[] = [];
  private readonly downMs: MsRange;
  private readonly faultMs: MsRange;
  private readonly restartDelayMs: number;
  private readonly kinds: ReadonlyArray<readonly [ChaosFaultKind, number]>;
  private readonly total: number;
  private readonly schedule: readonly ChaosFault[] | null;
  private next = 0;
  private readonly onFault: ((note: FaultNote) => void) | null;
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
    this.schedule = options.schedule ?? null;
    this.onFault = options.onFault ?? null;
  }

  /** Whether there is nothing to strike: a mix without any fault this federation can suffer, or an empty schedule. */
  get empty(): boolean {
    return this.schedule === null ? this.total === 0 : this.schedule.length === 0;
  }

  /** Whether the faults come from a schedule rather than the seed. */
  get scripted(): boolean {
    return this.schedule !== null;
  }

  /** The virtual time of the next scheduled fault; null when none is left (or the run draws its faults). */
  nextScheduledAt(): number | null {
    return this.schedule?.[this.next]?.atMs ?? null;
  }

  /** Random runs: draws one fault and applies it now (the mix must not be empty). */
  strike(): ChaosFaultKind {
    const kind = this.drawKind();
    this.counts[kind]++;
    const fault = this.drawFault(kind);
    this.recorded.push(fault);
    this.apply(fault);
    this.noteStrike(fault);
    return kind;
  }

  /** Scripted runs: strikes the next fault of the schedule (and any due at the same time). */
  strikeScheduled(): void {
    const schedule = this.schedule ?? [];
    const at = schedule[this.next]?.atMs;
    while (this.next < schedule.length && (schedule[this.next] as ChaosFault).atMs === at) {
      const fault = replayPart(schedule[this.next++] as ChaosFault);
      fault.atMs = this.cluster.sim.now;
      this.counts[fault.kind]++;
      this.recorded.push(fault);
      this.apply(fault);
      this.noteStrike(fault);
    }
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

  /**
   * The fault of `kind` drawn from the seed: exactly the draws the fault makes as it strikes, in
   * their order, looking at the federation where the fault does (a crash of a server that is
   * down draws no down time). Draws an armed fault makes when it fires happen then (`fired`).
   */
  private drawFault(kind: ChaosFaultKind): ChaosFault {
    const { cluster, rng } = this;
    const atMs = cluster.sim.now;
    switch (kind) {
      case 'crash': {
        const server = rng.pick(cluster.servers);
        return server.isRunning
          ? { atMs, kind, server: serverLabel(server), forMs: this.draw(this.downMs) }
          : { atMs, kind, server: serverLabel(server), idle: true };
      }
      case 'crashLeader': {
        const region = rng.pick(cluster.regionNames);
        return cluster.leaderOf(region) === null
          ? { atMs, kind, region, idle: true }
          : { atMs, kind, region, forMs: this.draw(this.downMs) };
      }
      case 'gracefulRestart': {
        const server = rng.pick(cluster.servers);
        return server.isRunning
          ? { atMs, kind, server: serverLabel(server), forMs: this.restartDelayMs }
          : { atMs, kind, server: serverLabel(server), idle: true };
      }
      case 'partition':
      case 'partitionOneWay': {
        const servers = cluster.serversOf(rng.pick(cluster.regionNames));
        if (servers.length < 2)
          return { atMs, kind, sides: [servers.map(serverLabel), []], idle: true };
        const shuffled = rng.shuffle(servers).map(serverLabel);
        const cut = rng.int(1, shuffled.length - 1);
        const sides: [string[], string[]] = [shuffled.slice(0, cut), shuffled.slice(cut)];
        return { atMs, kind, sides, forMs: this.draw(this.faultMs) };
      }
      case 'isolate':
        return {
          atMs,
          kind,
          server: serverLabel(rng.pick(cluster.servers)),
          forMs: this.draw(this.faultMs),
        };
      case 'splitRegions': {
        const [a, b] = rng.shuffle(cluster.regionNames) as [string, string];
        return { atMs, kind, regions: [a, b], forMs: this.draw(this.faultMs) };
      }
      case 'healAll':
        return { atMs, kind };
      case 'loss':
        return { atMs, kind, rate: rng.pick(LOSS_RATES), forMs: this.draw(this.faultMs) };
      case 'duplicate':
        return { atMs, kind, rate: rng.pick(DUPLICATE_RATES), forMs: this.draw(this.faultMs) };
      case 'crashAfterVote':
      case 'crashAtCommit':
      case 'isolateNewLeader':
      case 'crashAfterAppendAck':
      case 'crashMidReplication':
        return { atMs, kind };
      case 'lostVote': {
        const region = rng.pick(cluster.regionNames);
        return cluster.leaderOf(region) === null
          ? { atMs, kind, region, idle: true }
          : { atMs, kind, region, forMs: this.draw(LOST_VOTE_LEADER_DOWN_MS) };
      }
      case 'figure8': {
        const regions = cluster.regionNames.filter(
          (region) => cluster.serversOf(region).length >= 3,
        );
        if (regions.length === 0)
          return {
            atMs,
            kind,
            region: cluster.regionNames[0] as string,
            gapsMs: Array.from({ length: FIGURE_8_GAPS }, () => 0),
            idle: true,
          };
        const region = rng.pick(regions);
        // The template's gaps are for election timeouts of 100 ms; scale them to the cluster's.
        const scale = cluster.timings.electionTimeout / 100;
        const gap = (min: number, max: number): number =>
          rng.int(Math.round(min * scale), Math.round(max * scale));
        const gapsMs = [
          gap(600, 900),
          gap(0, 50),
          gap(400, 700),
          gap(0, 50),
          gap(0, 50),
          gap(500, 900),
        ];
        return { atMs, kind, region, gapsMs };
      }
    }
  }

  /** Applies `fault` now, filling in what it struck (and, when it did nothing, `idle`). */
  private apply(fault: ChaosFault): void {
    const { cluster } = this;
    const { network } = cluster;
    const idle = (): void => {
      fault.idle = true;
    };
    if (fault.idle === true) delete fault.idle;
    // An armed fault did nothing until it fires (`fired`).
    if (ARMED_KINDS.has(fault.kind)) fault.idle = true;
    switch (fault.kind) {
      case 'crash': {
        const server = cluster.server(fault.server);
        if (!server.isRunning) return idle();
        fault.forMs ??= this.downMs.min;
        this.crashFor(server, fault.forMs);
        return;
      }
      case 'crashLeader': {
        const leader = cluster.leaderOf(fault.region);
        if (leader === null) return idle();
        fault.forMs ??= this.downMs.min;
        fault.struck = [serverLabel(leader)];
        this.crashFor(leader, fault.forMs);
        return;
      }
      case 'gracefulRestart': {
        const server = cluster.server(fault.server);
        if (!server.isRunning) return idle();
        const delay = (fault.forMs ??= this.restartDelayMs);
        server.stopGracefully(() => this.startLater(server, delay));
        return;
      }
      case 'partition':
      case 'partitionOneWay': {
        const [a, b] = fault.sides.map((side) => side.map((s) => cluster.server(s).address));
        if (a === undefined || b === undefined || a.length === 0 || b.length === 0) return idle();
        fault.forMs ??= this.faultMs.min;
        this.healAfter(network.partition(a, b, fault.kind === 'partitionOneWay'), fault.forMs);
        return;
      }
      case 'isolate':
        this.healAfter(network.isolate(cluster.server(fault.server).address), fault.forMs);
        return;
      case 'splitRegions': {
        const addresses = (region: string): string[] =>
          cluster.serversOf(region).map((s) => s.address);
        this.healAfter(
          network.partition(addresses(fault.regions[0]), addresses(fault.regions[1])),
          fault.forMs,
        );
        return;
      }
      case 'healAll':
        network.heal();
        return;
      case 'loss':
        network.setLoss(fault.rate);
        cluster.sim.schedule(fault.forMs, () => network.setLoss(0));
        return;
      case 'duplicate':
        network.setDuplicate(fault.rate);
        cluster.sim.schedule(fault.forMs, () => network.setDuplicate(0));
        return;
      case 'crashAfterVote':
      case 'crashAfterAppendAck': {
        const fire = (server: Server): void =>
          this.crashFor(server, this.fired(fault, 'forMs', SHORT_DOWN_MS, server));
        if (fault.kind === 'crashAfterVote') this.triggers.nextVoteGrant(null, fire);
        else this.triggers.nextAppendAck(fire);
        return;
      }
      case 'crashAtCommit':
      case 'crashMidReplication': {
        const fire = (server: Server): void => {
          if (!server.isRunning) return;
          this.crashFor(server, this.fired(fault, 'forMs', this.downMs, server));
        };
        if (fault.kind === 'crashAtCommit') this.triggers.nextLeaderCommit(null, fire);
        else this.triggers.nextReplicationWrite(fire);
        return;
      }
      case 'isolateNewLeader':
        this.triggers.nextLeader(null, (server) => {
          const partition = network.isolate(server.address);
          this.healAfter(partition, this.fired(fault, 'forMs', this.faultMs, server));
        });
        return;
      case 'lostVote': {
        const leader = cluster.leaderOf(fault.region);
        if (leader === null) return idle();
        fault.forMs ??= LOST_VOTE_LEADER_DOWN_MS.min;
        fault.struck = [serverLabel(leader)];
        this.crashFor(leader, fault.forMs);
        this.triggers.nextVoteGrant(fault.region, (server) =>
          this.crashFor(server, this.fired(fault, 'voterDownMs', SHORT_DOWN_MS, server)),
        );
        this.triggers.nextLeader(fault.region, (server) => {
          const partition = network.isolate(server.address);
          this.healAfter(partition, this.fired(fault, 'isolateForMs', this.faultMs, server));
        });
        return;
      }
      case 'figure8':
        if (cluster.serversOf(fault.region).length < 3) return idle();
        this.figure8(fault.region, fault.gapsMs);
        return;
    }
  }

  /**
   * A time an armed fault takes when it fires: drawn now in a random run (where the draw always
   * was), taken from the schedule in a replay (the shortest of `range` when the schedule has none:
   * the fault never fired where it was recorded). Notes the firing.
   */
  private fired(
    fault: ChaosFault,
    key: 'forMs' | 'voterDownMs' | 'isolateForMs',
    range: MsRange,
    server: Server,
  ): number {
    const record = fault as Partial<Record<typeof key, number>>;
    const ms = this.schedule === null ? this.draw(range) : (record[key] ?? range.min);
    record[key] = ms;
    (fault.struck ??= []).push(serverLabel(server));
    if (fault.kind !== 'lostVote') delete fault.idle;
    this.note(fault, `${fault.kind} fired on ${serverLabel(server)} (${ms} ms)`);
    return ms;
  }

  private noteStrike(fault: ChaosFault): void {
    if (this.onFault === null) return;
    const armed = ARMED_KINDS.has(fault.kind);
    this.note(
      fault,
      `${describeFault(fault)}${fault.idle === true && !armed ? ': nothing to strike' : ''}`,
    );
  }

  private note(fault: ChaosFault, text: string): void {
    this.onFault?.({ atMs: this.cluster.sim.now, fault, text });
  }

  /**
   * Raft's Figure 8, played on `region`: the leader crashes, the next two leaders are cut off as
   * soon as they are elected (so they append entries nobody else gets), the next leader to commit
   * crashes as it does, the server with the most up-to-date log crashes twice while the others
   * come back one by one, so that an entry of an older term sits on some servers when a later
   * leader replicates it (with one entry per AppendEntries, `maxAppendEntries` 1, the old entry
   * travels without the new leader's own). `gapsMs` are the times between the steps (drawn from
   * FIGURE_8_TEMPLATE's ranges scaled to the cluster's election timeout); everything it broke is
   * undone 15-25 s after it began (Nomad's timings).
   */
  private figure8(region: string, gapsMs: readonly number[]): void {
    const { cluster } = this;
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
    const gap = (i: number): number => gapsMs[i] ?? 0;
    let at = gap(0);
    sim.schedule(at, () =>
      crashNow(mostUpToDate(cluster.serversOf(region), (s) => (s.isRunning ? s.node : null))),
    );
    at += gap(1);
    sim.schedule(at, healIsolations);
    at += gap(2);
    sim.schedule(at, () =>
      crashNow(mostUpToDate(cluster.serversOf(region), (s) => (s.isRunning ? s.node : null))),
    );
    at += gap(3);
    sim.schedule(at, restartLongestDown);
    at += gap(4);
    sim.schedule(at, restartLongestDown);
    // After the final heal (which starts every server and heals every partition) the steps left do nothing.
    at += gap(5);
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

  private healAfter(partition: number, ms: number): void {
    this.cluster.sim.schedule(ms, () => this.cluster.network.heal(partition));
  }
}
