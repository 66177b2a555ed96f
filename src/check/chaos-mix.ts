/**
 * What a chaos run throws at the federation, as data the command line, the chaos runner and a
 * campaign share: the fault kinds with their relative weights, the virtual time between two
 * faults, and the client workloads. Two fault presets exist:
 *
 * - `default`: crashes, restarts, partitions, loss and duplication every 2–12 s (the mix every
 *   run had before the presets existed; the same seed still gives the same trace);
 * - `aggressive`: the same kinds plus armed faults that strike in narrow windows (a voter right
 *   after it grants a vote, a leader as it commits, a new leader as it is elected, a follower
 *   right after it acknowledges an append, a replicating leader in the middle of a round) and two
 *   compound faults ("lost vote" and Raft's Figure 8), every 0.2–1.5 s; crashed servers stay down 0.5–5 s and other
 *   faults last 1–8 s (instead of 1–20 s and 2–30 s), so that the federation still gets work done.
 *
 * Weights are relative integers; a weight of 0 leaves a kind out. Kinds that need something the
 * federation lacks (two regions, a replicating region) are left out when it lacks it.
 */

/** Every fault kind a chaos run can draw. The first ten are the default mix, in its draw order. */
export const CHAOS_FAULT_KINDS = [
  'crash',
  'crashLeader',
  'gracefulRestart',
  'partition',
  'partitionOneWay',
  'isolate',
  'splitRegions',
  'healAll',
  'loss',
  'duplicate',
  'crashAfterVote',
  'crashAtCommit',
  'isolateNewLeader',
  'crashAfterAppendAck',
  'crashMidReplication',
  'lostVote',
  'figure8',
] as const;

export type ChaosFaultKind = (typeof CHAOS_FAULT_KINDS)[number];

/** What each fault kind does (for `nomad-sim chaos --help`). */
export const CHAOS_FAULT_TEXTS: Readonly<Record<ChaosFaultKind, string>> = {
  crash: 'crash a random server; it restarts later (default mix 1-20 s, aggressive 0.5-5 s)',
  crashLeader: "crash a random region's leader; it restarts later",
  gracefulRestart:
    'stop a random server gracefully (a leader hands over first), start it 2 s later',
  partition: 'split a region in two, both ways, for a while (default mix 2-30 s, aggressive 1-8 s)',
  partitionOneWay: 'split a region in two, one way only, for a while',
  isolate: 'cut a random server off from everyone for a while',
  splitRegions: 'cut two regions off from each other for a while',
  healAll: 'remove every partition',
  loss: 'lose 1, 5 or 20 % of messages for a while',
  duplicate: 'duplicate 2 or 10 % of messages for a while',
  crashAfterVote:
    'armed: crash the next server that grants a vote, right after; it restarts 10-200 ms later',
  crashAtCommit:
    'armed: crash the next leader that announces a commit, as it does; it restarts later',
  isolateNewLeader: 'armed: cut off the next server that becomes leader, as it does, for a while',
  crashAfterAppendAck:
    'armed: crash the next follower that acknowledges an append, right after; it restarts 10-200 ms later',
  crashMidReplication:
    'armed: crash the next leader that stores a replicated ACL object, mid-round; it restarts later',
  lostVote:
    "compound: crash a region's leader (back 0.2-0.8 s later), crash the next voter right after it grants, cut off the next leader",
  figure8:
    "compound (Raft's Figure 8): crash a region's leader, cut off the next two leaders, crash the next to commit and the most up-to-date server twice, bring them back one by one",
};

export type ChaosFaultWeights = Readonly<Record<ChaosFaultKind, number>>;

/** A range of virtual ms, both ends included. */
export interface MsRange {
  readonly min: number;
  readonly max: number;
}

export type ChaosFaultMixName = 'default' | 'aggressive';

export const CHAOS_FAULT_MIX_NAMES: readonly ChaosFaultMixName[] = ['default', 'aggressive'];

export interface ChaosFaultMix {
  readonly weights: ChaosFaultWeights;
  /** Virtual ms between two faults. */
  readonly gapMs: MsRange;
  /** Virtual ms a crashed server stays down (except the armed crashes with their own times). */
  readonly downMs: MsRange;
  /** Virtual ms a partition, an isolation or a loss or duplication change lasts. */
  readonly faultMs: MsRange;
}

const NO_ARMED_FAULTS = {
  crashAfterVote: 0,
  crashAtCommit: 0,
  isolateNewLeader: 0,
  crashAfterAppendAck: 0,
  crashMidReplication: 0,
  lostVote: 0,
  figure8: 0,
};

export const CHAOS_FAULT_MIXES: Readonly<Record<ChaosFaultMixName, ChaosFaultMix>> = {
  default: {
    weights: {
      crash: 3,
      crashLeader: 2,
      gracefulRestart: 2,
      partition: 2,
      partitionOneWay: 1,
      isolate: 1,
      splitRegions: 1,
      healAll: 1,
      loss: 1,
      duplicate: 1,
      ...NO_ARMED_FAULTS,
    },
    gapMs: { min: 2_000, max: 12_000 },
    downMs: { min: 1_000, max: 20_000 },
    faultMs: { min: 2_000, max: 30_000 },
  },
  aggressive: {
    weights: {
      crash: 3,
      crashLeader: 3,
      gracefulRestart: 2,
      partition: 2,
      partitionOneWay: 1,
      isolate: 2,
      splitRegions: 1,
      healAll: 1,
      loss: 1,
      duplicate: 1,
      crashAfterVote: 2,
      crashAtCommit: 1,
      isolateNewLeader: 2,
      crashAfterAppendAck: 2,
      crashMidReplication: 2,
      lostVote: 2,
      figure8: 2,
    },
    gapMs: { min: 200, max: 1_500 },
    downMs: { min: 500, max: 5_000 },
    faultMs: { min: 1_000, max: 8_000 },
  },
};

/** Every client workload a chaos run can run. */
export const CHAOS_WORKLOADS = ['kv', 'acl', 'bootstrap', 'expiry', 'churn', 'blocking'] as const;

export type ChaosWorkloadName = (typeof CHAOS_WORKLOADS)[number];

/** What each workload does (for `nomad-sim chaos --help`). */
export const CHAOS_WORKLOAD_TEXTS: Readonly<Record<ChaosWorkloadName, string>> = {
  kv: 'kv writes with fresh keys through random servers (acknowledged ones must survive)',
  acl: 'policy upserts and deletes, global and local token creates and deletes, through random servers',
  bootstrap:
    'ACL bootstrap races through every region, and resets with the reset file on the authoritative leader (right and stale indexes)',
  expiry: 'tokens with an expiration TTL, used before and after they expire',
  churn: 'bursts of writes and deletes of the same objects while replication runs',
  blocking: 'short blocking queries (wait 10 ms-2 s) on the ACL lists of every region',
};

/** The workloads of a run that names none: kv, plus ACL writes when there are several regions. */
export function defaultChaosWorkloads(regions: number): ChaosWorkloadName[] {
  return regions > 1 ? ['kv', 'acl'] : ['kv'];
}

/** Whether a workload needs ACLs switched on. */
export function workloadNeedsAcls(name: ChaosWorkloadName): boolean {
  return name !== 'kv';
}
