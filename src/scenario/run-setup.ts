/**
 * What every scenario run does before its steps: build the federation the scenario describes,
 * plug in the API layer of the chosen version profile and the trace sink, print the heading (title,
 * what to watch for, seed and shape), start every server and wait for a leader in each region.
 * Scenario runs (./scenario.ts) and live sessions driven by hand (./live-session.ts) share it.
 */
import { Cluster } from '../region/cluster.js';
import { ApiLayer } from '../api/api-layer.js';
import { DEFAULT_PROFILE, type ProfileName } from '../acl/index.js';
import { ScenarioFailure, ScenarioSession } from './session.js';
import { Transcript, wrap } from './transcript.js';
import { checkScenarioInfo } from './scenario-definition-check.js';
import { TraceSinkGuard } from './trace-sink-guard.js';
import type { ScenarioInfo, ScenarioRunOptions } from './scenario.js';

/** A federation built for a run, not started yet, with the session its steps use. */
export interface RunSetup {
  readonly info: ScenarioInfo;
  readonly cluster: Cluster;
  readonly session: ScenarioSession;
  readonly transcript: Transcript;
  readonly traceGuard: TraceSinkGuard | null;
  readonly seed: number;
  readonly profile: ProfileName;
}

/**
 * Builds the federation and prints the heading. `beforeStart` sees the cluster before anything
 * runs (observers that must not miss a record attach there).
 */
export function setUpRun(
  info: ScenarioInfo,
  options: ScenarioRunOptions,
  beforeStart?: (cluster: Cluster) => void,
): RunSetup {
  checkScenarioInfo(info);
  const seed = options.seed ?? info.defaultSeed ?? 1;
  const profile = options.profile ?? DEFAULT_PROFILE;
  const transcript = new Transcript(
    options.live ?? null,
    options.timestamps === true ? () => cluster.sim.now : null,
  );
  const cluster = new Cluster({
    seed,
    regions: info.regions,
    ...(info.authoritativeRegion === undefined
      ? {}
      : { authoritativeRegion: info.authoritativeRegion }),
    aclEnabled: info.aclEnabled ?? false,
    ...(info.timings === undefined ? {} : { timings: info.timings }),
  });
  const traceGuard = options.traceSink === undefined ? null : new TraceSinkGuard(options.traceSink);
  if (traceGuard !== null) {
    cluster.sim.trace.addSink(traceGuard.write);
    traceGuard.watch(cluster.sim);
  }
  ApiLayer.install(cluster, profile);
  beforeStart?.(cluster);
  const trace = cluster.sim.trace;
  transcript.recordLines((text, since) => {
    if (trace.wants('scenario.transcript'))
      trace.record('scenario.transcript', { since: since ?? cluster.sim.now, text });
  });
  transcript.write(`# ${info.title}`);
  transcript.blank();
  transcript.write(wrap(info.about));
  transcript.blank();
  const shape = info.regions.map((r) => `${r.name} (${r.servers} servers)`).join(', ');
  transcript.write(`[sim] seed ${seed}, profile ${profile}; regions: ${shape}`);
  // The session exists before the servers start, so it sees every log line they write.
  const session = new ScenarioSession(cluster, profile, transcript);
  return { info, cluster, session, transcript, traceGuard, seed, profile };
}

/** Starts every server and client, waits for a leader in each region, then one more second. */
export async function startFederation(run: RunSetup): Promise<void> {
  run.cluster.startAll();
  for (const region of run.cluster.regionNames) await run.cluster.waitForLeader(region);
  await run.cluster.sim.sleep(1_000);
}

/** The one-line reason a run failed: a failed expectation, a failed trace sink, or an error. */
export function failureText(run: RunSetup, thrown: unknown): string {
  // A failed trace sink is the real cause, whatever error it surfaced as.
  const sinkFailure = run.traceGuard?.failed ?? null;
  const error: unknown = sinkFailure === null ? thrown : sinkFailure.error;
  return error instanceof ScenarioFailure
    ? error.message
    : error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);
}
