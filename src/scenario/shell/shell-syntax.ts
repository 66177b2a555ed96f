/**
 * The word rules of `nomad-sim shell`: one command line becomes a simple command (leading
 * `NAME=value` assignments, words, and at most one output redirection or here-document), with
 * the POSIX shell's quoting and parameter expansion as the tutorial uses them:
 * - blanks separate words; `'...'` keeps everything literally; `"..."` expands `$NAME`, `${NAME}`
 *   and `$?`, and a backslash there escapes `"`, `\`, `$` and `` ` ``; an unquoted backslash
 *   escapes the next character; quotes glue to adjacent text (`-name="a b"` is one word);
 * - `$NAME`, `${NAME}` and `$?` expand outside single quotes (unset names expand to nothing, and
 *   an unquoted word that comes out empty is dropped);
 * - `$(command)` expands outside single quotes to what the command prints, without its trailing
 *   newlines: the parser hands the command's text to a `Substitute` callback (the interpreter runs
 *   it); nested `$(...)` and quotes inside it are kept for that command;
 * - outside double quotes, what an expansion gives is split into words at blanks, except in a word
 *   that starts with `NAME=` (an assignment, or `export NAME=$(...)`, as bash does);
 * - `> FILE` and `>> FILE` redirect the output, `<<EOF` / `<<'EOF'` start a here-document (a
 *   quoted delimiter keeps the body literal), `#` at the start of a word starts a comment.
 * What a real shell would do but this one does not (pipes, `;`, `&&`, backquotes, `$((...))`,
 * `<` input files) is a `ShellSyntaxError` whose message says so in one line.
 */

export class ShellSyntaxError extends Error {
  override readonly name = 'ShellSyntaxError';
}

/** Reads a variable for expansion (undefined when unset). */
export type VariableLookup = (name: string) => string | undefined;

/** The output of `$(command)`, given the command's text (its trailing newlines already removed). */
export type Substitute = (command: string) => string;

/** Without an interpreter, `$(...)` cannot run: a parser given no `Substitute` refuses it. */
const refuseSubstitution: Substitute = () => {
  throw new ShellSyntaxError('command substitution $(...) needs the shell to run the command');
};

const BACKQUOTE_REFUSAL = 'command substitution with backquotes is not supported here: use $(...)';

export interface Assignment {
  readonly name: string;
  readonly value: string;
}

export interface Redirection {
  readonly append: boolean;
  readonly target: string;
}

export interface HereDocumentStart {
  /** The line that ends the body. */
  readonly delimiter: string;
  /** A quoted delimiter (`<<'EOF'`) keeps the body literal; otherwise it is expanded. */
  readonly literal: boolean;
}

/** One parsed command line (the words are expanded; assignments precede the command word). */
export interface SimpleCommand {
  readonly assignments: readonly Assignment[];
  readonly words: readonly string[];
  readonly redirection: Redirection | null;
  readonly hereDocument: HereDocumentStart | null;
}

type Token =
  | {
      readonly kind: 'word';
      readonly text: string;
      readonly quoted: boolean;
      readonly assignment: Assignment | null;
    }
  | { readonly kind: 'op'; readonly op: string };

