/**
 * `nomad acl binding-rule create|list|info|update|delete` (Nomad 1.5+): binding rule management.
 *
 * Requests: create = PUT /v1/acl/binding-rule with `{Description, AuthMethod, Selector, BindType,
 * BindName}`; list = GET /v1/acl/binding-rules; info = GET /v1/acl/binding-rule/<id>; update =
 * GET, then PUT /v1/acl/binding-rule/<id> with the fetched rule and the flags given (or, with
 * `-no-merge`, only the flags, the auth method kept); delete = DELETE /v1/acl/binding-rule/<id>.
 *
 * Outputs (Nomad's `formatACLBindingRule`): the KV block ID, Description, Auth Method, Selector
 * (Go-quoted), Bind Type, Bind Name, Create Time, Modify Time, Create Index, Modify Index; the list
 * table `ID  Description  Auth Method` or `No ACL binding rules found`; `ACL binding rule <id>
 * successfully deleted`.
 */
import { goQuote } from '../../../go/quote.js';
import type { JsonValue } from '../../../server/http.js';
import { formatKV, formatList } from '../../format/columnize.js';
import { goTimeStringFromRfc3339 } from '../../format/go-time.js';
import { asObject, type JsonObject, readIndex, readString } from '../../format/json-read.js';
import type { CommandEnv, LeafCommand } from '../command.js';
import { argumentError, parseCommand, printJson } from '../command-support.js';
import { formatOptions } from '../format-output.js';
import { leafHelp, type OptionHelp } from '../help.js';
import { deleteOneObject } from './delete-one-object.js';
import { infoOneObject } from './info-one-object.js';
import { listObjects } from './list-objects.js';
import { oneArgument, type OneArgumentRule } from './one-argument.js';

/** The one `<acl_binding_rule_id>` argument of `acl binding-rule info|update|delete`. */
const RULE_ID_ARGUMENT: OneArgumentRule = {
  usage: 'This command takes one argument: <acl_binding_rule_id>',
  missing: 'missing ACL binding rule ID',
};
const BIND_TYPE_REQUIRED = 'ACL binding rule bind type must be specified using the -bind-type flag';

function timeText(rule: JsonObject, key: string): string {
  const value = readString(rule, key);
  return goTimeStringFromRfc3339(value) ?? value;
}

/** Nomad's `formatACLBindingRule`. */
export function formatBindingRule(rule: JsonObject): string {
  return formatKV([
    `ID|${readString(rule, 'ID')}`,
    `Description|${readString(rule, 'Description')}`,
    `Auth Method|${readString(rule, 'AuthMethod')}`,
    `Selector|${goQuote(readString(rule, 'Selector'))}`,
    `Bind Type|${readString(rule, 'BindType')}`,
    `Bind Name|${readString(rule, 'BindName')}`,
    `Create Time|${timeText(rule, 'CreateTime')}`,
    `Modify Time|${timeText(rule, 'ModifyTime')}`,
    `Create Index|${readIndex(rule, 'CreateIndex')}`,
    `Modify Index|${readIndex(rule, 'ModifyIndex')}`,
  ]);
}

/** Nomad's `formatACLBindingRules`. */
export function formatBindingRules(rules: readonly JsonObject[]): string {
  if (rules.length === 0) return 'No ACL binding rules found';
  return formatList([
    'ID|Description|Auth Method',
    ...rules.map(
      (r) =>
        `${readString(r, 'ID')}|${readString(r, 'Description')}|${readString(r, 'AuthMethod')}`,
    ),
  ]);
}

function printRule(env: CommandEnv, json: boolean, body: JsonValue): void {
  if (json) printJson(env, body);
  else env.ui.output(formatBindingRule(asObject(body)));
}

const RULE_OPTIONS: readonly OptionHelp[] = [
  {
    flag: '-description',
    text: 'A free form text description of the binding rule that must not exceed 256\ncharacters.',
  },
  {
    flag: '-auth-method',
    text: 'Specifies the name of the ACL authentication method that this binding rule\nis associated with.',
  },
  {
    flag: '-selector',
    text: 'Selector is an expression that matches against verified identity attributes\nreturned from the auth method during login.',
  },
  {
    flag: '-bind-type',
    text: 'Specifies adjusts how this binding rule is applied at login time to internal\nNomad objects. Valid options are "role", "policy", or "management".',
  },
  {
    flag: '-bind-name',
    text: 'Specifies is the target of the binding used on selector match. This can be\nlightly templated using HIL ${foo} syntax. If the bind type is set to\n"management", this should not be set.',
  },
  { flag: '-json', text: 'Output the ACL binding rule in a JSON format.' },
];

