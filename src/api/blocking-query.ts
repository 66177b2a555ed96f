/**
 * Blocking queries (spec §9): with `index` set, a read waits until the watched table index
 * exceeds it, or until the wait time passes (default and maximum 5 minutes, plus up to 1/16
 * jitter), then answers with whatever the state holds. The server wakes the query after each
 * entry it applies, so an idle wait costs nothing.
 */
import type { EndpointContext } from './context.js';

export const DEFAULT_BLOCKING_WAIT_MS = 300_000;

/** Longest wait a blocking query may ask for (Nomad's `MaxBlockingRPCQueryTime`, also 5 minutes). */
export const MAX_BLOCKING_WAIT_MS = 300_000;

/**
 * How long a blocking query waits before its jitter, from the `wait` it asked for (Nomad's
 * `blockingRPC` and `QueryOptions.TimeToBlock`): longer than the maximum is cut to the maximum,
 * and no wait, zero or a negative one (`?wait=-5s` parses as a Go duration, so the HTTP layer
 * accepts it) means the default. The forwarding timeout uses the same figure, so a query that
 * asked for a negative wait is waited for, not timed out.
 */
export function blockingWaitMs(requestedMs: number | undefined): number {
  if (requestedMs === undefined || !(requestedMs > 0)) return DEFAULT_BLOCKING_WAIT_MS;
  return Math.min(requestedMs, MAX_BLOCKING_WAIT_MS);
}

/**
 * Calls `answer` now if `currentIndex()` > `minIndex` (or no blocking was asked), else once it
 * does or the wait expires.
 */
export function blockingQuery(
  ctx: EndpointContext,
  minIndex: number | undefined,
  maxWaitMs: number | undefined,
  currentIndex: () => number,
  answer: () => void,
): void {
  if (minIndex === undefined || minIndex <= 0 || currentIndex() > minIndex) {
    answer();
    return;
  }
  const { server, cluster } = ctx;
  const base = blockingWaitMs(maxWaitMs);
  const deadline = cluster.sim.now + base + server.random.int(0, Math.floor(base / 16));
  // The wait belongs to this server's life: a crash or restart drops it with the query.
  let done = false;
  const finish = server.guard((): void => {
    if (done) return;
    done = true;
    timer?.cancel();
    answer();
  });
  const timer = server.at(deadline, finish);
  const watch = server.guard((): void => {
    if (done) return;
    if (currentIndex() > minIndex) finish();
    else server.onNextApply(watch);
  });
  server.onNextApply(watch);
}
