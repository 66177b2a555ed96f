/**
 * Arguments of `nomad-sim chaos`:
 *
 *   chaos --seed N --regions global:5 --duration 10m [--trace FILE] [--html FILE] [--authoritative REGION]
 *         [--fault-mix default|aggressive] [--fault KIND=WEIGHT]... [--fault-gap MIN-MAX]
 *         [--workload NAME[,NAME...]]... [--bug NAME]... [--max-append-entries N] [--max-events N]
 *         [--faults SCHEDULE] [--no-shrink] [--shrink-out FILE] [--shrink-runs N]
 *
 * `--regions` lists `name:servers` pairs separated by commas (the first region is authoritative
 * unless `--authoritative` says otherwise); `--duration` is a Go-style duration (`90s`, `10m`,
 * `1h30m`, `500ms`). The fault mix, per-kind weights, the gap between faults and the workloads
 * are described in src/check/chaos-mix.ts and in the usage text; `--bug` switches on a seeded bug
 * (src/sim/seeded-bugs.ts, for checking the checker). `--faults` strikes an explicit schedule
 * (src/check/chaos-schedule-text.ts) instead of drawing the faults from the seed; the shrink
 * flags say what a failing run does after its report (chaos-shrink.ts). Bad input comes back as `{ error }` with a
 * message naming the flag; the program prints it with the usage and exits with status 2.
 * `formatChaosCommand` turns options back into a replay command that parses to the same options.
 */
import { SEEDED_BUG_NAMES, SEEDED_BUGS, type SeededBugName } from '../sim/seeded-bugs.js';
import { formatDuration, parseDuration } from '../check/chaos-duration.js';
import { scheduleProblem, type ChaosFault } from '../check/chaos-schedule.js';
import { formatFaultSchedule, parseFaultSchedule } from '../check/chaos-schedule-text.js';
import {
  CHAOS_FAULT_KINDS,
  CHAOS_FAULT_MIX_NAMES,
  CHAOS_FAULT_MIXES,
  CHAOS_FAULT_TEXTS,
  CHAOS_WORKLOAD_TEXTS,
  CHAOS_WORKLOADS,
  type ChaosFaultKind,
  type ChaosFaultMixName,
  type ChaosWorkloadName,
  type MsRange,
} from '../check/chaos-mix.js';

export { formatDuration, parseDuration };

/** A seeded bug's name (`--bug`); kept under its old name for callers that only knew Raft bugs. */
export type RaftBugName = SeededBugName;

/** The seeded bugs `--bug` accepts. */
export const RAFT_BUG_NAMES: readonly SeededBugName[] = SEEDED_BUG_NAMES;

export interface ChaosRegion {
  name: string;
  servers: number;
}

export interface ChaosOptions {
  seed: number;
  regions: ChaosRegion[];
  /** Defaults to the first region. */
  authoritative?: string;
  durationMs: number;
  /** Where the program writes the trace (JSON lines); runChaos itself only hands lines to a sink. */
  traceFile?: string;
  /** Where the program writes the timeline page (HTML). */
  htmlFile?: string;
  bugs?: SeededBugName[];
  /** The fault preset (default: `default`). */
  faultMix?: ChaosFaultMixName;
  /** Weights that replace the preset's for these kinds (0 leaves a kind out). */
  faultWeights?: Partial<Record<ChaosFaultKind, number>>;
  /** Virtual ms between two faults (default: the preset's). */
  faultGapMs?: MsRange;
  /** The workloads to run (default: kv, plus acl with several regions). */
  workloads?: ChaosWorkloadName[];
  /** Stop with an error after this many simulation events (a runaway guard). */
  maxEvents?: number;
  /** Raft's MaxAppendEntries (default 64); 1 sends entries one by one. */
  maxAppendEntries?: number;
  /** Strike these faults instead of drawing them from the seed (`--faults`). */
  faults?: ChaosFault[];
  /** `--no-shrink`: a failing run is not shrunk. */
  shrink?: false;
  /** Where the shrunk run's scenario goes (default chaos-seed-N.ts). */
  shrinkOut?: string;
  /** At most this many runs while shrinking. */
  shrinkRuns?: number;
}

