/**
 * `nomad acl auth-method create|list|info|update|delete` (Nomad 1.5+): auth method management.
 *
 * Requests: create = PUT /v1/acl/auth-method with `{Name, Type, TokenLocality, TokenNameFormat,
 * MaxTokenTTL, Default, Config}`; list = GET /v1/acl/auth-methods; info = GET
 * /v1/acl/auth-method/<name>; update = GET, then PUT /v1/acl/auth-method/<name> with the fetched
 * method and the flags that were given; delete = DELETE /v1/acl/auth-method/<name>. `-config` takes
 * JSON, `@<file>` or `-` (stdin), as Nomad's `loadDataSource`; `-max-token-ttl` is a Go duration.
 *
 * Outputs (Nomad's `outputAuthMethod`): the KV block Name, Type, Locality, Max Token TTL, Default,
 * Create Index, Modify Index, then, when the method has a config, `Auth Method Config` and its KV
 * block; the list table `Name  Type  Default` or `No ACL auth methods found`; `ACL auth method
 * <name> successfully deleted`. Claim mappings are printed sorted (Go prints them in map order).
 */
import { formatGoDuration, parseGoDuration } from '../../../acl/index.js';
import type { JsonValue } from '../../../server/http.js';
import type { ParsedFlags } from '../../flags.js';
import { formatKV, formatList } from '../../format/columnize.js';
import {
  asObject,
  type JsonObject,
  readBool,
  readIndex,
  readString,
  readStringList,
} from '../../format/json-read.js';
import type { CommandEnv, LeafCommand } from '../command.js';
import { argumentError, parseCommand, printJson, readFileArgument } from '../command-support.js';
import { goUnmarshalObject } from '../go-json-unmarshal.js';
import { formatOptions } from '../format-output.js';
import { leafHelp, type OptionHelp } from '../help.js';
import { deleteOneObject } from './delete-one-object.js';
import { infoOneObject } from './info-one-object.js';
import { listObjects } from './list-objects.js';
import { oneArgument, type OneArgumentRule } from './one-argument.js';

/** The one `<acl_auth_method_name>` argument of `acl auth-method info|update|delete`. */
const METHOD_NAME_ARGUMENT: OneArgumentRule = {
  usage: 'This command takes one argument: <acl_auth_method_name>',
  missing: 'missing ACL auth-method name',
};
const LOCALITY = "Token locality must be set to either 'local' or 'global'";
const TTL =
  'Max token TTL must be set to a value between min and max TTL configured for the server.';
const TYPE = "ACL auth method type must be set to 'OIDC' or 'JWT'";

/** A Go duration field as the API client reads it back: text, or nanoseconds. */
function durationText(value: JsonValue | undefined): string {
  if (typeof value === 'number') return formatGoDuration(value / 1e6);
  if (typeof value === 'string' && value !== '') {
    const parsed = parseGoDuration(value);
    return parsed.ok ? formatGoDuration(parsed.ms) : value;
  }
  return '0s';
}

function mapText(value: JsonValue | undefined): string {
  return Object.entries(asObject(value))
    .map(([k, v]) => `{${k}: ${typeof v === 'string' ? v : ''}}`)
    .sort()
    .join('; ');
}

/** Nomad's `formatAuthMethod`. */
export function formatAuthMethod(method: JsonObject): string {
  return formatKV([
    `Name|${readString(method, 'Name')}`,
    `Type|${readString(method, 'Type')}`,
    `Locality|${readString(method, 'TokenLocality')}`,
    `Max Token TTL|${durationText(method['MaxTokenTTL'])}`,
    `Default|${String(readBool(method, 'Default'))}`,
    `Create Index|${readIndex(method, 'CreateIndex')}`,
    `Modify Index|${readIndex(method, 'ModifyIndex')}`,
  ]);
}

