/**
 * A scenario's federation kept alive for a person to drive (`nomad-sim shell`): built and started
 * as a scenario run is, then the scenario's steps are played up to the step named `until` (or all
 * of them, or none when there is no body), and the live session is handed over with its cluster,
 * environment, files and transcript as the steps left them.
 */
import type { Cluster } from '../region/cluster.js';
import type { ScenarioBody, ScenarioInfo, ScenarioRunOptions } from './scenario.js';
import { ScenarioPaused, type ScenarioSession } from './session.js';
import { failureText, setUpRun, startFederation } from './run-setup.js';

export interface LiveSessionOptions extends ScenarioRunOptions {
  /** Stop before the step with this title (it must come up). Omit to play every step. */
  until?: string;
  /** Sees the cluster before anything runs (observers that must not miss a record). */
  beforeStart?: (cluster: Cluster) => void;
}

export type LiveSessionResult =
  | { readonly ok: true; readonly session: ScenarioSession; readonly seed: number }
  /** The steps failed, or never reached `until`; `failure` is one line. */
  | { readonly ok: false; readonly failure: string };

export async function openLiveSession(
  info: ScenarioInfo,
  body: ScenarioBody | null,
  options: LiveSessionOptions = {},
): Promise<LiveSessionResult> {
  const run = setUpRun(info, options, options.beforeStart);
  const { session } = run;
  session.pauseBeforeStep(options.until ?? null);
  try {
    await startFederation(run);
    if (body !== null) await body(session);
    run.traceGuard?.check();
  } catch (thrown) {
    if (thrown instanceof ScenarioPaused) {
      session.pauseBeforeStep(null);
      return { ok: true, session, seed: run.seed };
    }
    return { ok: false, failure: failureText(run, thrown) };
  }
  if (options.until !== undefined) {
    const steps = session.steps.map((step) => JSON.stringify(step.title)).join(', ');
    return {
      ok: false,
      failure: `scenario ${info.name} has no step ${JSON.stringify(options.until)}; its steps: ${steps === '' ? 'none' : steps}`,
    };
  }
  return { ok: true, session, seed: run.seed };
}