const BLANK = /[ \t\r\n]/;
/** What splits the result of an unquoted expansion into words (sh's default IFS). */
const FIELD_SEPARATORS = /[ \t\n]+/;
/** A word that starts with `NAME=` (an assignment, or an argument of `export`) is never split. */
const ASSIGNMENT_PREFIX = /^[A-Za-z_][A-Za-z0-9_]*=/;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', '\\', '$', '`']);
const OPERATORS = ['>>', '<<', '&&', '||', '>', '<', '|', ';', '&', '(', ')'];

const UNSUPPORTED: Record<string, string> = {
  '|': 'pipes (|) are not supported here: run one command per line',
  '||': '|| is not supported here: run one command per line',
  '&&': '&& is not supported here: run one command per line',
  ';': '; is not supported here: run one command per line',
  '&': 'background jobs (&) are not supported here',
  '(': 'subshells are not supported here',
  ')': 'subshells are not supported here',
  '<': 'input redirection (<) is not supported here: use a here-document (<<EOF) or a file argument',
};

/** Splits `line` into words and operators, expanding variables with `lookup`. */
function tokenize(line: string, lookup: VariableLookup, substitute: Substitute): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (k: number): string => line[k] ?? '';
  while (i < line.length) {
    const ch = at(i);
    if (BLANK.test(ch)) {
      i++;
      continue;
    }
    if (ch === '#') break;
    const op = OPERATORS.find((candidate) => line.startsWith(candidate, i));
    if (op !== undefined) {
      tokens.push({ kind: 'op', op });
      i += op.length;
      continue;
    }
    let text = '';
    let quoted = false;
    // The literal, unquoted start of the word: `NAME=` there makes an assignment.
    let plainPrefix = '';
    let plain = true;
    let assignmentWord = false;
    let expanded = false;
    const endPlain = (): void => {
      if (plain) assignmentWord = ASSIGNMENT_PREFIX.test(plainPrefix);
      plain = false;
    };
    const expandAt = (inQuotes: boolean): void => {
      endPlain();
      const [value, next] = expansion(line, i, lookup, substitute);
      expanded = true;
      i = next;
      // As in sh, an unquoted expansion is split into words at blanks, except in an assignment.
      if (inQuotes || assignmentWord) {
        text += value;
        return;
      }
      const fields = value.split(FIELD_SEPARATORS);
      text += fields[0] ?? '';
      for (const field of fields.slice(1)) {
        if (text !== '' || quoted) tokens.push({ kind: 'word', text, quoted, assignment: null });
        text = field;
        quoted = false;
      }
    };
    while (i < line.length) {
      const c = at(i);
      if (BLANK.test(c) || OPERATORS.some((candidate) => line.startsWith(candidate, i))) break;
      if (c === '\\') {
        if (i + 1 >= line.length)
          throw new ShellSyntaxError('a backslash at the end of the line escapes nothing');
        text += at(i + 1);
        endPlain();
        i += 2;
      } else if (c === "'") {
        const end = line.indexOf("'", i + 1);
        if (end === -1) throw new ShellSyntaxError('unterminated single quote');
        text += line.slice(i + 1, end);
        quoted = true;
        endPlain();
        i = end + 1;
      } else if (c === '"') {
        quoted = true;
        endPlain();
        i++;
        for (;;) {
          if (i >= line.length) throw new ShellSyntaxError('unterminated double quote');
          const d = at(i);
          if (d === '"') break;
          if (d === '\\' && DOUBLE_QUOTE_ESCAPABLE.has(at(i + 1))) {
            text += at(i + 1);
            i += 2;
          } else if (d === '$') {
            expandAt(true);
          } else if (d === '`') {
            throw new ShellSyntaxError(BACKQUOTE_REFUSAL);
          } else {
            text += d;
            i++;
          }
        }
        i++;
      } else if (c === '$') {
        expandAt(false);
      } else if (c === '`') {
        throw new ShellSyntaxError(BACKQUOTE_REFUSAL);
      } else {
        text += c;
        if (plain) plainPrefix += c;
        i++;
      }
    }
    // As in sh, an unquoted expansion that comes out empty leaves no word behind.
    if (text === '' && !quoted && expanded) continue;
    tokens.push({ kind: 'word', text, quoted, assignment: assignmentOf(plainPrefix, text) });
  }
  return tokens;
}

/** `NAME=value` when the word starts with an unquoted, unexpanded `NAME=`. */
function assignmentOf(plainPrefix: string, text: string): Assignment | null {
  const eq = plainPrefix.indexOf('=');
  if (eq <= 0) return null;
  const name = plainPrefix.slice(0, eq);
  if (!NAME_START.test(name[0] ?? '') || ![...name].every((c) => NAME_CHAR.test(c))) return null;
  return { name, value: text.slice(eq + 1) };
}

/** Where the double-quoted text that starts after the `"` at `from` ends (its closing quote). */
function doubleQuoteEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return i;
    if (c === '\\') i++;
    else if (c === '$' && text[i + 1] === '(') i = substitutionEnd(text, i + 2);
  }
  throw new ShellSyntaxError('unterminated double quote');
}

