/**
 * The part of Go's `bytes.Buffer` the HCL v1 scanners read through: `ReadRune` and `UnreadRune`.
 *
 * Its one quirk matters: `UnreadRune` only works right after a successful `ReadRune`. After a
 * read at the end of input, or after another `UnreadRune`, it fails, and the scanners turn that
 * failure into a panic (`bytes.Buffer: UnreadRune: previous operation was not a successful
 * ReadRune`), which Nomad reports as an invalid policy.
 */

import { GoPanic } from './errors.js';
import { decodeRune, runeOf, sizeOf } from './utf8.js';

/** What `readRune` returns at the end of input. */
export const READ_EOF = -1;

export class ByteReader {
  private off = 0;
  /** Size of the last successful read, 0 when the last operation was not one. */
  private lastRead = 0;

  constructor(private readonly src: Uint8Array) {}

  /** Size in bytes of the rune the last successful `readRune` returned. */
  size = 0;

  /** The next rune (its size is in `size`), or READ_EOF. */
  readRune(): number {
    const off = this.off;
    if (off >= this.src.length) {
      this.lastRead = 0;
      return READ_EOF;
    }
    const b = this.src[off] as number;
    if (b < 0x80) {
      this.off = off + 1;
      this.lastRead = 1;
      this.size = 1;
      return b;
    }
    const packed = decodeRune(this.src, off);
    const size = sizeOf(packed);
    this.off = off + size;
    this.lastRead = size;
    this.size = size;
    return runeOf(packed);
  }

  /** Steps back over the rune just read; panics as the scanners do when that is not allowed. */
  unreadRune(): void {
    if (this.lastRead <= 0) {
      throw new GoPanic(
        'bytes.Buffer: UnreadRune: previous operation was not a successful ReadRune',
      );
    }
    this.off -= this.lastRead;
    this.lastRead = 0;
  }

  /** `UnreadRune` whose failure is ignored (the scanners' `peek` drops the error). */
  tryUnreadRune(): void {
    if (this.lastRead > 0) {
      this.off -= this.lastRead;
      this.lastRead = 0;
    }
  }
}
