/**
 * `nomad acl token create|list|info|self|update|delete`: ACL token management.
 *
 * Requests (spec §4, §9):
 * - create: (modern) GET /v1/acl/policy/<p> per `-policy`, warning on failure; then
 *   PUT /v1/acl/token with `{Name, Type, Policies, Global}` plus, in the modern profile,
 *   `Roles` and `ExpirationTTL` (Go duration text, `""` when none). Empty lists are `null`, as Go
 *   encodes nil slices;
 * - list: GET /v1/acl/tokens; info: GET /v1/acl/token/<accessor>; self: GET /v1/acl/token/self;
 * - update: GET /v1/acl/token/<accessor>, then PUT /v1/acl/token/<accessor> with the fetched
 *   token, its Name/Type/Policies/Roles replaced by the flags that were given (2.x, no `-global`
 *   flag); before 1.4 `-type` defaults to `client` and `-global` (default false) always applies;
 * - delete: DELETE /v1/acl/token/<accessor>.
 * An empty accessor is refused by the client itself (`missing accessor ID`), as Nomad's API client
 * does. Outputs: the token block (token-output.ts), the token table, `Token <id> successfully deleted`,
 * or what `-json`/`-t` ask for (../format-output.ts; `create` has them since 1.5).
 */
import type { JsonValue } from '../../../server/http.js';
import { formatGoDuration, parseGoDuration, parseRfc3339 } from '../../../acl/index.js';
import type { FlagSet, ParsedFlags } from '../../flags.js';
import { formatList } from '../../format/columnize.js';
import { isGoZeroTimeText } from '../../format/go-time.js';
import { asArray, asObject, type JsonObject, readString } from '../../format/json-read.js';
import { formatToken, tokenValue } from '../../format/token-output.js';
import type { NomadApiClient } from '../api-client.js';
import type { CommandEnv, LeafCommand } from '../command.js';
import { argumentError, parseCommand, readFileArgument } from '../command-support.js';
import { isUuid } from '../../../sim/ids.js';
import { leafHelp, type OptionHelp } from '../help.js';
import { defineFormatFlags, formatOptions, printFormatted } from '../format-output.js';
import { deleteOneObject } from './delete-one-object.js';
import { oneArgument, type OneArgumentRule } from './one-argument.js';

/** The one `<token_accessor_id>` argument of `acl token info|update|delete`. */
const ACCESSOR_ARGUMENT: OneArgumentRule = {
  usage: 'This command takes one argument: <token_accessor_id>',
  missing: 'missing accessor ID',
};

/** Prints the token block, or what `-json`/`-t` ask for; returns the exit code. */
function printToken(env: CommandEnv, flags: ParsedFlags, body: JsonValue, formats = true): number {
  const formatted = printFormatted(env, flags, formats, 'token', body);
  if (formatted !== null) return formatted;
  env.ui.output(formatToken(asObject(body), env.profile));
  return 0;
}

const TOKEN_FORMAT_OPTIONS = formatOptions('the ACL token');

/** Go nil slice -> `null`. */
function listOrNull<T extends JsonValue>(items: readonly T[]): T[] | null {
  return items.length === 0 ? null : [...items];
}

/** Role links from `-role-name` then `-role-id`, as Nomad builds them. */
function roleLinks(flags: ParsedFlags): JsonValue[] {
  return [
    ...flags.list('role-name').map((name) => ({ ID: '', Name: name })),
    ...flags.list('role-id').map((id) => ({ ID: id, Name: '' })),
  ];
}

function defineTokenFieldFlags(
  flags: FlagSet,
  env: CommandEnv,
  typeDefault: string,
  options: { global: boolean; formats: boolean },
): void {
  flags.string('name').string('type', typeDefault).list('policy');
  if (options.global) flags.bool('global');
  defineFormatFlags(flags, options.formats);
  if (env.profile.tokenRolesSupported) flags.list('role-name').list('role-id');
}

