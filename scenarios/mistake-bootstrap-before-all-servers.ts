/**
 * Mistake: running `nomad acl bootstrap` while only some servers of the authoritative region have
 * been restarted with `acl { enabled = true }`.
 *
 * What it shows: the "ACL support disabled" check runs on every server a request passes through,
 * and a forwarded request is checked again by the leader that executes it. So the bootstrap works
 * or fails depending on which server receives it and which server leads. Once it has worked, the
 * token is in the Raft state of every server, but servers that still run without ACLs execute
 * every other request as if the caller were all-powerful: whether an anonymous request is denied
 * depends on which server happens to lead. Watch the same `nomad status` flip between allowed and
 * denied as the leadership moves, with no change to any policy.
 *
 * Run: npx tsx scenarios/mistake-bootstrap-before-all-servers.ts [--seed N] [--profile modern|tutorial|v1.0]
 */
import {
  BOOTSTRAP_BEFORE_ALL_SERVERS as MISTAKE,
  defineScenario,
  httpError,
  kvField,
} from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';
import { withAclEnabled, withAuthoritativeRegion } from '../src/agent-config/index.js';

export const scenario = defineScenario(
  {
    name: MISTAKE.name,
    title: MISTAKE.title,
    about: `One region, global, of three servers. The operator enables ACLs on server-1, restarts it,
and bootstraps at once instead of first restarting server-2 and server-3. Watch which server
answers "ACL support disabled", which one executes the bootstrap, and how anonymous requests are
allowed or denied depending only on which server leads.`,
    regions: [{ name: 'global', servers: 3 }],
    defaultSeed: 11,
  },
  async (s) => {
    const addr = (ref: string) => `http://${s.server(ref).address}:4646`;
    const at = (ref: string) => `-address=${addr(ref)}`;

    s.step('Enable ACLs on one server only');
    s.editConfig(
      'global/server-1',
      (text) => withAuthoritativeRegion(withAclEnabled(text, true), 'global'),
      'acl { enabled = true }',
    );
    await s.restart('global/server-1');
    if (s.leader('global').name === 'server-1') await s.transferLeadership('global/server-2');
    const firstLeader = s.leader('global');
    s.say(`server-1 now runs with ACLs on; server-2 and server-3 still run with ACLs off, because ACL
settings are read only when a server starts. The leader of global is ${firstLeader.name}.`);

    s.step('Bootstrap through a server without ACLs');
    s.exportEnv('NOMAD_ADDR', addr('global/server-2'));
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: httpError(s.version.aclDisabledStatus, 'ACL support disabled'),
    });
    s.say(MISTAKE.receiverRefuses('server-2'));

    s.step('Bootstrap through the server with ACLs, while a server without ACLs leads');
    s.exportEnv('NOMAD_ADDR', addr('global/server-1'));
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: httpError(s.version.aclDisabledStatus, 'ACL support disabled'),
    });
    s.say(MISTAKE.leaderRefuses('server-1', firstLeader.name));
    await s.nomad('nomad status', { expectOutput: 'No running jobs' });
    s.say(`Without any token, job listing works even through server-1: the request is executed by the
leader, and a server with ACLs off treats every caller as all-powerful.`);

    s.step('Bootstrap while the server with ACLs leads');
    await s.transferLeadership('global/server-1');
    const bootstrap = await s.nomad('nomad acl bootstrap');
    const secret = kvField(bootstrap.stdout, 'Secret ID');
    const createIndex = kvField(bootstrap.stdout, 'Create Index');
    s.say(`This time the leader has ACLs on and executes the bootstrap. It goes through the Raft log, so
the token is now stored on all three servers, including the two that do not enforce ACLs at all.`);
    await s.nomad('nomad status', {
      expectExit: 1,
      expectOutput: httpError(403, 'Permission denied'),
    });
    await s.nomad(`nomad status ${at('global/server-2')}`, {
      expectExit: 1,
      expectOutput: httpError(403, 'Permission denied'),
    });
    s.say(`Anonymous job listing is now denied, even through server-2, which has ACLs off: server-2
forwards the read to the leader, and the leader enforces. But ACL endpoints on server-2 still refuse
to work at all, even with the management token:`);
    await s.nomad(`nomad acl token list ${at('global/server-2')} -token=${secret}`, {
      expectExit: 1,
      expectOutput: httpError(s.version.aclDisabledStatus, 'ACL support disabled'),
    });

    s.step('The leadership moves back to a server without ACLs');
    await s.transferLeadership('global/server-3');
    await s.nomad('nomad status', { expectOutput: 'No running jobs' });
    s.say(
      `The same anonymous request, through the same server-1, is allowed again. ${MISTAKE.enforcementFollowsLeader}`,
    );
    s.writeFile('readonly.policy.hcl', 'namespace "default" {\n  policy = "read"\n}\n');
    await s.nomad(`nomad acl policy apply -token=${secret} readonly readonly.policy.hcl`, {
      expectExit: 1,
      expectOutput: httpError(s.version.aclDisabledStatus, 'ACL support disabled'),
    });
    s.say(`And ACL writes fail even through server-1 with the management token: they are forwarded to
the leader, which has ACLs off.`);

    s.step('Finish the job: restart the other servers with ACLs');
    s.editConfig(
      'global/server-2',
      (text) => withAuthoritativeRegion(withAclEnabled(text, true), 'global'),
      'acl { enabled = true }',
    );
    s.editConfig(
      'global/server-3',
      (text) => withAuthoritativeRegion(withAclEnabled(text, true), 'global'),
      'acl { enabled = true }',
    );
    await s.restart('global/server-2');
    await s.restart('global/server-3');
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `ACL bootstrap already done (reset index: ${createIndex})`,
    });
    s.say(`The early bootstrap did count: its token was replicated to every server by Raft, so there is
nothing to redo. From now on every server enforces, whoever leads.`);
    await s.nomad(`nomad status ${at('global/server-3')}`, {
      expectExit: 1,
      expectOutput: httpError(403, 'Permission denied'),
    });
    await s.nomad(
      `nomad acl policy apply ${at('global/server-3')} -token=${secret} readonly readonly.policy.hcl`,
      {
        expectOutput: 'Successfully wrote "readonly" ACL policy!',
      },
    );
    s.say(MISTAKE.lesson);
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
