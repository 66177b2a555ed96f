/**
 * Mistake: leaving the bootstrap reset file in place after a reset, then resetting again later.
 *
 * What it shows: Nomad never deletes the reset file, and reads it on every bootstrap attempt that
 * finds the bootstrap done. After a reset the reset index moves to the new bootstrap's index, so
 * the old file now gets `Invalid bootstrap reset index (specified X, reset index: Y)`. That is
 * harmless (nothing is written) but confusing: the operator "specified" nothing in that command.
 * Appending the new index as the tutorial's `echo N >> file` does, does not help: Nomad reads the
 * first number in the file. And the answer depends on who leads: after a leader change, the new
 * leader has no file in its data dir and answers a plain "already done". Watch the same command
 * give three different answers, and the file that finally works.
 *
 * Run: npx tsx scenarios/mistake-leftover-reset-file.ts [--seed N] [--profile modern|tutorial|v1.0]
 */
import { LEFTOVER_RESET_FILE as MISTAKE, defineScenario, kvField } from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';

export const scenario = defineScenario(
  {
    name: MISTAKE.name,
    title: MISTAKE.title,
    about: `One region, global, of three servers with ACLs on. The operator has bootstrapped, lost the
token, reset the bootstrap with the reset file on the leader, and left the file there. Months
later, the token is lost again. Watch what the leftover file does to the next reset.`,
    regions: [{ name: 'global', servers: 3 }],
    aclEnabled: true,
    defaultSeed: 12,
  },
  async (s) => {
    const first = s.leader('global');
    const firstRef = `global/${first.initialName}`;
    const firstFile = `${s.serverDataDir(firstRef)}/acl-bootstrap-reset`;

    s.step('The first reset, with the file left behind');
    const cliServer = s.servers('global').find((server) => server !== first);
    if (cliServer !== undefined) s.exportEnv('NOMAD_ADDR', `http://${cliServer.address}:4646`);
    const original = await s.nomad('nomad acl bootstrap');
    const oldIndex = kvField(original.stdout, 'Create Index');
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `ACL bootstrap already done (reset index: ${oldIndex})`,
    });
    s.serverFile(firstRef, firstFile, `${oldIndex}\n`, { append: true });
    const reset = await s.nomad('nomad acl bootstrap');
    const resetIndex = kvField(reset.stdout, 'Create Index');
    s.say(`The reset worked: a new bootstrap token at index ${resetIndex}, which is now the reset index. The
file on ${first.name} still says ${oldIndex}.`);

    s.step('Months later: the token is lost again');
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `Invalid bootstrap reset index (specified ${oldIndex}, reset index: ${resetIndex})`,
    });
    s.say(MISTAKE.staleFile(oldIndex, resetIndex));
    s.say(`Following the tutorial's command literally, the operator appends the new index:`);
    s.serverFile(firstRef, firstFile, `${resetIndex}\n`, { append: true });
    s.note(
      `${first.name}'s reset file now holds ${JSON.stringify(first.disk.readText(firstFile))}`,
    );
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `Invalid bootstrap reset index (specified ${oldIndex}, reset index: ${resetIndex})`,
    });
    s.say(`Still "specified ${oldIndex}": ${MISTAKE.firstNumberOnly}`);

    s.step('A leader change');
    s.crash(firstRef);
    const second = await s.waitForLeader('global');
    s.note(`${second.name}.global is the leader now`);
    await s.nomad('nomad acl bootstrap', {
      expectExit: 1,
      expectOutput: `ACL bootstrap already done (reset index: ${resetIndex})`,
    });
    s.say(`A third answer to the same command: ${second.name} leads now, and its data dir has no reset
file, so it just reports the bootstrap as done. ${MISTAKE.onlyOnLeader}`);
    s.start(firstRef);
    await s.wait('2s', `${first.name} rejoins as a follower, its stale file still in place`);
    s.expect(s.leader('global') === second, `${second.name} should still lead`);

    s.step('The reset that works');
    const secondRef = `global/${second.initialName}`;
    const secondFile = `${s.serverDataDir(secondRef)}/acl-bootstrap-reset`;
    s.serverFile(secondRef, secondFile, `${resetIndex}\n`);
    const again = await s.nomad('nomad acl bootstrap');
    const newIndex = kvField(again.stdout, 'Create Index');
    s.say(`With the current reset index, ${resetIndex}, in a file on the current leader, the reset works; the
reset index is now ${newIndex}. ${MISTAKE.deleteEverywhere}`);
    s.removeServerFile(secondRef, secondFile);
    s.removeServerFile(firstRef, firstFile);
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
