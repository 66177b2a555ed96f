/**
 * `nomad acl role create|list|info|update|delete` (Nomad 1.4+): ACL role management.
 *
 * Requests: create = PUT /v1/acl/role with `{Name, Description, Policies: [{Name}]}` (duplicate
 * `-policy` names dropped, as Nomad's CLI does); list = GET /v1/acl/roles; info = GET
 * /v1/acl/role/<id> or, with `-by-name`, GET /v1/acl/role/name/<name>; update = GET
 * /v1/acl/role/<id>, then PUT /v1/acl/role/<id> with the fetched role merged with the flags (or,
 * with `-no-merge`, replaced by them); delete = DELETE /v1/acl/role/<id>.
 *
 * Outputs (Nomad's `formatACLRole`): the KV block ID, Name, Description, Policies (names sorted,
 * comma-joined), Create Index, Modify Index; the list table `ID  Name  Description  Policies` or
 * `No ACL roles found`; `ACL role <id> successfully deleted`. `acl role list -json|-t` formats the
 * `[]*api.ACLRoleListStub`; Nomad's `acl role info` accepts `-json` and `-t` but prints the block
 * all the same. Errors: `Error creating ACL role: `, `Error listing ACL roles: `,
 * `Error reading ACL role: `, `Error when retrieving ACL role: `, `Error updating ACL role: `,
 * `Error deleting ACL role: `. An empty role ID is refused by the client itself (`missing ACL role
 * ID`), as Nomad's API client does.
 */
import type { JsonValue } from '../../../server/http.js';
import { formatKV, formatList } from '../../format/columnize.js';
import {
  asArray,
  asObject,
  type JsonObject,
  readIndex,
  readString,
} from '../../format/json-read.js';
import type { CommandEnv, LeafCommand } from '../command.js';
import { argumentError, parseCommand, printJson } from '../command-support.js';
import { formatOptions } from '../format-output.js';
import { leafHelp, type OptionHelp } from '../help.js';
import { deleteOneObject } from './delete-one-object.js';
import { listObjects } from './list-objects.js';
import { oneArgument, type OneArgumentRule } from './one-argument.js';

const MISSING_ROLE_ID = 'missing ACL role ID';
const ONE_ROLE_ID = 'This command takes one argument: <acl_role_id>';
/** The one `<acl_role_id>` argument of `acl role update|delete`. */
const ROLE_ID_ARGUMENT: OneArgumentRule = { usage: ONE_ROLE_ID, missing: MISSING_ROLE_ID };
const NAME_REQUIRED = 'ACL role name must be specified using the -name flag';
const POLICY_REQUIRED = 'At least one policy name must be specified using the -policy flag';

const JSON_ROLE: OptionHelp = { flag: '-json', text: 'Output the ACL role in a JSON format.' };

