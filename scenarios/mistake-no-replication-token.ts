/**
 * Mistake: enabling ACLs in a non-authoritative region without `acl { replication_token = ... }`.
 *
 * What it shows: Nomad has no "missing replication token" check. The region's leader replicates
 * anyway, as an anonymous caller. Listing policies anonymously succeeds but shows only the policy
 * named `anonymous`, so that is all the region gets, and a policy it had before is deleted by the
 * replication diff; listing tokens needs a management token, so token replication fails with
 * `rpc error: Permission denied` and retries every 30 s, forever. The other loops of a modern server fail in
 * their own words: binding rules are not listed to an anonymous caller, and the namespace and node
 * pool loops try to delete the built-in objects the anonymous list does not show. Watch the policy
 * lists of the two regions differ, the log lines 30 s apart, a working management token being
 * refused in europe, and a europe-local token losing its rights when its policy vanishes.
 *
 * In Nomad 0.9 (`--profile tutorial`) the anonymous policy list itself fails (`acl token lookup
 * failed: index error: UUID must be 36 characters`, fixed in 0.10.2), so policy replication fails
 * every 30 s too: europe gets no policy at all, and, once broken again later, keeps the ones it has.
 *
 * Run: npx tsx scenarios/mistake-no-replication-token.ts [--seed N] [--profile modern|tutorial|v1.0]
 */
import {
  NO_REPLICATION_TOKEN as MISTAKE,
  defineScenario,
  httpError,
  kvField,
} from '../src/scenario/index.js';
import { runScenarioMain } from '../src/program/scenario-main.js';
import { withAclEnabled, withReplicationToken } from '../src/agent-config/index.js';

const ANONYMOUS_POLICY = `namespace "*" {
  policy = "read"
}
`;

const READONLY_POLICY = `namespace "default" {
  policy = "read"
}

node {
  policy = "read"
}
`;

/** The first log line of each distinct message, in time order. */
function firstOfEachMessage<T extends { readonly message: string }>(lines: readonly T[]): T[] {
  const seen = new Set<string>();
  return lines.filter((line) => !seen.has(line.message) && seen.add(line.message) !== undefined);
}

/** Removes the `replication_token` line from a config file, as a template without the secret would. */
function withoutReplicationToken(text: string): string {
  return text.replace(/^\s*replication_token\s*=.*\n/m, '');
}

