/**
 * `runNomad(argv, context)`: runs one `nomad ...` command line (without the leading `nomad`)
 * against the simulated cluster and returns what a shell would capture.
 *
 * Top-level handling follows Nomad's CLI framework (mitchellh/cli), whose help output goes to
 * stdout:
 * - `-h`/`-help`/`--help` anywhere before `--`: the command's help (or the top-level help), exit 0;
 * - `-v`/`-version`/`--version` before the command: `Nomad v<version>`, exit 0;
 * - no command, or an unknown one: the top-level help, exit 127;
 * - a flag before the command (`nomad -address=x status`): `Invalid flags before the
 *   subcommand...` and the help, exit 1;
 * - a group run on its own (`nomad acl`, `nomad acl token frob`): its help, exit 1.
 * Any unexpected exception inside a command is caught and reported on stderr with exit 1, so the
 * caller always gets a `CommandResult`.
 */
import { getProfile } from '../../acl/index.js';
import { getCliProfile } from '../format/cli-profile.js';
import type { CommandEnv } from './command.js';
import { commandHelpScreen, resolveCommand, topLevelHelpScreen } from './command-tree.js';
import { versionLine } from './commands/version.js';
import type { CommandResult, NomadContext } from './context.js';
import { Ui } from './ui.js';

const HELP_WORDS = new Set(['-h', '-help', '--help']);
const VERSION_WORDS = new Set(['-v', '-version', '--version']);

interface TopLevelScan {
  readonly help: boolean;
  readonly version: boolean;
  readonly topFlags: readonly string[];
  /** Words from the first non-flag word on. */
  readonly words: readonly string[];
}

/** The framework's first pass over the arguments. */
function scanArguments(argv: readonly string[]): TopLevelScan {
  let help = false;
  let version = false;
  const topFlags: string[] = [];
  let start = -1;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (word === '--') break;
    if (HELP_WORDS.has(word)) {
      help = true;
      continue;
    }
    if (start !== -1) continue;
    if (VERSION_WORDS.has(word)) version = true;
    else if (word.startsWith('-')) topFlags.push(word);
    else if (word !== '') start = i;
  }
  return { help, version, topFlags, words: start === -1 ? [] : argv.slice(start) };
}

async function dispatch(argv: readonly string[], env: CommandEnv): Promise<number> {
  const scan = scanArguments(argv);
  if (scan.version) {
    env.ui.output(versionLine(env.profile.nomadVersion));
    return 0;
  }
  const resolved = scan.words.length === 0 ? undefined : resolveCommand(scan.words, env.profile);
  if (scan.help && scan.words.length === 0) {
    env.ui.output(topLevelHelpScreen());
    return 0;
  }
  if (resolved === undefined) {
    env.ui.output(topLevelHelpScreen());
    return 127;
  }
  const { command, args } = resolved;
  if (scan.help) {
    env.ui.output(commandHelpScreen(command, env));
    return 0;
  }
  if (scan.topFlags.length > 0) {
    env.ui.output(
      'Invalid flags before the subcommand. If these flags are for\nthe subcommand, please put them after the subcommand.\n',
    );
    env.ui.output(commandHelpScreen(command, env));
    return 1;
  }
  if (command.kind === 'group') {
    env.ui.output(commandHelpScreen(command, env));
    return 1;
  }
  return command.run(args, env);
}

/** Runs `nomad <argv...>`; never throws. */
export async function runNomad(
  argv: readonly string[],
  context: NomadContext,
): Promise<CommandResult> {
  const ui = new Ui(context.stdin);
  const env: CommandEnv = {
    context,
    profile: getProfile(context.profile),
    cli: getCliProfile(context.profile),
    ui,
  };
  let exitCode: number;
  try {
    exitCode = await dispatch(argv, env);
  } catch (error) {
    ui.error(
      `nomad-sim: internal error: ${error instanceof Error ? error.message : String(error)}`,
    );
    exitCode = 1;
  }
  return { stdout: ui.stdout, stderr: ui.stderr, exitCode };
}
