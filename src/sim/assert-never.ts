/**
 * The exhaustiveness guard of every switch over a discriminated union (DESIGN principle 5): the
 * type checker proves the call unreachable, and at run time a value of an unknown kind is a
 * programmer error that throws at once, naming what it was.
 */

/** Throws `unknown <what>: <value as JSON>`; `value` must have been narrowed to `never`. */
export function assertNever(value: never, what: string): never {
  throw new TypeError(`unknown ${what}: ${JSON.stringify(value)}`);
}
