/**
 * A cheap content digest of a Raft log entry (FNV-1a, 32 bits) for the log checks. Two entries
 * with the same digest are treated as the same entry; the checks only ever compare digests of
 * entries that already agree on index and term, where a collision would need a bug and bad luck.
 */
import type { LogEntry } from '../raft/index.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mixBytes(hash: number, bytes: Uint8Array): number {
  let h = hash;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] as number;
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

function mixText(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

/** The digest of an entry's type, term and payload. */
export function entryDigest(entry: LogEntry): number {
  let h = mixText(FNV_OFFSET, `${entry.type}/${entry.term}/`);
  if (entry.type === 'command') h = mixBytes(h, entry.data);
  else if (entry.type === 'configuration') h = mixText(h, entry.configuration.voters.join(','));
  return h >>> 0;
}