export const aclBindingRuleCreateCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl binding-rule create',
  synopsis: 'Create a new ACL binding rule',
  objectKind: 'binding-rules',
  help() {
    return leafHelp(
      'acl binding-rule create [options]',
      'Create is used to create new ACL binding rules. Use requires a management\ntoken.',
      'Create',
      RULE_OPTIONS,
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) =>
      flags
        .string('description')
        .string('auth-method')
        .string('selector')
        .string('bind-type')
        .string('bind-name')
        .bool('json'),
    );
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    if (flags.string('auth-method') === '') {
      env.ui.error('ACL binding rule auth method must be specified using the -auth-method flag');
      return 1;
    }
    if (flags.string('bind-type') === '') {
      env.ui.error(BIND_TYPE_REQUIRED);
      return 1;
    }
    const outcome = await client.put('/v1/acl/binding-rule', {
      ID: '',
      Description: flags.string('description'),
      AuthMethod: flags.string('auth-method'),
      Selector: flags.string('selector'),
      BindType: flags.string('bind-type'),
      BindName: flags.string('bind-name'),
    });
    if (!outcome.ok) {
      env.ui.error(`Error creating ACL binding rule: ${outcome.message}`);
      return 1;
    }
    printRule(env, flags.bool('json'), outcome.body);
    return 0;
  },
};

export const aclBindingRuleListCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl binding-rule list',
  synopsis: 'List ACL binding rules',
  objectKind: 'binding-rules',
  help() {
    return leafHelp(
      'acl binding-rule list [options]',
      'List is used to list existing ACL binding rules. Requires a management token.',
      'List',
      formatOptions('the ACL binding rules', 'in a JSON format'),
    );
  },
  run(argv, env) {
    return listObjects(this, argv, env, {
      path: '/v1/acl/binding-rules',
      errorPrefix: 'Error listing ACL binding rules',
      formatKind: 'binding-rule-stub',
      table: formatBindingRules,
    });
  },
};

export const aclBindingRuleInfoCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl binding-rule info',
  synopsis: 'Fetch information on an existing ACL binding rule',
  objectKind: 'binding-rules',
  help() {
    return leafHelp(
      'acl binding-rule info [options] <acl_binding_rule_id>',
      'Info is used to fetch information on an existing ACL binding rule. Requires a\nmanagement token.',
      'Info',
      formatOptions('the ACL binding rule', 'in a JSON format'),
    );
  },
  run(argv, env) {
    return infoOneObject(this, argv, env, {
      ...RULE_ID_ARGUMENT,
      errorPrefix: 'Error reading ACL binding rule',
      path: (id) => `/v1/acl/binding-rule/${id}`,
      formatKind: 'binding-rule',
      print: (out, body) => printRule(out, false, body),
    });
  },
};

export const aclBindingRuleUpdateCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl binding-rule update',
  synopsis: 'Update an existing ACL binding rule',
  objectKind: 'binding-rules',
  help() {
    return leafHelp(
      'acl binding-rule update [options] <acl_binding_rule_id>',
      'Update is used to update an existing ACL binding rule. Requires a management\ntoken.',
      'Update',
      RULE_OPTIONS,
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) =>
      flags
        .string('description')
        .string('selector')
        .string('bind-type')
        .string('bind-name')
        .bool('no-merge')
        .bool('json'),
    );
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const id = oneArgument(
      this,
      env,
      args,
      RULE_ID_ARGUMENT,
      'Error when retrieving ACL binding rule',
    );
    if (typeof id === 'number') return id;
    const current = await client.get(`/v1/acl/binding-rule/${id}`);
    if (!current.ok) {
      env.ui.error(`Error when retrieving ACL binding rule: ${current.message}`);
      return 1;
    }
    const rule = asObject(current.body);
    const description = flags.string('description');
    const selector = flags.string('selector');
    const bindType = flags.string('bind-type');
    const bindName = flags.string('bind-name');
    let updated: Record<string, JsonValue>;
    if (flags.bool('no-merge')) {
      if (bindType === '') {
        env.ui.error(BIND_TYPE_REQUIRED);
        return 1;
      }
      updated = {
        ID: readString(rule, 'ID'),
        Description: description,
        AuthMethod: readString(rule, 'AuthMethod'),
        Selector: selector,
        BindType: bindType,
        BindName: bindName,
      };
    } else {
      if (description === '' && selector === '' && bindType === '' && bindName === '')
        return argumentError(
          this,
          env,
          'Please provide at least one update for the ACL binding rule',
        );
      updated = { ...rule };
      if (description !== '') updated['Description'] = description;
      if (selector !== '') updated['Selector'] = selector;
      if (bindType !== '') updated['BindType'] = bindType;
      if (bindName !== '') updated['BindName'] = bindName;
    }
    const outcome = await client.put(
      `/v1/acl/binding-rule/${readString(rule, 'ID') || id}`,
      updated,
    );
    if (!outcome.ok) {
      env.ui.error(`Error updating ACL binding rule: ${outcome.message}`);
      return 1;
    }
    printRule(env, flags.bool('json'), outcome.body);
    return 0;
  },
};

export const aclBindingRuleDeleteCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl binding-rule delete',
  synopsis: 'Delete an existing ACL binding rule',
  objectKind: 'binding-rules',
  help() {
    return leafHelp(
      'acl binding-rule delete <acl_binding_rule_id>',
      'Delete is used to delete an existing ACL binding rule. Use requires a\nmanagement token.',
      'Delete',
      [],
    );
  },
  run(argv, env) {
    return deleteOneObject(this, argv, env, {
      ...RULE_ID_ARGUMENT,
      errorPrefix: 'Error deleting ACL binding rule',
      path: (id) => `/v1/acl/binding-rule/${id}`,
      deleted: (id) => `ACL binding rule ${id} successfully deleted`,
    });
  },
};
