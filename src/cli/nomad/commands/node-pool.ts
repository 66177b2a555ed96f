/**
 * `nomad node pool apply|list|info|delete` (Nomad 1.6+): node pool management.
 *
 * Requests: apply = PUT /v1/node/pools with the pool of a specification file (`node_pool "<name>"
 * { description = ..., meta { ... } }`, or JSON with `-json`; `-` reads stdin); list = GET
 * /v1/node/pools; info = GET /v1/node/pools?prefix=<name> (one match, or an exact one among
 * several); delete = DELETE /v1/node/pool/<name>.
 *
 * Outputs: `Successfully applied node pool "<n>"!`; the table `Name  Description`; the info block
 * Name, Description, then `Metadata` (or `No metadata`) and `Scheduler Configuration` (`No scheduler
 * configuration`, the Enterprise settings are not modelled); `Successfully deleted node pool
 * "<n>"!`. Errors: `Failed to read file "<p>": `, `Failed to parse input content: ` (this reader's
 * words, not HCL2's), `Error applying node pool: ` (`missing node pool name` from the API client
 * itself, nothing sent), `Error querying node pools: `, `Error retrieving
 * node pool: No node pool with prefix "<p>" found`, `Prefix matched multiple node pools`, `Error
 * deleting node pool: `.
 */
import { goQuote } from '../../../go/quote.js';
import { formatKV, formatList } from '../../format/columnize.js';
import { asArray, asObject, type JsonObject, readString } from '../../format/json-read.js';
import type { LeafCommand } from '../command.js';
import { argumentError, parseCommand, readFileArgument } from '../command-support.js';
import { printObjectFormatted } from '../format-output.js';
import { leafHelp } from '../help.js';
import { deleteOneObject } from './delete-one-object.js';
import { listObjects } from './list-objects.js';
import type { JsonValue } from '../../../server/http.js';
import { goUnmarshalObject } from '../go-json-unmarshal.js';
import { apiNodePoolBody, readNodePoolSpec, type SpecRead } from './object-spec-file.js';

const ONE_POOL = 'This command takes one argument: <node-pool>';

/** Nomad's `formatNodePoolList`. */
export function formatNodePools(pools: readonly JsonObject[]): string {
  return formatList([
    'Name|Description',
    ...pools.map((p) => `${readString(p, 'Name')}|${readString(p, 'Description')}`),
  ]);
}

function formatNodePoolInfo(pool: JsonObject): string {
  const basics = formatKV([
    `Name|${readString(pool, 'Name')}`,
    `Description|${readString(pool, 'Description')}`,
  ]);
  const meta = Object.entries(asObject(pool['Meta']))
    .map(([k, v]) => `${k}|${typeof v === 'string' ? v : ''}`)
    .sort();
  const metaText = meta.length === 0 ? 'No metadata' : formatKV(meta);
  return `${basics}\n\nMetadata\n${metaText}\n\nScheduler Configuration\nNo scheduler configuration`;
}

/** A JSON node pool spec (`-json`): an object whose known fields are kept. */
/**
 * `-json` input: `json.Unmarshal` into `*api.NodePool`, whose UnmarshalJSON decodes into an
 * anonymous struct (hence the type in a mismatch error); `null` leaves no pool at all.
 */
function jsonPoolSpec(text: string): SpecRead<Record<string, JsonValue> | null> {
  const decoded = goUnmarshalObject(text, 'struct { NodeIdentityTTL interface {}; *api.Alias }');
  if (!decoded.ok) return decoded;
  return { ok: true, spec: decoded.value };
}

export const nodePoolApplyCommand: LeafCommand = {
  kind: 'leaf',
  name: 'node pool apply',
  synopsis: 'Create or update a node pool',
  objectKind: 'node-pools',
  help() {
    return leafHelp(
      'node pool apply [options] <input>',
      "Apply is used to create or update a node pool. The specification file is read\nfrom stdin by specifying \"-\", otherwise a path to the file is expected.\n\nIf ACLs are enabled, this command requires a token with the 'write' capability\nin a 'node_pool' policy that matches the node pool being targeted. In\nfederated clusters, the node pool will be created in the authoritative region\nand will be replicated to all federated regions.",
      'Apply',
      [{ flag: '-json', text: 'Parse the input as a JSON node pool specification.' }],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => flags.bool('json'));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const [path] = args;
    if (args.length !== 1 || path === undefined)
      return argumentError(this, env, 'This command takes one argument: <input>');
    const read = readFileArgument(env, path);
    if (!read.ok) {
      env.ui.error(`Failed to read file ${goQuote(path)}: ${read.reason}`);
      return 1;
    }
    const spec = flags.bool('json') ? jsonPoolSpec(read.text) : readNodePoolSpec(read.text);
    if (!spec.ok) {
      env.ui.error(`Failed to parse input content: ${spec.reason}`);
      return 1;
    }
    // The API client's own checks (api.NodePools.Register).
    if (spec.spec === null) {
      env.ui.error('Error applying node pool: missing node pool');
      return 1;
    }
    const body = apiNodePoolBody({ ...spec.spec });
    if (body['Name'] === '') {
      env.ui.error('Error applying node pool: missing node pool name');
      return 1;
    }
    const outcome = await client.put('/v1/node/pools', body);
    if (!outcome.ok) {
      env.ui.error(`Error applying node pool: ${outcome.message}`);
      return 1;
    }
    env.ui.output(`Successfully applied node pool ${goQuote(String(body['Name']))}!`);
    return 0;
  },
};

