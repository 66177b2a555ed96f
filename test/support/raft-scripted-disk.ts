/**
 * Disks for scripted Raft scenarios: what a server has on disk before the test world starts it
 * (`RaftWorldOptions.disks`), with logs whose terms the test chooses.
 */
import type { LogEntry, LogIndex, NodeId, PersistedRaftState, Term } from '../../src/raft/index.js';

/**
 * A persisted state for scripted scenarios: index 1 holds the bootstrap configuration (term 1),
 * then one command entry per element of `terms` (its term), tagged with `tag` so that entries of
 * different servers differ. The stored current term is `currentTerm`.
 */
export function scriptedDisk(
  currentTerm: number,
  voters: readonly string[],
  terms: readonly number[],
  tag = '',
): PersistedRaftState {
  const entries: LogEntry[] = [
    {
      index: 1 as LogIndex,
      term: 1 as Term,
      type: 'configuration',
      configuration: { voters: voters as NodeId[] },
    },
  ];
  terms.forEach((entryTerm, i) => {
    const index = i + 2;
    entries.push({
      index: index as LogIndex,
      term: entryTerm as Term,
      type: 'command',
      data: new TextEncoder().encode(`i${index}t${entryTerm}${tag}`),
    });
  });
  return { term: currentTerm as Term, votedFor: null, snapshot: null, entries };
}
