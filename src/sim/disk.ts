/**
 * A simulated disk: one per server, holding its data dir (the Raft log and state, snapshots, and
 * files an operator drops in such as `server/acl-bootstrap-reset`).
 *
 * Writes land in a volatile layer first and become durable only on `sync`. `crash()` throws the
 * volatile layer away, so a crash keeps exactly what was synced. Files are stored as lists of
 * immutable chunks so that appending to a long log and syncing it costs O(1), not O(file size).
 */

interface FileState {
  /** Current content (what reads see), or null when the file does not exist now. */
  chunks: Uint8Array[] | null;
  /** Durable content when the file was replaced or deleted since the last sync. */
  durableChunks: Uint8Array[] | null;
  /** When not replaced since the last sync: the durable content is chunks[0 .. durableCount). */
  durableCount: number;
  /** True once the file has been replaced, truncated or deleted since the last sync. */
  replaced: boolean;
  /** False when the file has never been synced (it vanishes in a crash). */
  everDurable: boolean;
}

export interface DiskStats {
  bytesWritten: number;
  syncs: number;
  crashes: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  let size = 0;
  for (const chunk of chunks) size += chunk.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function checkPath(path: string): void {
  if (typeof path !== 'string' || path.length === 0)
    throw new TypeError('disk path must be a non-empty string');
}

export class SimDisk {
  private readonly files = new Map<string, FileState>();
  readonly stats: DiskStats = { bytesWritten: 0, syncs: 0, crashes: 0 };

  constructor(readonly name: string) {}

  /** Replaces the whole content of `path` (not durable until synced). */
  write(path: string, data: Uint8Array | string): void {
    checkPath(path);
    const bytes = typeof data === 'string' ? encoder.encode(data) : data.slice();
    const file = this.fileFor(path);
    this.markReplaced(file);
    file.chunks = [bytes];
    this.stats.bytesWritten += bytes.length;
  }

  /** Appends one record to `path` (not durable until synced). */
  append(path: string, data: Uint8Array | string): void {
    checkPath(path);
    this.appendOwned(path, typeof data === 'string' ? encoder.encode(data) : data.slice());
  }

  /**
   * Appends `bytes` as one record, keeping the array itself rather than a copy: for a caller that
   * built the record only to write it and never touches it again (a Raft log entry on every server).
   */
  appendOwned(path: string, bytes: Uint8Array): void {
    checkPath(path);
    const file = this.fileFor(path);
    if (file.chunks === null) {
      this.markReplaced(file);
      file.chunks = [];
    }
    file.chunks.push(bytes);
    this.stats.bytesWritten += bytes.length;
  }

  /** Keeps only the first `count` appended records of `path`. */
  truncateRecords(path: string, count: number): void {
    const file = this.files.get(path);
    if (file?.chunks == null || count >= file.chunks.length) return;
    if (!file.replaced && count < file.durableCount) this.markReplaced(file);
    file.chunks = file.chunks.slice(0, count);
  }

  delete(path: string): void {
    const file = this.files.get(path);
    if (file?.chunks == null) return;
    this.markReplaced(file);
    file.chunks = null;
  }

  /** Makes `path` durable, or every file when no path is given. */
  sync(path?: string): void {
    this.stats.syncs++;
    if (path === undefined) {
      for (const file of this.files.values()) this.syncFile(file);
      return;
    }
    const file = this.files.get(path);
    if (file !== undefined) this.syncFile(file);
  }

  /** Loses every write that was not synced. */
  crash(): void {
    this.stats.crashes++;
    for (const [path, file] of this.files) {
      if (file.replaced) {
        file.chunks = file.everDurable ? file.durableChunks : null;
      } else if (file.chunks !== null) {
        file.chunks.length = file.durableCount;
      }
      file.durableChunks = null;
      file.replaced = false;
      file.durableCount = file.chunks?.length ?? 0;
      if (file.chunks === null) this.files.delete(path);
    }
  }

  exists(path: string): boolean {
    return this.files.get(path)?.chunks != null;
  }

  /** The whole content, or undefined when the file does not exist. */
  read(path: string): Uint8Array | undefined {
    const chunks = this.files.get(path)?.chunks;
    return chunks == null ? undefined : concat(chunks);
  }

  readText(path: string): string | undefined {
    const bytes = this.read(path);
    return bytes === undefined ? undefined : decoder.decode(bytes);
  }

  /** The appended records of `path` (empty when the file does not exist). */
  records(path: string): readonly Uint8Array[] {
    return this.files.get(path)?.chunks ?? [];
  }

  /** Existing paths starting with `prefix`, sorted. */
  list(prefix = ''): string[] {
    const out: string[] = [];
    for (const [path, file] of this.files)
      if (file.chunks !== null && path.startsWith(prefix)) out.push(path);
    return out.sort();
  }

  /** Whether `path` has writes that a crash would lose. */
  isDirty(path: string): boolean {
    const file = this.files.get(path);
    if (file === undefined) return false;
    return file.replaced || (file.chunks?.length ?? 0) !== file.durableCount;
  }

  private fileFor(path: string): FileState {
    let file = this.files.get(path);
    if (file === undefined) {
      file = {
        chunks: null,
        durableChunks: null,
        durableCount: 0,
        replaced: false,
        everDurable: false,
      };
      this.files.set(path, file);
    }
    return file;
  }

  private markReplaced(file: FileState): void {
    if (file.replaced) return;
    file.durableChunks =
      file.everDurable && file.chunks !== null ? file.chunks.slice(0, file.durableCount) : null;
    file.replaced = true;
  }

  private syncFile(file: FileState): void {
    file.replaced = false;
    file.durableChunks = null;
    file.durableCount = file.chunks?.length ?? 0;
    file.everDurable = file.chunks !== null;
  }
}
