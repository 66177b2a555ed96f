/**
 * The summary of a campaign's results, computed from the result lines alone, so one unsharded run
 * and `nomad-sim campaign merge` of its shards print the same summary (up to the wall time):
 * seeds run, passed and failed, which seeds are missing between the lowest and the highest, the
 * faults struck, the virtual time and events simulated, the broken properties, and for each failed
 * seed the shortest replay found.
 */
import { chaosFlagsOf, type SeedRecord } from './campaign-record.js';

export interface SeedFailure {
  seed: number;
  property: string;
  /** Virtual ms of the violation in the full run. */
  time: number;
  replay: string;
  /** The shrunk run's replay command, when shrinking found a shorter one. */
  shortestReplay: string | null;
  /** Faults of the failing run and of the shrunk run, when its schedule was shrunk. */
  shrunkFaults: { before: number; after: number } | null;
}

export interface SeedError {
  seed: number;
  error: string;
  replay: string;
}

export interface CampaignSummary {
  /** The chaos flags every seed ran with (null when there are no results). */
  chaos: string | null;
  seeds: number;
  passed: number;
  failed: number;
  errors: number;
  lowestSeed: number | null;
  highestSeed: number | null;
  /** Seeds between the lowest and the highest that have no result (a missing shard, a stop). */
  missingSeeds: number;
  faults: Record<string, number>;
  virtualMs: number;
  events: number;
  /** Broken property → seeds that broke it. */
  violations: Record<string, number>;
  failures: SeedFailure[];
  errorSeeds: SeedError[];
  /** The seeds' own wall times added up (the only field that differs between two runs). */
  wallMs: number;
}

/** Summarises records (of one campaign, each seed once; see `mergeRecords`). */
export function summarise(records: readonly SeedRecord[]): CampaignSummary {
  const sorted = [...records].sort((a, b) => a.seed - b.seed);
  const faults: Record<string, number> = {};
  const violations: Record<string, number> = {};
  const failures: SeedFailure[] = [];
  const errorSeeds: SeedError[] = [];
  let virtualMs = 0;
  let events = 0;
  let wallMs = 0;
  for (const record of sorted) {
    for (const [kind, count] of Object.entries(record.faults))
      faults[kind] = (faults[kind] ?? 0) + count;
    virtualMs += record.virtualMs;
    events += record.events;
    wallMs += record.wallMs + (record.shrunk?.wallMs ?? 0);
    const violation = record.violations[0];
    if (record.verdict === 'fail' && violation !== undefined) {
      violations[violation.property] = (violations[violation.property] ?? 0) + 1;
      const shorter =
        record.shrunk !== undefined && record.shrunk.replay !== record.replay
          ? record.shrunk.replay
          : null;
      failures.push({
        seed: record.seed,
        property: violation.property,
        time: violation.time,
        replay: record.replay,
        shortestReplay: shorter,
        shrunkFaults:
          record.shrunk?.faultsBefore === undefined || record.shrunk.schedule === undefined
            ? null
            : { before: record.shrunk.faultsBefore, after: record.shrunk.schedule.length },
      });
    }
    if (record.verdict === 'error')
      errorSeeds.push({
        seed: record.seed,
        error: record.error ?? 'unknown error',
        replay: record.replay,
      });
  }
  const lowest = sorted[0]?.seed ?? null;
  const highest = sorted[sorted.length - 1]?.seed ?? null;
  return {
    chaos: sorted[0] === undefined ? null : chaosFlagsOf(sorted[0]),
    seeds: sorted.length,
    passed: sorted.filter((r) => r.verdict === 'pass').length,
    failed: sorted.filter((r) => r.verdict === 'fail').length,
    errors: errorSeeds.length,
    lowestSeed: lowest,
    highestSeed: highest,
    missingSeeds: lowest === null || highest === null ? 0 : highest - lowest + 1 - sorted.length,
    faults,
    virtualMs,
    events,
    violations,
    failures,
    errorSeeds,
    wallMs,
  };
}

/** At most this many failed seeds are listed one by one in the text summary. */
const LISTED_FAILURES = 20;

/** The summary as text; the line starting `wall time` is the only one that differs between runs. */
export function formatSummary(summary: CampaignSummary): string {
  const lines = [
    `campaign: ${summary.seeds} seeds, ${summary.passed} passed, ${summary.failed} failed${summary.errors > 0 ? `, ${summary.errors} errors` : ''}`,
  ];
  const row = (label: string, text: string): void => {
    lines.push(`  ${label.padEnd(14)} ${text}`);
  };
  if (summary.chaos !== null) row('chaos', summary.chaos);
  if (summary.lowestSeed !== null && summary.highestSeed !== null) {
    const missing =
      summary.missingSeeds === 0 ? 'none missing' : `${summary.missingSeeds} missing in between`;
    row('seeds', `${summary.lowestSeed}..${summary.highestSeed}, ${missing}`);
  }
  const faults = Object.entries(summary.faults)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  row('faults', faults === '' ? 'none' : faults);
  row('virtual time', `${formatHours(summary.virtualMs)} (${summary.events} events)`);
  const broken = Object.entries(summary.violations).map(([property, n]) => `${property} ${n}`);
  row('violations', broken.length === 0 ? 'none' : broken.join(', '));
  for (const failure of summary.failures.slice(0, LISTED_FAILURES)) {
    const shrunk =
      failure.shrunkFaults === null
        ? ''
        : ` (${failure.shrunkFaults.before} faults, shrunk to ${failure.shrunkFaults.after})`;
    lines.push(`  seed ${failure.seed}: ${failure.property} at t=${failure.time} ms${shrunk}`);
    lines.push(`    replay: ${failure.shortestReplay ?? failure.replay}`);
  }
  if (summary.failures.length > LISTED_FAILURES)
    lines.push(
      `  … and ${summary.failures.length - LISTED_FAILURES} more failed seeds (verdict "fail" in the results)`,
    );
  for (const error of summary.errorSeeds.slice(0, LISTED_FAILURES)) {
    lines.push(`  seed ${error.seed}: the run threw ${error.error}`);
    lines.push(`    replay: ${error.replay}`);
  }
  row('wall time', `${formatWall(summary.wallMs)} of seed runs`);
  return lines.join('\n');
}

/** `12.3 h`, `4.5 min` or `30.0 s` of virtual time. */
function formatHours(ms: number): string {
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 1_000).toFixed(1)} s`;
}

/** `1h02m03s`, `4m05s`, `6.2s`. */
export function formatWall(ms: number): string {
  const seconds = ms / 1_000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3_600);
  const m = Math.floor((whole % 3_600) / 60);
  const s = whole % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}h${two(m)}m${two(s)}s` : `${m}m${two(s)}s`;
}
