/**
 * Go's `json.Unmarshal` of a command's JSON input into a struct, as far as the commands need it:
 * the whole text must be one JSON value (Go's scanner texts, `unexpected end of JSON input` for a
 * value cut short, `invalid character 'x' after top-level value` for anything after it), `null`
 * leaves the struct alone, and any other non-object is `json: cannot unmarshal <type> into Go value
 * of type <goType>`. Field types inside the object are not checked here.
 */
import { readJsonText } from '../../api/json-text-reader.js';
import { goQuote } from '../../go/quote.js';
import type { JsonValue } from '../../server/http.js';

export type GoUnmarshal =
  | { readonly ok: true; readonly value: Record<string, JsonValue> | null }
  | { readonly ok: false; readonly reason: string };

export function goUnmarshalObject(text: string, goType: string): GoUnmarshal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: syntaxError(text) };
  }
  return goUnmarshalValue(value, goType);
}

/**
 * The struct step of the decoding, on a value already read (by `json.Unmarshal` above, or by a
 * `json.Decoder` that takes the first value of the text): `null` leaves the struct alone, and
 * any other non-object cannot be unmarshalled into `goType`.
 */
export function goUnmarshalValue(value: unknown, goType: string): GoUnmarshal {
  if (value === null) return { ok: true, value: null };
  if (typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value)
      ? 'array'
      : typeof value === 'boolean'
        ? 'bool'
        : typeof value;
    return { ok: false, reason: `json: cannot unmarshal ${kind} into Go value of type ${goType}` };
  }
  return { ok: true, value: value as Record<string, JsonValue> };
}

/** The text Go gives for JSON that does not parse. */
function syntaxError(text: string): string {
  const read = readJsonText(text);
  if (!read.ok)
    return read.message === 'EOF' || read.message === 'unexpected EOF'
      ? 'unexpected end of JSON input'
      : read.message;
  // The first value is whole: something follows it. Find where it ends.
  for (let end = 1; end < text.length; end++) {
    try {
      JSON.parse(text.slice(0, end));
    } catch {
      continue;
    }
    const rest = text.slice(end).trimStart();
    if (rest !== '' && !/^[0-9.eE+-]/.test(rest))
      return `invalid character ${quoteChar(rest)} after top-level value`;
  }
  return 'unexpected end of JSON input';
}

function quoteChar(rest: string): string {
  const c = rest[0] as string;
  if (c === "'") return `'\\''`;
  return `'${goQuote(c).slice(1, -1)}'`;
}
