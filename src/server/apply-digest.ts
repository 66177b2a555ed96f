/**
 * The digest of an applied entry in the `raft.apply` trace record: FNV-1a, 32 bits, over the JSON of
 * what the entry carries (the decoded server command, a configuration, or null for a no-op), as
 * eight hex digits. It is part of the trace contract, so its value never changes.
 *
 * Deliberately not `entryDigest` (src/raft/entry-digest.ts), which hashes the entry's bytes: those
 * depend on the msgpackr structures table the process happened to build, an encoding detail that
 * should not leak into the record of what happened.
 */
import { FNV_OFFSET_BASIS, fnvText, hex32 } from '../sim/fnv.js';

/** The trace digest of an entry's content. */
export function applyDigest(content: unknown): string {
  return hex32(fnvText(FNV_OFFSET_BASIS, JSON.stringify(content) ?? ''));
}
