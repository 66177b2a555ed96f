/**
 * The scanner of Go's HCL v1 JSON syntax (`json/scanner`), reproduced step for step. It differs
 * from the native scanner in small ways that show in results: only `true`, `false` and `null` are
 * words, a number may not start with 0, NUL and U+E123 are ordinary characters inside strings,
 * raw control characters are allowed in strings (only a newline ends one), escapes are Go's, and
 * an escape cut off by the end of the input makes it panic (it steps back over a character it
 * never read; see ./byte-reader.ts).
 */

import { READ_EOF } from './byte-reader.js';
import { digitVal, EOF_RUNE, isDecimal, isDigit, isLetter, isWhitespace } from './chars.js';
import { RuneScanner } from './rune-scanner.js';
import type { Token, TokenType } from './token.js';
import { RUNE_ERROR } from './utf8.js';

const CH_LF = 0x0a;
const CH_QUOTE = 0x22;
const CH_DOLLAR = 0x24;
const CH_COMMA = 0x2c;
const CH_MINUS = 0x2d;
const CH_DOT = 0x2e;
const CH_0 = 0x30;
const CH_COLON = 0x3a;
const CH_LBRACK = 0x5b;
const CH_BACKSLASH = 0x5c;
const CH_RBRACK = 0x5d;
const CH_LBRACE = 0x7b;
const CH_RBRACE = 0x7d;

export class JsonScanner extends RuneScanner {
  protected next(): number {
    const ch = this.readRaw();
    if (ch === READ_EOF) return EOF_RUNE;
    const size = this.reader.size;
    if (ch === RUNE_ERROR && size === 1) {
      this.column++;
      this.offset += size;
      this.lastCharLen = size;
      this.err('illegal UTF-8 encoding');
      return ch;
    }
    this.advance(ch, size);
    return ch;
  }

  scan(): Token {
    let ch = this.next();
    while (isWhitespace(ch)) ch = this.next();
    let type: TokenType = 'ILLEGAL';
    const start = this.offset - this.lastCharLen;
    const pos = this.tokenPos(start);
    if (isLetter(ch)) {
      const lit = this.scanIdentifier();
      if (lit === 'true' || lit === 'false') type = 'BOOL';
      else if (lit === 'null') type = 'NULL';
      else this.err('illegal char');
    } else if (isDecimal(ch)) {
      type = this.scanNumber(ch);
    } else {
      switch (ch) {
        case EOF_RUNE:
          type = 'EOF';
          break;
        case CH_QUOTE:
          type = 'STRING';
          this.scanString();
          break;
        case CH_DOT:
          type = 'PERIOD';
          ch = this.peek();
          if (isDecimal(ch)) {
            type = 'FLOAT';
            ch = this.scanMantissa(ch);
            this.scanExponent(ch);
          }
          break;
        case CH_LBRACK:
          type = 'LBRACK';
          break;
        case CH_RBRACK:
          type = 'RBRACK';
          break;
        case CH_LBRACE:
          type = 'LBRACE';
          break;
        case CH_RBRACE:
          type = 'RBRACE';
          break;
        case CH_COMMA:
          type = 'COMMA';
          break;
        case CH_COLON:
          type = 'COLON';
          break;
        case CH_MINUS:
          if (isDecimal(this.peek())) type = this.scanNumber(this.next());
          else this.err('illegal char');
          break;
        default:
          this.err(`illegal char: ${String.fromCodePoint(ch)}`);
      }
    }
    const end = this.offset;
    return { type, pos, text: this.text.slice(start, end), src: this.src, start, end, json: true };
  }

  private scanNumber(first: number): TokenType {
    const zero = first === CH_0;
    const before = [this.offset, this.line, this.column];
    this.scanMantissa(first);
    const type = this.scanNumberTail();
    if (
      type === 'NUMBER' &&
      zero &&
      (before[0] !== this.offset || before[1] !== this.line || before[2] !== this.column)
    ) {
      this.err('numbers cannot start with 0');
    }
    return type;
  }

  private scanString(): void {
    let braces = 0;
    for (;;) {
      const ch = this.next();
      if (ch === CH_LF || ch < 0 || ch === EOF_RUNE) {
        this.err('literal not terminated');
        return;
      }
      if (ch === CH_QUOTE) break;
      if (braces === 0 && ch === CH_DOLLAR && this.peek() === CH_LBRACE) {
        braces++;
        this.next();
      } else if (braces > 0 && ch === CH_LBRACE) {
        braces++;
      }
      if (braces > 0 && ch === CH_RBRACE) braces--;
      if (ch === CH_BACKSLASH) this.scanEscape();
    }
  }

  protected scanDigits(first: number, base: number, count: number): void {
    let ch = first;
    let n = count;
    while (n > 0 && digitVal(ch) < base) {
      ch = this.next();
      n--;
    }
    if (n > 0) this.err('illegal char escape');
    this.unread();
  }

  private scanIdentifier(): string {
    return this.scanIdentifierWhile((ch) => isLetter(ch) || isDigit(ch) || ch === CH_MINUS);
  }
}
