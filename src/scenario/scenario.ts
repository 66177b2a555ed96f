/**
 * Scenario definitions and runs. A scenario file exports `defineScenario(info, body)`; running it
 * builds the simulated federation the info describes, installs the API layer for the chosen
 * version profile, starts every server, waits for leaders and then plays the body, which reads
 * like the tutorial. The run returns the transcript, and fails with a clear message (and the seed
 * to replay) when an expectation does not hold. A definition that cannot run (no regions, a
 * region of 0 servers, a fractional default seed...) is refused by `defineScenario` itself.
 * Each transcript line also goes into the trace (`scenario.transcript`, with the virtual time of
 * its step) so the timeline page can show the transcript beside the run.
 */
import { Cluster, type RegionSpec } from '../region/cluster.js';
import { ApiLayer } from '../api/api-layer.js';
import { DEFAULT_PROFILE, type ProfileName } from '../acl/index.js';
import type { RaftTimings } from '../raft/index.js';
import { ScenarioFailure, ScenarioSession } from './session.js';
import { Transcript, wrap } from './transcript.js';
import { checkScenarioInfo } from './scenario-definition-check.js';
import { TraceSinkGuard } from './trace-sink-guard.js';

export interface ScenarioInfo {
  /** Short name (file name without extension). */
  name: string;
  title: string;
  /** What the scenario shows and what to watch for (printed first). */
  about: string;
  regions: RegionSpec[];
  /** Written into every server config at the start (omit: unset, as on a fresh install). */
  authoritativeRegion?: string;
  /** Servers start with `acl { enabled = true }`. Default false, as in the tutorial. */
  aclEnabled?: boolean;
  timings?: Partial<RaftTimings>;
  defaultSeed?: number;
}

export interface ScenarioRunOptions {
  seed?: number;
  profile?: ProfileName;
  /**
   * Receives each trace line (e.g. to write a trace file). If it throws, the run stops after the
   * current simulation event and fails with that error (see ./trace-sink-guard.ts).
   */
  traceSink?: (line: string) => void;
  /** Prints the transcript as it is produced. */
  live?: (text: string) => void;
}

export interface ScenarioResult {
  ok: boolean;
  transcript: string;
  /** The failed expectation, or an unexpected error, when `ok` is false. */
  failure: string | null;
  seed: number;
  profile: ProfileName;
  /** Virtual ms the scenario took. */
  virtualMs: number;
}

export type ScenarioBody = (s: ScenarioSession) => Promise<void>;

export interface Scenario {
  readonly info: ScenarioInfo;
  run(options?: ScenarioRunOptions): Promise<ScenarioResult>;
}

/** Throws ScenarioDefinitionError when `info` cannot run (see ./scenario-definition-check.ts). */
export function defineScenario(info: ScenarioInfo, body: ScenarioBody): Scenario {
  checkScenarioInfo(info);
  return { info, run: (options = {}) => runScenario(info, body, options) };
}

async function runScenario(info: ScenarioInfo, body: ScenarioBody, options: ScenarioRunOptions): Promise<ScenarioResult> {
  checkScenarioInfo(info);
  const seed = options.seed ?? info.defaultSeed ?? 1;
  const profile = options.profile ?? DEFAULT_PROFILE;
  const transcript = new Transcript(options.live ?? null);
  const cluster = new Cluster({
    seed,
    regions: info.regions,
    ...(info.authoritativeRegion === undefined ? {} : { authoritativeRegion: info.authoritativeRegion }),
    aclEnabled: info.aclEnabled ?? false,
    ...(info.timings === undefined ? {} : { timings: info.timings }),
  });
  const traceGuard = options.traceSink === undefined ? null : new TraceSinkGuard(options.traceSink);
  if (traceGuard !== null) {
    cluster.sim.trace.addSink(traceGuard.write);
    traceGuard.watch(cluster.sim);
  }
  ApiLayer.install(cluster, profile);
  const trace = cluster.sim.trace;
  transcript.recordLines((text, since) => {
    if (trace.wants('scenario.transcript')) trace.record('scenario.transcript', { since: since ?? cluster.sim.now, text });
  });
  transcript.write(`# ${info.title}`);
  transcript.blank();
  transcript.write(wrap(info.about));
  transcript.blank();
  const shape = info.regions.map((r) => `${r.name} (${r.servers} servers)`).join(', ');
  transcript.write(`[sim] seed ${seed}, profile ${profile}; regions: ${shape}`);
  let failure: string | null = null;
  // The session exists before the servers start, so it sees every log line they write.
  const session = new ScenarioSession(cluster, profile, transcript);
  try {
    cluster.startAll();
    for (const region of cluster.regionNames) await cluster.waitForLeader(region);
    await cluster.sim.sleep(1_000);
    await body(session);
    traceGuard?.check();
  } catch (thrown) {
    // A failed trace sink is the real cause, whatever error it surfaced as.
    const sinkFailure = traceGuard?.failed ?? null;
    const error: unknown = sinkFailure === null ? thrown : sinkFailure.error;
    failure = error instanceof ScenarioFailure ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    transcript.blank();
    transcript.write(`SCENARIO FAILED: ${failure}`);
    transcript.write(`replay: npx nomad-sim run scenarios/${info.name}.ts --seed ${seed} --profile ${profile}`);
  }
  return { ok: failure === null, transcript: transcript.text(), failure, seed, profile, virtualMs: cluster.sim.now };
}