const indent = (lines: ReadonlyArray<readonly [string, string]>): string =>
  lines.map(([name, text]) => `    ${name.padEnd(26)}${text}`).join('\n');
/** A preset as usage lines: its gap, then its weights, wrapped. */
const mixText = (name: ChaosFaultMixName): string => {
  const mix = CHAOS_FAULT_MIXES[name];
  const kinds = CHAOS_FAULT_KINDS.filter((kind) => mix.weights[kind] > 0).map(
    (kind) => `${kind}=${mix.weights[kind]}`,
  );
  const lines = [
    `${name.padEnd(26)}a fault every ${formatDuration(mix.gapMs.min)}-${formatDuration(mix.gapMs.max)}, weights:`,
  ];
  let line = '';
  for (const kind of kinds) {
    if (line.length + kind.length > 70) {
      lines.push(`${''.padEnd(28)}${line.trimEnd()}`);
      line = '';
    }
    line += `${kind} `;
  }
  if (line !== '') lines.push(`${''.padEnd(28)}${line.trimEnd()}`);
  return lines.map((text) => `    ${text}`).join('\n');
};

/** Runs a shrink may try unless told otherwise (`--shrink-runs`). */
export const DEFAULT_SHRINK_RUNS = 150;

export const CHAOS_USAGE = `Usage: nomad-sim chaos --seed N --regions REGIONS --duration DURATION [options]

  Runs a simulated federation under random faults and client load, checking Raft and ACL
  invariants after every event. Exits 0 when every check passes, 1 on a violation (with the
  replay command), 2 on bad arguments.

Options:
  --seed N                 The run's seed (a safe integer). Same seed, same run, same trace.
  --regions REGIONS        Regions and their servers: global:5 or global:3,europe:3,asia:3
  --duration DURATION      Virtual time of faults and load: 90s, 10m, 1h30m
  --trace FILE             Write the trace (JSON lines) to FILE
  --html FILE              Write the run's timeline page (one HTML file, opens from disk) to FILE
  --authoritative REGION   The authoritative ACL region (default: the first region)
  --fault-mix MIX          The fault preset: default or aggressive
${CHAOS_FAULT_MIX_NAMES.map(mixText).join('\n')}
  --fault KIND=WEIGHT      Replace the weight of one fault kind (repeatable; 0 leaves it out):
${indent(CHAOS_FAULT_KINDS.map((kind) => [kind, CHAOS_FAULT_TEXTS[kind]]))}
  --fault-gap MIN-MAX      Virtual time between two faults, drawn in this range: 200ms-1500ms, or 5s
  --workload NAMES         Client workloads, comma-separated or repeated; "all" for every one
                           (default: kv, plus acl with several regions; any ACL workload turns ACLs on):
${indent(CHAOS_WORKLOADS.map((name) => [name, CHAOS_WORKLOAD_TEXTS[name]]))}
  --bug NAME               Switch on a seeded bug (repeatable), to check that chaos finds it:
${indent(SEEDED_BUGS)}
  --max-append-entries N   Raft's MaxAppendEntries (default 64); 1 sends entries one by one, which
                           opens the window Raft's Figure 8 needs (see the figure8 fault)
  --max-events N           Stop with an error after N simulation events (a guard against runaways)
  --faults SCHEDULE        Strike these faults instead of drawing them from the seed (the client
                           load still comes from the seed), e.g.
                           'crash@26100ms server=global/server-2 for=4210ms; loss@31s rate=0.05 for=8s'
                           (a shrunk run's replay command carries its schedule this way)

  A run that breaks an invariant is then shrunk: fast-check looks for the fewest, shortest and
  earliest faults (and the shortest --duration) that still break the same property, and the
  shortest run found is written as a scenario (npx tsx FILE.ts replays it, exit 1):
  --shrink-out FILE        Write it to FILE (default chaos-seed-N.ts in the current folder)
  --shrink-runs N          Try at most N runs while shrinking (default ${DEFAULT_SHRINK_RUNS})
  --no-shrink              Do not shrink; just report the violation`;

