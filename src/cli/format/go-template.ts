/**
 * The part of Go's `text/template` that `nomad ... -t '<template>'` users write, over typed values
 * that stand for the Go structs the CLI formats (`*api.ACLToken`, `[]*api.ACLPolicyListStub`, ...).
 *
 * Supported (with Go's semantics): text and `{{ }}` actions with `{{-`/`-}}` trimming and
 * `{{/* comments *\/}}`; pipelines of one command with `|` chaining; `.`, `$`, field chains
 * (`.A.B`, `$v.Name`), string/number/bool literals; `if`/`else if`/`else`, `range` (with
 * `$i, $v :=` or `$v :=`, and `else`), `with`, `end`; the functions `and`, `or`, `not`, `len`,
 * `index`, `eq`, `ne`, `print`, `println`, `printf` (`%s %v %d %q %t %%`). Values print as Go's
 * `fmt` prints them: times as `time.Time.String()`, durations as `10m0s`, slices `[a b]`, a nil
 * pointer `<nil>`, a pointer to a struct at the top `&{...}`.
 *
 * Errors carry Go's texts: `template: :1: unexpected EOF`, `template: :1: function "x" not
 * defined`, `template: :1:3: executing "" at <.Foo>: can't evaluate field Foo in type
 * *api.ACLToken`. Not modelled: sprig functions (Nomad adds them as `sprig_*`), `define`/
 * `template`/`block`, `break`/`continue`, multi-command pipelines with parenthesised arguments,
 * and the addresses Go prints for pointers nested in a struct (shown here as `0xc000010000`).
 */

/** A Go value as the template sees it. `type` is Go's type name, for error texts. */
export type GoValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'int'; readonly value: number; readonly type: string }
  /** A value with a String method (time.Time, time.Duration): `text` is what it prints. */
  | { readonly kind: 'stringer'; readonly text: string; readonly type: string }
  | { readonly kind: 'nil'; readonly type: string }
  | {
      readonly kind: 'struct';
      readonly type: string;
      readonly pointer: boolean;
      readonly fields: ReadonlyMap<string, GoValue>;
    }
  | { readonly kind: 'slice'; readonly type: string; readonly items: readonly GoValue[] }
  /** A map with string keys; `zero` is what a missing key reads as. */
  | {
      readonly kind: 'map';
      readonly type: string;
      readonly entries: ReadonlyMap<string, GoValue>;
      readonly zero: GoValue;
    };

export class GoTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoTemplateError';
  }
}

// --- values ---------------------------------------------------------------------------------

export const goString = (value: string): GoValue => ({ kind: 'string', value });
export const goBool = (value: boolean): GoValue => ({ kind: 'bool', value });
export const goInt = (value: number, type = 'int'): GoValue => ({ kind: 'int', value, type });

function typeName(v: GoValue): string {
  switch (v.kind) {
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    default:
      return v.type;
  }
}

function truth(v: GoValue): boolean {
  switch (v.kind) {
    case 'string':
      return v.value !== '';
    case 'bool':
      return v.value;
    case 'int':
      return v.value !== 0;
    case 'nil':
      return false;
    case 'slice':
      return v.items.length > 0;
    case 'map':
      return v.entries.size > 0;
    case 'stringer':
      return v.text !== '0s';
    case 'struct':
      return true;
  }
}

/** A map's entries in key order, as fmt prints them and range visits them. */
function sortedEntries(v: Extract<GoValue, { kind: 'map' }>): Array<[string, GoValue]> {
  return [...v.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Go's `fmt` `%v` of `v` (`depth` 0 = the operand itself). */
export function formatGoValue(v: GoValue, depth = 0): string {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'bool':
      return String(v.value);
    case 'int':
      return String(v.value);
    case 'stringer':
      return v.text;
    case 'nil':
      return v.type.startsWith('[]') ? '[]' : '<nil>';
    case 'slice':
      return `[${v.items.map((item) => formatGoValue(item, depth + 1)).join(' ')}]`;
    case 'map':
      return `map[${sortedEntries(v)
        .map(([key, item]) => `${key}:${formatGoValue(item, depth + 1)}`)
        .join(' ')}]`;
    case 'struct': {
      if (v.pointer && depth > 0) return '0xc000010000';
      const inner = [...v.fields.values()].map((f) => formatGoValue(f, depth + 1)).join(' ');
      return `${v.pointer ? '&' : ''}{${inner}}`;
    }
  }
}

// --- lexing and parsing ------------------------------------------------------------------------

type Node =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'action'; readonly pipe: Pipe }
  | {
      readonly t: 'if' | 'with';
      readonly pipe: Pipe;
      readonly then: Node[];
      readonly otherwise: Node[];
    }
  | {
      readonly t: 'range';
      readonly pipe: Pipe;
      readonly vars: readonly string[];
      readonly body: Node[];
      readonly otherwise: Node[];
    };

