/**
 * A chaos run's faults as an explicit schedule: what each fault was (its kind), what it was aimed
 * at (servers as `region/server-N`, or regions), the virtual time it struck and how long it lasted,
 * plus what the seed drew for it (a loss rate, the gaps of a Figure 8). A run records the faults it
 * strikes this way (chaos-faults.ts), and a run given a schedule strikes exactly those faults
 * instead of drawing them, so a failing schedule can be replayed, shrunk (fewer, shorter, earlier
 * faults) and written down as a scenario.
 *
 * Durations a fault draws only when it takes effect may be absent: a crash of a server that was
 * already down, a `crashLeader` while the region had no leader, an armed fault that never fired.
 * Struck in a replay where it does take effect, such a fault uses the shortest time of the run's
 * fault mix. `struck` (the servers a fault hit) and `idle` (it did nothing) describe the run the
 * schedule was recorded in; a replay ignores them.
 */
import type { ChaosFaultKind } from './chaos-mix.js';

/** What every fault has: the virtual ms (since the run began, as in the trace) it strikes at. */
interface FaultBase {
  atMs: number;
  /** The servers it hit in the recorded run (`global/server-2`); informative only. */
  struck?: string[];
  /** It did nothing in the recorded run (the server was down, no leader, never fired). */
  idle?: boolean;
}

/**
 * One fault of a schedule, by kind (each line says what the kind does with its fields). Servers
 * are `region/server-N`; `forMs` is how long the fault lasts (a crashed server stays down, a
 * partition stays, ...).
 */
export type ChaosFault = FaultBase &
  /** Crash `server`; it starts again `forMs` later. */
  (
    | { kind: 'crash'; server: string; forMs?: number }
    /** Crash the leader `region` has at that moment; it starts again `forMs` later. */
    | { kind: 'crashLeader'; region: string; forMs?: number }
    /** Stop `server` gracefully (a leader hands over first); start it `forMs` after it stopped. */
    | { kind: 'gracefulRestart'; server: string; forMs?: number }
    /** Cut `sides[0]` off from `sides[1]` (one way: only messages from side 0 are lost) for `forMs`. */
    | { kind: 'partition' | 'partitionOneWay'; sides: [string[], string[]]; forMs?: number }
    /** Cut `server` off from every other endpoint for `forMs`. */
    | { kind: 'isolate'; server: string; forMs: number }
    /** Cut two regions off from each other for `forMs`. */
    | { kind: 'splitRegions'; regions: [string, string]; forMs: number }
    /** Remove every partition. */
    | { kind: 'healAll' }
    /** Lose (or duplicate) that share of messages for `forMs`. */
    | { kind: 'loss' | 'duplicate'; rate: number; forMs: number }
    /**
     * Armed: crash the next server that grants a vote, the next leader that commits, the next
     * follower that acknowledges an append, the next leader storing a replicated ACL object; cut
     * off the next new leader. `forMs`: how long it stays down (cut off) once it fires.
     */
    | {
        kind:
          | 'crashAfterVote'
          | 'crashAtCommit'
          | 'isolateNewLeader'
          | 'crashAfterAppendAck'
          | 'crashMidReplication';
        forMs?: number;
      }
    /**
     * Crash `region`'s leader for `forMs`, crash the next voter there for `voterDownMs` right
     * after it grants, cut the next leader off for `isolateForMs`.
     */
    | {
        kind: 'lostVote';
        region: string;
        forMs?: number;
        voterDownMs?: number;
        isolateForMs?: number;
      }
    /** Raft's Figure 8 on `region`, its six steps after these gaps (chaos-faults.ts). */
    | { kind: 'figure8'; region: string; gapsMs: number[] }
  );

/** The fields a fault of each kind may carry besides `atMs`, `kind`, `struck` and `idle`. */
export type ChaosFaultField =
  | 'server'
  | 'region'
  | 'sides'
  | 'regions'
  | 'forMs'
  | 'rate'
  | 'voterDownMs'
  | 'isolateForMs'
  | 'gapsMs';

interface KindFields {
  readonly required: readonly ChaosFaultField[];
  readonly optional: readonly ChaosFaultField[];
}

