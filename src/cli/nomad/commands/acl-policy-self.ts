/**
 * `nomad acl policy self` (2.x): the policies of the caller's own token or workload identity.
 *
 * As Nomad 2.0.5's command: GET /v1/acl/token/self first (`Error fetching token: `); a management
 * token prints `This is a management token. No individual policies are assigned.`; otherwise GET
 * /v1/acl/policy/self (`Error fetching WI policies: `), then `No policies found.`, `-json`/`-t` over
 * the `[]*api.ACLPolicyListStub`, or the table `Name  Job ID  Group Name  Task Name`, where a
 * policy without a workload shows `<unavailable>` three times and an unset part of a workload
 * `<not specified>`. The command exists only where the version has the `/v1/acl/policy/self`
 * path (`VersionProfile.policySelfPath`).
 */
import { formatList } from '../../format/columnize.js';
import { asArray, asObject, type JsonObject, readString } from '../../format/json-read.js';
import type { LeafCommand } from '../command.js';
import { argumentError, parseCommand } from '../command-support.js';
import { defineFormatFlags, printFormatted, formatOptions } from '../format-output.js';
import { leafHelp } from '../help.js';

function workloadPart(value: string): string {
  return value === '' ? '<not specified>' : value;
}

function policyRow(policy: JsonObject): string {
  const name = readString(policy, 'Name');
  const job = policy['JobACL'];
  if (job === null || job === undefined || typeof job !== 'object' || Array.isArray(job))
    return `${name}|<unavailable>|<unavailable>|<unavailable>`;
  const part = (key: string): string => workloadPart(readString(job, key));
  return `${name}|${part('JobID')}|${part('Group')}|${part('Task')}`;
}

export const aclPolicySelfCommand: LeafCommand = {
  kind: 'leaf',
  name: 'acl policy self',
  synopsis: 'Lookup self ACL policy assigned to the workload identity or ACL token',
  existsIn: (profile) => profile.policySelfPath,
  help() {
    return leafHelp(
      'acl policy self',
      'Self is used to fetch information about the policy assigned to the current\nworkload identity or ACL token.',
      'ACL List',
      formatOptions('the ACL policies', 'in a JSON format'),
    );
  },
  async run(argv, env) {
    const parsed = parseCommand(this, argv, env, (flags) => defineFormatFlags(flags, true));
    if (typeof parsed === 'number') return parsed;
    const { args, client, flags } = parsed;
    if (args.length !== 0) return argumentError(this, env, 'This command takes no arguments');
    const token = await client.get('/v1/acl/token/self');
    if (!token.ok) {
      env.ui.error(`Error fetching token: ${token.message}`);
      return 1;
    }
    if (readString(asObject(token.body), 'Type') === 'management') {
      env.ui.output('This is a management token. No individual policies are assigned.');
      return 0;
    }
    const outcome = await client.get('/v1/acl/policy/self');
    if (!outcome.ok) {
      env.ui.error(`Error fetching WI policies: ${outcome.message}`);
      return 1;
    }
    const policies = asArray(outcome.body).map(asObject);
    if (policies.length === 0) {
      env.ui.output('No policies found.');
      return 0;
    }
    const formatted = printFormatted(env, flags, true, 'policy-stub', outcome.body);
    if (formatted !== null) return formatted;
    env.ui.output(formatList(['Name|Job ID|Group Name|Task Name', ...policies.map(policyRow)]));
    return 0;
  },
};