/** The role's linked policy names, sorted (Nomad's `aclRolePolicyLinkToStringList`). */
function policyNames(role: JsonObject): string[] {
  return asArray(role['Policies'])
    .map((link) => readString(asObject(link), 'Name'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Nomad's `formatACLRole`. */
export function formatRole(role: JsonObject): string {
  return formatKV([
    `ID|${readString(role, 'ID')}`,
    `Name|${readString(role, 'Name')}`,
    `Description|${readString(role, 'Description')}`,
    `Policies|${policyNames(role).join(',')}`,
    `Create Index|${readIndex(role, 'CreateIndex')}`,
    `Modify Index|${readIndex(role, 'ModifyIndex')}`,
  ]);
}

/** Nomad's `formatACLRoles`. */
export function formatRoles(roles: readonly JsonObject[]): string {
  if (roles.length === 0) return 'No ACL roles found';
  return formatList([
    'ID|Name|Description|Policies',
    ...roles.map(
      (r) =>
        `${readString(r, 'ID')}|${readString(r, 'Name')}|${readString(r, 'Description')}|${policyNames(r).join(',')}`,
    ),
  ]);
}

/** `-policy` names as role links, first occurrence of each (Nomad's `aclRolePolicyNamesToPolicyLinks`). */
function policyLinks(names: readonly string[]): JsonValue {
  const unique = [...new Set(names)];
  return unique.length === 0 ? null : unique.map((name) => ({ Name: name }));
}

function printRole(env: CommandEnv, json: boolean, body: JsonValue): void {
  if (json) printJson(env, body);
  else env.ui.output(formatRole(asObject(body)));
}

export const aclRoleCreateCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl role create',
  synopsis: 'Create a new ACL role',
  objectKind: 'roles',
  help() {
    return leafHelp(
      'acl role create [options]',
      'Create is used to create new ACL roles. Use requires a management token.',
      'ACL Create',
      [
        {
          flag: '-name',
          text: 'Sets the human readable name for the ACL role. The name must be between\n1-128 characters and is a required parameter.',
        },
        {
          flag: '-description',
          text: 'A free form text description of the role that must not exceed 256\ncharacters.',
        },
        {
          flag: '-policy',
          text: 'Specifies a policy to associate with the role identified by their name. This\nflag can be specified multiple times and must be specified at least once.',
        },
        JSON_ROLE,
      ],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) =>
      flags.string('name').string('description').list('policy').bool('json'),
    );
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    if (flags.string('name') === '') {
      env.ui.error(NAME_REQUIRED);
      return 1;
    }
    if (flags.list('policy').length < 1) {
      env.ui.error(POLICY_REQUIRED);
      return 1;
    }
    const outcome = await client.put('/v1/acl/role', {
      ID: '',
      Name: flags.string('name'),
      Description: flags.string('description'),
      Policies: policyLinks(flags.list('policy')),
    });
    if (!outcome.ok) {
      env.ui.error(`Error creating ACL role: ${outcome.message}`);
      return 1;
    }
    printRole(env, flags.bool('json'), outcome.body);
    return 0;
  },
};

export const aclRoleListCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl role list',
  synopsis: 'List ACL roles',
  objectKind: 'roles',
  help() {
    return leafHelp(
      'acl role list [options]',
      'List is used to list existing ACL roles.',
      'ACL List',
      formatOptions('the ACL roles', 'in a JSON format'),
    );
  },
  run(argv, env) {
    return listObjects(this, argv, env, {
      path: '/v1/acl/roles',
      errorPrefix: 'Error listing ACL roles',
      formatKind: 'role-stub',
      table: formatRoles,
    });
  },
};

export const aclRoleInfoCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl role info',
  synopsis: 'Fetch information on an existing ACL role',
  objectKind: 'roles',
  help() {
    return leafHelp(
      'acl role info [options] <acl_role_id>',
      'Info is used to fetch information on an existing ACL roles. Requires a\nmanagement token.',
      'ACL Info',
      [
        {
          flag: '-by-name',
          text: 'Look up the ACL role using its name as the identifier. The command defaults\nto expecting the ACL ID as the argument.',
        },
        ...formatOptions('the ACL role', 'in a JSON format'),
      ],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) =>
      flags.bool('by-name').bool('json').string('t'),
    );
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const [id] = args;
    if (args.length !== 1 || id === undefined) return argumentError(this, env, ONE_ROLE_ID);
    if (id === '') {
      env.ui.error(
        `Error reading ACL role: ${flags.bool('by-name') ? 'missing ACL role name' : MISSING_ROLE_ID}`,
      );
      return 1;
    }
    const outcome = await client.get(
      flags.bool('by-name') ? `/v1/acl/role/name/${id}` : `/v1/acl/role/${id}`,
    );
    if (!outcome.ok) {
      env.ui.error(`Error reading ACL role: ${outcome.message}`);
      return 1;
    }
    env.ui.output(formatRole(asObject(outcome.body)));
    return 0;
  },
};

