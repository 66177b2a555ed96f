/**
 * FNV-1a, 32 bits: the one small non-cryptographic hash of the simulator. Seeds mix labels with
 * it (`random.ts`), and the digests of log entries (`src/raft/entry-digest.ts`) and of applied
 * commands in the trace (`src/server/apply-digest.ts`) are built from it. Each function continues
 * a hash (start from `FNV_OFFSET_BASIS`) and returns it as an unsigned 32-bit integer.
 */

/** The FNV-1a 32-bit offset basis: the hash of nothing. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;

const FNV_PRIME = 0x01000193;

/** Continues `hash` over the UTF-16 code units of `text`. */
export function fnvText(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** Continues `hash` over `bytes`. */
export function fnvBytes(hash: number, bytes: Uint8Array): number {
  let h = hash;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), FNV_PRIME);
  return h >>> 0;
}

/** A 32-bit hash as eight lower-case hex digits. */
export function hex32(hash: number): string {
  return (hash >>> 0).toString(16).padStart(8, '0');
}
