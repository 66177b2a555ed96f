/**
 * The tutorial's structure and explanations, shared by the tutorial scenario
 * (scenarios/tutorial.ts narrates them) and the shell's guide (`nomad-sim shell --guide
 * tutorial`, whose `hint` gives the same reasons). Each step title is a heading of the tutorial;
 * the texts are the scenario's narration, word for word, so a change shows in both places.
 */

/** The tutorial's title. */
export const TUTORIAL_TITLE = 'Bootstrap the Nomad ACL system across three regions';

/** The tutorial's headings, in the order it takes them. */
export const TUTORIAL_STEP_TITLES = {
  enableServerAcls: 'Enable ACLs on Nomad servers',
  stageAnonymousPolicy: 'Stage a permissive anonymous policy',
  bootstrap: 'Run the bootstrap command',
  cliToken: 'Providing a CLI token',
  deployAnonymousPolicy: 'Deploy your anonymous policy',
  verifyAnonymous: 'Verify anonymous requests succeed',
  enableClientAcls: 'Enable ACLs on Nomad clients',
  replicationToken: 'Create management tokens for other regions',
  setReplicationToken: 'Set the replication token on non-authoritative regions',
  rebootstrap: 'Re-bootstrap ACL system',
} as const;

export type TutorialStepKey = keyof typeof TUTORIAL_STEP_TITLES;

/** The permissive anonymous policy the tutorial stages and deploys. */
export const TUTORIAL_ANONYMOUS_POLICY = `namespace "*" {
  policy       = "write"
  capabilities = ["alloc-node-exec"]
}

agent {
  policy = "write"
}

operator {
  policy = "write"
}

quota {
  policy = "write"
}

node {
  policy = "write"
}

host_volume "*" {
  policy = "write"
}
`;

/** The tutorial's narration that explains why each step is done the way it is. */
export const TUTORIAL_LESSONS = {
  aclNotReloadable: `ACL settings are not reloadable: each server reads them when it starts. So we edit the
config of every server of the authoritative region first, then restart them one at a time, waiting
for each to rejoin before the next, so the region never loses its quorum.`,
  otherRegionsNameAuthoritative: `The other regions must name the authoritative region too. Their edit takes effect at their
own restart, later, once they also have a replication token.`,
  membersNeedToken: `A surprise the tutorial does not mention: once a server runs with ACLs on, \`nomad server
members\` needs a token with node read rights, and there is no token before the bootstrap.`,
  anonymousPolicy: `Nomad denies everything by default once ACLs are on. Requests without a token use the policy
named "anonymous"; a permissive one keeps the cluster usable while tokens are handed out.`,
  bootstrapIsResetIndex: (index: string): string =>
    `The bootstrap token is a management token. Its Create Index, ${index}, is the Raft index at
which the bootstrap was applied in the authoritative region: it is also the reset index we will
need if every management token is ever lost.`,
  anonymousDenied:
    'Without a token the request is anonymous, and no "anonymous" policy exists yet: permission denied.',
  clientsCheckNoToken: `Client agents answer some endpoints themselves (agent info, client stats, allocation files
and logs). Until their own config enables ACLs they check no token at all: even a made-up token is
accepted there.`,
  replicationNeedsManagementToken: `The leaders of europe and asia pull policies and global tokens from global with a
replication token. It must be a management token that exists in the authoritative region, where
the replication requests execute: a global one, or one local to global.`,
  replicated: `Both regions now hold the authoritative region's policy and its global tokens, each under its
own Raft indexes. Local tokens created in europe or asia would stay there.`,
  resetAsksIndex:
    'Suppose every management token is lost. The bootstrap endpoint tells us the reset index.',
  resetFileOnLeader: (leader: string): string =>
    `The reset file must be in the data directory of the authoritative region's current leader,
${leader}. Nomad reads it on every bootstrap attempt and never deletes it.`,
  removeResetFile:
    'The file can be removed now; left behind, it would only ever match a reset index it was written for.',
} as const;
