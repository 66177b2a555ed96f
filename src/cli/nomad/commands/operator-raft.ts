/**
 * `nomad operator raft list-peers`: the Raft configuration of the region, as the leader sees it.
 *
 * Request: GET /v1/operator/raft/configuration (management token required by the cluster, spec
 * §8). Response used: `{Servers: [{Node, ID, Address, Leader, Voter, RaftProtocol}]}`.
 * Output: `Node  ID  Address  State  Voter  RaftProtocol` via `columnize.SimpleFormat`, State
 * `leader` or `follower`. Error: `Failed to retrieve raft configuration: <api error>`.
 */
import { simpleFormat } from '../../format/columnize.js';
import { asArray, asObject, readBool, readString } from '../../format/json-read.js';
import type { LeafCommand } from '../command.js';
import { argumentError, parseCommand } from '../command-support.js';
import { leafHelp } from '../help.js';

export const operatorRaftListPeersCommand: LeafCommand = {
  kind: 'leaf',
  name: 'operator raft list-peers',
  synopsis: 'Display the current Raft peer configuration',
  help() {
    return leafHelp(
      'operator raft list-peers [options]',
      'Displays the current Raft peer configuration.\n\nIf ACLs are enabled, this command requires a management token.',
      'List Peers',
      [
        {
          flag: '-stale=[true|false]',
          text: 'The -stale argument defaults to "false" which means the leader provides\nthe result. Set to "true" to let any server answer.',
        },
      ],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => flags.bool('stale'));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    const outcome = await client.get(
      '/v1/operator/raft/configuration',
      flags.bool('stale') ? { stale: '' } : {},
    );
    if (!outcome.ok) {
      env.ui.error(`Failed to retrieve raft configuration: ${outcome.message}`);
      return 1;
    }
    const rows = asArray(asObject(outcome.body)['Servers']).map((raw) => {
      const s = asObject(raw);
      const state = readBool(s, 'Leader') ? 'leader' : 'follower';
      return [
        readString(s, 'Node'),
        readString(s, 'ID'),
        readString(s, 'Address'),
        state,
        String(readBool(s, 'Voter')),
        readString(s, 'RaftProtocol'),
      ].join('|');
    });
    env.ui.output(simpleFormat(['Node|ID|Address|State|Voter|RaftProtocol', ...rows]));
    return 0;
  },
};
