/**
 * Shell-like command lines for scenario scripts, so they can be written as the tutorial writes
 * them: `nomad acl token create -type="management" -global=true -name="Cluster A Replication Token"`.
 *
 * `splitCommandLine` follows the POSIX shell's word rules that matter here:
 * - unquoted blanks (space, tab, newline) separate words;
 * - `'...'` keeps everything literally;
 * - `"..."` keeps everything except that a backslash escapes `"`, `\`, `$`, `` ` `` and newline
 *   (backslash-newline is removed); other backslashes stay;
 * - an unquoted backslash escapes the next character; backslash-newline joins lines;
 * - quotes glue to adjacent text (`-name="a b"` is the one word `-name=a b`); `""` is an empty word.
 * No variable expansion, globbing, pipes or redirections. An unterminated quote or a trailing
 * backslash is a `CommandLineSyntaxError`.
 *
 * `runNomadLine` runs such a line: leading `NAME=value` words set environment variables for this
 * command only (`NOMAD_TOKEN=... nomad status`), then the word `nomad` must follow.
 */
import type { CommandResult, NomadContext } from './context.js';
import { runNomad } from './run-nomad.js';

export class CommandLineSyntaxError extends Error {
  override readonly name = 'CommandLineSyntaxError';
}

const BLANK = /[ \t\n]/;
const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', '\\', '$', '`']);

/** Splits a shell-like command line into words. Throws `CommandLineSyntaxError` on bad quoting. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let i = 0;
  const at = (k: number): string => line[k] ?? '';
  while (i < line.length) {
    const ch = at(i);
    if (BLANK.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      i++;
    } else if (ch === '\\') {
      if (i + 1 >= line.length)
        throw new CommandLineSyntaxError('trailing backslash at the end of the command line');
      if (at(i + 1) !== '\n') {
        current += at(i + 1);
        inWord = true;
      }
      i += 2;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1)
        throw new CommandLineSyntaxError('unterminated single quote in the command line');
      current += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= line.length)
          throw new CommandLineSyntaxError('unterminated double quote in the command line');
        const c = at(i);
        if (c === '"') break;
        if (c === '\\' && at(i + 1) === '\n') i += 2;
        else if (c === '\\' && DOUBLE_QUOTE_ESCAPABLE.has(at(i + 1))) {
          current += at(i + 1);
          i += 2;
        } else {
          current += c;
          i++;
        }
      }
      i++;
    } else {
      current += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(current);
  return words;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** Runs a whole `[NAME=value ...] nomad ...` line; a malformed line is a failed result (exit 2). */
export async function runNomadLine(line: string, context: NomadContext): Promise<CommandResult> {
  let words: string[];
  try {
    words = splitCommandLine(line);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { stdout: '', stderr: `nomad-sim: ${message}\n`, exitCode: 2 };
  }
  const env: Record<string, string | undefined> = { ...context.env };
  let start = 0;
  for (
    let match = ASSIGNMENT.exec(words[0] ?? '');
    match !== null;
    match = ASSIGNMENT.exec(words[start] ?? '')
  ) {
    env[match[1] ?? ''] = match[2] ?? '';
    start++;
  }
  if (words[start] !== 'nomad') {
    return {
      stdout: '',
      stderr: `nomad-sim: only "nomad" commands can be run here, got: ${line}\n`,
      exitCode: 127,
    };
  }
  return runNomad(words.slice(start + 1), { ...context, env });
}
