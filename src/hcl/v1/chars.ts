/**
 * Character classes of Go's HCL v1 scanners (shared by the native and the JSON scanner).
 *
 * Letters and digits beyond ASCII follow Go's `unicode.IsLetter` (category L) and
 * `unicode.IsDigit` (category Nd); JavaScript's Unicode property escapes give the same classes,
 * up to differences between the Unicode versions of Go and of the JavaScript engine.
 */

/** The rune both scanners use for "end of input" (Go's `rune(0)`). */
export const EOF_RUNE = 0;

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

export function isLetter(ch: number): boolean {
  if (ch < 0x80) return (ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) || ch === 0x5f;
  return LETTER.test(String.fromCodePoint(ch));
}

export function isDigit(ch: number): boolean {
  if (ch < 0x80) return ch >= 0x30 && ch <= 0x39;
  return DIGIT.test(String.fromCodePoint(ch));
}

export function isDecimal(ch: number): boolean {
  return ch >= 0x30 && ch <= 0x39;
}

export function isHexadecimal(ch: number): boolean {
  return (ch >= 0x30 && ch <= 0x39) || (ch >= 0x61 && ch <= 0x66) || (ch >= 0x41 && ch <= 0x46);
}

/** Space, tab, newline, carriage return: the only blanks the scanners skip. */
export function isWhitespace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;
}

/** The value of a digit in base 16 or less; 16 for anything else. */
export function digitVal(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  if (ch >= 0x61 && ch <= 0x66) return ch - 0x61 + 10;
  if (ch >= 0x41 && ch <= 0x46) return ch - 0x41 + 10;
  return 16;
}

const SPACE = /^\p{White_Space}$/u;

/** Go's `unicode.IsSpace`, which decides between the JSON and the native syntax. */
export function isUnicodeSpace(ch: number): boolean {
  if (ch < 0x100) return ch === 0x20 || (ch >= 0x09 && ch <= 0x0d) || ch === 0x85 || ch === 0xa0;
  return SPACE.test(String.fromCodePoint(ch));
}
