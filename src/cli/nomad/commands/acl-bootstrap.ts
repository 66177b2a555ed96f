/**
 * `nomad acl bootstrap [path]`: asks the cluster for its first management token
 * (PUT /v1/acl/bootstrap) and prints the token block.
 *
 * Modern profile (1.4+): an optional argument names a file (or `-` for stdin) holding an
 * operator-chosen secret; one trailing newline is stripped and a non-empty secret is sent as
 * `{"BootstrapSecret": "..."}` (no body otherwise). Tutorial profile: the command takes no
 * arguments. Errors: `Error bootstrapping: <api error>`, `Error reading provided token: <err>`.
 */
import { asObject } from '../../format/json-read.js';
import { formatToken } from '../../format/token-output.js';
import type { CommandEnv, LeafCommand } from '../command.js';
import { argumentError, parseCommand, printJson, readFileArgument } from '../command-support.js';
import { JSON_OPTION, leafHelp } from '../help.js';

/** Reads the optional secret argument: `{ secret }` (empty when no path was given) or `{ error }` with the text to print. */
function readSecret(
  env: CommandEnv,
  path: string | undefined,
): { secret: string } | { error: string } {
  if (path === undefined || path === '') return { secret: '' };
  const read = readFileArgument(env, path);
  if (!read.ok) return { error: `Error reading provided token: ${read.reason}` };
  return { secret: read.text.endsWith('\n') ? read.text.slice(0, -1) : read.text };
}

export const aclBootstrapCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl bootstrap',
  synopsis: 'Bootstrap the ACL system for initial token',
  help(env) {
    const withSecret = env.profile.bootstrapSecretSupported;
    return leafHelp(
      withSecret ? 'acl bootstrap [options] [<path>]' : 'acl bootstrap [options]',
      withSecret
        ? 'Bootstrap is used to bootstrap the ACL system and get an initial token.\nAn operator-generated secret can be given in the file at <path>, or\nread from stdin when <path> is "-".'
        : 'Bootstrap is used to bootstrap the ACL system and get an initial token.',
      'Bootstrap',
      [JSON_OPTION],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => flags.bool('json'));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (!env.profile.bootstrapSecretSupported && args.length !== 0)
      return argumentError(this, env, 'This command takes no arguments');
    if (args.length > 1)
      return argumentError(this, env, 'This command can take up to one argument');
    const secret = readSecret(env, args[0]);
    if ('error' in secret) {
      env.ui.error(secret.error);
      return 1;
    }
    const outcome =
      secret.secret === ''
        ? await client.put('/v1/acl/bootstrap')
        : await client.put('/v1/acl/bootstrap', { BootstrapSecret: secret.secret });
    if (!outcome.ok) {
      env.ui.error(`Error bootstrapping: ${outcome.message}`);
      return 1;
    }
    if (flags.bool('json')) printJson(env, outcome.body);
    else env.ui.output(formatToken(asObject(outcome.body), env.profile));
    return 0;
  },
};
