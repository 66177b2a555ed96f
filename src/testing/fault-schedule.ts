/**
 * Fault schedules for cluster property tests: a list of steps, each a pause (virtual ms) followed
 * by a fault — crash a server, start it again, restart it, cut a server off from its region's
 * peers, split two regions, heal the network. Steps name servers concretely (`region/server-N`)
 * so a schedule prints as a scenario; `faultScheduleArb(shape)` generates schedules for a shape
 * and `runFaultSchedule` plays one, then (by default) heals everything and waits for leaders.
 */
import fc from 'fast-check';
import type { Cluster } from '../region/cluster.js';
import type { ClusterShape } from './cluster-shape.js';
import { serverRefs } from './cluster-shape.js';

export type FaultAction =
  | { readonly kind: 'crash'; readonly server: string }
  | { readonly kind: 'start'; readonly server: string }
  | { readonly kind: 'restart'; readonly server: string }
  | { readonly kind: 'isolate'; readonly server: string }
  | { readonly kind: 'split'; readonly regions: readonly [string, string] }
  | { readonly kind: 'heal' };

export interface FaultStep {
  /** Virtual ms to wait before the fault. */
  readonly afterMs: number;
  readonly action: FaultAction;
}

export interface FaultScheduleConstraints {
  /** Default 8. */
  readonly maxSteps?: number;
  /** Longest pause before a step, virtual ms. Default 5 000. */
  readonly maxGapMs?: number;
}

/** Random fault schedules for a cluster of `shape`; shrinks towards fewer, earlier, milder faults. */
export function faultScheduleArb(shape: ClusterShape, constraints: FaultScheduleConstraints = {}): fc.Arbitrary<FaultStep[]> {
  const servers = serverRefs(shape);
  const server = fc.constantFrom(...servers);
  const actions: Array<fc.Arbitrary<FaultAction>> = [
    fc.constant<FaultAction>({ kind: 'heal' }),
    server.map((s): FaultAction => ({ kind: 'restart', server: s })),
    server.map((s): FaultAction => ({ kind: 'start', server: s })),
    server.map((s): FaultAction => ({ kind: 'crash', server: s })),
    server.map((s): FaultAction => ({ kind: 'isolate', server: s })),
  ];
  if (shape.regions.length > 1) {
    const names = shape.regions.map((r) => r.name);
    actions.push(
      fc
        .uniqueArray(fc.constantFrom(...names), { minLength: 2, maxLength: 2 })
        .map((pair): FaultAction => ({ kind: 'split', regions: [pair[0] as string, pair[1] as string] })),
    );
  }
  const step = fc.record({ afterMs: fc.nat({ max: constraints.maxGapMs ?? 5_000 }), action: fc.oneof(...actions) });
  return fc.array(step, { maxLength: constraints.maxSteps ?? 8 });
}

/** "crash global/server-2", "split global|europe", ... */
export function describeFault(action: FaultAction): string {
  switch (action.kind) {
    case 'split':
      return `split ${action.regions[0]}|${action.regions[1]}`;
    case 'heal':
      return 'heal';
    default:
      return `${action.kind} ${action.server}`;
  }
}

/** Addresses of the servers of `region`. */
function addressesOf(cluster: Cluster, region: string): string[] {
  return cluster.serversOf(region).map((s) => s.address);
}

/**
 * Applies one fault. Starting a running server or crashing a stopped one does nothing; a restart
 * (graceful stop, the agent's restart delay, start) resolves once the server runs again.
 */
export async function applyFault(cluster: Cluster, action: FaultAction): Promise<void> {
  switch (action.kind) {
    case 'crash': {
      const server = cluster.server(action.server);
      if (server.isRunning) cluster.crash(server);
      return;
    }
    case 'start': {
      const server = cluster.server(action.server);
      if (!server.isRunning) server.start();
      return;
    }
    case 'restart': {
      const server = cluster.server(action.server);
      if (server.isRunning) await cluster.restart(server);
      return;
    }
    case 'isolate': {
      const server = cluster.server(action.server);
      const peers = addressesOf(cluster, server.homeRegion).filter((a) => a !== server.address);
      if (peers.length > 0) cluster.network.partition([server.address], peers);
      return;
    }
    case 'split':
      cluster.network.partition(addressesOf(cluster, action.regions[0]), addressesOf(cluster, action.regions[1]));
      return;
    case 'heal':
      cluster.network.heal();
      return;
  }
}

/** Heals the network, starts every stopped server and waits for every region's leader. */
export async function healAll(cluster: Cluster, timeoutMs = 60_000): Promise<void> {
  cluster.network.heal();
  for (const server of cluster.servers) if (!server.isRunning) server.start();
  for (const region of cluster.regionNames) await cluster.waitForLeader(region, timeoutMs);
}

export interface RunFaultScheduleOptions {
  /** Heal and restart everything after the last step (default true). */
  readonly healAtEnd?: boolean;
  /** Called after each step is applied. */
  readonly onStep?: (step: FaultStep, index: number) => void | Promise<void>;
}

/** Plays `schedule` on `cluster` in virtual time. */
export async function runFaultSchedule(cluster: Cluster, schedule: readonly FaultStep[], options: RunFaultScheduleOptions = {}): Promise<void> {
  for (const [index, step] of schedule.entries()) {
    await cluster.sim.sleep(step.afterMs);
    await applyFault(cluster, step.action);
    await options.onStep?.(step, index);
  }
  if (options.healAtEnd ?? true) await healAll(cluster);
}
