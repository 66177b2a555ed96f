/**
 * Durations as chaos runs write them on the command line (`--duration 10m`, `--fault-gap
 * 200ms-1500ms`, the times of a fault schedule): whole milliseconds written with the units ms, s,
 * m and h (`90s`, `1h30m`, `1500ms`), and back in the shortest such text.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses `90s`, `10m`, `1h30m`, `1500ms` into whole milliseconds, or null. */
export function parseDuration(text: string): number | null {
  if (!/^(\d+(ms|s|m|h))+$/.test(text)) return null;
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h)/g))
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  return Number.isSafeInteger(total) ? total : null;
}

/** The shortest duration text for `ms` (`10m`, `1m30s`, `1500ms`). */
export function formatDuration(ms: number): string {
  if (ms % 1_000 !== 0) return `${ms}ms`;
  let rest = ms / 1_000;
  const h = Math.floor(rest / 3_600);
  rest -= h * 3_600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const text = `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
  return text === '' ? '0s' : text;
}
