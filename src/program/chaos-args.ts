/**
 * Arguments of `nomad-sim chaos`:
 *
 *   chaos --seed N --regions global:5 --duration 10m [--trace FILE] [--html FILE] [--authoritative REGION] [--bug NAME]...
 *
 * `--regions` lists `name:servers` pairs separated by commas (the first region is authoritative
 * unless `--authoritative` says otherwise); `--duration` is a Go-style duration (`90s`, `10m`,
 * `1h30m`, `500ms`); `--bug` switches on a seeded Raft bug (for checking the checker). Bad input
 * comes back as `{ error }` with a message naming the flag; the program prints it with the usage
 * and exits with status 2. `formatChaosCommand` turns options back into a replay command.
 */
import type { RaftBugs } from '../raft/index.js';

export type RaftBugName = keyof RaftBugs;

/** The seeded Raft bugs `--bug` accepts. */
export const RAFT_BUG_NAMES: readonly RaftBugName[] = ['commitOldTermByCounting', 'voteBeforePersist', 'skipLogUpToDateCheck'];

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
  bugs?: RaftBugName[];
}

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
  --bug NAME               Switch on a seeded Raft bug: ${RAFT_BUG_NAMES.join(', ')}`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses `90s`, `10m`, `1h30m`, `1500ms` into whole milliseconds, or null. */
export function parseDuration(text: string): number | null {
  if (!/^(\d+(ms|s|m|h))+$/.test(text)) return null;
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  return Number.isSafeInteger(total) ? total : null;
}

/** The shortest duration text for `ms` (`10m`, `1m30s`, `1500ms`). */
export function formatDuration(ms: number): string {
  if (ms % 1_000 !== 0) return `${ms}ms`;
  let rest = ms / 1_000;
  const h = Math.floor(rest / 3_600);
  rest -= h * 3_600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const text = `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
  return text === '' ? '0s' : text;
}

/** Parses `global:3,europe:3`, or returns an error text. */
export function parseRegions(text: string): ChaosRegion[] | string {
  const regions: ChaosRegion[] = [];
  for (const part of text.split(',')) {
    const match = /^([A-Za-z0-9_-]+):(\d+)$/.exec(part.trim());
    if (match === null) return `invalid --regions "${text}": each region must look like name:servers (e.g. global:3)`;
    const name = match[1] as string;
    const servers = Number(match[2]);
    if (servers < 1 || servers > 9) return `invalid --regions "${text}": region ${name} needs 1 to 9 servers, got ${servers}`;
    if (regions.some((r) => r.name === name)) return `invalid --regions "${text}": region ${name} is listed twice`;
    regions.push({ name, servers });
  }
  return regions;
}

type Flag = 'seed' | 'regions' | 'duration' | 'trace' | 'html' | 'authoritative' | 'bug';
const FLAGS: readonly Flag[] = ['seed', 'regions', 'duration', 'trace', 'html', 'authoritative', 'bug'];

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
  const bugs: RaftBugName[] = [];
  for (const [flag, value] of flags) {
    if (flag === 'bug') {
      if (!(RAFT_BUG_NAMES as readonly string[]).includes(value)) {
        return { error: `invalid --bug "${value}": expected one of ${RAFT_BUG_NAMES.join(', ')}` };
      }
      if (!bugs.includes(value as RaftBugName)) bugs.push(value as RaftBugName);
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
  if (!Number.isSafeInteger(seed)) return { error: `invalid --seed "${seedText}": expected a safe integer` };
  const regions = parseRegions(single.get('regions') as string);
  if (typeof regions === 'string') return { error: regions };
  const durationText = single.get('duration') as string;
  const durationMs = parseDuration(durationText);
  if (durationMs === null || durationMs <= 0) {
    return { error: `invalid --duration "${durationText}": expected a duration such as 90s, 10m or 1h30m` };
  }
  const options: ChaosOptions = { seed, regions, durationMs };
  const authoritative = single.get('authoritative');
  if (authoritative !== undefined) {
    if (!regions.some((r) => r.name === authoritative)) {
      return { error: `invalid --authoritative "${authoritative}": not one of the regions (${regions.map((r) => r.name).join(', ')})` };
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
  for (const bug of options.bugs ?? []) parts.push(`--bug ${bug}`);
  return parts.join(' ');
}
