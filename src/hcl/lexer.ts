/**
 * Tokenizer for the native HCL v1 syntax.
 *
 * Reads the source once, left to right, and hands out one token at a time: identifiers, quoted
 * strings (escapes already decoded), heredocs, numbers, `true`/`false`, and the punctuation
 * `{ } [ ] , =`. Whitespace and the three comment styles (`#`, `//`, `/* *\/`) are skipped.
 * Every loop advances at least one character, and strings are built from slices of the source,
 * so the cost is linear in the input size whatever the input is.
 */

import type { HclPosition } from './ast.js';
import { HclSyntaxError } from './errors.js';

export type TokenType =
  | 'ident'
  | 'string'
  | 'heredoc'
  | 'number'
  | 'bool'
  | 'lbrace'
  | 'rbrace'
  | 'lbrack'
  | 'rbrack'
  | 'comma'
  | 'assign'
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Identifier name, decoded string/heredoc value, or number text. */
  readonly text: string;
  readonly pos: HclPosition;
}

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_QUOTE = 34;
const CH_HASH = 35;
const CH_STAR = 42;
const CH_COMMA = 44;
const CH_MINUS = 45;
const CH_DOT = 46;
const CH_SLASH = 47;
const CH_0 = 48;
const CH_9 = 57;
const CH_LT = 60;
const CH_EQ = 61;
const CH_LBRACK = 91;
const CH_BACKSLASH = 92;
const CH_RBRACK = 93;
const CH_UNDERSCORE = 95;
const CH_LBRACE = 123;
const CH_RBRACE = 125;
const CH_BOM = 0xfeff;

const NON_ASCII_LETTER = /\p{L}/u;
const HEX_DIGITS = /^[0-9a-fA-F]+$/;
const OCTAL_DIGITS = /^[0-7]+$/;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Describes a character for an error message, visibly even when it is a control character. */
export function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return JSON.stringify(ch);
}

