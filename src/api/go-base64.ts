/**
 * Whether Go's `base64.StdEncoding.Decode` accepts a string, and where it stops if not: Go's JSON
 * decoder reads a `[]byte` field (a policy's `Hash`) from a base64 string and reports
 * `illegal base64 data at input byte N`. Padding is required, `\r` and `\n` are skipped, and the
 * offset N is the one Go reports (the decoded bytes themselves are never needed here).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d;

function isAlphabet(c: number): boolean {
  return c < 0x80 && ALPHABET.includes(String.fromCharCode(c));
}

function isNewline(c: number | undefined): boolean {
  return c === 0x0a || c === 0x0d;
}

/** Go's error text for `bytes`, or null when they are valid standard base64. */
export function goBase64Problem(bytes: Uint8Array): string | null {
  const at = goBase64ErrorOffset(bytes);
  return at === null ? null : `illegal base64 data at input byte ${at}`;
}

/** The `CorruptInputError` offset, or null. One quantum (four symbols) at a time, as Go reads. */
function goBase64ErrorOffset(src: Uint8Array): number | null {
  let si = 0;
  while (si < src.length) {
    let symbols = 0;
    while (symbols < 4) {
      if (si === src.length) return symbols === 0 ? null : si - symbols;
      const c = src[si++] as number;
      if (isAlphabet(c)) {
        symbols++;
        continue;
      }
      if (isNewline(c)) continue;
      if (c !== PAD) return si - 1;
      if (symbols < 2) return si - 1;
      if (symbols === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== PAD) return si - 1;
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      return si < src.length ? si : null;
    }
  }
  return null;
}
