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
  const count = matchIndexes.length;
  if (count === 0) return 0;
  // An insertion sort (descending) into a reused buffer: a leader computes this on nearly every
  // acknowledgement, and voter counts are small (3, 5, 7).
  const sorted = descending;
  if (sorted.length !== count) sorted.length = count;
  for (let i = 0; i < count; i++) {
    const value = matchIndexes[i] as number;
    let j = i;
    while (j > 0 && (sorted[j - 1] as number) < value) {
      sorted[j] = sorted[j - 1] as number;
      j--;
    }
    sorted[j] = value;
  }
  return sorted[quorumSize(count) - 1] as number;
}

/** Scratch space for `quorumMatchIndex` (never holds anything between calls that matters). */
const descending: number[] = [];
