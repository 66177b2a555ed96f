/**
 * The `list` commands of the replicated objects (`acl role|auth-method|binding-rule list`,
 * `namespace list`, `node pool list`): no arguments, one GET of the list, `-json`/`-t` on the
 * list's api struct where the version has them, else Nomad's table (or its `No ... found` line);
 * an agent error prints `<errorPrefix>: <error>` on stderr (exit 1).
 */
import type { ApiObjectKind } from '../../format/api-object-view.js';
import { asArray, asObject, type JsonObject } from '../../format/json-read.js';
import type { CommandEnv, LeafCommand } from '../command.js';
import { argumentError, parseCommand } from '../command-support.js';
import { printObjectFormatted } from '../format-output.js';

/** What one list command asks and prints. */
export interface ListObjects {
  /** The GET path of the list. */
  readonly path: string;
  /** `Error listing ACL roles`: before the agent's error. */
  readonly errorPrefix: string;
  /** The api struct of the list's items for `-json`/`-t`; absent where the version has neither flag. */
  readonly formatKind?: ApiObjectKind;
  /** Put before Format's errors where the command wraps them (`Error formatting output: `). */
  readonly formatErrorPrefix?: string;
  /** Nomad's table of the objects. */
  table(objects: readonly JsonObject[]): string;
}

/** Runs a list command on `argv`; returns the exit code. */
export async function listObjects(
  command: LeafCommand,
  argv: readonly string[],
  env: CommandEnv,
  spec: ListObjects,
): Promise<number> {
  const parsed = parseCommand(command, argv, env, (flags) => {
    if (spec.formatKind !== undefined) flags.bool('json').string('t');
  });
  if (typeof parsed === 'number') return parsed;
  const { args, client, flags } = parsed;
  if (args.length !== 0) return argumentError(command, env, 'This command takes no arguments');
  const outcome = await client.get(spec.path);
  if (!outcome.ok) {
    env.ui.error(`${spec.errorPrefix}: ${outcome.message}`);
    return 1;
  }
  if (spec.formatKind !== undefined) {
    const formatted = printObjectFormatted(
      env,
      flags,
      spec.formatKind,
      'list',
      outcome.body,
      spec.formatErrorPrefix,
    );
    if (formatted !== null) return formatted;
  }
  env.ui.output(spec.table(asArray(outcome.body).map(asObject)));
  return 0;
}
