/**
 * Turning a quoted string token into its value, the two ways Go's HCL v1 does it.
 *
 * - Native HCL strings go through hcl's own `strconv.Unquote`: Go escapes, plus `${ ... }`
 *   sections copied as written (no escape processing inside; unbalanced braces or a U+FFFD inside
 *   are errors).
 * - JSON strings go through Go's standard `strconv.Unquote`, so JSON's own escapes are not what
 *   applies: `\/` is unknown, `\x41` and `\101` work, and `\uD83D\uDE00` is an error because each
 *   `\u` must be a valid rune by itself.
 *
 * Both work on bytes and return bytes (null for Go's `ErrSyntax`): `\xHH` and octal escapes insert
 * a single byte, which may leave the result without valid UTF-8, as in Go.
 */

import { decodeRune, MAX_RUNE, pushRune, RUNE_ERROR, runeOf, sizeOf } from './utf8.js';

const CH_LF = 0x0a;
const CH_QUOTE = 0x22;
const CH_DOLLAR = 0x24;
const CH_APOSTROPHE = 0x27;
const CH_BACKSLASH = 0x5c;
const CH_LBRACE = 0x7b;
const CH_RBRACE = 0x7d;

function contains(s: Uint8Array, start: number, end: number, c: number): boolean {
  for (let i = start; i < end; i++) if (s[i] === c) return true;
  return false;
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** One decoded character: its value, whether it is a rune to encode (else a byte), and where the rest starts. */
interface Char {
  readonly value: number;
  readonly multibyte: boolean;
  readonly next: number;
}

/**
 * Go's `UnquoteChar` on `s[at:end]` (hcl's copy and the standard one differ only in whether a
 * `\u` value may be a surrogate: `surrogatesAllowed`). Null is `ErrSyntax`.
 */
function unquoteChar(
  s: Uint8Array,
  at: number,
  end: number,
  quote: number,
  surrogatesAllowed: boolean,
): Char | null {
  if (at >= end) return null;
  const c = s[at] as number;
  if (c === quote && (quote === CH_APOSTROPHE || quote === CH_QUOTE)) return null;
  if (c >= 0x80) {
    const packed = decodeRune(s.subarray(0, end), at);
    return { value: runeOf(packed), multibyte: true, next: at + sizeOf(packed) };
  }
  if (c !== CH_BACKSLASH) return { value: c, multibyte: false, next: at + 1 };
  if (end - at <= 1) return null;
  const e = s[at + 1] as number;
  let p = at + 2;
  switch (e) {
    case 0x61:
      return { value: 0x07, multibyte: false, next: p };
    case 0x62:
      return { value: 0x08, multibyte: false, next: p };
    case 0x66:
      return { value: 0x0c, multibyte: false, next: p };
    case 0x6e:
      return { value: 0x0a, multibyte: false, next: p };
    case 0x72:
      return { value: 0x0d, multibyte: false, next: p };
    case 0x74:
      return { value: 0x09, multibyte: false, next: p };
    case 0x76:
      return { value: 0x0b, multibyte: false, next: p };
    case 0x78: // x
    case 0x75: // u
    case 0x55: {
      // U
      const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (end - p < n) return null;
      let v = 0;
      for (let j = 0; j < n; j++) {
        const x = unhex(s[p + j] as number);
        if (x < 0) return null;
        v = v * 16 + x;
      }
      p += n;
      if (e === 0x78) return { value: v, multibyte: false, next: p };
      if (v > MAX_RUNE || (!surrogatesAllowed && v >= 0xd800 && v <= 0xdfff)) return null;
      return { value: v, multibyte: true, next: p };
    }
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37: {
      let v = e - 0x30;
      if (end - p < 2) return null;
      for (let j = 0; j < 2; j++) {
        const x = (s[p + j] as number) - 0x30;
        if (x < 0 || x > 7) return null;
        v = v * 8 + x;
      }
      p += 2;
      if (v > 255) return null;
      return { value: v, multibyte: false, next: p };
    }
    case CH_BACKSLASH:
      return { value: CH_BACKSLASH, multibyte: false, next: p };
    case CH_APOSTROPHE:
    case CH_QUOTE:
      if (e !== quote) return null;
      return { value: e, multibyte: false, next: p };
    default:
      return null;
  }
}

function appendChar(out: number[], ch: Char): void {
  if (ch.value < 0x80 || !ch.multibyte) out.push(ch.value & 0xff);
  else pushRune(out, ch.value);
}

/** hcl's `strconv.Unquote` for a native-syntax string token (quotes included). Null is `ErrSyntax`. */
export function unquoteHcl(s: Uint8Array): Uint8Array | null {
  const n = s.length;
  if (n < 2) return null;
  const quote = s[0] as number;
  if (quote !== s[n - 1]) return null;
  let at = 1;
  const end = n - 1;
  if (quote !== CH_QUOTE) return null;
  const hasDollar = contains(s, at, end, CH_DOLLAR);
  if (!hasDollar && !contains(s, at, end, CH_LBRACE) && contains(s, at, end, CH_LF)) return null;
  if (!contains(s, at, end, CH_BACKSLASH) && !contains(s, at, end, quote) && !hasDollar)
    return s.slice(at, end);
  const out: number[] = [];
  while (at < end) {
    if (s[at] === CH_DOLLAR && end - at > 1 && s[at + 1] === CH_LBRACE) {
      out.push(CH_DOLLAR, CH_LBRACE);
      at += 2;
      let braces = 1;
      while (at < end && braces > 0) {
        const packed = decodeRune(s.subarray(0, end), at);
        const r = runeOf(packed);
        if (r === RUNE_ERROR) return null;
        const size = sizeOf(packed);
        for (let i = 0; i < size; i++) out.push(s[at + i] as number);
        at += size;
        if (r === CH_LBRACE) braces++;
        else if (r === CH_RBRACE) braces--;
      }
      if (braces !== 0) return null;
      continue;
    }
    if (s[at] === CH_LF) return null;
    const ch = unquoteChar(s, at, end, quote, true);
    if (ch === null) return null;
    at = ch.next;
    appendChar(out, ch);
  }
  return Uint8Array.from(out);
}

/** Go's standard `strconv.Unquote` for a JSON string token (quotes included). Null is `ErrSyntax`. */
export function unquoteGo(s: Uint8Array): Uint8Array | null {
  const n = s.length;
  if (n < 2) return null;
  const quote = s[0] as number;
  if (quote !== CH_QUOTE && quote !== CH_APOSTROPHE) return null; // JSON tokens always start with '"'
  let close = -1;
  for (let i = 1; i < n; i++) {
    if (s[i] === quote) {
      close = i;
      break;
    }
  }
  if (close < 0) return null;
  const end = close + 1;
  if (!contains(s, 0, end, CH_BACKSLASH) && !contains(s, 0, end, CH_LF)) {
    const inner = s.subarray(1, end - 1);
    if (quote === CH_QUOTE && isValidUtf8(inner)) return end === n ? inner.slice() : null;
  }
  const out: number[] = [];
  let at = 1;
  while (at < n && s[at] !== quote) {
    const ch = unquoteChar(s, at, n, quote, false);
    if (s[at] === CH_LF || ch === null) return null;
    at = ch.next;
    appendChar(out, ch);
    if (quote === CH_APOSTROPHE) break;
  }
  if (!(at < n && s[at] === quote)) return null;
  at++;
  return at === n ? Uint8Array.from(out) : null;
}

function isValidUtf8(b: Uint8Array): boolean {
  let off = 0;
  while (off < b.length) {
    const packed = decodeRune(b, off);
    if (runeOf(packed) === RUNE_ERROR && sizeOf(packed) === 1) return false;
    off += sizeOf(packed);
  }
  return true;
}
