/**
 * The key order of Nomad's HTTP JSON bodies. The agent encodes responses with go-codec
 * (`structs.JsonHandle`), which writes a struct's fields sorted by name, byte by byte
 * (`AccessorID`, `CreateIndex`, `CreateTime`, ..., `ExpirationTTL` before `ExpirationTime`), not
 * in declaration order; maps keep Go's random order, here sorted as well so runs stay
 * reproducible. Values are untouched.
 */
import type { JsonValue } from '../server/http.js';

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `value` with every object's keys in go-codec's order. */
export function goCodecKeyOrder(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(goCodecKeyOrder);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(value).sort(compareBytes))
    out[key] = goCodecKeyOrder(value[key] as JsonValue);
  return out;
}