interface Pipe {
  readonly decl: readonly string[];
  readonly commands: readonly Command[];
}

type Arg =
  | { readonly a: 'dot'; readonly pos: number }
  | {
      readonly a: 'field';
      readonly base: string | null;
      readonly names: readonly string[];
      readonly pos: number;
      readonly text: string;
    }
  | { readonly a: 'literal'; readonly value: GoValue }
  | { readonly a: 'func'; readonly name: string; readonly pos: number };

type Command = readonly Arg[];

const FUNCTIONS = new Set([
  'and',
  'or',
  'not',
  'len',
  'index',
  'eq',
  'ne',
  'print',
  'println',
  'printf',
]);

function parseError(line: number, message: string): GoTemplateError {
  return new GoTemplateError(`template: :${line}: ${message}`);
}

interface Action {
  readonly body: string;
  /** Byte offset of the action body in the template. */
  readonly at: number;
}

type Piece = { readonly text: string } | { readonly action: Action };

function lineAt(source: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at && i < source.length; i++) if (source[i] === '\n') line++;
  return line;
}

/** A trim marker's neighbour: Go accepts a space, tab, carriage return or newline. */
function isTrimSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

/** Splits the template into text and action bodies, applying the `{{- ` / ` -}}` trim markers. */
function lex(source: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  let trimNext = false;
  for (;;) {
    const open = source.indexOf('{{', i);
    let text = open < 0 ? source.slice(i) : source.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      if (text !== '') pieces.push({ text });
      return pieces;
    }
    let start = open + 2;
    if (source[start] === '-' && isTrimSpace(source[start + 1])) {
      text = text.replace(/\s+$/, '');
      start += 2;
    }
    if (text !== '') pieces.push({ text });
    if (source.startsWith('/*', start)) {
      const end = source.indexOf('*/', start + 2);
      if (end < 0) throw parseError(lineAt(source, open), 'unclosed comment');
      let after = end + 2;
      const trimRight = isTrimSpace(source[after]) && source.startsWith('-}}', after + 1);
      if (trimRight) after += 2;
      if (!source.startsWith('}}', after))
        throw parseError(lineAt(source, open), 'comment ends before closing delimiter');
      trimNext = trimRight;
      i = after + 2;
      continue;
    }
    const close = findClose(source, start);
    if (close < 0) throw parseError(lineAt(source, open), 'unclosed action');
    const trimRight =
      close - 2 >= start && source[close - 1] === '-' && isTrimSpace(source[close - 2]);
    pieces.push({
      action: { body: source.slice(start, trimRight ? close - 2 : close), at: start },
    });
    trimNext = trimRight;
    i = close + 2;
  }
}

/** Index of the `}}` closing the action that starts at `from`, outside quoted strings. */
function findClose(source: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (quote !== null) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === '`' || ch === "'") quote = ch;
    else if (ch === '}' && source[i + 1] === '}') return i;
  }
  return -1;
}

interface Token {
  readonly text: string;
  readonly pos: number;
}

function tokenize(action: Action, source: string): Token[] {
  const tokens: Token[] = [];
  const body = action.body;
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '"' || ch === '`') {
      i++;
      while (i < body.length && body[i] !== ch) i += body[i] === '\\' && ch === '"' ? 2 : 1;
      if (i >= body.length)
        throw parseError(lineAt(source, action.at), 'unterminated quoted string');
      i++;
    } else if (ch === '|' || ch === '(' || ch === ')') i++;
    else if (ch === ':' && body[i + 1] === '=') i += 2;
    else if (ch === ',') i++;
    else
      while (
        i < body.length &&
        !/[\s|(),]/.test(body[i] as string) &&
        !(body[i] === ':' && body[i + 1] === '=')
      )
        i++;
    tokens.push({ text: body.slice(start, i), pos: action.at + start });
  }
  return tokens;
}