function tokenFieldOptions(env: CommandEnv, global = true): OptionHelp[] {
  const options: OptionHelp[] = [
    { flag: '-name=""', text: 'Sets the human readable name for the ACL token.' },
    {
      flag: '-type="client"',
      text: 'Sets the type of token. Must be one of "client" or "management".',
    },
  ];
  if (global)
    options.push({
      flag: '-global=false',
      text: 'Toggles the global mode of the token. Global tokens are replicated to all regions.',
    });
  options.push({
    flag: '-policy=""',
    text: 'Specifies a policy to associate with the token. Can be specified multiple times.',
  });
  if (env.profile.tokenRolesSupported) {
    options.push({
      flag: '-role-name=""',
      text: 'Specifies a role name to associate with the token. Can be specified multiple times.',
    });
    options.push({
      flag: '-role-id=""',
      text: 'Specifies a role ID to associate with the token. Can be specified multiple times.',
    });
  }
  return options;
}

/** Warns about `-policy` names the cluster cannot show (modern `acl token create`). */
async function warnMissingPolicies(
  env: CommandEnv,
  flags: ParsedFlags,
  client: NomadApiClient,
): Promise<void> {
  if (!env.cli.tokenCreateChecksPolicies) return;
  for (const policy of flags.list('policy')) {
    const outcome = await client.get(`/v1/acl/policy/${policy}`);
    if (!outcome.ok) env.ui.warn(`Error fetching info on ${policy} policy: ${outcome.message}`);
  }
}

/**
 * The IDs of an upload (`-accessor` and the SecretID file or `-`), null for a plain create, or
 * the exit code after Nomad's refusal: more than one argument, one ID without the other, an ID
 * that is not a UUID, an unreadable file.
 */
function uploadIds(
  command: LeafCommand,
  env: CommandEnv,
  accessor: string,
  args: readonly string[],
): { accessor: string; secret: string } | null | number {
  if (args.length > 1) return argumentError(command, env, 'This command takes up to one argument');
  const [path] = args;
  if (accessor !== '' && path === undefined)
    return argumentError(
      command,
      env,
      '-accessor requires a SecretID supplied as a file path or "-" for stdin',
    );
  if (accessor === '' && path !== undefined)
    return argumentError(
      command,
      env,
      'A SecretID file path was provided but -accessor was not set',
    );
  if (accessor !== '' && !isUuid(accessor))
    return argumentError(command, env, '-accessor value must be a valid UUID');
  if (path === undefined) return null;
  const read = readFileArgument(env, path);
  if (!read.ok) {
    env.ui.error(`Error reading SecretID: ${read.reason}`);
    return 1;
  }
  const secret = read.text.trim();
  if (!isUuid(secret)) return argumentError(command, env, 'SecretID must be a valid UUID');
  return { accessor, secret };
}