/** Parses `global:3,europe:3`, or returns an error text. */
export function parseRegions(text: string): ChaosRegion[] | string {
  const regions: ChaosRegion[] = [];
  for (const part of text.split(',')) {
    const match = /^([A-Za-z0-9_-]+):(\d+)$/.exec(part.trim());
    if (match === null)
      return `invalid --regions "${text}": each region must look like name:servers (e.g. global:3)`;
    const name = match[1] as string;
    const servers = Number(match[2]);
    if (servers < 1 || servers > 9)
      return `invalid --regions "${text}": region ${name} needs 1 to 9 servers, got ${servers}`;
    if (regions.some((r) => r.name === name))
      return `invalid --regions "${text}": region ${name} is listed twice`;
    regions.push({ name, servers });
  }
  return regions;
}

type Flag =
  | 'seed'
  | 'regions'
  | 'duration'
  | 'trace'
  | 'html'
  | 'authoritative'
  | 'bug'
  | 'fault-mix'
  | 'fault'
  | 'fault-gap'
  | 'workload'
  | 'max-events'
  | 'max-append-entries'
  | 'faults'
  | 'no-shrink'
  | 'shrink-out'
  | 'shrink-runs';
const FLAGS: readonly Flag[] = [
  'seed',
  'regions',
  'duration',
  'trace',
  'html',
  'authoritative',
  'bug',
  'fault-mix',
  'fault',
  'fault-gap',
  'workload',
  'max-events',
  'max-append-entries',
  'faults',
  'no-shrink',
  'shrink-out',
  'shrink-runs',
];
/** Flags that take no value. */
const SWITCHES: readonly Flag[] = ['no-shrink'];
/** Flags that may be given more than once. */
const REPEATABLE: readonly Flag[] = ['bug', 'fault', 'workload'];

/** Parses `200ms-1500ms` or `5s` (both ends the same) into a range of whole ms, or an error text. */
export function parseGap(text: string): MsRange | string {
  const parts = text.split('-');
  const bad = `invalid --fault-gap "${text}": expected MIN-MAX durations such as 200ms-1500ms, or one duration`;
  if (parts.length > 2) return bad;
  const [min, max] = parts.map(parseDuration);
  const low = min ?? null;
  const high = parts.length === 1 ? low : (max ?? null);
  if (low === null || high === null || low <= 0) return bad;
  if (high < low)
    return `invalid --fault-gap "${text}": the longest gap is shorter than the shortest`;
  return { min: low, max: high };
}

/** Parses one `--fault KIND=WEIGHT`, or returns an error text. */
function parseFaultWeight(text: string): [ChaosFaultKind, number] | string {
  const match = /^([A-Za-z][A-Za-z0-9]*)=(\d+)$/.exec(text);
  if (match === null)
    return `invalid --fault "${text}": expected KIND=WEIGHT with a whole weight (e.g. crash=3)`;
  const kind = match[1] as string;
  if (!(CHAOS_FAULT_KINDS as readonly string[]).includes(kind))
    return `invalid --fault "${text}": unknown kind ${kind}; expected one of ${CHAOS_FAULT_KINDS.join(', ')}`;
  const weight = Number(match[2]);
  if (!Number.isSafeInteger(weight) || weight > 1_000_000)
    return `invalid --fault "${text}": weight must be at most 1000000`;
  return [kind as ChaosFaultKind, weight];
}

/** Parses the values of `--workload` (comma lists, `all`), or returns an error text. */
function parseWorkloads(values: readonly string[]): ChaosWorkloadName[] | string {
  const chosen: ChaosWorkloadName[] = [];
  for (const value of values) {
    for (const name of value.split(',').map((part) => part.trim())) {
      if (name === 'all') {
        for (const each of CHAOS_WORKLOADS) if (!chosen.includes(each)) chosen.push(each);
        continue;
      }
      if (!(CHAOS_WORKLOADS as readonly string[]).includes(name)) {
        return `invalid --workload "${value}": unknown workload ${JSON.stringify(name)}; expected all or some of ${CHAOS_WORKLOADS.join(', ')}`;
      }
      if (!chosen.includes(name as ChaosWorkloadName)) chosen.push(name as ChaosWorkloadName);
    }
  }
  // A canonical order, so that a replay command reads the same whatever order they were given in.
  return CHAOS_WORKLOADS.filter((name) => chosen.includes(name));
}

