/**
 * Reading a parsed HCL v1 body the way HCL v1's decoder does.
 *
 * Three decoder rules live here so that every consumer (ACL policies, agent config files) applies
 * them identically:
 * - Keys match field names case-insensitively (`Policy = "read"` sets `policy`).
 * - An item with several keys is the same as nested blocks: `a "b" "c" { x = 1 }` equals
 *   `a "b" { c { x = 1 } }` equals `a { b { c { x = 1 } } }`. `takeLabel` peels one label off
 *   and `blockBody` folds all labels back into nesting.
 * - Repeated keys stay separate entries in source order: the caller decides whether they are
 *   repeated blocks or whether the last value wins (`lastEntry`).
 */

import type { HclItem, HclKey, HclObject, HclValue } from './ast.js';

/** One use of a key inside a body. */
export interface HclEntry {
  /** The item's first key: the field or block type it sets (`namespace`, `region`). */
  readonly key: HclKey;
  /** The item's remaining keys (block labels such as `"default"`), possibly empty. */
  readonly labels: readonly HclKey[];
  readonly value: HclValue;
  readonly item: HclItem;
}

/** HCL v1 field-name comparison (case-insensitive, like Go's strings.EqualFold for these names). */
export function keyMatches(key: string, name: string): boolean {
  return key === name || key.toLowerCase() === name.toLowerCase();
}

/** Every entry of the body, in source order. */
export function bodyEntries(body: HclObject): HclEntry[] {
  return body.items.map(toEntry);
}

function toEntry(item: HclItem): HclEntry {
  const key = item.keys[0];
  if (key === undefined) throw new Error('HCL item without keys');
  return { key, labels: item.keys.length === 1 ? [] : item.keys.slice(1), value: item.value, item };
}

/**
 * The body's entries grouped by lower-cased key, each group in source order. Build it once per
 * body when many fields are looked up, instead of scanning the body for each field.
 */
export function entriesByKey(body: HclObject): Map<string, HclEntry[]> {
  const groups = new Map<string, HclEntry[]>();
  for (const item of body.items) {
    const entry = toEntry(item);
    const name = entry.key.name.toLowerCase();
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [entry]);
    else group.push(entry);
  }
  return groups;
}

/** The entries whose key matches `name`, in source order. */
export function entriesNamed(body: HclObject, name: string): HclEntry[] {
  return bodyEntries(body).filter((entry) => keyMatches(entry.key.name, name));
}

/** The last entry named `name` (HCL v1: a repeated attribute keeps its last value), or undefined. */
export function lastEntry(body: HclObject, name: string): HclEntry | undefined {
  const items = body.items;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && item.keys[0] !== undefined && keyMatches(item.keys[0].name, name))
      return toEntry(item);
  }
  return undefined;
}

/** Wraps `value` in objects, one per key, so that `keys` become nested block names. */
function nest(keys: readonly HclKey[], value: HclValue): HclValue {
  const first = keys[0];
  if (first === undefined) return value;
  return {
    kind: 'object',
    items: [{ keys, value, assign: false, pos: first.pos }],
    pos: first.pos,
  };
}

/**
 * Splits a labelled block entry into its first label and the body under it. With no label,
 * `label` is null and `body` is the entry's value. Further labels become nested blocks.
 */
export function takeLabel(entry: HclEntry): {
  readonly label: HclKey | null;
  readonly body: HclValue;
} {
  const [label, ...rest] = entry.labels;
  if (label === undefined) return { label: null, body: entry.value };
  return { label, body: nest(rest, entry.value) };
}

/** The body of an unlabelled block entry; labels, if any were written, become nested blocks. */
export function blockBody(entry: HclEntry): HclValue {
  return nest(entry.labels, entry.value);
}
