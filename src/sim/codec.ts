/**
 * The wire and disk encoding: msgpackr with one shared structures table, as measured fastest in
 * STACK.md. Every message is encoded when sent and decoded on delivery, so no endpoint ever holds
 * another endpoint's objects. Sender and receiver share this one Packr, which is what msgpackr's
 * record structures need (a fresh Packr cannot decode them).
 */
import { Packr } from 'msgpackr';

const packr = new Packr({ structures: [], maxSharedStructures: 64, moreTypes: false });

/** Encodes plain data (numbers, strings, arrays, plain objects, Uint8Array, null). */
export function encode(value: unknown): Uint8Array {
  return packr.pack(value);
}

/** Decodes bytes produced by `encode`. */
export function decode<T = unknown>(bytes: Uint8Array): T {
  return packr.unpack(bytes) as T;
}
