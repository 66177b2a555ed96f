/**
 * Wall-clock times of tokens (CreateTime, ExpirationTime) in the simulation.
 *
 * The simulator has no real clock: a time is a number of virtual milliseconds since the start of
 * the run (fractions carry sub-millisecond precision). For display it is mapped onto a fixed
 * simulated epoch, `SIM_EPOCH_UTC` = 2024-05-01 10:00:00 UTC, so virtual time 0 prints as
 * `2024-05-01 10:00:00 +0000 UTC`. Two renderings are needed:
 *
 * - Go's default `time.Time` string, used by the CLI KV blocks (`Create Time = ...`):
 *   `2017-09-11 17:38:10.999089612 +0000 UTC` (fraction trimmed of trailing zeros, omitted if 0);
 * - RFC 3339 with nanoseconds, used in JSON (`2017-08-23T22:47:14.695408057Z`).
 *
 * Calendar arithmetic is done by hand (no `Date`: src/ must not touch the real clock).
 */

/** The simulated epoch, 2024-05-01T10:00:00Z, as milliseconds since 1970 (Unix time). */
export const SIM_EPOCH_UNIX_MS = 1_714_557_600_000;

/** Human-readable statement of the epoch, for docs and help texts. */
export const SIM_EPOCH_UTC = '2024-05-01T10:00:00Z';

const MS_PER_DAY = 86_400_000;

/** A calendar reading of a simulated time, in UTC, with whole nanoseconds. */
export interface SimDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nanosecond: number; // 0..999_999_999
}

/** Maps virtual milliseconds onto the UTC calendar of the simulated epoch. */
export function simTimeToDate(virtualMs: number): SimDate {
  const wholeMs = Math.floor(virtualMs);
  let subMsNs = Math.round((virtualMs - wholeMs) * 1e6);
  let unixMs = SIM_EPOCH_UNIX_MS + wholeMs;
  if (subMsNs >= 1e6) {
    subMsNs -= 1e6;
    unixMs += 1;
  }
  const days = Math.floor(unixMs / MS_PER_DAY);
  const msOfDay = unixMs - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(msOfDay / 3_600_000),
    minute: Math.floor((msOfDay % 3_600_000) / 60_000),
    second: Math.floor((msOfDay % 60_000) / 1000),
    nanosecond: (msOfDay % 1000) * 1e6 + subMsNs,
  };
}

/** Inverse of `simTimeToDate` (nanoseconds below a millisecond become a fraction). */
export function dateToSimTime(date: SimDate): number {
  const days = daysFromCivil(date.year, date.month, date.day);
  const unixMs =
    days * MS_PER_DAY + date.hour * 3_600_000 + date.minute * 60_000 + date.second * 1000;
  return unixMs - SIM_EPOCH_UNIX_MS + date.nanosecond / 1e6;
}

/** Go's `time.Time.String()` for a UTC time: `2024-05-01 10:00:00.123456789 +0000 UTC`. */
export function formatGoTime(virtualMs: number): string {
  const d = simTimeToDate(virtualMs);
  return `${ymd(d)} ${hms(d)}${fraction(d.nanosecond)} +0000 UTC`;
}

/** RFC 3339 with nanoseconds, as Go's JSON encoding of `time.Time`: `2024-05-01T10:00:00.5Z`. */
export function formatRfc3339Nano(virtualMs: number): string {
  const d = simTimeToDate(virtualMs);
  return `${ymd(d)}T${hms(d)}${fraction(d.nanosecond)}Z`;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses RFC 3339 text (as sent in a token JSON body) into virtual milliseconds; `null` when the
 * text is not RFC 3339. Go's zero time `0001-01-01T00:00:00Z` is returned like any other time;
 * callers use `isGoZeroTime` to recognise it.
 */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (m === null) return null;
  const num = (i: number): number => Number(m[i] ?? '0');
  const [month, day, hour, minute, second] = [num(2), num(3), num(4), num(5), num(6)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return null;
  const nanosecond = Number((m[7] ?? '').padEnd(9, '0'));
  const offsetMinutes = m[8] !== undefined ? 0 : (m[9] === '-' ? -1 : 1) * (num(10) * 60 + num(11));
  const local = dateToSimTime({ year: num(1), month, day, hour, minute, second, nanosecond });
  return local - offsetMinutes * 60_000;
}

/** Go's zero `time.Time` (0001-01-01 00:00:00 UTC) in virtual milliseconds. */
export const GO_ZERO_TIME = dateToSimTime({
  year: 1,
  month: 1,
  day: 1,
  hour: 0,
  minute: 0,
  second: 0,
  nanosecond: 0,
});

/** True for Go's zero time, which Nomad treats as "not set". */
export function isGoZeroTime(virtualMs: number): boolean {
  return virtualMs === GO_ZERO_TIME;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function ymd(d: SimDate): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

function hms(d: SimDate): string {
  return `${pad(d.hour, 2)}:${pad(d.minute, 2)}:${pad(d.second, 2)}`;
}

/** `.999999999`-style fraction: nine digits with trailing zeros removed, nothing when zero. */
function fraction(nanosecond: number): string {
  if (nanosecond === 0) return '';
  return `.${pad(nanosecond, 9).replace(/0+$/, '')}`;
}

/** Days since 1970-01-01 -> proleptic Gregorian date (era-based civil calendar arithmetic). */
function civilFromDays(daysSinceUnixEpoch: number): { year: number; month: number; day: number } {
  const z = daysSinceUnixEpoch + 719_468; // shift so that eras start on 0000-03-01
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Proleptic Gregorian date -> days since 1970-01-01 (inverse of `civilFromDays`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
