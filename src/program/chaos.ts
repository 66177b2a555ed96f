/**
 * `nomad-sim chaos`: one seeded run of a simulated federation under random faults and client load,
 * judged by the invariant checker after every event.
 *
 * The run: build the cluster (Nomad's default timings; with several regions, or with any ACL
 * workload, ACLs are on and the non-authoritative servers carry a replication token, the secret the
 * operator bootstraps with), start it, bootstrap ACLs (one operator, or a race of several with the
 * `bootstrap` workload) and write the base policy, then for `durationMs` of virtual time strike
 * random faults drawn from the fault mix (src/check/chaos-mix.ts, chaos-faults.ts) while the chosen
 * workloads run (chaos-workload.ts and the chaos-*-workload.ts files). Then heal everything and
 * check liveness: within 30 s a leader everywhere and every acknowledged write on every server;
 * with several regions, within 120 s (`ACL_CONVERGENCE_BOUND_MS`: stream keepalives fail a
 * replicator's call to a dead peer, then it backs off 30 s) every region holds exactly the
 * authoritative policies and global tokens, deleted global tokens are refused everywhere and local
 * tokens stayed home.
 *
 * The same options give the same trace, byte for byte. The trace goes to `traceSink` (the program
 * writes it to `--trace FILE`) and, with `keepTrace`, comes back in the result.
 *
 * Every fault struck comes back in the result as a schedule (src/check/chaos-schedule.ts). Given a
 * schedule (`faults`), a run strikes those faults at their times instead of drawing faults from
 * the seed, and everything else (the set-up, the client load) still comes from the seed: the
 * schedule a run recorded replays that run, event for event, and a shorter one replays the same
 * load under fewer faults (chaos-shrink.ts shrinks failing runs that way).
 */
import { Cluster } from '../region/cluster.js';
import { ApiLayer } from '../api/api-layer.js';
import { createIdSource } from '../sim/ids.js';
import type { Rng } from '../sim/random.js';
import type { RaftLogLimits, RaftTimings } from '../raft/index.js';
import { attachChecker, type ClusterChecker } from '../check/cluster-checker.js';
import { TimedClient } from '../check/timed-client.js';
import { writeReplicationTokens } from '../check/replication-token-setup.js';
import { ChaosFaults, type FaultNote } from '../check/chaos-faults.js';
import { replayPart, scheduleProblem, type ChaosFault } from '../check/chaos-schedule.js';
import {
  AclWorkload,
  KvWorkload,
  isTransient,
  type WorkloadStats,
} from '../check/chaos-workload.js';
import { BootstrapWorkload } from '../check/chaos-bootstrap-workload.js';
import { ExpiryWorkload } from '../check/chaos-expiry-workload.js';
import { BlockingWorkload } from '../check/chaos-blocking-workload.js';
import {
  CHAOS_FAULT_KINDS,
  CHAOS_FAULT_MIX_NAMES,
  CHAOS_FAULT_MIXES,
  CHAOS_WORKLOADS,
  defaultChaosWorkloads,
  workloadNeedsAcls,
  type ChaosFaultKind,
  type ChaosFaultMix,
  type ChaosFaultMixName,
  type ChaosWorkloadName,
  type MsRange,
} from '../check/chaos-mix.js';
import type { SeededBugName, SeededBugs } from '../sim/seeded-bugs.js';
import { awaitRaftConvergence, RAFT_LIVENESS_BOUND_MS } from '../check/raft-convergence.js';
import { awaitAclConvergence, ACL_CONVERGENCE_BOUND_MS } from '../check/acl-convergence.js';
import { violationFromError, type Violation } from '../check/violation.js';
import {
  formatChaosCommand,
  parseRegions,
  type ChaosOptions,
  type ChaosRegion,
} from './chaos-args.js';
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
  /** Seeded bugs (src/sim/seeded-bugs.ts), by name or as the Cluster option. */
  bugs?: readonly SeededBugName[] | SeededBugs;
  /** Raft timing overrides (tests); the command runs Nomad's defaults. */
  timings?: Partial<RaftTimings>;
  /** Raft log limits for tests; `maxAppendEntries` is also an option of its own. */
  limits?: Partial<RaftLogLimits>;
  /** Raft's MaxAppendEntries (default 64); 1 makes replication go one entry at a time. */
  maxAppendEntries?: number;
  /** The fault preset (src/check/chaos-mix.ts). Default `default`. */
  faultMix?: ChaosFaultMixName;
  /** Weights that replace the preset's for these kinds (0 leaves a kind out). */
  faultWeights?: Partial<Record<ChaosFaultKind, number>>;
  /** Virtual ms between two faults. Default: the preset's (2–12 s for `default`). */
  faultGapMs?: MsRange;
  /** The workloads to run. Default: kv, plus acl with several regions. */
  workloads?: readonly ChaosWorkloadName[];
  /** The simulation's event budget: the run stops with an error after this many events. */
  maxEvents?: number;
  /** Called with the statistics so far every PROGRESS_EVERY_EVENTS simulated events (a progress line). */
  onProgress?: (stats: ChaosStats) => void;
  /**
   * Strike these faults at their times instead of drawing faults from the seed (the mix's
   * weights and gaps are then unused; its times fill in durations a fault lacks). A fault due
   * before the faults begin (after the set-up) strikes as they begin; one due at or after their
   * end (`durationMs` later) does not strike.
   */
  faults?: readonly ChaosFault[];
  /** Hears every fault as it strikes and every armed fault as it fires. */
  onFault?: (note: FaultNote) => void;
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
  /** The workloads beyond kv and acl that ran, with their requests. */
  workloads: Partial<Record<ChaosWorkloadName, WorkloadStats>>;
  /** Successful ACL bootstraps seen in the authoritative log (0 without ACLs). */
  bootstraps: number;
  /** Vote grants judged against the voter's log. */
  votesChecked: number;
}

