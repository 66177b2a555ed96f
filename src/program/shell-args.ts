/**
 * Arguments of `nomad-sim shell`:
 *
 *   shell [--regions global:3,europe:3,asia:3] [--authoritative REGION] [--seed N]
 *         [--profile modern|tutorial|v1.0] [--from FILE [--until TITLE]] [--guide tutorial]
 *         [--html FILE] [--script FILE] [--keep-going]
 *
 * A region is `name:servers` or `name:servers:clients`. Bad input comes back as `{ error }`, one
 * line naming the flag; the program prints it with the usage and exits 2.
 */
import { parseProfileName, type ProfileName } from '../acl/index.js';
import type { RegionSpec } from '../region/cluster.js';

export interface ShellArgs {
  regions: RegionSpec[] | null;
  authoritative: string | null;
  seed: number | null;
  profile: ProfileName | null;
  from: string | null;
  until: string | null;
  guide: string | null;
  html: string | null;
  script: string | null;
  keepGoing: boolean;
}

export const SHELL_USAGE = `Usage: nomad-sim shell [options]

  An interactive shell on a live simulated federation: nomad commands, files, config edits,
  restarts, faults and virtual time. Without a terminal (nomad-sim shell < steps.txt, or
  --script FILE) it runs each line, echoes it after the prompt, and stops at the first failing
  line with its exit status (--keep-going runs every line and exits with the last status).

Options:
  --regions REGIONS       name:servers[:clients],... (default global:3:1,europe:3,asia:3, the tutorial's)
  --authoritative REGION  every server names REGION as the authoritative region at the start
  --seed N                the run's seed (default 1)
  --profile P             modern (Nomad 2.0.5, default), tutorial (Nomad 0.9.7,
                          the tutorial's) or v1.0 (Nomad 1.0.4)
  --from FILE             play a scenario file first, then take over
  --until TITLE           with --from: stop before the step with this title
  --guide tutorial        follow the tutorial's steps as a checklist: guide shows it, hint the
                          next step; another order is explained as the mistake scenarios show it
  --html FILE             when the shell ends, write the session's timeline page to FILE
  --script FILE           run the lines of FILE instead of reading the terminal
  --keep-going            in a script, go on after a failing line`;

/** `global:3,europe:3:1` as region specs, or an error line. */
function parseShellRegions(text: string): RegionSpec[] | string {
  const regions: RegionSpec[] = [];
  for (const part of text.split(',')) {
    const match = /^([A-Za-z0-9_-]+):(\d+)(?::(\d+))?$/.exec(part.trim());
    if (match === null)
      return `invalid --regions "${text}": each region looks like name:servers or name:servers:clients (e.g. global:3)`;
    const name = match[1] as string;
    const servers = Number(match[2]);
    const clients = match[3] === undefined ? 0 : Number(match[3]);
    if (servers < 1 || servers > 9)
      return `invalid --regions "${text}": region ${name} needs 1 to 9 servers, got ${servers}`;
    if (clients > 9)
      return `invalid --regions "${text}": region ${name} may have at most 9 clients, got ${clients}`;
    if (regions.some((r) => r.name === name))
      return `invalid --regions "${text}": region ${name} is listed twice`;
    regions.push(clients === 0 ? { name, servers } : { name, servers, clients });
  }
  return regions;
}

const VALUE_FLAGS = [
  'regions',
  'authoritative',
  'seed',
  'profile',
  'from',
  'until',
  'guide',
  'html',
  'script',
] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

export function parseShellArgs(argv: readonly string[]): ShellArgs | { error: string } {
  const args: ShellArgs = {
    regions: null,
    authoritative: null,
    seed: null,
    profile: null,
    from: null,
    until: null,
    guide: null,
    html: null,
    script: null,
    keepGoing: false,
  };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    const match = /^--?([a-z-]+)(?:=(.*))?$/s.exec(raw);
    if (match === null) return { error: `unexpected argument "${raw}"` };
    const flag = match[1] as string;
    if (flag === 'keep-going') {
      if (match[2] !== undefined) return { error: '--keep-going takes no value' };
      args.keepGoing = true;
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(flag))
      return { error: `unknown flag "${raw}"` };
    if (seen.has(flag)) return { error: `flag --${flag} given twice` };
    seen.add(flag);
    let value = match[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined) return { error: `flag --${flag} needs a value` };
      i++;
    }
    const problem = setValue(args, flag as ValueFlag, value);
    if (problem !== null) return { error: problem };
  }
  if (args.until !== null && args.from === null)
    return { error: '--until needs --from FILE (the scenario whose steps to play)' };
  if (args.from !== null && (args.regions !== null || args.authoritative !== null))
    return {
      error: '--from takes the regions from the scenario: leave out --regions and --authoritative',
    };
  const names = (args.regions ?? [{ name: 'global' }, { name: 'europe' }, { name: 'asia' }]).map(
    (r) => r.name,
  );
  if (args.authoritative !== null && !names.includes(args.authoritative)) {
    return {
      error: `invalid --authoritative "${args.authoritative}": not one of the regions (${names.join(', ')})`,
    };
  }
  return args;
}

function setValue(args: ShellArgs, flag: ValueFlag, value: string): string | null {
  switch (flag) {
    case 'regions': {
      const regions = parseShellRegions(value);
      if (typeof regions === 'string') return regions;
      args.regions = regions;
      return null;
    }
    case 'seed': {
      const seed = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isSafeInteger(seed)) return `invalid --seed "${value}": expected a safe integer`;
      args.seed = seed;
      return null;
    }
    case 'guide':
      if (value !== 'tutorial') return `invalid --guide "${value}": the only guide is tutorial`;
      args.guide = value;
      return null;
    case 'profile':
      try {
        args.profile = parseProfileName(value);
      } catch {
        return `invalid --profile "${value}": expected modern, tutorial or v1.0`;
      }
      return null;
    default:
      if (value === '') return `flag --${flag} needs a value`;
      args[flag] = value;
      return null;
  }
}