export const aclTokenCreateCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl token create',
  synopsis: 'Create a new ACL token',
  help(env) {
    const options = tokenFieldOptions(env);
    if (env.profile.tokenExpirySupported)
      options.push({
        flag: '-ttl',
        text: 'Specifies the time-to-live of the created ACL token, e.g. "8h".',
      });
    if (env.cli.tokenUpload)
      options.push({
        flag: '-accessor=""',
        text: 'Pre-specified AccessorID (UUID) for the token. When provided, the SecretID\nmust be supplied via <path> (a file or "-" for stdin). The token is uploaded\nrather than generated. Only valid for client tokens.',
      });
    if (env.cli.formatFlags.tokenCreate) options.push(...TOKEN_FORMAT_OPTIONS);
    return env.cli.tokenUpload
      ? leafHelp(
          'acl token create [options] [<path>]',
          'Create is used to issue new ACL tokens. Requires a management token.\n\nBy default, Nomad generates the AccessorID and SecretID automatically. To\nupload (restore) a client token with pre-specified IDs — for example, when\nrecovering tokens from a backup — provide -accessor and supply the SecretID\nvia a file at <path>, or pass "-" to read it from stdin. Only client tokens\nmay be uploaded; management tokens must always be created fresh.',
          'Create',
          options,
        )
      : leafHelp(
          'acl token create [options]',
          'Create is used to issue new ACL tokens. Requires a management token.',
          'Create',
          options,
        );
  },
  async run(argv, env) {
    const formats = env.cli.formatFlags.tokenCreate;
    const parsed = parseCommand(this, argv, env, (flags) => {
      defineTokenFieldFlags(flags, env, 'client', { global: true, formats });
      if (env.profile.tokenExpirySupported) flags.string('ttl');
      if (env.cli.tokenUpload) flags.string('accessor');
    });
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    let upload: { accessor: string; secret: string } | null = null;
    if (!env.cli.tokenUpload) {
      if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    } else {
      const ids = uploadIds(this, env, flags.string('accessor'), args);
      if (typeof ids === 'number') return ids;
      upload = ids;
    }
    const body: Record<string, JsonValue> = {
      Name: flags.string('name'),
      Type: flags.string('type'),
      Policies: listOrNull(flags.list('policy')),
    };
    if (env.profile.tokenRolesSupported) body['Roles'] = listOrNull(roleLinks(flags));
    body['Global'] = flags.bool('global');
    if (env.profile.tokenExpirySupported) {
      const ttlText = flags.string('ttl');
      const ttl = ttlText === '' ? { ok: true as const, ms: 0 } : parseGoDuration(ttlText);
      if (!ttl.ok) {
        env.ui.error(`Failed to parse TTL as time duration: ${ttl.message}`);
        return 1;
      }
      body['ExpirationTTL'] = ttl.ms === 0 ? '' : formatGoDuration(ttl.ms);
    }
    await warnMissingPolicies(env, flags, client);
    const outcome = await client.put(
      '/v1/acl/token',
      upload === null ? body : { AccessorID: upload.accessor, SecretID: upload.secret, ...body },
    );
    if (!outcome.ok) {
      env.ui.error(
        `${upload === null ? 'Error creating token' : 'Error uploading token'}: ${outcome.message}`,
      );
      return 1;
    }
    return printToken(env, flags, outcome.body, formats);
  },
};

function isExpired(token: JsonObject, now: number | undefined): boolean {
  const expiry = readString(token, 'ExpirationTime');
  if (now === undefined || expiry === '' || isGoZeroTimeText(expiry)) return false;
  const at = parseRfc3339(expiry);
  return at !== null && at < now;
}

/** One cell of the token table: `Expired` is computed, the other columns read as in the token block. */
function tokenCell(column: string, token: JsonObject, now: number | undefined): string {
  return column === 'Expired' ? String(isExpired(token, now)) : tokenValue(column, token);
}

/** The `acl token list` table (or `No tokens found`). */
export function formatTokenList(
  tokens: readonly JsonObject[],
  columns: readonly string[],
  now: number | undefined,
): string {
  if (tokens.length === 0) return 'No tokens found';
  const rows = tokens.map((t) => columns.map((c) => tokenCell(c, t, now)).join('|'));
  return formatList([columns.join('|'), ...rows]);
}

export const aclTokenListCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl token list',
  synopsis: 'List ACL tokens',
  help() {
    return leafHelp(
      'acl token list',
      'List is used to list existing ACL tokens. Requires a management token.',
      'List',
      formatOptions('the ACL tokens'),
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => defineFormatFlags(flags, true));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    const outcome = await client.get('/v1/acl/tokens');
    if (!outcome.ok) {
      env.ui.error(`Error listing ACL tokens: ${outcome.message}`);
      return 1;
    }
    const formatted = printFormatted(env, flags, true, 'token-stub', outcome.body);
    if (formatted !== null) return formatted;
    env.ui.output(
      formatTokenList(
        asArray(outcome.body).map(asObject),
        env.profile.tokenListColumns,
        env.context.now,
      ),
    );
    return 0;
  },
};

