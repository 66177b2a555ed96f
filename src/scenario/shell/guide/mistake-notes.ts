/**
 * What the shell's guide says when a step is taken in another order than the tutorial's: after
 * each command it looks at what the command answered and at the federation, and recognises the
 * situations the mistake scenarios (scenarios/mistake-*.ts) are about, explaining them in those
 * scenarios' own words (src/scenario/lessons). Two situations are the tutorial's own warnings
 * (a request without a token before the anonymous policy exists; members before the bootstrap).
 *
 * A note is about an event (what the command just answered: shown once per session) or about a
 * state (how the federation is now: shown when it begins, and again if it ends and comes back).
 */
import {
  BOOTSTRAP_BEFORE_ALL_SERVERS,
  BOOTSTRAP_THROUGH_OTHER_REGION,
  CLIENT_TOKEN_AS_REPLICATION_TOKEN,
  FORGOT_AUTHORITATIVE_REGION,
  LEFTOVER_RESET_FILE,
  LOCAL_TOKEN_OTHER_REGION,
  type MistakeScenarioName,
  NO_REPLICATION_TOKEN,
  RESET_FILE_ON_FOLLOWER,
  RESTART_ALL_AT_ONCE,
} from '../../lessons/mistake-lessons.js';
import { TUTORIAL_LESSONS } from '../../lessons/tutorial-lessons.js';
import type { Server } from '../../../server/server.js';
import { type FederationFacts, type NomadRequest, serverLabel } from './federation-facts.js';
import type { GuideMemory } from './tutorial-checklist.js';

/** One command as the guide sees it once it has run. */
export interface CommandFacts {
  /** The command's words, expanded. */
  readonly words: readonly string[];
  readonly status: number;
  /** Everything it printed (also what went to a file). */
  readonly output: string;
  /** For a `nomad` command: where it went. */
  readonly nomad: NomadRequest | null;
}

export interface GuideNote {
  /** Shown once per key: per session for an event, per beginning for a state. */
  readonly key: string;
  readonly kind: 'event' | 'state';
  /** The mistake scenario that shows this, or null for the tutorial's own warning. */
  readonly mistake: MistakeScenarioName | null;
  /** One line: what happened, in this federation's names. */
  readonly heading: string;
  /** The explanation, in the scenario's words. */
  readonly paragraphs: readonly string[];
}

type Detector = (facts: FederationFacts, command: CommandFacts, memory: GuideMemory) => GuideNote[];

const list = (names: readonly string[]): string => names.join(', ');

/** ` (server-1.europe, server-2.europe)` for some servers of a region, nothing for all of them. */
function which(facts: FederationFacts, region: string, servers: readonly Server[]): string {
  return servers.length === facts.servers(region).length
    ? ''
    : ` (${list(servers.map(serverLabel))})`;
}

/** `nomad acl bootstrap` answered "ACL support disabled": some server on its way has ACLs off. */
const bootstrapRefused: Detector = (facts, command) => {
  const request = command.nomad;
  if (request?.command !== 'acl bootstrap' || !command.output.includes('ACL support disabled'))
    return [];
  const receiver = request.receiver;
  const leader = facts.leader(facts.authoritative);
  const explanation =
    receiver === null
      ? []
      : receiver.settings?.aclEnabled !== true
        ? [BOOTSTRAP_BEFORE_ALL_SERVERS.receiverRefuses(serverLabel(receiver))]
        : leader !== null && leader !== receiver
          ? [BOOTSTRAP_BEFORE_ALL_SERVERS.leaderRefuses(serverLabel(receiver), serverLabel(leader))]
          : [];
  return [
    {
      key: 'bootstrap-refused',
      kind: 'event',
      mistake: BOOTSTRAP_BEFORE_ALL_SERVERS,
      heading: `"ACL support disabled": not every server of ${facts.authoritative} runs with ACLs on yet`,
      paragraphs: [...explanation, BOOTSTRAP_BEFORE_ALL_SERVERS.lesson],
    },
  ];
};

/** The authoritative region is bootstrapped while some of its running servers have ACLs off. */
const halfEnabled: Detector = (facts) => {
  const auth = facts.authoritative;
  if (facts.resetIndex(auth) === null) return [];
  const off = facts
    .running(auth)
    .filter((server) => server.settings?.aclEnabled !== true)
    .map(serverLabel);
  if (off.length === 0) return [];
  return [
    {
      key: `half-enabled:${auth}`,
      kind: 'state',
      mistake: BOOTSTRAP_BEFORE_ALL_SERVERS,
      heading: `${auth} is bootstrapped, but ${list(off)} still run${off.length === 1 ? 's' : ''} with ACLs off`,
      paragraphs: [
        BOOTSTRAP_BEFORE_ALL_SERVERS.enforcementFollowsLeader,
        BOOTSTRAP_BEFORE_ALL_SERVERS.lesson,
      ],
    },
  ];
};

