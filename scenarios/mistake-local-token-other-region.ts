/**
 * Mistake: using a token created locally in one region (`Global = false`) for requests that
 * execute in another region.
 *
 * What it shows: a request is authenticated by the region that executes it, against that region's
 * own copy of the tokens. Local tokens are never replicated, so a europe-local token is unknown in
 * global: `-region=global` with it gets a 403 (`Permission denied`; `ACL token not found` before
 * Nomad 1.5), while the same token works in
 * europe. The surprise goes further: policy writes and global token writes always execute in the
 * authoritative region, so even a europe-local *management* token cannot write a policy, through
 * any server. Watch the same token succeed and fail depending only on where the request executes.
 *
 * Run: npx tsx scenarios/mistake-local-token-other-region.ts [--seed N] [--profile modern|tutorial|v1.0]
 */
import {
  LOCAL_TOKEN_OTHER_REGION as MISTAKE,
  defineScenario,
  httpError,
  kvField,
} from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';
import { withReplicationToken } from '../src/agent-config/index.js';

const READONLY_POLICY = 'namespace "default" {\n  policy = "read"\n}\n';

export const scenario = defineScenario(
  {
    name: MISTAKE.name,
    title: MISTAKE.title,
    about: `Two regions of three servers: global (authoritative) and europe, replicating with a
management token. The operator creates tokens in europe without -global and then uses them
against global. Watch the same token work in europe and be refused in global.`,
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    authoritativeRegion: 'global',
    aclEnabled: true,
    defaultSeed: 10,
  },
  async (s) => {
    s.step('A federation with replication');
    const bootstrap = await s.nomad('nomad acl bootstrap');
    s.exportEnv('NOMAD_TOKEN', kvField(bootstrap.stdout, 'Secret ID'));
    s.writeFile('readonly.policy.hcl', READONLY_POLICY);
    await s.nomad(
      'nomad acl policy apply -description "Read the default namespace" readonly readonly.policy.hcl',
    );
    const replication = await s.nomad(
      'nomad acl token create -type=management -global=true -name="Europe Replication Token"',
    );
    s.editConfig(
      'europe',
      (text) => withReplicationToken(text, kvField(replication.stdout, 'Secret ID')),
      'acl { replication_token = "<replication secret>" }',
    );
    await s.rollingRestart('europe');
    await s.wait('5s', 'replication runs on the europe leader');
    await s.nomad('nomad acl policy list -region=europe', { expectOutput: 'readonly' });

    s.step('A europe-local client token');
    s.exportEnv('NOMAD_ADDR', `http://${s.server('europe/server-1').address}:4646`);
    const reader = await s.nomad('nomad acl token create -name="europe reader" -policy=readonly', {
      expectOutput: /Global\s+= false/,
    });
    const readerSecret = kvField(reader.stdout, 'Secret ID');
    s.say(MISTAKE.writtenWhereReceived('europe'));
    await s.nomad(`nomad status -token=${readerSecret}`, { expectOutput: 'No running jobs' });
    // A token the executing region does not hold: `Permission denied` since Nomad 1.5,
    // `ACL token not found` before (both 403).
    const unknownToken = httpError(403, s.version.unknownTokenError);
    await s.nomad(`nomad status -region=global -token=${readerSecret}`, {
      expectExit: 1,
      expectOutput: unknownToken,
    });
    s.say(
      `The same token, the same policy name in both regions, and yet global refuses it. ${MISTAKE.authenticatedWhereExecuted('global')}`,
    );

    s.step('Even a local management token');
    const admin = await s.nomad('nomad acl token create -type=management -name="europe admin"');
    const adminSecret = kvField(admin.stdout, 'Secret ID');
    await s.nomad(`nomad acl token list -token=${adminSecret}`, { expectOutput: 'europe admin' });
    await s.nomad(
      `nomad acl policy apply -token=${adminSecret} -description "Read the default namespace" readonly readonly.policy.hcl`,
      {
        expectExit: 1,
        expectOutput: unknownToken,
      },
    );
    await s.nomad(
      `nomad acl token create -token=${adminSecret} -type=client -global=true -policy=readonly -name="team reader"`,
      {
        expectExit: 1,
        expectOutput: unknownToken,
      },
    );
    s.say(`${MISTAKE.writesGoToAuthoritative('europe', 'global')} ${MISTAKE.mustBeGlobal}`);
    const team = await s.nomad(
      'nomad acl token create -type=client -global=true -policy=readonly -name="team reader"',
    );
    const teamSecret = kvField(team.stdout, 'Secret ID');
    await s.wait('2s', 'the new global token replicates to europe');
    await s.nomad(`nomad status -region=global -token=${teamSecret}`, {
      expectOutput: 'No running jobs',
    });
    await s.nomad(`nomad status -region=europe -token=${teamSecret}`, {
      expectOutput: 'No running jobs',
    });
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
