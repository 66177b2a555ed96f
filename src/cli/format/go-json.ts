/**
 * JSON as Nomad's CLI prints it for `-json`: Go's `json.MarshalIndent(v, "", "    ")`.
 *
 * Four-space indentation like `JSON.stringify(v, null, 4)`, plus Go's HTML-safe escaping of
 * `<`, `>`, `&` and the line/paragraph separators U+2028/U+2029, which Go applies by default
 * (a policy's rules text containing `&&` prints as `\u0026\u0026`). Empty arrays and objects print
 * as `[]` and `{}` in both.
 */
import type { JsonValue } from '../../server/http.js';

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** Go's indented JSON text of `value` (no trailing newline). */
export function goJsonIndent(value: JsonValue): string {
  return JSON.stringify(value, null, 4).replace(/[<>&\u2028\u2029]/g, (ch) => GO_ESCAPES[ch] ?? ch);
}

/** Go's compact `json.Marshal` text of `value` (HTML-escaped, no spaces). */
export function goJsonCompact(value: JsonValue): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => GO_ESCAPES[ch] ?? ch);
}

/** `value` with the keys of every object sorted by their bytes, as go-codec writes struct fields. */
function sortedKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(value).sort(compareBytes))
    out[key] = sortedKeys(value[key] as JsonValue);
  return out;
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * go-codec's indented JSON (`JsonHandle{Indent: 4, HTMLCharsAsIs: true}`, Nomad 2.x's `-json`):
 * struct fields sorted by name, four-space indentation, `<`, `>` and `&` left as they are.
 */
export function goCodecJsonIndent(value: JsonValue): string {
  return JSON.stringify(sortedKeys(value), null, 4).replace(
    /[\u2028\u2029]/g,
    (ch) => GO_ESCAPES[ch] ?? ch,
  );
}
