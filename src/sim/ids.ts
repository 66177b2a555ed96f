/**
 * UUID-shaped identifiers, as Nomad prints them: 16 random bytes as lower-case hex in 8-4-4-4-12
 * groups, with no version bits. The bytes come from a seeded stream (nanoid's `customRandom` over
 * `Rng.fill`), so ids are reproducible from the run's seed.
 */
import { customRandom } from 'nanoid';
import type { Rng } from './random.js';

const HEX = '0123456789abcdef';

/** A function that returns a fresh UUID-shaped id on every call. */
export type IdSource = () => string;

/** Builds an id source drawing from `rng`. */
export function createIdSource(rng: Rng): IdSource {
  const hex32 = customRandom(HEX, 32, (size) => rng.fill(new Uint8Array(size)));
  return () => {
    const h = hex32();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` has the shape of a Nomad UUID (case-insensitive, as Go's uuid.ParseUUID). */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
