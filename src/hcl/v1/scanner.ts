/**
 * The scanner of Go's HCL v1 native syntax (`hcl/scanner`), reproduced step for step.
 *
 * It reads the UTF-8 source one rune at a time and keeps Go's position bookkeeping (the column of
 * the character just read, the length of the previous line, the position before the last read),
 * because error positions and token positions come from exactly that state. Errors do not stop
 * it: each one is passed to `onError` and scanning goes on; the parser keeps only the last one.
 *
 * Behaviours that follow from this and that the tests pin: NUL ends the input (with an error),
 * U+E123 and a leading byte-order mark are errors, `${ ... }` inside a quoted string may contain
 * quotes and newlines, `1.`, `.5` and `1e` are numbers, an escape's value is not checked here
 * (only its shape), and a heredoc `<<-EOF` must be closed by a line at least as long as `-EOF`.
 */

import { READ_EOF } from './byte-reader.js';
import {
  digitVal,
  EOF_RUNE,
  isDecimal,
  isDigit,
  isHexadecimal,
  isLetter,
  isWhitespace,
} from './chars.js';
import { RuneScanner } from './rune-scanner.js';
import type { Token, TokenType } from './token.js';
import { RUNE_ERROR } from './utf8.js';

const CH_LF = 0x0a;
const CH_CR = 0x0d;
const CH_QUOTE = 0x22;
const CH_HASH = 0x23;
const CH_DOLLAR = 0x24;
const CH_STAR = 0x2a;
const CH_PLUS = 0x2b;
const CH_COMMA = 0x2c;
const CH_MINUS = 0x2d;
const CH_DOT = 0x2e;
const CH_SLASH = 0x2f;
const CH_0 = 0x30;
const CH_8 = 0x38;
const CH_9 = 0x39;
const CH_LT = 0x3c;
const CH_EQ = 0x3d;
const CH_LBRACK = 0x5b;
const CH_BACKSLASH = 0x5c;
const CH_RBRACK = 0x5d;
const CH_LBRACE = 0x7b;
const CH_RBRACE = 0x7d;

export type { ScanErrorHandler } from './rune-scanner.js';

export class Scanner extends RuneScanner {
  private tokStart = 0;

  protected next(): number {
    const ch = this.readRaw();
    if (ch === READ_EOF) return EOF_RUNE;
    const size = this.reader.size;
    this.advance(ch, size);
    if (ch === RUNE_ERROR && size === 1) {
      this.err('illegal UTF-8 encoding');
      return ch;
    }
    if (ch === 0) {
      this.err('unexpected null character (0x00)');
      return EOF_RUNE;
    }
    if (ch === 0xe123) {
      this.err('unicode code point U+E123 reserved for internal use');
      return RUNE_ERROR;
    }
    return ch;
  }