function unquote(text: string): string {
  if (text.startsWith('`')) return text.slice(1, -1);
  return JSON.parse(text.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string;
}

function parsePipe(
  tokens: readonly Token[],
  source: string,
  line: number,
  allowDecl: boolean,
): Pipe {
  let rest = [...tokens];
  const decl: string[] = [];
  const assign = rest.findIndex((t) => t.text === ':=');
  if (assign >= 0) {
    if (!allowDecl) throw parseError(line, 'unexpected ":=" in command');
    for (const t of rest.slice(0, assign)) if (t.text !== ',') decl.push(t.text);
    rest = rest.slice(assign + 1);
  }
  const commands: Command[] = [];
  let current: Arg[] = [];
  for (const token of rest) {
    if (token.text === '|') {
      if (current.length === 0) throw parseError(line, 'missing command');
      commands.push(current);
      current = [];
      continue;
    }
    if (token.text === '(' || token.text === ')')
      throw parseError(line, 'parenthesised pipelines are not supported by this emulator');
    current.push(parseArg(token, source, line));
  }
  if (current.length === 0)
    throw parseError(line, commands.length === 0 ? 'missing value for command' : 'missing command');
  commands.push(current);
  return { decl, commands };
}

function parseArg(token: Token, _source: string, line: number): Arg {
  const text = token.text;
  if (text === '.') return { a: 'dot', pos: token.pos };
  if (text.startsWith('.') || text.startsWith('$')) {
    const parts = text.split('.');
    const base = text.startsWith('$') ? (parts[0] as string) : null;
    const names = parts.slice(1);
    if (names.some((n) => n === '')) throw parseError(line, `unexpected "." in operand`);
    return { a: 'field', base, names, pos: token.pos, text };
  }
  if (text.startsWith('"') || text.startsWith('`'))
    return { a: 'literal', value: goString(unquote(text)) };
  if (text === 'true' || text === 'false') return { a: 'literal', value: goBool(text === 'true') };
  if (text === 'nil') return { a: 'literal', value: { kind: 'nil', type: 'nil' } };
  if (/^-?\d+$/.test(text)) return { a: 'literal', value: goInt(Number(text)) };
  if (/^[A-Za-z_]\w*$/.test(text)) {
    if (!FUNCTIONS.has(text)) throw parseError(line, `function "${text}" not defined`);
    return { a: 'func', name: text, pos: token.pos };
  }
  throw parseError(line, `unexpected "${text}" in operand`);
}

/** Parses `source` into a tree (Go's `template.New("").Parse`). */
function parse(source: string): Node[] {
  const pieces = lex(source);
  let index = 0;
  const stack: string[] = [];

  function block(): {
    nodes: Node[];
    ended: 'end' | 'else' | 'eof';
    elseTokens: Token[];
    line: number;
  } {
    const nodes: Node[] = [];
    while (index < pieces.length) {
      const piece = pieces[index++] as Piece;
      if ('text' in piece) {
        nodes.push({ t: 'text', text: piece.text });
        continue;
      }
      const line = lineAt(source, piece.action.at);
      const tokens = tokenize(piece.action, source);
      const word = tokens[0]?.text;
      if (word === undefined) throw parseError(line, 'missing value for command');
      if (word === 'end') {
        if (stack.length === 0) throw parseError(line, 'unexpected {{end}}');
        return { nodes, ended: 'end', elseTokens: [], line };
      }
      if (word === 'else') {
        if (stack.length === 0) throw parseError(line, 'unexpected {{else}}');
        return { nodes, ended: 'else', elseTokens: tokens.slice(1), line };
      }
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(control(word, tokens.slice(1), line));
        continue;
      }
      if (['define', 'template', 'block', 'break', 'continue'].includes(word))
        throw parseError(line, `{{${word}}} is not supported by this emulator`);
      nodes.push({ t: 'action', pipe: parsePipe(tokens, source, line, true) });
    }
    if (stack.length > 0) throw parseError(lineAt(source, source.length), 'unexpected EOF');
    return { nodes, ended: 'eof', elseTokens: [], line: 0 };
  }

  function control(word: 'if' | 'with' | 'range', tokens: Token[], line: number): Node {
    if (tokens.length === 0) throw parseError(line, `missing value for ${word}`);
    const pipe = parsePipe(tokens, source, line, word === 'range');
    stack.push(word);
    const first = block();
    let otherwise: Node[] = [];
    if (first.ended === 'else') {
      if (
        first.elseTokens.length > 0 &&
        (first.elseTokens[0]?.text === 'if' || first.elseTokens[0]?.text === 'with')
      ) {
        const nested = control(
          first.elseTokens[0].text as 'if' | 'with',
          first.elseTokens.slice(1),
          first.line,
        );
        otherwise = [nested];
        stack.pop();
        return word === 'range'
          ? { t: 'range', pipe, vars: pipe.decl, body: first.nodes, otherwise }
          : { t: word, pipe, then: first.nodes, otherwise };
      }
      const second = block();
      if (second.ended !== 'end') throw parseError(second.line, 'expected end; found {{else}}');
      otherwise = second.nodes;
    }
    stack.pop();
    return word === 'range'
      ? { t: 'range', pipe, vars: pipe.decl, body: first.nodes, otherwise }
      : { t: word, pipe, then: first.nodes, otherwise };
  }

  const top = block();
  return top.nodes;
}

