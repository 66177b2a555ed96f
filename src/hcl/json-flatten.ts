/**
 * Turns nested JSON objects back into HCL blocks, with HCL v1's rules.
 *
 * In JSON, `{"namespace": {"default": {"policy": "read"}}}` is the spelling of
 * `namespace "default" { policy = "read" }`. HCL v1 recovers that by "flattening": an item whose
 * value is a non-empty object made only of objects is replaced by one item per inner key, with
 * the inner key appended to the item's keys; an item whose value is a non-empty array made only of
 * objects is replaced by one item per element (a repeated block). The rule is applied again to the
 * new items and inside every nested object, keeping document order. An object that also holds a
 * plain value (`{"policy": "read"}`) is a block body and stays as it is.
 */

import type { HclItem, HclObject, HclValue } from './ast.js';

/** Returns the flattened copy of a body parsed from JSON. */
export function flattenJsonBody(body: HclObject): HclObject {
  const items: HclItem[] = [];
  for (const item of body.items) flattenItem(item, items);
  return { kind: 'object', items, pos: body.pos };
}

function flattenItem(item: HclItem, out: HclItem[]): void {
  const value = item.value;
  if (
    value.kind === 'object' &&
    value.items.length > 0 &&
    value.items.every((sub) => sub.value.kind === 'object')
  ) {
    for (const sub of value.items) {
      flattenItem(
        { keys: [...item.keys, ...sub.keys], value: sub.value, assign: item.assign, pos: item.pos },
        out,
      );
    }
    return;
  }
  if (
    value.kind === 'list' &&
    value.items.length > 0 &&
    value.items.every((elem) => elem.kind === 'object')
  ) {
    for (const elem of value.items) {
      flattenItem({ keys: item.keys, value: elem, assign: item.assign, pos: item.pos }, out);
    }
    return;
  }
  out.push({ keys: item.keys, value: flattenValue(value), assign: item.assign, pos: item.pos });
}

function flattenValue(value: HclValue): HclValue {
  if (value.kind === 'object') return flattenJsonBody(value);
  if (value.kind === 'list')
    return { kind: 'list', items: value.items.map(flattenValue), pos: value.pos };
  return value;
}
