/**
 * The `nomad-sim shell` interpreter: a person (or a script, or a replay) feeds it lines; it keeps
 * the prompt (`[00:01:12 operator]$`, with the virtual time since the start), collects
 * here-documents and continued lines, expands variables, runs the command against the live
 * session and prints to the session's transcript. It touches no real I/O: the front end supplies
 * an editor, trace files, saving and the pace of `logs -f` through `ShellHost`.
 *
 * Whatever is typed, `feed` answers with an exit status and at most one line of error per
 * problem: unknown commands and names get a "did you mean", and a command that fails leaves the
 * federation as it was (config edits are checked before any file is written).
 */
import type { Cluster } from '../../region/cluster.js';
import type { ScenarioSession } from '../session.js';
import { type Agent, agentAddress, agentDataDir, agentDisk, agentLabel, Names } from './agents.js';
import { diskFiles, workstationFiles } from './host-files.js';
import type { ReplicationWatch } from './replication-watch.js';
import type { NetworkFaults } from './status-view.js';
import {
  continuesOnNextLine,
  expandHereDocument,
  parseCommandLine,
  type SimpleCommand,
  ShellSyntaxError,
  type VariableLookup,
} from './shell-syntax.js';
import type { CommandInput, HostState, ShellCommand, ShellContext } from './shell-command.js';
import { SHELL_COMMANDS } from './command-table.js';
import { ShellError } from './shell-error.js';
import { didYouMean } from './suggest.js';
import { commandNames } from '../../cli/nomad/index.js';
import type { SavedSession, ShellEntry, ShellSetup } from './saved-session.js';
import { GUIDE_NAMES, Guide } from './guide/guide.js';
import { FederationFacts } from './guide/federation-facts.js';

/** Writes trace lines to a file of the front end's machine. */
export interface TraceWriter {
  write(line: string): void;
  close(): void;
}

/** What the front end provides; every part is optional (a replay or a test has none). */
export interface ShellHost {
  /** Opens `text` in the person's editor; resolves with the saved text, or null without a terminal. */
  editText?(label: string, text: string): Promise<string | null>;
  /** Opens (creates or empties) a trace file. Throws an Error whose message is one line. */
  openTrace?(file: string): TraceWriter;
  /** Writes the saved session script to `file`. Returns the path to show. Throws an Error (one line). */
  saveScript?(file: string, saved: SavedSession): string;
  /** Paces `logs -f`: resolves true after a moment, false when the person pressed Ctrl-C. */
  followTick?(): Promise<boolean>;
  /** True once after the person pressed Ctrl-C while a command ran (stops a long `sleep`). */
  takeInterrupt?(): boolean;
}

export interface ShellOptions {
  readonly host?: ShellHost;
  /** Print each line fed, after its prompt (scripts and replays; a terminal shows what was typed). */
  readonly echo: boolean;
  /** How the federation was set up (for `save`). */
  readonly setup: ShellSetup;
}

/** What a replay supplies for one command instead of the front end (see ShellEntry). */
export interface RecordedInput {
  readonly edited?: readonly string[];
  readonly stoppedAfterMs?: number;
}

/** How long `logs -f` follows when nothing paces it (no terminal). */
const UNATTENDED_FOLLOW_MS = 10_000;

const NOMAD_TOP_LEVEL = new Set(commandNames().map((name) => name.split(' ')[0] as string));

interface PendingHereDocument {
  /** The command line; its `$(...)` run once the body is complete, as sh runs them. */
  readonly line: string;
  readonly delimiter: string;
  readonly literal: boolean;
  readonly body: string[];
}

/** `HH:MM:SS` of virtual ms (hours may pass 99). */
function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

/** Makes `target` hold exactly the entries of `source` (the same object, for those who hold it). */
function replaceContents(target: Record<string, string>, source: Record<string, string>): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, source);
}

function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

