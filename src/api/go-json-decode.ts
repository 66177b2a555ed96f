/**
 * Go's `encoding/json` decoding of a `JsonNode` into a described Go type, with Go's rules and
 * error texts. A `GoType<T>` describes one Go type (its `reflect` name, its zero value, how a JSON
 * value fills it) and yields a typed TypeScript value `T`; body-decode.ts describes Nomad's
 * request structs with these building blocks.
 *
 * The rules followed (Go 1.24+ `decode.go`):
 * - A JSON value of the wrong kind leaves the field as it was and records
 *   `json: cannot unmarshal <kind> into Go struct field <Struct>.<path> of type <type>`
 *   (`... into Go value of type <type>` outside any struct). Only the first such error is kept and
 *   decoding goes on; it is returned at the end. `<path>` is every field name on the way down,
 *   including embedded structs (Go 1.24 added those); `<Struct>` is the innermost struct's name,
 *   empty for an anonymous struct (Nomad's `ACLToken.UnmarshalJSON` decodes into one).
 * - An integer field takes only integer literals in range (`number 1.5` otherwise).
 * - `null` leaves strings, numbers, booleans and structs unchanged and sets slices, pointers and
 *   interfaces to nil.
 * - Object keys match field names exactly, else case-insensitively (Unicode simple folding, so
 *   `ſ` matches `s` and the Kelvin sign matches `k`); unknown keys are ignored; a repeated key
 *   decodes again over the earlier value.
 * - An `UnmarshalJSON` method's error (such as `time.Time`'s) stops decoding at once and wins over
 *   a recorded type error.
 *
 * Decoding follows the described type, not the data: a value nested deeper than the type is
 * skipped or, for `interface{}` fields, only scanned in a loop, so the depth of a body never
 * reaches the JavaScript stack.
 */
import { GO_ZERO_TIME } from '../acl/index.js';
import { goBase64Problem } from './go-base64.js';
import { unmarshalGoTime, type GoTimeJsonDialect } from './go-time-json.js';
import type { JsonNode } from './json-node.js';

/** A decode error: Go's `UnmarshalTypeError` (context added as decoding unwinds) or any other error text. */
export type GoDecodeError =
  | {
      readonly kind: 'type';
      readonly value: string;
      readonly type: string;
      readonly struct: string | null;
      readonly field: string;
    }
  | { readonly kind: 'text'; readonly message: string };

/** The error's text, as Go's `Error()` writes it. */
export function goDecodeErrorText(error: GoDecodeError): string {
  if (error.kind === 'text') return error.message;
  const into =
    error.struct !== null || error.field !== ''
      ? `Go struct field ${error.struct ?? ''}.${error.field}`
      : 'Go value';
  return `json: cannot unmarshal ${error.value} into ${into} of type ${error.type}`;
}

/** One decoder run (Go's `decodeState`): the first recorded error and where decoding is. */
export class DecodeState {
  saved: GoDecodeError | null = null;
  /** The innermost struct being filled (null outside any) and the field names down to here. */
  struct: string | null = null;
  readonly fields: string[] = [];

  /** Go's `addErrorContext`: a type error learns the struct and field path it happened in. */
  withContext(error: GoDecodeError): GoDecodeError {
    if (error.kind !== 'type' || (this.struct === null && this.fields.length === 0)) return error;
    const path = error.field === '' ? this.fields : [...this.fields, error.field];
    return { ...error, struct: this.struct ?? '', field: path.join('.') };
  }

  /** Go's `saveError`: keeps the first error only. */
  save(error: GoDecodeError): void {
    if (this.saved === null) this.saved = this.withContext(error);
  }
}

/** A decoded value, or an error that stops decoding (an `UnmarshalJSON` failure). */
export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: GoDecodeError };

/** A Go type: its `reflect.Type.String()`, its zero value, and how a JSON value fills it. */
export interface GoType<T> {
  readonly name: string;
  zero(): T;
  decode(node: JsonNode, current: T, state: DecodeState): Decoded<T>;
}

function done<T>(value: T): Decoded<T> {
  return { ok: true, value };
}

/** Go's name for the kind of a JSON value in `cannot unmarshal <kind>`. */
function kindOf(node: JsonNode): string {
  return node.kind === 'bool' ? 'bool' : node.kind;
}

/** Records Go's type mismatch and keeps `current`. */
function mismatch<T>(
  node: JsonNode,
  type: string,
  current: T,
  state: DecodeState,
  value = kindOf(node),
): Decoded<T> {
  state.save({ kind: 'type', value, type, struct: null, field: '' });
  return done(current);
}

export const goString: GoType<string> = {
  name: 'string',
  zero: () => '',
  decode: (node, current, state) => {
    if (node.kind === 'string') return done(node.value);
    return node.kind === 'null' ? done(current) : mismatch(node, 'string', current, state);
  },
};

export const goBool: GoType<boolean> = {
  name: 'bool',
  zero: () => false,
  decode: (node, current, state) => {
    if (node.kind === 'bool') return done(node.value);
    return node.kind === 'null' ? done(current) : mismatch(node, 'bool', current, state);
  },
};

