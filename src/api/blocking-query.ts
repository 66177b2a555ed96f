/**
 * Blocking queries (spec §9): with `index` set, a read waits until the watched table index
 * exceeds it, or until the wait time passes (default and maximum 5 minutes, plus up to 1/16
 * jitter), then answers with whatever the state holds. The server wakes the query after each
 * entry it applies, so an idle wait costs nothing.
 */
import type { EndpointContext } from './context.js';

export const DEFAULT_BLOCKING_WAIT_MS = 300_000;

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
  const base = maxWaitMs !== undefined && maxWaitMs > 0 ? Math.min(maxWaitMs, DEFAULT_BLOCKING_WAIT_MS) : DEFAULT_BLOCKING_WAIT_MS;
  const deadline = cluster.sim.now + base + server.random.int(0, Math.floor(base / 16));
  const incarnation = server.incarnation;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    timer.cancel();
    if (server.incarnation === incarnation && server.isRunning) answer();
  };
  const timer = cluster.sim.at(deadline, finish);
  const watch = (): void => {
    if (done || server.incarnation !== incarnation) return;
    if (currentIndex() > minIndex) finish();
    else server.onNextApply(watch);
  };
  server.onNextApply(watch);
}
