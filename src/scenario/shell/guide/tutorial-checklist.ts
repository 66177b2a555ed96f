/**
 * The tutorial as a checklist the shell's guide keeps: its ten steps (the headings of
 * scenarios/tutorial.ts), each checked against the live federation (which servers run with which
 * settings, what the authoritative region's ACL data holds) or, for the two steps that leave no
 * trace in it, against what the person did (a management token exported, an anonymous request
 * that worked). Each step also says why it is done (the tutorial's own narration) and what to
 * type for it in this shell, with the real names, indexes and secrets of this federation.
 */
import {
  TUTORIAL_ANONYMOUS_POLICY,
  TUTORIAL_LESSONS as LESSON,
  TUTORIAL_STEP_TITLES as TITLE,
  type TutorialStepKey,
} from '../../lessons/tutorial-lessons.js';
import { BOOTSTRAP_TOKEN_NAME, type FederationFacts, serverLabel } from './federation-facts.js';

/** What the guide remembers of the session: facts the federation does not keep. */
export interface GuideMemory {
  /** NOMAD_TOKEN held a management token of the authoritative region after some command. */
  cliToken: boolean;
  /** A `nomad` command without any token worked once the anonymous policy existed. */
  anonymousVerified: boolean;
  /** The reset index when the guide first saw the authoritative region bootstrapped. */
  firstResetIndex: number | null;
  /** The reset index moved past `firstResetIndex`: a re-bootstrap worked. */
  resetIndexNow: number | null;
}

export interface StepState {
  readonly done: boolean;
  /** One line: how far the step is, in this federation's names. */
  readonly detail: string;
}

export interface TutorialStep {
  readonly key: TutorialStepKey;
  readonly title: string;
  state(facts: FederationFacts, memory: GuideMemory): StepState;
  /** Why the step is done, in the tutorial's words (paragraphs). */
  why(facts: FederationFacts): string[];
  /** Shell lines that do it here. */
  lines(facts: FederationFacts, memory: GuideMemory): string[];
}

/** A workstation file holding a policy, if the person wrote one. */
export interface Workstation {
  files(): string[];
}

function count(done: number, of: number, what: string): string {
  return `${done} of ${of} ${what}`;
}

/** The Secret ID to show in a line to type: the real one when the guide knows it. */
function secretOr(secret: string | undefined, placeholder: string): string {
  return secret ?? placeholder;
}

/** A management token other than the bootstrap one: the tutorial's replication token. */
function replicationToken(facts: FederationFacts) {
  return facts.managementTokens().find((token) => token.Name !== BOOTSTRAP_TOKEN_NAME) ?? null;
}

/** Servers of `region` that replicate from the authoritative region with a management token. */
function replicating(facts: FederationFacts, region: string): number {
  return facts.servers(region).filter((server) => {
    const acl = facts.aclSettings(server);
    return (
      acl !== null &&
      acl.enabled &&
      acl.authoritativeRegion === facts.authoritative &&
      facts.isManagementSecret(acl.replicationToken)
    );
  }).length;
}

function setReplicationState(facts: FederationFacts): StepState {
  if (facts.others.length === 0) return { done: true, detail: 'no other region to replicate to' };
  const parts = facts.others.map((region) => ({
    region,
    ok: replicating(facts, region),
    of: facts.servers(region).length,
  }));
  return {
    done: parts.every((part) => part.ok === part.of),
    detail: parts
      .map(
        (part) =>
          `${part.region}: ${count(part.ok, part.of, 'servers replicate with a management token')}`,
      )
      .join(' · '),
  };
}

