/**
 * `nomad server members`: the servers of every federated region, as the contacted agent's gossip
 * pool knows them, with a `Leader` column.
 *
 * Requests: GET /v1/agent/members, then GET /v1/status/leader with `region=<R>` for each region
 * that has a member not in `left` state (regions in sorted order; Nomad's map order is random).
 * A member is the leader when `<Addr>:<Tags.port>` equals its region's leader address.
 *
 * Output: Nomad's `columnize.SimpleFormat` table (empty cells stay empty), rows sorted by region,
 * datacenter, then name (`AgentMembersNameSort`); the fifth column is `Raft Version`
 * (`Tags.raft_vsn`, modern) or `Protocol` (`ProtocolCur`, tutorial era) per the profile. When a
 * region's leader cannot be found the table is still printed, then a blank line and the warning
 * `Error determining leaders: <multierror>` on stderr, exit 1. `Error querying servers: ...` when
 * the member list itself fails.
 */
import { formatMultiError } from '../../../acl/index.js';
import { simpleFormat } from '../../format/columnize.js';
import {
  asArray,
  asObject,
  type JsonObject,
  readNumber,
  readString,
} from '../../format/json-read.js';
import { goQuote } from '../../../go/quote.js';
import type { NomadApiClient } from '../api-client.js';
import type { LeafCommand } from '../command.js';
import { argumentError, parseCommand } from '../command-support.js';
import { leafHelp } from '../help.js';

interface Member {
  readonly name: string;
  readonly addr: string;
  readonly port: number;
  readonly status: string;
  readonly protocolCur: number;
  readonly tags: Readonly<Record<string, string>>;
}

function toMember(raw: JsonObject): Member {
  const tagsObject = asObject(raw['Tags']);
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(tagsObject))
    if (typeof value === 'string') tags[key] = value;
  return {
    name: readString(raw, 'Name'),
    addr: readString(raw, 'Addr'),
    port: readNumber(raw, 'Port'),
    status: readString(raw, 'Status'),
    protocolCur: readNumber(raw, 'ProtocolCur'),
    tags,
  };
}

function tag(member: Member, key: string): string {
  return member.tags[key] ?? '';
}

function compareMembers(a: Member, b: Member): number {
  for (const [x, y] of [
    [tag(a, 'region'), tag(b, 'region')],
    [tag(a, 'dc'), tag(b, 'dc')],
    [a.name, b.name],
  ] as const) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Asks each region with live members for its leader; collects failures as Nomad's multierror. */
async function regionLeaders(
  client: NomadApiClient,
  members: readonly Member[],
): Promise<{ leaders: Map<string, string>; error?: string }> {
  const regions = [
    ...new Set(members.filter((m) => m.status !== 'left').map((m) => tag(m, 'region'))),
  ].sort();
  const leaders = new Map<string, string>();
  const failures: string[] = [];
  for (const region of regions) {
    const outcome = await client.get('/v1/status/leader', { region });
    if (outcome.ok) leaders.set(region, typeof outcome.body === 'string' ? outcome.body : '');
    else failures.push(`Region ${goQuote(region)}: ${outcome.message}`);
  }
  return failures.length === 0 ? { leaders } : { leaders, error: formatMultiError(failures) };
}

function isLeader(member: Member, leaders: ReadonlyMap<string, string>): boolean {
  const leader = leaders.get(tag(member, 'region'));
  return leader !== undefined && leader === joinHostPort(member.addr, tag(member, 'port'));
}

/** Go's `net.JoinHostPort`: IPv6 hosts in brackets. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export const serverMembersCommand: LeafCommand = {
  kind: 'leaf',
  name: 'server members',
  synopsis: 'Display a list of known servers and their status',
  help() {
    return leafHelp(
      'server members [options]',
      "Display a list of the known servers and their status. Only Nomad servers are\nable to service this command.\n\nIf ACLs are enabled, this option requires a token with the 'node:read'\ncapability.",
      'Server Members',
      [],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, () => undefined);
    if (typeof parsed === 'number') return parsed;
    const { args, client } = parsed;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    const outcome = await client.get('/v1/agent/members');
    if (!outcome.ok) {
      env.ui.error(`Error querying servers: ${outcome.message}`);
      return 1;
    }
    const members = asArray(asObject(outcome.body)['Members'])
      .map((m) => toMember(asObject(m)))
      .sort(compareMembers);
    const { leaders, error } = await regionLeaders(client, members);
    const fifth = env.profile.serverMembersColumns[5] ?? 'Raft Version';
    const rows = members.map((m) =>
      [
        m.name,
        m.addr,
        String(m.port),
        m.status,
        String(isLeader(m, leaders)),
        fifth === 'Protocol' ? String(m.protocolCur) : tag(m, 'raft_vsn'),
        tag(m, 'build'),
        tag(m, 'dc'),
        tag(m, 'region'),
      ].join('|'),
    );
    env.ui.output(simpleFormat([env.profile.serverMembersColumns.join('|'), ...rows]));
    if (error === undefined) return 0;
    env.ui.output('');
    env.ui.warn(`Error determining leaders: ${error}`);
    return 1;
  },
};
