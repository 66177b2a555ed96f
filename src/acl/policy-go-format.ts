/**
 * Go's `%#v` rendering of policy blocks, for Nomad's validation messages.
 *
 * Nomad reports a bad block by printing the Go struct, e.g.
 * `Invalid namespace policy: &acl.NamespacePolicy{Name:"default", Policy:"foo", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}`
 * (spec §6.4). The block is printed as it was decoded, before any expansion. Strings are quoted
 * like Go's strconv.Quote; an absent list is `[]string(nil)`, an empty one `[]string{}`.
 * Go prints a heap address for a non-nil nested pointer (the `variables` block); that address is
 * different on every run, so a fixed stand-in is printed to keep output deterministic.
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Stand-in for the heap address Go prints for a non-nil nested pointer. */
export const GO_POINTER_STAND_IN = '0xc000010000';

function goEscape(ch: string): string {
  switch (ch) {
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\v':
      return '\\v';
    case '\\':
      return '\\\\';
    case '"':
      return '\\"';
  }
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0xd800 && code <= 0xdfff) return '\\ufffd';
  if (PRINTABLE.test(ch)) return ch;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** A Go string literal as strconv.Quote writes it. */
export function goQuote(value: string): string {
  if (/^[ !#-[\]-~]*$/.test(value)) return `"${value}"`;
  let out = '"';
  for (const ch of value) out += goEscape(ch);
  return `${out}"`;
}

/** `[]string(nil)` for an absent list, `[]string{"a", "b"}` otherwise. */
export function goStringSlice(values: readonly string[] | null): string {
  if (values === null) return '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** One `Field:value` pair; the value is already rendered. */
export type GoField = readonly [name: string, rendered: string];

/** `&acl.<type>{Field:value, ...}` */
export function goStructPointer(typeName: string, fields: readonly GoField[]): string {
  return `&acl.${typeName}{${fields.map(([name, value]) => `${name}:${value}`).join(', ')}}`;
}

/** A nested pointer field: `(*acl.T)(nil)` or `(*acl.T)(0xc...)`. */
export function goNestedPointer(typeName: string, present: boolean): string {
  return `(*acl.${typeName})(${present ? GO_POINTER_STAND_IN : 'nil'})`;
}
