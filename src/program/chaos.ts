/**
 * `nomad-sim chaos`: one seeded run of a simulated federation under random faults and client load,
 * judged by the invariant checker after every event.
 *
 * The run: build the cluster (Nomad's default timings; with several regions ACLs are on and the
 * non-authoritative servers carry a replication token, the secret the operator bootstraps with),
 * start it, bootstrap ACLs and write the base policy, then for `durationMs` of virtual time strike
 * random faults (chaos-faults.ts) while clients write (chaos-workload.ts). Then heal everything and
 * check liveness: within 30 s a leader everywhere and every acknowledged write on every server;
 * with several regions, within 120 s (`ACL_CONVERGENCE_BOUND_MS`: stream keepalives fail a
 * replicator's call to a dead peer, then it backs off 30 s) every region holds exactly the
 * authoritative policies and global tokens, deleted global tokens are refused everywhere and local
 * tokens stayed home.
 *
 * The same options give the same trace, byte for byte. The trace goes to `traceSink` (the program
 * writes it to `--trace FILE`) and, with `keepTrace`, comes back in the result.
 */
import { Cluster } from '../region/cluster.js';
import { ApiLayer } from '../api/api-layer.js';
import { createIdSource } from '../sim/ids.js';
import type { Rng } from '../sim/random.js';
import type { RaftBugs, RaftTimings } from '../raft/index.js';
import { attachChecker, type ClusterChecker } from '../check/cluster-checker.js';
import { TimedClient } from '../check/timed-client.js';
import { writeReplicationTokens } from '../check/replication-token-setup.js';
import { ChaosFaults, type ChaosFaultKind } from '../check/chaos-faults.js';
import { AclWorkload, KvWorkload, isTransient } from '../check/chaos-workload.js';
import { awaitRaftConvergence, RAFT_LIVENESS_BOUND_MS } from '../check/raft-convergence.js';
import { awaitAclConvergence, ACL_CONVERGENCE_BOUND_MS } from '../check/acl-convergence.js';
import { violationFromError, type Violation } from '../check/violation.js';
import { formatChaosCommand, parseRegions, type ChaosOptions, type ChaosRegion, type RaftBugName } from './chaos-args.js';
import { RecentEvents, regionsNamedIn } from './recent-events.js';

export interface RunChaosOptions {
  seed: number;
  /** `global:5`, `global:3,europe:3,asia:3`, or the parsed list. */
  regions: string | ChaosRegion[];
  /** The authoritative ACL region; defaults to the first region. */
  authoritative?: string;
  /** Virtual ms of faults and load. */
  durationMs: number;
  /** Only used in the replay command; the program writes the file from `traceSink`. */
  traceFile?: string;
  /** Receives every trace line (JSON) as it is recorded. */
  traceSink?: (line: string) => void;
  /** Keep the trace and return it as `trace`. */
  keepTrace?: boolean;
  /** Seeded Raft bugs, by name or as the Cluster option. */
  bugs?: readonly RaftBugName[] | RaftBugs;
  /** Raft timing overrides (tests); the command runs Nomad's defaults. */
  timings?: Partial<RaftTimings>;
  /** Virtual ms between two faults. Default 2–12 s. */
  faultGapMs?: { min: number; max: number };
  /** Called with the statistics so far every PROGRESS_EVERY_EVENTS simulated events (a progress line). */
  onProgress?: (stats: ChaosStats) => void;
}

/** How often (in simulated events) `onProgress` hears from the run. */
export const PROGRESS_EVERY_EVENTS = 10_000;

/** How many trace records before a violation its report shows. */
export const VIOLATION_CONTEXT_RECORDS = 20;

export interface ChaosStats {
  virtualMs: number;
  events: number;
  messagesDelivered: number;
  messagesLost: number;
  faults: Record<ChaosFaultKind, number>;
  writes: { sent: number; acked: number; failed: number };
  aclWrites: { sent: number; acked: number; failed: number };
  leaders: number;
  replicatedCopiesChecked: number;
}

export type ChaosResult =
  | { ok: true; stats: ChaosStats; trace?: string }
  | {
      ok: false;
      violation: Violation;
      seed: number;
      replay: string;
      stats: ChaosStats;
      /** The regions the violation concerns, and the last trace records about them before it (recent-events.ts). */
      context: { regions: string[]; records: string[] };
      trace?: string;
    };

/** A bad option (the program reports it like a bad argument). */
export class ChaosOptionError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ChaosOptionError';
  }
}

const KV_WRITERS = 2;
const KV_GAP_MS = { min: 100, max: 600 };
const ACL_GAP_MS = { min: 300, max: 1_500 };

