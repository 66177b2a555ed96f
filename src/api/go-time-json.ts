/**
 * Go's `time.Time.UnmarshalJSON`, which decodes `CreateTime` and `ExpirationTime` of a token body:
 * RFC 3339 only (year 0000-9999, a `T`, a zone `Z` or `±hh:mm` required), into virtual
 * milliseconds (token-time.ts), or Go's exact error text.
 *
 * Two generations of Go differ, and the version profiles pick one:
 * - `strict` (Go 1.20+, modern Nomad): `null` is ignored; anything but a JSON string fails with
 *   `Time.UnmarshalJSON: input is not a JSON string`; the string's raw bytes (not unescaped) must
 *   be strict RFC 3339, else the error of `time.Parse(RFC3339, s)`, e.g.
 *   `parsing time "tomorrow" as "2006-01-02T15:04:05Z07:00": cannot parse "tomorrow" as "2006"`,
 *   plus the cases Parse lets through but RFC 3339 does not (one-digit hour, `,` before the
 *   fraction, zone hour 24 or zone minute 60).
 * - `quoted-layout` (before Go 1.20, the tutorial era): `null` is ignored; the JSON text, quotes
 *   included, goes to `time.Parse("\"" + RFC3339 + "\"", data)`, whose errors quote the quotes:
 *   `parsing time "\"tomorrow\"" as "\"2006-01-02T15:04:05Z07:00\"": cannot parse "tomorrow\"" as "2006"`.
 *
 * `time.Parse` is followed step by step for this one layout, on the UTF-8 bytes, so its error
 * texts (which part of the value it could not parse as which part of the layout, the
 * `month out of range` family, `extra text`) come out as Go writes them.
 */
import { dateToSimTime } from '../acl/index.js';
import { goTimeQuote } from '../go/time-quote.js';
import { jsonNodeText, type JsonNode } from './json-node.js';

/** Which `time.Time.UnmarshalJSON` to imitate. */
export type GoTimeJsonDialect = 'strict' | 'quoted-layout';

/** Virtual milliseconds, `keep` for `null` (the field keeps its value), or Go's error text. */
export type GoTimeDecode =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: true; readonly keep: true }
  | { readonly ok: false; readonly message: string };

const utf8 = new TextEncoder();
const RFC3339 = utf8.encode('2006-01-02T15:04:05Z07:00');
const QUOTE = 0x22;

function isDigit(bytes: Uint8Array, i: number): boolean {
  const c = bytes[i];
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface Clock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanosecond: number;
  /** Seconds east of UTC. */
  offset: number;
}

function toSimMs(t: Clock): number {
  const { offset, ...date } = t;
  return dateToSimTime(date) - offset * 1000;
}

/** Go's `parseNanoseconds` for `.ddd` (or `,ddd`) of `n` bytes: at most nine digits count. */
function nanoseconds(bytes: Uint8Array, n: number): number {
  const digits = Math.min(n, 10) - 1;
  let ns = 0;
  for (let i = 1; i <= digits; i++) ns = ns * 10 + ((bytes[i] as number) - 0x30);
  for (let i = digits; i < 9; i++) ns *= 10;
  return ns;
}

/** Go's `parseRFC3339`: the strict fast path, null when `s` is not strict RFC 3339. */
function parseStrict(s: Uint8Array): Clock | null {
  if (s.length < 19) return null;
  let ok = true;
  const uint = (from: number, to: number, min: number, max: number): number => {
    let x = 0;
    for (let i = from; i < to; i++) {
      const c = s[i] as number;
      if (c < 0x30 || c > 0x39) {
        ok = false;
        return min;
      }
      x = x * 10 + c - 0x30;
    }
    if (x < min || x > max) {
      ok = false;
      return min;
    }
    return x;
  };
  const year = uint(0, 4, 0, 9999);
  const month = uint(5, 7, 1, 12);
  const day = uint(8, 10, 1, daysIn(month, year));
  const hour = uint(11, 13, 0, 23);
  const minute = uint(14, 16, 0, 59);
  const second = uint(17, 19, 0, 59);
  if (!ok || s[4] !== 0x2d || s[7] !== 0x2d || s[10] !== 0x54 || s[13] !== 0x3a || s[16] !== 0x3a)
    return null;
  let rest = s.subarray(19);
  let nanosecond = 0;
  if (rest.length >= 2 && rest[0] === 0x2e && isDigit(rest, 1)) {
    let n = 2;
    while (n < rest.length && isDigit(rest, n)) n++;
    nanosecond = nanoseconds(rest, n);
    rest = rest.subarray(n);
  }
  let offset = 0;
  if (rest.length !== 1 || rest[0] !== 0x5a) {
    if (rest.length !== 6) return null;
    const tz = rest;
    let tzOk = true;
    const two = (i: number, max: number): number => {
      const a = tz[i] as number;
      const b = tz[i + 1] as number;
      if (a < 0x30 || a > 0x39 || b < 0x30 || b > 0x39) {
        tzOk = false;
        return 0;
      }
      const x = (a - 0x30) * 10 + (b - 0x30);
      if (x > max) tzOk = false;
      return x;
    };
    const hours = two(1, 23);
    const minutes = two(4, 59);
    if (!tzOk || !((tz[0] === 0x2d || tz[0] === 0x2b) && tz[3] === 0x3a)) return null;
    offset = (hours * 60 + minutes) * 60 * (tz[0] === 0x2d ? -1 : 1);
  }
  return { year, month, day, hour, minute, second, nanosecond, offset };
}

