/**
 * `nomad namespace apply|list|status|delete` (Nomad OSS 1.0+): namespace management. Nomad 0.9's
 * open-source CLI has them too, and its agent answers `501 Nomad Enterprise only endpoint`.
 *
 * Requests: apply = GET /v1/namespace/<name> (any error but a 404 stops: `Error looking up
 * namespace: `), then PUT /v1/namespace with the namespace found (or a new one) and the flags that
 * were given; in 2.x the argument may instead name a specification file (or `-` for stdin), read as
 * HCL or, with `-json`, JSON (flags are then ignored with a warning); list = GET /v1/namespaces;
 * status = GET /v1/namespaces?prefix=<name> (one match, or an exact one among several); delete =
 * DELETE /v1/namespace/<name>.
 *
 * Outputs: `Successfully applied namespace "<n>"!`; the table `Name  Description` sorted by name,
 * or `No namespaces found`; the status block Name, Description, Quota (2.x also EnabledDrivers,
 * DisabledDrivers, and a Metadata section); `Successfully deleted namespace "<n>"!`. Errors:
 * `Error applying namespace: `, `Error retrieving namespaces: ` (also `Namespace "<n>" matched no
 * namespaces`), `Prefix matched multiple namespaces`, `Error deleting namespace: `. Nomad 1.0's
 * status prints its help on stderr for a wrong argument count.
 */
import { goQuote } from '../../../go/quote.js';
import type { JsonValue } from '../../../server/http.js';
import { formatKV, formatList } from '../../format/columnize.js';
import { asArray, asObject, type JsonObject, readString } from '../../format/json-read.js';
import type { CommandEnv, LeafCommand } from '../command.js';
import { argumentError, parseCommand, readFileArgument } from '../command-support.js';
import { formatOptions, printObjectFormatted } from '../format-output.js';
import { leafHelp, type OptionHelp } from '../help.js';
import { deleteOneObject } from './delete-one-object.js';
import { listObjects } from './list-objects.js';
import { apiNamespaceBody, readNamespaceSpec } from './object-spec-file.js';
import { readJsonText } from '../../../api/json-text-reader.js';
import { jsonNodeText } from '../../../api/json-node.js';
import { goUnmarshalValue } from '../go-json-unmarshal.js';

function modern(env: CommandEnv): boolean {
  return env.profile.name === 'modern';
}

