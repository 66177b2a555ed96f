/**
 * The shell's guide (`nomad-sim shell --guide tutorial`, or `guide tutorial` at the prompt): it
 * keeps the tutorial's checklist against what the person does and what the federation holds, and
 * after each command says what changed — a step done (or undone), and, when the steps are taken
 * in another order, what that leads to, in the words of the mistake scenario that shows it.
 * `guide` prints the checklist and `hint` the next step: why, and what to type.
 *
 * Everything it says is computed from the commands and the simulated federation, never from real
 * time, so a saved session replays with the same notes.
 */
import { wrap } from '../../transcript.js';
import { TUTORIAL_LESSONS, TUTORIAL_TITLE } from '../../lessons/tutorial-lessons.js';
import { type FederationFacts, nomadRequest } from './federation-facts.js';
import { type CommandFacts, type GuideNote, notesAfter } from './mistake-notes.js';
import {
  type GuideMemory,
  type StepState,
  type TutorialStep,
  tutorialSteps,
  type Workstation,
} from './tutorial-checklist.js';

/** The guides there are (`--guide NAME`). */
export const GUIDE_NAMES = ['tutorial'] as const;

/** The operator's side, which the guide reads: files and the environment `nomad` uses. */
export interface GuideWorkstation extends Workstation {
  env(): Readonly<Record<string, string>>;
}

/** A command as the shell ran it, for the guide to look at. */
export interface TypedCommand {
  /** Its words, expanded. */
  readonly words: readonly string[];
  readonly status: number;
  /** Everything it printed. */
  readonly output: string;
  /** The environment it ran with (the machine's, and its own `NAME=value` words). */
  readonly env: Readonly<Record<string, string>>;
  /** The agent the shell was logged into (`nomad` talks to it by default), or null. */
  readonly hostAddress: string | null;
}

/** No command: what the guide looks at when only the federation's state matters. */
const NOTHING_TYPED: CommandFacts = { words: [], status: 0, output: '', nomad: null };

/** Paragraphs wrapped to the terminal, indented under a `[guide]` line. */
function indented(paragraphs: readonly string[]): string[] {
  return paragraphs.flatMap((text) => wrap(text, 94).split('\n')).map((line) => `  ${line}`);
}

/** A step's detail (parts joined by ` · `), broken between parts to fit 100 columns. */
function detailLines(detail: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of detail.split(' · ')) {
    if (line !== '' && indent.length + line.length + 3 + part.length > 100) {
      lines.push(`${indent}${line}`);
      line = part;
    } else line = line === '' ? part : `${line} · ${part}`;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}

function noteLines(note: GuideNote): string[] {
  return [
    `[guide] ! ${note.heading}`,
    ...indented(note.paragraphs),
    ...(note.mistake === null ? [] : [`  Step by step: npx nomad-sim run ${note.mistake.name}`]),
  ];
}

export class Guide {
  private readonly steps: readonly TutorialStep[];
  private readonly memory: GuideMemory = {
    cliToken: false,
    anonymousVerified: false,
    firstResetIndex: null,
    resetIndexNow: null,
  };
  private done = new Set<string>();
  /** State notes in force after the last command (shown when they began), with their headings. */
  private states = new Map<string, string>();
  /** Event notes already shown. */
  private readonly events = new Set<string>();

  constructor(
    private readonly facts: FederationFacts,
    private readonly workstation: GuideWorkstation,
  ) {
    this.steps = tutorialSteps(workstation);
  }

  /** What the guide says as it starts; it takes the federation as it finds it. */
  start(): string {
    this.facts.refresh();
    this.remember(null);
    const states = this.stepStates();
    this.done = new Set(this.steps.filter((_, i) => states[i]?.done === true).map((s) => s.key));
    const notes = notesAfter(this.facts, NOTHING_TYPED, this.memory);
    this.states = new Map(
      notes.filter((note) => note.kind === 'state').map((note) => [note.key, note.heading]),
    );
    const next = this.nextIndex(states);
    return [
      `[guide] Following the tutorial, "${TUTORIAL_TITLE}"`,
      ...indented([
        `Its ${this.steps.length} steps are a checklist: guide shows it, hint says why and how for the next step. Take them in any order: the guide says what another order leads to, as the mistake scenarios show it.`,
      ]),
      next === null
        ? '[guide] Every step is done already.'
        : `[guide] ${this.done.size} of ${this.steps.length} done; next, step ${next + 1}: ${this.steps[next]?.title}`,
    ].join('\n');
  }

