/**
 * Mistake: writing the bootstrap reset file (`<data_dir>/server/acl-bootstrap-reset`) on the
 * server the operator happens to be logged into, a follower, instead of on the leader.
 *
 * What it shows: a bootstrap request is forwarded to the leader of the authoritative region, and
 * only that server looks for the reset file, in its own data dir. A file on any other server is
 * never read: the bootstrap keeps answering "already done" as if nothing had been written, and no
 * log line says why. Moved to the leader, the same file works at once. Watch which server logs
 * `bootstrap file parsed`.
 *
 * Run: npx tsx scenarios/mistake-reset-file-on-follower.ts [--seed N] [--profile modern|tutorial|v1.0]
 */
import {
  RESET_FILE_ON_FOLLOWER as MISTAKE,
  defineScenario,
  kvField,
} from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';

export const scenario = defineScenario(
  {
    name: MISTAKE.name,
    title: MISTAKE.title,
    about: `One region, global, of three servers with ACLs on. The bootstrap token has been lost and
the operator follows the reset procedure, but writes the reset file on the server the CLI talks
to, which is not the leader. Watch the bootstrap ignore it, and work once the file is on the leader.`,
    regions: [{ name: 'global', servers: 3 }],
    aclEnabled: true,
    defaultSeed: 8,
  },
  async (s) => {
    const leader = s.leader('global');
    const follower = s.servers('global').find((server) => server !== leader);
    s.expect(follower !== undefined, 'the region should have a follower');
    if (follower === undefined) return;
    const followerRef = `global/${follower.initialName}`;
    const leaderRef = `global/${leader.initialName}`;

    s.step('A lost bootstrap token');
    s.exportEnv('NOMAD_ADDR', `http://${follower.address}:4646`);
    const first = await s.nomad('nomad acl bootstrap');
    const resetIndex = kvField(first.stdout, 'Create Index');
    s.say(
      'Suppose this token, the only management token, is lost. The reset procedure starts by asking for the reset index:',
    );
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `ACL bootstrap already done (reset index: ${resetIndex})`,
    });

    s.step('The reset file on the wrong server');
    const resetFile = `${s.serverDataDir(followerRef)}/acl-bootstrap-reset`;
    s.say(`The operator is logged into ${follower.name}, the host NOMAD_ADDR points at, and writes the
file there.`);
    s.serverFile(followerRef, resetFile, `${resetIndex}\n`);
    const tried = s.now;
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `ACL bootstrap already done (reset index: ${resetIndex})`,
    });
    s.expect(
      s.logsSince(tried, { contains: 'bootstrap file parsed' }).length === 0,
      'no server should have read a reset file',
    );
    s.say(MISTAKE.neverRead(follower.name, leader.name));

    s.step('Move the file to the leader');
    s.removeServerFile(followerRef, resetFile);
    s.serverFile(leaderRef, `${s.serverDataDir(leaderRef)}/acl-bootstrap-reset`, `${resetIndex}\n`);
    const moved = s.now;
    const second = await s.nomad('nomad acl bootstrap');
    const newIndex = kvField(second.stdout, 'Create Index');
    const parsed = s.logsSince(moved, { contains: 'bootstrap file parsed' });
    s.showLogs(parsed);
    s.expect(
      parsed.length === 1 && parsed[0]?.server === leader.name,
      'the leader should have parsed the reset file',
    );
    s.say(`The same request through the same follower now succeeds: the leader found the file, read
${resetIndex}, which matches the reset index, and bootstrapped again. The new token's index,
${newIndex}, is the reset index from now on. Remove the file, or it will only confuse the next reset.`);
    s.removeServerFile(leaderRef, `${s.serverDataDir(leaderRef)}/acl-bootstrap-reset`);
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