/**
 * Where the command of a `$(` whose text starts at `from` ends: the index of its closing `)`.
 * Quotes, backslashes and nested parentheses inside are skipped over, as sh does.
 */
function substitutionEnd(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) throw new ShellSyntaxError('unterminated single quote');
      i = end;
    } else if (c === '"') i = doubleQuoteEnd(text, i + 1);
    else if (c === '$' && text[i + 1] === '(') i = substitutionEnd(text, i + 2);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new ShellSyntaxError(
    'unterminated $( (a command substitution needs its closing parenthesis)',
  );
}

/** The value of the expansion starting with `$` at `start`, and where the text goes on. */
function expansion(
  line: string,
  start: number,
  lookup: VariableLookup,
  substitute: Substitute,
): [string, number] {
  const next = line[start + 1] ?? '';
  if (next === '?') return [lookup('?') ?? '', start + 2];
  if (next === '(') {
    if (line[start + 2] === '(')
      throw new ShellSyntaxError('arithmetic expansion $((...)) is not supported here');
    const end = substitutionEnd(line, start + 2);
    return [substitute(line.slice(start + 2, end)), end + 1];
  }
  if (next === '{') {
    const end = line.indexOf('}', start + 2);
    if (end === -1) throw new ShellSyntaxError('unterminated ${');
    const name = line.slice(start + 2, end);
    if (name === '?') return [lookup('?') ?? '', end + 1];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new ShellSyntaxError(`\${${name}}: bad substitution`);
    return [lookup(name) ?? '', end + 1];
  }
  if (!NAME_START.test(next)) return ['$', start + 1];
  let end = start + 1;
  while (end < line.length && NAME_CHAR.test(line[end] ?? '')) end++;
  return [lookup(line.slice(start + 1, end)) ?? '', end];
}

/**
 * Parses one command line. `substitute` gives the output of each `$(...)`, left to right (by
 * default they are refused). Throws ShellSyntaxError.
 */
export function parseCommandLine(
  line: string,
  lookup: VariableLookup,
  substitute: Substitute = refuseSubstitution,
): SimpleCommand {
  const tokens = tokenize(line, lookup, substitute);
  const assignments: Assignment[] = [];
  const words: string[] = [];
  let redirection: Redirection | null = null;
  let hereDocument: HereDocumentStart | null = null;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as Token;
    if (token.kind === 'word') {
      if (words.length === 0 && token.assignment !== null) assignments.push(token.assignment);
      else words.push(token.text);
      continue;
    }
    const problem = UNSUPPORTED[token.op];
    if (problem !== undefined) throw new ShellSyntaxError(problem);
    const operand = tokens[k + 1];
    if (operand === undefined || operand.kind !== 'word' || operand.text === '') {
      throw new ShellSyntaxError(
        `${token.op} needs a ${token.op === '<<' ? 'delimiter (<<EOF)' : 'file name'} after it`,
      );
    }
    k++;
    if (token.op === '<<') {
      if (hereDocument !== null) throw new ShellSyntaxError('one here-document per command');
      hereDocument = { delimiter: operand.text, literal: operand.quoted };
    } else {
      if (redirection !== null) throw new ShellSyntaxError('one output redirection per command');
      redirection = { append: token.op === '>>', target: operand.text };
    }
  }
  return { assignments, words, redirection, hereDocument };
}

/**
 * Expands `$NAME`, `${NAME}`, `$?` and `$(...)` in a here-document body (no quote removal, as sh
 * does).
 */
export function expandHereDocument(
  body: string,
  lookup: VariableLookup,
  substitute: Substitute = refuseSubstitution,
): string {
  let out = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i] as string;
    if (c === '\\' && (body[i + 1] === '$' || body[i + 1] === '\\' || body[i + 1] === '`')) {
      out += body[i + 1];
      i += 2;
    } else if (c === '$') {
      const [value, next] = expansion(body, i, lookup, substitute);
      out += value;
      i = next;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Whether the line ends with an unescaped backslash (the command goes on on the next line). */
export function continuesOnNextLine(line: string): boolean {
  let backslashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}