/** What every result carries: the faults the run struck, and when faults could strike. */
interface ChaosRunRecord {
  /** Every fault struck, in order: a schedule that replays the run (`faults`). */
  schedule: ChaosFault[];
  /** Virtual ms the faults and the client load began at (after the set-up), and ended at. */
  faultPhase: { fromMs: number; toMs: number };
}

export type ChaosResult = ChaosRunRecord &
  (
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
      }
  );

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

/** The options of a run, checked, with every default filled in. */
interface ChaosPlan {
  /** What the replay command shows (only what was given). */
  readonly replay: ChaosOptions;
  readonly bugs: SeededBugs;
  readonly weights: Readonly<Record<ChaosFaultKind, number>>;
  readonly gapMs: MsRange;
  readonly mix: ChaosFaultMix;
  readonly workloads: readonly ChaosWorkloadName[];
}

function checkRange(range: MsRange, what: string): MsRange {
  if (
    !Number.isSafeInteger(range.min) ||
    !Number.isSafeInteger(range.max) ||
    range.min <= 0 ||
    range.max < range.min
  ) {
    throw new ChaosOptionError(
      `invalid ${what} ${JSON.stringify(range)}: expected whole ms with 0 < min <= max`,
    );
  }
  return range;
}

function normalise(options: RunChaosOptions): ChaosPlan {
  if (!Number.isSafeInteger(options.seed))
    throw new ChaosOptionError(`invalid seed ${String(options.seed)}: expected a safe integer`);
  const regions =
    typeof options.regions === 'string' ? parseRegions(options.regions) : options.regions;
  if (typeof regions === 'string') throw new ChaosOptionError(regions);
  if (!Number.isSafeInteger(options.durationMs) || options.durationMs <= 0) {
    throw new ChaosOptionError(
      `invalid duration ${String(options.durationMs)}: expected a positive whole number of ms`,
    );
  }
  if (
    options.authoritative !== undefined &&
    !regions.some((r) => r.name === options.authoritative)
  ) {
    throw new ChaosOptionError(
      `invalid authoritative region ${options.authoritative}: not one of the regions`,
    );
  }
  const names: SeededBugName[] = Array.isArray(options.bugs)
    ? [...(options.bugs as readonly SeededBugName[])]
    : (Object.entries(options.bugs ?? {}) as Array<[SeededBugName, boolean | undefined]>)
        .filter(([, on]) => on === true)
        .map(([name]) => name);
  const mixName = options.faultMix ?? 'default';
  if (!CHAOS_FAULT_MIX_NAMES.includes(mixName))
    throw new ChaosOptionError(
      `invalid fault mix ${String(mixName)}: expected ${CHAOS_FAULT_MIX_NAMES.join(' or ')}`,
    );
  const mix = CHAOS_FAULT_MIXES[mixName];
  const weights = { ...mix.weights };
  for (const [kind, weight] of Object.entries(options.faultWeights ?? {})) {
    if (!(CHAOS_FAULT_KINDS as readonly string[]).includes(kind))
      throw new ChaosOptionError(
        `invalid fault kind ${kind}: expected one of ${CHAOS_FAULT_KINDS.join(', ')}`,
      );
    if (!Number.isSafeInteger(weight) || (weight as number) < 0)
      throw new ChaosOptionError(
        `invalid weight ${String(weight)} for fault ${kind}: expected a whole number >= 0`,
      );
    weights[kind as ChaosFaultKind] = weight as number;
  }
  const gapMs = checkRange(options.faultGapMs ?? mix.gapMs, 'fault gap');
  for (const name of options.workloads ?? []) {
    if (!(CHAOS_WORKLOADS as readonly string[]).includes(name))
      throw new ChaosOptionError(
        `invalid workload ${String(name)}: expected some of ${CHAOS_WORKLOADS.join(', ')}`,
      );
  }
  const workloads =
    options.workloads === undefined
      ? defaultChaosWorkloads(regions.length)
      : CHAOS_WORKLOADS.filter((name) => options.workloads?.includes(name));
  for (const [name, value] of [
    ['maxEvents', options.maxEvents],
    ['maxAppendEntries', options.maxAppendEntries],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0))
      throw new ChaosOptionError(
        `invalid ${name} ${String(value)}: expected a positive whole number`,
      );
  }
  const replay: ChaosOptions = { seed: options.seed, regions, durationMs: options.durationMs };
  if (options.authoritative !== undefined) replay.authoritative = options.authoritative;
  if (mixName !== 'default') replay.faultMix = mixName;
  if (options.faultWeights !== undefined && Object.keys(options.faultWeights).length > 0)
    replay.faultWeights = { ...options.faultWeights };
  if (options.faultGapMs !== undefined) replay.faultGapMs = gapMs;
  if (options.workloads !== undefined) replay.workloads = [...workloads];
  if (names.length > 0) replay.bugs = names;
  if (options.maxEvents !== undefined) replay.maxEvents = options.maxEvents;
  if (options.maxAppendEntries !== undefined) replay.maxAppendEntries = options.maxAppendEntries;
  if (options.faults !== undefined) {
    const problem = scheduleProblem(options.faults, regions, CHAOS_FAULT_KINDS);
    if (problem !== null) throw new ChaosOptionError(`invalid fault schedule: ${problem}`);
    replay.faults = options.faults.map(replayPart);
  }
  return {
    replay,
    bugs: Object.fromEntries(names.map((name) => [name, true])),
    weights,
    gapMs,
    mix,
    workloads,
  };
}

