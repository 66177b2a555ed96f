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
 * (`Tags.raft_vsn`, modern) or `Protocol` (`ProtocolCur`, before 1.3) per the profile.
 * Options per version (CliProfile.serverMembersFlags): 2.x `-verbose`/`-detailed` add `Protocol`
 * and a `Tags` column (`k=v` pairs joined by commas; Go's map order is random, here sorted), and
 * `-json`/`-t` format the `[]*api.AgentMember` list; before, `-detailed` prints
 * `Name Address Port Tags` instead of the table. When a
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
import { leafHelp, type OptionHelp } from '../help.js';
import { goCodecJsonIndent } from '../../format/go-json.js';
import {
  executeGoTemplate,
  GoTemplateError,
  goInt,
  goString,
  type GoValue,
} from '../../format/go-template.js';
import type { JsonValue } from '../../../server/http.js';

interface Member {
  readonly raw: JsonObject;
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
    raw,
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

const DETAILED_TEXT =
  'Show detailed information about each member. This dumps a raw set of tags\nwhich shows more information than the default output format.';

function memberOptions(modern: boolean): OptionHelp[] {
  if (!modern) return [{ flag: '-detailed', text: DETAILED_TEXT }];
  return [
    { flag: '-detailed', text: `${DETAILED_TEXT}\n\nDeprecated: use -verbose instead` },
    { flag: '-verbose', text: DETAILED_TEXT },
    { flag: '-json', text: 'Output the latest information about each member in a JSON format.' },
    {
      flag: '-t',
      text: 'Format and display latest information about each member using a Go template.',
    },
  ];
}

/** `k=v` pairs of a member's tags, joined by commas (sorted: Go's map order is random). */
function tagList(member: Member): string {
  return Object.keys(member.tags)
    .sort()
    .map((key) => `${key}=${member.tags[key] ?? ''}`)
    .join(',');
}

/** The `[]*api.AgentMember` list as template data. */
function membersTemplateData(members: readonly Member[]): GoValue {
  const numberField = (m: Member, key: string) => goInt(readNumber(m.raw, key), 'uint8');
  return {
    kind: 'slice',
    type: '[]*api.AgentMember',
    items: members.map((m) => ({
      kind: 'struct',
      type: '*api.AgentMember',
      pointer: true,
      fields: new Map<string, GoValue>([
        ['Name', goString(m.name)],
        ['Addr', goString(m.addr)],
        ['Port', goInt(m.port, 'uint16')],
        [
          'Tags',
          {
            kind: 'map',
            type: 'map[string]string',
            zero: goString(''),
            entries: new Map(Object.entries(m.tags).map(([k, v]) => [k, goString(v)])),
          },
        ],
        ['Status', goString(m.status)],
        ['ProtocolMin', numberField(m, 'ProtocolMin')],
        ['ProtocolMax', numberField(m, 'ProtocolMax')],
        ['ProtocolCur', numberField(m, 'ProtocolCur')],
        ['DelegateMin', numberField(m, 'DelegateMin')],
        ['DelegateMax', numberField(m, 'DelegateMax')],
        ['DelegateCur', numberField(m, 'DelegateCur')],
      ]),
    })),
  };
}

export const serverMembersCommand: LeafCommand = {
  kind: 'leaf',
  name: 'server members',
  synopsis: 'Display a list of known servers and their status',
  help(env) {
    return leafHelp(
      'server members [options]',
      "Display a list of the known servers and their status. Only Nomad servers are\nable to service this command.\n\nIf ACLs are enabled, this option requires a token with the 'node:read'\ncapability.",
      'Server Members',
      memberOptions(env.cli.serverMembersFlags === 'verbose-json'),
    );
  },
  async run(argv, env) {
    const modern = env.cli.serverMembersFlags === 'verbose-json';
    const parsed = parseCommand(this, argv, env, (flags) => {
      flags.bool('detailed');
      if (modern) flags.bool('verbose').bool('json').string('t');
    });
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    const outcome = await client.get('/v1/agent/members');
    if (!outcome.ok) {
      env.ui.error(`Error querying servers: ${outcome.message}`);
      return 1;
    }
    const members = asArray(asObject(outcome.body)['Members'])
      .map((m) => toMember(asObject(m)))
      .sort(compareMembers);
    if (modern && (flags.bool('json') || flags.string('t') !== ''))
      return printMembers(env, flags.bool('json'), flags.string('t'), members);
    const { leaders, error } = await regionLeaders(client, members);
    if (!modern && flags.bool('detailed')) {
      const rows = members.map((m) => [m.name, m.addr, String(m.port), tagList(m)].join('|'));
      env.ui.output(simpleFormat(['Name|Address|Port|Tags', ...rows]));
      if (error === undefined) return 0;
      env.ui.output('');
      env.ui.warn(`Error determining leaders: ${error}`);
      return 1;
    }
    const verbose = modern && (flags.bool('verbose') || flags.bool('detailed'));
    const fifth = env.profile.serverMembersColumns[5] ?? 'Raft Version';
    const rows = members.map((m) =>
      [
        m.name,
        m.addr,
        String(m.port),
        m.status,
        String(isLeader(m, leaders)),
        ...(verbose ? [String(m.protocolCur)] : []),
        fifth === 'Protocol' ? String(m.protocolCur) : tag(m, 'raft_vsn'),
        tag(m, 'build'),
        tag(m, 'dc'),
        tag(m, 'region'),
        ...(verbose ? [tagList(m)] : []),
      ].join('|'),
    );
    const columns = verbose
      ? [
          ...env.profile.serverMembersColumns.slice(0, 5),
          'Protocol',
          ...env.profile.serverMembersColumns.slice(5),
          'Tags',
        ]
      : env.profile.serverMembersColumns;
    env.ui.output(simpleFormat([columns.join('|'), ...rows]));
    if (error === undefined) return 0;
    env.ui.output('');
    env.ui.warn(`Error determining leaders: ${error}`);
    return 1;
  },
};

/** `-json` / `-t` of 2.x: the member list as `[]*api.AgentMember`, before any leader lookup. */
function printMembers(
  env: Parameters<LeafCommand['run']>[1],
  json: boolean,
  template: string,
  members: readonly Member[],
): number {
  if (json && template !== '') {
    env.ui.error('Both json and template formatting are not allowed');
    return 1;
  }
  if (json) {
    env.ui.output(goCodecJsonIndent(members.map((m) => m.raw as JsonValue)));
    return 0;
  }
  try {
    env.ui.output(executeGoTemplate(template, membersTemplateData(members)));
    return 0;
  } catch (error) {
    if (!(error instanceof GoTemplateError)) throw error;
    env.ui.error(`Error formatting the data: ${error.message}`);
    return 1;
  }
}
