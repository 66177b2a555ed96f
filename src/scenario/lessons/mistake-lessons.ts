/**
 * What each mistake scenario (scenarios/mistake-*.ts) explains, shared by the scenarios, which
 * narrate these texts, and the shell's guide (`nomad-sim shell --guide tutorial`), which shows
 * them when a person makes the same mistake by hand. Texts that name servers, regions or indexes
 * take them as arguments; the scenarios pass the names they use.
 */

/** A mistake scenario: its file name (`npx nomad-sim run NAME`) and its title. */
export interface MistakeScenarioName {
  readonly name: string;
  readonly title: string;
}

export const BOOTSTRAP_BEFORE_ALL_SERVERS = {
  name: 'mistake-bootstrap-before-all-servers',
  title: 'Mistake: bootstrapping before every server has ACLs enabled',
  receiverRefuses: (receiver: string): string =>
    `${receiver} received the request and refused it itself: every ACL endpoint first checks that
ACLs are enabled on the server that receives the call, before forwarding it anywhere.`,
  leaderRefuses: (receiver: string, leader: string): string =>
    `${receiver} passed its own check and forwarded the bootstrap to the leader, ${leader}.
The forwarded call runs the same endpoint again on the leader, which checks its own settings:
ACLs are off there, so the answer is the same "ACL support disabled". Nothing was written.`,
  enforcementFollowsLeader: `Nothing changed in the ACL data: only the leader did, and the leader has
ACLs off. Any election (a crash, a restart, a slow disk) flips the whole region between "enforced"
and "wide open".`,
  lesson: `The lesson: enable ACLs on every server of the region (a rolling restart, one at a time)
before bootstrapping. A half-enabled region looks like it works, but its enforcement depends on
an election.`,
} as const;

export const BOOTSTRAP_THROUGH_OTHER_REGION = {
  name: 'mistake-bootstrap-through-other-region',
  title: 'Mistake: bootstrapping through a non-authoritative region',
  landsInAuthoritative: (receiver: string, authoritative: string, index: string): string =>
    `It worked, but not where the operator thinks. ${receiver} received the request, replaced its
region with the authoritative region, ${authoritative}, and forwarded it there; ${authoritative}'s leader executed it.
Create Index ${index} is an index of ${authoritative}'s Raft log.`,
  oneBootstrap: (authoritative: string, other: string): string =>
    `Through ${authoritative} or through ${other}, the answer is the same, with the same reset index: both
requests executed on ${authoritative}'s leader. There is exactly one bootstrap for the whole federation.`,
  replicationNotBootstrap: (region: string, authoritative: string): string =>
    `${region}'s servers authenticate against ${region}'s own copy of the tokens, and ${region} has none:
its leader can only copy ${authoritative} tokens with a replication token, which ${region} does not have yet.
That is the real "repeat for each region" step of the tutorial: give each other region a
replication token, not a bootstrap of its own.`,
} as const;

export const CLIENT_TOKEN_AS_REPLICATION_TOKEN = {
  name: 'mistake-client-token-as-replication-token',
  title: 'Mistake: a client token as the replication token',
  policiesShrink: (region: string, authoritative: string): string =>
    `The ${region} leader listed ${authoritative}'s policies with the client token,
and a client token sees only the policies linked to it.`,
  tokensFail:
    'Listing tokens needs a management token, so every token replication round fails and is retried 30 s later.',
  managementOnly: `Replication reads every policy and every global token of the authoritative region, which only
a management token may do. The replication token must be a management token that exists in the
authoritative region (global, or local to the authoritative region: the requests execute there);
there is no narrower one that works.`,
} as const;

export const FORGOT_AUTHORITATIVE_REGION = {
  name: 'mistake-forgot-authoritative-region',
  title: 'Mistake: one region without authoritative_region',
  fallsBack: (region: string): string =>
    `With no authoritative_region, each ${region} server falls back to its own region: ${region}
believes it is the authoritative region. Its leader therefore starts no replication at all.`,
  ownBootstrap: (region: string, authoritative: string): string =>
    `The bootstrap through ${region} did not land in ${authoritative}, as it would have with the setting: a
bootstrap executes in the authoritative region of the server that receives it, and ${region} names
itself.`,
  twoWorlds: `Each bootstrap token is refused by the other region: tokens are checked in the region that
executes the request, and nothing is copied between the two.`,
} as const;

export const LEFTOVER_RESET_FILE = {
  name: 'mistake-leftover-reset-file',
  title: 'Mistake: a reset file left behind after a reset',
  staleFile: (oldIndex: string, resetIndex: string): string =>
    `Not the "already done" the tutorial describes, but an error about an index the operator
never specified in this command: the leader read the old file and compared its ${oldIndex} with the
current reset index, ${resetIndex}. The file is harmless (a stale value can never reset anything, and
nothing was written), but it is confusing.`,
  firstNumberOnly: `Nomad reads the first number in the file and ignores the rest.
The tutorial's ">>" works only when there is no file yet.`,
  onlyOnLeader: 'The file only ever counts on the current leader.',
  deleteEverywhere: `Delete the reset files everywhere once done: a file left on any
server answers the next reset attempt with a stale number whenever that server leads.`,
} as const;