/** Virtual ms between two operations of each extra workload. */
const WORKLOAD_GAP_MS: Readonly<Record<'bootstrap' | 'expiry' | 'churn' | 'blocking', MsRange>> = {
  bootstrap: { min: 3_000, max: 15_000 },
  expiry: { min: 1_000, max: 4_000 },
  churn: { min: 1_000, max: 5_000 },
  blocking: { min: 100, max: 1_000 },
};

/** Runs one chaos experiment. Throws `ChaosOptionError` for bad options; every finding is a result. */
export async function runChaos(input: RunChaosOptions): Promise<ChaosResult> {
  const plan = normalise(input);
  const options = plan.replay;
  const multiRegion = options.regions.length > 1;
  const aclEnabled = multiRegion || plan.workloads.some(workloadNeedsAcls);
  const authoritative = options.authoritative ?? (options.regions[0] as ChaosRegion).name;
  const cluster = new Cluster({
    seed: options.seed,
    regions: options.regions,
    keepTrace: input.keepTrace ?? false,
    ...(aclEnabled ? { authoritativeRegion: authoritative, aclEnabled: true } : {}),
    ...(Object.keys(plan.bugs).length === 0 ? {} : { bugs: plan.bugs }),
    ...(input.timings === undefined ? {} : { timings: input.timings }),
    ...(input.limits === undefined && options.maxAppendEntries === undefined
      ? {}
      : {
          limits: {
            ...input.limits,
            ...(options.maxAppendEntries === undefined
              ? {}
              : { maxAppendEntries: options.maxAppendEntries }),
          },
        }),
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
  });
  if (input.traceSink !== undefined) cluster.sim.trace.addSink(input.traceSink);
  const rng = cluster.sim.rng.split('chaos');
  const layer = ApiLayer.install(cluster);
  const managementSecret = createIdSource(rng.split('bootstrap-secret'))();
  if (multiRegion) writeReplicationTokens(cluster, authoritative, managementSecret);
  const checker = attachChecker(
    cluster,
    aclEnabled ? { acl: { layer, authoritativeRegion: authoritative } } : {},
  );
  const client = new TimedClient(cluster, 'chaos-client', 20_000);
  const faults = new ChaosFaults(cluster, rng.split('faults'), {
    weights: plan.weights,
    downMs: plan.mix.downMs,
    faultMs: plan.mix.faultMs,
    replicationFrom: multiRegion ? authoritative : null,
    ...(options.faults === undefined ? {} : { schedule: options.faults }),
    ...(input.onFault === undefined ? {} : { onFault: input.onFault }),
  });
  const runs = (name: ChaosWorkloadName): boolean => plan.workloads.includes(name);
  const kv = new KvWorkload(cluster, client, checker.ledger, rng.split('kv'));
  const operator =
    aclEnabled && checker.acl !== null
      ? new AclWorkload(cluster, client, checker.acl, rng.split('acl'), managementSecret)
      : null;
  const acl = runs('acl') ? operator : null;
  const bootstrap =
    runs('bootstrap') && checker.bootstrap !== null
      ? new BootstrapWorkload(
          cluster,
          client,
          checker.bootstrap,
          rng.split('bootstrap'),
          authoritative,
        )
      : null;
  const expiry = runs('expiry')
    ? new ExpiryWorkload(cluster, client, rng.split('expiry'), managementSecret, checker.report)
    : null;
  const churn =
    runs('churn') && checker.acl !== null
      ? new AclWorkload(
          cluster,
          client,
          checker.acl,
          rng.split('churn'),
          managementSecret,
          'churn ',
        )
      : null;
  const blocking = runs('blocking')
    ? new BlockingWorkload(cluster, client, rng.split('blocking'), managementSecret, checker.report)
    : null;

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
    workloads: {
      ...(bootstrap === null ? {} : { bootstrap: { ...bootstrap.stats } }),
      ...(expiry === null ? {} : { expiry: { ...expiry.stats } }),
      ...(churn === null ? {} : { churn: { ...churn.stats } }),
      ...(blocking === null ? {} : { blocking: { ...blocking.stats } }),
    },
    bootstraps: checker.bootstrap?.bootstraps ?? 0,
    votesChecked: checker.raft.votes.grantsChecked,
  });
  const trace = (): { trace?: string } =>
    input.keepTrace === true ? { trace: cluster.sim.trace.text() } : {};
  const recent = new RecentEvents(cluster.sim.trace);
  const { onProgress } = input;
  const stopProgress =
    onProgress === undefined
      ? null
      : cluster.sim.onStep(() => {
          if (cluster.sim.steps % PROGRESS_EVERY_EVENTS === 0) onProgress(stats());
        });

  let violation: Violation | null = null;
  const faultPhase = { fromMs: 0, toMs: 0 };
  try {
    cluster.startAll();
    for (const region of cluster.regionNames) await cluster.waitForLeader(region);
    if (operator !== null)
      await setUpAcls(cluster, operator, bootstrap, managementSecret, rng.split('setup'));
    const end = cluster.sim.now + options.durationMs;
    faultPhase.fromMs = cluster.sim.now;
    faultPhase.toMs = end;
    const loops: Array<Promise<void>> = [];
    if (!faults.empty && faults.scripted)
      loops.push(
        repeatUntil(
          cluster,
          end,
          () => {
            const at = faults.nextScheduledAt();
            return at === null ? Number.POSITIVE_INFINITY : Math.max(0, at - cluster.sim.now);
          },
          () => faults.strikeScheduled(),
        ),
      );
    else if (!faults.empty)
      loops.push(
        repeatUntil(
          cluster,
          end,
          gaps(rng.split('fault-gaps'), plan.gapMs),
          () => void faults.strike(),
        ),
      );
    if (runs('kv'))
      for (let i = 0; i < KV_WRITERS; i++)
        loops.push(
          repeatUntil(cluster, end, gaps(rng.split(`kv-gaps/${i}`), KV_GAP_MS), () =>
            kv.writeOnce(),
          ),
        );
    if (acl !== null)
      loops.push(
        repeatUntil(cluster, end, gaps(rng.split('acl-gaps'), ACL_GAP_MS), () => acl.operateOnce()),
      );
    if (bootstrap !== null)
      loops.push(
        repeatUntil(
          cluster,
          end,
          gaps(rng.split('bootstrap-gaps'), WORKLOAD_GAP_MS.bootstrap),
          () => bootstrap.operateOnce(),
        ),
      );
    if (expiry !== null)
      loops.push(
        repeatUntil(cluster, end, gaps(rng.split('expiry-gaps'), WORKLOAD_GAP_MS.expiry), () =>
          expiry.operateOnce(),
        ),
      );
    if (churn !== null)
      loops.push(
        repeatUntil(cluster, end, gaps(rng.split('churn-gaps'), WORKLOAD_GAP_MS.churn), () =>
          churn.churnOnce(),
        ),
      );
    if (blocking !== null)
      loops.push(
        repeatUntil(cluster, end, gaps(rng.split('blocking-gaps'), WORKLOAD_GAP_MS.blocking), () =>
          blocking.operateOnce(),
        ),
      );
    if (loops.length === 0) loops.push(cluster.sim.sleep(end - cluster.sim.now));
    await Promise.all(loops);
    faults.healEverything();
    violation =
      checker.violation ??
      (await awaitRaftConvergence(cluster, checker.ledger, RAFT_LIVENESS_BOUND_MS));
    if (violation === null && operator !== null)
      violation = await checkAclsAfterHeal(cluster, checker, authoritative, managementSecret);
  } catch (error) {
    violation = checker.violation ?? violationFromError(error, cluster.sim.now);
  } finally {
    checker.detach();
    recent.detach();
    stopProgress?.();
  }
  const record: ChaosRunRecord = { schedule: faults.recorded, faultPhase };
  if (violation === null) return { ok: true, stats: stats(), ...record, ...trace() };
  const regions = regionsNamedIn(violation.detail, cluster.regionNames);
  const context = { regions, records: recent.lastAbout(regions, VIOLATION_CONTEXT_RECORDS) };
  return {
    ok: false,
    violation,
    seed: options.seed,
    replay: formatChaosCommand(options),
    stats: stats(),
    context,
    ...record,
    ...trace(),
  };
}

