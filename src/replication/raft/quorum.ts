/**
 * Majority arithmetic, kept apart so it can be tested against a dumb oracle: how many votes make a
 * quorum, and the highest log index that a quorum of voters has stored (the commit candidate).
 */

/** Votes needed for a majority of `voterCount` voters. */
export function quorumSize(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/**
 * The largest index N such that a majority of the voters (one match index each) have N or more.
 * 0 when there are no voters.
 */
export function quorumMatchIndex(matchIndexes: readonly number[]): number {
  if (matchIndexes.length === 0) return 0;
  const sorted = matchIndexes.slice().sort((a, b) => b - a);
  return sorted[quorumSize(sorted.length) - 1] as number;
}