export class HclLexer {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly src: string) {
    if (src.charCodeAt(0) === CH_BOM) this.offset = 1;
  }

  /** The position of the next unread character. */
  position(): HclPosition {
    return { line: this.line, column: this.offset - this.lineStart + 1, offset: this.offset };
  }

  /** Reads the next token; throws HclSyntaxError on anything that is not a token. */
  next(): Token {
    this.skipSpaceAndComments();
    const pos = this.position();
    const src = this.src;
    if (this.offset >= src.length) return { type: 'eof', text: '', pos };
    const c = src.charCodeAt(this.offset);
    switch (c) {
      case CH_LBRACE:
        return this.punct('lbrace', pos);
      case CH_RBRACE:
        return this.punct('rbrace', pos);
      case CH_LBRACK:
        return this.punct('lbrack', pos);
      case CH_RBRACK:
        return this.punct('rbrack', pos);
      case CH_COMMA:
        return this.punct('comma', pos);
      case CH_EQ:
        return this.punct('assign', pos);
      case CH_QUOTE:
        return { type: 'string', text: this.scanString(pos), pos };
      case CH_LT:
        if (src.charCodeAt(this.offset + 1) === CH_LT)
          return { type: 'heredoc', text: this.scanHeredoc(pos), pos };
        break;
      case CH_MINUS:
        if (isDigit(src.charCodeAt(this.offset + 1)))
          return { type: 'number', text: this.scanNumber(pos), pos };
        break;
      default:
        if (isDigit(c)) return { type: 'number', text: this.scanNumber(pos), pos };
        if (this.isIdentStart(c)) {
          const name = this.scanIdent();
          const type = name === 'true' || name === 'false' ? 'bool' : 'ident';
          return { type, text: name, pos };
        }
    }
    const ch = String.fromCodePoint(src.codePointAt(this.offset) ?? c);
    throw new HclSyntaxError(pos, `illegal character ${describeChar(ch)}`);
  }

  private punct(type: TokenType, pos: HclPosition): Token {
    this.offset++;
    return { type, text: this.src[pos.offset] ?? '', pos };
  }

  private newline(): void {
    this.line++;
    this.lineStart = this.offset;
  }

  private skipSpaceAndComments(): void {
    const src = this.src;
    while (this.offset < src.length) {
      const c = src.charCodeAt(this.offset);
      if (c === CH_SPACE || c === CH_TAB || c === CH_CR) {
        this.offset++;
      } else if (c === CH_LF) {
        this.offset++;
        this.newline();
      } else if (
        c === CH_HASH ||
        (c === CH_SLASH && src.charCodeAt(this.offset + 1) === CH_SLASH)
      ) {
        const end = src.indexOf('\n', this.offset);
        this.offset = end < 0 ? src.length : end;
      } else if (c === CH_SLASH && src.charCodeAt(this.offset + 1) === CH_STAR) {
        this.skipBlockComment();
      } else {
        return;
      }
    }
  }

  private skipBlockComment(): void {
    const start = this.position();
    const end = this.src.indexOf('*/', this.offset + 2);
    if (end < 0)
      throw new HclSyntaxError(start, 'comment not terminated: "/*" has no closing "*/"');
    this.advanceTo(end + 2);
  }

  /** Moves to `target`, counting the newlines passed on the way. */
  private advanceTo(target: number): void {
    const src = this.src;
    let nl = src.indexOf('\n', this.offset);
    while (nl >= 0 && nl < target) {
      this.offset = nl + 1;
      this.newline();
      nl = src.indexOf('\n', this.offset);
    }
    this.offset = target;
  }

  private isIdentStart(c: number): boolean {
    if (isAsciiLetter(c) || c === CH_UNDERSCORE) return true;
    if (c < 0x80) return false;
    return NON_ASCII_LETTER.test(String.fromCodePoint(this.src.codePointAt(this.offset) ?? c));
  }

  private scanIdent(): string {
    const src = this.src;
    const start = this.offset;
    while (this.offset < src.length) {
      const c = src.charCodeAt(this.offset);
      if (isAsciiLetter(c) || isDigit(c) || c === CH_UNDERSCORE || c === CH_MINUS || c === CH_DOT) {
        this.offset++;
      } else if (c >= 0x80 && this.isIdentStart(c)) {
        this.offset += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      } else {
        break;
      }
    }
    return src.slice(start, this.offset);
  }

  private scanNumber(pos: HclPosition): string {
    const src = this.src;
    const start = this.offset;
    if (src.charCodeAt(this.offset) === CH_MINUS) this.offset++;
    const lead = src.charCodeAt(this.offset);
    const x = src.charCodeAt(this.offset + 1);
    if (lead === CH_0 && (x === 120 || x === 88)) {
      this.offset += 2;
      const digitsStart = this.offset;
      while (isHexDigit(src.charCodeAt(this.offset))) this.offset++;
      if (this.offset === digitsStart)
        throw new HclSyntaxError(pos, 'illegal hexadecimal number: no digits after "0x"');
      return src.slice(start, this.offset);
    }
    this.skipDigits();
    if (src.charCodeAt(this.offset) === CH_DOT) {
      this.offset++;
      if (!isDigit(src.charCodeAt(this.offset))) {
        throw new HclSyntaxError(this.position(), 'illegal number: expected a digit after "."');
      }
      this.skipDigits();
    }
    const e = src.charCodeAt(this.offset);
    if (e === 101 || e === 69) {
      this.offset++;
      const sign = src.charCodeAt(this.offset);
      if (sign === 43 || sign === CH_MINUS) this.offset++;
      if (!isDigit(src.charCodeAt(this.offset))) {
        throw new HclSyntaxError(
          this.position(),
          'illegal number: expected a digit in the exponent',
        );
      }
      this.skipDigits();
    }
    return src.slice(start, this.offset);
  }

  private skipDigits(): void {
    while (isDigit(this.src.charCodeAt(this.offset))) this.offset++;
  }

  /** Reads a `"..."` string and returns its decoded value. The opening quote is at `pos`. */
  private scanString(pos: HclPosition): string {
    const src = this.src;
    this.offset++;
    let chunkStart = this.offset;
    let parts: string[] | null = null;
    for (;;) {
      if (this.offset >= src.length)
        throw new HclSyntaxError(pos, "literal not terminated: missing closing '\"'");
      const c = src.charCodeAt(this.offset);
      if (c === CH_QUOTE) {
        const last = src.slice(chunkStart, this.offset);
        this.offset++;
        if (parts === null) return last;
        parts.push(last);
        return parts.join('');
      }
      if (c === CH_LF)
        throw new HclSyntaxError(pos, 'literal not terminated: a quoted string cannot span lines');
      if (c === CH_BACKSLASH) {
        parts ??= [];
        parts.push(src.slice(chunkStart, this.offset));
        parts.push(this.scanEscape());
        chunkStart = this.offset;
      } else {
        this.offset++;
      }
    }
  }

  /** Decodes one escape sequence starting at the backslash. */
  private scanEscape(): string {
    const pos = this.position();
    const src = this.src;
    const c = src[this.offset + 1];
    this.offset += 2;
    switch (c) {
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return '\v';
      case '\\':
        return '\\';
      case '"':
        return '"';
      case 'x':
        return this.scanCodeEscape(pos, 2, 16);
      case 'u':
        return this.scanCodeEscape(pos, 4, 16);
      case 'U':
        return this.scanCodeEscape(pos, 8, 16);
      default:
        if (c !== undefined && c >= '0' && c <= '7') {
          this.offset--;
          return this.scanCodeEscape(pos, 3, 8);
        }
        throw new HclSyntaxError(
          pos,
          `illegal char escape ${c === undefined ? 'at end of input' : `"\\${c}"`}`,
        );
    }
  }

  private scanCodeEscape(pos: HclPosition, digits: number, base: 8 | 16): string {
    const text = this.src.slice(this.offset, this.offset + digits);
    const valid = base === 16 ? HEX_DIGITS : OCTAL_DIGITS;
    if (text.length !== digits || !valid.test(text)) {
      throw new HclSyntaxError(
        pos,
        `illegal char escape: expected ${digits} ${base === 16 ? 'hexadecimal' : 'octal'} digits`,
      );
    }
    this.offset += digits;
    const code = Number.parseInt(text, base);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || (base === 8 && code > 0xff)) {
      throw new HclSyntaxError(pos, `illegal char escape: ${text} is not a valid character`);
    }
    return String.fromCodePoint(code);
  }

  /**
   * Reads `<<ANCHOR` or `<<-ANCHOR` up to the line holding only the anchor (leading blanks
   * allowed), which must end with a newline as in HCL v1. The value keeps each content line's
   * newline. `<<-` removes the closing line's indentation from every line when all lines have it.
   */
  private scanHeredoc(pos: HclPosition): string {
    const src = this.src;
    this.offset += 2;
    const indented = src.charCodeAt(this.offset) === CH_MINUS;
    if (indented) this.offset++;
    const anchorStart = this.offset;
    while (this.offset < src.length) {
      const c = src.charCodeAt(this.offset);
      if (!(isAsciiLetter(c) || isDigit(c) || c === CH_UNDERSCORE)) break;
      this.offset++;
    }
    const anchor = src.slice(anchorStart, this.offset);
    if (anchor === '') throw new HclSyntaxError(pos, 'zero-length heredoc anchor');
    if (src.charCodeAt(this.offset) === CH_CR && src.charCodeAt(this.offset + 1) === CH_LF)
      this.offset++;
    if (src.charCodeAt(this.offset) !== CH_LF) {
      throw new HclSyntaxError(
        pos,
        `invalid characters in heredoc anchor: expected a newline after "<<${indented ? '-' : ''}${anchor}"`,
      );
    }
    this.offset++;
    this.newline();
    const lines: string[] = [];
    for (;;) {
      const end = src.indexOf('\n', this.offset);
      if (end < 0) {
        throw new HclSyntaxError(
          pos,
          `heredoc not terminated: expected a line holding only "${anchor}" followed by a newline`,
        );
      }
      const line = src.slice(this.offset, end);
      this.offset = end + 1;
      this.newline();
      const closingIndent = closingLineIndent(line, anchor);
      if (closingIndent !== null) return joinHeredoc(lines, indented ? closingIndent : null);
      lines.push(line);
    }
  }
}

/** When `line` is blanks + anchor + optional CRs, returns the blanks; otherwise null. */
function closingLineIndent(line: string, anchor: string): string | null {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === CH_CR) end--;
  if (end < anchor.length || !line.startsWith(anchor, end - anchor.length)) return null;
  const indent = line.slice(0, end - anchor.length);
  return /^[ \t\v\f\r]*$/.test(indent) ? indent : null;
}

function joinHeredoc(lines: readonly string[], unindent: string | null): string {
  if (lines.length === 0) return '';
  if (unindent !== null && unindent !== '' && lines.every((l) => l.startsWith(unindent))) {
    return `${lines.map((l) => l.slice(unindent.length)).join('\n')}\n`;
  }
  return `${lines.join('\n')}\n`;
}
