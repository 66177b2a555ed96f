/**
 * Parser for the native HCL v1 syntax, producing the tree of ./ast.ts.
 *
 * Grammar (HCL v1, newlines are not significant):
 *   body   := { item [","] }
 *   item   := key { key } ( "{" body "}" )        -- one or more keys, then a block
 *           | key "=" value                        -- exactly one key, then a value
 *   key    := identifier | "string"
 *   value  := string | heredoc | number | bool | "{" body "}" | "[" [ value { "," value } [","] ] "]"
 *
 * Recursive descent with an explicit nesting limit (MAX_HCL_NESTING), so hostile input such as
 * 100 000 nested blocks ends in an HclSyntaxError instead of a stack overflow.
 */

import type { HclItem, HclKey, HclList, HclObject, HclPosition, HclValue } from './ast.js';
import { HclSyntaxError, MAX_HCL_NESTING } from './errors.js';
import { HclLexer, type Token } from './lexer.js';

/** Parses a native-syntax HCL v1 document into its root body. */
export function parseNativeHcl(text: string): HclObject {
  return new NativeParser(text).parseDocument();
}

function describeToken(tok: Token): string {
  switch (tok.type) {
    case 'eof':
      return 'end of input';
    case 'ident':
      return `identifier ${JSON.stringify(shorten(tok.text))}`;
    case 'string':
      return `string ${JSON.stringify(shorten(tok.text))}`;
    case 'heredoc':
      return 'heredoc';
    case 'number':
      return `number ${tok.text}`;
    case 'bool':
      return `bool ${tok.text}`;
    default:
      return `"${tok.text}"`;
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

class NativeParser {
  private readonly lexer: HclLexer;
  private tok: Token;
  private depth = 0;

  constructor(text: string) {
    this.lexer = new HclLexer(text);
    this.tok = this.lexer.next();
  }

  parseDocument(): HclObject {
    const pos: HclPosition = { line: 1, column: 1, offset: 0 };
    const items = this.parseItems(null);
    return { kind: 'object', items, pos };
  }

  private advance(): Token {
    const current = this.tok;
    this.tok = this.lexer.next();
    return current;
  }

  private enter(pos: HclPosition): void {
    this.depth++;
    if (this.depth > MAX_HCL_NESTING) {
      throw new HclSyntaxError(
        pos,
        `nesting too deep: more than ${MAX_HCL_NESTING} levels of blocks or lists`,
      );
    }
  }

  private leave(): void {
    this.depth--;
  }

  /** Items up to end of input (`open` null) or up to the `}` matching `open`. */
  private parseItems(open: HclPosition | null): HclItem[] {
    const items: HclItem[] = [];
    for (;;) {
      const tok = this.tok;
      if (tok.type === 'eof') {
        if (open !== null) {
          throw new HclSyntaxError(
            tok.pos,
            `unexpected end of input: the "{" at ${open.line}:${open.column} is not closed`,
          );
        }
        return items;
      }
      if (tok.type === 'rbrace') {
        if (open === null)
          throw new HclSyntaxError(tok.pos, 'unexpected "}": there is no open block to close');
        this.advance();
        return items;
      }
      items.push(this.parseItem());
      if (this.tok.type === 'comma') this.advance();
    }
  }

  private parseItem(): HclItem {
    const keys: HclKey[] = [];
    while (this.tok.type === 'ident' || this.tok.type === 'string') {
      const tok = this.advance();
      keys.push({ name: tok.text, quoted: tok.type === 'string', pos: tok.pos });
    }
    const first = keys[0];
    const tok = this.tok;
    if (first === undefined) {
      throw new HclSyntaxError(
        tok.pos,
        `expected a key (identifier or quoted string), got ${describeToken(tok)}`,
      );
    }
    if (tok.type === 'assign') {
      if (keys.length > 1) {
        throw new HclSyntaxError(
          tok.pos,
          `nested object expected: "{" after ${keys.length} keys, got "=" (only "key = value" or "key "label" { ... }" are allowed)`,
        );
      }
      this.advance();
      return { keys, value: this.parseValue(), assign: true, pos: first.pos };
    }
    if (tok.type === 'lbrace') {
      return { keys, value: this.parseObject(), assign: false, pos: first.pos };
    }
    const after = keys.map((k) => k.name).join(' ');
    throw new HclSyntaxError(
      tok.pos,
      `expected "=" or "{" after ${JSON.stringify(shorten(after))}, got ${describeToken(tok)}`,
    );
  }

  private parseObject(): HclObject {
    const open = this.advance().pos;
    this.enter(open);
    const items = this.parseItems(open);
    this.leave();
    return { kind: 'object', items, pos: open };
  }

  private parseValue(): HclValue {
    const tok = this.tok;
    switch (tok.type) {
      case 'string':
      case 'heredoc':
        this.advance();
        return { kind: 'string', value: tok.text, heredoc: tok.type === 'heredoc', pos: tok.pos };
      case 'number':
        this.advance();
        return { kind: 'number', value: numberValue(tok.text), text: tok.text, pos: tok.pos };
      case 'bool':
        this.advance();
        return { kind: 'bool', value: tok.text === 'true', pos: tok.pos };
      case 'lbrace':
        return this.parseObject();
      case 'lbrack':
        return this.parseList();
      default:
        throw new HclSyntaxError(
          tok.pos,
          `expected a value (string, number, bool, list or block), got ${describeToken(tok)}`,
        );
    }
  }

  private parseList(): HclList {
    const open = this.advance().pos;
    this.enter(open);
    const items: HclValue[] = [];
    for (;;) {
      if (this.tok.type === 'rbrack') break;
      if (this.tok.type === 'eof') {
        throw new HclSyntaxError(
          this.tok.pos,
          `unexpected end of input: the "[" at ${open.line}:${open.column} is not closed`,
        );
      }
      items.push(this.parseValue());
      const sep = this.tok;
      if (sep.type === 'comma') {
        this.advance();
      } else if (sep.type !== 'rbrack') {
        throw new HclSyntaxError(
          sep.pos,
          `expected "," or "]" after a list element, got ${describeToken(sep)}`,
        );
      }
    }
    this.advance();
    this.leave();
    return { kind: 'list', items, pos: open };
  }
}

function numberValue(text: string): number {
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  if (digits.startsWith('0x') || digits.startsWith('0X')) {
    const value = Number.parseInt(digits.slice(2), 16);
    return negative ? -value : value;
  }
  return Number(text);
}
