/**
 * Seeded randomness for the whole simulation.
 *
 * One root `Rng` is built from the run's seed and handed down explicitly. Each subsystem asks
 * for its own stream with `split(label)`; a stream's seed depends only on its parent's seed and
 * the label, never on how many numbers other streams drew. That is what keeps a run stable when
 * a server is added: the new server's stream is new, the others are untouched.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { FNV_OFFSET_BASIS, fnvText } from './fnv.js';

/** Mixes a label into a 32-bit seed (FNV-1a over UTF-16 units, then a murmur finaliser). */
function mixSeed(seed: number, label: string): number {
  let hash = fnvText(
    (FNV_OFFSET_BASIS ^ (seed | 0) ^ Math.floor(seed / 0x1_0000_0000)) >>> 0,
    label,
  );
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash | 0;
}

/** Checks that a seed is usable, naming the option in the error. */
export function assertValidSeed(seed: unknown, option = 'seed'): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new RangeError(
      `invalid option "${option}": expected a safe integer, got ${String(seed)}`,
    );
  }
}

/** A deterministic random stream. Not shareable across subsystems: split instead. */
export class Rng {
  readonly seed: number;
  private readonly generator: JumpableRandomGenerator;

  constructor(seed: number) {
    assertValidSeed(seed);
    this.seed = seed;
    this.generator = xoroshiro128plus(mixSeed(seed, ''));
  }

  /** An independent stream named `label`; the same label always gives the same stream. */
  split(label: string): Rng {
    return new Rng(mixSeed(this.seed, label));
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`Rng.int: max ${max} < min ${min}`);
    if (max === min) return min;
    const span = max - min + 1;
    // Small ranges (latencies, picks): one 32-bit draw scaled down; the bias is below 2^-16.
    if (span <= 0x10000)
      return min + Math.floor(((this.generator.next() >>> 0) / 0x1_0000_0000) * span);
    return uniformInt(this.generator, min, max);
  }

  /** Float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return (this.generator.next() >>> 0) / 0x1_0000_0000;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** Fills `bytes` with random bytes. */
  fill(bytes: Uint8Array): Uint8Array {
    for (let i = 0; i < bytes.length; i += 4) {
      const word = this.generator.next();
      for (let k = 0; k < 4 && i + k < bytes.length; k++) bytes[i + k] = (word >>> (8 * k)) & 0xff;
    }
    return bytes;
  }
}
