/**
 * The key order of Nomad's HTTP JSON bodies. The agent encodes responses with go-codec
 * (`structs.JsonHandle`), which writes a struct's fields sorted by name, byte by byte
 * (`AccessorID`, `CreateIndex`, `CreateTime`, ..., `ExpirationTTL` before `ExpirationTime`), not
 * in declaration order; maps keep Go's random order, here sorted as well so runs stay
 * reproducible. A value whose Go type has its own `MarshalJSON` is written as that method writes
 * it: such objects are marked with `asMarshaled` and keep their order. Values are untouched.
 */
import type { JsonValue } from '../server/http.js';

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const MARSHALED = new WeakSet<object>();

/** Marks `value` as the output of a `MarshalJSON` method: go-codec writes it as it is. */
export function asMarshaled<T extends object>(value: T): T {
  MARSHALED.add(value);
  return value;
}

/** `value` with every object's keys in go-codec's order. */
export function goCodecKeyOrder(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(goCodecKeyOrder);
  if (value === null || typeof value !== 'object') return value;
  if (MARSHALED.has(value)) return value;
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(value).sort(compareBytes))
    out[key] = goCodecKeyOrder(value[key] as JsonValue);
  return out;
}
