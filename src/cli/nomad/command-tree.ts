/**
 * The emulated `nomad` command tree and its help screens, resolved the way Nomad's CLI framework
 * (mitchellh/cli) resolves them: the longest run of leading words that names a command wins
 * (`acl token create`), the remaining words are that command's arguments, and a group command
 * (`acl`, `acl token`) run on its own prints its help with a `Subcommands:` list.
 */
import type { CommandEnv, CommandGroup, LeafCommand, NomadCommand } from './command.js';
import { aclBootstrapCommand } from './commands/acl-bootstrap.js';
import { aclPolicySelfCommand } from './commands/acl-policy-self.js';
import { agentInfoCommand } from './commands/agent-info.js';
import {
  aclPolicyApplyCommand,
  aclPolicyDeleteCommand,
  aclPolicyInfoCommand,
  aclPolicyListCommand,
} from './commands/acl-policy.js';
import {
  aclTokenCreateCommand,
  aclTokenDeleteCommand,
  aclTokenInfoCommand,
  aclTokenListCommand,
  aclTokenSelfCommand,
  aclTokenUpdateCommand,
} from './commands/acl-token.js';
import {
  jobRunCommandJob,
  jobStatusListCommand,
  jobStopCommandJob,
  runCommand,
  statusCommand,
  stopCommand,
} from './commands/job.js';
import { nodeStatusCommand } from './commands/node-status.js';
import { operatorRaftListPeersCommand } from './commands/operator-raft.js';
import { serverMembersCommand } from './commands/server-members.js';
import { versionCommand } from './commands/version.js';
import {
  aclRoleCreateCommand,
  aclRoleDeleteCommand,
  aclRoleInfoCommand,
  aclRoleListCommand,
  aclRoleUpdateCommand,
} from './commands/acl-role.js';
import {
  aclAuthMethodCreateCommand,
  aclAuthMethodDeleteCommand,
  aclAuthMethodInfoCommand,
  aclAuthMethodListCommand,
  aclAuthMethodUpdateCommand,
} from './commands/acl-auth-method.js';
import {
  aclBindingRuleCreateCommand,
  aclBindingRuleDeleteCommand,
  aclBindingRuleInfoCommand,
  aclBindingRuleListCommand,
  aclBindingRuleUpdateCommand,
} from './commands/acl-binding-rule.js';
import {
  namespaceApplyCommand,
  namespaceDeleteCommand,
  namespaceListCommand,
  namespaceStatusCommand,
} from './commands/namespace.js';
import {
  nodePoolApplyCommand,
  nodePoolDeleteCommand,
  nodePoolInfoCommand,
  nodePoolListCommand,
} from './commands/node-pool.js';
import { OBJECT_COMMAND_GROUPS } from './object-command-groups.js';
import { profileHasKind, type VersionProfile } from '../../acl/index.js';

function group(name: string, synopsis: string, help: string): CommandGroup {
  return { kind: 'group', name, synopsis, help };
}

const GROUPS: readonly CommandGroup[] = [
  ...OBJECT_COMMAND_GROUPS,
  group(
    'acl',
    'Interact with ACL policies and tokens',
    'Usage: nomad acl <subcommand> [options] [args]\n\n  This command groups subcommands for interacting with ACL policies and tokens.\n  Users can bootstrap the ACL system, create policies that restrict access,\n  and generate tokens from those policies.',
  ),
  group(
    'acl policy',
    'Interact with ACL policies',
    "Usage: nomad acl policy <subcommand> [options] [args]\n\n  This command groups subcommands for interacting with ACL policies. Nomad's ACL\n  system can be used to control access to data and APIs.",
  ),
  group(
    'acl token',
    'Interact with ACL tokens',
    "Usage: nomad acl token <subcommand> [options] [args]\n\n  This command groups subcommands for interacting with ACL tokens. Nomad's ACL\n  system can be used to control access to data and APIs.",
  ),
  group(
    'job',
    'Interact with jobs',
    'Usage: nomad job <subcommand> [options] [args]\n\n  This command groups subcommands for interacting with jobs.',
  ),
  group(
    'node',
    'Interact with nodes',
    'Usage: nomad node <subcommand> [options] [args]\n\n  This command groups subcommands for interacting with nodes.',
  ),
  group(
    'server',
    'Interact with servers',
    'Usage: nomad server <subcommand> [options] [args]\n\n  This command groups subcommands for interacting with Nomad servers.',
  ),
  group(
    'operator',
    'Provides cluster-level tools for Nomad operators',
    'Usage: nomad operator <subcommand> [options]\n\n  Provides cluster-level tools for Nomad operators, such as interacting with\n  the Raft subsystem.',
  ),
  group(
    'operator raft',
    'Provides access to the Raft subsystem',
    "Usage: nomad operator raft <subcommand> [options]\n\n  The Raft operator command is used to interact with Nomad's Raft subsystem.",
  ),
];

