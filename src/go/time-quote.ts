/**
 * The `quote` of Go's `time` package, used in the texts of `time.ParseDuration` errors
 * (`time: invalid duration "1x"`) and `time.ParseError`s (`parsing time "x" as "2006-..."`).
 * Unlike `strconv.Quote` (go-quote.ts), it escapes only `"` and `\` with a backslash and writes
 * every byte of a control or non-ASCII character as `\xNN` (`"µ"` becomes `"\xc2\xb5"`).
 * It works on UTF-8 bytes; a byte that does not start a valid sequence is written alone.
 */

const LOWER_HEX = '0123456789abcdef';
const utf8 = new TextEncoder();

/** Byte length of the UTF-8 sequence at `i`, 1 when it is not a valid one (Go's RuneError). */
function runeWidth(bytes: Uint8Array, i: number): number {
  const c = bytes[i] as number;
  const width =
    c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 1;
  for (let j = 1; j < width; j++) {
    const b = bytes[i + j];
    if (b === undefined || b < 0x80 || b > 0xbf) return 1;
  }
  return width;
}

/** `quote(s)` of Go's time package, for text or raw bytes. */
export function goTimeQuote(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? utf8.encode(value) : value;
  let out = '"';
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i] as number;
    if (c >= 0x20 && c < 0x80) {
      if (c === 0x22 || c === 0x5c) out += '\\';
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    const width = c < 0x80 ? 1 : runeWidth(bytes, i);
    for (let j = 0; j < width; j++) {
      const b = bytes[i + j] as number;
      out += `\\x${LOWER_HEX[b >> 4]}${LOWER_HEX[b & 0xf]}`;
    }
    i += width;
  }
  return `${out}"`;
}