/** A bootstrap sent to a server of another region that names the authoritative one. */
const bootstrapThroughOtherRegion: Detector = (facts, command) => {
  const request = command.nomad;
  const auth = facts.authoritative;
  const receiver = request?.receiver ?? null;
  if (request?.command !== 'acl bootstrap' || receiver === null) return [];
  const region = request.executes ?? receiver.region;
  if (region === auth || receiver.settings?.authoritativeRegion !== auth) return [];
  if (command.status === 0) {
    const index = /Create Index\s*=\s*(\d+)/.exec(command.output)?.[1] ?? '?';
    return [
      {
        key: 'bootstrap-through-other-region',
        kind: 'event',
        mistake: BOOTSTRAP_THROUGH_OTHER_REGION,
        heading: `The bootstrap went to ${serverLabel(receiver)}, and ran in ${auth}`,
        paragraphs: [
          BOOTSTRAP_THROUGH_OTHER_REGION.landsInAuthoritative(serverLabel(receiver), auth, index),
          BOOTSTRAP_THROUGH_OTHER_REGION.replicationNotBootstrap(region, auth),
        ],
      },
    ];
  }
  if (!command.output.includes('ACL bootstrap already done')) return [];
  return [
    {
      key: 'one-bootstrap',
      kind: 'event',
      mistake: BOOTSTRAP_THROUGH_OTHER_REGION,
      heading: `${region} has no bootstrap of its own: ${auth}'s answered`,
      paragraphs: [
        BOOTSTRAP_THROUGH_OTHER_REGION.oneBootstrap(auth, region),
        BOOTSTRAP_THROUGH_OTHER_REGION.replicationNotBootstrap(region, auth),
      ],
    },
  ];
};

/** A region other than the authoritative one runs with ACLs on and names no authoritative region. */
const forgotAuthoritativeRegion: Detector = (facts) =>
  facts.others.flatMap((region): GuideNote[] => {
    const own = facts
      .running(region)
      .filter(
        (server) =>
          server.settings?.aclEnabled === true && server.settings.authoritativeRegion === region,
      );
    if (own.length === 0) return [];
    const notes: GuideNote[] = [
      {
        key: `own-authority:${region}`,
        kind: 'state',
        mistake: FORGOT_AUTHORITATIVE_REGION,
        heading: `${region} runs with ACLs on and names no authoritative region${which(facts, region, own)}`,
        paragraphs: [FORGOT_AUTHORITATIVE_REGION.fallsBack(region)],
      },
    ];
    if (facts.resetIndex(region) !== null)
      notes.push({
        key: `own-bootstrap:${region}`,
        kind: 'state',
        mistake: FORGOT_AUTHORITATIVE_REGION,
        heading: `${region} has a bootstrap of its own, apart from ${facts.authoritative}'s`,
        paragraphs: [
          FORGOT_AUTHORITATIVE_REGION.ownBootstrap(region, facts.authoritative),
          FORGOT_AUTHORITATIVE_REGION.twoWorlds,
        ],
      });
    return notes;
  });

