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
