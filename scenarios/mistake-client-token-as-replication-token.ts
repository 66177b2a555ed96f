/**
 * Mistake: using a client token (with a read-only policy) as the replication token of a
 * non-authoritative region, in the name of least privilege.
 *
 * What it shows: replication lists policies and tokens in the authoritative region with the
 * replication token, and each list shows only what that token may see. A client token sees only
 * the policies linked to it, so the region's policy set shrinks to those, and the replication diff
 * deletes all the others locally — including `anonymous`. Listing tokens needs a management
 * token, so token replication fails with `rpc error: Permission denied` every 30 s (the refusal of
 * the authoritative server, as the europe leader's connection pool hands it on): global tokens already
 * copied stay frozen, new ones never arrive. Watch europe lose two of its three policies,
 * anonymous requests in europe start failing, and a new global token stay unknown there.
 *
 * Run: npx tsx scenarios/mistake-client-token-as-replication-token.ts [--seed N] [--profile modern|tutorial|v1.0]
 */
import {
  CLIENT_TOKEN_AS_REPLICATION_TOKEN as MISTAKE,
  defineScenario,
  httpError,
  kvField,
} from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';
import { withAclEnabled, withReplicationToken } from '../src/agent-config/index.js';

const POLICIES: ReadonlyArray<{ name: string; description: string; rules: string }> = [
  {
    name: 'anonymous',
    description: 'Anonymous job listing',
    rules: 'namespace "default" {\n  capabilities = ["list-jobs"]\n}\n',
  },
  {
    name: 'readonly',
    description: 'Read jobs and nodes',
    rules: 'namespace "*" {\n  policy = "read"\n}\n\nnode {\n  policy = "read"\n}\n',
  },
  {
    name: 'ops',
    description: 'Operators',
    rules: 'namespace "*" {\n  policy = "write"\n}\n\noperator {\n  policy = "write"\n}\n',
  },
];

export const scenario = defineScenario(
  {
    name: MISTAKE.name,
    title: MISTAKE.title,
    about: `Two regions of three servers: global (authoritative) and europe, replicating with the
bootstrap token. After a security review, the operator replaces europe's replication token with a
"least privilege" client token that can only read. Watch the policies europe holds, anonymous
requests in europe, and what happens to a global token created afterwards.`,
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    authoritativeRegion: 'global',
    defaultSeed: 3,
  },
  async (s) => {
    /** Runs `commands` as an anonymous caller: NOMAD_TOKEN unset, then set back. */
    const anonymously = async (commands: () => Promise<void>) => {
      const secret = s.env.NOMAD_TOKEN;
      s.unsetEnv('NOMAD_TOKEN');
      await commands();
      if (secret !== undefined) s.exportEnv('NOMAD_TOKEN', secret);
    };

    s.step('A working federation');
    s.editConfig('global', (text) => withAclEnabled(text, true), 'acl { enabled = true }');
    await s.rollingRestart('global');
    const bootstrap = await s.nomad('nomad acl bootstrap');
    const bootstrapSecret = kvField(bootstrap.stdout, 'Secret ID');
    s.exportEnv('NOMAD_TOKEN', bootstrapSecret);
    for (const policy of POLICIES) {
      s.writeFile(`${policy.name}.policy.hcl`, policy.rules);
      await s.nomad(
        `nomad acl policy apply -description "${policy.description}" ${policy.name} ${policy.name}.policy.hcl`,
      );
    }
    s.editConfig(
      'europe',
      (text) => withReplicationToken(withAclEnabled(text, true), bootstrapSecret),
      'acl { enabled = true, replication_token = "<bootstrap secret>" }',
    );
    await s.rollingRestart('europe');
    await s.wait('5s', 'replication runs on the europe leader');
    await s.nomad('nomad acl policy list -region=europe', { expectOutput: 'ops' });
    await anonymously(async () => {
      await s.nomad('nomad status -region=europe', { expectOutput: 'No running jobs' });
    });
    s.say('europe holds all three policies, and anonymous job listing works there.');

    s.step('Replace the replication token with a read-only client token');
    const reader = await s.nomad(
      'nomad acl token create -type=client -global=true -name="europe replication (read only)" -policy=readonly',
    );
    const readerSecret = kvField(reader.stdout, 'Secret ID');
    s.editConfig(
      'europe',
      (text) => withReplicationToken(text, readerSecret),
      'acl { replication_token = "<read-only client secret>" }',
    );
    await s.rollingRestart('europe');
    const switched = s.now;
    await s.wait('65s', 'two replication back-offs');

    s.step('What europe holds now');
    const policies = await s.nomad('nomad acl policy list -region=europe', {
      expectOutput: 'readonly',
    });
    s.expect(
      !policies.stdout.includes('anonymous') && !policies.stdout.includes('ops'),
      'europe should have lost anonymous and ops',
    );
    s.say(`Only "readonly" is left. ${MISTAKE.policiesShrink('europe', 'global')} The replication diff then deleted every
policy europe held that the list did not show: "ops" and also "anonymous".`);
    await anonymously(async () => {
      await s.nomad('nomad status -region=europe', {
        expectExit: 1,
        expectOutput: httpError(403, 'Permission denied'),
      });
      await s.nomad('nomad status -region=global', { expectOutput: 'No running jobs' });
    });
    s.say(`Anonymous job listing now fails in europe and still works in global: europe has no policy
named "anonymous" any more, so anonymous callers there get nothing.`);

    const errors = s.logsSince(switched, {
      region: 'europe',
      contains: 'failed to fetch tokens from authoritative region',
    });
    s.showLogs(errors, 3);
    s.expect(
      errors.length >= 2 &&
        errors.every((line) => line.fields?.error === 'rpc error: Permission denied'),
      'token replication should fail with rpc error: Permission denied',
    );
    s.say(`${MISTAKE.tokensFail} The error is global's "Permission denied"; "rpc error: " is what europe's
leader puts before an error that came back from another server. Our management token still works in europe only because it was copied before
the switch; since a failed round deletes nothing, the global tokens europe holds are frozen.`);
    const late = await s.nomad(
      'nomad acl token create -type=management -global=true -name="new admin"',
    );
    const lateAccessor = kvField(late.stdout, 'Accessor ID');
    await s.wait('35s', 'another replication round');
    await s.nomad(`nomad acl token info -region=europe ${lateAccessor}`, {
      expectExit: 1,
      expectOutput: 'ACL token not found',
    });
    s.say('A global token created after the switch never reaches europe.');

    s.step('Fix: a management token for replication');
    s.editConfig(
      'europe',
      (text) => withReplicationToken(text, bootstrapSecret),
      'acl { replication_token = "<bootstrap secret>" }',
    );
    await s.rollingRestart('europe');
    await s.wait('5s', 'replication runs on the europe leader');
    await s.nomad('nomad acl policy list -region=europe', { expectOutput: 'ops' });
    await s.nomad(`nomad acl token info -region=europe ${lateAccessor}`, {
      expectOutput: 'new admin',
    });
    await anonymously(async () => {
      await s.nomad('nomad status -region=europe', { expectOutput: 'No running jobs' });
    });
    s.say(MISTAKE.managementOnly);
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
