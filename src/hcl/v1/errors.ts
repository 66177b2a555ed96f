/**
 * The two ways Go's HCL v1 code fails, reproduced as two exception classes.
 *
 * - `GoError` is an `error` value that a Go function returns. Its `message` is exactly what Go's
 *   `err.Error()` prints. `PosError` is hcl's `parser.PosError`: `At <line>:<column>: <err>`, with
 *   `-` instead of the position when the position is unknown (line 0, which is the case for every
 *   node that came from JSON).
 * - `GoPanic` is a Go panic, with the text `fmt.Sprint` gives the recovered value (for a runtime
 *   error, its `Error()` text). Nomad recovers panics of the HCL decoder and reports them as
 *   `invalid acl policy: <text>`.
 *
 * Throwing instead of returning `(value, err)` pairs is a shortcut where every Go caller returns
 * the error unchanged; the parsers, which sometimes inspect or drop errors, return them instead.
 */

import { type Pos, posString } from './token.js';

export class GoError extends Error {
  override readonly name: string = 'GoError';
}

export class PosError extends GoError {
  override readonly name = 'PosError';
  constructor(
    readonly pos: Pos,
    readonly err: GoError,
  ) {
    super(`At ${posString(pos)}: ${err.message}`);
  }
}

export class GoPanic extends Error {
  override readonly name = 'GoPanic';
}

/** The panic of `s[i]` on a slice of length `length`. */
export function indexOutOfRange(index: number, length: number): GoPanic {
  return new GoPanic(`runtime error: index out of range [${index}] with length ${length}`);
}

/** The panic of reading through a nil pointer. */
export function nilDereference(): GoPanic {
  return new GoPanic('runtime error: invalid memory address or nil pointer dereference');
}

/** `s[i]`, panicking as Go does when i is out of range. */
export function goIndex<T>(items: readonly T[], index: number): T {
  if (index < 0 || index >= items.length) throw indexOutOfRange(index, items.length);
  return items[index] as T;
}
