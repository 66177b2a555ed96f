/**
 * Mistake: creating an ACL role (or a namespace) through a server of a non-authoritative region
 * and using it there right away, as if it were that region's own object.
 *
 * What it shows: roles and namespaces are federated objects, like policies. Whichever server
 * receives the write, Nomad sets the request's region to the authoritative region and forwards it
 * there, so the object is written in global, with global's Raft index, and europe gets a copy only
 * when its leader's replication loop fetches it and writes it through europe's own log. A local
 * token (or a job) that uses the object in europe a moment too early is refused: `cannot find role`,
 * `job "..." is in nonexistent namespace`. Once the copy is there, it has the same ID and europe's
 * own indexes. And tokens link roles by ID: deleting the role (also executed in global) leaves the
 * token in place but powerless, and a new role of the same name does not give the rights back.
 * Nomad 1.0 (`--profile v1.0`) has no ACL roles; there the scenario shows the namespace half. Nomad
 * 0.9 (`--profile tutorial`) has neither roles nor, in its open-source edition, namespaces.
 *
 * Run: npx tsx scenarios/mistake-role-in-other-region.ts [--seed N] [--profile modern|tutorial|v1.0]
 */
import { defineScenario, kvField } from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';
import { withReplicationToken } from '../src/agent-config/index.js';
import { profileHasKind, getProfile } from '../src/acl/index.js';

const WEB_READ_POLICY = 'namespace "web" {\n  policy = "read"\n}\n';

const WEB_JOB = `job "web" {
  namespace   = "web"
  datacenters = ["dc1"]
}
`;

export const scenario = defineScenario(
  {
    name: 'mistake-role-in-other-region',
    title: 'Mistake: a role or namespace created through a non-authoritative region',
    about: `Two regions of three servers: global (authoritative) and europe, replicating with a
management token. The operator works through a europe server, creates a namespace and an ACL role
there, and uses them in europe at once. Watch where they are written, what europe answers before
its copy arrives, and what a token linked to a role keeps when the role is deleted.`,
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    authoritativeRegion: 'global',
    aclEnabled: true,
    defaultSeed: 12,
  },
  async (s) => {
    s.step('A federation with replication');
    const bootstrap = await s.nomad('nomad acl bootstrap');
    s.exportEnv('NOMAD_TOKEN', kvField(bootstrap.stdout, 'Secret ID'));
    s.writeFile('web-read.policy.hcl', WEB_READ_POLICY);
    await s.nomad(
      'nomad acl policy apply -description "Read the web namespace" web-read web-read.policy.hcl',
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
    await s.nomad('nomad acl policy list -region=europe', { expectOutput: 'web-read' });

    const profile = getProfile(s.profile);
    if (!profileHasKind(profile, 'namespaces') || !profileHasKind(profile, 'roles')) {
      s.say(
        `Nomad ${profile.nomadVersion} has no ${profileHasKind(profile, 'namespaces') ? 'ACL roles (they came with Nomad 1.4)' : 'ACL roles and, in its open-source edition, no namespaces'}; ${profileHasKind(profile, 'namespaces') ? 'namespaces' : 'policies and global tokens'} follow the path this scenario shows: written in the authoritative region, copied to the others by replication, a little later.`,
      );
    }
    if (!profileHasKind(profile, 'namespaces')) return;

    s.step('A namespace created through europe');
    s.exportEnv('NOMAD_ADDR', `http://${s.server('europe/server-1').address}:4646`);
    await s.nomad('nomad namespace apply -description "Web team" web', {
      expectOutput: 'Successfully applied namespace "web"!',
    });
    s.writeFile('web.nomad', WEB_JOB);
    await s.nomad('nomad job run web.nomad', {
      expectExit: 1,
      expectOutput: 'is in nonexistent namespace "web"',
    });
    s.say(`The namespace was applied "successfully", yet europe does not know it. The apply went to a
europe server, which set the request's region to the authoritative region, global, and forwarded
it there: the namespace exists in global. The job runs in europe, whose state has no "web"
namespace until its leader's replication loop copies it.`);
    await s.wait('2s', 'the namespace replicates to europe');
    await s.nomad('nomad namespace list', { expectOutput: 'web' });
    await s.nomad('nomad job run web.nomad', { expectOutput: 'Job registration successful' });

    if (!profileHasKind(profile, 'roles')) return;

    s.step('A role created through europe');
    const role = await s.nomad(
      'nomad acl role create -name=europe-readers -description "Read jobs" -policy=web-read',
    );
    const roleId = kvField(role.stdout, 'ID');
    const globalIndex = kvField(role.stdout, 'Create Index');
    s.say(`The same path: the role was written in global, and Create Index ${globalIndex} is an index of
global's Raft log. Now a europe-local token for the europe readers, straight away:`);
    await s.nomad('nomad acl token create -name="europe reader" -role-name=europe-readers', {
      expectExit: 1,
      expectOutput: 'cannot find role europe-readers',
    });
    s.say(`A token without -global is written in europe, and europe checks the role link against its own
copy of the roles, which has not arrived yet: europe's leader learns of the new role from a
blocking query to global, fetches it, and writes it through europe's Raft log.`);
    await s.wait('2s', 'the role replicates to europe');
    const copy = await s.nomad('nomad acl role info -by-name europe-readers');
    const europeIndex = kvField(copy.stdout, 'Create Index');
    s.expect(kvField(copy.stdout, 'ID') === roleId, 'the copy should keep the role ID');
    s.say(`europe's copy has the same ID, and an index of europe's own log (${europeIndex}), not global's
${globalIndex}.`);
    const reader = await s.nomad(
      'nomad acl token create -name="europe reader" -role-name=europe-readers',
    );
    const readerSecret = kvField(reader.stdout, 'Secret ID');
    const readerAccessor = kvField(reader.stdout, 'Accessor ID');
    await s.nomad(`nomad status -namespace=web -token=${readerSecret}`, { expectOutput: 'web' });
    s.say(`The token has no policy of its own; its rights come from the role's "web-read" policy,
resolved in europe from europe's copies of the role and the policy.`);

    s.step('Deleting the role');
    await s.nomad(`nomad acl role delete ${roleId}`);
    await s.wait('2s', 'the deletion replicates to europe');
    await s.nomad(`nomad status -namespace=web -token=${readerSecret}`, {
      expectExit: 1,
      expectOutput: '403 (Permission denied)',
    });
    await s.nomad(`nomad acl token info ${readerAccessor}`, { expectOutput: 'europe reader' });
    s.say(`The delete, too, executed in global, and replication removed europe's copy. The token is
still there, but its link points at a role that no longer exists, so reads show no role and the
token grants nothing.`);
    const again = await s.nomad(
      'nomad acl role create -name=europe-readers -description "Read jobs" -policy=web-read',
    );
    s.expect(kvField(again.stdout, 'ID') !== roleId, 'a re-created role should get a new ID');
    await s.wait('2s', 'the new role replicates to europe');
    await s.nomad(`nomad status -namespace=web -token=${readerSecret}`, {
      expectExit: 1,
      expectOutput: '403 (Permission denied)',
    });
    s.say(`A role of the same name is a new role with a new ID, and tokens link roles by ID: the token
stays powerless until it is updated to link the new role.`);
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
