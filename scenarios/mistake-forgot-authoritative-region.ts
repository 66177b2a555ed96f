/**
 * Mistake: forgetting `server { authoritative_region = "global" }` in one region's config.
 *
 * What it shows: a server without `authoritative_region` takes its own region as authoritative.
 * So europe never replicates, accepts a bootstrap of its own (a second, independent bootstrap
 * token) and keeps the policies written through it to itself. Nothing warns about it: the region
 * simply lives apart, and tokens and policies of global are unknown there. When the setting is
 * added later, europe starts replicating and the diff makes it match global: its own global
 * tokens (its bootstrap token too) and its own policies are deleted; its local tokens survive but
 * lose the rights of the deleted policies. Watch the two bootstrap tokens, each refused by the
 * other region, and what is left of europe's own ACL data after the fix.
 *
 * Run: npx tsx scenarios/mistake-forgot-authoritative-region.ts [--seed N] [--profile modern|tutorial|v1.0]
 */
import {
  FORGOT_AUTHORITATIVE_REGION as MISTAKE,
  defineScenario,
  httpError,
  kvField,
} from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';
import {
  withAclEnabled,
  withAuthoritativeRegion,
  withReplicationToken,
} from '../src/agent-config/index.js';

const ANONYMOUS_POLICY = 'namespace "*" {\n  policy = "read"\n}\n';
const DEPLOY_POLICY = 'namespace "default" {\n  policy = "write"\n}\n';

