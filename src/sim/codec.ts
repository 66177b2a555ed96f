/**
 * The wire and disk encoding: msgpackr with a shared structures table, as measured fastest in
 * STACK.md. Every message is encoded when sent and decoded on delivery, so no endpoint ever holds
 * another endpoint's objects. Sender and receiver share one Packr, which is what msgpackr's record
 * structures need (a fresh Packr cannot decode them).
 *
 * Each simulation owns its own codec: the structures table then starts empty in every run, so the
 * bytes a run produces (and the byte counts it records) do not depend on what ran before it in the
 * same process, and one run's message shapes never crowd out another's.
 */
import { Packr } from 'msgpackr';

export class Codec {
  private readonly packr = new Packr({ structures: [], maxSharedStructures: 256, moreTypes: false });

  /** Encodes plain data (numbers, strings, arrays, plain objects, Uint8Array, null). */
  encode(value: unknown): Uint8Array {
    return this.packr.pack(value);
  }

  /** Decodes bytes produced by this codec's `encode`. */
  decode<T = unknown>(bytes: Uint8Array): T {
    return this.packr.unpack(bytes) as T;
  }
}

const standalone = new Codec();

/** Encodes with a process-wide codec (benchmarks and tests outside a simulation). */
export function encode(value: unknown): Uint8Array {
  return standalone.encode(value);
}

/** Decodes bytes produced by `encode`. */
export function decode<T = unknown>(bytes: Uint8Array): T {
  return standalone.decode<T>(bytes);
}