export class Shell implements ShellContext {
  readonly cluster: Cluster;
  readonly names: Names;
  readonly faults: NetworkFaults = { partitions: [], lossPercent: 0 };
  readonly commands: ReadonlyMap<string, ShellCommand> = SHELL_COMMANDS;
  private readonly operator: HostState;
  private current: HostState;
  private status = 0;
  private left = false;
  private readonly recorded: ShellEntry[] = [];
  private rawLines: string[] = [];
  private continued: string | null = null;
  private hereDocument: PendingHereDocument | null = null;
  /** Where `out` goes while output is redirected or substituted (`$(...)`), innermost last. */
  private readonly captures: string[][] = [];
  private replaying: RecordedInput | null = null;
  private edits: string[] = [];
  private stoppedAfterMs: number | undefined;
  private traceWriter: { file: string; writer: TraceWriter } | null = null;
  private traceSinkAdded = false;
  private traceProblem: string | null = null;
  private following: Guide | null = null;
  /** What the command being run printed so far (for the guide). */
  private printed: string[] = [];

  constructor(
    readonly session: ScenarioSession,
    readonly watch: ReplicationWatch,
    private readonly options: ShellOptions,
  ) {
    this.cluster = session.cluster;
    this.names = new Names(this.cluster);
    this.operator = {
      label: 'operator',
      agent: null,
      env: session.env,
      vars: {},
      cwd: '/home/operator',
      files: workstationFiles(session.workstationFiles),
    };
    this.current = this.operator;
  }

  // --- what the front end reads --------------------------------------------------------------

  /** The prompt for the next line: `[HH:MM:SS operator]$ `, or `> ` inside a command. */
  get prompt(): string {
    if (this.hereDocument !== null || this.continued !== null) return '> ';
    return `[${clock(this.cluster.sim.now)} ${this.current.label}]$ `;
  }

  /** True after `exit` on the workstation. */
  get exited(): boolean {
    return this.left;
  }

  /** The exit status of the last command (`$?`). */
  get lastStatus(): number {
    return this.status;
  }

  /** True while a here-document or a continued line waits for more lines. */
  get wantsMore(): boolean {
    return this.hereDocument !== null || this.continued !== null;
  }

  /** Every command run so far (except `save`), for `save`. */
  get entries(): readonly ShellEntry[] {
    return this.recorded;
  }

  get host(): HostState {
    return this.current;
  }

  /** Names a completer may offer for the word being typed (commands, machines, regions, files). */
  completions(): {
    commands: string[];
    agents: string[];
    regions: string[];
    files: string[];
    variables: string[];
  } {
    return {
      commands: [...this.commands.keys()],
      agents: [...this.names.serverLabels(), ...this.names.clientLabels()],
      regions: this.names.regions(),
      files: (this.current.files.list('.') ?? []).map((entry) => entry.name),
      variables: Object.keys({ ...this.current.vars, ...this.current.env }).sort(),
    };
  }

  /** Forgets a half-typed command (Ctrl-C at a `> ` prompt). */
  cancelInput(): void {
    this.hereDocument = null;
    this.continued = null;
    this.rawLines = [];
  }

  /**
   * Takes one line. Returns the exit status once a whole command has run, or null when the
   * command goes on (here-document, trailing backslash). Never throws.
   */
  async feed(line: string, recorded: RecordedInput | null = null): Promise<number | null> {
    if (this.options.echo) this.session.print(`${this.prompt}${line}`.trimEnd());
    if (this.rawLines.length === 0) {
      this.edits = [];
      this.stoppedAfterMs = undefined;
    }
    this.rawLines.push(line);
    this.replaying = recorded;
    try {
      return await this.take(line);
    } catch (error) {
      // Nothing typed may stop the shell: an unexpected error is one line, like any failure.
      this.err(
        `nomad-sim: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`,
      );
      this.cancelInput();
      this.captures.length = 0;
      this.status = 1;
      return 1;
    } finally {
      this.replaying = null;
    }
  }

