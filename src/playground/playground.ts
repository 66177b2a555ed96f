/**
 * The playground page: a live federation simulated in the page, driven from an in-page terminal
 * by the same interpreter as `nomad-sim shell` (startShell, feed, completeLine), with the
 * timeline page above it growing from the session's trace as commands run. A session starts as a
 * plain shell on the tutorial's federation, or from a scenario: every step replayed (then the
 * federation stays live to go on by hand), or the steps up to a chosen one, where the person takes
 * over (`nomad-sim shell --from FILE --until STEP`). The choice is kept in the address
 * (`?scenario=tutorial&until=Run the bootstrap command&seed=7`), so a link opens the same start.
 */
import type { Scenario } from '../scenario/scenario.js';
import { completeLine, type Shell, startShell } from '../scenario/shell/index.js';
import { TimelineApp } from '../timeline/page/app.js';
import { LineEditor } from './line-editor.js';
import { LiveTimeline } from './live-timeline.js';
import { PageHost } from './page-host.js';
import { bindSplitter } from './splitter.js';
import { TerminalView } from './terminal-view.js';

/** A scenario the page offers, with the file it comes from (named in saved sessions). */
export interface PlaygroundScenario {
  readonly file: string;
  readonly scenario: Scenario;
}

/** How a session starts: a plain shell (scenario null) or a scenario, up to a step or to its end. */
export interface SessionChoice {
  readonly scenario: string | null;
  readonly until: string | null;
  readonly seed: number | null;
}

/** What the page is doing, on `<body data-shell>` (the tests wait on it). */
export type ShellState = 'starting' | 'ready' | 'running' | 'failed' | 'ended';

/** Redraw the live timeline at most this often while a command runs (wall ms, between frames). */
const REFRESH_MS = 250;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found as T;
}

export class Playground {
  readonly terminal: TerminalView;
  private readonly editor: LineEditor;
  private readonly scenarioSelect = element<HTMLSelectElement>('scenario');
  private readonly stepSelect = element<HTMLSelectElement>('step');
  private readonly seedInput = element<HTMLInputElement>('seed');
  private readonly restartButton = element<HTMLButtonElement>('restart');
  private readonly statusLine = element('session-status');
  /** Step titles of each scenario, known once it was replayed to its end. */
  private readonly steps = new Map<string, string[]>();
  private shell: Shell | null = null;
  private host = new PageHost();
  private live = new LiveTimeline();
  private app: TimelineApp | null = null;
  /** Counts sessions: output of a session replaced by a newer one is dropped. */
  private generation = 0;
  /** The session starting, or the command running (a new session waits for it). */
  private busy: Promise<unknown> = Promise.resolve();
  private newRun = true;
  private refreshQueued = false;
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private choice: SessionChoice = { scenario: null, until: null, seed: null };

  constructor(private readonly scenarios: readonly PlaygroundScenario[]) {
    this.terminal = new TerminalView(element('terminal'));
    this.editor = new LineEditor(
      {
        write: (text) => this.terminal.write(text),
        columns: () => this.terminal.columns,
        styled: (prompt) => this.terminal.styled(prompt),
      },
      {
        submit: (line) => {
          this.busy = this.run(line);
        },
        complete: (before) =>
          this.shell === null
            ? Promise.resolve([[], ''] as [string[], string])
            : completeLine(this.shell, before),
        cancel: () => {
          if (this.shell === null) return;
          this.shell.cancelInput();
          this.editor.prompt(this.shell.prompt);
        },
        interrupt: () => this.host.interrupt(),
      },
    );
    this.terminal.terminal.onData((data) => this.editor.input(data));
    this.scenarioSelect.innerHTML = [
      '<option value="">a shell on the tutorial\'s federation (ACLs off)</option>',
      ...scenarios.map(
        ({ scenario }) =>
          `<option value="${escapeHtml(scenario.info.name)}">${escapeHtml(scenario.info.title)}</option>`,
      ),
    ].join('');
    this.scenarioSelect.addEventListener('change', () =>
      this.start({ scenario: this.scenarioSelect.value || null, until: null, seed: this.seed() }),
    );
    this.stepSelect.addEventListener('change', () =>
      this.start({ ...this.choice, until: this.stepSelect.value || null, seed: this.seed() }),
    );
    this.restartButton.addEventListener('click', () =>
      this.start({ ...this.choice, seed: this.seed() }),
    );
    element('terminal-section').addEventListener('click', () => this.terminal.focus());
    bindSplitter(
      element('splitter'),
      document.querySelector('main') as HTMLElement,
      element('terminal-section'),
    );
    new ResizeObserver(() => this.app?.relayout()).observe(element('timeline-section'));
  }

