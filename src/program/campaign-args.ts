/**
 * Arguments of `nomad-sim campaign`:
 *
 *   campaign --seeds 1..10000 --regions global:3,europe:3,asia:3 --duration 10m [chaos options]
 *            [--workers N|auto] [--shard I/N] [--out FILE] [--stop-after-failures K] [--resume] [--json]
 *   campaign merge A.jsonl B.jsonl ... [--json]
 *
 * The campaign's own flags are listed below; every other flag is a chaos flag and goes, as given,
 * to every seed's chaos run (chaos's parser checks them, here once with the first seed and again
 * in the workers), so options chaos gains work in campaigns unchanged. `--seed` and `--trace` are
 * refused: a campaign runs many seeds, and a seed's trace comes from its replay command.
 */
import { parseChaosArgs } from './chaos-args.js';
import { parseSeedRange, parseShard, type SeedRange, type Shard } from './campaign-seeds.js';

export interface CampaignOptions {
  seeds: SeedRange;
  shard: Shard | null;
  workers: number | 'auto';
  /** Result lines go here (appended); null: to stdout. */
  out: string | null;
  stopAfterFailures: number | null;
  resume: boolean;
  json: boolean;
  /** The chaos flags every seed runs with, as given (without `--seed`). */
  chaosArgv: string[];
}

export type CampaignCommand =
  | { command: 'run'; options: CampaignOptions }
  | { command: 'merge'; files: string[]; json: boolean }
  | { command: 'help' };

export const CAMPAIGN_USAGE = `Usage: nomad-sim campaign --seeds A..B --regions REGIONS --duration DURATION [options]
       nomad-sim campaign merge RESULTS.jsonl... [--json]

  Runs the chaos checker once per seed, on every core, and writes one JSON line per seed. Each
  failing seed is shrunk with fast-check to the fewest, shortest and earliest faults (and the
  shortest --duration) that still break the same property (--no-shrink: not at all; --shrink-runs N:
  at most N runs per seed), and with --out its replay script and its shrunk run as a scenario are
  written to FILE's folder of failures (results.failures/seed-N.sh and seed-N.ts for
  results.jsonl; npx tsx seed-N.ts replays it). Exits 0 when every seed passed, 1 when one failed,
  2 on bad arguments, 130 when stopped by Ctrl-C or SIGTERM (the results so far are kept; --resume
  continues).

Options:
  --seeds A..B                 The seeds to run, both ends included (or one seed: --seeds 42)
  --workers N|auto             Worker threads (default auto: one per core)
  --shard I/N                  Run only shard I of N (1..N) of the seeds, for N machines
  --out FILE                   Append the result lines to FILE (default: print them on stdout,
                               and the summary on stderr)
  --resume                     Skip the seeds FILE already has (a missing FILE starts afresh)
  --stop-after-failures K      Stop starting seeds once K seeds have failed
  --json                       Print the summary as one JSON object
  --regions, --duration, ...   Chaos options, passed to every seed (see nomad-sim chaos)

  merge prints the summary of result files together (e.g. the shards of one campaign), the same
  summary one unsharded run prints.`;

type OwnFlag = 'seeds' | 'workers' | 'shard' | 'out' | 'stop-after-failures' | 'resume' | 'json';
const VALUE_FLAGS: readonly OwnFlag[] = ['seeds', 'workers', 'shard', 'out', 'stop-after-failures'];
const SWITCHES: readonly OwnFlag[] = ['resume', 'json'];

/** A token that is a flag rather than a value (`-5` is a value), as chaos's parser decides it. */
const FLAG = /^--?[a-z]/;