/** Random gaps in `gap`, drawn from `rng`. */
function gaps(rng: Rng, gap: MsRange): () => number {
  return () => rng.int(gap.min, gap.max);
}

/** Repeats `action` after the gaps `nextWait` gives (infinite: no more) until virtual time `end`. */
async function repeatUntil(
  cluster: Cluster,
  end: number,
  nextWait: () => number,
  action: () => Promise<void> | void,
): Promise<void> {
  for (;;) {
    const wait = nextWait();
    if (cluster.sim.now + wait >= end) {
      if (end > cluster.sim.now) await cluster.sim.sleep(end - cluster.sim.now);
      return;
    }
    await cluster.sim.sleep(wait);
    await action();
  }
}

/**
 * Bootstraps ACLs with the operator's secret (one operator, or a race of several with the
 * bootstrap workload) and writes the base policy.
 */
async function setUpAcls(
  cluster: Cluster,
  acl: AclWorkload,
  race: BootstrapWorkload | null,
  secret: string,
  rng: Rng,
): Promise<void> {
  const deadline = cluster.sim.now + 120_000;
  const pick = () => rng.pick(cluster.servers);
  const bootstrapped = (answer: { status: number; body: unknown }): boolean =>
    answer.status === 200 || String(answer.body).startsWith('ACL bootstrap already done');
  if (race === null) {
    const boot = await acl.untilAnswered(
      { method: 'PUT', path: '/v1/acl/bootstrap', body: { BootstrapSecret: secret } },
      pick,
      deadline,
    );
    if (!bootstrapped(boot))
      throw new Error(`chaos set-up: ACL bootstrap failed: ${boot.status} ${String(boot.body)}`);
  } else {
    const answers = await race.race(secret, deadline);
    const last = answers[answers.length - 1] as { status: number; body: unknown };
    if (!answers.some(bootstrapped))
      throw new Error(
        `chaos set-up: no operator managed to bootstrap ACLs: ${last.status} ${String(last.body)}`,
      );
  }
  const base = await acl.createBasePolicy(deadline);
  if (base.status !== 200)
    throw new Error(
      `chaos set-up: writing the base policy failed: ${base.status} ${String(base.body)}`,
    );
}

