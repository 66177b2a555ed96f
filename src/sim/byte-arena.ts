/**
 * Fresh byte arrays carved out of shared chunks. V8 keeps a typed array of up to 64 bytes on its
 * own heap, but a longer one needs an ArrayBuffer of its own, and allocating that costs about a
 * microsecond: more than encoding a typical Raft message or log record. An arena allocates one
 * 64 KiB chunk and hands out consecutive slices of it (as msgpackr does with its output buffer).
 *
 * A slice is never handed out twice, so a caller may keep it as long as it likes; a chunk is
 * freed once no slice of it is alive. Suits short-lived messages and records that die in the
 * order they were made (a Raft log compacted from the front).
 */
const CHUNK_BYTES = 64 * 1024;
/** Arrays longer than this get a buffer of their own. */
const LARGE_BYTES = CHUNK_BYTES / 4;

/** Typed arrays up to this size live on V8's heap, where plain allocation is cheapest. */
export const ON_HEAP_BYTES = 64;

export class ByteArena {
  private chunk = new Uint8Array(CHUNK_BYTES);
  private used = 0;

  /** A new zero-filled array of `length` bytes, for the caller alone. */
  allocate(length: number): Uint8Array {
    // Small arrays are cheapest on V8's heap; for large ones one allocation is little next to
    // their size, and they would waste the rest of the current chunk.
    if (length <= ON_HEAP_BYTES || length > LARGE_BYTES) return new Uint8Array(length);
    if (this.used + length > this.chunk.length) {
      this.chunk = new Uint8Array(CHUNK_BYTES);
      this.used = 0;
    }
    this.used += length;
    return this.chunk.subarray(this.used - length, this.used);
  }

  /** A new array holding a copy of `bytes`. */
  copy(bytes: Uint8Array): Uint8Array {
    const out = this.allocate(bytes.length);
    out.set(bytes);
    return out;
  }
}
