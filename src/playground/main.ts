/**
 * The playground page's entry point. The site builder (src/program/playground-site.ts) bundles
 * it with the scenarios that ship with the simulator and calls `startPlayground` with their
 * modules; the session the address names (`?scenario=...&until=...`) starts at once. A page that
 * cannot start says so in the page.
 */
import type { Scenario } from '../scenario/scenario.js';
import { Playground, type PlaygroundScenario } from './playground.js';

declare global {
  interface Window {
    /** The running playground, for the end-to-end tests. */
    playground?: Playground;
  }
}

/** A scenario file's module: its scenario is the default export or `scenario`. */
export interface ScenarioModule {
  readonly default?: unknown;
  readonly scenario?: unknown;
}

function scenarioOf(module: ScenarioModule): Scenario | null {
  const candidate = (module.default ?? module.scenario) as Partial<Scenario> | undefined;
  return candidate?.info !== undefined && candidate.body !== undefined
    ? (candidate as Scenario)
    : null;
}

export function startPlayground(
  modules: ReadonlyArray<{ file: string; module: ScenarioModule }>,
): void {
  try {
    const scenarios: PlaygroundScenario[] = [];
    for (const { file, module } of modules) {
      const scenario = scenarioOf(module);
      if (scenario !== null) scenarios.push({ file, scenario });
    }
    const playground = new Playground(scenarios);
    window.playground = playground;
    void playground.start(Playground.choiceFromAddress(location.search));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    document.body.insertAdjacentHTML('afterbegin', '<p class="fatal" role="alert"></p>');
    const alert = document.querySelector('.fatal');
    if (alert !== null) alert.textContent = `The playground cannot start: ${message}`;
    document.body.dataset.ready = 'error';
  }
}
