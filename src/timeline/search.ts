/**
 * Binary searches over the timeline's sorted columns: the page asks "what is visible between
 * these two times" and "what was the last record before this moment" many times per frame, so
 * none of them may scan a whole column.
 */

/**
 * The first record position `i` (0..count) whose time `timeAt(i)` is >= `t`, for records sorted
 * by time; `count` when there is none.
 */
export function firstAtOrAfter(count: number, timeAt: (i: number) => number, t: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeAt(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first position whose time is > `t` (records at exactly `t` come before it). */
export function firstAfter(count: number, timeAt: (i: number) => number, t: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeAt(mid) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * In a flat array of records of `stride` numbers each, time first and sorted by time: the offset
 * of the last record at or before `t`, or -1.
 */
export function lastRecordAtOrBefore(flat: readonly number[], stride: number, t: number): number {
  const count = Math.floor(flat.length / stride);
  const position = firstAfter(count, (i) => flat[i * stride] as number, t) - 1;
  return position < 0 ? -1 : position * stride;
}
