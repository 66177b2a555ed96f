/**
 * Arguments of a scenario run (`--seed N`, `--trace FILE`, `--html FILE`, `--profile
 * modern|tutorial`), with clear errors.
 */
import { parseProfileName, type ProfileName } from '../acl/index.js';

export interface ScenarioArgs {
  seed: number | null;
  trace: string | null;
  /** Where to write the run's timeline page. */
  html: string | null;
  profile: ProfileName;
}

export const SCENARIO_USAGE = `Usage: npx tsx scenarios/<name>.ts [--seed N] [--trace FILE] [--html FILE] [--profile modern|tutorial]
       npx nomad-sim run <scenario file> [--seed N] [--trace FILE] [--html FILE] [--profile modern|tutorial]`;

export function parseScenarioArgs(argv: readonly string[]): ScenarioArgs | { error: string } {
  const args: ScenarioArgs = { seed: null, trace: null, html: null, profile: 'modern' };
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
          return { error: `--profile must be modern or tutorial, got ${text === undefined ? 'nothing' : JSON.stringify(text)}` };
        }
        break;
      }
      default:
        return { error: `unknown argument ${JSON.stringify(raw)}` };
    }
  }
  return args;
}
