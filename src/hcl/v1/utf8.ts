/**
 * Go strings are byte strings; JavaScript strings are UTF-16. This file is the bridge the HCL v1
 * reader uses so that it can work on bytes exactly as Go does and still hand out JavaScript
 * strings.
 *
 * - Source text is encoded to UTF-8 first (a lone surrogate becomes U+FFFD, which is what a Go
 *   server would have received: Go's JSON decoder and file reads see only valid UTF-8 or U+FFFD).
 * - `decodeRune` is Go's `utf8.DecodeRune`: an invalid byte decodes as U+FFFD of size 1.
 * - Decoded HCL strings can hold bytes that are not UTF-8 (`"\x80"`, `"\351"` insert raw bytes).
 *   Such a byte b is carried in JavaScript as the lone low surrogate U+DC00+b ("raw byte"), which
 *   no valid input can produce; `goBytes` turns it back into the byte, so comparisons and lengths
 *   can still be computed as Go computes them.
 */

/** U+FFFD, Go's `utf8.RuneError`. */
export const RUNE_ERROR = 0xfffd;
/** Go's `utf8.MaxRune`. */
export const MAX_RUNE = 0x10ffff;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const plainDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The UTF-8 bytes of `text`; lone surrogates become U+FFFD. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Go's `utf8.DecodeRune(b[off:])`, packed as `rune * 8 + size` (size is 0 at the end of input,
 * 1 to 4 otherwise). Use `runeOf` and `sizeOf` to unpack.
 */
export function decodeRune(b: Uint8Array, off: number): number {
  const n = b.length - off;
  if (n <= 0) return RUNE_ERROR * 8;
  const b0 = b[off] as number;
  if (b0 < 0x80) return b0 * 8 + 1;
  const bad = RUNE_ERROR * 8 + 1;
  if (b0 < 0xc2 || b0 > 0xf4) return bad;
  const b1 = n > 1 ? (b[off + 1] as number) : -1;
  if (b0 < 0xe0) {
    if (b1 < 0x80 || b1 > 0xbf) return bad;
    return (((b0 & 0x1f) << 6) | (b1 & 0x3f)) * 8 + 2;
  }
  const lo = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < lo || b1 > hi) return bad;
  const b2 = n > 2 ? (b[off + 2] as number) : -1;
  if (b2 < 0x80 || b2 > 0xbf) return bad;
  if (b0 < 0xf0) return (((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f)) * 8 + 3;
  const b3 = n > 3 ? (b[off + 3] as number) : -1;
  if (b3 < 0x80 || b3 > 0xbf) return bad;
  return (((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f)) * 8 + 4;
}

export function runeOf(packed: number): number {
  return Math.floor(packed / 8);
}

export function sizeOf(packed: number): number {
  return packed % 8;
}

/** Appends Go's `utf8.EncodeRune(r)`: surrogates and out-of-range values become U+FFFD. */
export function pushRune(out: number[], r: number): void {
  if (r < 0 || r > MAX_RUNE || (r >= 0xd800 && r <= 0xdfff)) r = RUNE_ERROR;
  if (r < 0x80) {
    out.push(r);
  } else if (r < 0x800) {
    out.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  } else if (r < 0x10000) {
    out.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  } else {
    out.push(
      0xf0 | (r >> 18),
      0x80 | ((r >> 12) & 0x3f),
      0x80 | ((r >> 6) & 0x3f),
      0x80 | (r & 0x3f),
    );
  }
}

/** Go bytes to a JavaScript string: valid UTF-8 as text, every other byte b as U+DC00+b. */
export function bytesToText(b: Uint8Array | readonly number[]): string {
  const bytes = b instanceof Uint8Array ? b : Uint8Array.from(b);
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return asciiText(bytes, 0, bytes.length);
  try {
    return strictDecoder.decode(bytes);
  } catch {
    let out = '';
    let off = 0;
    while (off < bytes.length) {
      const packed = decodeRune(bytes, off);
      const r = runeOf(packed);
      const size = sizeOf(packed);
      out +=
        r === RUNE_ERROR && size === 1
          ? String.fromCharCode(0xdc00 + (bytes[off] as number))
          : String.fromCodePoint(r);
      off += size;
    }
    return out;
  }
}

/**
 * Text of byte ranges of one source. An all-ASCII source (the usual case) is decoded once and
 * sliced; otherwise each range is decoded (the source is valid UTF-8 and ranges fall on character
 * boundaries, so this never meets a raw byte).
 */
export class SourceText {
  private readonly ascii: string | null;

  constructor(private readonly src: Uint8Array) {
    let ascii = true;
    for (let i = 0; i < src.length; i++) {
      if ((src[i] as number) >= 0x80) {
        ascii = false;
        break;
      }
    }
    this.ascii = ascii ? asciiText(src, 0, src.length) : null;
  }

  slice(start: number, end: number): string {
    if (this.ascii !== null) return this.ascii.slice(start, end);
    return bytesToText(this.src.subarray(start, end));
  }
}

function asciiText(src: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return plainDecoder.decode(src.subarray(start, end));
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(src[i] as number);
  return out;
}

/** True for a UTF-16 unit in the raw-byte stand-in range (U+DC80 to U+DCFF). */
export function isRawByteUnit(unit: number): boolean {
  return unit >= 0xdc80 && unit <= 0xdcff;
}

/** True when `text[i]` is a raw-byte stand-in: in range and not the second half of a surrogate pair. */
export function isRawByteAt(text: string, i: number): boolean {
  if (!isRawByteUnit(text.charCodeAt(i))) return false;
  const before = i > 0 ? text.charCodeAt(i - 1) : 0;
  return !(before >= 0xd800 && before <= 0xdbff);
}

/** The Go bytes of a string made by this module (raw-byte stand-ins become their byte). */
export function goBytes(text: string): Uint8Array {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      plain = false;
      break;
    }
  }
  if (plain) return encoder.encode(text);
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pushRune(out, (unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    if (isRawByteUnit(unit)) out.push(unit - 0xdc00);
    else pushRune(out, unit);
  }
  return Uint8Array.from(out);
}

function hasSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return true;
  }
  return false;
}

/** Go's string comparison (`a < b` on bytes): negative, zero or positive. */
export function compareGoStrings(a: string, b: string): number {
  if (!hasSurrogate(a) && !hasSurrogate(b)) return a < b ? -1 : a > b ? 1 : 0; // UTF-8 order is code point order
  const x = goBytes(a);
  const y = goBytes(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Go's `sort.Strings`, in place. */
export function sortGoStrings(values: string[]): void {
  if (values.some(hasSurrogate)) values.sort(compareGoStrings);
  else values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Go's `len(s)`: the number of bytes. */
export function goLength(text: string): number {
  return goBytes(text).length;
}
