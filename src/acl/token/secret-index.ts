/**
 * How Nomad before 1.5 looked a token up by its secret: through go-memdb's UUID index
 * (`UUIDFieldIndex.FromArgs`), which parses the secret into 16 bytes first and fails on anything
 * that is not UUID-shaped enough, with `acl token lookup failed: index error: <why>` (a plain
 * error, so HTTP 500). A secret that parses is compared as bytes, so upper-case hex and moved
 * hyphens still find the token. Nomad 1.5+ checks the shape before the lookup instead (a secret
 * that is not a UUID is taken for a workload identity and refused with `Permission denied`).
 */

/** Go's `%#U` of one byte taken as a rune: `U+0067 'g'`, or `U+0000` when not printable. */
function goRuneVerb(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  // strconv.IsPrint for U+0000..U+00FF: not the controls, nor NBSP or the soft hyphen.
  const printable =
    code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0xa0) && code !== 0xad;
  return printable ? `${hex} '${String.fromCodePoint(code)}'` : hex;
}

/** UTF-8 bytes of `text`, as Go sees a string. */
function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/**
 * Why go-memdb refuses `secret` as a UUID index key (`UUIDFieldIndex.parseString` with the length
 * enforced), or null when it parses. `canonical` is then the lower-case 8-4-4-4-12 text of the 16
 * bytes, or null when the bytes are not 16 long (no stored token can match).
 */
export function parseSecretIndexKey(
  secret: string,
): { readonly problem: string } | { readonly problem: null; readonly canonical: string | null } {
  const bytes = bytesOf(secret);
  if (bytes.length !== 36) return { problem: 'UUID must be 36 characters' };
  const hyphens = [...bytes].filter((b) => b === 0x2d).length;
  if (hyphens > 4) return { problem: `UUID should have maximum of 4 "-"; got ${hyphens}` };
  const sanitized = [...bytes].filter((b) => b !== 0x2d);
  if (sanitized.length % 2 !== 0) return { problem: 'Input (without hyphens) must be even length' };
  for (const b of sanitized) {
    const hex = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
    if (!hex) return { problem: `Invalid UUID: encoding/hex: invalid byte: ${goRuneVerb(b)}` };
  }
  if (sanitized.length !== 32) return { problem: null, canonical: null };
  const hex = String.fromCharCode(...sanitized).toLowerCase();
  return {
    problem: null,
    canonical: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
  };
}

/** The plain error Nomad < 1.5 returns when the secret does not parse as a UUID index key. */
export function secretLookupError(problem: string): string {
  return `acl token lookup failed: index error: ${problem}`;
}