/** Servers of another region replicating from the authoritative one, with a token that cannot. */
const replicationTokenProblems: Detector = (facts) => {
  const auth = facts.authoritative;
  return facts.others.flatMap((region): GuideNote[] => {
    const replicating = facts
      .running(region)
      .filter(
        (server) =>
          server.settings?.aclEnabled === true && server.settings.authoritativeRegion === auth,
      );
    const servers = (pick: (token: string) => boolean) =>
      replicating.filter((server) => pick(server.settings?.replicationToken ?? ''));
    const without = servers((token) => token === '');
    if (without.length > 0)
      return [
        {
          key: `no-replication-token:${region}`,
          kind: 'state',
          mistake: NO_REPLICATION_TOKEN,
          heading: `${region} runs with ACLs on but without a replication token${which(facts, region, without)}`,
          paragraphs: [
            NO_REPLICATION_TOKEN.startsAnyway(region, auth),
            NO_REPLICATION_TOKEN.anonymousPolicies(region, auth),
            NO_REPLICATION_TOKEN.onlyTrace,
          ],
        },
      ];
    const wrong = servers((token) => token !== '' && !facts.isManagementSecret(token));
    const secret = wrong[0]?.settings?.replicationToken;
    if (secret === undefined) return [];
    const token = facts.token(auth, secret);
    const labels = which(facts, region, wrong);
    const client = token !== null && token.Type === 'client';
    return [
      {
        key: `bad-replication-token:${region}:${secret}`,
        kind: 'state',
        mistake: CLIENT_TOKEN_AS_REPLICATION_TOKEN,
        heading: client
          ? `${region} replicates with a client token, "${token.Name}"${labels}`
          : `${region}'s replication token is no global management token of ${auth}${labels}`,
        paragraphs: [
          ...(client
            ? [
                CLIENT_TOKEN_AS_REPLICATION_TOKEN.policiesShrink(region, auth),
                CLIENT_TOKEN_AS_REPLICATION_TOKEN.tokensFail,
              ]
            : []),
          CLIENT_TOKEN_AS_REPLICATION_TOKEN.managementOnly,
        ],
      },
    ];
  });
};

const POLICY_WRITES = new Set(['acl policy apply', 'acl policy delete']);

/** A request refused (403) with a token that is local to one region, or not yet in another. */
const tokenOfAnotherRegion: Detector = (facts, command) => {
  const request = command.nomad;
  const secret = request?.token ?? null;
  if (request === null || secret === null || command.status === 0) return [];
  if (!command.output.includes('403')) return [];
  const auth = facts.authoritative;
  const executes = request.executes;
  const home = facts.cluster.regionNames.find((region) => {
    const token = facts.token(region, secret);
    return token !== null && !token.Global;
  });
  if (home !== undefined) {
    const token = facts.token(home, secret);
    const global = request.command === 'acl token create' && command.words.includes('-global=true');
    const write = POLICY_WRITES.has(request.command) || global;
    if (write && token?.Type === 'management')
      return [
        {
          key: `local-token-write:${secret}`,
          kind: 'event',
          mistake: LOCAL_TOKEN_OTHER_REGION,
          heading: `That token is local to ${home}: it cannot write policies or global tokens`,
          paragraphs: [
            LOCAL_TOKEN_OTHER_REGION.writesGoToAuthoritative(home, auth),
            LOCAL_TOKEN_OTHER_REGION.mustBeGlobal,
          ],
        },
      ];
    if (executes === null || executes === home) return [];
    return [
      {
        key: `local-token:${secret}:${executes}`,
        kind: 'event',
        mistake: LOCAL_TOKEN_OTHER_REGION,
        heading: `That token is local to ${home} (Global = false), and the request ran in ${executes}`,
        paragraphs: [
          ...(executes === auth ? [LOCAL_TOKEN_OTHER_REGION.authenticatedWhereExecuted(auth)] : []),
          LOCAL_TOKEN_OTHER_REGION.mustBeGlobal,
        ],
      },
    ];
  }
  if (
    executes !== null &&
    executes !== auth &&
    facts.isManagementSecret(secret) &&
    facts.token(executes, secret) === null
  )
    return [
      {
        key: `refused-there:${executes}`,
        kind: 'event',
        mistake: NO_REPLICATION_TOKEN,
        heading: `${auth}'s management token is not in ${executes} (yet)`,
        paragraphs: [NO_REPLICATION_TOKEN.refusedThere(executes, auth)],
      },
    ];
  return [];
};

/** The tutorial's own warnings: no token before the anonymous policy; members before a token. */
const tutorialWarnings: Detector = (facts, command) => {
  const request = command.nomad;
  if (request === null || command.status === 0 || !command.output.includes('403')) return [];
  const auth = facts.authoritative;
  if (request.command === 'server members' && facts.resetIndex(auth) === null)
    return [
      {
        key: 'members-need-token',
        kind: 'event',
        mistake: null,
        heading: 'Permission denied: ACLs are on, and no token exists yet',
        paragraphs: [TUTORIAL_LESSONS.membersNeedToken],
      },
    ];
  if (
    request.token === null &&
    facts.resetIndex(auth) !== null &&
    !facts.hasPolicy(auth, 'anonymous')
  )
    return [
      {
        key: 'anonymous-denied',
        kind: 'event',
        mistake: null,
        heading: 'Permission denied: the request had no token',
        paragraphs: [TUTORIAL_LESSONS.anonymousDenied],
      },
    ];
  return [];
};

