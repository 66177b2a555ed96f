/**
 * Go's `%#v` rendering of policy blocks, for Nomad's validation messages.
 *
 * Nomad reports a bad block by printing the Go struct, e.g.
 * `Invalid namespace policy: &acl.NamespacePolicy{Name:"default", Policy:"foo", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}`
 * (spec §6.4). The block is printed as it was decoded, before any expansion. Strings are quoted
 * like Go's strconv.Quote; an absent list is `[]string(nil)`, an empty one `[]string{}`.
 * A decoded string may hold bytes that are not UTF-8 (`"\x80"` in the policy text); Go quotes each
 * such byte as `\x80`.
 * Go prints a heap address for a non-nil nested pointer (the `variables` block); that address is
 * different on every run, so a fixed stand-in is printed to keep output deterministic.
 */

import { goQuote as goQuoteText } from '../../go/quote.js';
import { isRawByteAt } from '../../hcl/v1/index.js';

/** Stand-in for the heap address Go prints for a non-nil nested pointer. */
export const GO_POINTER_STAND_IN = '0xc000010000';

/** Go's `strconv.Quote` of a decoded policy string (raw bytes included, see ../../hcl/v1/utf8.ts). */
export function goQuote(text: string): string {
  let hasRaw = false;
  for (let i = 0; i < text.length && !hasRaw; i++) hasRaw = isRawByteAt(text, i);
  if (!hasRaw) return goQuoteText(text);
  let out = '"';
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !isRawByteAt(text, i)) continue;
    if (i > start) out += goQuoteText(text.slice(start, i)).slice(1, -1);
    if (i < text.length) out += `\\x${(text.charCodeAt(i) - 0xdc00).toString(16).padStart(2, '0')}`;
    start = i + 1;
  }
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