/** A `time.ParseError`. `message` set: `parsing time "<value>"<message>`. */
interface ParseFailure {
  readonly layout: Uint8Array;
  readonly value: Uint8Array;
  readonly layoutElem: Uint8Array;
  readonly valueElem: Uint8Array;
  readonly message: string;
}

function parseErrorText(e: ParseFailure): string {
  if (e.message !== '') return `parsing time ${goTimeQuote(e.value)}${e.message}`;
  return `parsing time ${goTimeQuote(e.value)} as ${goTimeQuote(e.layout)}: cannot parse ${goTimeQuote(e.valueElem)} as ${goTimeQuote(e.layoutElem)}`;
}

/** Go's `getnum`: one or two digits (`fixed`: exactly two). */
function getnum(s: Uint8Array, fixed: boolean): { n: number; rest: Uint8Array } | null {
  if (!isDigit(s, 0)) return null;
  if (!isDigit(s, 1)) return fixed ? null : { n: (s[0] as number) - 0x30, rest: s.subarray(1) };
  return { n: ((s[0] as number) - 0x30) * 10 + (s[1] as number) - 0x30, rest: s.subarray(2) };
}

type Std = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'zone' | 'end';

/** The chunks of the RFC 3339 layout: literal prefix, then the element after it. */
const CHUNKS: readonly (readonly [string, Std, string])[] = [
  ['', 'year', '2006'],
  ['-', 'month', '01'],
  ['-', 'day', '02'],
  ['T', 'hour', '15'],
  [':', 'minute', '04'],
  [':', 'second', '05'],
  ['', 'zone', 'Z07:00'],
];

/**
 * Go's `time.Parse(layout, value)` for `layout` = RFC3339, or RFC3339 between double quotes
 * (`quoted`): the time, or the ParseError Go returns. `legacy` is Go before 1.20: an element
 * that fails names the value from where parsing stopped rather than from where the element
 * began, and zone offsets are not range-checked.
 */
function parseLayout(
  value: Uint8Array,
  quoted: boolean,
  legacy: boolean,
): { ok: true; clock: Clock } | { ok: false; error: ParseFailure } {
  const layout = quoted ? Uint8Array.of(QUOTE, ...RFC3339, QUOTE) : RFC3339;
  const fail = (
    layoutElem: string,
    valueElem: Uint8Array,
    message = '',
  ): { ok: false; error: ParseFailure } => ({
    ok: false,
    error: { layout, value, layoutElem: utf8.encode(layoutElem), valueElem, message },
  });
  const chunks: (readonly [string, Std, string])[] = [...CHUNKS, ['', 'end', '']];
  if (quoted) {
    chunks[0] = ['"', 'year', '2006'];
    chunks[chunks.length - 1] = ['"', 'end', ''];
  }
  const t: Clock = {
    year: 0,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    nanosecond: 0,
    offset: 0,
  };
  let rest = value;
  for (const [prefix, std, elem] of chunks) {
    if (prefix !== '') {
      if (rest.length === 0 || rest[0] !== prefix.charCodeAt(0)) return fail(prefix, rest);
      rest = rest.subarray(1);
    }
    if (std === 'end') {
      if (rest.length !== 0) return fail('', rest, `: extra text: ${goTimeQuote(rest)}`);
      break;
    }
    const hold = rest;
    let bad = false;
    let range = '';
    switch (std) {
      case 'year': {
        if (rest.length < 4 || !isDigit(rest, 0)) {
          bad = true;
          break;
        }
        const digits = rest.subarray(0, 4);
        rest = rest.subarray(4);
        if (!digits.every((c) => c >= 0x30 && c <= 0x39)) bad = true;
        else t.year = Number(new TextDecoder().decode(digits));
        break;
      }
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second': {
        const got = getnum(rest, std !== 'hour');
        if (got === null) {
          bad = true;
          break;
        }
        rest = got.rest;
        if (std === 'month') {
          t.month = got.n;
          if (got.n <= 0 || got.n > 12) range = 'month';
        } else if (std === 'day') {
          t.day = got.n;
        } else if (std === 'hour') {
          t.hour = got.n;
          if (got.n >= 24) range = 'hour';
        } else if (std === 'minute') {
          t.minute = got.n;
          if (got.n >= 60) range = 'minute';
        } else {
          t.second = got.n;
          if (got.n >= 60) {
            range = 'second';
            break;
          }
          if (rest.length >= 2 && (rest[0] === 0x2e || rest[0] === 0x2c) && isDigit(rest, 1)) {
            let n = 2;
            while (n < rest.length && isDigit(rest, n)) n++;
            t.nanosecond = nanoseconds(rest, n);
            rest = rest.subarray(n);
          }
        }
        break;
      }
      case 'zone': {
        if (rest.length >= 1 && rest[0] === 0x5a) {
          rest = rest.subarray(1);
          break;
        }
        if (rest.length < 6 || rest[3] !== 0x3a) {
          bad = true;
          break;
        }
        const sign = rest[0];
        const hours = getnum(rest.subarray(1, 3), true);
        const minutes = hours === null ? null : getnum(rest.subarray(4, 6), true);
        rest = rest.subarray(6);
        const hr = hours?.n ?? 0;
        const mm = minutes?.n ?? 0;
        if (hours === null || minutes === null) bad = true;
        if (hr > 24 && !legacy) range = 'time zone offset hour';
        if (mm > 60 && !legacy) range = 'time zone offset minute';
        if (sign !== 0x2b && sign !== 0x2d) bad = true;
        t.offset = (hr * 60 + mm) * 60 * (sign === 0x2d ? -1 : 1);
        break;
      }
    }
    if (range !== '') return fail(elem, rest, `: ${range} out of range`);
    if (bad) return fail(elem, legacy ? rest : hold);
  }
  if (t.day < 1 || t.day > daysIn(t.month, t.year)) return fail('', rest, ': day out of range');
  return { ok: true, clock: t };
}

