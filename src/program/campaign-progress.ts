/**
 * The progress bar of a campaign on a terminal: seeds done of the total, seeds per second, the
 * time left at that pace and the failures so far, redrawn in place on stderr five times a second.
 * When stderr is not a terminal (a pipe, a file, CI logs) nothing is drawn at all.
 *
 *   [##########----------------------] 312/1000 seeds  2.9 seeds/s  ETA 3m57s  1 failed
 *
 * This module is a real-time edge (listed in the tidy test): it reads the clock and redraws on a
 * timer; it only watches the campaign.
 */
import { performance } from 'node:perf_hooks';
import { formatWall } from './campaign-summary.js';

export interface ProgressState {
  done: number;
  total: number;
  failed: number;
  elapsedMs: number;
  /** A word after the numbers, e.g. `stopping…`. */
  note?: string;
}

const BAR_WIDTH = 32;

/** One line of progress (no newline, no escape codes). */
export function formatProgress(state: ProgressState): string {
  const fraction = state.total === 0 ? 1 : state.done / state.total;
  const filled = Math.min(BAR_WIDTH, Math.floor(fraction * BAR_WIDTH));
  const perSecond = state.elapsedMs > 0 ? (state.done * 1_000) / state.elapsedMs : 0;
  const left = state.total - state.done;
  const eta = state.done === 0 || perSecond === 0 ? '--' : formatWall((left / perSecond) * 1_000);
  const parts = [
    `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${state.done}/${state.total} seeds`,
    `${perSecond.toFixed(1)} seeds/s`,
    `ETA ${eta}`,
    `${state.failed} failed`,
  ];
  if (state.note !== undefined) parts.push(state.note);
  return parts.join('  ');
}

export interface Progress {
  seedDone: (failed: boolean) => void;
  note: (text: string) => void;
  /** Erases the bar (the summary follows). */
  stop: () => void;
}

/** A progress bar on `stream` for `total` seeds; does nothing unless `stream` is a terminal. */
export function startProgress(stream: NodeJS.WriteStream, total: number): Progress {
  if (stream.isTTY !== true)
    return { seedDone: () => undefined, note: () => undefined, stop: () => undefined };
  // Real-time edge: the bar's elapsed time and ETA come from the wall clock, never a run's.
  const started = performance.now();
  const state: ProgressState = { done: 0, total, failed: 0, elapsedMs: 0 };
  const draw = (): void => {
    state.elapsedMs = performance.now() - started;
    const width = (stream.columns > 0 ? stream.columns : 100) - 1;
    const line = formatProgress(state);
    // A narrow terminal loses the bar first, then the end of the line.
    const fitted = line.length <= width ? line : line.slice(BAR_WIDTH + 3).slice(0, width);
    stream.write(`\r${fitted}\x1b[K`);
  };
  const timer = setInterval(draw, 200); // redraws on a wall-clock timer; only watches the campaign
  timer.unref();
  draw();
  return {
    seedDone: (failed) => {
      state.done++;
      if (failed) state.failed++;
    },
    note: (text) => {
      state.note = text;
      draw();
    },
    stop: () => {
      clearInterval(timer);
      stream.write('\r\x1b[K');
    },
  };
}