/** Nomad's `formatAuthMethodConfig`. */
function formatAuthMethodConfig(config: JsonObject): string {
  const list = (key: string): string => readStringList(config, key).join(',');
  return formatKV([
    `JWT Validation Public Keys|${list('JWTValidationPubKeys')}`,
    `JWKS URL|${readString(config, 'JWKSURL')}`,
    `OIDC Discovery URL|${readString(config, 'OIDCDiscoveryURL')}`,
    `OIDC Client ID|${readString(config, 'OIDCClientID')}`,
    `OIDC Client Secret|${readString(config, 'OIDCClientSecret')}`,
    `OIDC Scopes|${list('OIDCScopes')}`,
    `Bound audiences|${list('BoundAudiences')}`,
    `Bound issuer|${list('BoundIssuer')}`,
    `Allowed redirects URIs|${list('AllowedRedirectURIs')}`,
    `Discovery CA pem|${list('DiscoveryCaPem')}`,
    `JWKS CA cert|${readString(config, 'JWKSCACert')}`,
    `Signing algorithms|${list('SigningAlgs')}`,
    `Expiration Leeway|${durationText(config['ExpirationLeeway'])}`,
    `NotBefore Leeway|${durationText(config['NotBeforeLeeway'])}`,
    `ClockSkew Leeway|${durationText(config['ClockSkewLeeway'])}`,
    `Claim mappings|${mapText(config['ClaimMappings'])}`,
    `List claim mappings|${mapText(config['ListClaimMappings'])}`,
  ]);
}

/** Nomad's `outputAuthMethod`: the block, then the config section when there is a config. */
function printAuthMethod(env: CommandEnv, json: boolean, body: JsonValue): void {
  if (json) return printJson(env, body);
  const method = asObject(body);
  env.ui.output(formatAuthMethod(method));
  const config = method['Config'];
  if (config !== null && config !== undefined && typeof config === 'object') {
    env.ui.output('\nAuth Method Config\n');
    env.ui.output(formatAuthMethodConfig(asObject(config)));
  }
}

/** Nomad's `loadDataSource` then the JSON decode into `api.ACLAuthMethodConfig`. */
function loadConfig(env: CommandEnv, source: string): JsonValue | number {
  let text = source;
  if (source.startsWith('@')) {
    const read = readFileArgument(env, source.slice(1));
    if (!read.ok) {
      env.ui.error(`Error loading configuration: Failed to read file: ${read.reason}`);
      return 1;
    }
    text = read.text;
  } else if (source === '-') text = env.context.stdin ?? '';
  else if (source.startsWith('\\')) text = source.slice(1);
  const decoded = goUnmarshalObject(text, 'api.ACLAuthMethodConfig');
  if (!decoded.ok) {
    env.ui.error(`Unable to parse config: ${decoded.reason}`);
    return 1;
  }
  return decoded.value;
}

/** `-max-token-ttl` as Go's flag package reads a duration: ms, or the exit code after its error. */
function ttlFlag(env: CommandEnv, command: LeafCommand, flags: ParsedFlags): number | null {
  const text = flags.string('max-token-ttl');
  if (text === '') return 0;
  const parsed = parseGoDuration(text);
  if (parsed.ok) return parsed.ms;
  env.ui.error(`invalid value ${JSON.stringify(text)} for flag -max-token-ttl: parse error`);
  env.ui.output(command.help(env));
  return null;
}