/**
 * A Go integer type (`int`, `uint64`, `uint8`, ...): only an integer literal within the type's
 * range, as `strconv.ParseInt`/`ParseUint` read it; anything else records `number <literal>`.
 */
export function goInteger(name: string, signed: boolean, bits: number): GoType<number> {
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const literal = signed ? /^-?\d+$/ : /^\d+$/;
  return {
    name,
    zero: () => 0,
    decode: (node, current, state) => {
      if (node.kind === 'null') return done(current);
      if (node.kind !== 'number') return mismatch(node, name, current, state);
      const n = literal.test(node.text) ? BigInt(node.text) : null;
      if (n === null || n > max || n < min)
        return mismatch(node, name, current, state, `number ${node.text}`);
      return done(Number(n));
    },
  };
}

export const goUint64 = goInteger('uint64', false, 64);
export const goInt = goInteger('int', true, 64);
const goUint8 = goInteger('uint8', false, 8);

/**
 * `[]byte`: a base64 string (else Go's `illegal base64 data at input byte N`) or an array of
 * numbers 0-255. Nomad recomputes every hash it is sent, so the bytes themselves are not kept:
 * the value says only whether the field was set.
 */
export const goBytes: GoType<boolean> = {
  name: '[]uint8',
  zero: () => false,
  decode: (node, current, state) => {
    switch (node.kind) {
      case 'null':
        return done(false);
      case 'string': {
        const problem = goBase64Problem(new TextEncoder().encode(node.value));
        if (problem !== null) {
          state.save({ kind: 'text', message: problem });
          return done(current);
        }
        return done(true);
      }
      case 'array':
        for (const item of node.items) {
          const byte = goUint8.decode(item, 0, state);
          if (!byte.ok) return byte;
        }
        return done(true);
      default:
        return mismatch(node, '[]uint8', current, state);
    }
  },
};

/** `[]T`: an array decodes element by element into the existing elements, then is cut to length. */
export function goSlice<T>(element: GoType<T>): GoType<readonly T[] | null> {
  const name = `[]${element.name}`;
  return {
    name,
    zero: () => null,
    decode: (node, current, state) => {
      if (node.kind === 'null') return done(null);
      if (node.kind !== 'array') return mismatch(node, name, current, state);
      const out: T[] = [];
      for (const [i, item] of node.items.entries()) {
        const existing =
          current !== null && i < current.length ? (current[i] as T) : element.zero();
        const decoded = element.decode(item, existing, state);
        if (!decoded.ok) return decoded;
        out.push(decoded.value);
      }
      return done(out);
    },
  };
}

/** `*T`: `null` is nil; anything else decodes into the pointed-to value (made when nil). */
export function goPointer<T>(target: GoType<T>): GoType<T | null> {
  return {
    name: `*${target.name}`,
    zero: () => null,
    decode: (node, current, state) =>
      node.kind === 'null' ? done(null) : target.decode(node, current ?? target.zero(), state),
  };
}

/** What an `interface{}` field holds after decoding, as far as Nomad looks at it. */
export type GoAny =
  | { readonly kind: 'nil' }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'float64'; readonly value: number }
  | { readonly kind: 'other' };