  /** What to print after a command (empty when nothing changed worth saying). */
  afterCommand(typed: TypedCommand): string {
    const command: CommandFacts = {
      words: typed.words,
      status: typed.status,
      output: typed.output,
      nomad:
        typed.words[0] === 'nomad'
          ? nomadRequest(this.facts, typed.words.slice(1), typed.env, typed.hostAddress)
          : null,
    };
    this.facts.refresh();
    this.remember(command);
    const states = this.stepStates();
    const lines: string[] = [];
    this.steps.forEach((step, i) => {
      const state = states[i] as StepState;
      const was = this.done.has(step.key);
      if (state.done && !was) {
        this.done.add(step.key);
        lines.push(`[guide] ✓ Step ${i + 1} of ${this.steps.length} done: ${step.title}`);
        lines.push(...indented(this.completionNote(step)));
      } else if (!state.done && was) {
        this.done.delete(step.key);
        lines.push(`[guide] Step ${i + 1} is not done any more: ${step.title} (${state.detail})`);
      }
    });
    const notes = notesAfter(this.facts, command, this.memory);
    const inForce = new Map<string, string>();
    for (const note of notes) {
      if (note.kind === 'state') {
        inForce.set(note.key, note.heading);
        if (this.states.has(note.key)) continue;
      } else {
        if (this.events.has(note.key)) continue;
        this.events.add(note.key);
      }
      lines.push(...noteLines(note));
    }
    for (const [key, heading] of this.states)
      if (!inForce.has(key)) lines.push(`[guide] ✓ No longer so: ${heading}`);
    this.states = inForce;
    if (lines.length > 0) {
      const next = this.nextIndex(states);
      lines.push(
        next === null
          ? '[guide] Every step of the tutorial is done.'
          : `[guide] Next, step ${next + 1}: ${this.steps[next]?.title} (hint: why and how)`,
      );
    }
    return lines.join('\n');
  }

  /** The checklist, one step a line with how far it is. */
  checklist(): string {
    this.facts.refresh();
    const states = this.stepStates();
    const next = this.nextIndex(states);
    const done = states.filter((state) => state.done).length;
    const lines = [`The tutorial, "${TUTORIAL_TITLE}": ${done} of ${this.steps.length} steps done`];
    this.steps.forEach((step, i) => {
      const state = states[i] as StepState;
      const number = String(i + 1).padStart(2);
      lines.push(
        `  [${state.done ? 'x' : ' '}] ${number}. ${step.title}${i === next ? '   <- next (hint)' : ''}`,
      );
      lines.push(...detailLines(state.detail, '         '));
    });
    return `${lines.join('\n')}\n`;
  }

  /** The next step: what is wrong now, why the step is done, and what to type. */
  hint(): string {
    this.facts.refresh();
    const states = this.stepStates();
    const next = this.nextIndex(states);
    const lines: string[] = [];
    const problems = notesAfter(this.facts, NOTHING_TYPED, this.memory).filter(
      (note) => note.kind === 'state',
    );
    if (problems.length > 0) {
      lines.push('First, what is wrong now:');
      for (const note of problems)
        lines.push(
          `  ! ${note.heading}${note.mistake === null ? '' : ` (npx nomad-sim run ${note.mistake.name})`}`,
        );
    }
    if (next === null) {
      lines.push(
        'Every step of the tutorial is done. Try another order to see what it leads to, or run the',
        'mistake scenarios: npx nomad-sim scenarios lists them.',
      );
      return `${lines.join('\n')}\n`;
    }
    const step = this.steps[next] as TutorialStep;
    const state = states[next] as StepState;
    lines.push(`Next, step ${next + 1} of ${this.steps.length}: ${step.title}`);
    lines.push(...detailLines(`Now: ${state.detail}`, '  '));
    lines.push(...indented(step.why(this.facts)));
    lines.push('Type:');
    lines.push(
      ...step.lines(this.facts, this.memory).map((line) => (line === '' ? '' : `  ${line}`)),
    );
    return `${lines.join('\n')}\n`;
  }

  private stepStates(): StepState[] {
    return this.steps.map((step) => step.state(this.facts, this.memory));
  }

  private nextIndex(states: readonly StepState[]): number | null {
    const index = states.findIndex((state) => !state.done);
    return index === -1 ? null : index;
  }

  /** What the tutorial says once a step is done (its bootstrap's reset index, for one). */
  private completionNote(step: TutorialStep): string[] {
    if (step.key !== 'bootstrap') return [];
    const index = this.facts.resetIndex(this.facts.authoritative);
    return index === null ? [] : [TUTORIAL_LESSONS.bootstrapIsResetIndex(String(index))];
  }

  /** Updates what the federation does not keep: tokens used, anonymous requests, the reset index. */
  private remember(command: CommandFacts | null): void {
    const facts = this.facts;
    const auth = facts.authoritative;
    const token = this.workstation.env().NOMAD_TOKEN;
    if (token !== undefined && facts.isManagementSecret(token)) this.memory.cliToken = true;
    const request = command?.nomad ?? null;
    if (
      request !== null &&
      command?.status === 0 &&
      request.token === null &&
      facts.resetIndex(auth) !== null &&
      facts.hasPolicy(auth, 'anonymous')
    )
      this.memory.anonymousVerified = true;
    const index = facts.resetIndex(auth);
    if (index === null) return;
    if (this.memory.firstResetIndex === null) this.memory.firstResetIndex = index;
    else if (index > this.memory.firstResetIndex) this.memory.resetIndexNow = index;
  }
}
