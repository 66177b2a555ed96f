/**
 * What Go's two HCL v1 scanners (native `hcl/scanner` and `json/scanner`) have in common: reading
 * runes through a `bytes.Buffer` with Go's position bookkeeping, stepping back and peeking, the
 * shape of numbers (mantissa, fraction, exponent) and of escapes, identifiers, and where an error
 * is reported.
 *
 * The bookkeeping is state the positions in tokens and error messages are computed from: the
 * position after the last rune read (`offset`, `line`, `column`), the position before it (to step
 * back), the size of the last rune, and the length of the previous line (a position at column 0
 * is reported at the end of the line before). Each scanner decides in `next` what a rune means
 * (NUL, U+E123 and broken UTF-8 differ between them) and how escape digits are counted.
 */

import { ByteReader, READ_EOF } from './byte-reader.js';
import { EOF_RUNE, isDecimal } from './chars.js';
import type { Pos } from './token.js';
import { SourceText } from './utf8.js';

/** Called for every scanning error, with the position Go reports and Go's message. */
export type ScanErrorHandler = (pos: Pos, message: string) => void;

const CH_LF = 0x0a;
const CH_QUOTE = 0x22;
const CH_PLUS = 0x2b;
const CH_MINUS = 0x2d;
const CH_DOT = 0x2e;
const CH_0 = 0x30;
const CH_7 = 0x37;
const CH_BACKSLASH = 0x5c;

export abstract class RuneScanner {
  protected readonly reader: ByteReader;
  protected readonly text: SourceText;
  // Position after the last read rune (Go's srcPos), and before it (prevPos).
  protected offset = 0;
  protected line = 1;
  protected column = 0;
  private prevOffset = 0;
  private prevLine = 1;
  private prevColumn = 0;
  protected lastCharLen = 0;
  protected lastLineLen = 0;

  constructor(
    protected readonly src: Uint8Array,
    private readonly onError: ScanErrorHandler,
  ) {
    this.reader = new ByteReader(src);
    this.text = new SourceText(src);
  }

  /** The next rune, with the scanner's own treatment of special runes. */
  protected abstract next(): number;

  /** Reads `count` digits of `base` of an escape starting with `first`, the scanner's way. */
  protected abstract scanDigits(first: number, base: number, count: number): void;

  /**
   * Reads a rune from the buffer; at the end of input moves the column on (as Go does) and
   * returns READ_EOF. The rune's size is then in `this.reader.size`.
   */
  protected readRaw(): number {
    const ch = this.reader.readRune();
    if (ch === READ_EOF) {
      this.column++;
      this.lastCharLen = 0;
    }
    return ch;
  }

  /** Moves the position over a rune of `size` bytes just read, remembering where it was. */
  protected advance(ch: number, size: number): void {
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
  }

  protected unread(): void {
    this.reader.unreadRune();
    this.offset = this.prevOffset;
    this.line = this.prevLine;
    this.column = this.prevColumn;
  }

  protected peek(): number {
    const ch = this.reader.readRune();
    if (ch === READ_EOF) return EOF_RUNE;
    this.reader.tryUnreadRune();
    return ch;
  }

  /** Where a token whose first rune was just read starts. */
  protected tokenPos(start: number): Pos {
    return this.column > 0
      ? { offset: start, line: this.line, column: this.column }
      : { offset: start, line: this.line - 1, column: this.lastLineLen };
  }

  protected scanMantissa(first: number): number {
    let ch = first;
    let scanned = false;
    while (isDecimal(ch)) {
      ch = this.next();
      scanned = true;
    }
    if (scanned && ch !== EOF_RUNE) this.unread();
    return ch;
  }

  protected scanFraction(first: number): number {
    let ch = first;
    if (ch === CH_DOT) {
      ch = this.peek();
      ch = this.scanMantissa(ch);
    }
    return ch;
  }

  protected scanExponent(first: number): number {
    let ch = first;
    if (ch === 0x65 || ch === 0x45) {
      ch = this.next();
      if (ch === CH_MINUS || ch === CH_PLUS) ch = this.next();
      ch = this.scanMantissa(ch);
    }
    return ch;
  }

  /** The rest of a number after its mantissa: an exponent, a fraction, or nothing. */
  protected scanNumberTail(): 'FLOAT' | 'NUMBER' {
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
    return 'NUMBER';
  }

  /** An escape after a backslash inside a string: Go's escapes, checked for shape only. */
  protected scanEscape(): void {
    const ch = this.next();
    switch (ch) {
      case 0x61: // a
      case 0x62: // b
      case 0x66: // f
      case 0x6e: // n
      case 0x72: // r
      case 0x74: // t
      case 0x76: // v
      case CH_BACKSLASH:
      case CH_QUOTE:
        return;
      case 0x78: // x
        this.scanDigits(this.next(), 16, 2);
        return;
      case 0x75: // u
        this.scanDigits(this.next(), 16, 4);
        return;
      case 0x55: // U
        this.scanDigits(this.next(), 16, 8);
        return;
      default:
        if (ch >= CH_0 && ch <= CH_7) {
          this.scanDigits(ch, 8, 3);
          return;
        }
        this.err('illegal char escape');
    }
  }

  /** An identifier whose first rune was just read; it goes on while `continues` holds. */
  protected scanIdentifierWhile(continues: (ch: number) => boolean): string {
    const offs = this.offset - this.lastCharLen;
    let ch = this.next();
    while (continues(ch)) ch = this.next();
    if (ch !== EOF_RUNE) this.unread();
    return this.text.slice(offs, this.offset);
  }

  /** Go's `recentPosition`: where the character after the last one read starts. */
  private recentPosition(): Pos {
    const offset = this.offset - this.lastCharLen;
    if (this.column > 0) return { offset, line: this.line, column: this.column };
    if (this.lastLineLen > 0) return { offset, line: this.line - 1, column: this.lastLineLen };
    return { offset, line: 1, column: 1 };
  }

  protected err(message: string): void {
    this.onError(this.recentPosition(), message);
  }
}