/** A JSON number as `interface{}` holds it: a float64, or the error `strconv.ParseFloat` gives. */
function float64Of(text: string): number | null {
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * `interface{}`: takes any JSON value. Numbers become float64; one too large for float64 records
 * `number <literal>` of type float64, wherever it sits inside the value (found with a loop).
 */
export const goAny: GoType<GoAny> = {
  name: 'interface {}',
  zero: () => ({ kind: 'nil' }),
  decode: (node, current, state) => {
    switch (node.kind) {
      case 'null':
        return done({ kind: 'nil' });
      case 'string':
        return done({ kind: 'string', value: node.value });
      case 'number': {
        const value = float64Of(node.text);
        return value === null
          ? mismatch(node, 'float64', current, state, `number ${node.text}`)
          : done({ kind: 'float64', value });
      }
      case 'bool':
        return done({ kind: 'other' });
      default: {
        const work: JsonNode[] = [node];
        while (work.length > 0) {
          const next = work.pop() as JsonNode;
          if (next.kind === 'number' && float64Of(next.text) === null) {
            state.save({
              kind: 'type',
              value: `number ${next.text}`,
              type: 'float64',
              struct: null,
              field: '',
            });
            break;
          }
          if (next.kind === 'array')
            for (let i = next.items.length - 1; i >= 0; i--) work.push(next.items[i] as JsonNode);
          if (next.kind === 'object')
            for (let i = next.entries.length - 1; i >= 0; i--)
              work.push((next.entries[i] as readonly [string, JsonNode])[1]);
        }
        return done({ kind: 'other' });
      }
    }
  },
};

/** `time.Time` (an `UnmarshalJSON` type) in virtual milliseconds; Go's zero time when unset. */
export function goTime(dialect: GoTimeJsonDialect): GoType<number> {
  return {
    name: 'time.Time',
    zero: () => GO_ZERO_TIME,
    decode: (node, current) => {
      const parsed = unmarshalGoTime(node, dialect);
      if (!parsed.ok) return { ok: false, error: { kind: 'text', message: parsed.message } };
      return done('keep' in parsed ? current : parsed.ms);
    },
  };
}

/**
 * A struct type that only has to be the right kind of JSON value: any object is accepted
 * without looking inside (used for fields Nomad ignores on the way in, such as `RulesJSON`).
 */
export function goOpaqueStruct(name: string): GoType<null> {
  return {
    name,
    zero: () => null,
    decode: (node, current, state) =>
      node.kind === 'object' || node.kind === 'null'
        ? done(current)
        : mismatch(node, name, current, state),
  };
}

/** A struct field: its type and the embedded structs it is promoted through (outermost first). */
export interface GoField<T> {
  readonly type: GoType<T>;
  readonly via?: readonly string[];
}

/** Shorthand for a field declared directly in its struct. */
export function field<T>(type: GoType<T>, via?: readonly string[]): GoField<T> {
  return via === undefined ? { type } : { type, via };
}

/** Go's case-insensitive key match for an ASCII field name (simple Unicode folding). */
function foldMatches(key: string, name: string): boolean {
  const chars = [...key];
  if (chars.length !== name.length) return false;
  return chars.every((ch, i) => {
    const want = (name[i] as string).toLowerCase();
    const got = ch.toLowerCase();
    if (got === want) return true;
    if (ch === '\u017f') return want === 's';
    if (ch === '\u212a') return want === 'k';
    return false;
  });
}

/**
 * A struct: `structName` is what `reflect.Type.Name()` says (empty for an anonymous struct),
 * `typeName` what `String()` says. Fields are listed in declaration order, promoted fields of
 * embedded structs flattened in with their `via` path (shadowed ones left out, as Go hides them).
 */
export function goStruct<V extends object>(
  structName: string,
  typeName: string,
  fields: { readonly [K in keyof V]: GoField<V[K]> },
): GoType<V> {
  const names = Object.keys(fields) as (keyof V & string)[];
  const zero = (): V => {
    const value: Partial<V> = {};
    for (const name of names) value[name] = fields[name].type.zero();
    return value as V;
  };
  const lookup = (key: string): (keyof V & string) | undefined =>
    names.find((n) => n === key) ?? names.find((n) => foldMatches(key, n));
  const decodeField = <K extends keyof V & string>(
    name: K,
    node: JsonNode,
    into: V,
    state: DecodeState,
  ): GoDecodeError | null => {
    const spec = fields[name];
    const depth = state.fields.length;
    const outerStruct = state.struct;
    state.fields.push(...(spec.via ?? []), name);
    state.struct = structName;
    const decoded = spec.type.decode(node, into[name], state);
    if (!decoded.ok) return decoded.error; // Go unwinds without restoring the context
    into[name] = decoded.value;
    state.fields.length = depth;
    state.struct = outerStruct;
    return null;
  };
  return {
    name: typeName,
    zero,
    decode: (node, current, state) => {
      if (node.kind === 'null') return done(current);
      if (node.kind !== 'object') return mismatch(node, typeName, current, state);
      const into = { ...current };
      for (const [key, value] of node.entries) {
        const name = lookup(key);
        if (name === undefined) continue;
        const error = decodeField(name, value, into, state);
        if (error !== null) return { ok: false, error };
      }
      return done(into);
    },
  };
}

/**
 * A type with its own `UnmarshalJSON` that decodes the whole value into an auxiliary struct with
 * a fresh decoder (`json.Unmarshal(data, &aux)`), then finishes by hand. Any error of that inner
 * decoder, type errors included, stops the outer decoding.
 */
export function goUnmarshaler<R, V>(spec: {
  readonly name: string;
  readonly zero: () => R;
  readonly aux: GoType<V>;
  readonly toAux: (current: R) => V;
  readonly finish: (aux: V, current: R) => Decoded<R>;
}): GoType<R> {
  return {
    name: spec.name,
    zero: spec.zero,
    decode: (node, current) => {
      const inner = new DecodeState();
      const decoded = spec.aux.decode(node, spec.toAux(current), inner);
      if (!decoded.ok) return { ok: false, error: inner.withContext(decoded.error) };
      if (inner.saved !== null) return { ok: false, error: inner.saved };
      return spec.finish(decoded.value, current);
    },
  };
}

/** `Decode(&out)` of a whole body into `type`: the value, or the error text Go returns. */
export function decodeGo<T>(
  type: GoType<T>,
  node: JsonNode,
): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string } {
  // A top-level null sets Nomad's `interface{}` holding the struct pointer to nil: the struct stays zero.
  if (node.kind === 'null') return { ok: true, value: type.zero() };
  const state = new DecodeState();
  const decoded = type.decode(node, type.zero(), state);
  if (!decoded.ok)
    return { ok: false, message: goDecodeErrorText(state.withContext(decoded.error)) };
  if (state.saved !== null) return { ok: false, message: goDecodeErrorText(state.saved) };
  return { ok: true, value: decoded.value };
}
