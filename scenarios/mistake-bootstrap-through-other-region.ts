/**
 * Mistake: running `nomad acl bootstrap` with NOMAD_ADDR pointing at a server of a
 * non-authoritative region, expecting to bootstrap that region.
 *
 * What it shows: there is no per-region bootstrap. The bootstrap endpoint replaces the request's
 * region with the authoritative region and forwards it there, so it executes on the authoritative
 * leader whichever server received it: the token lives in global, with global's Raft index, and
 * the "already done" answer carries global's reset index from both sides. europe gets the token
 * only through replication, which needs a replication token. Watch the indexes: the bootstrap
 * token's Create Index is global's, and the copy europe finally gets has an index of its own.
 *
 * Run: npx tsx scenarios/mistake-bootstrap-through-other-region.ts [--seed N] [--profile modern|tutorial|v1.0]
 */
import {
  BOOTSTRAP_THROUGH_OTHER_REGION as MISTAKE,
  defineScenario,
  httpError,
  kvField,
} from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';
import { withReplicationToken } from '../src/agent-config/index.js';

export const scenario = defineScenario(
  {
    name: MISTAKE.name,
    title: MISTAKE.title,
    about: `Two regions of three servers: global (authoritative) and europe, every server with ACLs on
and authoritative_region = "global". The operator's NOMAD_ADDR points at a europe server, and the
operator believes each region is bootstrapped on its own. Watch where the bootstrap lands, and the
reset index both regions report.`,
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    authoritativeRegion: 'global',
    aclEnabled: true,
    defaultSeed: 6,
  },
  async (s) => {
    const globalAddr = `http://${s.server('global/server-1').address}:4646`;

    s.step('Bootstrap "europe"');
    s.exportEnv('NOMAD_ADDR', `http://${s.server('europe/server-2').address}:4646`);
    const bootstrap = await s.nomad('nomad acl bootstrap');
    const secret = kvField(bootstrap.stdout, 'Secret ID');
    const accessor = kvField(bootstrap.stdout, 'Accessor ID');
    const resetIndex = kvField(bootstrap.stdout, 'Create Index');
    s.say(MISTAKE.landsInAuthoritative('server-2.europe', 'global', resetIndex));
    const europeState = s.leader('europe').fsm?.acl.canBootstrap();
    s.note(
      `europe's own state store: bootstrap allowed = ${String(europeState?.allowed)}; global's: ${String(s.leader('global').fsm?.acl.canBootstrap().allowed)}`,
    );
    s.expect(europeState?.allowed === true, 'europe state should never have been bootstrapped');

    s.step('"Now bootstrap global"');
    await s.nomad(`nomad acl bootstrap -address=${globalAddr}`, {
      expectExit: 1,
      expectOutput: `ACL bootstrap already done (reset index: ${resetIndex})`,
    });
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `ACL bootstrap already done (reset index: ${resetIndex})`,
    });
    s.say(MISTAKE.oneBootstrap('global', 'europe'));

    s.step('The token is not in europe yet');
    // `token self` answers an unknown token with 403 Permission denied (ACL.WhoAmI, 1.11+), or
    // with 404 ACL token not found (ACL.ResolveToken, before).
    await s.nomad(`nomad acl token self -token=${secret}`, {
      expectExit: 1,
      expectOutput:
        s.version.tokenSelf === 'whoami'
          ? httpError(403, 'Permission denied')
          : httpError(404, 'ACL token not found'),
    });
    await s.nomad(`nomad acl token self -address=${globalAddr} -token=${secret}`, {
      expectOutput: 'Bootstrap Token',
    });
    s.say(MISTAKE.replicationNotBootstrap('europe', 'global'));
    const replication = await s.nomad(
      `nomad acl token create -address=${globalAddr} -token=${secret} -type=management -global=true -name="Europe Replication Token"`,
    );
    const replicationSecret = kvField(replication.stdout, 'Secret ID');
    s.editConfig(
      'europe',
      (text) => withReplicationToken(text, replicationSecret),
      'acl { replication_token = "<replication secret>" }',
    );
    await s.rollingRestart('europe');
    await s.wait('5s', 'replication runs on the europe leader');
    const copy = await s.nomad(`nomad acl token info -token=${secret} ${accessor}`, {
      expectOutput: 'Bootstrap Token',
    });
    const copyIndex = kvField(copy.stdout, 'Create Index');
    s.say(`The same token (same Accessor ID and Secret ID), now copied to europe. Its Create Index is
${copyIndex}: europe wrote the copy through its own Raft log, at its own index${copyIndex === resetIndex ? " (equal to global's by chance)" : ''}. Only global's index,
${resetIndex}, is the reset index, and only global can ever be re-bootstrapped.`);
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
