/**
 * The shape of an emulated `nomad` command and what it runs with.
 *
 * A leaf command (`acl policy apply`) parses its own arguments and talks to the agent; a group
 * (`acl`, `acl policy`) only has help listing its subcommands, as in Nomad, where running a group
 * prints that help and exits 1.
 */
import type { ReplicatedKind, VersionProfile } from '../../acl/index.js';
import type { CliProfile } from '../format/cli-profile.js';
import type { NomadContext } from './context.js';
import type { Ui } from './ui.js';

/** Everything a running command may use. */
export interface CommandEnv {
  readonly context: NomadContext;
  readonly profile: VersionProfile;
  readonly cli: CliProfile;
  readonly ui: Ui;
}

export interface LeafCommand {
  readonly kind: 'leaf';
  /** Full name without `nomad`, e.g. `acl policy apply`. */
  readonly name: string;
  /** One line for the parent's `Subcommands:` list. */
  readonly synopsis: string;
  /**
   * The replicated object kind the command manages (roles, namespaces, ...): it exists only in
   * profiles whose Nomad has that kind (`profileHasKind`) or keeps it for Enterprise
   * (`enterpriseOnlyKinds`: the command runs and the agent answers 501); absent for the commands
   * every version has.
   */
  readonly objectKind?: ReplicatedKind;
  /** Whether the command exists in `profile`'s Nomad, for a command newer than the oldest profile. */
  readonly existsIn?: (profile: VersionProfile) => boolean;
  /** Help text (usage line, description, options), without a final newline. */
  help(env: CommandEnv): string;
  /** Runs with the words after the command name; returns the exit code. */
  run(args: readonly string[], env: CommandEnv): Promise<number>;
}

export interface CommandGroup {
  readonly kind: 'group';
  readonly name: string;
  readonly synopsis: string;
  /** As `LeafCommand.objectKind`. */
  readonly objectKind?: ReplicatedKind;
  /** Help text above the generated `Subcommands:` list. */
  readonly help: string;
}

export type NomadCommand = LeafCommand | CommandGroup;