export const aclTokenInfoCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl token info',
  synopsis: 'Fetch information on an existing ACL token',
  help() {
    return leafHelp(
      'acl token info <token_accessor_id>',
      'Info is used to fetch information on an existing ACL token. Requires a management token.',
      'Info',
      TOKEN_FORMAT_OPTIONS,
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => defineFormatFlags(flags, true));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const accessor = oneArgument(this, env, args, ACCESSOR_ARGUMENT, 'Error fetching token');
    if (typeof accessor === 'number') return accessor;
    const outcome = await client.get(`/v1/acl/token/${accessor}`);
    if (!outcome.ok) {
      env.ui.error(`Error fetching token: ${outcome.message}`);
      return 1;
    }
    return printToken(env, flags, outcome.body);
  },
};

export const aclTokenSelfCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl token self',
  synopsis: 'Lookup self ACL token',
  help() {
    return leafHelp(
      'acl token self',
      'Self is used to fetch information about the currently set ACL token.',
      'Self',
      TOKEN_FORMAT_OPTIONS,
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => defineFormatFlags(flags, true));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    if (env.profile.tokenSelf === 'whoami' && client.settings.token === '') {
      env.ui.error('No token present in the environment or set via the CLI flag');
      return 1;
    }
    const outcome = await client.get('/v1/acl/token/self');
    if (!outcome.ok) {
      env.ui.error(`Error fetching self token: ${outcome.message}`);
      return 1;
    }
    return printToken(env, flags, outcome.body);
  },
};

/** The fetched token with the fields the update flags set. */
function updatedToken(
  token: JsonObject,
  flags: ParsedFlags,
  env: CommandEnv,
): Record<string, JsonValue> {
  const next: Record<string, JsonValue> = { ...token };
  if (flags.string('name') !== '') next['Name'] = flags.string('name');
  if (flags.string('type') !== '') next['Type'] = flags.string('type');
  // Before 1.4 the -global flag (default false) is always applied.
  if (env.cli.tokenUpdate === 'type-and-global-always') next['Global'] = flags.bool('global');
  if (flags.list('policy').length > 0) next['Policies'] = [...flags.list('policy')];
  if (
    env.profile.tokenRolesSupported &&
    (flags.list('role-name').length > 0 || flags.list('role-id').length > 0)
  )
    next['Roles'] = roleLinks(flags);
  return next;
}

export const aclTokenUpdateCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl token update',
  synopsis: 'Update an existing ACL token',
  help(env) {
    return leafHelp(
      'acl token update [options] <token_accessor_id>',
      'Update is used to update an existing ACL token. Requires a management token.',
      'Update',
      [
        ...tokenFieldOptions(env, env.cli.tokenUpdate === 'type-and-global-always'),
        ...TOKEN_FORMAT_OPTIONS,
      ],
    );
  },
  async run(argv, env) {
    const old = env.cli.tokenUpdate === 'type-and-global-always';
    const parsed = parseCommand(this, argv, env, (flags) =>
      defineTokenFieldFlags(flags, env, old ? 'client' : '', { global: old, formats: true }),
    );
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const accessor = oneArgument(this, env, args, ACCESSOR_ARGUMENT, 'Error fetching token');
    if (typeof accessor === 'number') return accessor;
    const current = await client.get(`/v1/acl/token/${accessor}`);
    if (!current.ok) {
      env.ui.error(`Error fetching token: ${current.message}`);
      return 1;
    }
    const token = updatedToken(asObject(current.body), flags, env);
    const outcome = await client.put(
      `/v1/acl/token/${readString(token, 'AccessorID') || accessor}`,
      token,
    );
    if (!outcome.ok) {
      env.ui.error(`Error updating token: ${outcome.message}`);
      return 1;
    }
    return printToken(env, flags, outcome.body);
  },
};

export const aclTokenDeleteCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl token delete',
  synopsis: 'Delete an existing ACL token',
  help() {
    return leafHelp(
      'acl token delete <token_accessor_id>',
      'Delete is used to delete an existing ACL token. Requires a management token.',
      'Delete',
      [],
    );
  },
  run(argv, env) {
    return deleteOneObject(this, argv, env, {
      ...ACCESSOR_ARGUMENT,
      errorPrefix: 'Error deleting token',
      path: (accessor) => `/v1/acl/token/${accessor}`,
      deleted: (accessor) => `Token ${accessor} successfully deleted`,
    });
  },
};