  /** The next token, comments included. */
  scan(): Token {
    let ch = this.next();
    while (isWhitespace(ch)) ch = this.next();
    let type: TokenType = 'ILLEGAL';
    this.tokStart = this.offset - this.lastCharLen;
    const pos = this.tokenPos(this.tokStart);
    if (isLetter(ch)) {
      const lit = this.scanIdentifier();
      type = lit === 'true' || lit === 'false' ? 'BOOL' : 'IDENT';
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
        case CH_HASH:
        case CH_SLASH:
          type = 'COMMENT';
          this.scanComment(ch);
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
        case CH_LT:
          type = 'HEREDOC';
          this.scanHeredoc();
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
        case CH_EQ:
          type = 'ASSIGN';
          break;
        case CH_PLUS:
          type = 'ADD';
          break;
        case CH_MINUS:
          if (isDecimal(this.peek())) {
            type = this.scanNumber(this.next());
          } else {
            type = 'SUB';
          }
          break;
        default:
          this.err('illegal char');
      }
    }
    const end = this.offset;
    const start = this.tokStart;
    this.tokStart = end;
    return { type, pos, text: this.text.slice(start, end), src: this.src, start, end, json: false };
  }

  private scanComment(first: number): void {
    let ch = first;
    if (ch === CH_HASH || (ch === CH_SLASH && this.peek() !== CH_STAR)) {
      if (ch === CH_SLASH && this.peek() !== CH_SLASH) {
        this.err("expected '/' for comment");
        return;
      }
      ch = this.next();
      while (ch !== CH_LF && ch >= 0 && ch !== EOF_RUNE) ch = this.next();
      if (ch !== EOF_RUNE && ch >= 0) this.unread();
      return;
    }
    if (ch === CH_SLASH) {
      this.next();
      ch = this.next();
    }
    for (;;) {
      if (ch < 0 || ch === EOF_RUNE) {
        this.err('comment not terminated');
        break;
      }
      const previous = ch;
      ch = this.next();
      if (previous === CH_STAR && ch === CH_SLASH) break;
    }
  }

  private scanNumber(first: number): TokenType {
    let ch = first;
    if (ch === CH_0) {
      ch = this.next();
      if (ch === 0x78 || ch === 0x58) {
        ch = this.next();
        let found = false;
        while (isHexadecimal(ch)) {
          ch = this.next();
          found = true;
        }
        if (!found) this.err('illegal hexadecimal number');
        if (ch !== EOF_RUNE) this.unread();
        return 'NUMBER';
      }
      let illegalOctal = false;
      while (isDecimal(ch)) {
        ch = this.next();
        if (ch === CH_8 || ch === CH_9) illegalOctal = true;
      }
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
      if (illegalOctal) this.err('illegal octal number');
      if (ch !== EOF_RUNE) this.unread();
      return 'NUMBER';
    }
    this.scanMantissa(ch);
    return this.scanNumberTail();
  }

  private scanHeredoc(): void {
    if (this.next() !== CH_LT) {
      this.err("heredoc expected second '<', didn't see it");
      return;
    }
    const offs = this.offset;
    let ch = this.next();
    if (ch === CH_MINUS) ch = this.next();
    while (isLetter(ch) || isDigit(ch)) ch = this.next();
    if (ch === EOF_RUNE) {
      this.err('heredoc not terminated');
      return;
    }
    if (ch === CH_CR && this.peek() === CH_LF) ch = this.next();
    if (ch !== CH_LF) {
      this.err('invalid characters in heredoc anchor');
      return;
    }
    const identEnd = this.offset - this.lastCharLen;
    const identLength = identEnd - offs;
    if (identLength === 0 || (identLength === 1 && this.src[offs] === CH_MINUS)) {
      this.err('zero-length heredoc anchor');
      return;
    }
    const anchorStart = this.src[offs] === CH_MINUS ? offs + 1 : offs;
    const anchor = this.text.slice(anchorStart, identEnd);
    // Go: regexp `^[[:space:]]*ANCHOR\r*\z` on the line's bytes.
    const closing = new RegExp(
      `^[\\t\\n\\v\\f\\r ]*${anchor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r*$`,
      'u',
    );
    let lineStart = this.offset;
    for (;;) {
      ch = this.next();
      if (ch === CH_LF) {
        const lineEnd = this.offset - this.lastCharLen;
        if (lineEnd - lineStart >= identLength && closing.test(this.text.slice(lineStart, lineEnd)))
          break;
        lineStart = this.offset;
      }
      if (ch === EOF_RUNE) {
        this.err('heredoc not terminated');
        return;
      }
    }
  }

  private scanString(): void {
    let braces = 0;
    for (;;) {
      const ch = this.next();
      if ((ch === CH_LF && braces === 0) || ch < 0 || ch === EOF_RUNE) {
        this.err('literal not terminated');
        return;
      }
      if (ch === CH_QUOTE && braces === 0) break;
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
      if (ch === EOF_RUNE) break;
      n--;
    }
    if (n > 0) this.err('illegal char escape');
    if (n !== count && ch !== EOF_RUNE) this.unread();
  }

  private scanIdentifier(): string {
    return this.scanIdentifierWhile(
      (ch) => isLetter(ch) || isDigit(ch) || ch === CH_MINUS || ch === CH_DOT,
    );
  }
}
