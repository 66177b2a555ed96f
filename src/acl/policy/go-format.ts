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

import { goQuote } from '../../go/quote.js';

/** Stand-in for the heap address Go prints for a non-nil nested pointer. */
export const GO_POINTER_STAND_IN = '0xc000010000';

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
