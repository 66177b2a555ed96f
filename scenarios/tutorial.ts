/**
 * The tutorial end to end: bootstrap Nomad's ACL system on a federation of three regions
 * (`global` authoritative, `europe` and `asia` replicating), then lose every management token and
 * re-bootstrap with the reset file. `npm start` runs this scenario.
 *
 * Run: npx tsx scenarios/tutorial.ts [--seed N] [--profile modern|tutorial|v1.0] [--trace FILE]
 */
import {
  defineScenario,
  httpError,
  kvField,
  TUTORIAL_ANONYMOUS_POLICY as ANONYMOUS_POLICY,
  TUTORIAL_LESSONS as LESSON,
  TUTORIAL_STEP_TITLES as STEP,
  TUTORIAL_TITLE,
} from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';
import {
  withAclEnabled,
  withAuthoritativeRegion,
  withReplicationToken,
} from '../src/agent-config/index.js';

export const scenario = defineScenario(
  {
    name: 'tutorial',
    title: TUTORIAL_TITLE,
    about: `This replays HashiCorp's "Bootstrap Nomad ACL System" tutorial on three regions of three
servers each: global (the authoritative region), europe and asia. Watch for three things: the
bootstrap happens once, in the authoritative region; the other regions only get policies and
global tokens once their leaders replicate them with a management token; and a lost bootstrap can
be reset only with the reset index, in a file on the authoritative leader.`,
    regions: [
      { name: 'global', servers: 3, clients: 1 },
      { name: 'europe', servers: 3 },
      { name: 'asia', servers: 3 },
    ],
    defaultSeed: 7,
  },
  async (s) => {
    s.step(STEP.enableServerAcls);
    s.say(LESSON.aclNotReloadable);
    s.editConfig(
      'global',
      (text) => withAuthoritativeRegion(withAclEnabled(text, true), 'global'),
      'acl { enabled = true }, server { authoritative_region = "global" }',
    );
    s.showConfig('global/server-1');
    s.say(LESSON.otherRegionsNameAuthoritative);
    s.editConfig(
      'europe',
      (text) => withAuthoritativeRegion(text, 'global'),
      'server { authoritative_region = "global" }',
    );
    s.editConfig(
      'asia',
      (text) => withAuthoritativeRegion(text, 'global'),
      'server { authoritative_region = "global" }',
    );
    await s.rollingRestart('global');
    await s.nomad('nomad server members', {
      expectExit: 1,
      expectOutput: httpError(403, 'Permission denied'),
    });
    s.say(`${LESSON.membersNeedToken} The
simulator's rolling restart checked each server's health itself (running, following the leader,
caught up); we will list the members again once we hold a token.`);

    s.step(STEP.stageAnonymousPolicy);
    s.say(LESSON.anonymousPolicy);
    s.writeFile('anonymous.policy.hcl', ANONYMOUS_POLICY);

    s.step(STEP.bootstrap);
    const bootstrap = await s.nomad('nomad acl bootstrap');
    const bootstrapSecret = kvField(bootstrap.stdout, 'Secret ID');
    const resetIndex = kvField(bootstrap.stdout, 'Create Index');
    s.say(LESSON.bootstrapIsResetIndex(resetIndex));

    s.step(STEP.cliToken);
    await s.nomad('nomad status', { expectExit: 1, expectOutput: '403' });
    s.say(LESSON.anonymousDenied);
    s.exportEnv('NOMAD_TOKEN', bootstrapSecret);
    await s.nomad('nomad status', { expectOutput: 'No running jobs' });
    await s.nomad('nomad server members');
    s.say(
      "Members come from gossip across regions, so all nine servers are listed, with each region's leader.",
    );

    s.step(STEP.deployAnonymousPolicy);
    await s.nomad(
      'nomad acl policy apply -description "Anonymous policy (full-access)" anonymous anonymous.policy.hcl',
      {
        expectOutput: 'Successfully wrote "anonymous" ACL policy!',
      },
    );

    s.step(STEP.verifyAnonymous);
    s.unsetEnv('NOMAD_TOKEN');
    s.echoEnv('NOMAD_TOKEN');
    await s.nomad('nomad status', { expectOutput: 'No running jobs' });

    s.step(STEP.enableClientAcls);
    s.say(LESSON.clientsCheckNoToken);
    const client = s.clientAddress('global/client-1');
    const madeUp = '00000000-0000-4000-8000-000000000000';
    await s.nomad(`nomad agent-info -address=${client} -token=${madeUp}`);
    s.editClientConfig('global', (text) => withAclEnabled(text, true), 'acl { enabled = true }');
    await s.restartClients('global');
    await s.nomad(`nomad agent-info -address=${client} -token=${madeUp}`, {
      expectExit: 1,
      expectOutput: '403',
    });
    s.say(`Now the client resolves every token through the servers (and caches the answer for the
acl token_ttl, 30 s by default). Anonymous requests still work because of the anonymous policy.`);
    await s.nomad(`nomad agent-info -address=${client}`);

    s.step(STEP.replicationToken);
    s.say(
      `${LESSON.replicationNeedsManagementToken} This time we pass the bootstrap token with -token.`,
    );
    const replication = await s.nomad(
      `nomad acl token create -type="management" -global=true -name="Cluster A Replication Token" -token=${bootstrapSecret}`,
    );
    const replicationSecret = kvField(replication.stdout, 'Secret ID');

    s.step(STEP.setReplicationToken);
    for (const region of ['europe', 'asia']) {
      s.editConfig(
        region,
        (text) => withReplicationToken(withAclEnabled(text, true), replicationSecret),
        'acl { enabled = true, replication_token = "<replication secret>" }',
      );
      await s.rollingRestart(region);
    }
    await s.wait('5s', 'replication runs on each region leader');
    const europePolicies = await s.nomad(
      `nomad acl policy list -region=europe -token=${bootstrapSecret}`,
    );
    s.expect(
      europePolicies.stdout.includes('anonymous'),
      'the anonymous policy should have replicated to europe',
    );
    const asiaTokens = await s.nomad(`nomad acl token list -region=asia -token=${bootstrapSecret}`);
    s.expect(
      asiaTokens.stdout.includes('Cluster A Replication Token'),
      'the replication token should have replicated to asia',
    );
    s.say(LESSON.replicated);

    s.step(STEP.rebootstrap);
    s.say(LESSON.resetAsksIndex);
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `ACL bootstrap already done (reset index: ${resetIndex})`,
    });
    const leader = s.leader('global');
    const resetFile = `${s.serverDataDir(`${leader.homeRegion}/${leader.initialName}`)}/acl-bootstrap-reset`;
    s.say(LESSON.resetFileOnLeader(`${leader.name}.${leader.region}`));
    s.serverFile(`${leader.homeRegion}/${leader.initialName}`, resetFile, `${resetIndex}\n`, {
      append: true,
    });
    const again = await s.nomad('nomad acl bootstrap');
    const newIndex = kvField(again.stdout, 'Create Index');
    s.say(`A new management token at index ${newIndex}. The old tokens were not revoked: a reset only adds a
token and moves the reset index. Bootstrapping once more with the old file in place fails:`);
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `Invalid bootstrap reset index (specified ${resetIndex}, reset index: ${newIndex})`,
    });
    s.removeServerFile(`${leader.homeRegion}/${leader.initialName}`, resetFile);
    s.say(LESSON.removeResetFile);
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
