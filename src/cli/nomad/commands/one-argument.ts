/**
 * The one argument a command about one object takes (an ID, name or accessor), checked as Nomad's
 * commands and API client check it: any other count is an argument-count error (`usage`, e.g.
 * `This command takes one argument: <acl_role_id>`), and an empty one is refused before any
 * request with `<errorPrefix>: <missing>` where the API client refuses it (`missing ACL role ID`);
 * without `missing` an empty argument is sent as it is.
 */
import type { CommandEnv, LeafCommand } from '../command.js';
import { argumentError } from '../command-support.js';

/** How a command names its one argument in errors. */
export interface OneArgumentRule {
  /** The argument-count error, `This command takes one argument: <...>`. */
  readonly usage: string;
  /** The API client's refusal of an empty argument (`missing ACL role ID`), where it has one. */
  readonly missing?: string;
}

/** The argument, or the exit code after printing why `args` is not one usable argument. */
export function oneArgument(
  command: LeafCommand,
  env: CommandEnv,
  args: readonly string[],
  rule: OneArgumentRule,
  errorPrefix: string,
): string | number {
  const [argument] = args;
  if (args.length !== 1 || argument === undefined) return argumentError(command, env, rule.usage);
  if (argument === '' && rule.missing !== undefined) {
    env.ui.error(`${errorPrefix}: ${rule.missing}`);
    return 1;
  }
  return argument;
}
