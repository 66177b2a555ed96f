/**
 * Starts a shell: builds and starts the federation (the tutorial's three regions by default, or
 * what the options say), or plays a scenario up to one of its steps, then hands the live session
 * to a `Shell`, with its guide started when one is asked for. The front end (src/program/shell-main.ts) and replays of saved sessions
 * (./shell-scenario.ts) start it the same way, so both print the same transcript.
 */
import type { RegionSpec } from '../../region/cluster.js';
import type { ProfileName } from '../../acl/index.js';
import type { Scenario, ScenarioInfo } from '../scenario.js';
import { openLiveSession } from '../live-session.js';
import { ReplicationWatch } from './replication-watch.js';
import { Shell, type ShellHost } from './shell.js';
import type { ShellSetup } from './saved-session.js';

/** The tutorial's federation: global (with one client agent), europe and asia, 3 servers each. */
export const DEFAULT_SHELL_REGIONS: readonly RegionSpec[] = [
  { name: 'global', servers: 3, clients: 1 },
  { name: 'europe', servers: 3 },
  { name: 'asia', servers: 3 },
];

export interface StartShellOptions {
  /** Default: DEFAULT_SHELL_REGIONS. Ignored with `from`. */
  readonly regions?: readonly RegionSpec[];
  readonly authoritativeRegion?: string;
  readonly seed?: number;
  readonly profile?: ProfileName;
  /** Play this scenario first, up to the step titled `until` (every step when omitted). */
  readonly from?: { readonly scenario: Scenario; readonly until?: string; readonly file?: string };
  readonly host?: ShellHost;
  /** Follow the session with this guide from the start (`tutorial`). */
  readonly guide?: string;
  /** Print each line fed after its prompt (scripts, replays). */
  readonly echo: boolean;
  /** Receives the transcript as it is printed. */
  readonly live?: (text: string) => void;
  /** Receives every trace line from the start (a replay's `--trace`). */
  readonly traceSink?: (line: string) => void;
}

export type StartShellResult =
  | { readonly ok: true; readonly shell: Shell }
  | { readonly ok: false; readonly failure: string };

/** What a plain shell prints as its heading. */
export function shellScenarioInfo(
  regions: readonly RegionSpec[],
  authoritativeRegion?: string,
): ScenarioInfo {
  const authority =
    authoritativeRegion === undefined
      ? ' and no server names an authoritative region yet, as the tutorial begins'
      : `; every server names ${authoritativeRegion} as the authoritative region`;
  return {
    name: 'shell',
    title: 'A federation to drive by hand',
    about: `Every server runs with ACLs off${authority}. Virtual time passes only while a command runs.`,
    regions: regions.map((r) => ({ ...r })),
    ...(authoritativeRegion === undefined ? {} : { authoritativeRegion }),
  };
}

export async function startShell(options: StartShellOptions): Promise<StartShellResult> {
  const from = options.from;
  if (from !== undefined && from.scenario.body === undefined)
    return {
      ok: false,
      failure: `${from.scenario.info.name} was not made by defineScenario: its steps cannot be played up to a step`,
    };
  const info =
    from === undefined
      ? shellScenarioInfo(options.regions ?? DEFAULT_SHELL_REGIONS, options.authoritativeRegion)
      : from.scenario.info;
  const watch = new ReplicationWatch();
  const opened = await openLiveSession(info, from?.scenario.body ?? null, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.live === undefined ? {} : { live: options.live }),
    ...(options.traceSink === undefined ? {} : { traceSink: options.traceSink }),
    ...(from?.until === undefined ? {} : { until: from.until }),
    beforeStart: (cluster) => watch.attach(cluster),
  });
  if (!opened.ok) return opened;
  const session = opened.session;
  const setup: ShellSetup = {
    regions: info.regions,
    ...(info.authoritativeRegion === undefined
      ? {}
      : { authoritativeRegion: info.authoritativeRegion }),
    seed: opened.seed,
    profile: session.profile,
    ...(from === undefined
      ? {}
      : {
          from: {
            file: from.file ?? `${from.scenario.info.name}.ts`,
            ...(from.until === undefined ? {} : { until: from.until }),
          },
        }),
    ...(options.guide === undefined ? {} : { guide: options.guide }),
  };
  session.print('');
  const shell = new Shell(session, watch, {
    echo: options.echo,
    setup,
    ...(options.host === undefined ? {} : { host: options.host }),
  });
  if (options.guide !== undefined) {
    try {
      session.print(shell.startGuide(options.guide));
    } catch (error) {
      return { ok: false, failure: error instanceof Error ? error.message : String(error) };
    }
  }
  return { ok: true, shell };
}
