/**
 * Glob matching and scoring for ACL rule labels (spec §7.2).
 *
 * Nomad matches labels such as `production-*` with the small go-glob algorithm, quirks
 * included: split the pattern on `*`; without `*` it is plain equality; the first piece must be
 * a prefix unless the pattern starts with `*`; middle pieces must occur in order (leftmost
 * occurrence, consuming the text); the last piece must be a suffix unless the pattern ends with
 * `*`; and if the text is already used up when the last piece is reached, it matches (so `a*b`
 * matches `a`). When several globs match, the one with the smallest score
 * `len(name) - len(glob) + count("*")` wins; lengths are UTF-8 byte lengths, as in Go.
 */

export const GLOB_CHAR = '*';

/** True when the label contains `*` and so is looked up as a glob. */
export function isGlob(label: string): boolean {
  return label.includes(GLOB_CHAR);
}

/** A pattern split once, to match many names quickly. */
export interface CompiledGlob {
  readonly pattern: string;
  readonly pieces: readonly string[];
  readonly leading: boolean;
  readonly trailing: boolean;
  /** UTF-8 length of the pattern minus its `*` count: the constant part of the score. */
  readonly scoreOffset: number;
}

export function compileGlob(pattern: string): CompiledGlob {
  const pieces = pattern.split(GLOB_CHAR);
  return {
    pattern,
    pieces,
    leading: pattern.startsWith(GLOB_CHAR),
    trailing: pattern.endsWith(GLOB_CHAR),
    scoreOffset: utf8Length(pattern) - (pieces.length - 1),
  };
}

/** go-glob's Glob(pattern, subject), with the spec's "consumed subject" quirk. */
export function globMatches(glob: CompiledGlob | string, subject: string): boolean {
  const g = typeof glob === 'string' ? compileGlob(glob) : glob;
  if (g.pattern === '') return subject === '';
  if (g.pattern === GLOB_CHAR) return true;
  const pieces = g.pieces;
  const last = pieces.length - 1;
  if (last === 0) return subject === g.pattern;
  let rest = 0;
  for (let i = 0; i < last; i++) {
    const piece = pieces[i] ?? '';
    const idx = subject.indexOf(piece, rest);
    if (i === 0) {
      if (!g.leading && idx !== 0) return false;
    } else if (idx < 0) {
      return false;
    }
    rest = idx + piece.length;
  }
  if (rest >= subject.length) return true;
  const lastPiece = pieces[last] ?? '';
  return g.trailing || (subject.endsWith(lastPiece) && subject.length - lastPiece.length >= rest);
}

/** Nomad's closeness score of a matching glob for `name`: smaller is closer. */
export function globScore(glob: CompiledGlob | string, name: string): number {
  const g = typeof glob === 'string' ? compileGlob(glob) : glob;
  return utf8Length(name) - g.scoreOffset;
}

/**
 * Length of the string in UTF-8 bytes (Go's `len`). A raw byte of a decoded policy string (a lone
 * U+DC80 to U+DCFF, see ../../hcl/v1/utf8.ts) counts 1; other lone surrogates count 3, like U+FFFD.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    } else if (c >= 0xdc80 && c <= 0xdcff) bytes += 1;
    else bytes += 3;
  }
  return bytes;
}

/** Go's byte-wise string order (UTF-8 order equals code point order). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
