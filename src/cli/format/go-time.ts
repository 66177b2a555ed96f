/**
 * Times as Nomad's CLI prints them, converted from what the HTTP API sends.
 *
 * - Token `Create Time` / `Expiry Time`: the API sends RFC 3339 with nanoseconds
 *   (`2017-09-11T17:38:10.999089612Z`); the CLI decodes it into a Go `time.Time` and prints it with
 *   `%v`, i.e. `2017-09-11 17:38:10.999089612 +0000 UTC`. The conversion is done on the text, so
 *   all nine fraction digits survive (a float of milliseconds would lose nanoseconds far from the
 *   simulated epoch). A non-UTC offset prints as Go prints a fabricated zone: `+0200 +0200`.
 * - Job `Submit Date`: the API sends Unix nanoseconds; Nomad prints `2006-01-02T15:04:05Z07:00`
 *   in the workstation's zone, which the simulator fixes to UTC, and prints nothing before 1970.
 */
import { simTimeToDate, SIM_EPOCH_UNIX_MS, type SimDate } from '../../acl/index.js';

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Go's `time.Time.String()` for an RFC 3339 text; `undefined` when the text is not RFC 3339. */
export function goTimeStringFromRfc3339(text: string): string | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [, year, month, day, hour, minute, second, frac, zulu, sign, offHours, offMinutes] = m;
  const fraction = frac === undefined ? '' : frac.replace(/0+$/, '');
  const clock = `${year}-${month}-${day} ${hour}:${minute}:${second}${fraction === '' ? '' : `.${fraction}`}`;
  if (zulu !== undefined || (offHours === '00' && offMinutes === '00')) return `${clock} +0000 UTC`;
  const offset = `${sign}${offHours}${offMinutes}`;
  return `${clock} ${offset} ${offset}`;
}

/** True for Go's zero time `0001-01-01T00:00:00Z`, which Nomad treats as unset. */
export function isGoZeroTimeText(text: string): boolean {
  return /^0001-01-01[Tt]00:00:00(?:\.0+)?(?:[Zz]|[+-]00:00)$/.test(text);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function rfc3339Seconds(d: SimDate): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}T${pad(d.hour, 2)}:${pad(d.minute, 2)}:${pad(d.second, 2)}Z`;
}

/**
 * Nomad's `formatTime(time.Unix(0, ns))` in a UTC workstation: `2024-05-01T10:00:00Z`, or `''`
 * when the time is before 1970-01-01T00:00:01Z (Nomad hides zero and epoch times).
 */
export function formatUnixNanos(ns: number): string {
  const unixSeconds = Math.floor(ns / 1e9);
  if (!Number.isFinite(unixSeconds) || unixSeconds < 1) return '';
  return rfc3339Seconds(simTimeToDate(unixSeconds * 1000 - SIM_EPOCH_UNIX_MS));
}
