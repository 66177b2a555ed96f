/**
 * Mistake: restarting every server of a region at the same time to apply an ACL setting, instead
 * of one at a time as the tutorial says.
 *
 * What it shows: ACL settings need a restart, and a region only works while a majority of its
 * servers runs and agrees on a leader. Restarting all of them at once takes the whole region
 * down: requests are refused while the agents are down, then wait for an election; and if the
 * servers do not all come back together, a server that is up but alone has no leader, holds each
 * request for the 5 s RPC hold timeout and answers `No cluster leader`. Raft keeps its promise
 * all the same: every write that was acknowledged before the restart is still there after it.
 * Watch the errors during the outage, and the policy written before it, unchanged afterwards.
 *
 * Run: npx tsx scenarios/mistake-restart-all-at-once.ts [--seed N] [--profile modern|tutorial|v1.0]
 */
import {
  RESTART_ALL_AT_ONCE as MISTAKE,
  defineScenario,
  httpError,
  kvField,
} from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';
import { withAuthoritativeRegion } from '../src/agent-config/index.js';

const READONLY_POLICY = 'namespace "default" {\n  policy = "read"\n}\n';
const DEPLOY_POLICY = 'namespace "default" {\n  policy = "write"\n}\n';

export const scenario = defineScenario(
  {
    name: MISTAKE.name,
    title: MISTAKE.title,
    about: `One region, global, of three servers with ACLs on and bootstrapped. Before federating a
second region, the operator sets authoritative_region = "global" on every server. ACL settings are
not reloadable, so the servers must restart, and the operator restarts all three at once. Watch
what clients see while the region is down, and check that an acknowledged write survives.`,
    regions: [{ name: 'global', servers: 3 }],
    aclEnabled: true,
    defaultSeed: 3,
  },
  async (s) => {
    s.step('A working region');
    const bootstrap = await s.nomad('nomad acl bootstrap');
    s.exportEnv('NOMAD_TOKEN', kvField(bootstrap.stdout, 'Secret ID'));
    s.writeFile('readonly.policy.hcl', READONLY_POLICY);
    await s.nomad(
      'nomad acl policy apply -description "Read the default namespace" readonly readonly.policy.hcl',
    );
    const before = await s.nomad('nomad acl policy info readonly');
    const modifyIndex = kvField(before.stdout, 'ModifyIndex');
    s.say(`The write was acknowledged at index ${modifyIndex}: the leader answered only once a majority of
the servers had it on disk.`);

    s.step('Restart all three servers at once');
    s.editConfig(
      'global',
      (text) => withAuthoritativeRegion(text, 'global'),
      'server { authoritative_region = "global" }',
    );
    s.writeFile('deploy.policy.hcl', DEPLOY_POLICY);
    const restarting = s.restartAllAtOnce('global');
    await s.wait('1s', 'the agents are shutting down and starting again');
    await s.nomad('nomad acl policy apply deploy deploy.policy.hcl', {
      expectExit: 1,
      expectOutput: 'connection refused',
    });
    s.say(MISTAKE.nobodyToTalkTo);
    await restarting;
    const leader = await s.waitForLeader('global');
    s.note(`the servers are back; ${leader.name}.global won the election`);
    await s.nomad('nomad acl policy apply deploy deploy.policy.hcl', {
      expectOutput: 'Successfully wrote "deploy" ACL policy!',
    });
    s.say(`This time all three agents came back together and elected a leader within moments, so the
outage was short. That is luck: a restart at once is a bet that every server comes back.`);

    s.step('When they do not all come back together');
    s.say(`Suppose the next change is rolled out the same way, and server-2 and server-3 take longer
to come back than server-1 (a slow disk, a package upgrade, a typo in one config).`);
    await Promise.all(
      ['global/server-1', 'global/server-2', 'global/server-3'].map((ref) => s.stop(ref)),
    );
    s.start('global/server-1');
    await s.wait('2s', 'server-1 is up, alone');
    const asked = s.now;
    await s.nomad('nomad acl policy apply deploy deploy.policy.hcl', {
      expectExit: 1,
      expectOutput: httpError(500, 'No cluster leader'),
    });
    const held = s.now - asked;
    s.note(`the command took ${(held / 1000).toFixed(1)} s to fail`);
    s.expect(
      held >= 5_000 && held < 6_000,
      `the request should be held for the 5 s RPC hold timeout, took ${held} ms`,
    );
    await s.nomad('nomad status', { expectExit: 1, expectOutput: 'No cluster leader' });
    s.say(MISTAKE.aloneWithoutLeader('server-1'));
    s.start('global/server-2');
    const back = await s.waitForLeader('global');
    s.note(`two of three servers are up: ${back.name}.global was elected leader`);
    s.start('global/server-3');

    s.step('Nothing acknowledged was lost');
    s.say(`Right after an election, the new leader holds requests until it has applied every entry
committed before it took over: only then does it know all tokens and policies.`);
    const after = await s.nomad('nomad acl policy info readonly', {
      expectOutput: 'Read the default namespace',
    });
    s.expect(
      kvField(after.stdout, 'ModifyIndex') === modifyIndex,
      'the policy should be unchanged',
    );
    await s.nomad('nomad acl policy list', { expectOutput: 'deploy' });
    s.say(`"readonly" is unchanged, still at index ${modifyIndex}, and "deploy", written between the two
outages, is there too. ${MISTAKE.availabilityNotData}`);
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
