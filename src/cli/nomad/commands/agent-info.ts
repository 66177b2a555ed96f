/**
 * `nomad agent-info`: the statistics of the agent at the address, one section per subsystem
 * (`client`, `nomad`, `raft`, ...) in sorted order, each followed by its `key = value` lines,
 * indented by two spaces, keys sorted.
 *
 * Request: GET /v1/agent/self (needs agent `read` when ACLs are enforced on that agent; a client
 * agent enforces them only with its own `acl { enabled = true }`). Error: `Error querying agent
 * info: <api error>`.
 */
import { formatKV } from '../../format/columnize.js';
import { asObject } from '../../format/json-read.js';
import type { LeafCommand } from '../command.js';
import { argumentError, parseCommand, printJson } from '../command-support.js';
import { JSON_OPTION, leafHelp } from '../help.js';

function cell(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const agentInfoCommand: LeafCommand = {
  kind: 'leaf',
  name: 'agent-info',
  synopsis: 'Display status information about the local agent',
  help() {
    return leafHelp(
      'agent-info [options]',
      "Display status information about the local agent.\n\nWhen ACLs are enabled, this command requires a token with the 'agent:read'\ncapability.",
      'Agent Info',
      [JSON_OPTION],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => flags.bool('json'));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    const outcome = await client.get('/v1/agent/self');
    if (!outcome.ok) {
      env.ui.error(`Error querying agent info: ${outcome.message}`);
      return 1;
    }
    if (flags.bool('json')) {
      printJson(env, outcome.body);
      return 0;
    }
    const stats = asObject(asObject(outcome.body)['stats']);
    const sections: string[] = [];
    for (const name of Object.keys(stats).sort()) {
      const section = asObject(stats[name]);
      const lines = Object.keys(section)
        .sort()
        .map((key) => `${key}|${cell(section[key])}`);
      sections.push(
        name,
        ...formatKV(lines)
          .split('\n')
          .map((line) => `  ${line}`),
      );
    }
    env.ui.output(sections.join('\n'));
    return 0;
  },
};