function normalise(options: RunChaosOptions): ChaosOptions & { bugObject: RaftBugs } {
  if (!Number.isSafeInteger(options.seed)) throw new ChaosOptionError(`invalid seed ${String(options.seed)}: expected a safe integer`);
  const regions = typeof options.regions === 'string' ? parseRegions(options.regions) : options.regions;
  if (typeof regions === 'string') throw new ChaosOptionError(regions);
  if (!Number.isSafeInteger(options.durationMs) || options.durationMs <= 0) {
    throw new ChaosOptionError(`invalid duration ${String(options.durationMs)}: expected a positive whole number of ms`);
  }
  if (options.authoritative !== undefined && !regions.some((r) => r.name === options.authoritative)) {
    throw new ChaosOptionError(`invalid authoritative region ${options.authoritative}: not one of the regions`);
  }
  const names: RaftBugName[] = Array.isArray(options.bugs)
    ? [...(options.bugs as readonly RaftBugName[])]
    : (Object.entries(options.bugs ?? {}) as Array<[RaftBugName, boolean | undefined]>).filter(([, on]) => on === true).map(([name]) => name);
  const bugObject: RaftBugs = Object.fromEntries(names.map((name) => [name, true]));
  return {
    seed: options.seed,
    regions,
    durationMs: options.durationMs,
    ...(options.authoritative === undefined ? {} : { authoritative: options.authoritative }),
    ...(names.length === 0 ? {} : { bugs: names }),
    bugObject,
  };
}

/** Runs one chaos experiment. Throws `ChaosOptionError` for bad options; every finding is a result. */
export async function runChaos(input: RunChaosOptions): Promise<ChaosResult> {
  const options = normalise(input);
  const multiRegion = options.regions.length > 1;
  const authoritative = options.authoritative ?? (options.regions[0] as ChaosRegion).name;
  const cluster = new Cluster({
    seed: options.seed,
    regions: options.regions,
    keepTrace: input.keepTrace ?? false,
    ...(multiRegion ? { authoritativeRegion: authoritative, aclEnabled: true } : {}),
    ...(Object.keys(options.bugObject).length === 0 ? {} : { bugs: options.bugObject }),
    ...(input.timings === undefined ? {} : { timings: input.timings }),
  });
  if (input.traceSink !== undefined) cluster.sim.trace.addSink(input.traceSink);
  const rng = cluster.sim.rng.split('chaos');
  const layer = ApiLayer.install(cluster);
  const managementSecret = createIdSource(rng.split('bootstrap-secret'))();
  if (multiRegion) writeReplicationTokens(cluster, authoritative, managementSecret);
  const checker = attachChecker(cluster, multiRegion ? { acl: { layer, authoritativeRegion: authoritative } } : {});
  const client = new TimedClient(cluster, 'chaos-client', 20_000);
  const faults = new ChaosFaults(cluster, rng.split('faults'));
  const kv = new KvWorkload(cluster, client, checker.ledger, rng.split('kv'));
  const acl = multiRegion && checker.acl !== null ? new AclWorkload(cluster, client, checker.acl, rng.split('acl'), managementSecret) : null;

  const stats = (): ChaosStats => ({
    virtualMs: cluster.sim.now,
    events: cluster.sim.steps,
    messagesDelivered: cluster.network.stats.delivered,
    messagesLost: cluster.network.stats.lost,
    faults: { ...faults.counts },
    writes: { ...kv.stats },
    aclWrites: { ...(acl?.stats ?? { sent: 0, acked: 0, failed: 0 }) },
    leaders: checker.raft.leadersSeen,
    replicatedCopiesChecked: checker.acl?.copiesChecked ?? 0,
  });
  const trace = (): { trace?: string } => (input.keepTrace === true ? { trace: cluster.sim.trace.text() } : {});
  const recent = new RecentEvents(cluster.sim.trace);
  const { onProgress } = input;
  const stopProgress =
    onProgress === undefined
      ? null
      : cluster.sim.onStep(() => {
          if (cluster.sim.steps % PROGRESS_EVERY_EVENTS === 0) onProgress(stats());
        });

  let violation: Violation | null = null;
  try {
    cluster.startAll();
    for (const region of cluster.regionNames) await cluster.waitForLeader(region);
    if (acl !== null) await setUpAcls(cluster, acl, managementSecret, rng.split('setup'));
    const end = cluster.sim.now + options.durationMs;
    const gaps = input.faultGapMs ?? { min: 2_000, max: 12_000 };
    const loops: Array<Promise<void>> = [repeatUntil(cluster, end, rng.split('fault-gaps'), gaps, () => void faults.strike())];
    for (let i = 0; i < KV_WRITERS; i++) loops.push(repeatUntil(cluster, end, rng.split(`kv-gaps/${i}`), KV_GAP_MS, () => kv.writeOnce()));
    if (acl !== null) loops.push(repeatUntil(cluster, end, rng.split('acl-gaps'), ACL_GAP_MS, () => acl.operateOnce()));
    await Promise.all(loops);
    faults.healEverything();
    violation = checker.violation ?? (await awaitRaftConvergence(cluster, checker.ledger, RAFT_LIVENESS_BOUND_MS));
    if (violation === null && acl !== null) violation = await checkAclsAfterHeal(cluster, checker, authoritative, managementSecret);
  } catch (error) {
    violation = checker.violation ?? violationFromError(error, cluster.sim.now);
  } finally {
    checker.detach();
    recent.detach();
    stopProgress?.();
  }
  if (violation === null) return { ok: true, stats: stats(), ...trace() };
  const regions = regionsNamedIn(violation.detail, cluster.regionNames);
  const context = { regions, records: recent.lastAbout(regions, VIOLATION_CONTEXT_RECORDS) };
  const replayOptions: ChaosOptions = { seed: options.seed, regions: options.regions, durationMs: options.durationMs };
  if (options.authoritative !== undefined) replayOptions.authoritative = options.authoritative;
  if (options.bugs !== undefined) replayOptions.bugs = options.bugs;
  return { ok: false, violation, seed: options.seed, replay: formatChaosCommand(replayOptions), stats: stats(), context, ...trace() };
}

