/**
 * Go's `strings.EqualFold`: equal under simple Unicode case folding, rune by rune. HCL v1 matches
 * keys to field names with it, so `Namespace`, `NAMESPACE` and `nameſpace` (long s) all mean
 * `namespace`, and `Kelvin` spelled with the Kelvin sign matches `kelvin`.
 *
 * Two runes are equal when they fold to the same rune; a case-insensitive Unicode regular
 * expression compares exactly that (simple case folding), up to differences between the Unicode
 * versions of Go and of the JavaScript engine. Raw bytes (see ./utf8.ts) compare as U+FFFD, as an
 * invalid byte decodes in Go.
 */

import { isRawByteAt } from './utf8.js';

const foldCache = new Map<string, RegExp>();

/** The rune at `i` and its length in UTF-16 units (a raw byte reads as U+FFFD). */
function runeAt(text: string, i: number): [rune: number, units: number] {
  const unit = text.charCodeAt(i);
  if (isRawByteAt(text, i)) return [0xfffd, 1];
  const cp = text.codePointAt(i) ?? unit;
  return [cp, cp > 0xffff ? 2 : 1];
}

function sameUnderFolding(a: number, b: number): boolean {
  if (a < 0x80 && b < 0x80) {
    const la = a >= 0x41 && a <= 0x5a ? a + 32 : a;
    const lb = b >= 0x41 && b <= 0x5a ? b + 32 : b;
    return la === lb;
  }
  const key = String.fromCodePoint(a);
  let pattern = foldCache.get(key);
  if (pattern === undefined) {
    pattern = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}$`, 'iu');
    if (foldCache.size > 4096) foldCache.clear();
    foldCache.set(key, pattern);
  }
  return pattern.test(String.fromCodePoint(b));
}

export function equalFold(a: string, b: string): boolean {
  if (a === b) return true;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (x < 0x80 && y < 0x80) {
      if (x !== y && !sameUnderFolding(x, y)) return false;
      i++;
      j++;
      continue;
    }
    const [r, ru] = runeAt(a, i);
    const [s, su] = runeAt(b, j);
    if (r !== s && !sameUnderFolding(r, s)) return false;
    i += ru;
    j += su;
  }
  return i === a.length && j === b.length;
}
