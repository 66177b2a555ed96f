/**
 * Go's HCL v1 decoder (`hcl.DecodeObject`, as pinned by Nomad: v1.0.1-nomad-1), for the Go types
 * that configuration structs are made of: strings, slices, pointers to structs and structs, with
 * the `hcl` field tags `name`, `,key`, `,unusedKeys` and `-`.
 *
 * The decoder is described by a schema (`GoType`) instead of Go reflection; values come out as
 * plain data that keeps Go's distinctions (a nil slice is null, an empty one is []; a nil pointer
 * is null). The rules, each visible in what Nomad accepts:
 *
 * - A struct field matches the items whose first key equals its name under Unicode case folding.
 *   Labelled matches (items with keys left) are decoded first, as one list; then each unlabelled
 *   match in document order. So repeated attributes and blocks accumulate: a repeated list
 *   attribute appends, a repeated string keeps the last value, a repeated block pointer decodes
 *   into the same struct (the blocks merge), and a repeated slice of blocks appends.
 * - An unlabelled block decoded into a slice of structs is read item by item: each item of its
 *   body becomes one element, named after the item's key (`namespace { policy = "read" }` is a
 *   namespace named "policy").
 * - A `,key` field takes the first remaining key; further keys are ignored, except that an item
 *   with exactly two keys decoded as a slice element is first split into key + labelled body.
 * - Numbers, floats and bools decode into strings as their source text; JSON null is "".
 * - `,unusedKeys` collects every key of every item in the struct's body, minus one occurrence
 *   per matched field name, sorted by bytes.
 *
 * Errors are Go's texts (`At 1:8: root.node.Policy: unknown type for string *ast.ListType`), and
 * the places where Go panics (an empty list's position, an unquotable string) panic here too.
 */

import {
  children,
  elements,
  goTypeName,
  KeyIndex,
  type Node,
  nodePos,
  type ObjectItem,
  type ObjectList,
  objectList,
  sourcePos,
} from './ast.js';
import { equalFold } from './fold.js';
import { GoError, PosError } from './errors.js';
import { NO_POS, type Pos } from './token.js';
import { sortGoStrings } from './utf8.js';
import { tokenText } from './value.js';

export type GoType = GoStringType | GoSliceType | GoPointerType | GoStructType;

export interface GoStringType {
  readonly kind: 'string';
}

export interface GoSliceType {
  readonly kind: 'slice';
  readonly elem: GoType;
}

export interface GoPointerType {
  readonly kind: 'pointer';
  readonly elem: GoStructType;
}

export interface GoStructField {
  /** The Go field name (used when the tag gives no name, and in `,key` errors). */
  readonly name: string;
  /** The `hcl:"..."` tag, if any. */
  readonly tag?: string;
  readonly type: GoType;
}

export interface GoStructType {
  readonly kind: 'struct';
  readonly fields: readonly GoStructField[];
}

export type GoValue = string | GoValue[] | GoStruct | null;

/** A decoded struct: field values by Go field name, and where in the source it was first decoded from. */
export interface GoStruct {
  readonly type: GoStructType;
  readonly fields: Map<string, GoValue>;
  origin: Pos;
}

export const GO_STRING: GoStringType = { kind: 'string' };

export function sliceOf(elem: GoType): GoSliceType {
  return { kind: 'slice', elem };
}

export function pointerTo(elem: GoStructType): GoPointerType {
  return { kind: 'pointer', elem };
}

/** A struct with every field at its zero value. */
export function newStruct(type: GoStructType, origin: Pos = NO_POS): GoStruct {
  const fields = new Map<string, GoValue>();
  for (const field of type.fields) fields.set(field.name, field.type.kind === 'string' ? '' : null);
  return { type, fields, origin };
}

/** Decodes a document's root list into a new struct (`hcl.DecodeObject(&out, file)`). */
export function decodeDocument(root: ObjectList, type: GoStructType): GoStruct {
  const out = newStruct(type);
  decodeStruct('root', root, type, out);
  return out;
}

function decode(name: string, node: Node, type: GoType, current: GoValue, origin: Pos): GoValue {
  switch (type.kind) {
    case 'string':
      return decodeString(name, node);
    case 'slice':
      return decodeSlice(name, node, type, current as GoValue[] | null);
    case 'pointer': {
      if (current !== null) {
        decodeStruct(name, node, type.elem, current as GoStruct);
        return current;
      }
      const value = newStruct(type.elem, origin);
      decodeStruct(name, node, type.elem, value);
      return value;
    }
    case 'struct':
      decodeStruct(name, node, type, current as GoStruct);
      return current;
  }
}

function decodeString(name: string, node: Node): string {
  if (node.type === 'LiteralType') {
    switch (node.token.type) {
      case 'NUMBER':
      case 'FLOAT':
      case 'BOOL':
        return node.token.text;
      case 'STRING':
      case 'HEREDOC':
        return tokenText(node.token);
      default:
        break;
    }
  }
  throw new PosError(
    nodePos(node),
    new GoError(`${name}: unknown type for string ${goTypeName(node)}`),
  );
}

