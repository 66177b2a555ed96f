/**
 * The shape of a `nomad-sim shell` command and what it runs with: the live session and cluster,
 * the machine the shell is on (its environment, variables, folder and files), output that
 * redirections can capture, and the front end's services (an editor, trace files, saving, the
 * pace of `logs -f`), which a replay supplies from the recording instead.
 */
import type { Cluster } from '../../region/cluster.js';
import type { ScenarioSession } from '../session.js';
import type { Agent, Names } from './agents.js';
import type { HostFiles } from './host-files.js';
import type { ReplicationWatch } from './replication-watch.js';
import type { NetworkFaults } from './status-view.js';
import type { Assignment } from './shell-syntax.js';
import type { Guide } from './guide/guide.js';

/** The machine the shell is on: the operator's workstation, or an agent after `ssh`. */
export interface HostState {
  /** `operator`, or the agent's `name.region`. */
  readonly label: string;
  readonly agent: Agent | null;
  /** Exported variables: what `nomad` commands see. */
  readonly env: Record<string, string>;
  /** Shell variables (`NAME=value` alone on a line), not exported. */
  readonly vars: Record<string, string>;
  cwd: string;
  readonly files: HostFiles;
}

/** What a command may use. */
export interface ShellContext {
  readonly session: ScenarioSession;
  readonly cluster: Cluster;
  readonly names: Names;
  readonly watch: ReplicationWatch;
  readonly faults: NetworkFaults;
  readonly host: HostState;
  /** Standard output (captured by `> FILE`). */
  out(text: string): void;
  /** Standard error (always to the terminal). */
  err(text: string): void;
  /** Logs in to an agent (`ssh`) or back to the workstation (`exit`, with null). */
  switchHost(agent: Agent | null): void;
  /** Leaves the shell (`exit` on the workstation). */
  leave(): void;
  /** The command table, for `help`. */
  readonly commands: ReadonlyMap<string, ShellCommand>;
  /** Lets the person edit `text`; null when there is no terminal. Recorded for replays. */
  editText(label: string, text: string): Promise<string | null>;
  /**
   * Whether `logs -f` goes on after `followedMs` of virtual time: the front end paces it and says
   * false when the person pressed Ctrl-C; without a terminal it stops after 10 s. Recorded for
   * replays.
   */
  keepFollowing(followedMs: number): Promise<boolean>;
  /**
   * Whether a long command (`sleep`) should stop now, after `elapsedMs` of virtual time: the
   * person pressed Ctrl-C (or, in a replay, it stopped there). Recorded for replays.
   */
  interrupted(elapsedMs: number): boolean;
  /** Starts (or with null stops) writing the trace to a file of the front end's machine. */
  traceTo(file: string | null): string;
  /** Writes the session so far as a scenario script; returns what to print. */
  save(file: string): string;
  /** The guide following the session, if any. */
  readonly guide: Guide | null;
  /** Starts the guide `name` (`tutorial`); returns what it says first. Throws ShellError. */
  startGuide(name: string): string;
  stopGuide(): void;
}

/** What came with the command words. */
export interface CommandInput {
  /** `NAME=value` words before the command (its environment, for `nomad`). */
  readonly assignments: readonly Assignment[];
  /** A here-document's body: the command's standard input. */
  readonly stdin: string | null;
}

/** One form of a command that has several (`config show`, `config set`), for `help CMD SUB`. */
export interface ShellSubcommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly details?: string;
}

export interface ShellCommand {
  readonly name: string;
  /** `ssh SERVER`: how to call it. */
  readonly usage: string;
  /** One line for `help`. */
  readonly summary: string;
  /** More lines for `help NAME` (examples, details). */
  readonly details?: string;
  /** Its forms, each with its own help (`help config set`). */
  readonly subcommands?: readonly ShellSubcommand[];
  /** Runs with the words after the name; returns the exit status. Throw ShellError for a one-line failure. */
  run(ctx: ShellContext, args: readonly string[], input: CommandInput): Promise<number>;
}