  private async take(line: string): Promise<number | null> {
    const pending = this.hereDocument;
    if (pending !== null) {
      if (line !== pending.delimiter) {
        pending.body.push(line);
        return null;
      }
      this.hereDocument = null;
      const body = pending.body.length === 0 ? '' : `${pending.body.join('\n')}\n`;
      return this.complete(pending.line, { body, literal: pending.literal });
    }
    const text = this.continued === null ? line : `${this.continued}${line}`;
    if (continuesOnNextLine(text)) {
      this.continued = text.slice(0, -1);
      return null;
    }
    this.continued = null;
    let shape: SimpleCommand;
    try {
      // The shape only (no command substitution runs yet): does a here-document follow?
      shape = parseCommandLine(text, this.lookup, () => '');
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      this.err(`syntax error: ${error.message}\n`);
      return this.record(2, false);
    }
    if (shape.hereDocument !== null) {
      this.hereDocument = {
        line: text,
        delimiter: shape.hereDocument.delimiter,
        literal: shape.hereDocument.literal,
        body: [],
      };
      return null;
    }
    return this.complete(text, null);
  }

  private readonly lookup: VariableLookup = (name) =>
    name === '?' ? String(this.status) : (this.current.vars[name] ?? this.current.env[name]);

  /** Runs a whole command line (and its here-document body), then records it for `save`. */
  private async complete(
    line: string,
    hereDocument: { readonly body: string; readonly literal: boolean } | null,
  ): Promise<number> {
    let status: number;
    let isSave = false;
    let ran: { words: readonly string[]; env: Record<string, string>; host: HostState } | null =
      null;
    this.printed = [];
    try {
      const { command, substitutionStatus } = await this.expand(line);
      const env = { ...this.current.env };
      for (const { name, value } of command.assignments) env[name] = value;
      ran = { words: command.words, env, host: this.current };
      const stdin =
        hereDocument === null
          ? null
          : hereDocument.literal
            ? hereDocument.body
            : await this.expandBody(hereDocument.body);
      isSave = command.words[0] === 'save';
      status = await this.runCommand(command, stdin, substitutionStatus);
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      this.err(`syntax error: ${error.message}\n`);
      status = 2;
    }
    if (this.traceProblem !== null) {
      this.err(`trace: ${this.traceProblem}; the trace stopped\n`);
      this.traceProblem = null;
    }
    if (this.following !== null && ran !== null) {
      const said = this.following.afterCommand({
        words: ran.words,
        status,
        output: this.printed.join(''),
        env: ran.env,
        hostAddress: ran.host.agent === null ? null : agentAddress(ran.host.agent),
      });
      if (said !== '') this.session.print(said);
    }
    this.printed = [];
    return this.record(status, isSave);
  }

  /**
   * Parses `line`, running its command substitutions first, left to right. `substitutionStatus`
   * is the status of the last one (null: there was none), which a line of assignments returns.
   */
  private async expand(
    line: string,
  ): Promise<{ command: SimpleCommand; substitutionStatus: number | null }> {
    const inner: string[] = [];
    const shape = parseCommandLine(line, this.lookup, (text) => {
      inner.push(text);
      return '';
    });
    if (inner.length === 0) return { command: shape, substitutionStatus: null };
    const outputs: string[] = [];
    let status = 0;
    for (const text of inner) {
      const result = await this.substitute(text);
      outputs.push(result.output);
      status = result.status;
    }
    let next = 0;
    const command = parseCommandLine(line, this.lookup, () => outputs[next++] ?? '');
    return { command, substitutionStatus: status };
  }

  /** A here-document body with its variables and command substitutions expanded. */
  private async expandBody(body: string): Promise<string> {
    const inner: string[] = [];
    expandHereDocument(body, this.lookup, (text) => {
      inner.push(text);
      return '';
    });
    const outputs: string[] = [];
    for (const text of inner) outputs.push((await this.substitute(text)).output);
    let next = 0;
    return expandHereDocument(body, this.lookup, () => outputs[next++] ?? '');
  }