const LEAVES: readonly LeafCommand[] = [
  aclBootstrapCommand,
  aclPolicyApplyCommand,
  aclPolicyListCommand,
  aclPolicyInfoCommand,
  aclPolicyDeleteCommand,
  aclPolicySelfCommand,
  aclTokenCreateCommand,
  aclTokenListCommand,
  aclTokenInfoCommand,
  aclTokenSelfCommand,
  aclTokenUpdateCommand,
  aclTokenDeleteCommand,
  serverMembersCommand,
  operatorRaftListPeersCommand,
  nodeStatusCommand,
  jobStatusListCommand,
  jobRunCommandJob,
  jobStopCommandJob,
  statusCommand,
  runCommand,
  stopCommand,
  versionCommand,
  agentInfoCommand,
  aclRoleCreateCommand,
  aclRoleListCommand,
  aclRoleInfoCommand,
  aclRoleUpdateCommand,
  aclRoleDeleteCommand,
  aclAuthMethodCreateCommand,
  aclAuthMethodListCommand,
  aclAuthMethodInfoCommand,
  aclAuthMethodUpdateCommand,
  aclAuthMethodDeleteCommand,
  aclBindingRuleCreateCommand,
  aclBindingRuleListCommand,
  aclBindingRuleInfoCommand,
  aclBindingRuleUpdateCommand,
  aclBindingRuleDeleteCommand,
  namespaceApplyCommand,
  namespaceListCommand,
  namespaceStatusCommand,
  namespaceDeleteCommand,
  nodePoolApplyCommand,
  nodePoolListCommand,
  nodePoolInfoCommand,
  nodePoolDeleteCommand,
];

const COMMANDS: ReadonlyMap<string, NomadCommand> = new Map(
  [...GROUPS, ...LEAVES].map((c) => [c.name, c]),
);

/** Every command name (groups and leaves), e.g. `acl`, `acl token create`, sorted; only those of
 * `profile`'s Nomad when given. */
export function commandNames(profile?: VersionProfile): string[] {
  return [...COMMANDS.values()]
    .filter((command) => existsIn(command, profile))
    .map((command) => command.name)
    .sort();
}

/** The command called `name`, if there is one (in `profile`'s Nomad, when given). */
export function findCommand(name: string, profile?: VersionProfile): NomadCommand | undefined {
  const command = COMMANDS.get(name);
  return command !== undefined && existsIn(command, profile) ? command : undefined;
}

/**
 * Whether `command` exists in `profile`'s Nomad: commands of an object kind it lacks do not (but
 * for a kind its open-source edition keeps for Enterprise, such as 0.9's namespaces: the commands
 * are there and the agent refuses them), nor those whose own `existsIn` says no.
 */
function existsIn(command: NomadCommand, profile: VersionProfile | undefined): boolean {
  if (profile === undefined) return true;
  if (command.kind === 'leaf' && command.existsIn !== undefined && !command.existsIn(profile))
    return false;
  const kind = command.objectKind;
  return (
    kind === undefined ||
    profileHasKind(profile, kind) ||
    profile.enterpriseOnlyKinds.includes(kind)
  );
}

/**
 * Splits `words` (the arguments after any top-level flags) into the command they name and its
 * arguments: the longest run of leading words without spaces that is a known command (of
 * `profile`'s Nomad, when given).
 */
export function resolveCommand(
  words: readonly string[],
  profile?: VersionProfile,
): { command: NomadCommand; args: readonly string[] } | undefined {
  let end = 0;
  while (end < words.length && !(words[end] ?? '').includes(' ')) end++;
  for (let n = end; n > 0; n--) {
    const command = COMMANDS.get(words.slice(0, n).join(' '));
    if (command !== undefined && existsIn(command, profile))
      return { command, args: words.slice(n) };
  }
  return undefined;
}

/** `    name<pad>synopsis` lines, names padded to the longest plus `gap` spaces. */
function aligned(entries: ReadonlyArray<readonly [string, string]>, gap: number): string {
  const width = Math.max(...entries.map(([name]) => name.length)) + gap;
  return entries.map(([name, synopsis]) => `    ${name.padEnd(width)}${synopsis}`).join('\n');
}

/** A command's help screen as the framework prints it (with `Subcommands:` for groups), without a final newline. */
export function commandHelpScreen(command: NomadCommand, env: CommandEnv): string {
  const text = command.kind === 'leaf' ? command.help(env) : command.help;
  const prefix = `${command.name} `;
  const children = [...COMMANDS.values()]
    .filter(
      (c) =>
        c.name.startsWith(prefix) &&
        !c.name.slice(prefix.length).includes(' ') &&
        existsIn(c, env.profile),
    )
    .map((c) => [c.name.slice(prefix.length), c.synopsis] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (children.length === 0) return text;
  return `${text}\n\nSubcommands:\n${aligned(children, 4)}`;
}

const COMMON = ['run', 'stop', 'status', 'job', 'node'];
const OTHER = ['acl', 'agent-info', 'namespace', 'operator', 'server', 'version'];

/**
 * The top-level help screen (unknown command, no command, `nomad -help`), without a final
 * newline. Nomad aligns each group with a tab writer padding names by six spaces.
 */
export function topLevelHelpScreen(): string {
  const entries = (names: readonly string[]): Array<[string, string]> =>
    names.map((n) => [n, COMMANDS.get(n)?.synopsis ?? '']);
  return [
    'Usage: nomad [-version] [-help] [-autocomplete-(un)install] <command> [args]',
    '',
    'Common commands:',
    aligned(entries(COMMON), 6),
    '',
    'Other commands:',
    aligned(entries(OTHER), 6),
  ].join('\n');
}
