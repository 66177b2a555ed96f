/**
 * `nomad acl policy apply|list|info|delete`: ACL policy management.
 *
 * Requests: apply = PUT /v1/acl/policy/<name> with `{Name, Description, Rules}`; list =
 * GET /v1/acl/policies; info = GET /v1/acl/policy/<name>; delete = DELETE /v1/acl/policy/<name>.
 * An empty policy name is refused by the client itself (`missing policy name`), as Nomad's API
 * client does, without a request. Outputs and error prefixes follow spec §5 and §10; `policy info`
 * uses the profile's layout (modern: KV block then a `Rules` section; tutorial: one KV block).
 * 2.x `apply -job J [-group G [-task T]]` attaches the policy to a workload of the `-namespace`
 * (default `default`), sent as `JobACL`; `info` shows it in an `Associated Workload` block.
 */
import type { VersionProfile } from '../../../acl/index.js';
import type { JsonValue } from '../../../server/http.js';
import { formatKV, formatList } from '../../format/columnize.js';
import { goQuote } from '../../../go/quote.js';
import {
  asArray,
  asObject,
  type JsonObject,
  readIndex,
  readString,
} from '../../format/json-read.js';
import type { LeafCommand } from '../command.js';
import { argumentError, parseCommand, readFileArgument } from '../command-support.js';
import { leafHelp } from '../help.js';
import { defineFormatFlags, formatOptions, printFormatted } from '../format-output.js';
import { deleteOneObject } from './delete-one-object.js';
import { oneArgument, type OneArgumentRule } from './one-argument.js';

const MISSING_POLICY_NAME = 'missing policy name';

/** The one `<name>` argument of `acl policy info|delete`. */
const POLICY_NAME_ARGUMENT: OneArgumentRule = {
  usage: 'This command takes one argument: <name>',
  missing: MISSING_POLICY_NAME,
};

export const aclPolicyApplyCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl policy apply',
  synopsis: 'Create or update an ACL policy',
  help(env) {
    const options = [
      { flag: '-description', text: 'Specifies a human readable description for the policy.' },
    ];
    if (env.cli.policyWorkloads)
      options.push(
        {
          flag: '-job',
          text: 'Attaches the policy to the specified job. Requires that -namespace is\nalso set.',
        },
        {
          flag: '-group',
          text: 'Attaches the policy to the specified task group. Requires that\n-namespace and -job are also set.',
        },
        {
          flag: '-task',
          text: 'Attaches the policy to the specified task. Requires that -namespace,\n-job and -group are also set.',
        },
      );
    return leafHelp(
      'acl policy apply [options] <name> <path>',
      'Apply is used to create or update an ACL policy. The policy is\nsourced from <path> or from stdin if path is "-".\n\nThis command requires a management ACL token.',
      'Apply',
      options,
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => {
      flags.string('description');
      if (env.cli.policyWorkloads) flags.string('job').string('group').string('task');
    });
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const [name, path] = args;
    if (args.length !== 2 || name === undefined || path === undefined) {
      return argumentError(this, env, 'This command takes two arguments: <name> and <path>');
    }
    const read = readFileArgument(env, path);
    if (!read.ok) {
      env.ui.error(`Failed to read file: ${read.reason}`);
      return 1;
    }
    if (name === '') {
      env.ui.error(`Error writing ACL policy: ${MISSING_POLICY_NAME}`);
      return 1;
    }
    const body: Record<string, JsonValue> = {
      Name: name,
      Description: flags.string('description'),
      Rules: read.text,
    };
    if (env.cli.policyWorkloads && flags.string('job') !== '')
      body['JobACL'] = {
        Namespace: client.settings.namespace === '' ? 'default' : client.settings.namespace,
        JobID: flags.string('job'),
        Group: flags.string('group'),
        Task: flags.string('task'),
      };
    const outcome = await client.put(`/v1/acl/policy/${name}`, body);
    if (!outcome.ok) {
      env.ui.error(`Error writing ACL policy: ${outcome.message}`);
      return 1;
    }
    env.ui.output(`Successfully wrote ${goQuote(name)} ACL policy!`);
    return 0;
  },
};