/** The multi-region checks after the final heal. */
async function checkAclsAfterHeal(
  cluster: Cluster,
  checker: ClusterChecker,
  authoritative: string,
  secret: string,
): Promise<Violation | null> {
  const converged = await awaitAclConvergence(cluster, authoritative, ACL_CONVERGENCE_BOUND_MS);
  if (converged !== null) return converged;
  const aclChecker = checker.acl;
  if (aclChecker === null) return null;
  for (const server of cluster.servers) aclChecker.checkNoForeignLocalTokens(server);
  const client = new TimedClient(cluster, 'chaos-probe', 20_000);
  const deadline = cluster.sim.now + 60_000;
  for (const region of cluster.regionNames) {
    const server =
      cluster.leaderOf(region) ??
      (cluster.serversOf(region)[0] as (typeof cluster.servers)[number]);
    for (const deleted of aclChecker.deletedGlobalTokens) {
      const response = await probe(cluster, client, server.address, deleted.secretId, deadline);
      if (response.status === 200) {
        return {
          property: 'deleted token still works',
          detail: `token ${deleted.accessorId}, deleted at authoritative index ${deleted.index}, still works in region ${region}`,
          time: cluster.sim.now,
        };
      }
    }
    for (const live of globalTokensToProbe(cluster, authoritative, secret)) {
      const response = await probe(cluster, client, server.address, live.secretId, deadline);
      if (response.status !== 200) {
        return {
          property: 'acl convergence',
          detail: `global token ${live.accessorId} is refused in region ${region}: ${response.status} ${String(response.body)}`,
          time: cluster.sim.now,
        };
      }
    }
  }
  return null;
}

