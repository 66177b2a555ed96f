/**
 * `nomad acl bootstrap [path]`: asks the cluster for its first management token
 * (PUT /v1/acl/bootstrap) and prints the token block.
 *
 * Modern profile (1.4+): an optional argument names a file (or `-` for stdin) holding an
 * operator-chosen secret; one trailing newline is stripped and a non-empty secret is sent as
 * `{"BootstrapSecret": "..."}` (no body otherwise); more arguments: `This command takes up to one
 * argument`. Before 1.4 the command takes no arguments. `-json`/`-t` exist since 1.2.0.
 * Errors: `Error bootstrapping: <api error>`, `Error reading provided token: <err>`.
 */
import { asObject } from '../../format/json-read.js';
import { formatToken } from '../../format/token-output.js';
import type { CommandEnv, LeafCommand } from '../command.js';
import { argumentError, parseCommand, readFileArgument } from '../command-support.js';
import { leafHelp } from '../help.js';
import { defineFormatFlags, formatOptions, printFormatted } from '../format-output.js';

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
        ? 'Bootstrap is used to bootstrap the ACL system and get an initial token.\n\nThe acl bootstrap command can be used in two ways:\n\n - If you provide no arguments it will return a system generated bootstrap\n   token.\n\n - If you would like to provide an operator generated token it is possible to\n   provide the token using a file located at <path>. The Token can be read\n   from stdin by setting <path> to "-". Please make sure you secure this token\n   in an appropriate manner as it could be written to your terminal history.'
        : 'Bootstrap is used to bootstrap the ACL system and get an initial token.',
      'Bootstrap',
      env.cli.formatFlags.bootstrap ? formatOptions('the bootstrap response') : [],
    );
  },
  async run(argv, env) {
    const formats = env.cli.formatFlags.bootstrap;
    const parsed = parseCommand(this, argv, env, (flags) => defineFormatFlags(flags, formats));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (!env.profile.bootstrapSecretSupported && args.length !== 0)
      return argumentError(this, env, 'This command takes no arguments');
    if (args.length > 1) return argumentError(this, env, 'This command takes up to one argument');
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
    const formatted = printFormatted(env, flags, formats, 'token', outcome.body);
    if (formatted !== null) return formatted;
    env.ui.output(formatToken(asObject(outcome.body), env.profile));
    return 0;
  },
};
