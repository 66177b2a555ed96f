/**
 * The syntax tree produced by the HCL v1 parser (native syntax and JSON alike).
 *
 * HCL v1 has one structural idea: an object is a list of items, and each item is one or more
 * keys followed by a value. `namespace "default" { policy = "read" }` is an item with the keys
 * `namespace`, `default` and an object value; `region = "global"` is an item with one key and a
 * string value. Repeated keys are kept as separate items, in source order, so callers decide
 * whether a repetition means "another block" or "the last value wins". Every node carries the
 * position where it starts, so decoders built on top can report `At line:column` errors.
 */

/** A place in the source text. `line` and `column` start at 1; `offset` is a string index. */
export interface HclPosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** One key of an item: an identifier (`policy`) or a quoted string (`"default"`). */
export interface HclKey {
  readonly name: string;
  readonly quoted: boolean;
  readonly pos: HclPosition;
}

export interface HclString {
  readonly kind: 'string';
  readonly value: string;
  /** True when the text came from a `<<EOF` / `<<-EOF` heredoc. */
  readonly heredoc: boolean;
  readonly pos: HclPosition;
}

export interface HclNumber {
  readonly kind: 'number';
  readonly value: number;
  /** The number exactly as written (HCL v1 decodes a number into a string field as this text). */
  readonly text: string;
  readonly pos: HclPosition;
}

export interface HclBool {
  readonly kind: 'bool';
  readonly value: boolean;
  readonly pos: HclPosition;
}

/** Only the JSON syntax can produce `null`. */
export interface HclNull {
  readonly kind: 'null';
  readonly pos: HclPosition;
}

export interface HclList {
  readonly kind: 'list';
  readonly items: readonly HclValue[];
  readonly pos: HclPosition;
}

/** `{ ... }`, and also the whole document (the root body). */
export interface HclObject {
  readonly kind: 'object';
  readonly items: readonly HclItem[];
  readonly pos: HclPosition;
}

export type HclLiteral = HclString | HclNumber | HclBool | HclNull;
export type HclValue = HclLiteral | HclList | HclObject;

/**
 * `key = value`, `key { ... }` or `key "label" ... { ... }`. `keys` is never empty; when it has
 * more than one key the value is always an object. `assign` tells whether `=` was written.
 */
export interface HclItem {
  readonly keys: readonly HclKey[];
  readonly value: HclValue;
  readonly assign: boolean;
  readonly pos: HclPosition;
}

/** Which syntax a document was written in. */
export type HclSyntax = 'hcl' | 'json';

/** A parsed document: its root body and the syntax that was detected. */
export interface HclDocument {
  readonly syntax: HclSyntax;
  readonly body: HclObject;
}

/** Human name of a value kind, for error messages ("a string", "a block", ...). */
export function describeHclValue(value: HclValue): string {
  switch (value.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'bool':
      return 'a bool';
    case 'null':
      return 'null';
    case 'list':
      return 'a list';
    case 'object':
      return 'a block';
  }
}
