/**
 * Arguments of a scenario run (`--seed N`, `--trace FILE`, `--html FILE`, `--profile
 * modern|tutorial`, each also as `--flag=value`; `--timestamps`, `--json` and `--help`, which take
 * no value), with clear errors; a mistyped flag gets a suggestion. `nomad-sim run` takes its file
 * anywhere among them.
 */
import { parseProfileName, type ProfileName } from '../acl/index.js';
import { didYouMean } from './did-you-mean.js';
import { STDOUT_TRACE } from './trace-file.js';

export interface ScenarioArgs {
  seed: number | null;
  trace: string | null;
  /** Where to write the run's timeline page. */
  html: string | null;
  profile: ProfileName;
  /** `--timestamps`: each transcript line starts with its virtual time. */
  timestamps: boolean;
  /** `--json`: a one-line JSON summary on stdout; the transcript goes to stderr. */
  json: boolean;
  /** `--help` or `-h`: print the usage and exit 0. */
  help: boolean;
}

/** Flags followed by a value (`--seed 5` or `--seed=5`). */
const VALUE_FLAGS = ['--seed', '--trace', '--html', '--profile'];
/** Flags that stand alone. */
const SWITCHES = ['--timestamps', '--json', '--help', '-h'];
const FLAGS = [...VALUE_FLAGS, ...SWITCHES.filter((flag) => flag !== '-h')];

export const SCENARIO_USAGE = `Usage: npx tsx <scenario file> [options]
       npx nomad-sim run <scenario file or bundled name> [options]

Runs a scenario and prints what an operator would see.

Options (--flag value and --flag=value alike):
  --seed N              The run's seed (a safe integer). Same seed, same run, same trace.
  --trace FILE          Write the trace (JSON lines) to FILE; - writes it to stdout (and the
                        transcript to stderr)
  --html FILE           Write the run's timeline page to FILE (one HTML file; open it from disk)
  --profile P           modern (Nomad 2.0.5, the default), tutorial (Nomad 0.9.7, whose output
                        the ACL tutorial shows) or v1.0 (Nomad 1.0.4)
  --timestamps          Start each transcript line with its virtual time, [00:01:12.345]
  --json                Print a one-line JSON summary on stdout (scenario, title, seed, profile,
                        ok, failure, virtualMs, steps, replay); the transcript goes to stderr

Exit codes: 0 the scenario passed, 1 it failed (SCENARIO FAILED and a replay line), 2 bad input.`;

/** `--flag=value` split into flag and value; a word without `=` has no inline value. */
function splitFlag(raw: string): [string, string | undefined] {
  const at = raw.indexOf('=');
  return at === -1 ? [raw, undefined] : [raw.slice(0, at), raw.slice(at + 1)];
}

export function parseScenarioArgs(argv: readonly string[]): ScenarioArgs | { error: string } {
  const args: ScenarioArgs = {
    seed: null,
    trace: null,
    html: null,
    profile: 'modern',
    timestamps: false,
    json: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    const [flag, inline] = splitFlag(raw);
    const value = (): string | undefined => inline ?? argv[++i];
    if (SWITCHES.includes(flag) && inline !== undefined)
      return { error: `${flag} takes no value, got ${JSON.stringify(raw)}` };
    switch (flag) {
      case '--seed': {
        const text = value();
        if (text === undefined || !/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
          return {
            error: `--seed needs a safe integer, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`,
          };
        }
        args.seed = Number(text);
        break;
      }
      case '--trace': {
        const text = value();
        if (text === undefined || text === '') return { error: '--trace needs a file name' };
        args.trace = text;
        break;
      }
      case '--html': {
        const text = value();
        if (text === undefined || text === '') return { error: '--html needs a file name' };
        args.html = text;
        break;
      }
      case '--profile': {
        const text = value();
        try {
          args.profile = parseProfileName(text ?? '');
        } catch {
          return {
            error: `--profile must be modern, tutorial or v1.0, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`,
          };
        }
        break;
      }
      case '--timestamps':
        args.timestamps = true;
        break;
      case '--json':
        args.json = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        return {
          error: `unknown argument ${JSON.stringify(raw)}${raw.startsWith('-') ? didYouMean(flag, FLAGS) : ''}`,
        };
    }
  }
  if (args.json && args.trace === STDOUT_TRACE)
    return { error: '--json and --trace - both write to stdout: give --trace a file name' };
  return args;
}

/**
 * The scenario file of `nomad-sim run` (its first word that is neither a flag nor a flag's value,
 * so options may come before or after it) and the other words, in order.
 */
export function takeScenarioFile(argv: readonly string[]): {
  file: string | undefined;
  options: string[];
} {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (!word.startsWith('-') || word === '-')
      return { file: word, options: [...argv.slice(0, i), ...argv.slice(i + 1)] };
    if (VALUE_FLAGS.includes(word)) i++;
  }
  return { file: undefined, options: [...argv] };
}