const ARMED: KindFields = { required: [], optional: ['forMs'] };

/** Which fields each kind needs and which it may have. */
export const CHAOS_FAULT_FIELDS: Readonly<Record<ChaosFaultKind, KindFields>> = {
  crash: { required: ['server'], optional: ['forMs'] },
  crashLeader: { required: ['region'], optional: ['forMs'] },
  gracefulRestart: { required: ['server'], optional: ['forMs'] },
  partition: { required: ['sides'], optional: ['forMs'] },
  partitionOneWay: { required: ['sides'], optional: ['forMs'] },
  isolate: { required: ['server', 'forMs'], optional: [] },
  splitRegions: { required: ['regions', 'forMs'], optional: [] },
  healAll: { required: [], optional: [] },
  loss: { required: ['rate', 'forMs'], optional: [] },
  duplicate: { required: ['rate', 'forMs'], optional: [] },
  crashAfterVote: ARMED,
  crashAtCommit: ARMED,
  isolateNewLeader: ARMED,
  crashAfterAppendAck: ARMED,
  crashMidReplication: ARMED,
  lostVote: { required: ['region'], optional: ['forMs', 'voterDownMs', 'isolateForMs'] },
  figure8: { required: ['region', 'gapsMs'], optional: [] },
};

/** The number of gaps a Figure 8 fault has (its steps after the first crash). */
export const FIGURE_8_GAPS = 6;

/** The durations of a fault (the fields a shrinker may shorten). */
export const DURATION_FIELDS: readonly ChaosFaultField[] = ['forMs', 'voterDownMs', 'isolateForMs'];

/** Servers as a chaos run names them: `region/server-N`, for the regions of a run. */
export function serverLabels(regions: ReadonlyArray<{ name: string; servers: number }>): string[] {
  return regions.flatMap((r) =>
    Array.from({ length: r.servers }, (_, i) => `${r.name}/server-${i + 1}`),
  );
}

/** A copy of `fault` without what describes the recorded run (`struck`, `idle`). */
export function replayPart(fault: ChaosFault): ChaosFault {
  const { struck: _struck, idle: _idle, ...rest } = fault;
  return rest as ChaosFault;
}

/** How many faults of each kind a schedule has. */
export function countFaults(
  faults: readonly ChaosFault[],
): Partial<Record<ChaosFaultKind, number>> {
  const counts: Partial<Record<ChaosFaultKind, number>> = {};
  for (const fault of faults) counts[fault.kind] = (counts[fault.kind] ?? 0) + 1;
  return counts;
}

/**
 * Why `value` is not a schedule for a run on `regions`, or null when it is one: each entry an
 * object of a known kind with exactly the fields its kind takes, times in order, servers and
 * regions of the run, whole ms, rates between 0 and 1.
 */
