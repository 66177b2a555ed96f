/**
 * Writes a run's trace to a real file, one JSON line per record. This is a deliberate real-I/O
 * edge (listed in the tidy test): it only consumes trace lines and cannot influence the run.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface TraceFile {
  write: (line: string) => void;
  close: () => void;
}

export function openTraceFile(path: string): TraceFile {
  const fd = openSync(path, 'w');
  return {
    write: (line) => {
      writeSync(fd, `${line}\n`);
    },
    close: () => closeSync(fd),
  };
}