  /** The session choice in the page's address (`?scenario=...&until=...&seed=...`). */
  static choiceFromAddress(search: string): SessionChoice {
    const params = new URLSearchParams(search);
    const seed = params.get('seed');
    return {
      scenario: params.get('scenario') || null,
      until: params.get('until') || null,
      seed: seed !== null && /^\d+$/.test(seed) ? Number(seed) : null,
    };
  }

  get state(): ShellState {
    return (document.body.dataset.shell as ShellState | undefined) ?? 'starting';
  }

  /** The timeline page's controller, once the first session has written its first records. */
  get timeline(): TimelineApp | null {
    return this.app;
  }

  private seed(): number | null {
    const text = this.seedInput.value.trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  private setState(state: ShellState, status: string): void {
    document.body.dataset.shell = state;
    this.statusLine.textContent = status;
    const starting = state === 'starting';
    this.scenarioSelect.disabled = starting;
    this.stepSelect.disabled =
      starting || (this.choice.scenario !== null && !this.steps.has(this.choice.scenario));
    this.restartButton.disabled = starting;
  }

  /** Starts a session as `choice` says, after the command running (if any) ends. */
  async start(choice: SessionChoice): Promise<void> {
    const generation = ++this.generation;
    this.editor.reset();
    this.host.interrupt();
    await this.busy.catch(() => undefined);
    if (generation !== this.generation) return;
    this.busy = this.open(choice, generation);
    await this.busy;
  }

  private async open(choice: SessionChoice, generation: number): Promise<void> {
    this.shell?.close();
    this.shell = null;
    const picked =
      choice.scenario === null
        ? null
        : (this.scenarios.find((s) => s.scenario.info.name === choice.scenario) ?? null);
    if (choice.scenario !== null && picked === null) {
      this.terminal.clear();
      this.terminal.notice(
        `There is no scenario named ${choice.scenario}; starting a plain shell.`,
      );
      return this.open({ scenario: null, until: null, seed: choice.seed }, generation);
    }
    this.choice = choice;
    this.showChoice();
    this.terminal.clear();
    const live = new LiveTimeline();
    this.live = live;
    this.newRun = true;
    const host = new PageHost();
    this.host = host;
    this.setState(
      'starting',
      picked === null
        ? 'starting the federation…'
        : choice.until === null
          ? `replaying ${picked.scenario.info.name}…`
          : `replaying ${picked.scenario.info.name} up to “${choice.until}”…`,
    );
    const started = await startShell({
      ...(picked === null
        ? {}
        : {
            from: {
              scenario: picked.scenario,
              file: picked.file,
              ...(choice.until === null ? {} : { until: choice.until }),
            },
          }),
      ...(choice.seed === null ? {} : { seed: choice.seed }),
      host: host.services,
      echo: true,
      live: (text) => {
        if (generation === this.generation) this.terminal.print(text);
      },
      traceSink: (line) => {
        live.add(line);
        if (generation === this.generation) this.scheduleRefresh();
      },
    });
    if (generation !== this.generation) {
      if (started.ok) started.shell.close();
      return;
    }
    this.refresh();
    if (!started.ok) {
      this.terminal.notice(`The session could not start: ${started.failure}`);
      this.setState('failed', 'could not start: pick another scenario or step');
      return;
    }
    this.shell = started.shell;
    if (picked !== null && choice.until === null) {
      this.steps.set(
        picked.scenario.info.name,
        started.shell.session.steps.map((s) => s.title),
      );
      this.showChoice();
    }
    this.terminal.notice(
      picked === null
        ? 'Type help for the commands; Tab completes. The timeline above grows as commands run.'
        : choice.until === null
          ? `The scenario ran to its end; the federation is yours now. Type help for the commands.`
          : `The scenario stopped before “${choice.until}”; the federation is yours now. Type help for the commands.`,
    );
    this.prompt();
  }

  private prompt(): void {
    if (this.shell === null) return;
    // A Ctrl-C no command took (pressed while a scenario replayed) must not stop the next one.
    this.host.settle();
    this.setState('ready', this.describeChoice());
    this.editor.prompt(this.shell.prompt);
  }

  private describeChoice(): string {
    const { scenario, until } = this.choice;
    if (scenario === null) return 'a federation to drive by hand';
    return until === null ? `${scenario}, after its last step` : `${scenario}, before “${until}”`;
  }

  /** Runs one typed line. */
  private async run(line: string): Promise<void> {
    const shell = this.shell;
    if (shell === null) return;
    const generation = this.generation;
    this.setState('running', `running: ${line.trim() === '' ? '(empty line)' : line.trim()}`);
    await shell.feed(line);
    if (generation !== this.generation) return;
    this.refresh();
    if (shell.exited) {
      this.terminal.notice(
        'The shell has ended: pick a scenario or press Restart for a new session.',
      );
      this.setState('ended', 'ended');
      return;
    }
    this.prompt();
  }

  /** Shows the choice in the controls and the address. */
  private showChoice(): void {
    const { scenario, until, seed } = this.choice;
    this.scenarioSelect.value = scenario ?? '';
    const steps =
      scenario === null ? [] : (this.steps.get(scenario) ?? (until === null ? [] : [until]));
    this.stepSelect.innerHTML = [
      `<option value="">${scenario === null ? '—' : 'play every step'}</option>`,
      ...steps.map(
        (title) =>
          `<option value="${escapeHtml(title)}">stop before: ${escapeHtml(title)}</option>`,
      ),
    ].join('');
    this.stepSelect.value = until ?? '';
    if (seed !== null) this.seedInput.value = String(seed);
    const params = new URLSearchParams();
    if (scenario !== null) params.set('scenario', scenario);
    if (until !== null) params.set('until', until);
    if (seed !== null) params.set('seed', String(seed));
    const search = params.toString();
    history.replaceState(
      null,
      '',
      `${location.pathname}${search === '' ? '' : `?${search}`}${location.hash}`,
    );
  }

  /** Redraws the timeline at the next frame, at most every REFRESH_MS. */
  private scheduleRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    requestAnimationFrame((now) => {
      this.refreshQueued = false;
      if (!this.live.changed) return;
      if (now - this.lastRefresh < REFRESH_MS) {
        this.scheduleRefresh();
        return;
      }
      this.lastRefresh = now;
      this.refresh();
    });
  }

  /** Shows the model of everything the session wrote so far. */
  private refresh(): void {
    if (!this.live.changed && !this.newRun) return;
    if (this.live.records === 0) return;
    const model = this.live.take();
    document.body.dataset.records = String(this.live.records);
    if (this.app === null) {
      this.app = new TimelineApp(model, { pageName: 'playground', minServerHeight: 18 });
      document.body.dataset.ready = 'true';
    } else this.app.replace(model);
    if (this.newRun) {
      this.newRun = false;
      this.app.fit();
      this.app.jump(model.end, false);
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
