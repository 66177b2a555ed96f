/**
 * The progress line of a long `nomad-sim chaos` run, on a terminal only: virtual time done out of
 * the planned duration, events run, faults struck so far and violations so far (none: the run
 * stops at the first); while a failed run is shrunk, the runs tried and the shortest failing run
 * so far. It rewrites one line of stderr at most four times a wall-clock second and
 * clears it when the run ends; when stderr is not a terminal it prints nothing. This is a
 * deliberate real-time edge (listed in the tidy test): it reads the wall clock to pace itself and
 * only reads the run's statistics.
 */
import type { ChaosStats } from './chaos.js';
import type { ShrinkProgress } from './chaos-shrink.js';
import { formatDuration } from './chaos-args.js';

const MIN_WALL_MS_BETWEEN_LINES = 250;

export interface ChaosProgress {
  /** Hand to `runChaos` as `onProgress`. */
  readonly update: (stats: ChaosStats) => void;
  /** Removes the line (call when the run is over). */
  readonly finish: () => void;
}

export function chaosProgress(
  stream: NodeJS.WriteStream,
  durationMs: number,
): ChaosProgress | null {
  if (stream.isTTY !== true) return null;
  let lastWall = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    update: (stats) => {
      const now = performance.now();
      if (now - lastWall < MIN_WALL_MS_BETWEEN_LINES) return;
      lastWall = now;
      shown = true;
      stream.write(`\r\x1b[2K${formatProgress(stats, durationMs)}`);
    },
    finish: () => {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** `chaos: 12m30s of 3h virtual (6%), 1234567 events, 37 faults, no violation so far`. */
export function formatProgress(stats: ChaosStats, durationMs: number): string {
  const done = Math.min(stats.virtualMs, durationMs);
  const percent = Math.floor((100 * done) / durationMs);
  const faults = Object.values(stats.faults).reduce((sum, n) => sum + n, 0);
  const virtual = formatDuration(Math.floor(done / 1_000) * 1_000);
  return `chaos: ${virtual} of ${formatDuration(durationMs)} virtual (${percent}%), ${stats.events} events, ${faults} faults, no violation so far`;
}

/** The progress line while a failed run is shrunk (on a terminal only; null otherwise). */
export function shrinkProgress(
  stream: NodeJS.WriteStream,
  maxRuns: number,
): { readonly update: (progress: ShrinkProgress) => void; readonly finish: () => void } | null {
  if (stream.isTTY !== true) return null;
  let shown = false;
  return {
    update: (progress) => {
      shown = true;
      stream.write(
        `\r\x1b[2Kshrinking: run ${progress.runs} of at most ${maxRuns}; shortest failing run so far: ${progress.faults} faults over ${formatDuration(progress.durationMs)}`,
      );
    },
    finish: () => {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
