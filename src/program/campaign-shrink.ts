/**
 * Shrinking a failing chaos seed: the shortest `--duration` with which the same seed still breaks
 * the same property.
 *
 * A chaos run draws its faults and its client load from streams split off the seed, one stream per
 * purpose, and stops drawing when the duration is over. So the run with a shorter duration is the
 * same run up to its end — the same faults at the same times — followed by the final heal and the
 * liveness checks. Shrinking the duration therefore cuts the fault schedule down to its shortest
 * failing prefix: the faults struck after the damage was done go away, and the replay is shorter
 * to run and to read. A safety violation at virtual time t reproduces with any duration that ends
 * after t; a liveness failure may need the faults before the heal, so the search asks the
 * simulator rather than assuming: it bisects whole seconds between nothing and the original
 * duration, keeping the shortest duration seen to fail. The answer is always a run that was seen
 * to fail, the original one at worst.
 *
 * Going further (dropping single faults from the middle of the prefix) would need chaos to record
 * the faults it strikes as a schedule and to accept such a schedule in place of the random draws;
 * the fault-schedule runner (src/check/fault-runner.ts) already shrinks such schedules with
 * fast-check.
 */

/** At most this many runs are tried per failing seed (bisection of 10 min in seconds takes 10). */
export const SHRINK_ATTEMPTS = 12;

export interface ShrinkOutcome<T> {
  durationMs: number;
  /** What the shortest failing run returned (null when the original stayed the shortest). */
  failure: T | null;
  attempts: number;
}

/**
 * Bisects whole seconds in (0, originalMs) for the shortest duration whose run `fails` (returns
 * non-null). Runs below a second or not in whole seconds are not shrunk.
 */
export async function shortestFailingDuration<T>(
  originalMs: number,
  fails: (durationMs: number) => Promise<T | null>,
  maxAttempts: number = SHRINK_ATTEMPTS,
): Promise<ShrinkOutcome<T>> {
  let failing = Math.floor(originalMs / 1_000); // seconds known to fail
  let passing = 0; // seconds known (or taken) to pass
  let failure: T | null = null;
  let attempts = 0;
  if (originalMs % 1_000 !== 0) return { durationMs: originalMs, failure: null, attempts: 0 };
  while (failing - passing > 1 && attempts < maxAttempts) {
    const middle = passing + Math.floor((failing - passing) / 2);
    attempts++;
    const result = await fails(middle * 1_000);
    if (result === null) {
      passing = middle;
    } else {
      failing = middle;
      failure = result;
    }
  }
  return { durationMs: failure === null ? originalMs : failing * 1_000, failure, attempts };
}
