/**
 * A cheap content digest of a Raft log entry (FNV-1a, 32 bits, over its type, term and payload
 * bytes), for the checks that compare logs: the cluster's Raft safety checker and the test
 * harness's invariants. Two entries with the same digest are treated as the same entry; the checks
 * only ever compare digests of entries that already agree on index and term, where a collision
 * would need a bug and bad luck.
 *
 * Not the `raft.apply` trace digest: that one is over the decoded command's JSON, so that it does
 * not depend on how the wire codec encoded the bytes (`src/server/apply-digest.ts`).
 */
import { FNV_OFFSET_BASIS, fnvBytes, fnvText } from '../sim/fnv.js';
import type { LogEntry } from './types.js';

/** The digest of an entry's type, term and payload. */
export function entryDigest(entry: LogEntry): number {
  const head = fnvText(FNV_OFFSET_BASIS, `${entry.type}/${entry.term}/`);
  switch (entry.type) {
    case 'command':
      return fnvBytes(head, entry.data);
    case 'configuration':
      return fnvText(head, entry.configuration.voters.join(','));
    case 'noop':
      return head;
  }
}
