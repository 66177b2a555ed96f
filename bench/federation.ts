/**
 * Federation benchmark.
 *
 * Workload B1: 3 regions x 3 servers, Nomad's default timings, ACL replication running (the
 * non-authoritative servers carry the bootstrap secret as replication token), 10 ACL policy writes
 * per second through random servers of random regions. Reported: time compression idle and under
 * load (virtual seconds per wall second; the median of five windows, with the slowest and fastest
 * load windows beside it), messages delivered per wall second beside the floor
 * (bench/raft.ts), and replication lag percentiles: virtual ms from the authoritative region
 * applying a policy version to the first server of each other region applying its copy.
 *
 * Scale sweep: 5 regions x 5 servers. The authoritative region is loaded with N objects (half
 * policies, half global tokens) before the other regions start; reported is the wall time (and
 * virtual time) until every other region's replicators finished a round at the authoritative
 * indexes, for N = 1k, 10k, 20k, and the 20k/10k ratio (goal <= 2.3, i.e. close to linear).
 * Each size runs twice (same seed, so the same virtual run) and the faster wall time counts:
 * single runs of 1–3 s moved by ±20 % with the machine, more than the effect measured.
 *
 * Requests are plain network messages from a client endpoint (no promises in the measured part).
 * Run alone with `npx tsx bench/federation.ts`; `runFederationBench()` is for the bench runner.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { Cluster, WORKSTATION } from '../src/region/cluster.js';
import type { Server } from '../src/server/server.js';
import type { Envelope } from '../src/server/rpc.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { createIdSource } from '../src/sim/ids.js';
import type { TraceRecord } from '../src/sim/trace.js';
import { policyHash, tokenHash, type AclPolicy, type AclToken } from '../src/acl/index.js';
import { TimedClient, writeReplicationTokens } from '../src/check/index.js';
import { messageFloor } from './raft.js';

const AUTHORITATIVE = 'global';
const SWEEP_REPEATS = 2;
const WINDOWS = 5;

/** Runs a full garbage collection (V8's `gc`, exposed at run time). */
const collectGarbage = ((): (() => void) => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

interface Federation {
  cluster: Cluster;
  secret: string;
}

/** Builds the federation with replication tokens in place; starts the regions listed in `start`. */
async function federation(
  seed: number,
  regions: Array<{ name: string; servers: number }>,
  start: readonly string[],
): Promise<Federation> {
  const cluster = new Cluster({
    seed,
    regions,
    authoritativeRegion: AUTHORITATIVE,
    aclEnabled: true,
  });
  ApiLayer.install(cluster);
  const secret = createIdSource(cluster.sim.rng.split('bench-secret'))();
  writeReplicationTokens(cluster, AUTHORITATIVE, secret);
  for (const region of start) for (const server of cluster.serversOf(region)) server.start();
  for (const region of start) await cluster.waitForLeader(region);
  const client = new TimedClient(cluster, 'bench-setup');
  const leader = cluster.leaderOf(AUTHORITATIVE) as Server;
  const boot = await client.http(leader.address, {
    method: 'PUT',
    path: '/v1/acl/bootstrap',
    body: { BootstrapSecret: secret },
  });
  if (boot.status !== 200)
    throw new Error(`bench set-up: bootstrap failed: ${boot.status} ${String(boot.body)}`);
  return { cluster, secret };
}

/** Sends a policy upsert every `1000 / rate` ms through a random server, as network messages. */
function startPolicyWriter(
  fed: Federation,
  rate: number,
): { stop: () => void; acked: () => number } {
  const { cluster, secret } = fed;
  const address = 'bench-acl-writer';
  let acked = 0;
  let running = true;
  let n = 0;
  cluster.network.register(address, WORKSTATION, (_from, message) => {
    const envelope = message as Envelope;
    if (envelope.k === 'http-reply' && envelope.response.status === 200) acked++;
  });
  const rng = cluster.sim.rng.split('bench-acl-writer');
  const tick = (): void => {
    if (!running) return;
    const server = rng.pick(cluster.servers);
    n++;
    const name = `p${n % 20}`;
    const request = {
      method: 'PUT' as const,
      path: `/v1/acl/policy/${name}`,
      token: secret,
      body: {
        Name: name,
        Description: `version ${n}`,
        Rules: 'namespace "default" { policy = "read" }',
      },
    };
    cluster.network.send(address, server.address, { k: 'http', id: n, request } satisfies Envelope);
    cluster.sim.schedule(1000 / rate, tick);
  };
  tick();
  return { stop: () => void (running = false), acked: () => acked };
}

function timed(
  cluster: Cluster,
  virtualMs: number,
): { compression: number; messagesPerSec: number } {
  const delivered = cluster.network.stats.delivered;
  const start = performance.now();
  cluster.sim.runFor(virtualMs);
  const seconds = (performance.now() - start) / 1000;
  return {
    compression: virtualMs / 1000 / seconds,
    messagesPerSec: (cluster.network.stats.delivered - delivered) / seconds,
  };
}

/** `timed` over five consecutive windows spanning `virtualMs`: the median window, as bench/raft.ts reports. */
function timedWindows(
  cluster: Cluster,
  virtualMs: number,
): { compression: number; messagesPerSec: number; slowest: number; fastest: number } {
  const windows = Array.from({ length: WINDOWS }, () => timed(cluster, virtualMs / WINDOWS)).sort(
    (a, b) => a.compression - b.compression,
  );
  const median = windows[Math.floor(WINDOWS / 2)] as {
    compression: number;
    messagesPerSec: number;
  };
  return {
    ...median,
    slowest: (windows[0] as typeof median).compression,
    fastest: (windows[WINDOWS - 1] as typeof median).compression,
  };
}

/** Records, per policy version (hash), when the authoritative region applied it and when each other region first did. */
function lagRecorder(cluster: Cluster): { lags: number[]; detach: () => void } {
  const committed = new Map<string, number>();
  const arrived = new Set<string>();
  const lags: number[] = [];
  const seenIndex = new Set<string>();
  const listener = (record: TraceRecord<'raft.apply'>): void => {
    if (record.type !== 'acl.policy.upsert') return;
    const key = `${record.region}#${record.index}`;
    if (seenIndex.has(key)) return;
    seenIndex.add(key);
    const server = cluster.servers.find(
      (s) => s.region === record.region && s.name === record.server,
    );
    for (const policy of server?.fsm?.acl.listPolicies() ?? []) {
      if (policy.ModifyIndex !== record.index) continue;
      if (record.region === AUTHORITATIVE) {
        if (!committed.has(policy.Hash)) committed.set(policy.Hash, record.t);
        continue;
      }
      const at = committed.get(policy.Hash);
      const arrival = `${record.region}#${policy.Hash}`;
      if (at === undefined || arrived.has(arrival)) continue;
      arrived.add(arrival);
      lags.push(record.t - at);
    }
  };
  cluster.sim.trace.on('raft.apply', listener);
  return { lags, detach: () => cluster.sim.trace.off('raft.apply', listener) };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function workloadB1(): Promise<Record<string, number>> {
  const regions = ['global', 'europe', 'asia'].map((name) => ({ name, servers: 3 }));
  const fed = await federation(
    31,
    regions,
    regions.map((r) => r.name),
  );
  const { cluster } = fed;
  cluster.sim.runFor(60_000); // past the first replication back-off (the lists before bootstrap failed)
  const idle = timedWindows(cluster, 600_000);
  const writer = startPolicyWriter(fed, 10);
  timed(cluster, 30_000);
  const load = timedWindows(cluster, 300_000);
  const recorder = lagRecorder(cluster);
  cluster.sim.runFor(120_000);
  writer.stop();
  cluster.sim.runFor(10_000);
  recorder.detach();
  const lags = [...recorder.lags].sort((a, b) => a - b);
  return {
    b1IdleCompression: Math.round(idle.compression),
    b1IdleMessagesPerSec: Math.round(idle.messagesPerSec),
    b1LoadCompression: Math.round(load.compression),
    b1LoadSlowestWindow: Math.round(load.slowest),
    b1LoadFastestWindow: Math.round(load.fastest),
    b1LoadMessagesPerSec: Math.round(load.messagesPerSec),
    b1PolicyWritesAcked: writer.acked(),
    b1LagSamples: lags.length,
    b1LagP50Ms: percentile(lags, 50),
    b1LagP95Ms: percentile(lags, 95),
    b1LagP99Ms: percentile(lags, 99),
  };
}

/** N/2 policies and N/2 global tokens, written through the authoritative leader in batches. */
async function preload(fed: Federation, objects: number): Promise<void> {
  const { cluster } = fed;
  const ids = createIdSource(cluster.sim.rng.split('bench-preload'));
  const commands: Array<
    | { type: 'acl.policy.upsert'; policies: AclPolicy[] }
    | { type: 'acl.token.upsert'; tokens: AclToken[] }
  > = [];
  const batch = 500;
  const half = Math.floor(objects / 2);
  for (let i = 0; i < half; i += batch) {
    const policies: AclPolicy[] = [];
    for (let j = i; j < Math.min(half, i + batch); j++) {
      const fields = {
        Name: `policy-${j}`,
        Description: `preloaded ${j}`,
        Rules: 'namespace "default" { policy = "read" }',
      };
      policies.push({ ...fields, Hash: policyHash(fields), CreateIndex: 0, ModifyIndex: 0 });
    }
    commands.push({ type: 'acl.policy.upsert', policies });
  }
  for (let i = 0; i < objects - half; i += batch) {
    const tokens: AclToken[] = [];
    for (let j = i; j < Math.min(objects - half, i + batch); j++) {
      const fields = {
        Name: `token-${j}`,
        Type: 'client' as const,
        Policies: [`policy-${j % Math.max(1, half)}`],
        Global: true,
        Roles: [],
      };
      tokens.push({
        ...fields,
        AccessorID: ids(),
        SecretID: ids(),
        Hash: tokenHash(fields),
        CreateTime: 0,
        ExpirationTime: null,
        ExpirationTTL: 0,
        CreateIndex: 0,
        ModifyIndex: 0,
      });
    }
    commands.push({ type: 'acl.token.upsert', tokens });
  }
  for (const command of commands) {
    const leader = cluster.leaderOf(AUTHORITATIVE) as Server;
    await cluster.sim.wait<void>((resolve, reject) =>
      leader.submit(command, (reply) =>
        reply.ok ? resolve() : reject(new Error(reply.error.message)),
      ),
    );
  }
}

/**
 * Wall and virtual time for every other region to catch up with `objects` authoritative objects.
 * The heap is collected first, so that garbage left by earlier runs in this process (B1, smaller
 * sweeps) is not charged to this one.
 */
async function catchUp(objects: number): Promise<{ wallMs: number; virtualMs: number }> {
  collectGarbage();
  const regions = ['global', 'europe', 'asia', 'africa', 'oceania'].map((name) => ({
    name,
    servers: 5,
  }));
  const fed = await federation(41, regions, [AUTHORITATIVE]);
  await preload(fed, objects);
  const { cluster } = fed;
  const acl = (cluster.leaderOf(AUTHORITATIVE) as Server).fsm?.acl;
  const target = {
    policies: acl?.tableIndex('acl_policy') ?? 0,
    tokens: acl?.tableIndex('acl_token') ?? 0,
  };
  const others = regions.map((r) => r.name).filter((r) => r !== AUTHORITATIVE);
  const done = new Set<string>();
  const listener = (record: TraceRecord<'acl.replicate'>): void => {
    if (record.error === null && record.remoteIndex >= target[record.what])
      done.add(`${record.region}/${record.what}`);
  };
  cluster.sim.trace.on('acl.replicate', listener);
  const startVirtual = cluster.sim.now;
  const start = performance.now();
  for (const region of others) for (const server of cluster.serversOf(region)) server.start();
  const caughtUp = cluster.sim.runUntilCondition(
    () => done.size === others.length * 2,
    cluster.sim.now + 600_000,
  );
  const wallMs = performance.now() - start;
  cluster.sim.trace.off('acl.replicate', listener);
  if (!caughtUp)
    throw new Error(`scale sweep: ${objects} objects not replicated within 600 s of virtual time`);
  const copy = cluster.leaderOf(others[0] as string)?.fsm?.acl;
  const policies = copy?.listPolicies().length ?? 0;
  if (policies !== Math.floor(objects / 2))
    throw new Error(
      `scale sweep: ${policies} policies replicated, expected ${Math.floor(objects / 2)}`,
    );
  return { wallMs, virtualMs: cluster.sim.now - startVirtual };
}

export async function runFederationBench(): Promise<Record<string, number>> {
  const b1 = await workloadB1();
  const floor = messageFloor(300_000);
  await catchUp(1_000); // warm-up
  const sweep: Record<string, number> = {};
  for (const objects of [1_000, 10_000, 20_000]) {
    const runs = [];
    for (let i = 0; i < SWEEP_REPEATS; i++) runs.push(await catchUp(objects));
    sweep[`catchUp${objects / 1000}kWallMs`] = Math.round(
      Math.min(...runs.map((run) => run.wallMs)),
    );
    const virtualMs = (runs[0] as { virtualMs: number }).virtualMs;
    if (runs.some((run) => run.virtualMs !== virtualMs))
      throw new Error(`scale sweep: two runs of ${objects} objects differ in virtual time`);
    sweep[`catchUp${objects / 1000}kVirtualMs`] = virtualMs;
  }
  return {
    ...b1,
    floorMessagesPerSec: Math.round(floor),
    b1LoadMessagesToFloorRatio: Number(((b1.b1LoadMessagesPerSec as number) / floor).toFixed(3)),
    ...sweep,
    catchUp20kTo10kRatio: Number(
      ((sweep.catchUp20kWallMs as number) / (sweep.catchUp10kWallMs as number)).toFixed(2),
    ),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const numbers = await runFederationBench();
  console.log('## federation  (goals: catchUp20kTo10kRatio <= 2.3; lag and compression reported)');
  for (const [key, value] of Object.entries(numbers)) console.log(`  ${key.padEnd(32)} ${value}`);
}