export function parseCampaignArgs(argv: readonly string[]): CampaignCommand | { error: string } {
  if (argv[0] === 'merge') return parseMergeArgs(argv.slice(1));
  const own = new Map<OwnFlag, string>();
  const chaosArgv: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h' || arg === 'help') return { command: 'help' };
    const match = /^--?([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match === null) return { error: `unexpected argument "${arg}"` };
    const name = match[1] as string;
    if (name === 'seed')
      return {
        error:
          'a campaign runs a range of seeds: use --seeds A..B (nomad-sim chaos --seed N runs one)',
      };
    if (name === 'trace')
      return {
        error:
          'a campaign writes no traces: replay a seed with its replay command and --trace FILE',
      };
    if (name === 'faults')
      return {
        error:
          "a campaign draws each seed's faults from the seed: replay one schedule with nomad-sim chaos --faults",
      };
    if (name === 'shrink-out')
      return {
        error:
          "a campaign writes each failed seed's shrunk run beside its results (--out FILE): FILE's .failures/seed-N.ts",
      };
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (match[2] !== undefined) return { error: `flag --${name} takes no value` };
      own.set(name as OwnFlag, 'true');
      continue;
    }
    let value = match[2];
    const takesNext =
      value === undefined && argv[i + 1] !== undefined && !FLAG.test(argv[i + 1] as string);
    if ((VALUE_FLAGS as readonly string[]).includes(name)) {
      if (value === undefined) {
        if (!takesNext) return { error: `flag --${name} needs a value` };
        value = argv[++i] as string;
      }
      if (own.has(name as OwnFlag)) return { error: `flag --${name} given twice` };
      own.set(name as OwnFlag, value);
      continue;
    }
    chaosArgv.push(arg);
    if (takesNext) chaosArgv.push(argv[++i] as string);
  }
  const seedsText = own.get('seeds');
  if (seedsText === undefined) return { error: 'missing --seeds (e.g. --seeds 1..1000)' };
  const seeds = parseSeedRange(seedsText);
  if (typeof seeds === 'string') return { error: seeds };
  const chaos = parseChaosArgs([...chaosArgv, '--seed', String(seeds.from)]);
  if ('error' in chaos) return { error: chaos.error };
  const options: CampaignOptions = {
    seeds,
    shard: null,
    workers: 'auto',
    out: null,
    stopAfterFailures: null,
    resume: own.has('resume'),
    json: own.has('json'),
    chaosArgv,
  };
  const shard = own.get('shard');
  if (shard !== undefined) {
    const parsed = parseShard(shard);
    if (typeof parsed === 'string') return { error: parsed };
    options.shard = parsed;
  }
  const workers = own.get('workers');
  if (workers !== undefined && workers !== 'auto') {
    const n = /^\d+$/.test(workers) ? Number(workers) : Number.NaN;
    if (!(n >= 1 && n <= 256))
      return { error: `invalid --workers "${workers}": expected auto or a number from 1 to 256` };
    options.workers = n;
  }
  const out = own.get('out');
  if (out !== undefined) {
    if (out === '') return { error: 'invalid --out "": expected a file name' };
    options.out = out;
  }
  if (options.resume && options.out === null)
    return { error: '--resume needs --out FILE (the results to continue)' };
  const stop = own.get('stop-after-failures');
  if (stop !== undefined) {
    const k = /^\d+$/.test(stop) ? Number(stop) : Number.NaN;
    if (!(k >= 1 && Number.isSafeInteger(k)))
      return {
        error: `invalid --stop-after-failures "${stop}": expected a whole number of at least 1`,
      };
    options.stopAfterFailures = k;
  }
  return { command: 'run', options };
}

function parseMergeArgs(argv: readonly string[]): CampaignCommand | { error: string } {
  const files: string[] = [];
  let json = false;
  for (const arg of argv) {
    if (arg === '--json' || arg === '-json') json = true;
    else if (arg === '--help' || arg === '-h') return { command: 'help' };
    else if (FLAG.test(arg))
      return { error: `merge: unknown flag "${arg}" (merge takes result files and --json)` };
    else files.push(arg);
  }
  if (files.length === 0)
    return {
      error: 'merge needs result files, e.g. nomad-sim campaign merge shard-1.jsonl shard-2.jsonl',
    };
  return { command: 'merge', files, json };
}
