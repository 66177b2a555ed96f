/**
 * Go-style command-line flags, as Nomad's commands parse them with Go's `flag` package.
 *
 * Nomad users write `-name=x`, `-name x`, `--name=x`, `-global`, `-global=true` and repeat
 * `-policy a -policy b`; the emulator must accept exactly what Go accepts and refuse the rest with
 * Go's messages. The rules reproduced here (facts about Go's `flag` package, own code):
 *
 * - Parsing stops at the first argument that is not a flag (a word not starting with `-`, or `-`
 *   alone), and after a `--` terminator, which is dropped. Later words are positional even if they
 *   look like flags: `apply NAME FILE -description d` has four positional arguments.
 * - One or two leading dashes mean the same. `---x`, `-=x` and `--=x` are `bad flag syntax: ...`.
 * - A boolean flag takes a value only in the `-flag=value` form (`strconv.ParseBool` words);
 *   `-global true` sets the flag and leaves `true` as a positional argument.
 * - Any other flag takes `-flag=value` or the next argument, whatever it looks like.
 * - A repeated string flag keeps its last value; a list flag (Nomad's `funcVar`) appends.
 * - Undefined `-h`/`-help` asks for the usage text (Go's `ErrHelp`, no message).
 *
 * Errors carry Go's texts: `flag provided but not defined: -foo`, `flag needs an argument: -name`,
 * `invalid boolean value "x" for -global: parse error`, `bad flag syntax: ---x`.
 */
import { goQuote } from '../go/quote.js';

/** Kinds of flag: a string (last value wins), a boolean, or a repeatable list. */
export type FlagKind = 'string' | 'bool' | 'list';

interface FlagDefinition {
  readonly kind: FlagKind;
  readonly defaultValue: string | boolean;
}

/** The outcome of parsing: values and positional arguments, Go's error text, or a help request. */
export type FlagParseResult =
  | { readonly kind: 'ok'; readonly flags: ParsedFlags; readonly args: readonly string[] }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'help' };

/** Go's `strconv.ParseBool` words. */
const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Parses a boolean the way `strconv.ParseBool` does; `undefined` when the word is not one. */
export function parseGoBool(text: string): boolean | undefined {
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return undefined;
}

/** The values after a successful parse. Unset flags read as their defaults. */
export class ParsedFlags {
  constructor(
    private readonly definitions: ReadonlyMap<string, FlagDefinition>,
    private readonly strings: ReadonlyMap<string, string>,
    private readonly bools: ReadonlyMap<string, boolean>,
    private readonly lists: ReadonlyMap<string, readonly string[]>,
    /** Names of the flags that were given, in the order first seen. */
    readonly setNames: readonly string[],
  ) {}

  string(name: string): string {
    const value = this.strings.get(name);
    if (value !== undefined) return value;
    const def = this.definition(name, 'string');
    return String(def.defaultValue);
  }

  bool(name: string): boolean {
    const value = this.bools.get(name);
    if (value !== undefined) return value;
    return this.definition(name, 'bool').defaultValue === true;
  }

  list(name: string): readonly string[] {
    this.definition(name, 'list');
    return this.lists.get(name) ?? [];
  }

  /** True when the flag appeared on the command line (Go's `flag.Visit`). */
  isSet(name: string): boolean {
    return this.setNames.includes(name);
  }

  private definition(name: string, kind: FlagKind): FlagDefinition {
    const def = this.definitions.get(name);
    if (def === undefined || def.kind !== kind)
      throw new Error(`flag -${name} is not defined as a ${kind} flag`);
    return def;
  }
}

/** A set of flag definitions, parsed like Go's `flag.FlagSet` with `ContinueOnError`. */
export class FlagSet {
  private readonly definitions = new Map<string, FlagDefinition>();

  /** Defines a string flag; a repeated flag keeps its last value. */
  string(name: string, defaultValue = ''): this {
    return this.define(name, { kind: 'string', defaultValue });
  }

  /** Defines a boolean flag (`-x`, `-x=true`, `-x=false`). */
  bool(name: string, defaultValue = false): this {
    return this.define(name, { kind: 'bool', defaultValue });
  }

  /** Defines a repeatable flag whose values are collected in order. */
  list(name: string): this {
    return this.define(name, { kind: 'list', defaultValue: '' });
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  parse(argv: readonly string[]): FlagParseResult {
    const strings = new Map<string, string>();
    const bools = new Map<string, boolean>();
    const lists = new Map<string, string[]>();
    const setNames: string[] = [];
    let rest: readonly string[] = argv;
    for (;;) {
      const step = this.parseOne(rest);
      if (step.kind === 'done') {
        const flags = new ParsedFlags(this.definitions, strings, bools, lists, setNames);
        return { kind: 'ok', flags, args: step.rest };
      }
      if (step.kind === 'error' || step.kind === 'help') return step;
      rest = step.rest;
      if (!setNames.includes(step.name)) setNames.push(step.name);
      const def = this.definitions.get(step.name);
      if (def?.kind === 'bool') bools.set(step.name, step.value === 'true');
      else if (def?.kind === 'list')
        lists.set(step.name, [...(lists.get(step.name) ?? []), step.value]);
      else strings.set(step.name, step.value);
    }
  }

  private define(name: string, definition: FlagDefinition): this {
    if (this.definitions.has(name)) throw new Error(`flag redefined: ${name}`);
    this.definitions.set(name, definition);
    return this;
  }

  /** One step of Go's `parseOne`: a flag with its value, the end of the flags, or an error. */
  private parseOne(
    args: readonly string[],
  ):
    | { kind: 'done'; rest: readonly string[] }
    | { kind: 'flag'; name: string; value: string; rest: readonly string[] }
    | { kind: 'error'; message: string }
    | { kind: 'help' } {
    const word = args[0];
    if (word === undefined || word.length < 2 || !word.startsWith('-'))
      return { kind: 'done', rest: args };
    let dashes = 1;
    if (word[1] === '-') {
      dashes = 2;
      if (word.length === 2) return { kind: 'done', rest: args.slice(1) };
    }
    const spec = word.slice(dashes);
    if (spec === '' || spec.startsWith('-') || spec.startsWith('=')) {
      return { kind: 'error', message: `bad flag syntax: ${word}` };
    }
    let rest = args.slice(1);
    const eq = spec.indexOf('=');
    const name = eq === -1 ? spec : spec.slice(0, eq);
    const inlineValue = eq === -1 ? undefined : spec.slice(eq + 1);
    const def = this.definitions.get(name);
    if (def === undefined) {
      if (name === 'help' || name === 'h') return { kind: 'help' };
      return { kind: 'error', message: `flag provided but not defined: -${name}` };
    }
    if (def.kind === 'bool') {
      if (inlineValue === undefined) return { kind: 'flag', name, value: 'true', rest };
      const parsed = parseGoBool(inlineValue);
      if (parsed === undefined) {
        return {
          kind: 'error',
          message: `invalid boolean value ${goQuote(inlineValue)} for -${name}: parse error`,
        };
      }
      return { kind: 'flag', name, value: String(parsed), rest };
    }
    let value = inlineValue;
    if (value === undefined) {
      const next = rest[0];
      if (next === undefined) return { kind: 'error', message: `flag needs an argument: -${name}` };
      value = next;
      rest = rest.slice(1);
    }
    return { kind: 'flag', name, value, rest };
  }
}
