/**
 * The scanner of Go's HCL v1 JSON syntax (`json/scanner`), reproduced step for step. It differs
 * from the native scanner in small ways that show in results: only `true`, `false` and `null` are
 * words, a number may not start with 0, NUL and U+E123 are ordinary characters inside strings,
 * raw control characters are allowed in strings (only a newline ends one), escapes are Go's, and
 * an escape cut off by the end of the input makes it panic (it steps back over a character it
 * never read; see ./byte-reader.ts).
 */

import { ByteReader, READ_EOF } from './byte-reader.js';
import { digitVal, EOF_RUNE, isDecimal, isDigit, isLetter, isWhitespace } from './chars.js';
import type { ScanErrorHandler } from './scanner.js';
import type { Pos, Token, TokenType } from './token.js';
import { RUNE_ERROR, SourceText } from './utf8.js';

const CH_LF = 0x0a;
const CH_QUOTE = 0x22;
const CH_DOLLAR = 0x24;
const CH_PLUS = 0x2b;
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

export class JsonScanner {
  private readonly reader: ByteReader;
  private readonly text: SourceText;
  private offset = 0;
  private line = 1;
  private column = 0;
  private prevOffset = 0;
  private prevLine = 1;
  private prevColumn = 0;
  private lastCharLen = 0;
  private lastLineLen = 0;

  constructor(
    private readonly src: Uint8Array,
    private readonly onError: ScanErrorHandler,
  ) {
    this.reader = new ByteReader(src);
    this.text = new SourceText(src);
  }

  private next(): number {
    const ch = this.reader.readRune();
    if (ch === READ_EOF) {
      this.column++;
      this.lastCharLen = 0;
      return EOF_RUNE;
    }
    const size = this.reader.size;
    if (ch === RUNE_ERROR && size === 1) {
      this.column++;
      this.offset += size;
      this.lastCharLen = size;
      this.err('illegal UTF-8 encoding');
      return ch;
    }
    this.prevOffset = this.offset;
    this.prevLine = this.line;
    this.prevColumn = this.column;
    this.column++;
    this.lastCharLen = size;
    this.offset += size;
    if (ch === CH_LF) {
      this.line++;
      this.lastLineLen = this.column;
      this.column = 0;
    }
    return ch;
  }

  private unread(): void {
    this.reader.unreadRune();
    this.offset = this.prevOffset;
    this.line = this.prevLine;
    this.column = this.prevColumn;
  }

  private peek(): number {
    const ch = this.reader.readRune();
    if (ch === READ_EOF) return EOF_RUNE;
    this.reader.tryUnreadRune();
    return ch;
  }

  scan(): Token {
    let ch = this.next();
    while (isWhitespace(ch)) ch = this.next();
    let type: TokenType = 'ILLEGAL';
    const start = this.offset - this.lastCharLen;
    const pos: Pos =
      this.column > 0
        ? { offset: start, line: this.line, column: this.column }
        : { offset: start, line: this.line - 1, column: this.lastLineLen };
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
    let ch = this.next();
    if (ch === 0x65 || ch === 0x45) {
      this.scanExponent(ch);
      return 'FLOAT';
    }
    if (ch === CH_DOT) {
      ch = this.scanFraction(ch);
      if (ch === 0x65 || ch === 0x45) {
        ch = this.next();
        this.scanExponent(ch);
      }
      return 'FLOAT';
    }
    if (ch !== EOF_RUNE) this.unread();
    if (
      zero &&
      (before[0] !== this.offset || before[1] !== this.line || before[2] !== this.column)
    ) {
      this.err('numbers cannot start with 0');
    }
    return 'NUMBER';
  }

  private scanMantissa(first: number): number {
    let ch = first;
    let scanned = false;
    while (isDecimal(ch)) {
      ch = this.next();
      scanned = true;
    }
    if (scanned && ch !== EOF_RUNE) this.unread();
    return ch;
  }

  private scanFraction(first: number): number {
    let ch = first;
    if (ch === CH_DOT) {
      ch = this.peek();
      ch = this.scanMantissa(ch);
    }
    return ch;
  }

  private scanExponent(first: number): number {
    let ch = first;
    if (ch === 0x65 || ch === 0x45) {
      ch = this.next();
      if (ch === CH_MINUS || ch === CH_PLUS) ch = this.next();
      ch = this.scanMantissa(ch);
    }
    return ch;
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

  private scanEscape(): void {
    const ch = this.next();
    switch (ch) {
      case 0x61:
      case 0x62:
      case 0x66:
      case 0x6e:
      case 0x72:
      case 0x74:
      case 0x76:
      case CH_BACKSLASH:
      case CH_QUOTE:
        return;
      case 0x78:
        this.scanDigits(this.next(), 16, 2);
        return;
      case 0x75:
        this.scanDigits(this.next(), 16, 4);
        return;
      case 0x55:
        this.scanDigits(this.next(), 16, 8);
        return;
      default:
        if (ch >= CH_0 && ch <= 0x37) {
          this.scanDigits(ch, 8, 3);
          return;
        }
        this.err('illegal char escape');
    }
  }

  private scanDigits(first: number, base: number, count: number): void {
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
    const offs = this.offset - this.lastCharLen;
    let ch = this.next();
    while (isLetter(ch) || isDigit(ch) || ch === CH_MINUS) ch = this.next();
    if (ch !== EOF_RUNE) this.unread();
    return this.text.slice(offs, this.offset);
  }

  private recentPosition(): Pos {
    const offset = this.offset - this.lastCharLen;
    if (this.column > 0) return { offset, line: this.line, column: this.column };
    if (this.lastLineLen > 0) return { offset, line: this.line - 1, column: this.lastLineLen };
    return { offset, line: 1, column: 1 };
  }

  private err(message: string): void {
    this.onError(this.recentPosition(), message);
  }
}