export const nodePoolListCommand: LeafCommand = {
  kind: 'leaf',
  name: 'node pool list',
  synopsis: 'List node pools',
  objectKind: 'node-pools',
  help() {
    return leafHelp(
      'node pool list [options]',
      "List is used to list existing node pools.\n\nIf ACLs are enabled, this command requires a management token to view all\nnode pools. A non-management token can be used to list node pools for which\nthe token has the 'read' capability.",
      'List',
      [
        { flag: '-json', text: 'Output the node pools in JSON format.' },
        { flag: '-t', text: 'Format and display the node pools using a Go template.' },
      ],
    );
  },
  run(argv, env) {
    return listObjects(this, argv, env, {
      path: '/v1/node/pools',
      errorPrefix: 'Error querying node pools',
      formatKind: 'node-pool',
      formatErrorPrefix: 'Error formatting output: ',
      table: formatNodePools,
    });
  },
};

export const nodePoolInfoCommand: LeafCommand = {
  kind: 'leaf',
  name: 'node pool info',
  synopsis: 'Fetch information about an existing node pool',
  objectKind: 'node-pools',
  help() {
    return leafHelp(
      'node pool info <node-pool>',
      "Info is used to fetch information about an existing node pool.\n\nIf ACLs are enabled, this command requires a token with the 'read'\ncapability in a 'node_pool' policy that matches the node pool being targeted.",
      'Info',
      [
        { flag: '-json', text: 'Output the node pool in its JSON format.' },
        { flag: '-t', text: 'Format and display node pool using a Go template.' },
      ],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => flags.bool('json').string('t'));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const [name] = args;
    if (args.length !== 1 || name === undefined) return argumentError(this, env, ONE_POOL);
    const outcome = await client.get('/v1/node/pools', { prefix: name });
    if (!outcome.ok) {
      env.ui.error(`Error retrieving node pool: ${outcome.message}`);
      return 1;
    }
    const found = asArray(outcome.body).map(asObject);
    if (found.length === 0) {
      env.ui.error(`Error retrieving node pool: No node pool with prefix ${goQuote(name)} found`);
      return 1;
    }
    const pool = found.length === 1 ? found[0] : found.find((p) => readString(p, 'Name') === name);
    if (pool === undefined) {
      env.ui.error(`Prefix matched multiple node pools\n\n${formatNodePools(found)}`);
      return 1;
    }
    const formatted = printObjectFormatted(env, flags, 'node-pool', 'one', pool);
    if (formatted !== null) return formatted;
    env.ui.output(formatNodePoolInfo(pool));
    return 0;
  },
};

export const nodePoolDeleteCommand: LeafCommand = {
  kind: 'leaf',
  name: 'node pool delete',
  synopsis: 'Delete a node pool',
  objectKind: 'node-pools',
  help() {
    return leafHelp(
      'node pool delete [options] <node-pool>',
      "Delete is used to remove a node pool.\n\nIf ACLs are enabled, this command requires a token with the 'delete'\ncapability in a 'node_pool' policy that matches the node pool being targeted.\n\nYou cannot delete a node pool that has nodes or non-terminal jobs. In\nfederated clusters, you cannot delete a node pool that has nodes or\nnon-terminal jobs in any of the federated regions.",
      'Delete',
      [],
    );
  },
  run(argv, env) {
    return deleteOneObject(this, argv, env, {
      usage: ONE_POOL,
      errorPrefix: 'Error deleting node pool',
      path: (name) => `/v1/node/pool/${name}`,
      deleted: (name) => `Successfully deleted node pool ${goQuote(name)}!`,
    });
  },
};
