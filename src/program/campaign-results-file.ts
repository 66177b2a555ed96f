/**
 * A campaign's files: the results (one JSON line per seed, appended as each seed finishes, so a
 * stopped campaign keeps every finished seed) and the replay scripts of failed seeds, in a folder
 * beside the results (`results.failures/seed-17.sh` for `results.jsonl`), with the shrunk run of
 * each failed seed as a scenario (`results.failures/seed-17.ts`, run with `npx tsx`).
 *
 * Reading checks every line (a line that is not a seed's result is one error naming the file and
 * line). A last line without its newline is what a killed process leaves mid-write: it is dropped
 * (`partialTail`), and `openResultsForAppend` cuts it off before appending.
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { formatRecord, parseRecord, type SeedRecord } from './campaign-record.js';
import { replayScript } from './campaign-replay-script.js';
import type { ChaosOptions } from './chaos-args.js';
import { ScenarioFileError, writeChaosScenario } from './chaos-scenario-file.js';
import { openProblem, systemProblem } from './trace-file.js';

/** A results file that cannot be read, parsed or written: the message is one line. */
export class CampaignFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CampaignFileError';
  }
}

export interface ResultLine {
  record: SeedRecord;
  /** `results.jsonl:12`, for messages. */
  where: string;
}

export interface ResultsFile {
  lines: ResultLine[];
  /** Bytes of complete lines; more bytes in the file are an unfinished last line. */
  completeBytes: number;
  partialTail: boolean;
}

/** Reads a results file. Throws CampaignFileError. */
export function readResultsFile(path: string): ResultsFile {
  let text: string;
  try {
    if (statSync(path).isDirectory())
      throw new CampaignFileError(`cannot read ${path}: it is a folder`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CampaignFileError) throw error;
    throw new CampaignFileError(`cannot read ${path}: ${systemProblem(error)}`);
  }
  const end = text.lastIndexOf('\n') + 1;
  const lines: ResultLine[] = [];
  text
    .slice(0, end)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const record = parseRecord(line);
      if (typeof record === 'string')
        throw new CampaignFileError(`${path}:${i + 1} is not a campaign result: ${record}`);
      lines.push({ record, where: `${path}:${i + 1}` });
    });
  return {
    lines,
    completeBytes: Buffer.byteLength(text.slice(0, end)),
    partialTail: text.slice(end).trim() !== '',
  };
}

export interface ResultsWriter {
  write: (record: SeedRecord) => void;
  close: () => void;
}

/**
 * Opens `path` to append result lines; `keepBytes` (from `readResultsFile`) cuts off an unfinished
 * last line first. Throws CampaignFileError.
 */
export function openResultsForAppend(path: string, keepBytes: number | null): ResultsWriter {
  let fd: number;
  try {
    if (keepBytes !== null && existsSync(path) && statSync(path).size > keepBytes)
      truncateSync(path, keepBytes);
    fd = openSync(path, 'a');
  } catch (error) {
    throw new CampaignFileError(`cannot write the results to ${path}: ${openProblem(path, error)}`);
  }
  return {
    write: (record) => {
      try {
        writeSync(fd, `${formatRecord(record)}\n`);
      } catch (error) {
        throw new CampaignFileError(`cannot write the results to ${path}: ${systemProblem(error)}`);
      }
    },
    close: () => closeSync(fd),
  };
}

/** The folder of replay scripts beside `out`: `results.failures` for `results.jsonl`. */
export function failuresFolderOf(out: string): string {
  const name = basename(out).replace(/\.jsonl?$/, '');
  return join(dirname(out), `${name}.failures`);
}

/**
 * Writes the replay script of a failed seed and, when it was shrunk, its shrunk run as a scenario
 * (`original`: the seed's chaos options); returns the script's path. Throws CampaignFileError.
 */
export function writeReplayScript(
  folder: string,
  record: SeedRecord,
  original: ChaosOptions,
): string {
  const path = join(folder, `seed-${record.seed}.sh`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path, replayScript(record));
    chmodSync(path, 0o755);
  } catch (error) {
    throw new CampaignFileError(`cannot write the replay script ${path}: ${systemProblem(error)}`);
  }
  const shrunk = record.shrunk;
  const violation = shrunk?.violation;
  if (shrunk?.schedule !== undefined && violation !== undefined) {
    try {
      writeChaosScenario(scenarioFileOf(folder, record.seed), {
        original,
        faultsBefore: shrunk.faultsBefore ?? shrunk.schedule.length,
        durationMs: shrunk.durationMs,
        faults: shrunk.schedule,
        violation,
        runs: shrunk.attempts,
      });
    } catch (error) {
      if (!(error instanceof ScenarioFileError)) throw error;
      throw new CampaignFileError(error.message);
    }
  }
  return path;
}

/** The scenario file of a failed seed's shrunk run. */
export function scenarioFileOf(folder: string, seed: number): string {
  return join(folder, `seed-${seed}.ts`);
}
