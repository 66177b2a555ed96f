/**
 * `nomad-sim new NAME [--title TEXT]`: writes the starter scenario (./starter-scenario.ts) to
 * NAME.ts in the current folder, or to the path given (`scenarios/my-check.ts`, `.ts` or `.mts`),
 * and says how to run it. It never overwrites a file: an existing one is refused in one line,
 * exit 2, as are a missing folder and a name that cannot be a scenario name.
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { starterScenario } from './starter-scenario.js';
import { didYouMean } from './did-you-mean.js';
import { shellPath } from './scenario-main.js';

export const NEW_USAGE = `Usage: nomad-sim new NAME [--title TEXT]

Writes a commented starter scenario that runs as it is: NAME.ts in the current folder, or the
path given (e.g. scenarios/my-check.ts; .ts or .mts). An existing file is never overwritten.

Options (--flag value and --flag=value alike):
  --title TEXT          The scenario's title, the transcript's first line (default: from NAME)`;

const FLAGS = ['--title', '--help'];

interface NewArgs {
  name: string;
  title: string | null;
}

function parseNewArgs(argv: readonly string[]): NewArgs | { error: string } {
  const names: string[] = [];
  let title: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    if (!raw.startsWith('-')) {
      names.push(raw);
      continue;
    }
    const at = raw.indexOf('=');
    const flag = at === -1 ? raw : raw.slice(0, at);
    if (flag !== '--title')
      return { error: `unknown argument ${JSON.stringify(raw)}${didYouMean(flag, FLAGS)}` };
    const text = at === -1 ? argv[++i] : raw.slice(at + 1);
    if (text === undefined || text.trim() === '' || /[\r\n]/.test(text))
      return { error: '--title needs one line of text' };
    title = text;
  }
  if (names.length === 0) return { error: 'new needs a name, e.g. nomad-sim new my-check' };
  if (names.length > 1)
    return { error: `new takes one name, got ${names.map((n) => JSON.stringify(n)).join(', ')}` };
  return { name: names[0] as string, title };
}

/** `my-check` → `My check`. */
function titleFrom(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Writes the starter scenario; returns the exit code (0 written, 2 usage mistake or refused). */
export function newScenarioMain(argv: readonly string[]): number {
  const args = parseNewArgs(argv);
  if ('error' in args) {
    process.stderr.write(`nomad-sim: ${args.error}\n\n${NEW_USAGE}\n`);
    return 2;
  }
  const refuse = (line: string): number => {
    process.stderr.write(`nomad-sim: ${line}\n`);
    return 2;
  };
  const extension = extname(args.name);
  if (extension !== '' && extension !== '.ts' && extension !== '.mts') {
    return refuse(
      `cannot write a scenario to ${args.name}: the file name must end in .ts or .mts (or give NAME alone)`,
    );
  }
  const path = resolve(extension === '' ? `${args.name}.ts` : args.name);
  const name = basename(path, extension === '' ? '.ts' : extension);
  if (!/^[A-Za-z0-9][\w-]*$/.test(name)) {
    return refuse(
      `${JSON.stringify(name)} cannot name a scenario: use letters, digits, - and _ (e.g. my-check)`,
    );
  }
  const text = starterScenario({
    name,
    fileName: basename(path),
    title: args.title ?? titleFrom(name),
  });
  try {
    writeFileSync(path, text, { flag: 'wx' }); // wx: fails when the file exists
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EEXIST')
      return refuse(`${shellPath(path)} already exists; nomad-sim new does not overwrite files`);
    if (code === 'ENOENT')
      return refuse(`cannot write ${shellPath(path)}: no such folder ${shellPath(dirname(path))}`);
    return refuse(
      `cannot write ${shellPath(path)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const shown = shellPath(path);
  process.stdout.write(
    `Wrote ${shown}, a scenario that runs as it is. Run it with:\n  npx tsx ${shown}\n  npx nomad-sim run ${shown}\n`,
  );
  return 0;
}