export const scenario = defineScenario(
  {
    name: MISTAKE.name,
    title: MISTAKE.title,
    about: `Two regions of three servers: global and europe. global is set up by the book. europe gets
ACLs and a replication token, but its config never says authoritative_region = "global". Watch
europe accept a bootstrap of its own, ignore everything global holds, and then, once the setting
is added, lose its own bootstrap token and policy to replication.`,
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    defaultSeed: 2,
  },
  async (s) => {
    const globalAddr = `http://${s.server('global/server-1').address}:4646`;
    const europeAddr = `http://${s.server('europe/server-1').address}:4646`;

    s.step('global, by the book');
    s.editConfig(
      'global',
      (text) => withAuthoritativeRegion(withAclEnabled(text, true), 'global'),
      'acl { enabled = true }, server { authoritative_region = "global" }',
    );
    await s.rollingRestart('global');
    const globalBoot = await s.nomad('nomad acl bootstrap');
    const globalSecret = kvField(globalBoot.stdout, 'Secret ID');
    const globalResetIndex = kvField(globalBoot.stdout, 'Create Index');
    s.writeFile('anonymous.policy.hcl', ANONYMOUS_POLICY);
    await s.nomad(
      `nomad acl policy apply -token=${globalSecret} -description "Anonymous read" anonymous anonymous.policy.hcl`,
    );
    const replication = await s.nomad(
      `nomad acl token create -token=${globalSecret} -type=management -global=true -name="Europe Replication Token"`,
    );
    const replicationSecret = kvField(replication.stdout, 'Secret ID');

    s.step('europe, with authoritative_region forgotten');
    s.editConfig(
      'europe',
      (text) => withReplicationToken(withAclEnabled(text, true), replicationSecret),
      'acl { enabled = true, replication_token = "<replication secret>" }',
    );
    s.showConfig('europe/server-1');
    await s.rollingRestart('europe');
    s.say(MISTAKE.fallsBack('europe'));
    const started = s.logsSince(0, {
      region: 'europe',
      contains: 'replication from authoritative region',
    });
    s.note(`"starting ACL ... replication" lines logged in europe: ${started.length}`);
    s.expect(started.length === 0, 'europe should not replicate');

    s.exportEnv('NOMAD_ADDR', europeAddr);
    const europeBoot = await s.nomad('nomad acl bootstrap');
    const europeSecret = kvField(europeBoot.stdout, 'Secret ID');
    const europeResetIndex = kvField(europeBoot.stdout, 'Create Index');
    s.say(`${MISTAKE.ownBootstrap('europe', 'global')} europe now has its own bootstrap token, at index ${europeResetIndex} of europe's Raft log,
unrelated to global's bootstrap at index ${globalResetIndex} of global's${europeResetIndex === globalResetIndex ? ' (the same number by chance: they count different logs)' : ''}. The tutorial's
"repeat for each region" seems to have worked.`);

    s.step('Two worlds that do not know each other');
    // A token the executing region does not hold: `Permission denied` since Nomad 1.5,
    // `ACL token not found` before (both 403).
    const unknownToken = httpError(403, s.version.unknownTokenError);
    await s.nomad(`nomad acl token list -token=${globalSecret}`, {
      expectExit: 1,
      expectOutput: unknownToken,
    });
    await s.nomad(`nomad acl token list -address=${globalAddr} -token=${europeSecret}`, {
      expectExit: 1,
      expectOutput: unknownToken,
    });
    s.say(MISTAKE.twoWorlds);
    await s.nomad(`nomad acl policy list -token=${europeSecret}`, {
      expectOutput: 'No policies found',
    });
    await s.nomad('nomad status', {
      expectExit: 1,
      expectOutput: httpError(403, 'Permission denied'),
    });
    s.say(`global's anonymous policy never reached europe, so anonymous requests are denied there. The
operator writes policies and tokens with europe's bootstrap token instead, through a europe server:`);
    s.writeFile('deploy.policy.hcl', DEPLOY_POLICY);
    await s.nomad(
      `nomad acl policy apply -token=${europeSecret} -description "Deploy to default" deploy deploy.policy.hcl`,
    );
    await s.nomad(`nomad acl policy list -address=${globalAddr} -token=${globalSecret}`, {
      expectOutput: 'anonymous',
    });
    s.say(`The "deploy" policy was written in europe (its own authoritative region) and global never
hears of it.`);
    const deployer = await s.nomad(
      `nomad acl token create -token=${europeSecret} -name="europe deployer" -policy=deploy`,
    );
    const deployerSecret = kvField(deployer.stdout, 'Secret ID');
    await s.nomad(`nomad status -token=${deployerSecret}`, { expectOutput: 'No running jobs' });

    s.step('Add authoritative_region to europe');
    s.editConfig(
      'europe',
      (text) => withAuthoritativeRegion(text, 'global'),
      'server { authoritative_region = "global" }',
    );
    await s.rollingRestart('europe');
    await s.wait('5s', 'replication runs on the europe leader');
    s.showLogs(
      s.logsSince(0, { region: 'europe', contains: 'replication from authoritative region' }),
      2,
    );
    const tokens = await s.nomad(`nomad acl token list -token=${globalSecret}`, {
      expectOutput: 'Europe Replication Token',
    });
    s.expect(
      !tokens.stdout.includes(kvField(europeBoot.stdout, 'Accessor ID')),
      "europe's own bootstrap token should be gone",
    );
    await s.nomad(`nomad acl policy list -token=${globalSecret}`, { expectOutput: 'anonymous' });
    s.say(`europe now replicates from global and matches it: global's tokens and its anonymous policy
arrived. The replication diff also deleted what europe had made for itself: its bootstrap token
(a global token that global does not have) and the "deploy" policy.`);
    await s.nomad(`nomad acl token self -token=${europeSecret}`, {
      expectExit: 1,
      expectOutput:
        s.version.tokenSelf === 'whoami'
          ? httpError(403, 'Permission denied')
          : httpError(404, 'ACL token not found'),
    });
    await s.nomad(`nomad status -token=${deployerSecret}`, {
      expectExit: 1,
      expectOutput: httpError(403, 'Permission denied'),
    });
    s.say(`europe's bootstrap token is gone. The "europe deployer" token was local, so replication left
it alone, but the policy it names no longer exists in europe, so it grants nothing: re-create
"deploy" in global (it will replicate) to give it back its rights. And a bootstrap through europe
now goes to global, which reports its own reset index, ${globalResetIndex}${europeResetIndex === globalResetIndex ? '' : `, not europe's ${europeResetIndex}`}:`);
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `ACL bootstrap already done (reset index: ${globalResetIndex})`,
    });
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