const METHOD_OPTIONS: readonly OptionHelp[] = [
  {
    flag: '-name',
    text: 'Sets the human readable name for the ACL auth method. The name must be\nbetween 1-128 characters and is a required parameter.',
  },
  {
    flag: '-type',
    text: "Sets the type of the auth method. Supported types are 'OIDC' and 'JWT'.",
  },
  {
    flag: '-max-token-ttl',
    text: 'Sets the duration of time all tokens created by this auth method should be\nvalid for.',
  },
  {
    flag: '-token-locality',
    text: "Defines the kind of token that this auth method should produce. This can be\neither 'local' or 'global'.",
  },
  {
    flag: '-token-name-format',
    text: "Sets the token format for the authenticated users. This can be lightly templated\nusing HIL '${foo}' syntax. Defaults to '${auth_method_type}-${auth_method_name}'",
  },
  {
    flag: '-default',
    text: 'Specifies whether this auth method should be treated as a default one in\ncase no auth method is explicitly specified for a login command.',
  },
  {
    flag: '-config',
    text: "Auth method configuration in JSON format. May be prefixed with '@' to\nindicate that the value is a file path to load the config from. '-' may also\nbe given to indicate that the config is available on stdin.",
  },
  { flag: '-json', text: 'Output the ACL auth-method in a JSON format.' },
];

export const aclAuthMethodCreateCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl auth-method create',
  synopsis: 'Create a new ACL auth method',
  objectKind: 'auth-methods',
  help() {
    return leafHelp(
      'acl auth-method create [options]',
      'Create is used to create new ACL auth methods. Use requires a management token.',
      'ACL Auth Method Create',
      METHOD_OPTIONS,
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) =>
      flags
        .string('name')
        .string('type')
        .string('token-locality')
        .string('token-name-format')
        .string('max-token-ttl')
        .bool('default')
        .string('config')
        .bool('json'),
    );
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const ttl = ttlFlag(env, this, flags);
    if (ttl === null) return 1;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    const fail = (message: string): number => {
      env.ui.error(message);
      return 1;
    };
    if (flags.string('name') === '')
      return fail('ACL auth method name must be specified using the -name flag');
    if (!['global', 'local'].includes(flags.string('token-locality'))) return fail(LOCALITY);
    if (ttl < 1e-6) return fail(TTL);
    const type = flags.string('type').toUpperCase();
    if (!['OIDC', 'JWT'].includes(type)) return fail(TYPE);
    if (flags.string('config') === '')
      return fail('Must provide ACL auth method config in JSON format');
    const config = loadConfig(env, flags.string('config'));
    if (typeof config === 'number') return config;
    const outcome = await client.put('/v1/acl/auth-method', {
      Name: flags.string('name'),
      Type: type,
      TokenLocality: flags.string('token-locality'),
      TokenNameFormat: flags.string('token-name-format'),
      MaxTokenTTL: formatGoDuration(ttl),
      Default: flags.bool('default'),
      Config: config,
    });
    if (!outcome.ok) {
      env.ui.error(`Error creating ACL auth method: ${outcome.message}`);
      return 1;
    }
    printAuthMethod(env, flags.bool('json'), outcome.body);
    return 0;
  },
};

/** Nomad's `formatAuthMethods`. */
export function formatAuthMethods(methods: readonly JsonObject[]): string {
  if (methods.length === 0) return 'No ACL auth methods found';
  return formatList([
    'Name|Type|Default',
    ...methods.map(
      (m) => `${readString(m, 'Name')}|${readString(m, 'Type')}|${String(readBool(m, 'Default'))}`,
    ),
  ]);
}

export const aclAuthMethodListCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl auth-method list',
  synopsis: 'List ACL auth methods',
  objectKind: 'auth-methods',
  help() {
    return leafHelp(
      'acl auth-method list [options]',
      'List is used to list existing ACL auth methods.',
      'ACL List',
      formatOptions('the ACL auth methods', 'in a JSON format'),
    );
  },
  run(argv, env) {
    return listObjects(this, argv, env, {
      path: '/v1/acl/auth-methods',
      errorPrefix: 'Error listing ACL auth methods',
      formatKind: 'auth-method-stub',
      table: formatAuthMethods,
    });
  },
};