export function scheduleProblem(
  value: unknown,
  regions: ReadonlyArray<{ name: string; servers: number }>,
  kinds: readonly string[],
): string | null {
  if (!Array.isArray(value)) return 'the fault schedule is not a list';
  const servers = new Set(serverLabels(regions));
  const regionNames = new Set(regions.map((r) => r.name));
  let previous = 0;
  for (const [i, entry] of (value as unknown[]).entries()) {
    const where = `fault ${i + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      return `${where} is not an object`;
    const fault = entry as Record<string, unknown>;
    const kind = fault.kind;
    if (typeof kind !== 'string' || !kinds.includes(kind))
      return `${where}: unknown kind ${JSON.stringify(kind)}; expected one of ${kinds.join(', ')}`;
    const fields = CHAOS_FAULT_FIELDS[kind as ChaosFaultKind];
    const at = fault.atMs;
    if (!isWholeMs(at)) return `${where} (${kind}): atMs must be a whole number of ms >= 0`;
    if (at < previous)
      return `${where} (${kind}) at ${at} ms comes before the fault ahead of it (${previous} ms): list faults in time order`;
    previous = at;
    for (const key of Object.keys(fault)) {
      if (key === 'kind' || key === 'atMs' || key === 'struck' || key === 'idle') continue;
      if (![...fields.required, ...fields.optional].includes(key as ChaosFaultField))
        return `${where} (${kind}): unexpected field ${key}`;
    }
    for (const key of fields.required)
      if (fault[key] === undefined) return `${where} (${kind}): missing ${key}`;
    const problem = fieldProblems(fault, servers, regionNames);
    if (problem !== null) return `${where} (${kind}): ${problem}`;
  }
  return null;
}

function isWholeMs(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function fieldProblems(
  fault: Record<string, unknown>,
  servers: ReadonlySet<string>,
  regions: ReadonlySet<string>,
): string | null {
  const server = (name: unknown): boolean => typeof name === 'string' && servers.has(name);
  const region = (name: unknown): boolean => typeof name === 'string' && regions.has(name);
  if (fault.server !== undefined && !server(fault.server))
    return `unknown server ${JSON.stringify(fault.server)}; servers are named like ${[...servers][0] ?? 'global/server-1'}`;
  if (fault.region !== undefined && !region(fault.region))
    return `unknown region ${JSON.stringify(fault.region)}`;
  if (fault.sides !== undefined) {
    const sides = fault.sides;
    if (
      !Array.isArray(sides) ||
      sides.length !== 2 ||
      !sides.every((side) => Array.isArray(side) && side.every(server))
    )
      return 'sides must be two lists of servers of the run';
    const all = (sides as string[][]).flat();
    if (new Set(all).size !== all.length) return 'a server is on both sides, or twice on one';
  }
  if (fault.regions !== undefined) {
    const pair = fault.regions;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(region) || pair[0] === pair[1])
      return 'regions must be two different regions of the run';
  }
  for (const key of DURATION_FIELDS) {
    if (fault[key] !== undefined && !isWholeMs(fault[key]))
      return `${key} must be a whole number of ms >= 0`;
  }
  if (fault.rate !== undefined) {
    const rate = fault.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
      return 'rate must be a number between 0 and 1';
  }
  if (fault.gapsMs !== undefined) {
    const gaps = fault.gapsMs;
    if (!Array.isArray(gaps) || gaps.length !== FIGURE_8_GAPS || !gaps.every(isWholeMs))
      return `gapsMs must be ${FIGURE_8_GAPS} whole numbers of ms >= 0`;
  }
  const struck = fault.struck;
  if (
    struck !== undefined &&
    (!Array.isArray(struck) || !struck.every((s) => typeof s === 'string'))
  )
    return 'struck must be a list of server names';
  if (fault.idle !== undefined && typeof fault.idle !== 'boolean')
    return 'idle must be true or false';
  return null;
}

/** One line for a transcript: `crash global/server-2 for 4210 ms`, `partition global/server-1 | global/server-2, global/server-3 for 8 s`. */
export function describeFault(fault: ChaosFault): string {
  const ms = (value: number | undefined): string => (value === undefined ? '' : ` for ${value} ms`);
  switch (fault.kind) {
    case 'crash':
    case 'gracefulRestart':
      return `${fault.kind} ${fault.server}${ms(fault.forMs)}`;
    case 'crashLeader':
      return `crashLeader of ${fault.region}${ms(fault.forMs)}`;
    case 'partition':
    case 'partitionOneWay':
      return `${fault.kind} ${fault.sides[0].join(', ')} ${fault.kind === 'partition' ? '|' : '->|'} ${fault.sides[1].join(', ')}${ms(fault.forMs)}`;
    case 'isolate':
      return `isolate ${fault.server}${ms(fault.forMs)}`;
    case 'splitRegions':
      return `splitRegions ${fault.regions[0]} | ${fault.regions[1]}${ms(fault.forMs)}`;
    case 'healAll':
      return 'healAll';
    case 'loss':
    case 'duplicate':
      return `${fault.kind} ${Math.round(fault.rate * 1000) / 10} %${ms(fault.forMs)}`;
    case 'lostVote':
      return `lostVote in ${fault.region}${ms(fault.forMs)}`;
    case 'figure8':
      return `figure8 in ${fault.region} (gaps ${fault.gapsMs.join(', ')} ms)`;
    default:
      return `${fault.kind} (armed)`;
  }
}
