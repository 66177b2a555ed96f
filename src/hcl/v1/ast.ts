/**
 * The syntax tree of Go's HCL v1 (`hcl/ast`), which both syntaxes produce and the decoder reads.
 *
 * An object is a list of items; an item is one or more keys and a value. Nothing is merged or
 * interpreted at this level: `namespace "a" { ... }` is one item with the keys `namespace` and
 * `"a"`. `filter` is `ObjectList.Filter`: the items whose first key matches a name (exactly or by
 * Unicode case folding), with that key removed; `children`/`elements` split the result into
 * items that still have keys (labelled blocks) and items that do not (plain values and unlabelled
 * blocks). Every item made by `filter` remembers the item it was cut from (`origin`), so callers
 * can still point at the source.
 */

import { goIndex } from './errors.js';
import { equalFold } from './fold.js';
import { NO_POS, type Pos, type Token } from './token.js';
import { tokenText } from './value.js';

export interface ObjectKey {
  readonly token: Token;
}

export interface ObjectItem {
  readonly type: 'ObjectItem';
  readonly keys: readonly ObjectKey[];
  readonly val: Node;
  /** The item as it appears in the source, before `filter` removed keys from it. */
  readonly origin: ObjectItem | null;
}

export interface ObjectList {
  readonly type: 'ObjectList';
  items: ObjectItem[];
}

export interface ObjectType {
  readonly type: 'ObjectType';
  readonly lbrace: Pos;
  readonly list: ObjectList;
}

export interface ListType {
  readonly type: 'ListType';
  readonly lbrack: Pos;
  readonly list: Node[];
}

export interface LiteralType {
  readonly type: 'LiteralType';
  readonly token: Token;
}

export type Node = ObjectList | ObjectItem | ObjectType | ListType | LiteralType;

/** `%T` of a node, as Go prints it in decoder errors. */
export function goTypeName(node: Node): string {
  return `*ast.${node.type}`;
}

/** `Node.Pos()`. An empty ObjectList panics, as Go's does. */
export function nodePos(node: Node): Pos {
  switch (node.type) {
    case 'ObjectList':
      return nodePos(goIndex(node.items, 0));
    case 'ObjectItem':
      return node.keys[0]?.token.pos ?? NO_POS;
    case 'ObjectType':
      return node.lbrace;
    case 'ListType':
      return node.lbrack;
    case 'LiteralType':
      return node.token.pos;
  }
}

/** The first key's position of the source item an item was cut from (NO_POS when it has none). */
export function sourcePos(item: ObjectItem): Pos {
  let source = item;
  while (source.origin !== null) source = source.origin;
  return source.keys[0]?.token.pos ?? NO_POS;
}

export function objectList(items: ObjectItem[]): ObjectList {
  return { type: 'ObjectList', items };
}

/** `ObjectList.Filter(name)`: matching items with their first key removed. */
export function filter(list: ObjectList, name: string): ObjectList {
  const out: ObjectItem[] = [];
  for (const item of list.items) {
    const first = item.keys[0];
    if (first === undefined) continue;
    const key = tokenText(first.token);
    if (key !== name && !equalFold(key, name)) continue;
    out.push({ type: 'ObjectItem', keys: item.keys.slice(1), val: item.val, origin: item });
  }
  return objectList(out);
}

/**
 * The first keys of a list's items, indexed so that filtering the same list by many names (one
 * per struct field) costs one pass. `filter(list, name)` and `index.filter(name)` give the same
 * items for an ASCII name.
 */
export class KeyIndex {
  private readonly ascii = new Map<string, number[]>();
  private readonly other: Array<[index: number, key: string]> = [];

  constructor(private readonly list: ObjectList) {
    list.items.forEach((item, i) => {
      const first = item.keys[0];
      if (first === undefined) return;
      const key = tokenText(first.token);
      if (/^[\x00-\x7f]*$/.test(key)) {
        const folded = key.toLowerCase();
        const group = this.ascii.get(folded);
        if (group === undefined) this.ascii.set(folded, [i]);
        else group.push(i);
      } else {
        this.other.push([i, key]);
      }
    });
  }

  /** `ObjectList.Filter(name)`. */
  filter(name: string): ObjectList {
    if (!/^[\x00-\x7f]*$/.test(name)) return filter(this.list, name);
    let indices = this.ascii.get(name.toLowerCase()) ?? [];
    const extra = this.other.filter(([, key]) => equalFold(key, name)).map(([i]) => i);
    if (extra.length > 0) indices = [...indices, ...extra].sort((a, b) => a - b);
    return objectList(
      indices.map((i) => {
        const item = this.list.items[i] as ObjectItem;
        return { type: 'ObjectItem', keys: item.keys.slice(1), val: item.val, origin: item };
      }),
    );
  }
}

/** `ObjectList.Children()`: the items that still have keys. */
export function children(list: ObjectList): ObjectList {
  return objectList(list.items.filter((item) => item.keys.length > 0));
}

/** `ObjectList.Elem()`: the items without keys. */
export function elements(list: ObjectList): ObjectList {
  return objectList(list.items.filter((item) => item.keys.length === 0));
}