/** The role to send for `acl role update`: the flags merged into `current`, or replacing it. */
function updatedRole(
  current: JsonObject,
  id: string,
  flags: { name: string; description: string; policies: readonly string[]; noMerge: boolean },
): Record<string, JsonValue> {
  if (flags.noMerge)
    return {
      ID: id,
      Name: flags.name,
      Description: flags.description,
      Policies: policyLinks(flags.policies),
    };
  const next: Record<string, JsonValue> = { ...current };
  if (flags.name !== '') next['Name'] = flags.name;
  if (flags.description !== '') next['Description'] = flags.description;
  const links = [...asArray(current['Policies'])];
  const have = new Set(links.map((link) => readString(asObject(link), 'Name')));
  for (const name of flags.policies)
    if (!have.has(name)) {
      links.push({ Name: name });
      have.add(name);
    }
  next['Policies'] = links.length === 0 ? null : links;
  return next;
}

export const aclRoleUpdateCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl role update',
  synopsis: 'Update an existing ACL role',
  objectKind: 'roles',
  help() {
    return leafHelp(
      'acl role update [options] <acl_role_id>',
      'Update is used to update an existing ACL token. Requires a management token.',
      'Update',
      [
        {
          flag: '-name',
          text: 'Sets the human readable name for the ACL role. The name must be between\n1-128 characters.',
        },
        {
          flag: '-description',
          text: 'A free form text description of the role that must not exceed 256\ncharacters.',
        },
        {
          flag: '-policy',
          text: 'Specifies a policy to associate with the role identified by their name. This\nflag can be specified multiple times.',
        },
        {
          flag: '-no-merge',
          text: 'Do not merge the current role information with what is provided to the\ncommand. Instead overwrite all fields with the exception of the role ID\nwhich is immutable.',
        },
        JSON_ROLE,
      ],
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) =>
      flags.string('name').string('description').list('policy').bool('no-merge').bool('json'),
    );
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const id = oneArgument(this, env, args, ROLE_ID_ARGUMENT, 'Error when retrieving ACL role');
    if (typeof id === 'number') return id;
    const current = await client.get(`/v1/acl/role/${id}`);
    if (!current.ok) {
      env.ui.error(`Error when retrieving ACL role: ${current.message}`);
      return 1;
    }
    const name = flags.string('name');
    const description = flags.string('description');
    const policies = flags.list('policy');
    const noMerge = flags.bool('no-merge');
    if (noMerge) {
      if (name === '') {
        env.ui.error(NAME_REQUIRED);
        return 1;
      }
      if (policies.length < 1) {
        env.ui.error(POLICY_REQUIRED);
        return 1;
      }
    } else if (policies.length === 0 && name === '' && description === '') {
      return argumentError(this, env, 'Please provide at least one flag to update the ACL role');
    }
    const role = updatedRole(asObject(current.body), id, { name, description, policies, noMerge });
    const outcome = await client.put(`/v1/acl/role/${readString(role, 'ID') || id}`, role);
    if (!outcome.ok) {
      env.ui.error(`Error updating ACL role: ${outcome.message}`);
      return 1;
    }
    printRole(env, flags.bool('json'), outcome.body);
    return 0;
  },
};

export const aclRoleDeleteCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl role delete',
  synopsis: 'Delete an existing ACL role',
  objectKind: 'roles',
  help() {
    return leafHelp(
      'acl role delete <acl_role_id>',
      'Delete is used to delete an existing ACL role. Use requires a management\ntoken.',
      'Delete',
      [],
    );
  },
  run(argv, env) {
    return deleteOneObject(this, argv, env, {
      ...ROLE_ID_ARGUMENT,
      errorPrefix: 'Error deleting ACL role',
      path: (id) => `/v1/acl/role/${id}`,
      deleted: (id) => `ACL role ${id} successfully deleted`,
    });
  },
};