/** Go 1.20+ `parseStrictRFC3339`: strict RFC 3339, else Parse's error or the stricter checks'. */
function parseStrictRfc3339(
  b: Uint8Array,
): { ok: true; ms: number } | { ok: false; message: string } {
  const strict = parseStrict(b);
  if (strict !== null) return { ok: true, ms: toSimMs(strict) };
  const parsed = parseLayout(b, false, false);
  if (!parsed.ok) return { ok: false, message: parseErrorText(parsed.error) };
  const failure = (
    layoutElem: string,
    valueElem: Uint8Array,
    message = '',
  ): { ok: false; message: string } => ({
    ok: false,
    message: parseErrorText({
      layout: RFC3339,
      value: b,
      layoutElem: utf8.encode(layoutElem),
      valueElem,
      message,
    }),
  });
  const num2 = (i: number): number =>
    ((b[i] as number) - 0x30) * 10 + ((b[i + 1] as number) - 0x30);
  if (b[12] === 0x3a) return failure('15', b.subarray(11, 12));
  if (b.length >= 19 && b[19] === 0x2c) return failure('.', utf8.encode(','));
  if (b[b.length - 1] !== 0x5a) {
    if (num2(b.length - 5) >= 24)
      return failure('Z07:00', b.subarray(b.length - 6), ': timezone hour out of range');
    if (num2(b.length - 2) >= 60)
      return failure('Z07:00', b.subarray(b.length - 6), ': timezone minute out of range');
    // Go falls out of its switch here and returns the zero Time without an error.
    return {
      ok: true,
      ms: toSimMs({
        year: 1,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        nanosecond: 0,
        offset: 0,
      }),
    };
  }
  return failure(new TextDecoder().decode(RFC3339), b);
}

/** The JSON text of a node, as `UnmarshalJSON` receives it (compact when the node has no source text). */
function jsonData(node: JsonNode): Uint8Array {
  if (node.kind === 'string') return Uint8Array.of(QUOTE, ...node.raw(), QUOTE);
  return utf8.encode(jsonNodeText(node));
}

/** `time.Time.UnmarshalJSON` of one JSON value, in the given dialect. */
export function unmarshalGoTime(node: JsonNode, dialect: GoTimeJsonDialect): GoTimeDecode {
  if (node.kind === 'null') return { ok: true, keep: true };
  if (dialect === 'strict') {
    if (node.kind !== 'string')
      return { ok: false, message: 'Time.UnmarshalJSON: input is not a JSON string' };
    return parseStrictRfc3339(node.raw());
  }
  const parsed = parseLayout(jsonData(node), true, true);
  return parsed.ok
    ? { ok: true, ms: toSimMs(parsed.clock) }
    : { ok: false, message: parseErrorText(parsed.error) };
}
