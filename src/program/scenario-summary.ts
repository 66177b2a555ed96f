/**
 * The machine-readable summary of a scenario run (`--json`): one line of JSON on stdout, for
 * scripts and CI, with what the run was (scenario name and title, seed, profile), how it ended
 * (ok, the failure message or null), how long it took in virtual time, the steps it began (title
 * and virtual ms; a failure happened in the last), and the command that replays it.
 */
import type { ProfileName } from '../acl/index.js';
import type { Scenario, ScenarioResult, ScenarioStep } from '../scenario/index.js';

export interface ScenarioSummary {
  scenario: string;
  title: string;
  seed: number;
  profile: ProfileName;
  ok: boolean;
  failure: string | null;
  virtualMs: number;
  steps: ScenarioStep[];
  /** The command that runs the same scenario again, seed and profile included (null: not known). */
  replay: string | null;
}

export function scenarioSummary(
  scenario: Scenario,
  result: ScenarioResult,
  replay: string | undefined,
): ScenarioSummary {
  return {
    scenario: scenario.info.name,
    title: scenario.info.title,
    seed: result.seed,
    profile: result.profile,
    ok: result.ok,
    failure: result.failure,
    virtualMs: result.virtualMs,
    steps: result.steps,
    replay:
      replay === undefined ? null : `${replay} --seed ${result.seed} --profile ${result.profile}`,
  };
}

/** The summary as printed: one line of JSON and a newline. */
export function formatSummary(summary: ScenarioSummary): string {
  return `${JSON.stringify(summary)}\n`;
}
