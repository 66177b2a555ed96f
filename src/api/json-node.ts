/**
 * A request body as Go's `encoding/json` sees it before it fills a struct: a tree of JSON values
 * in document order, numbers kept as their literal text (Go parses `1e2` or `1.0` differently for
 * an integer field than for a float), strings kept with their raw bytes between the quotes
 * (`time.Time` parses those bytes without unescaping them).
 *
 * Two sources make such a tree: the JSON text reader (json-text-reader.ts), for bodies sent as
 * text, and `jsonNodeFromValue` here, for bodies sent as an in-memory JSON value (what the CLI and
 * tests send). The latter reads the value the way it would arrive as `JSON.stringify` text, so
 * both paths decode alike. Both are iterative and stop at Go's nesting limit, so no body, however
 * deep, can overflow the JavaScript stack.
 */

/** Deepest nesting of arrays and objects Go's scanner accepts (`maxNestingDepth`). */
export const GO_JSON_MAX_DEPTH = 10_000;

export type JsonNode =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string; readonly raw: () => Uint8Array }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[]; readonly source?: () => string }
  | {
      readonly kind: 'object';
      readonly entries: readonly (readonly [string, JsonNode])[];
      readonly source?: () => string;
    };

/** The node or Go's syntax error text. */
export type JsonRead =
  | { readonly ok: true; readonly node: JsonNode }
  | { readonly ok: false; readonly message: string };

/** Go's `SyntaxError` text for nesting deeper than `GO_JSON_MAX_DEPTH`, at the opening `c`. */
export function exceededMaxDepth(opening: '[' | '{'): string {
  return `invalid character '${opening}' exceeded max depth`;
}

const utf8 = new TextEncoder();

export const NULL_NODE: JsonNode = { kind: 'null' };

/** A string node whose raw bytes are those `JSON.stringify` would put between the quotes. */
export function stringNode(value: string): JsonNode {
  return { kind: 'string', value, raw: () => utf8.encode(JSON.stringify(value).slice(1, -1)) };
}

/** What a JavaScript value becomes in JSON text, one level deep (containers filled later). */
function leafOrContainer(value: unknown): JsonNode | 'array' | 'object' | undefined {
  if (value === null) return NULL_NODE;
  switch (typeof value) {
    case 'boolean':
      return { kind: 'bool', value };
    case 'number':
      return Number.isFinite(value) ? { kind: 'number', text: JSON.stringify(value) } : NULL_NODE;
    case 'bigint':
      return { kind: 'number', text: value.toString() };
    case 'string':
      return stringNode(value);
    case 'object':
      return Array.isArray(value) ? 'array' : 'object';
    default:
      return undefined; // undefined, functions, symbols: left out of objects, null in arrays
  }
}

interface Pending {
  readonly source: readonly unknown[] | Readonly<Record<string, unknown>>;
  readonly keys: readonly string[];
  readonly depth: number;
  next: number;
  readonly items: JsonNode[];
  readonly entries: [string, JsonNode][];
  readonly isArray: boolean;
  /** Where the finished container goes: the parent's slot, or the root. */
  readonly place: (node: JsonNode) => void;
}

/**
 * The tree of a body given as a JSON value, read in the order `JSON.stringify` writes it, or the
 * `exceeded max depth` error Go's scanner would report for its text. Iterative: the depth of
 * `value` never reaches the JavaScript stack. Returns `undefined` when the value has no JSON text
 * (`undefined` itself), which means no body.
 */
export function jsonNodeFromValue(value: unknown): JsonRead | undefined {
  let root: JsonNode | undefined;
  const stack: Pending[] = [];
  const open = (
    source: unknown,
    shape: 'array' | 'object',
    depth: number,
    place: (node: JsonNode) => void,
  ): string | null => {
    if (depth > GO_JSON_MAX_DEPTH) return exceededMaxDepth(shape === 'array' ? '[' : '{');
    const isArray = shape === 'array';
    const container = isArray
      ? (source as readonly unknown[])
      : (source as Readonly<Record<string, unknown>>);
    stack.push({
      source: container,
      keys: isArray ? [] : Object.keys(container),
      depth,
      next: 0,
      items: [],
      entries: [],
      isArray,
      place,
    });
    return null;
  };
  const first = leafOrContainer(value);
  if (first === undefined) return undefined;
  if (typeof first !== 'string') return { ok: true, node: first };
  const problem = open(value, first, 1, (node) => (root = node));
  if (problem !== null) return { ok: false, message: problem };
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Pending;
    const length = top.isArray ? (top.source as readonly unknown[]).length : top.keys.length;
    if (top.next >= length) {
      stack.pop();
      top.place(
        top.isArray
          ? { kind: 'array', items: top.items }
          : { kind: 'object', entries: top.entries },
      );
      continue;
    }
    const index = top.next++;
    const key = top.isArray ? '' : (top.keys[index] as string);
    const child = top.isArray
      ? (top.source as readonly unknown[])[index]
      : (top.source as Readonly<Record<string, unknown>>)[key];
    const node = leafOrContainer(child);
    if (node === undefined) {
      if (top.isArray) top.items.push(NULL_NODE);
      continue;
    }
    const place = top.isArray
      ? (n: JsonNode) => void top.items.push(n)
      : (n: JsonNode) => void top.entries.push([key, n]);
    if (typeof node !== 'string') {
      place(node);
      continue;
    }
    const nested = open(child, node, top.depth + 1, place);
    if (nested !== null) return { ok: false, message: nested };
  }
  return root === undefined ? undefined : { ok: true, node: root };
}

/**
 * The JSON text of a node (Go passes a value's text to `UnmarshalJSON`): the text as sent when
 * the node was read from text, else a compact rendering. Iterative.
 */
export function jsonNodeText(node: JsonNode): string {
  if ((node.kind === 'array' || node.kind === 'object') && node.source !== undefined)
    return node.source();
  const out: string[] = [];
  const work: Array<JsonNode | string> = [node];
  while (work.length > 0) {
    const item = work.pop() as JsonNode | string;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    switch (item.kind) {
      case 'null':
        out.push('null');
        break;
      case 'bool':
        out.push(String(item.value));
        break;
      case 'number':
        out.push(item.text);
        break;
      case 'string':
        out.push(`"${new TextDecoder().decode(item.raw())}"`);
        break;
      case 'array': {
        const parts: Array<JsonNode | string> = ['['];
        item.items.forEach((child, i) => parts.push(...(i === 0 ? [] : [',']), child));
        parts.push(']');
        for (let i = parts.length - 1; i >= 0; i--) work.push(parts[i] as JsonNode | string);
        break;
      }
      case 'object': {
        const parts: Array<JsonNode | string> = ['{'];
        item.entries.forEach(([key, child], i) =>
          parts.push(`${i === 0 ? '' : ','}${JSON.stringify(key)}:`, child),
        );
        parts.push('}');
        for (let i = parts.length - 1; i >= 0; i--) work.push(parts[i] as JsonNode | string);
        break;
      }
    }
  }
  return out.join('');
}