export function tutorialSteps(workstation: Workstation): readonly TutorialStep[] {
  return [
    {
      key: 'enableServerAcls',
      title: TITLE.enableServerAcls,
      state(facts) {
        const auth = facts.authoritative;
        const servers = facts.servers(auth);
        const on = servers.filter((server) => {
          const acl = facts.aclSettings(server);
          return acl !== null && acl.enabled && acl.authoritativeRegion === auth;
        }).length;
        const others = facts.others.map((region) => ({
          region,
          named: facts
            .servers(region)
            .filter((server) => facts.configNamesAuthoritative(server, auth)).length,
          of: facts.servers(region).length,
        }));
        return {
          done: on === servers.length && others.every((other) => other.named === other.of),
          detail: [
            `${auth}: ${count(on, servers.length, 'servers run with ACLs on')}`,
            ...others.map(
              (other) =>
                `${other.region}: ${count(other.named, other.of, `config files name ${auth}`)}`,
            ),
          ].join(' · '),
        };
      },
      why: () => [LESSON.aclNotReloadable, LESSON.otherRegionsNameAuthoritative],
      lines: (facts) => [
        `config set ${facts.authoritative} acl.enabled=true server.authoritative_region=${facts.authoritative}`,
        ...facts.others.map(
          (region) => `config set ${region} server.authoritative_region=${facts.authoritative}`,
        ),
        `rolling-restart ${facts.authoritative}`,
      ],
    },
    {
      key: 'stageAnonymousPolicy',
      title: TITLE.stageAnonymousPolicy,
      state(facts) {
        const policies = workstation.files().filter((name) => name.endsWith('.hcl'));
        if (policies.length > 0)
          return { done: true, detail: `on the workstation: ${policies.join(', ')}` };
        if (facts.hasPolicy(facts.authoritative, 'anonymous'))
          return { done: true, detail: 'the anonymous policy is already deployed' };
        return { done: false, detail: 'no policy file on the workstation yet' };
      },
      why: () => [LESSON.anonymousPolicy],
      lines: () => [
        "cat > anonymous.policy.hcl <<'EOF'",
        ...TUTORIAL_ANONYMOUS_POLICY.trimEnd().split('\n'),
        'EOF',
      ],
    },
    {
      key: 'bootstrap',
      title: TITLE.bootstrap,
      state(facts) {
        const index = facts.resetIndex(facts.authoritative);
        return index === null
          ? { done: false, detail: `${facts.authoritative} is not bootstrapped` }
          : { done: true, detail: `${facts.authoritative} is bootstrapped (reset index ${index})` };
      },
      why: () => [
        'The bootstrap creates the first management token, once, for the whole federation.',
      ],
      lines: () => ['nomad acl bootstrap'],
    },
    {
      key: 'cliToken',
      title: TITLE.cliToken,
      state: (_facts, memory) =>
        memory.cliToken
          ? { done: true, detail: 'NOMAD_TOKEN was set to a management token' }
          : { done: false, detail: 'NOMAD_TOKEN has held no management token yet' },
      why: () => [LESSON.anonymousDenied],
      lines: (facts) => [
        `export NOMAD_TOKEN=${secretOr(facts.bootstrapToken()?.SecretID, '<the Secret ID of the bootstrap token>')}`,
        'nomad status',
      ],
    },
    {
      key: 'deployAnonymousPolicy',
      title: TITLE.deployAnonymousPolicy,
      state: (facts) =>
        facts.hasPolicy(facts.authoritative, 'anonymous')
          ? { done: true, detail: `${facts.authoritative} holds the policy "anonymous"` }
          : { done: false, detail: `${facts.authoritative} has no policy named "anonymous"` },
      why: () => [LESSON.anonymousPolicy],
      lines: (facts) => {
        const policy = workstation.files().find((name) => name.endsWith('.hcl'));
        const secret = facts.bootstrapToken()?.SecretID;
        return [
          `nomad acl policy apply -description "Anonymous policy (full-access)" anonymous ${policy ?? 'anonymous.policy.hcl'}${secret === undefined ? '' : ` -token=${secret}`}`,
        ];
      },
    },
    {
      key: 'verifyAnonymous',
      title: TITLE.verifyAnonymous,
      state: (_facts, memory) =>
        memory.anonymousVerified
          ? { done: true, detail: 'a request without a token worked' }
          : { done: false, detail: 'no request without a token has worked since' },
      why: () => ['Requests without a token now get the rights of the policy named "anonymous".'],
      lines: () => ['unset NOMAD_TOKEN', 'nomad status'],
    },
    {
      key: 'enableClientAcls',
      title: TITLE.enableClientAcls,
      state(facts) {
        const clients = facts.clients;
        if (clients.length === 0) return { done: true, detail: 'no client agents here' };
        const on = clients.filter((client) => facts.clientAclEnabled(client)).length;
        return {
          done: on === clients.length,
          detail: count(on, clients.length, 'clients run with ACLs on'),
        };
      },
      why: () => [LESSON.clientsCheckNoToken],
      lines: (facts) =>
        facts.clients.flatMap((client) => {
          const label = `${client.initialName}.${client.homeRegion}`;
          return [`config set ${label} acl.enabled=true`, `restart ${label}`];
        }),
    },
    {
      key: 'replicationToken',
      title: TITLE.replicationToken,
      state(facts) {
        const token = replicationToken(facts);
        if (token !== null)
          return { done: true, detail: `a global management token "${token.Name}"` };
        if (facts.others.length > 0 && setReplicationState(facts).done)
          return { done: true, detail: 'the other regions replicate with a management token' };
        return { done: false, detail: 'no management token besides the bootstrap token' };
      },
      why: () => [LESSON.replicationNeedsManagementToken],
      lines: (facts) => {
        const secret = facts.bootstrapToken()?.SecretID;
        return [
          `nomad acl token create -type=management -global=true -name="Cluster A Replication Token"${secret === undefined ? '' : ` -token=${secret}`}`,
        ];
      },
    },
    {
      key: 'setReplicationToken',
      title: TITLE.setReplicationToken,
      state: setReplicationState,
      why: () => [LESSON.replicated],
      lines: (facts) => {
        const secret = secretOr(
          replicationToken(facts)?.SecretID,
          '<the Secret ID of the replication token>',
        );
        return facts.others.flatMap((region) => [
          `config set ${region} acl.enabled=true acl.replication_token=${secret}`,
          `rolling-restart ${region}`,
        ]);
      },
    },
    {
      key: 'rebootstrap',
      title: TITLE.rebootstrap,
      state(facts, memory) {
        const left = facts.resetFiles(facts.authoritative).map(serverLabel);
        if (memory.resetIndexNow === null)
          return {
            done: false,
            detail: `not reset yet${memory.firstResetIndex === null ? '' : ` (reset index ${memory.firstResetIndex})`}`,
          };
        const moved = `reset index ${memory.firstResetIndex} → ${memory.resetIndexNow}`;
        return left.length === 0
          ? { done: true, detail: `${moved}; no reset file left` }
          : { done: false, detail: `${moved}; a reset file is still on ${left.join(', ')}` };
      },
      why: (facts) => {
        const leader = facts.leader(facts.authoritative);
        return [
          LESSON.resetAsksIndex,
          LESSON.resetFileOnLeader(leader === null ? 'its leader' : serverLabel(leader)),
          LESSON.removeResetFile,
        ];
      },
      lines(facts, memory) {
        const leader = facts.leader(facts.authoritative);
        if (leader === null) return ['status'];
        const file = facts.resetFilePath(leader);
        if (memory.resetIndexNow !== null)
          return facts
            .resetFiles(facts.authoritative)
            .flatMap((server) => [
              `ssh ${serverLabel(server)}`,
              `rm ${facts.resetFilePath(server)}`,
              'exit',
            ]);
        const index = facts.resetIndex(facts.authoritative);
        return [
          'nomad acl bootstrap',
          `ssh ${serverLabel(leader)}`,
          `echo ${index ?? '<the reset index>'} >> ${file}`,
          'exit',
          'nomad acl bootstrap',
        ];
      },
    },
  ];
}
