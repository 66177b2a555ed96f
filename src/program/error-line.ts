/**
 * Turns an exception that escaped a scenario script (at import, or later as an unhandled
 * rejection) into the one line `nomad-sim` prints instead of a stack trace. The line keeps what
 * the operator needs: where (`file:line:column`, the first stack frame in the scenario file, else
 * the first frame at all), what kind of error, and the whole message with its lines joined.
 *
 *   /work/s.ts:3:7: Error: no such region
 *   /work/s.ts:1:16: SyntaxError: Expected identifier but found "{"      (from esbuild, via tsx)
 *   /work/s.ts:2:16: invalid scenario "s": region global needs 1 to 9 servers, got 0
 */
import { fileURLToPath } from 'node:url';

/** Errors whose message already says everything: printed without their class name. */
const SELF_EXPLAINING = new Set(['ScenarioDefinitionError']);

/**
 * One line describing `error`; `file` is the scenario file it most likely comes from. The line
 * starts with `file`'s path when the error does not point into that file already.
 */
export function errorLine(error: unknown, file: string | null): string {
  const line = describe(error, file);
  return file === null || line.startsWith(`${file}:`) ? line : `${file}: ${line}`;
}

/** Node errors whose own text does not tell a scenario author what to do. */
const HINTS: Record<string, string> = {
  ERR_REQUIRE_CYCLE_MODULE:
    'the file uses import/export but Node loads it as CommonJS: name it .mts, or put it under a package.json with "type": "module"',
};

function describe(error: unknown, file: string | null): string {
  if (!(error instanceof Error)) return joinLines(String(error));
  const code = (error as { code?: unknown }).code;
  const hint = typeof code === 'string' ? HINTS[code] : undefined;
  if (hint !== undefined) return `${hint} (${code as string})`;
  const syntax = syntaxErrorLine(error);
  if (syntax !== null) return syntax;
  const what = SELF_EXPLAINING.has(error.name)
    ? joinLines(error.message)
    : `${error.name}: ${joinLines(error.message)}`;
  const where = locationOf(error, file);
  return where === null ? what : `${where}: ${what}`;
}

/** esbuild (tsx) reports `Transform failed with 1 error:\n<file>:<line>:<col>: ERROR: <text>`. */
function syntaxErrorLine(error: Error): string | null {
  const found = [...error.message.matchAll(/^(.+?:\d+:\d+): ERROR: (.*)$/gm)].map(
    (m) => `${m[1]}: SyntaxError: ${m[2]}`,
  );
  if (found.length > 0) return found.join('; ');
  if (error.name !== 'SyntaxError') return null;
  // V8's syntax errors put `<file>:<line>` as the first line of the stack.
  const head = /^(\S+:\d+)\n/.exec(error.stack ?? '');
  return `${head === null ? '' : `${toPath(head[1] as string)}: `}SyntaxError: ${joinLines(error.message)}`;
}

/** `file:line:column` of the first stack frame in `file`, else of the first frame. */
function locationOf(error: Error, file: string | null): string | null {
  const frames = [
    ...(error.stack ?? '').matchAll(/^\s+at (?:.*?\()?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?$/gm),
  ].map((m) => ({
    path: toPath(m[1] as string),
    at: `${m[2]}:${m[3]}`,
  }));
  const frame = frames.find((f) => file !== null && f.path === file) ?? frames[0];
  return frame === undefined ? null : `${frame.path}:${frame.at}`;
}

function toPath(location: string): string {
  if (!location.startsWith('file://')) return location;
  const match = /^(.*?)(:\d+)?$/.exec(location) as RegExpExecArray;
  return `${fileURLToPath(match[1] as string)}${match[2] ?? ''}`;
}

function joinLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
