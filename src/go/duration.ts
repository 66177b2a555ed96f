/**
 * Go `time.Duration` text, both ways: `parseGoDuration` follows `time.ParseDuration` (used for the
 * CLI's `-ttl` and agent durations) and `formatGoDuration` follows `Duration.String()` (used in
 * token validation messages such as `expiration time cannot be more than 24h0m0s in the future`).
 *
 * The simulator measures time in virtual milliseconds, so durations are numbers of milliseconds
 * here; sub-millisecond values are fractions. Formatting rounds to whole nanoseconds, like Go's
 * int64 nanosecond durations.
 */
import { goTimeQuote } from './time-quote.js';

/** Milliseconds per unit, as accepted by `time.ParseDuration`. */
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign
  μs: 1e-3, // U+03BC Greek mu
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export const MILLISECOND = 1;
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** Result of parsing: milliseconds, or Go's error text. */
export type DurationParse =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly message: string };

/** Go's time-package quote, which `time.ParseDuration` errors use. */
function goQuote(text: string): string {
  return goTimeQuote(text);
}

/**
 * Parses Go duration text such as `1h30m`, `90s`, `1.5h`, `-2m`, `300ms`, `0`.
 * Errors carry Go's texts: `time: invalid duration "x"`, `time: missing unit in duration "1"`,
 * `time: unknown unit "d" in duration "1d"`.
 */
export function parseGoDuration(text: string): DurationParse {
  const invalid = (): DurationParse => ({
    ok: false,
    message: `time: invalid duration ${goQuote(text)}`,
  });
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, ms: 0 };
  if (rest === '') return invalid();
  let totalNs = 0;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2];
    if (whole === '' && (fraction === undefined || fraction === '')) return invalid();
    rest = rest.slice(number?.[0].length ?? 0);
    const unitMatch = /^[^0-9.]*/.exec(rest);
    const unit = unitMatch?.[0] ?? '';
    if (unit === '')
      return { ok: false, message: `time: missing unit in duration ${goQuote(text)}` };
    const unitMs = UNIT_MS[unit];
    if (unitMs === undefined) {
      return {
        ok: false,
        message: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}`,
      };
    }
    rest = rest.slice(unit.length);
    const value = Number(`${whole === '' ? '0' : whole}.${fraction ?? ''}0`);
    totalNs += Math.round(value * unitMs * 1e6);
    if (totalNs > MAX_DURATION_NS) return invalid();
  }
  const ms = totalNs / 1e6;
  return { ok: true, ms: negative ? -ms : ms };
}

/** Largest Go duration (int64 nanoseconds), about 292 years. */
const MAX_DURATION_NS = 9_223_372_036_854_775_807;

/** Formats like Go's `Duration.String()`: `0s`, `1.5µs`, `250ms`, `1m0s`, `24h0m0s`, `-1m30s`. */
export function formatGoDuration(ms: number): string {
  const totalNs = Math.round(ms * 1e6);
  if (totalNs === 0) return '0s';
  const sign = totalNs < 0 ? '-' : '';
  const ns = Math.abs(totalNs);
  if (ns < 1e9) return sign + formatSubSecond(ns);
  const hours = Math.floor(ns / 3_600e9);
  const minutes = Math.floor((ns - hours * 3_600e9) / 60e9);
  const secondsNs = ns - hours * 3_600e9 - minutes * 60e9;
  const seconds = `${withFraction(Math.floor(secondsNs / 1e9), secondsNs % 1e9, 9)}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return sign + seconds;
}

function formatSubSecond(ns: number): string {
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${withFraction(Math.floor(ns / 1e3), ns % 1e3, 3)}µs`;
  return `${withFraction(Math.floor(ns / 1e6), ns % 1e6, 6)}ms`;
}

/** `whole.fraction` with the fraction zero-padded to `digits` and trailing zeros dropped. */
function withFraction(whole: number, fraction: number, digits: number): string {
  if (fraction === 0) return String(whole);
  const text = String(fraction).padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${text}`;
}
