/**
 * The meaning of the persist effects, as one pure function over `PersistedRaftState`, and the
 * check that a persisted state is coherent. A server's disk can store the state in any layout; it
 * only has to give back, after a restart, what `applyPersistEffect` would have built from the
 * effects that were synced before the crash.
 */
import type { PersistEffect } from './effects.js';
import type { LogEntry, LogIndex, PersistedRaftState } from './types.js';
import { assertNever } from '../sim/assert-never.js';

/** The index after which the next appended entry must come. */
function lastStoredIndex(state: PersistedRaftState): number {
  const last = state.entries[state.entries.length - 1];
  return last !== undefined ? last.index : (state.snapshot?.index ?? 0);
}

/** Entries with index < `from` (entries are contiguous, so this is a prefix). */
function entriesBefore(entries: readonly LogEntry[], from: LogIndex): readonly LogEntry[] {
  const first = entries[0];
  if (first === undefined) return entries;
  return entries.slice(0, Math.max(0, from - first.index));
}

/** Entries with index > `through`. */
function entriesAfter(entries: readonly LogEntry[], through: LogIndex): readonly LogEntry[] {
  const first = entries[0];
  if (first === undefined) return entries;
  return entries.slice(Math.max(0, through - first.index + 1));
}

/** The state after a synced persist effect. */
export function applyPersistEffect(
  state: PersistedRaftState,
  effect: PersistEffect,
): PersistedRaftState {
  switch (effect.type) {
    case 'persistState':
      return { ...state, term: effect.term, votedFor: effect.votedFor };
    case 'persistEntries': {
      const kept =
        effect.truncateFrom === null
          ? state.entries
          : entriesBefore(state.entries, effect.truncateFrom);
      const base = { ...state, entries: kept };
      const firstNew = effect.entries[0];
      if (firstNew !== undefined && firstNew.index !== lastStoredIndex(base) + 1) {
        throw new Error(
          `persistEntries: entry ${firstNew.index} does not follow stored index ${lastStoredIndex(base)}`,
        );
      }
      return effect.entries.length === 0 ? base : { ...base, entries: kept.concat(effect.entries) };
    }
    case 'persistSnapshot':
      return {
        ...state,
        snapshot: effect.snapshot,
        entries: entriesAfter(state.entries, effect.deleteLogThrough),
      };
    default:
      return assertNever(effect, 'persist effect');
  }
}

/** Throws when a persisted state could not have been produced by a correct node. */
export function assertCoherentPersistedState(state: PersistedRaftState): void {
  const entries = state.entries;
  for (let i = 1; i < entries.length; i++) {
    const previous = entries[i - 1] as LogEntry;
    const current = entries[i] as LogEntry;
    if (current.index !== previous.index + 1)
      throw new Error(`persisted log has a gap after index ${previous.index}`);
    if (current.term < previous.term)
      throw new Error(`persisted log term decreases at index ${current.index}`);
  }
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (last !== undefined && last.term > state.term)
    throw new Error('persisted log holds an entry from a future term');
  const snapshot = state.snapshot;
  if (first === undefined) return;
  if (snapshot === null) {
    if (first.index !== 1)
      throw new Error(`persisted log starts at ${first.index} without a snapshot`);
    return;
  }
  if (first.index > snapshot.index + 1)
    throw new Error('persisted log starts after a gap behind the snapshot');
  if (first.index <= snapshot.index) {
    const atSnapshot = entries[snapshot.index - first.index];
    if (atSnapshot === undefined || atSnapshot.term !== snapshot.term) {
      throw new Error(`persisted log disagrees with the snapshot at index ${snapshot.index}`);
    }
  }
}
