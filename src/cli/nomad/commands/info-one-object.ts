/**
 * The `info` commands that read one replicated object by its ID or name (`acl auth-method info`,
 * `acl binding-rule info`): `-json`/`-t` on the object's api struct, the argument checked as
 * `oneArgument` checks it, one GET, then `-json`/`-t` output or the command's own block;
 * `<errorPrefix>: <error>` on stderr (exit 1) when the agent refuses.
 */
import type { JsonValue } from '../../../server/http.js';
import type { ApiObjectKind } from '../../format/api-object-view.js';
import type { CommandEnv, LeafCommand } from '../command.js';
import { parseCommand } from '../command-support.js';
import { printObjectFormatted } from '../format-output.js';
import { oneArgument, type OneArgumentRule } from './one-argument.js';

/** What one info command asks and prints. */
export interface InfoOneObject extends OneArgumentRule {
  /** `Error reading ACL auth method`: before the client's refusals and the agent's errors. */
  readonly errorPrefix: string;
  /** The GET path for the argument. */
  path(argument: string): string;
  /** The object's api struct for `-json`/`-t`. */
  readonly formatKind: ApiObjectKind;
  /** Prints Nomad's block of the object. */
  print(env: CommandEnv, body: JsonValue): void;
}

/** Runs an info command on `argv`; returns the exit code. */
export async function infoOneObject(
  command: LeafCommand,
  argv: readonly string[],
  env: CommandEnv,
  spec: InfoOneObject,
): Promise<number> {
  const parsed = parseCommand(command, argv, env, (flags) => flags.bool('json').string('t'));
  if (typeof parsed === 'number') return parsed;
  const argument = oneArgument(command, env, parsed.args, spec, spec.errorPrefix);
  if (typeof argument === 'number') return argument;
  const outcome = await parsed.client.get(spec.path(argument));
  if (!outcome.ok) {
    env.ui.error(`${spec.errorPrefix}: ${outcome.message}`);
    return 1;
  }
  const formatted = printObjectFormatted(env, parsed.flags, spec.formatKind, 'one', outcome.body);
  if (formatted !== null) return formatted;
  spec.print(env, outcome.body);
  return 0;
}
