/**
 * Writes a run's trace to a real file, one JSON line per record. This is a deliberate real-I/O
 * edge (listed in the tidy test): it only consumes trace lines and cannot influence the run.
 *
 * A file that cannot be opened (its folder is missing, it is a folder, no permission) or written
 * (a full disk) throws a TraceFileError whose message is one line naming the file and the cause,
 * e.g. `cannot write the trace to out/t.jsonl: the folder out does not exist`.
 *
 * The name `-` means standard output (`--trace - | jq ...`); when its reader goes away, the
 * program ends quietly (closed-pipe.ts).
 */
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { endQuietlyOnClosedPipe } from './closed-pipe.js';

/** The trace file name that means standard output. */
export const STDOUT_TRACE = '-';

export class TraceFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceFileError';
  }
}

export interface TraceFile {
  write: (line: string) => void;
  close: () => void;
}

/** Opens (creates or empties) `path` for the trace, or standard output for `-`. Throws TraceFileError. */
export function openTraceFile(path: string): TraceFile {
  if (path === STDOUT_TRACE) return stdoutTrace();
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new TraceFileError(`cannot write the trace to ${path}: ${openProblem(path, error)}`);
  }
  return {
    write: (line) => {
      try {
        writeSync(fd, `${line}\n`);
      } catch (error) {
        throw new TraceFileError(`cannot write the trace to ${path}: ${systemProblem(error)}`);
      }
    },
    close: () => closeSync(fd),
  };
}

/**
 * The trace on standard output, through Node's own stream (synchronous for files, terminals and,
 * on Linux, pipes), so it keeps its order with the program's other output there.
 */
function stdoutTrace(): TraceFile {
  endQuietlyOnClosedPipe();
  return { write: (line) => void process.stdout.write(`${line}\n`), close: () => {} };
}

/** Why `path` could not be opened, in words (also used for a campaign's files). */
export function openProblem(path: string, error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT' && !existsSync(dirname(path)))
    return `the folder ${dirname(path)} does not exist`;
  if (code === 'ENOTDIR') return `${dirname(path)} is not a folder`;
  if (code === 'EISDIR') return 'it is a folder; give a file name';
  return systemProblem(error);
}

/** `no space left on device (ENOSPC)` from Node's `ENOSPC: no space left on device, write`. */
export function systemProblem(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const match = /^[A-Z]+: (.*?)(?:, \w+(?: '[^']*')?)?$/.exec(message);
  return code === null || match === null ? message : `${match[1]} (${code})`;
}

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}
