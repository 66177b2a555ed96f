/** Durations in scenario scripts: a number of virtual ms, or Go-style text such as `30s`, `2m`, `1m30s`. */
import { parseGoDuration } from '../acl/index.js';

export type DurationInput = number | string;

export function toMs(duration: DurationInput): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) throw new RangeError(`invalid duration ${duration}: expected ms >= 0`);
    return Math.round(duration);
  }
  const parsed = parseGoDuration(duration);
  if (!parsed.ok || parsed.ms < 0) throw new RangeError(`invalid duration "${duration}": expected e.g. 500ms, 30s, 2m`);
  return Math.round(parsed.ms);
}