  /**
   * Runs the command of a `$(...)` and returns what it printed, without its trailing newlines
   * (what it writes to stderr still goes to the terminal). As in sh, it runs in a subshell:
   * whatever it changes of the shell itself (variables, the folder, `ssh`, `exit`) is undone
   * after it; what it does to the federation stays done.
   */
  private async substitute(text: string): Promise<{ output: string; status: number }> {
    const host = this.current;
    const saved = { env: { ...host.env }, vars: { ...host.vars }, cwd: host.cwd, left: this.left };
    const captured: string[] = [];
    this.captures.push(captured);
    let status: number;
    try {
      status = await this.runSubstituted(text);
    } finally {
      this.captures.pop();
      this.current = host;
      replaceContents(host.env, saved.env);
      replaceContents(host.vars, saved.vars);
      host.cwd = saved.cwd;
      this.left = saved.left;
    }
    return { output: captured.join('').replace(/\n+$/, ''), status };
  }

  private async runSubstituted(text: string): Promise<number> {
    try {
      const shape = parseCommandLine(text, this.lookup, () => '');
      if (shape.hereDocument !== null)
        throw new ShellSyntaxError('a here-document cannot start inside $(...)');
      const { command, substitutionStatus } = await this.expand(text);
      return await this.runCommand(command, null, substitutionStatus);
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      this.err(`syntax error: ${error.message}\n`);
      return 2;
    }
  }

  private record(status: number, skip: boolean): number {
    this.status = status;
    if (!skip) {
      this.recorded.push({
        line: this.rawLines.join('\n'),
        ...(status === 0 ? {} : { exit: status }),
        ...(this.edits.length === 0 ? {} : { edited: this.edits }),
        ...(this.stoppedAfterMs === undefined ? {} : { stoppedAfterMs: this.stoppedAfterMs }),
      });
    }
    this.rawLines = [];
    return status;
  }

  private async runCommand(
    command: SimpleCommand,
    stdin: string | null,
    substitutionStatus: number | null,
  ): Promise<number> {
    const [name, ...args] = command.words;
    if (name === undefined) {
      for (const { name: variable, value } of command.assignments) {
        if (variable in this.current.env) this.current.env[variable] = value;
        else this.current.vars[variable] = value;
      }
      if (command.redirection !== null) return this.redirect(command, async () => 0);
      // As in sh: a line of assignments returns the status of its last command substitution.
      if (substitutionStatus !== null) return substitutionStatus;
      return command.assignments.length === 0 ? this.status : 0;
    }
    const found = this.commands.get(name);
    if (found === undefined) {
      const hint =
        NOMAD_TOP_LEVEL.has(name) && name !== 'status'
          ? `; did you mean nomad ${command.words.join(' ')}?`
          : didYouMean(name, this.commands.keys());
      this.err(`${name}: command not found${hint}\n`);
      return 127;
    }
    const input: CommandInput = { assignments: command.assignments, stdin };
    return this.redirect(command, () => this.guarded(found, args, input));
  }

  /** Runs `body` with its output going to the redirection's file, if any. */
  private async redirect(command: SimpleCommand, body: () => Promise<number>): Promise<number> {
    const redirection = command.redirection;
    if (redirection === null) return body();
    const files = this.current.files;
    if (files.isFolder(redirection.target)) {
      this.err(`${redirection.target}: Is a directory\n`);
      return 1;
    }
    const captured: string[] = [];
    this.captures.push(captured);
    let status: number;
    try {
      status = await body();
    } finally {
      this.captures.pop();
      files.write(
        redirection.target,
        `${redirection.append ? (files.read(redirection.target) ?? '') : ''}${captured.join('')}`,
      );
    }
    return status;
  }

  private async guarded(
    command: ShellCommand,
    args: readonly string[],
    input: CommandInput,
  ): Promise<number> {
    try {
      return await command.run(this, args, input);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.err(`${command.name}: ${oneLine(message)}\n`);
      return error instanceof ShellError ? error.exitCode : 1;
    }
  }

  // --- ShellContext ----------------------------------------------------------------------------

  out(text: string): void {
    if (this.following !== null) this.printed.push(text);
    const capture = this.captures[this.captures.length - 1];
    if (capture !== undefined) capture.push(text);
    else if (text !== '') this.session.print(text);
  }

  err(text: string): void {
    if (this.following !== null) this.printed.push(text);
    if (text !== '') this.session.print(text);
  }