export const aclAuthMethodInfoCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl auth-method info',
  synopsis: 'Fetch information on an existing ACL auth method',
  objectKind: 'auth-methods',
  help() {
    return leafHelp(
      'acl auth-method info [options] <acl_method_name>',
      'Info is used to fetch information on an existing ACL auth method. Requires a\nmanagement token.',
      'ACL Info',
      formatOptions('the ACL auth method', 'in a JSON format'),
    );
  },
  run(argv, env) {
    return infoOneObject(this, argv, env, {
      ...METHOD_NAME_ARGUMENT,
      errorPrefix: 'Error reading ACL auth method',
      path: (name) => `/v1/acl/auth-method/${name}`,
      formatKind: 'auth-method',
      print: (out, body) => printAuthMethod(out, false, body),
    });
  },
};

export const aclAuthMethodUpdateCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl auth-method update',
  synopsis: 'Update an existing ACL auth method',
  objectKind: 'auth-methods',
  help() {
    return leafHelp(
      'acl auth-method update [options] <acl_auth_method_name>',
      'Update is used to update ACL auth methods. Use requires a management token.',
      'ACL Auth Method Update',
      METHOD_OPTIONS.filter((o) => o.flag !== '-name' && o.flag !== '-token-name-format'),
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) =>
      flags
        .string('type')
        .string('token-locality')
        .string('max-token-ttl')
        .string('config')
        .bool('default')
        .bool('json'),
    );
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const ttl = ttlFlag(env, this, flags);
    if (ttl === null) return 1;
    const name = oneArgument(
      this,
      env,
      args,
      METHOD_NAME_ARGUMENT,
      'Error when retrieving ACL auth method',
    );
    if (typeof name === 'number') return name;
    const current = await client.get(`/v1/acl/auth-method/${name}`);
    if (!current.ok) {
      env.ui.error(`Error when retrieving ACL auth method: ${current.message}`);
      return 1;
    }
    const given = ['type', 'token-locality', 'max-token-ttl', 'config', 'default'].filter((f) =>
      flags.isSet(f),
    );
    const fail = (message: string): number => {
      env.ui.error(message);
      return 1;
    };
    if (given.length === 0)
      return fail('Please provide at least one flag to update the ACL auth method');
    const method: Record<string, JsonValue> = { ...asObject(current.body) };
    if (given.includes('token-locality')) {
      if (!['global', 'local'].includes(flags.string('token-locality'))) return fail(LOCALITY);
      method['TokenLocality'] = flags.string('token-locality');
    }
    if (given.includes('type')) {
      if (!['OIDC', 'JWT'].includes(flags.string('type').toUpperCase())) return fail(TYPE);
      method['Type'] = flags.string('type');
    }
    if (given.includes('max-token-ttl')) {
      if (ttl < 1e-6) return fail(TTL);
      method['MaxTokenTTL'] = formatGoDuration(ttl);
    }
    if (given.includes('default')) method['Default'] = flags.bool('default');
    if (flags.string('config') !== '') {
      const config = loadConfig(env, flags.string('config'));
      if (typeof config === 'number') return config;
      method['Config'] = config;
    }
    const outcome = await client.put(`/v1/acl/auth-method/${name}`, method);
    if (!outcome.ok) {
      env.ui.error(`Error updating ACL auth method: ${outcome.message}`);
      return 1;
    }
    printAuthMethod(env, flags.bool('json'), outcome.body);
    return 0;
  },
};

export const aclAuthMethodDeleteCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl auth-method delete',
  synopsis: 'Delete an existing ACL auth method',
  objectKind: 'auth-methods',
  help() {
    return leafHelp(
      'acl auth-method delete <acl_method_name>',
      'Delete is used to delete an existing ACL auth method. Use requires a\nmanagement token.',
      'Delete',
      [],
    );
  },
  run(argv, env) {
    return deleteOneObject(this, argv, env, {
      ...METHOD_NAME_ARGUMENT,
      errorPrefix: 'Error deleting ACL auth method',
      path: (name) => `/v1/acl/auth-method/${name}`,
      deleted: (name) => `ACL auth method ${name} successfully deleted`,
    });
  },
};
