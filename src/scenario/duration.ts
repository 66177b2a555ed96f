/**
 * Durations in scenario scripts: a number of virtual ms, or Go-style text such as `30s`, `2m`,
 * `1m30s`. Every duration the DSL takes is at most `MAX_SCENARIO_DURATION_MS` (30 days of virtual
 * time, far more than any ACL timer: the longest default is the 24h token expiry). A longer one is
 * refused, because waiting it out would keep the simulation busy for hours of real time.
 */
import { HOUR, parseGoDuration } from '../acl/index.js';

export type DurationInput = number | string;

/** The longest duration a scenario may ask for: 30 days (`720h`). */
export const MAX_SCENARIO_DURATION_MS = 30 * 24 * HOUR;

/** Says the bound, for error texts. */
export const SCENARIO_DURATION_BOUND = `the longest a scenario may ask for is ${MAX_SCENARIO_DURATION_MS / HOUR}h (${MAX_SCENARIO_DURATION_MS / (24 * HOUR)} days)`;

export function toMs(duration: DurationInput): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0)
      throw new RangeError(`invalid duration ${duration}: expected ms >= 0`);
    if (duration > MAX_SCENARIO_DURATION_MS)
      throw new RangeError(`invalid duration ${duration} ms: ${SCENARIO_DURATION_BOUND}`);
    return Math.round(duration);
  }
  const parsed = parseGoDuration(duration);
  if (!parsed.ok || parsed.ms < 0)
    throw new RangeError(`invalid duration "${duration}": expected e.g. 500ms, 30s, 2m`);
  if (parsed.ms > MAX_SCENARIO_DURATION_MS)
    throw new RangeError(`invalid duration "${duration}": ${SCENARIO_DURATION_BOUND}`);
  return Math.round(parsed.ms);
}

/** The shortest Go-style text for whole or fractional seconds of `ms`: `45s`, `3h37m0s`, `1.5s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${ms / 1000}s`;
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const seconds = (totalSeconds % 60) + (ms % 1000) / 1000;
  return `${hours > 0 ? `${hours}h` : ''}${minutes}m${seconds}s`;
}