/** Reset files: one the leader read and found stale, one on a follower, one left after a reset. */
const resetFiles: Detector = (facts, command, memory) => {
  const notes: GuideNote[] = [];
  const auth = facts.authoritative;
  const stale = /Invalid bootstrap reset index \(specified (\d+), reset index: (\d+)\)/.exec(
    command.output,
  );
  if (stale !== null) {
    const specified = stale[1] ?? '';
    const current = stale[2] ?? '';
    notes.push({
      key: `stale-reset-file:${specified}:${current}`,
      kind: 'event',
      mistake: LEFTOVER_RESET_FILE,
      heading: `The leader's reset file says ${specified}; the reset index is ${current}`,
      paragraphs: [
        LEFTOVER_RESET_FILE.staleFile(specified, current),
        LEFTOVER_RESET_FILE.firstNumberOnly,
        LEFTOVER_RESET_FILE.deleteEverywhere,
      ],
    });
  }
  const leader = facts.leader(auth);
  const withFile = facts.resetFiles(auth);
  if (
    command.nomad?.command === 'acl bootstrap' &&
    command.output.includes('ACL bootstrap already done') &&
    leader !== null &&
    !withFile.includes(leader)
  ) {
    const follower = withFile[0];
    if (follower !== undefined)
      notes.push({
        key: `follower-reset-file:${serverLabel(follower)}`,
        kind: 'event',
        mistake: RESET_FILE_ON_FOLLOWER,
        heading: `The reset file is on ${serverLabel(follower)}; ${serverLabel(leader)} leads ${auth}`,
        paragraphs: [
          // The scenario's explanation is about the server that received the request.
          ...(command.nomad.receiver === follower
            ? [RESET_FILE_ON_FOLLOWER.neverRead(serverLabel(follower), serverLabel(leader))]
            : []),
          LEFTOVER_RESET_FILE.onlyOnLeader,
        ],
      });
  }
  if (memory.resetIndexNow !== null && withFile.length > 0)
    notes.push({
      key: 'leftover-reset-file',
      kind: 'state',
      mistake: LEFTOVER_RESET_FILE,
      heading: `The reset worked; a reset file is still on ${list(withFile.map(serverLabel))}`,
      paragraphs: [TUTORIAL_LESSONS.removeResetFile, LEFTOVER_RESET_FILE.deleteEverywhere],
    });
  return notes;
};

/** Every server of a region restarted at once, or a region without a majority running. */
const outages: Detector = (facts, command) => {
  const notes: GuideNote[] = [];
  const [name, target] = command.words;
  if (name === 'restart' && target !== undefined && facts.cluster.regionNames.includes(target))
    notes.push({
      key: 'restart-all-at-once',
      kind: 'event',
      mistake: RESTART_ALL_AT_ONCE,
      heading: `Every server of ${target} restarted at the same time`,
      paragraphs: [RESTART_ALL_AT_ONCE.nobodyToTalkTo, RESTART_ALL_AT_ONCE.availabilityNotData],
    });
  for (const region of facts.cluster.regionNames) {
    const all = facts.servers(region);
    const up = facts.running(region);
    if (up.length > all.length / 2) continue;
    const lone = up[0];
    const alone =
      up.length === 1 && all.length === 3 && lone !== undefined ? serverLabel(lone) : null;
    notes.push({
      key: `outage:${region}`,
      kind: 'state',
      mistake: RESTART_ALL_AT_ONCE,
      heading: `${region} has ${up.length} of ${all.length} servers running: no majority, so no leader`,
      paragraphs: [
        ...(up.length === 0 ? [RESTART_ALL_AT_ONCE.nobodyToTalkTo] : []),
        ...(alone === null ? [] : [RESTART_ALL_AT_ONCE.aloneWithoutLeader(alone)]),
        RESTART_ALL_AT_ONCE.availabilityNotData,
      ],
    });
  }
  return notes;
};

const DETECTORS: readonly Detector[] = [
  bootstrapRefused,
  halfEnabled,
  bootstrapThroughOtherRegion,
  forgotAuthoritativeRegion,
  replicationTokenProblems,
  tokenOfAnotherRegion,
  tutorialWarnings,
  resetFiles,
  outages,
];

/** Every note that applies after `command`, events and states alike. */
export function notesAfter(
  facts: FederationFacts,
  command: CommandFacts,
  memory: GuideMemory,
): GuideNote[] {
  return DETECTORS.flatMap((detect) => detect(facts, command, memory));
}
