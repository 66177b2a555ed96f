/**
 * Go's HCL v1 "flattening" of JSON documents (`json/parser/flattenObjects`), which turns nested
 * JSON objects into HCL blocks with labels.
 *
 * In every object, from the root down: an item whose value is a non-empty object made only of
 * objects is replaced by one item per inner key, with that key appended to the item's keys; an
 * item whose value is a non-empty array made only of objects is replaced by one item per element,
 * with the same keys. Replacements are examined again, so `{"a": {"b": {"c": {"x": 1}}}}` becomes
 * the item `a b c { x = 1 }`; document order is kept. An object is flattened before the objects
 * inside it. This decides, for example, that `{"namespace": {"default": [{...}]}}` stays one
 * unlabelled `namespace` block (its value holds an array, not only objects).
 *
 * Key chains are shared while flattening, so a chain 100 000 objects deep costs linear time.
 */

import type { Node, ObjectItem, ObjectKey, ObjectList } from './ast.js';

/** Keys accumulated above an item while flattening, as a linked list (outermost first when read back). */
interface KeyChain {
  readonly keys: readonly ObjectKey[];
  readonly parent: KeyChain | null;
}

interface Pending {
  readonly chain: KeyChain | null;
  readonly item: ObjectItem;
}

function onlyObjects(nodes: readonly Node[]): boolean {
  return nodes.every((node) => node.type === 'ObjectType');
}

function materialize(chain: KeyChain | null, item: ObjectItem): ObjectItem {
  if (chain === null) return item;
  const parts: Array<readonly ObjectKey[]> = [item.keys];
  for (let link: KeyChain | null = chain; link !== null; link = link.parent) parts.push(link.keys);
  const keys: ObjectKey[] = [];
  for (let i = parts.length - 1; i >= 0; i--)
    for (const key of parts[i] as readonly ObjectKey[]) keys.push(key);
  return { type: 'ObjectItem', keys, val: item.val, origin: null };
}

function flattenList(list: ObjectList): void {
  const out: ObjectItem[] = [];
  const stack: Pending[] = [];
  for (let i = list.items.length - 1; i >= 0; i--)
    stack.push({ chain: null, item: list.items[i] as ObjectItem });
  while (stack.length > 0) {
    const { chain, item } = stack.pop() as Pending;
    const val = item.val;
    if (
      val.type === 'ObjectType' &&
      val.list.items.length > 0 &&
      onlyObjects(val.list.items.map((sub) => sub.val))
    ) {
      const inner: KeyChain = { keys: item.keys, parent: chain };
      for (let i = val.list.items.length - 1; i >= 0; i--)
        stack.push({ chain: inner, item: val.list.items[i] as ObjectItem });
      continue;
    }
    if (val.type === 'ListType' && val.list.length > 0 && onlyObjects(val.list)) {
      for (let i = val.list.length - 1; i >= 0; i--) {
        stack.push({
          chain,
          item: { type: 'ObjectItem', keys: item.keys, val: val.list[i] as Node, origin: null },
        });
      }
      continue;
    }
    out.push(materialize(chain, item));
  }
  list.items = out;
}

/** Flattens every object list of a JSON tree in place, parents before children. */
export function flattenObjects(root: ObjectList): void {
  const lists: ObjectList[] = [root];
  while (lists.length > 0) {
    const list = lists.pop() as ObjectList;
    flattenList(list);
    for (const item of list.items) {
      const pending: Node[] = [item.val];
      while (pending.length > 0) {
        const node = pending.pop() as Node;
        if (node.type === 'ObjectType') lists.push(node.list);
        else if (node.type === 'ListType') for (const element of node.list) pending.push(element);
      }
    }
  }
}