export const LOCAL_TOKEN_OTHER_REGION = {
  name: 'mistake-local-token-other-region',
  title: 'Mistake: a region-local token used in another region',
  writtenWhereReceived: (region: string): string =>
    `Without -global, the token was written in ${region}, the region of the server that received the
request, and only there: Global = false.`,
  authenticatedWhereExecuted: (authoritative: string): string =>
    `With -region=${authoritative} the request is forwarded to ${authoritative} and authenticated there, against ${authoritative}'s
tokens; replication copies global tokens from ${authoritative} to the other regions, never local tokens in
any direction, so ${authoritative} has never heard of this one.`,
  writesGoToAuthoritative: (region: string, authoritative: string): string =>
    `The local management token manages ${region}'s own tokens, but it cannot write a policy or a
global token, not even through a ${region} server: those writes always execute in the authoritative
region, ${authoritative}, which does not know the token.`,
  mustBeGlobal: `Tokens meant to work across regions must be global
tokens, created with -global in or through the authoritative region; a token that administers
policies must exist there, global or local to global.`,
} as const;

export const NO_REPLICATION_TOKEN = {
  name: 'mistake-no-replication-token',
  title: 'Mistake: a non-authoritative region without a replication token',
  startsAnyway: (region: string, authoritative: string): string =>
    `${region}'s servers have ACLs on and know that ${authoritative} is authoritative, but their acl block has
no replication_token. Nomad starts anyway, without a warning.`,
  refusedThere: (region: string, authoritative: string): string =>
    `The management token works in ${authoritative} and is refused in ${region}. A request is authenticated
by the region that executes it, against that region's own copy of the tokens, and ${region} has no
copy of any token: token replication needs a management token, and ${region}'s leader has none.`,
  anonymousPolicies: (region: string, authoritative: string): string =>
    `Policies did replicate, partly. The ${region} leader asked ${authoritative} for the policy list with no
token, as an anonymous caller, and an anonymous caller sees only the policy named "anonymous".`,
  otherLoops: `The leader's other replication loops fail too, each with its own line and the same 30-second
back-off (the first line of each):`,
  onlyTrace: `There is no "replication token not set" message anywhere. The only traces are generic errors
in the leader's log, once every 30 seconds (the replication back-off), for as long as the region
runs.`,
} as const;

export const RESET_FILE_ON_FOLLOWER = {
  name: 'mistake-reset-file-on-follower',
  title: 'Mistake: the reset file on a follower',
  neverRead: (follower: string, leader: string): string =>
    `Nothing changed. ${follower} received the request and forwarded it to the leader,
${leader}; the leader checked whether the bootstrap was done, found it done, and looked for
the reset file in its own data dir, where there is none. The file on ${follower} is never
read, and no server logs anything about it.`,
} as const;

export const RESTART_ALL_AT_ONCE = {
  name: 'mistake-restart-all-at-once',
  title: 'Mistake: restarting every server of a region at once',
  nobodyToTalkTo: `Every server of the region is down at the same time: there is nobody to talk to, and a
client pointed at any of them gets "connection refused". With a rolling restart two servers
would have kept serving, with a leader between them.`,
  aloneWithoutLeader: (server: string): string =>
    `${server} accepts the connection, but a Raft leader needs the votes of two of the three
servers, and it is alone. It holds each request for the 5-second RPC hold timeout, waiting for a
leader, then gives up with "No cluster leader". Reads fail too: they also go to the leader.`,
  availabilityNotData: `Raft acknowledges a write only once a majority
has it on disk, and a restarted server reads its log back, so a restart at once costs availability,
not data. The tutorial's advice, one server at a time, waiting for each to rejoin, keeps a
majority up the whole time and avoids the outage altogether.`,
} as const;

/** Every mistake scenario, in the order of the README's table. */
export const MISTAKE_SCENARIOS: readonly MistakeScenarioName[] = [
  BOOTSTRAP_BEFORE_ALL_SERVERS,
  NO_REPLICATION_TOKEN,
  CLIENT_TOKEN_AS_REPLICATION_TOKEN,
  FORGOT_AUTHORITATIVE_REGION,
  BOOTSTRAP_THROUGH_OTHER_REGION,
  LOCAL_TOKEN_OTHER_REGION,
  RESET_FILE_ON_FOLLOWER,
  LEFTOVER_RESET_FILE,
  RESTART_ALL_AT_ONCE,
];