/** Nomad's `formatNamespaces`: sorted by name. */
export function formatNamespaces(namespaces: readonly JsonObject[]): string {
  if (namespaces.length === 0) return 'No namespaces found';
  const sorted = [...namespaces].sort((a, b) => {
    const x = readString(a, 'Name');
    const y = readString(b, 'Name');
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return formatList([
    'Name|Description',
    ...sorted.map((ns) => `${readString(ns, 'Name')}|${readString(ns, 'Description')}`),
  ]);
}

/** Nomad's `formatNamespaceBasics` (2.x adds the task driver lines) and its Metadata section. */
function formatNamespaceStatus(ns: JsonObject, env: CommandEnv): string {
  const basics = [
    `Name|${readString(ns, 'Name')}`,
    `Description|${readString(ns, 'Description')}`,
    `Quota|${readString(ns, 'Quota')}`,
  ];
  if (!modern(env)) return formatKV(basics);
  const capabilities = asObject(ns['Capabilities']);
  const enabled = asArray(capabilities['EnabledTaskDrivers']).filter((d) => typeof d === 'string');
  const disabled = asArray(capabilities['DisabledTaskDrivers']).filter(
    (d) => typeof d === 'string',
  );
  basics.push(
    `EnabledDrivers|${enabled.length === 0 ? '*' : enabled.join(',')}`,
    `DisabledDrivers|${disabled.join(',')}`,
  );
  let out = formatKV(basics);
  const meta = Object.entries(asObject(ns['Meta']))
    .map(([k, v]) => `${k}|${typeof v === 'string' ? v : ''}`)
    .sort();
  if (meta.length > 0) out += `\n\nMetadata\n${formatKV(meta)}`;
  return out;
}

const APPLY_OPTIONS: readonly OptionHelp[] = [
  { flag: '-quota', text: 'The quota to attach to the namespace.' },
  { flag: '-description', text: 'An optional description for the namespace.' },
];

export const namespaceApplyCommand: LeafCommand = {
  kind: 'leaf',
  name: 'namespace apply',
  synopsis: 'Create or update a namespace',
  objectKind: 'namespaces',
  help(env) {
    if (!modern(env))
      return leafHelp(
        'namespace apply [options] <namespace>',
        'Apply is used to create or update a namespace. It takes the namespace name to\ncreate or update as its only argument.',
        'Apply',
        APPLY_OPTIONS,
      );
    return leafHelp(
      'namespace apply [options] <input>',
      'Apply is used to create or update a namespace. The specification file\nwill be read from stdin by specifying "-", otherwise a path to the file is\nexpected.\n\nInstead of a file, you may instead pass the namespace name to create\nor update as the only argument.\n\nIf ACLs are enabled, this command requires a management ACL token. In\nfederated clusters, the namespace will be created in the authoritative region\nand will be replicated to all federated regions.',
      'Apply',
      [
        ...APPLY_OPTIONS,
        { flag: '-json', text: 'Parse the input as a JSON namespace specification.' },
      ],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => {
      flags.string('quota').string('description');
      if (modern(env)) flags.bool('json');
    });
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const [input] = args;
    if (args.length !== 1 || input === undefined)
      return argumentError(
        this,
        env,
        `This command takes one argument: <${modern(env) ? 'input' : 'namespace'}>`,
      );
    let body: Record<string, JsonValue>;
    const isFile = modern(env) && (input === '-' || env.context.files.read(input) !== undefined);
    if (isFile) {
      if (flags.isSet('quota') || flags.isSet('description'))
        env.ui.warn('Flags are ignored when a file is specified!');
      const read = readFileArgument(env, input);
      if (!read.ok) {
        env.ui.error(`Failed to read file: ${read.reason}`);
        return 1;
      }
      const spec = flags.bool('json') ? jsonSpec(read.text) : readNamespaceSpec(read.text);
      if (!spec.ok) {
        env.ui.error(
          flags.bool('json')
            ? `Failed to parse quota: ${spec.reason}`
            : `Error parsing quota specification: ${spec.reason}`,
        );
        return 1;
      }
      body = apiNamespaceBody({ ...spec.spec }, modern(env));
    } else {
      if (input === '') {
        env.ui.error('Namespace name required');
        return 1;
      }
      const current = await client.get(`/v1/namespace/${input}`);
      if (!current.ok && !current.message.includes('404')) {
        env.ui.error(`Error looking up namespace: ${current.message}`);
        return 1;
      }
      const found: Record<string, JsonValue> = current.ok
        ? { ...asObject(current.body) }
        : { Name: input };
      if (flags.isSet('description')) found['Description'] = flags.string('description');
      if (flags.isSet('quota')) found['Quota'] = flags.string('quota');
      body = apiNamespaceBody(found, modern(env));
    }
    const outcome = await client.put('/v1/namespace', body);
    if (!outcome.ok) {
      env.ui.error(`Error applying namespace: ${outcome.message}`);
      return 1;
    }
    env.ui.output(`Successfully applied namespace ${goQuote(readString(body, 'Name'))}!`);
    return 0;
  },
};

/** `-json` input: `json.NewDecoder(...).Decode(&api.Namespace{})`, the first value of the text. */
function jsonSpec(
  text: string,
): { ok: true; spec: Record<string, JsonValue> } | { ok: false; reason: string } {
  const read = readJsonText(text);
  if (!read.ok) return { ok: false, reason: read.message };
  const decoded = goUnmarshalValue(JSON.parse(jsonNodeText(read.node)), 'api.Namespace');
  if (!decoded.ok) return decoded;
  return { ok: true, spec: decoded.value ?? {} };
}

export const namespaceListCommand: LeafCommand = {
  kind: 'leaf',
  name: 'namespace list',
  synopsis: 'List namespaces',
  objectKind: 'namespaces',
  help(env) {
    return leafHelp(
      'namespace list [options]',
      'List is used to list available namespaces.\n\nIf ACLs are enabled, this command requires a management ACL token to view\nall namespaces. A non-management token can be used to list namespaces for\nwhich it has an associated capability.',
      'List',
      modern(env) ? formatOptions('the namespaces', 'in a JSON format') : [],
    );
  },
  run(argv, env) {
    return listObjects(this, argv, env, {
      path: '/v1/namespaces',
      errorPrefix: 'Error retrieving namespaces',
      ...(modern(env) ? { formatKind: 'namespace' } : {}),
      table: formatNamespaces,
    });
  },
};

export const namespaceStatusCommand: LeafCommand = {
  kind: 'leaf',
  name: 'namespace status',
  synopsis: "Display a namespace's status",
  objectKind: 'namespaces',
  help(env) {
    return leafHelp(
      'namespace status [options] <namespace>',
      modern(env)
        ? 'Status is used to view the status of a particular namespace.\n\nIf ACLs are enabled, this command requires a management ACL token or a token\nthat has a capability associated with the namespace.'
        : 'Status is used to view the status of a particular namespace.',
      'Status Specific',
      modern(env)
        ? [
            {
              flag: '-json',
              text: 'Output the latest namespace status information in a JSON format.',
            },
            {
              flag: '-t',
              text: 'Format and display namespace status information using a Go template.',
            },
          ]
        : [],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => {
      if (modern(env)) flags.bool('json').string('t');
    });
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const [name] = args;
    if (args.length !== 1 || name === undefined) {
      if (modern(env))
        return argumentError(this, env, 'This command takes one argument: <namespace>');
      env.ui.error(this.help(env));
      return 1;
    }
    const outcome = await client.get('/v1/namespaces', { prefix: name });
    if (!outcome.ok) {
      env.ui.error(`Error retrieving namespaces: ${outcome.message}`);
      return 1;
    }
    const found = asArray(outcome.body).map(asObject);
    const exact =
      found.length > 1 && modern(env)
        ? found.find((ns) => readString(ns, 'Name') === name)
        : undefined;
    const match = found.length === 1 ? found[0] : exact;
    if (found.length === 0) {
      env.ui.error(`Error retrieving namespaces: Namespace ${goQuote(name)} matched no namespaces`);
      return 1;
    }
    if (match === undefined) {
      env.ui.error(`Prefix matched multiple namespaces\n\n${formatNamespaces(found)}`);
      return 1;
    }
    if (modern(env)) {
      const formatted = printObjectFormatted(env, flags, 'namespace', 'one', match);
      if (formatted !== null) return formatted;
    }
    env.ui.output(formatNamespaceStatus(match, env));
    return 0;
  },
};

export const namespaceDeleteCommand: LeafCommand = {
  kind: 'leaf',
  name: 'namespace delete',
  synopsis: 'Delete a namespace',
  objectKind: 'namespaces',
  help() {
    return leafHelp(
      'namespace delete [options] <namespace>',
      'Delete is used to remove a namespace.\n\nIf ACLs are enabled, this command requires a management ACL token.\n\nYou cannot delete a namespace that has non-terminal jobs. In federated\nclusters, you cannot delete a namespace that has non-terminal jobs in any of\nthe federated regions.',
      'Delete',
      [],
    );
  },
  run(argv, env) {
    return deleteOneObject(this, argv, env, {
      usage: 'This command takes one argument: <namespace>',
      errorPrefix: 'Error deleting namespace',
      path: (name) => `/v1/namespace/${name}`,
      deleted: (name) => `Successfully deleted namespace ${goQuote(name)}!`,
    });
  },
};