function formatPolicies(policies: readonly JsonObject[]): string {
  if (policies.length === 0) return 'No policies found';
  return formatList([
    'Name|Description',
    ...policies.map((p) => `${readString(p, 'Name')}|${readString(p, 'Description')}`),
  ]);
}

export const aclPolicyListCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl policy list',
  synopsis: 'List ACL policies',
  help() {
    return leafHelp(
      'acl policy list',
      'List is used to list available ACL policies.',
      'List',
      formatOptions('the ACL policies'),
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => defineFormatFlags(flags, true));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    const outcome = await client.get('/v1/acl/policies');
    if (!outcome.ok) {
      env.ui.error(`Error listing ACL policies: ${outcome.message}`);
      return 1;
    }
    const formatted = printFormatted(env, flags, true, 'policy-stub', outcome.body);
    if (formatted !== null) return formatted;
    env.ui.output(formatPolicies(asArray(outcome.body).map(asObject)));
    return 0;
  },
};

/** `acl policy info` output in the profile's layout. */
export function formatPolicyInfo(policy: JsonObject, profile: VersionProfile): string {
  const name = `Name|${readString(policy, 'Name')}`;
  const description = `Description|${readString(policy, 'Description')}`;
  const rules = readString(policy, 'Rules');
  const indexes = [
    `CreateIndex|${readIndex(policy, 'CreateIndex')}`,
    `ModifyIndex|${readIndex(policy, 'ModifyIndex')}`,
  ];
  if (profile.policyInfoLayout === 'single-kv')
    return formatKV([name, description, `Rules|${rules}`, ...indexes]);
  const job = policy['JobACL'];
  const workload =
    job !== null && typeof job === 'object' && !Array.isArray(job)
      ? `\n\nAssociated Workload\n${formatKV([
          `Namespace|${readString(job, 'Namespace')}`,
          `JobID|${readString(job, 'JobID')}`,
          `Group|${readString(job, 'Group')}`,
          `Task|${readString(job, 'Task')}`,
        ])}`
      : '';
  return `${formatKV([name, description, ...indexes])}${workload}\n\nRules\n\n${rules}`;
}

export const aclPolicyInfoCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl policy info',
  synopsis: 'Fetch info on an existing ACL policy',
  help() {
    return leafHelp(
      'acl policy info <name>',
      'Info is used to fetch information on an existing ACL policy.',
      'Info',
      formatOptions('the ACL policy'),
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => defineFormatFlags(flags, true));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    const name = oneArgument(
      this,
      env,
      args,
      POLICY_NAME_ARGUMENT,
      'Error fetching info on ACL policy',
    );
    if (typeof name === 'number') return name;
    const outcome = await client.get(`/v1/acl/policy/${name}`);
    if (!outcome.ok) {
      env.ui.error(`Error fetching info on ACL policy: ${outcome.message}`);
      return 1;
    }
    const formatted = printFormatted(env, flags, true, 'policy', outcome.body);
    if (formatted !== null) return formatted;
    env.ui.output(formatPolicyInfo(asObject(outcome.body), env.profile));
    return 0;
  },
};

export const aclPolicyDeleteCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl policy delete',
  synopsis: 'Delete an existing ACL policy',
  help() {
    return leafHelp(
      'acl policy delete <name>',
      'Delete is used to delete an existing ACL policy.\n\nThis command requires a management ACL token.',
      'Delete',
      [],
    );
  },
  run(argv, env) {
    return deleteOneObject(this, argv, env, {
      ...POLICY_NAME_ARGUMENT,
      errorPrefix: 'Error deleting ACL policy',
      path: (name) => `/v1/acl/policy/${name}`,
      deleted: (name) => `Successfully deleted ${name} policy!`,
    });
  },
};
