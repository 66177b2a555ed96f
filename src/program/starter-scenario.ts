/**
 * The starter scenario `nomad-sim new NAME` writes: a short, commented scenario file that runs as
 * it is (two regions; ACLs enabled, bootstrapped, a policy written in the authoritative region and
 * replicated to the other), importing everything from `nomad-acl-sim/scenario`, so that a user
 * edits a working run instead of starting from an empty file.
 */

export interface StarterOptions {
  /** The scenario's name (the file name without its extension). */
  name: string;
  /** The file name as the run commands in the comment show it (`my-check.ts`). */
  fileName: string;
  title: string;
}

/** `text` as a single-quoted TypeScript string literal. */
function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The text of the starter scenario file. */
export function starterScenario({ name, fileName, title }: StarterOptions): string {
  return `/**
 * ${name}: say here what this scenario shows (a starter written by nomad-sim new; edit it all).
 *
 * Run it:  npx tsx ${fileName} [--seed N] [--profile modern|tutorial|v1.0] [--timestamps] [--json] [--trace FILE]
 *     or:  npx nomad-sim run ${fileName} [same options]
 * Exit code 0: every expectation held; 1: one failed (the transcript says which, and how to
 * replay the run); 2: the file or the arguments are wrong.
 */
import { defineScenario, kvField, withAclEnabled, withAuthoritativeRegion, withReplicationToken } from 'nomad-acl-sim/scenario';

// A policy, as the HCL file you would give \`nomad acl policy apply\`.
const READONLY_POLICY = \`namespace "default" {
  policy = "read"
}
\`;

export default defineScenario(
  {
    name: ${quoted(name)},
    title: ${quoted(title)},
    // Printed under the title: what the scenario shows and what to watch for.
    about: \`Two regions of three servers: global, the authoritative region, and europe, which
replicates ACL policies and global tokens from it. Watch the bootstrap happen once, in global, and
a policy written there show up in europe once europe has a replication token.\`,
    // The federation: each region's name and servers (1 to 9); add clients: N for client agents.
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    // The seed when the command line gives none: the same seed plays the same run, byte for byte.
    defaultSeed: 1,
  },
  // One operator session. Each call prints what a terminal (or the operator's notes) would show.
  async (s) => {
    s.step('Enable ACLs in the authoritative region');
    // Edit the agent config of every server of a region (or of one: 'global/server-1').
    s.editConfig('global', (text) => withAuthoritativeRegion(withAclEnabled(text, true), 'global'),
      'acl { enabled = true }, server { authoritative_region = "global" }');
    // ACL settings are read at start: restart one server at a time, each rejoining before the next.
    await s.rollingRestart('global');

    s.step('Bootstrap the ACL system');
    // A nomad command line, answered as Nomad would; any exit code but 0 fails the scenario unless
    // you pass expectExit (and expectOutput checks what it printed).
    const bootstrap = await s.nomad('nomad acl bootstrap');
    // kvField reads one \`Key = value\` line of the output.
    s.exportEnv('NOMAD_TOKEN', kvField(bootstrap.stdout, 'Secret ID'));
    s.writeFile('readonly.policy.hcl', READONLY_POLICY);
    await s.nomad('nomad acl policy apply -description "Read the default namespace" readonly readonly.policy.hcl', {
      expectOutput: 'Successfully wrote "readonly" ACL policy!',
    });

    s.step('Replicate to europe');
    // europe's leader pulls policies and global tokens from global with a global management token.
    const replication = await s.nomad('nomad acl token create -type=management -global=true -name="Replication"');
    const replicationToken = kvField(replication.stdout, 'Secret ID');
    s.editConfig('europe', (text) => withReplicationToken(withAuthoritativeRegion(withAclEnabled(text, true), 'global'), replicationToken),
      'acl { enabled = true, replication_token = "<replication secret>" }');
    await s.rollingRestart('europe');
    await s.wait('5s', 'the europe leader replicates');
    // Sent to one server: the transcript shows its prompt, [server-1.europe]$.
    const policies = await s.nomad('nomad acl policy list', { server: 'europe/server-1' });
    // s.expect fails the scenario with this message when the condition is false.
    s.expect(policies.stdout.includes('readonly'), 'the readonly policy should have replicated to europe');
    s.say(\`europe holds the policy written in global. To try next: s.crash('global/server-1'),
s.partition(['global'], ['europe']) and s.heal(), s.restartAllAtOnce('europe'), s.wait('30s').\`);
  },
);
`;
}