function decodeSlice(
  name: string,
  node: Node,
  type: GoSliceType,
  current: GoValue[] | null,
): GoValue[] {
  let items: readonly Node[];
  switch (node.type) {
    case 'ObjectList':
      items = node.items;
      break;
    case 'ObjectType':
      items = [node];
      break;
    case 'ListType':
      items = node.list;
      break;
    default:
      throw new PosError(nodePos(node), new GoError(`unknown slice type: ${goTypeName(node)}`));
  }
  const result = current === null ? [] : [...current];
  items.forEach((raw, i) => {
    const item = expandObject(raw, type.elem);
    const origin = item.type === 'ObjectItem' ? sourcePos(item) : NO_POS;
    result.push(decode(`${name}[${i}]`, item, type.elem, zeroValue(type.elem), origin));
  });
  return result;
}

function zeroValue(type: GoType): GoValue {
  switch (type.kind) {
    case 'string':
      return '';
    case 'struct':
      return newStruct(type);
    default:
      return null;
  }
}

/**
 * Go's `expandObject`: a slice element that is an item with exactly two keys, decoded into a
 * struct, becomes "first key { second key { body } }" (Go un-flattens ambiguous JSON this way).
 */
function expandObject(node: Node, elem: GoType): Node {
  if (node.type !== 'ObjectItem') return node;
  if (elem.kind !== 'struct' && elem.kind !== 'pointer') return node;
  if (node.keys.length !== 2) return node;
  const [first, second] = node.keys as [ObjectItem['keys'][number], ObjectItem['keys'][number]];
  const inner: ObjectItem = { type: 'ObjectItem', keys: [second], val: node.val, origin: node };
  return {
    type: 'ObjectItem',
    keys: [first],
    val: { type: 'ObjectType', lbrace: NO_POS, list: objectList([inner]) },
    origin: node,
  };
}

const tagCache = new WeakMap<GoStructField, readonly [name: string, option: string | null]>();

/** The tag's name and option (`strings.SplitN(tag, ",", 2)`). */
function tagParts(field: GoStructField): readonly [name: string, option: string | null] {
  let parts = tagCache.get(field);
  if (parts === undefined) {
    const tag = field.tag ?? '';
    const comma = tag.indexOf(',');
    parts = comma < 0 ? [tag, null] : [tag.slice(0, comma), tag.slice(comma + 1)];
    tagCache.set(field, parts);
  }
  return parts;
}

function removeCaseFold(keys: string[], name: string): void {
  const at = keys.findIndex((key) => equalFold(key, name));
  if (at >= 0) keys.splice(at, 1);
}

function decodeStruct(name: string, input: Node, type: GoStructType, out: GoStruct): void {
  let node = input;
  let item: ObjectItem | null = null;
  if (node.type === 'ObjectItem') {
    item = node;
    node = node.val;
  }
  if (node.type === 'ObjectType') node = node.list;
  if (node.type === 'LiteralType' && item !== null) node = objectList([item]);
  if (node.type !== 'ObjectList') {
    throw new PosError(
      nodePos(node),
      new GoError(`${name}: not an object type for struct (${goTypeName(node)})`),
    );
  }
  const list = node;

  const unusedKeys: string[] = [];
  for (const entry of list.items)
    for (const key of entry.keys) unusedKeys.push(tokenText(key.token));
  const unusedKeyFields: GoStructField[] = [];
  let keyIndex: KeyIndex | null = null;

  for (const field of type.fields) {
    const [tagName, option] = tagParts(field);
    if (tagName === '-') continue;
    if (option === 'key') {
      if (item === null)
        throw new PosError(
          nodePos(list),
          new GoError(`${name}: ${field.name} asked for 'key', impossible`),
        );
      const first = item.keys[0];
      out.fields.set(field.name, first === undefined ? '' : tokenText(first.token));
      continue;
    }
    if (option === 'unusedKeys') {
      unusedKeyFields.push(field);
      continue;
    }
    const fieldName = tagName === '' ? field.name : tagName;
    keyIndex ??= new KeyIndex(list);
    const matched = keyIndex.filter(fieldName);
    const labelled = children(matched);
    const unlabelled = elements(matched);
    if (labelled.items.length === 0 && unlabelled.items.length === 0) continue;
    removeCaseFold(unusedKeys, fieldName);
    const path = `${name}.${fieldName}`;
    if (labelled.items.length > 0) {
      const origin = sourcePos(labelled.items[0] as ObjectItem);
      out.fields.set(
        field.name,
        decode(path, labelled, field.type, out.fields.get(field.name) ?? null, origin),
      );
    }
    for (const match of unlabelled.items) {
      const value = match.val.type === 'ObjectType' ? objectList(match.val.list.items) : match.val;
      out.fields.set(
        field.name,
        decode(path, value, field.type, out.fields.get(field.name) ?? null, sourcePos(match)),
      );
    }
  }

  if (unusedKeys.length > 0 && unusedKeyFields.length > 0) {
    sortGoStrings(unusedKeys);
    for (const field of unusedKeyFields) out.fields.set(field.name, unusedKeys);
  }
}