/**
 * A few global tokens the authoritative region holds (the management token and up to two more that never expire):
 * after convergence they must work in every region. Taken from the authoritative state, not from
 * the workload's bookkeeping, because a delete whose answer was lost may still have happened.
 */
function globalTokensToProbe(
  cluster: Cluster,
  authoritative: string,
  secret: string,
): Array<{ accessorId: string; secretId: string }> {
  const held =
    cluster
      .leaderOf(authoritative)
      ?.fsm?.acl.listTokens({ order: 'accessor-id', globalOnly: true }) ?? [];
  // Tokens with an expiry are left out: by now they may have expired, and must then be refused.
  const others = held.filter((t) => t.SecretID !== secret && t.ExpirationTime === null).slice(0, 2);
  return [
    { accessorId: 'management (bootstrap)', secretId: secret },
    ...others.map((t) => ({ accessorId: t.AccessorID, secretId: t.SecretID })),
  ];
}

/** `GET /v1/acl/token/self` with `secret`, retried through transient failures. */
async function probe(
  cluster: Cluster,
  client: TimedClient,
  address: string,
  secret: string,
  deadline: number,
) {
  for (;;) {
    const response = await client.http(address, {
      method: 'GET',
      path: '/v1/acl/token/self',
      token: secret,
    });
    if (!isTransient(response) || cluster.sim.now >= deadline) return response;
    await cluster.sim.sleep(1_000);
  }
}
