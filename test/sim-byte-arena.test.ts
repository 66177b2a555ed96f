/**
 * ByteArena hands out fresh arrays: zero-filled, of the asked length, never overlapping one
 * handed out earlier (writing one never changes another), for small, chunk-sized and larger sizes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteArena } from '../src/sim/byte-arena.js';

describe('ByteArena', () => {
  it('gives zero-filled arrays that never share bytes with earlier ones', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 70_000 }), { maxLength: 40 }), (lengths) => {
        const arena = new ByteArena();
        const handed: Array<{ bytes: Uint8Array; fill: number }> = [];
        lengths.forEach((length, i) => {
          const bytes = arena.allocate(length);
          expect(bytes.length).toBe(length);
          expect(bytes.every((b) => b === 0)).toBe(true);
          const fill = (i % 250) + 1;
          bytes.fill(fill);
          handed.push({ bytes, fill });
        });
        for (const { bytes, fill } of handed) expect(bytes.every((b) => b === fill)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('copies the bytes it is given', () => {
    const arena = new ByteArena();
    const source = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    const copy = arena.copy(source);
    source[0] = 99;
    expect(copy[0]).toBe(0);
    expect([...copy.subarray(1)]).toEqual([...source.subarray(1)]);
  });
});