// --- execution -----------------------------------------------------------------------------

interface Scope {
  readonly dot: GoValue;
  readonly vars: ReadonlyMap<string, GoValue>;
}

function execError(source: string, pos: number, context: string, message: string): GoTemplateError {
  const before = source.slice(0, pos);
  const line = 1 + (before.match(/\n/g)?.length ?? 0);
  const lastNewline = before.lastIndexOf('\n');
  const col = lastNewline < 0 ? pos : pos - (lastNewline + 1);
  return new GoTemplateError(`template: :${line}:${col}: executing "" at <${context}>: ${message}`);
}

function fieldOf(
  base: GoValue,
  name: string,
  source: string,
  arg: Extract<Arg, { a: 'field' }>,
): GoValue {
  if (base.kind === 'struct') {
    const field = base.fields.get(name);
    if (field !== undefined) return field;
  }
  if (base.kind === 'map') return base.entries.get(name) ?? base.zero;
  if (base.kind === 'nil' && base.type.startsWith('*'))
    throw execError(source, arg.pos, arg.text, `nil pointer evaluating ${base.type}.${name}`);
  throw execError(
    source,
    arg.pos,
    arg.text,
    `can't evaluate field ${name} in type ${typeName(base)}`,
  );
}

function evalArg(arg: Arg, scope: Scope, source: string): GoValue {
  switch (arg.a) {
    case 'dot':
      return scope.dot;
    case 'literal':
      return arg.value;
    case 'func':
      return callFunction(arg, [], source);
    case 'field': {
      let value: GoValue;
      if (arg.base === null) value = scope.dot;
      else {
        const found = scope.vars.get(arg.base);
        if (found === undefined)
          throw new GoTemplateError(`template: :1: undefined variable "${arg.base}"`);
        value = found;
      }
      for (const name of arg.names) value = fieldOf(value, name, source, arg);
      return value;
    }
  }
}

function lengthOf(v: GoValue): number | null {
  if (v.kind === 'string') return new TextEncoder().encode(v.value).length;
  if (v.kind === 'slice') return v.items.length;
  if (v.kind === 'map') return v.entries.size;
  if (v.kind === 'nil' && v.type.startsWith('[]')) return 0;
  return null;
}

function equal(a: GoValue, b: GoValue): boolean {
  if (a.kind !== b.kind) return false;
  return formatGoValue(a) === formatGoValue(b);
}

function sprintf(format: string, args: readonly GoValue[]): string {
  let next = 0;
  return format.replace(/%([%svdqt])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[next++];
    if (arg === undefined) return `%!${verb}(MISSING)`;
    if (verb === 'q') return JSON.stringify(formatGoValue(arg));
    return formatGoValue(arg);
  });
}