/** Splits `--flag value` and `--flag=value` (also with one dash) into pairs, or an error. */
function readFlags(argv: readonly string[]): Array<[Flag, string]> | string {
  const pairs: Array<[Flag, string]> = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--?([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match === null) return `unexpected argument "${arg}"`;
    const flag = match[1] as Flag;
    if (!FLAGS.includes(flag)) return `unknown flag "${arg}"`;
    let value = match[2];
    if (SWITCHES.includes(flag)) {
      if (value !== undefined) return `flag --${flag} takes no value`;
      pairs.push([flag, '']);
      continue;
    }
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || /^--?[a-z]/.test(value)) return `flag --${flag} needs a value`;
      i++;
    }
    pairs.push([flag, value]);
  }
  return pairs;
}

/** Parses the arguments after `chaos`. */
export function parseChaosArgs(argv: readonly string[]): ChaosOptions | { error: string } {
  const flags = readFlags(argv);
  if (typeof flags === 'string') return { error: flags };
  const single = new Map<Flag, string>();
  const repeated = new Map<Flag, string[]>();
  const bugs: SeededBugName[] = [];
  for (const [flag, value] of flags) {
    if (flag === 'bug') {
      if (!(SEEDED_BUG_NAMES as readonly string[]).includes(value)) {
        return {
          error: `invalid --bug "${value}": expected one of ${SEEDED_BUG_NAMES.join(', ')}`,
        };
      }
      if (!bugs.includes(value as SeededBugName)) bugs.push(value as SeededBugName);
      continue;
    }
    if (REPEATABLE.includes(flag)) {
      repeated.set(flag, [...(repeated.get(flag) ?? []), value]);
      continue;
    }
    if (single.has(flag)) return { error: `flag --${flag} given twice` };
    single.set(flag, value);
  }
  for (const required of ['seed', 'regions', 'duration'] as const) {
    if (!single.has(required)) return { error: `missing --${required}` };
  }
  const seedText = single.get('seed') as string;
  const seed = /^-?\d+$/.test(seedText) ? Number(seedText) : Number.NaN;
  if (!Number.isSafeInteger(seed))
    return { error: `invalid --seed "${seedText}": expected a safe integer` };
  const regions = parseRegions(single.get('regions') as string);
  if (typeof regions === 'string') return { error: regions };
  const durationText = single.get('duration') as string;
  const durationMs = parseDuration(durationText);
  if (durationMs === null || durationMs <= 0) {
    return {
      error: `invalid --duration "${durationText}": expected a duration such as 90s, 10m or 1h30m`,
    };
  }
  const options: ChaosOptions = { seed, regions, durationMs };
  const authoritative = single.get('authoritative');
  if (authoritative !== undefined) {
    if (!regions.some((r) => r.name === authoritative)) {
      return {
        error: `invalid --authoritative "${authoritative}": not one of the regions (${regions.map((r) => r.name).join(', ')})`,
      };
    }
    options.authoritative = authoritative;
  }
  const trace = single.get('trace');
  if (trace !== undefined) {
    if (trace === '') return { error: 'invalid --trace "": expected a file name' };
    options.traceFile = trace;
  }
  const html = single.get('html');
  if (html !== undefined) {
    if (html === '') return { error: 'invalid --html "": expected a file name' };
    options.htmlFile = html;
  }
  if (bugs.length > 0) options.bugs = bugs;
  const mix = single.get('fault-mix');
  if (mix !== undefined) {
    if (!(CHAOS_FAULT_MIX_NAMES as readonly string[]).includes(mix))
      return {
        error: `invalid --fault-mix "${mix}": expected ${CHAOS_FAULT_MIX_NAMES.join(' or ')}`,
      };
    if (mix !== 'default') options.faultMix = mix as ChaosFaultMixName;
  }
  const weights: Partial<Record<ChaosFaultKind, number>> = {};
  for (const text of repeated.get('fault') ?? []) {
    const parsed = parseFaultWeight(text);
    if (typeof parsed === 'string') return { error: parsed };
    weights[parsed[0]] = parsed[1];
  }
  if (Object.keys(weights).length > 0) options.faultWeights = weights;
  const gap = single.get('fault-gap');
  if (gap !== undefined) {
    const parsed = parseGap(gap);
    if (typeof parsed === 'string') return { error: parsed };
    options.faultGapMs = parsed;
  }
  const workloadValues = repeated.get('workload');
  if (workloadValues !== undefined) {
    const parsed = parseWorkloads(workloadValues);
    if (typeof parsed === 'string') return { error: parsed };
    options.workloads = parsed;
  }
  for (const flag of ['max-events', 'max-append-entries', 'shrink-runs'] as const) {
    const text = single.get(flag);
    if (text === undefined) continue;
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n <= 0)
      return { error: `invalid --${flag} "${text}": expected a positive whole number` };
    if (flag === 'max-events') options.maxEvents = n;
    else if (flag === 'max-append-entries') options.maxAppendEntries = n;
    else options.shrinkRuns = n;
  }
  const faultsText = single.get('faults');
  if (faultsText !== undefined) {
    const faults = parseFaultSchedule(faultsText);
    if (typeof faults === 'string') return { error: `invalid --faults: ${faults}` };
    const problem = scheduleProblem(faults, regions, CHAOS_FAULT_KINDS);
    if (problem !== null) return { error: `invalid --faults: ${problem}` };
    options.faults = faults;
  }
  if (single.has('no-shrink')) options.shrink = false;
  const shrinkOut = single.get('shrink-out');
  if (shrinkOut !== undefined) {
    if (shrinkOut === '') return { error: 'invalid --shrink-out "": expected a file name' };
    if (!/\.[cm]?ts$/.test(shrinkOut))
      return {
        error: `invalid --shrink-out "${shrinkOut}": the scenario is TypeScript, name it FILE.ts`,
      };
    options.shrinkOut = shrinkOut;
  }
  return options;
}

