/**
 * A saved shell session as a scenario (what `save FILE.ts` writes calls `defineShellScenario`):
 * running it starts the shell as the session started, feeds it every recorded line (echoed after
 * its prompt), and supplies what the person supplied (edited texts, how long `logs -f` followed),
 * so it prints the same transcript. A command whose exit status differs from the recorded one
 * stops the replay with SCENARIO FAILED. `nomad-sim run FILE.ts` runs it too; only `npx tsx
 * FILE.ts` gives it a front end that can write trace files again (`trace FILE` lines).
 */
import type { RegionSpec } from '../../region/cluster.js';
import type { ProfileName } from '../../acl/index.js';
import type { Scenario, ScenarioResult, ScenarioRunOptions } from '../scenario.js';
import { checkScenarioInfo } from '../scenario-definition-check.js';
import { Transcript } from '../transcript.js';
import { shellScenarioInfo, startShell } from './start-shell.js';
import type { ShellHost } from './shell.js';
import type { ShellEntry } from './saved-session.js';

/** A scenario module, loaded when the replay starts (`() => import('../scenarios/tutorial.js')`). */
export type ScenarioModuleLoader = () => Promise<{
  readonly default?: unknown;
  readonly scenario?: unknown;
}>;

export interface ShellScenarioSetup {
  /** The saved file's name, without extension. */
  readonly name: string;
  /** The federation (with `from`: the scenario's, for the heading of `nomad-sim run`). */
  readonly regions: readonly RegionSpec[];
  readonly authoritativeRegion?: string;
  readonly seed: number;
  readonly profile: ProfileName;
  /**
   * Play a scenario first. Its module is imported when the replay starts: a saved file may run as
   * CommonJS, which cannot import a module that uses top-level await (every scenario file does).
   */
  readonly from?: { readonly scenario: Scenario | ScenarioModuleLoader; readonly until?: string };
  /** The guide that followed the session from its start. */
  readonly guide?: string;
}

async function scenarioOf(from: Scenario | ScenarioModuleLoader): Promise<Scenario | string> {
  if (typeof from !== 'function') return from;
  const module = await from();
  const candidate = (module.default ?? module.scenario) as Partial<Scenario> | undefined;
  if (
    candidate === undefined ||
    candidate.info === undefined ||
    typeof candidate.run !== 'function'
  )
    return 'the --from module does not export a scenario';
  return candidate as Scenario;
}

export interface ShellReplayOptions extends ScenarioRunOptions {
  /** Lets `trace FILE` lines write their files again. */
  readonly host?: ShellHost;
}

export interface ShellScenario extends Scenario {
  replay(options?: ShellReplayOptions): Promise<ScenarioResult>;
}

function entryOf(entry: string | ShellEntry): ShellEntry {
  return typeof entry === 'string' ? { line: entry } : entry;
}

export function defineShellScenario(
  setup: ShellScenarioSetup,
  entries: ReadonlyArray<string | ShellEntry>,
): ShellScenario {
  const info = {
    ...shellScenarioInfo(setup.regions, setup.authoritativeRegion),
    name: setup.name,
    defaultSeed: setup.seed,
  };
  checkScenarioInfo(info);
  const replay = async (options: ShellReplayOptions = {}): Promise<ScenarioResult> => {
    const seed = options.seed ?? setup.seed;
    const profile = options.profile ?? setup.profile;
    // Lines are kept here as well as printed live, for the result's transcript.
    const transcript = new Transcript(options.live ?? null);
    const fail = (failure: string, virtualMs: number): ScenarioResult => {
      transcript.blank();
      transcript.write(`SCENARIO FAILED: ${failure}`);
      transcript.write(`replay: npx tsx ${setup.name}.ts --seed ${seed} --profile ${profile}`);
      return {
        ok: false,
        transcript: transcript.text(),
        failure,
        seed,
        profile,
        virtualMs,
        steps: [],
      };
    };
    const fromScenario =
      setup.from === undefined ? undefined : await scenarioOf(setup.from.scenario);
    if (typeof fromScenario === 'string') return fail(fromScenario, 0);
    const until = setup.from?.until;
    const started = await startShell({
      regions: setup.regions,
      ...(setup.authoritativeRegion === undefined
        ? {}
        : { authoritativeRegion: setup.authoritativeRegion }),
      ...(fromScenario === undefined
        ? {}
        : { from: { scenario: fromScenario, ...(until === undefined ? {} : { until }) } }),
      seed,
      profile,
      ...(setup.guide === undefined ? {} : { guide: setup.guide }),
      echo: true,
      live: (text) => transcript.write(text),
      ...(options.traceSink === undefined ? {} : { traceSink: options.traceSink }),
      ...(options.host === undefined ? {} : { host: options.host }),
    });
    if (!started.ok) return fail(started.failure, 0);
    const shell = started.shell;
    try {
      for (const [n, raw] of entries.entries()) {
        const entry = entryOf(raw);
        const recorded = {
          ...(entry.edited === undefined ? {} : { edited: entry.edited }),
          ...(entry.stoppedAfterMs === undefined ? {} : { stoppedAfterMs: entry.stoppedAfterMs }),
        };
        let status: number | null = null;
        for (const line of entry.line.split('\n')) status = await shell.feed(line, recorded);
        const expected = entry.exit ?? 0;
        if (status === null)
          return fail(
            `command ${n + 1} (${JSON.stringify(entry.line)}) is not complete: it waits for more lines`,
            shell.cluster.sim.now,
          );
        if (status !== expected)
          return fail(
            `command ${n + 1} (${JSON.stringify(entry.line)}) exited with ${status}; the session saw ${expected}`,
            shell.cluster.sim.now,
          );
      }
    } finally {
      shell.close();
    }
    return {
      ok: true,
      transcript: transcript.text(),
      failure: null,
      seed,
      profile,
      virtualMs: shell.cluster.sim.now,
      steps: shell.session.steps,
    };
  };
  return { info, run: (options) => replay(options ?? {}), replay };
}