export const scenario = defineScenario(
  {
    name: MISTAKE.name,
    title: MISTAKE.title,
    about: `Two regions of three servers: global (authoritative) and europe. Every server starts with
ACLs enabled and authoritative_region = "global", but nobody put a replication token in europe's
config. Watch what europe replicates as an anonymous caller, the errors its leader logs every 30
seconds, and, once fixed and broken again, a policy vanishing from europe.`,
    regions: [
      { name: 'global', servers: 3 },
      { name: 'europe', servers: 3 },
    ],
    authoritativeRegion: 'global',
    aclEnabled: true,
    defaultSeed: 5,
  },
  async (s) => {
    s.showConfig('europe/server-1');
    s.say(MISTAKE.startsAnyway('europe', 'global'));

    s.step('Bootstrap and write two policies in the authoritative region');
    const bootstrap = await s.nomad('nomad acl bootstrap');
    const bootstrapSecret = kvField(bootstrap.stdout, 'Secret ID');
    s.exportEnv('NOMAD_TOKEN', bootstrapSecret);
    s.writeFile('anonymous.policy.hcl', ANONYMOUS_POLICY);
    s.writeFile('readonly.policy.hcl', READONLY_POLICY);
    await s.nomad(
      'nomad acl policy apply -description "Anonymous read" anonymous anonymous.policy.hcl',
    );
    await s.nomad(
      'nomad acl policy apply -description "Read jobs and nodes" readonly readonly.policy.hcl',
    );
    await s.wait('65s', 'two replication back-offs');

    s.step('Look at europe');
    await s.nomad('nomad acl policy list', { expectOutput: 'readonly' });
    // europe does not hold the bootstrap token: `Permission denied` since Nomad 1.5,
    // `ACL token not found` before (both 403).
    const unknownToken = httpError(403, s.version.unknownTokenError);
    await s.nomad('nomad acl policy list -region=europe', {
      expectExit: 1,
      expectOutput: unknownToken,
    });
    await s.nomad('nomad acl token list -region=europe', {
      expectExit: 1,
      expectOutput: unknownToken,
    });
    s.say(`${MISTAKE.refusedThere('europe', 'global')} Each "rpc error: " in the answer marks one
server-to-server hop the refusal travelled back over.`);
    // Before 0.10.2 an anonymous policy list fails outright instead of listing `anonymous`.
    const anonymousListFails = s.version.anonymousPolicyReadsFail;
    const europeLeader = s.leader('europe');
    const europePolicies = (europeLeader.fsm?.acl.listPolicyStubs() ?? []).map((p) => p.Name);
    const europeTokens = europeLeader.fsm?.acl.listTokenStubs({ order: 'create-index' }) ?? [];
    s.note(
      `europe's state store holds the policies [${europePolicies.join(', ')}] and ${europeTokens.length} tokens`,
    );
    s.expect(
      europePolicies.join(',') === (anonymousListFails ? '' : 'anonymous'),
      anonymousListFails
        ? 'europe should hold no policy'
        : 'europe should hold exactly the anonymous policy',
    );
    s.expect(europeTokens.length === 0, 'europe should hold no token');
    if (anonymousListFails) {
      const policyErrors = s.logsSince(0, {
        region: 'europe',
        contains: 'failed to fetch policies from authoritative region',
      });
      s.say(`Policies did not replicate either. The europe leader asked global for the policy list with
no token, as an anonymous caller, and this Nomad fails an anonymous policy list outright: it looks
the empty secret up as a UUID (fixed in Nomad 0.10.2, where the list shows "anonymous"):`);
      s.showLogs(policyErrors, 2);
      s.expect(
        policyErrors.length >= 2 &&
          policyErrors.every(
            (line) =>
              line.fields?.error ===
              'rpc error: acl token lookup failed: index error: UUID must be 36 characters',
          ),
        'policy replication should fail with the UUID lookup error',
      );
    } else
      s.say(`${MISTAKE.anonymousPolicies('europe', 'global')} The
replication diff made europe match that list: "anonymous" arrived, "readonly" did not.`);

    const errors = s.logsSince(0, {
      region: 'europe',
      contains: 'failed to fetch tokens from authoritative region',
    });
    s.say(
      `The europe leader, ${europeLeader.name}.europe, logs the failure of every token replication round:`,
    );
    s.showLogs(errors, 4);
    s.expect(errors.length >= 2, 'token replication should have failed at least twice');
    const gaps = errors.slice(1).map((line, i) => line.t - (errors[i]?.t ?? 0));
    s.expect(
      gaps.every((gap) => gap >= 30_000 && gap < 31_000),
      `retries should be 30 s apart, got ${gaps.join(', ')} ms`,
    );
    s.expect(
      errors.every((line) => line.fields?.error === 'rpc error: Permission denied'),
      'every failure should be rpc error: Permission denied',
    );
    const otherFailures = firstOfEachMessage(
      s.logsSince(0, { region: 'europe', level: 'ERROR' }).filter((l) => !errors.includes(l)),
    );
    if (otherFailures.length > 0) {
      s.say(MISTAKE.otherLoops);
      s.showLogs(otherFailures, otherFailures.length);
    }
    s.say(`${MISTAKE.onlyTrace} ("rpc error: " is what europe's leader puts before an error that came
back from another server.)`);

    s.step('Fix it: a replication token in europe');
    const replication = await s.nomad(
      'nomad acl token create -type="management" -global=true -name="Europe Replication Token"',
    );
    const replicationSecret = kvField(replication.stdout, 'Secret ID');
    s.editConfig(
      'europe',
      (text) => withReplicationToken(withAclEnabled(text, true), replicationSecret),
      'acl { replication_token = "<replication secret>" }',
    );
    await s.rollingRestart('europe');
    await s.wait('5s', 'replication runs on the europe leader');
    await s.nomad('nomad acl policy list -region=europe', { expectOutput: 'readonly' });
    await s.nomad('nomad acl token list -region=europe', { expectOutput: 'Bootstrap Token' });
    s.say('With a management token, europe lists everything global has, and copies it.');
    const local = await s.nomad(
      'nomad acl token create -region=europe -name="europe reader" -policy=readonly',
    );
    const localSecret = kvField(local.stdout, 'Secret ID');
    await s.nomad(`nomad status -region=europe -token=${localSecret}`, {
      expectOutput: 'No running jobs',
    });
    s.say(
      'A europe-local token, linked to the replicated "readonly" policy, can list jobs in europe.',
    );

    s.step('Break it again: a config template without the secret');
    s.say(`Months later, europe's config is regenerated from a template that never carried the secret,
and the servers are restarted one at a time, as they should be.`);
    s.editConfig('europe', withoutReplicationToken, 'replication_token line removed');
    const brokenAgain = s.now;
    await s.rollingRestart('europe');
    await s.wait('5s', 'replication runs on the new europe leader');
    const after = await s.nomad('nomad acl policy list -region=europe', {
      expectOutput: 'anonymous',
    });
    if (anonymousListFails) {
      s.expect(after.stdout.includes('readonly'), 'europe should still hold the readonly policy');
      s.say(`Nothing vanished: the anonymous policy list fails again, and a failed round deletes nothing.
Every policy and global token europe holds is frozen as it was; new ones will never arrive.`);
      await s.nomad(`nomad status -region=europe -token=${localSecret}`, {
        expectOutput: 'No running jobs',
      });
      s.say(`The europe-local token keeps working, for now. The only trace of the problem is in the
europe leader's log: two failures every 30 seconds, one per replication loop.`);
      return;
    }
    s.expect(
      !after.stdout.includes('readonly'),
      'the readonly policy should have vanished from europe',
    );
    s.say(`"readonly" is gone from europe: the anonymous policy list came back with "anonymous" only, and
the diff deletes every local policy the authoritative list does not contain. The management token
still works here only because token replication fails before it can delete anything: the global
tokens europe holds are frozen, and new ones will never arrive.`);
    await s.nomad(`nomad status -region=europe -token=${localSecret}`, {
      expectExit: 1,
      expectOutput: httpError(403, 'Permission denied'),
    });
    const knownFailures = new Set(
      s
        .logsSince(0, { region: 'europe', level: 'ERROR' })
        .filter((l) => l.t < brokenAgain)
        .map((l) => l.message),
    );
    const newFailures = s
      .logsSince(brokenAgain, { region: 'europe', level: 'ERROR' })
      .filter((l) => !knownFailures.has(l.message));
    s.expect(newFailures.length === 0, 'breaking europe again should log no new kind of error');
    s.say(`The europe-local token still exists, but it names a policy that no longer exists in europe, so
it grants nothing. Users of europe lose access with no change on their side and no new error in
any log: only the same 30-second replication failures as at the start.`);
  },
);

export default scenario;
await runScenarioMain(scenario, import.meta.url);
