/**
 * One line of a campaign's results: what one seed's chaos run did and how it ended.
 *
 *   {"seed":3,"shape":"global:5","verdict":"fail","violations":[{"property":"leader completeness",
 *    "detail":"…","time":26809}],"faults":{"crash":1,…},"virtualMs":60913,"events":9154,
 *    "wallMs":412,"replay":"npx nomad-sim chaos --seed 3 --regions global:5 --duration 1m …",
 *    "shrunk":{"duration":"23s","durationMs":23000,…,"faultsBefore":9,"schedule":[…]}}
 *
 * `verdict` is `pass`, `fail` (an invariant broke: `violations` says which, `shrunk` the shortest
 * run of the same seed that still breaks it: its faults as a schedule, and its replay command,
 * which carries them as `--faults`) or `error` (the run itself threw: `error` says why). Lines
 * written before schedules were shrunk (a shorter `--duration` only, no `faultsBefore` and
 * `schedule`) still read.
 * Everything but the wall times (`wallMs`, `shrunk.wallMs`) follows from the seed and the chaos
 * options, so two runs of a seed give the same line up to those: that is how shards, resumed runs
 * and worker counts are compared. The chaos options a line ran with are its replay command less
 * `--seed N` (`chaosFlagsOf`), which keeps lines short and follows whatever options chaos grows.
 */

import type { ChaosFault } from '../check/chaos-schedule.js';

export interface SeedViolation {
  property: string;
  detail: string;
  /** Virtual ms. */
  time: number;
}

/** The shortest run of the seed found that breaks the same property (see chaos-shrink.ts). */
export interface ShrunkRun {
  /** Virtual time of faults and load, as `--duration` takes it. */
  duration: string;
  durationMs: number;
  violation: SeedViolation;
  faults: Record<string, number>;
  replay: string;
  /** Runs tried while shrinking. */
  attempts: number;
  wallMs: number;
  /** Faults the failing run struck (the shrunk run strikes `schedule.length`). */
  faultsBefore?: number;
  /** The shrunk run's faults (src/check/chaos-schedule.ts), as it struck them. */
  schedule?: ChaosFault[];
}

export type Verdict = 'pass' | 'fail' | 'error';

export interface SeedRecord {
  seed: number;
  /** The regions and their servers, as `--regions` takes them. */
  shape: string;
  verdict: Verdict;
  violations: SeedViolation[];
  faults: Record<string, number>;
  virtualMs: number;
  events: number;
  wallMs: number;
  replay: string;
  /** Failures only. */
  shrunk?: ShrunkRun;
  /** Errors only: the one line the run threw. */
  error?: string;
}

/** The record as one JSON line (no newline), fields in the documented order. */
export function formatRecord(record: SeedRecord): string {
  const ordered: SeedRecord = {
    seed: record.seed,
    shape: record.shape,
    verdict: record.verdict,
    violations: record.violations.map((v) => ({
      property: v.property,
      detail: v.detail,
      time: v.time,
    })),
    faults: record.faults,
    virtualMs: record.virtualMs,
    events: record.events,
    wallMs: record.wallMs,
    replay: record.replay,
    ...(record.shrunk === undefined ? {} : { shrunk: orderedShrunk(record.shrunk) }),
    ...(record.error === undefined ? {} : { error: record.error }),
  };
  return JSON.stringify(ordered);
}

function orderedShrunk(s: ShrunkRun): ShrunkRun {
  const violation = {
    property: s.violation.property,
    detail: s.violation.detail,
    time: s.violation.time,
  };
  return {
    duration: s.duration,
    durationMs: s.durationMs,
    violation,
    faults: s.faults,
    replay: s.replay,
    attempts: s.attempts,
    wallMs: s.wallMs,
    ...(s.faultsBefore === undefined ? {} : { faultsBefore: s.faultsBefore }),
    ...(s.schedule === undefined ? {} : { schedule: s.schedule }),
  };
}

/** The chaos flags of the campaign a record belongs to: its replay command without `--seed N`. */
export function chaosFlagsOf(record: Pick<SeedRecord, 'replay'>): string {
  return record.replay
    .replace(/^npx nomad-sim chaos\s*/, '')
    .replace(/(^|\s)--seed[ =]-?\d+/, '')
    .trim();
}

/** The record without its wall times, as JSON: equal for two runs of the same seed. */
export function deterministicPart(record: SeedRecord): string {
  const shrunk = record.shrunk === undefined ? {} : { shrunk: { ...record.shrunk, wallMs: 0 } };
  return formatRecord({ ...record, wallMs: 0, ...shrunk });
}

/** Parses one line, or returns why it is not a campaign result. */
export function parseRecord(line: string): SeedRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isObject(value)) return 'not a JSON object';
  const problems: string[] = [];
  const need = (key: string, ok: (v: unknown) => boolean, what: string): void => {
    if (!ok(value[key])) problems.push(`"${key}" is not ${what}`);
  };
  need('seed', Number.isSafeInteger, 'a safe integer');
  need('shape', isString, 'a string');
  need('verdict', (v) => v === 'pass' || v === 'fail' || v === 'error', 'pass, fail or error');
  need('violations', (v) => Array.isArray(v) && v.every(isViolation), 'a list of violations');
  need('faults', isCounts, 'an object of counts');
  need('virtualMs', isCount, 'a whole number');
  need('events', isCount, 'a whole number');
  need('wallMs', isNumber, 'a number');
  need(
    'replay',
    (v) => isString(v) && v.startsWith('npx nomad-sim chaos '),
    'a chaos replay command',
  );
  if (value.shrunk !== undefined) need('shrunk', isShrunk, 'a shrunk run');
  if (value.error !== undefined) need('error', isString, 'a string');
  if (problems.length > 0) return problems.join(', ');
  return value as unknown as SeedRecord;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isCount(v: unknown): boolean {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

function isCounts(v: unknown): boolean {
  return isObject(v) && Object.values(v).every(isCount);
}

function isViolation(v: unknown): boolean {
  return isObject(v) && isString(v.property) && isString(v.detail) && isNumber(v.time);
}

function isShrunk(v: unknown): boolean {
  return (
    isObject(v) &&
    isString(v.duration) &&
    isCount(v.durationMs) &&
    isViolation(v.violation) &&
    isCounts(v.faults) &&
    isString(v.replay) &&
    isCount(v.attempts) &&
    isNumber(v.wallMs) &&
    (v.faultsBefore === undefined || isCount(v.faultsBefore)) &&
    (v.schedule === undefined ||
      (Array.isArray(v.schedule) && v.schedule.every((f) => isObject(f) && isString(f.kind))))
  );
}
