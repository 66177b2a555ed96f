/**
 * The part of Go's `bytes.Buffer` the HCL v1 scanners read through: `ReadRune` and `UnreadRune`.
 *
 * Its one quirk matters: `UnreadRune` only works right after a successful `ReadRune`. After a
 * read at the end of input, or after another `UnreadRune`, it fails, and the scanners turn that
 * failure into a panic (`bytes.Buffer: UnreadRune: previous operation was not a successful
 * ReadRune`), which Nomad reports as an invalid policy.
 */

import { GoPanic } from './errors.js';
import { decodeRune, sizeOf } from './utf8.js';

/** What `readRune` returns at the end of input. */
export const READ_EOF = -1;

export class ByteReader {
  private off = 0;
  /** Size of the last successful read, 0 when the last operation was not one. */
  private lastRead = 0;

  constructor(private readonly src: Uint8Array) {}

  /** The next rune packed as `decodeRune` packs it, or READ_EOF. */
  readRune(): number {
    if (this.off >= this.src.length) {
      this.lastRead = 0;
      return READ_EOF;
    }
    const packed = decodeRune(this.src, this.off);
    const size = sizeOf(packed);
    this.off += size;
    this.lastRead = size;
    return packed;
  }

  /** Steps back over the rune just read; panics as the scanners do when that is not allowed. */
  unreadRune(): void {
    if (this.lastRead <= 0) {
      throw new GoPanic('bytes.Buffer: UnreadRune: previous operation was not a successful ReadRune');
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
