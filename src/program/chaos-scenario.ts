/**
 * A chaos run as a scenario: `defineChaosScenario({ name, title, chaos, faults })` builds the
 * federation a chaos run builds, with its seed, its set-up and its client load, and strikes the
 * listed faults at their virtual times instead of drawing faults from the seed (src/program/
 * chaos.ts). Its transcript shows each fault as it strikes (and each armed fault as it fires),
 * then the chaos report; the scenario fails (`SCENARIO FAILED: VIOLATION of ...`, exit 1) when an
 * invariant breaks. `nomad-sim chaos` writes the shrunk run of a failure as such a file
 * (chaos-scenario-script.ts), which `npx tsx FILE.ts` and `npx nomad-sim run FILE.ts` replay.
 *
 * `--seed N` replays the faults against the client load of another seed; `--trace` and `--html`
 * work as for any scenario. Chaos runs play the modern profile: `--profile` does not change them.
 */
import type { Scenario, ScenarioResult, ScenarioRunOptions } from '../scenario/scenario.js';
import { ScenarioDefinitionError } from '../scenario/scenario-definition-check.js';
import { Transcript, formatVirtualTime, wrap } from '../scenario/transcript.js';
import { CHAOS_FAULT_KINDS } from '../check/chaos-mix.js';
import { scheduleProblem, type ChaosFault } from '../check/chaos-schedule.js';
import { formatDuration, parseRegions } from './chaos-args.js';
import { ChaosOptionError, runChaos, type RunChaosOptions } from './chaos.js';
import { formatChaosReport } from './chaos-report.js';
import { defineAndAutorun } from './scenario-autorun.js';

/** The chaos run of a scenario: what `runChaos` takes, less the faults and the program's hooks. */
export type ChaosScenarioRun = Omit<
  RunChaosOptions,
  'faults' | 'traceSink' | 'keepTrace' | 'onProgress' | 'onFault' | 'traceFile'
>;

export interface ChaosScenarioSpec {
  /** Short name (the file name without extension). */
  readonly name: string;
  readonly title: string;
  /** What it shows (printed first). Default: a sentence about the run. */
  readonly about?: string;
  /** The run; its seed is the scenario's default seed. */
  readonly chaos: ChaosScenarioRun;
  /** The faults, in time order (virtual ms since the run began). */
  readonly faults: readonly ChaosFault[];
}

/** Throws ScenarioDefinitionError when the run or its faults cannot be played. */
function check(spec: ChaosScenarioSpec): { name: string; servers: number }[] {
  const name = typeof spec.name === 'string' ? spec.name : '?';
  const fail = (problem: string): never => {
    throw new ScenarioDefinitionError(name, problem);
  };
  if (typeof spec.name !== 'string' || spec.name === '') fail('name must be a non-empty string');
  if (typeof spec.title !== 'string') fail('title must be a string');
  if (typeof spec.chaos !== 'object' || spec.chaos === null) fail('chaos must describe the run');
  const regions =
    typeof spec.chaos.regions === 'string' ? parseRegions(spec.chaos.regions) : spec.chaos.regions;
  if (typeof regions === 'string') return fail(regions);
  const problem = scheduleProblem(spec.faults, regions, CHAOS_FAULT_KINDS);
  if (problem !== null) fail(problem);
  return regions;
}

/** Defines the scenario; when the calling file is the program's entry (`npx tsx FILE.ts`) it also runs. */
export function defineChaosScenario(spec: ChaosScenarioSpec): Scenario {
  return defineAndAutorun(() => {
    const regions = check(spec);
    const about =
      spec.about ??
      `A chaos run: seed ${spec.chaos.seed}, ${spec.faults.length} faults at fixed times over ${formatDuration(spec.chaos.durationMs)} of client load.`;
    return {
      info: {
        name: spec.name,
        title: spec.title,
        about,
        regions: regions.map((r) => ({ name: r.name, servers: r.servers })),
        defaultSeed: spec.chaos.seed,
      },
      run: (options = {}) => runChaosScenario(spec, about, options),
    };
  }, defineChaosScenario);
}

async function runChaosScenario(
  spec: ChaosScenarioSpec,
  about: string,
  options: ScenarioRunOptions,
): Promise<ScenarioResult> {
  const seed = options.seed ?? spec.chaos.seed;
  let now = 0;
  const stamped = options.timestamps === true;
  const transcript = new Transcript(options.live ?? null, stamped ? () => now : null);
  transcript.write(`# ${spec.title}`);
  transcript.blank();
  transcript.write(wrap(about));
  transcript.blank();
  const shape =
    typeof spec.chaos.regions === 'string'
      ? spec.chaos.regions
      : spec.chaos.regions.map((r) => `${r.name}:${r.servers}`).join(',');
  transcript.write(
    `[sim] seed ${seed}; regions ${shape}; ${spec.faults.length} faults over ${formatDuration(spec.chaos.durationMs)} of client load`,
  );
  let failure: string | null = null;
  let virtualMs = 0;
  try {
    const result = await runChaos({
      ...spec.chaos,
      seed,
      faults: spec.faults,
      ...(options.traceSink === undefined ? {} : { traceSink: options.traceSink }),
      onFault: (note) => {
        now = note.atMs;
        transcript.write(
          stamped ? `fault  ${note.text}` : `${formatVirtualTime(note.atMs)} ${note.text}`,
        );
      },
    });
    virtualMs = result.stats.virtualMs;
    now = virtualMs;
    transcript.blank();
    transcript.write(formatChaosReport(result));
    if (!result.ok)
      failure = `VIOLATION of ${result.violation.property} at t=${result.violation.time} ms: ${result.violation.detail}`;
  } catch (error) {
    if (!(error instanceof ChaosOptionError)) throw error;
    failure = error.message;
  }
  if (failure !== null) {
    transcript.blank();
    transcript.write(`SCENARIO FAILED: ${failure}`);
    transcript.write(
      `replay: ${options.replay === undefined ? `scenario.run({ seed: ${seed} })` : `${options.replay} --seed ${seed}`}`,
    );
  }
  return {
    ok: failure === null,
    transcript: transcript.text(),
    failure,
    seed,
    profile: 'modern',
    virtualMs,
    steps: [],
  };
}
