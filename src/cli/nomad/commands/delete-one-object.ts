/**
 * The `delete` commands that remove one object named by their one argument (`acl policy|token|role
 * |auth-method|binding-rule delete`, `namespace delete`, `node pool delete`): no flags but the
 * client's, the argument checked as `oneArgument` checks it, one DELETE request, then Nomad's
 * success line on stdout or `<errorPrefix>: <error>` on stderr (exit 1).
 */
import type { CommandEnv, LeafCommand } from '../command.js';
import { parseCommand } from '../command-support.js';
import { oneArgument, type OneArgumentRule } from './one-argument.js';

/** What one delete command sends and prints. */
export interface DeleteOneObject extends OneArgumentRule {
  /** `Error deleting ACL role`: before the client's refusals and the agent's errors. */
  readonly errorPrefix: string;
  /** The DELETE path for the argument. */
  path(argument: string): string;
  /** The success line, e.g. `ACL role <id> successfully deleted`. */
  deleted(argument: string): string;
}

/** Runs a delete command on `argv`; returns the exit code. */
export async function deleteOneObject(
  command: LeafCommand,
  argv: readonly string[],
  env: CommandEnv,
  spec: DeleteOneObject,
): Promise<number> {
  const parsed = parseCommand(command, argv, env, () => undefined);
  if (typeof parsed === 'number') return parsed;
  const argument = oneArgument(command, env, parsed.args, spec, spec.errorPrefix);
  if (typeof argument === 'number') return argument;
  const outcome = await parsed.client.delete(spec.path(argument));
  if (!outcome.ok) {
    env.ui.error(`${spec.errorPrefix}: ${outcome.message}`);
    return 1;
  }
  env.ui.output(spec.deleted(argument));
  return 0;
}