/** The command line that replays `options` (without the trace file and the page). */
export function formatChaosCommand(options: ChaosOptions): string {
  const parts = [
    'npx nomad-sim chaos',
    `--seed ${options.seed}`,
    `--regions ${options.regions.map((r) => `${r.name}:${r.servers}`).join(',')}`,
    `--duration ${formatDuration(options.durationMs)}`,
  ];
  if (options.authoritative !== undefined) parts.push(`--authoritative ${options.authoritative}`);
  if (options.faultMix !== undefined && options.faultMix !== 'default')
    parts.push(`--fault-mix ${options.faultMix}`);
  for (const kind of CHAOS_FAULT_KINDS) {
    const weight = options.faultWeights?.[kind];
    if (weight !== undefined) parts.push(`--fault ${kind}=${weight}`);
  }
  if (options.faultGapMs !== undefined)
    parts.push(
      `--fault-gap ${formatDuration(options.faultGapMs.min)}-${formatDuration(options.faultGapMs.max)}`,
    );
  if (options.workloads !== undefined) parts.push(`--workload ${options.workloads.join(',')}`);
  for (const bug of options.bugs ?? []) parts.push(`--bug ${bug}`);
  if (options.maxAppendEntries !== undefined)
    parts.push(`--max-append-entries ${options.maxAppendEntries}`);
  if (options.maxEvents !== undefined) parts.push(`--max-events ${options.maxEvents}`);
  if (options.faults !== undefined)
    parts.push(`--faults ${shellWord(formatFaultSchedule(options.faults))}`);
  return parts.join(' ');
}

/** `text` as one shell word, in single quotes when it needs quoting. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