  switchHost(agent: Agent | null): void {
    if (agent === null) {
      this.current = this.operator;
      return;
    }
    const state: HostState = {
      label: agentLabel(agent),
      agent,
      env: {},
      vars: {},
      cwd: agentDataDir(agent),
      files: diskFiles(agentDisk(agent), () => state.cwd),
    };
    this.current = state;
  }

  leave(): void {
    this.left = true;
  }

  async editText(label: string, text: string): Promise<string | null> {
    let edited: string | null;
    if (this.replaying !== null) edited = this.replaying.edited?.[this.edits.length] ?? null;
    else edited = (await this.options.host?.editText?.(label, text)) ?? null;
    if (edited !== null) this.edits.push(edited);
    return edited;
  }

  async keepFollowing(followedMs: number): Promise<boolean> {
    let goOn: boolean;
    if (this.replaying?.stoppedAfterMs !== undefined)
      goOn = followedMs < this.replaying.stoppedAfterMs;
    else if (this.replaying === null && this.options.host?.followTick !== undefined)
      goOn = await this.options.host.followTick();
    else goOn = followedMs < UNATTENDED_FOLLOW_MS;
    if (!goOn) this.stoppedAfterMs = followedMs;
    return goOn;
  }

  interrupted(elapsedMs: number): boolean {
    const stop =
      this.replaying !== null
        ? this.replaying.stoppedAfterMs !== undefined && elapsedMs >= this.replaying.stoppedAfterMs
        : (this.options.host?.takeInterrupt?.() ?? false);
    if (stop) this.stoppedAfterMs = elapsedMs;
    return stop;
  }

  traceTo(file: string | null): string {
    const open = this.traceWriter;
    if (file === null) {
      if (open === null) throw new ShellError('no trace is being written');
      open.writer.close();
      this.traceWriter = null;
      return `[trace ${open.file} closed at t=${this.cluster.sim.now} ms]`;
    }
    const openTrace = this.options.host?.openTrace;
    if (openTrace === undefined) throw new ShellError('this shell cannot write files');
    const writer = openTrace(file);
    open?.writer.close();
    this.traceWriter = { file, writer };
    if (!this.traceSinkAdded) {
      this.traceSinkAdded = true;
      this.cluster.sim.trace.addSink((line) => this.writeTrace(line));
    }
    return `[writing the trace to ${file} from t=${this.cluster.sim.now} ms]`;
  }

  private writeTrace(line: string): void {
    const open = this.traceWriter;
    if (open === null) return;
    try {
      open.writer.write(line);
    } catch (error) {
      this.traceWriter = null;
      this.traceProblem = oneLine(error instanceof Error ? error.message : String(error));
    }
  }

  save(file: string): string {
    const saveScript = this.options.host?.saveScript;
    if (saveScript === undefined) throw new ShellError('this shell cannot write files');
    const shown = saveScript(file, { setup: this.options.setup, entries: [...this.recorded] });
    const count = this.recorded.length;
    return `[saved ${count} command${count === 1 ? '' : 's'} to ${shown}; replay: npx tsx ${shown}]`;
  }

  get guide(): Guide | null {
    return this.following;
  }

  startGuide(name: string): string {
    if (!(GUIDE_NAMES as readonly string[]).includes(name))
      throw new ShellError(
        `no guide "${name}"${didYouMean(name, GUIDE_NAMES)} (guides: ${GUIDE_NAMES.join(', ')})`,
        2,
      );
    const regions = this.cluster.regionNames;
    const authoritative =
      this.options.setup.authoritativeRegion ??
      (regions.includes('global') ? 'global' : regions[0]);
    const operator = this.operator;
    this.following = new Guide(new FederationFacts(this.cluster, this.names, authoritative ?? ''), {
      files: () => (operator.files.list('.') ?? []).map((entry) => entry.name),
      env: () => operator.env,
    });
    return this.following.start();
  }

  stopGuide(): void {
    this.following = null;
  }

  /** Closes the trace file, if one is open (when the shell ends). */
  close(): void {
    this.traceWriter?.writer.close();
    this.traceWriter = null;
  }
}