/** Repeats `action` after random gaps until virtual time `end`. */
async function repeatUntil(cluster: Cluster, end: number, rng: Rng, gap: { min: number; max: number }, action: () => Promise<void> | void): Promise<void> {
  for (;;) {
    const wait = rng.int(gap.min, gap.max);
    if (cluster.sim.now + wait >= end) {
      if (end > cluster.sim.now) await cluster.sim.sleep(end - cluster.sim.now);
      return;
    }
    await cluster.sim.sleep(wait);
    await action();
  }
}

/** Bootstraps ACLs with the operator's secret and writes the base policy. */
async function setUpAcls(cluster: Cluster, acl: AclWorkload, secret: string, rng: Rng): Promise<void> {
  const deadline = cluster.sim.now + 120_000;
  const pick = () => rng.pick(cluster.servers);
  const boot = await acl.untilAnswered({ method: 'PUT', path: '/v1/acl/bootstrap', body: { BootstrapSecret: secret } }, pick, deadline);
  const done = boot.status === 200 || String(boot.body).startsWith('ACL bootstrap already done');
  if (!done) throw new Error(`chaos set-up: ACL bootstrap failed: ${boot.status} ${String(boot.body)}`);
  const base = await acl.createBasePolicy(deadline);
  if (base.status !== 200) throw new Error(`chaos set-up: writing the base policy failed: ${base.status} ${String(base.body)}`);
}

/** The multi-region checks after the final heal. */
async function checkAclsAfterHeal(cluster: Cluster, checker: ClusterChecker, authoritative: string, secret: string): Promise<Violation | null> {
  const converged = await awaitAclConvergence(cluster, authoritative, ACL_CONVERGENCE_BOUND_MS);
  if (converged !== null) return converged;
  const aclChecker = checker.acl;
  if (aclChecker === null) return null;
  for (const server of cluster.servers) aclChecker.checkNoForeignLocalTokens(server);
  const client = new TimedClient(cluster, 'chaos-probe', 20_000);
  const deadline = cluster.sim.now + 60_000;
  for (const region of cluster.regionNames) {
    const server = cluster.leaderOf(region) ?? (cluster.serversOf(region)[0] as (typeof cluster.servers)[number]);
    for (const deleted of aclChecker.deletedGlobalTokens) {
      const response = await probe(cluster, client, server.address, deleted.secretId, deadline);
      if (response.status === 200) {
        return { property: 'deleted token still works', detail: `token ${deleted.accessorId}, deleted at authoritative index ${deleted.index}, still works in region ${region}`, time: cluster.sim.now };
      }
    }
    for (const live of globalTokensToProbe(cluster, authoritative, secret)) {
      const response = await probe(cluster, client, server.address, live.secretId, deadline);
      if (response.status !== 200) {
        return { property: 'acl convergence', detail: `global token ${live.accessorId} is refused in region ${region}: ${response.status} ${String(response.body)}`, time: cluster.sim.now };
      }
    }
  }
  return null;
}

/**
 * A few global tokens the authoritative region holds (the management token and up to two more):
 * after convergence they must work in every region. Taken from the authoritative state, not from
 * the workload's bookkeeping, because a delete whose answer was lost may still have happened.
 */
function globalTokensToProbe(cluster: Cluster, authoritative: string, secret: string): Array<{ accessorId: string; secretId: string }> {
  const held = cluster.leaderOf(authoritative)?.fsm?.acl.listTokens({ order: 'accessor-id', globalOnly: true }) ?? [];
  const others = held.filter((t) => t.SecretID !== secret).slice(0, 2);
  return [{ accessorId: 'management (bootstrap)', secretId: secret }, ...others.map((t) => ({ accessorId: t.AccessorID, secretId: t.SecretID }))];
}

/** `GET /v1/acl/token/self` with `secret`, retried through transient failures. */
async function probe(cluster: Cluster, client: TimedClient, address: string, secret: string, deadline: number) {
  for (;;) {
    const response = await client.http(address, { method: 'GET', path: '/v1/acl/token/self', token: secret });
    if (!isTransient(response) || cluster.sim.now >= deadline) return response;
    await cluster.sim.sleep(1_000);
  }
}