function callFunction(
  fn: Extract<Arg, { a: 'func' }>,
  args: readonly GoValue[],
  source: string,
): GoValue {
  const fail = (message: string): never => {
    throw execError(source, fn.pos, fn.name, `error calling ${fn.name}: ${message}`);
  };
  switch (fn.name) {
    case 'not':
      return goBool(!truth(args[0] ?? goBool(false)));
    case 'and':
      return args.find((a) => !truth(a)) ?? args.at(-1) ?? goBool(true);
    case 'or':
      return args.find((a) => truth(a)) ?? args.at(-1) ?? goBool(false);
    case 'len': {
      const n = lengthOf(args[0] ?? { kind: 'nil', type: 'nil' });
      return n === null ? fail(`len of type ${typeName(args[0] ?? goBool(false))}`) : goInt(n);
    }
    case 'index': {
      let value = args[0] ?? fail('index of untyped nil');
      for (const key of args.slice(1)) {
        if (value.kind === 'map' && key.kind === 'string') {
          value = value.entries.get(key.value) ?? value.zero;
          continue;
        }
        if (value.kind !== 'slice' || key.kind !== 'int')
          return fail(`can't index item of type ${typeName(value)}`);
        const item = value.items[key.value];
        if (item === undefined) return fail(`index out of range: ${key.value}`);
        value = item;
      }
      return value;
    }
    case 'eq':
      return goBool(args.slice(1).some((b) => equal(args[0] as GoValue, b)));
    case 'ne':
      return goBool(!equal(args[0] as GoValue, args[1] as GoValue));
    case 'print':
      return goString(args.map((a) => formatGoValue(a)).join(''));
    case 'println':
      return goString(`${args.map((a) => formatGoValue(a)).join(' ')}\n`);
    case 'printf': {
      const [format, ...rest] = args;
      return goString(sprintf(format?.kind === 'string' ? format.value : '', rest));
    }
    default:
      return fail('not defined');
  }
}

function evalPipe(pipe: Pipe, scope: Scope, source: string): GoValue {
  let previous: GoValue | null = null;
  for (const command of pipe.commands) {
    const [head, ...rest] = command;
    if (head === undefined) continue;
    if (head.a === 'func') {
      const args = rest.map((a) => evalArg(a, scope, source));
      if (previous !== null) args.push(previous);
      previous = callFunction(head, args, source);
    } else {
      if (rest.length > 0 || previous !== null)
        throw new GoTemplateError(
          `template: :1: can't give argument to non-function ${head.a === 'field' ? head.text : '.'}`,
        );
      previous = evalArg(head, scope, source);
    }
  }
  return previous ?? { kind: 'nil', type: 'nil' };
}

function run(nodes: readonly Node[], scope: Scope, source: string, out: string[]): void {
  for (const node of nodes) {
    switch (node.t) {
      case 'text':
        out.push(node.text);
        break;
      case 'action': {
        const value = evalPipe(node.pipe, scope, source);
        if (node.pipe.decl.length > 0) {
          const vars = new Map(scope.vars);
          vars.set(node.pipe.decl[0] as string, value);
          scope = { dot: scope.dot, vars };
        } else
          out.push(
            value.kind === 'nil' && value.type === 'nil' ? '<no value>' : formatGoValue(value),
          );
        break;
      }
      case 'if':
      case 'with': {
        const value = evalPipe(node.pipe, scope, source);
        if (truth(value))
          run(node.then, node.t === 'with' ? { dot: value, vars: scope.vars } : scope, source, out);
        else run(node.otherwise, scope, source, out);
        break;
      }
      case 'range': {
        const value = evalPipe(node.pipe, scope, source);
        const keyed = value.kind === 'map' ? sortedEntries(value) : null;
        const items =
          keyed !== null
            ? keyed.map(([, item]) => item)
            : value.kind === 'slice'
              ? value.items
              : value.kind === 'nil'
                ? []
                : null;
        if (items === null) {
          const head = node.pipe.commands[0]?.[0];
          const pos = head !== undefined && 'pos' in head ? head.pos : 0;
          const context = head?.a === 'field' ? head.text : '.';
          throw execError(source, pos, context, `range can't iterate over ${formatGoValue(value)}`);
        }
        if (items.length === 0) run(node.otherwise, scope, source, out);
        items.forEach((item, i) => {
          const vars = new Map(scope.vars);
          if (node.vars.length === 1) vars.set(node.vars[0] as string, item);
          if (node.vars.length >= 2) {
            vars.set(
              node.vars[0] as string,
              keyed !== null ? goString(keyed[i]?.[0] ?? '') : goInt(i),
            );
            vars.set(node.vars[1] as string, item);
          }
          run(node.body, { dot: item, vars }, source, out);
        });
        break;
      }
    }
  }
}

/** Executes `source` on `data`, as Nomad's `TemplateFormat.TransformData` does. */
export function executeGoTemplate(source: string, data: GoValue): string {
  const tree = parse(source);
  const out: string[] = [];
  run(tree, { dot: data, vars: new Map([['$', data]]) }, source, out);
  return out.join('');
}
