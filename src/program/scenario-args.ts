/**
 * Arguments of a scenario run (`--seed N`, `--trace FILE`, `--profile modern|tutorial`, each also
 * as `--flag=value`, and `--help`), with clear errors; a mistyped flag gets a suggestion.
 */
import { parseProfileName, type ProfileName } from '../acl/index.js';
import { didYouMean } from './did-you-mean.js';

export interface ScenarioArgs {
  seed: number | null;
  trace: string | null;
  profile: ProfileName;
  /** `--help` or `-h`: print the usage and exit 0. */
  help: boolean;
}

const FLAGS = ['--seed', '--trace', '--profile', '--help'];

export const SCENARIO_USAGE = `Usage: npx tsx <scenario file> [--seed N] [--trace FILE] [--profile modern|tutorial]
       npx nomad-sim run <scenario file> [--seed N] [--trace FILE] [--profile modern|tutorial]

Runs a scenario and prints what an operator would see.

Options:
  --seed N              The run's seed (a safe integer). Same seed, same run, same trace.
  --trace FILE          Write the trace (JSON lines) to FILE; - writes it to stdout (and the
                        transcript to stderr)
  --profile P           modern (Nomad 2.x, the default) or tutorial (Nomad ~1.0)

Exit codes: 0 the scenario passed, 1 it failed (SCENARIO FAILED and a replay line), 2 bad input.`;

export function parseScenarioArgs(argv: readonly string[]): ScenarioArgs | { error: string } {
  const args: ScenarioArgs = { seed: null, trace: null, profile: 'modern', help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    const [flag, inline] = raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--seed': {
        const text = value();
        if (text === undefined || !/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
          return { error: `--seed needs a safe integer, got ${text === undefined ? 'nothing' : JSON.stringify(text)}` };
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
      case '--profile': {
        const text = value();
        try {
          args.profile = parseProfileName(text ?? '');
        } catch {
          return { error: `--profile must be modern or tutorial, got ${text === undefined ? 'nothing' : JSON.stringify(text)}` };
        }
        break;
      }
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        return { error: `unknown argument ${JSON.stringify(raw)}${raw.startsWith('-') ? didYouMean(flag, FLAGS) : ''}` };
    }
  }
  return args;
}
