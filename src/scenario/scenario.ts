/**
 * Scenario definitions and runs. A scenario file exports `defineScenario(info, body)`; running it
 * builds the simulated federation the info describes, installs the API layer for the chosen
 * version profile, starts every server, waits for leaders and then plays the body, which reads
 * like the tutorial. The run returns the transcript, and fails with a clear message (and the
 * command, seed and profile that replay it) when an expectation does not hold. A definition that cannot run (no regions, a
 * region of 0 servers, a fractional default seed...) is refused by `defineScenario` itself.
 * Each transcript line also goes into the trace (`scenario.transcript`, with the virtual time of
 * its step) so the timeline page can show the transcript beside the run.
 */
import type { RegionSpec } from '../region/cluster.js';
import type { ProfileName } from '../acl/index.js';
import type { RaftTimings } from '../raft/index.js';
import type { ScenarioSession, ScenarioStep } from './session.js';
import { checkScenarioInfo } from './scenario-definition-check.js';
import { failureText, setUpRun, startFederation } from './run-setup.js';

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
  /**
   * The command that runs this scenario again, without `--seed` and `--profile` (which the replay
   * line adds), e.g. `npx tsx my-scenario.ts`. The program passes the command it was started with;
   * without it the replay line shows the `run` call.
   */
  replay?: string;
  /** Starts each transcript line that is not blank with its virtual time, `[00:01:12.345]`. */
  timestamps?: boolean;
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
  /** The steps (headings) the scenario began, with their virtual times; a failure is in the last. */
  steps: ScenarioStep[];
}

export type ScenarioBody = (s: ScenarioSession) => Promise<void>;

export interface Scenario {
  readonly info: ScenarioInfo;
  run(options?: ScenarioRunOptions): Promise<ScenarioResult>;
  /** The steps themselves (scenarios made by `defineScenario` have it; `openLiveSession` plays it). */
  readonly body?: ScenarioBody;
}

/** Throws ScenarioDefinitionError when `info` cannot run (see ./scenario-definition-check.ts). */
export function defineScenario(info: ScenarioInfo, body: ScenarioBody): Scenario {
  checkScenarioInfo(info);
  return { info, body, run: (options = {}) => runScenario(info, body, options) };
}

async function runScenario(
  info: ScenarioInfo,
  body: ScenarioBody,
  options: ScenarioRunOptions,
): Promise<ScenarioResult> {
  const run = setUpRun(info, options);
  const { cluster, session, transcript, traceGuard, seed, profile } = run;
  let failure: string | null = null;
  try {
    await startFederation(run);
    await body(session);
    traceGuard?.check();
  } catch (thrown) {
    failure = failureText(run, thrown);
    transcript.blank();
    transcript.write(`SCENARIO FAILED: ${failure}`);
    transcript.write(`replay: ${replayLine(options.replay, seed, profile)}`);
  }
  return {
    ok: failure === null,
    transcript: transcript.text(),
    failure,
    seed,
    profile,
    virtualMs: cluster.sim.now,
    steps: session.steps,
  };
}

/** How to run the same scenario again: the given command with the seed and profile, else the `run` call. */
function replayLine(command: string | undefined, seed: number, profile: ProfileName): string {
  return command === undefined
    ? `scenario.run({ seed: ${seed}, profile: '${profile}' })`
    : `${command} --seed ${seed} --profile ${profile}`;
}
