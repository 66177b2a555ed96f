/**
 * `nomad node status` (list form): the client nodes registered in the region.
 *
 * Request: GET /v1/nodes. Response used: `[{ID, NodePool, Datacenter, Name, NodeClass, Drain,
 * SchedulingEligibility, Status}]`. Output: Nomad's table with IDs shortened to 8 characters
 * (full with `-verbose`), columns per profile (modern adds `Node Pool`); nothing at all when no
 * node is registered, as Nomad. Error: `Error querying node status: <api error>`. `node status
 * <id>` (one node's details) is not emulated and answers with a clear error.
 */
import { formatList } from '../../format/columnize.js';
import {
  asArray,
  asObject,
  type JsonObject,
  readBool,
  readString,
} from '../../format/json-read.js';
import type { LeafCommand } from '../command.js';
import { argumentError, parseCommand, printJson } from '../command-support.js';
import { JSON_OPTION, leafHelp } from '../help.js';

const SHORT_ID = 8;

function nodeCell(column: string, node: JsonObject, verbose: boolean): string {
  switch (column) {
    case 'ID':
      return verbose ? readString(node, 'ID') : readString(node, 'ID').slice(0, SHORT_ID);
    case 'Node Pool':
      return readString(node, 'NodePool');
    case 'DC':
      return readString(node, 'Datacenter');
    case 'Name':
      return readString(node, 'Name');
    case 'Class':
      return readString(node, 'NodeClass');
    case 'Drain':
      return String(readBool(node, 'Drain'));
    case 'Eligibility':
      return readString(node, 'SchedulingEligibility');
    case 'Status':
      return readString(node, 'Status');
    default:
      throw new Error(`unknown node status column ${column}`);
  }
}

export const nodeStatusCommand: LeafCommand = {
  kind: 'leaf',
  name: 'node status',
  synopsis: 'Display status information about nodes',
  help() {
    return leafHelp(
      'node status [options]',
      "Display status information about client nodes.\n\nIf ACLs are enabled, this option requires a token with the 'node:read'\ncapability.",
      'Node Status',
      [{ flag: '-verbose', text: 'Display full information.' }, JSON_OPTION],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => flags.bool('verbose').bool('json'));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (args.length > 1)
      return argumentError(this, env, 'This command takes either one or no arguments');
    if (args.length === 1) {
      env.ui.error(
        'nomad-sim: `node status <node>` is not emulated; use `node status` to list nodes',
      );
      return 1;
    }
    const outcome = await client.get('/v1/nodes');
    if (!outcome.ok) {
      env.ui.error(`Error querying node status: ${outcome.message}`);
      return 1;
    }
    if (flags.bool('json')) {
      printJson(env, outcome.body);
      return 0;
    }
    const nodes = asArray(outcome.body).map(asObject);
    if (nodes.length === 0) return 0;
    const columns = env.cli.nodeStatusColumns;
    const verbose = flags.bool('verbose');
    const rows = nodes.map((n) => columns.map((c) => nodeCell(c, n, verbose)).join('|'));
    env.ui.output(formatList([columns.join('|'), ...rows]));
    return 0;
  },
};
