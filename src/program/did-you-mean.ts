/**
 * "Did you mean" suggestions for a mistyped command or flag: the known word closest to what was
 * typed, by edit distance (insertions, deletions, substitutions and swaps of two neighbours), when
 * it is close enough to be a typo — at most one edit for short words, two for longer ones — or
 * when what was typed is the start of exactly one known word.
 */

/** The known word `typed` most likely meant, or null. */
export function closestWord(typed: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const word of known) {
    const distance = editDistance(typed, word);
    if (distance < bestDistance) {
      best = word;
      bestDistance = distance;
    }
  }
  const allowed = typed.length <= 4 ? 1 : 2;
  if (best !== null && bestDistance <= allowed) return best;
  const extended = known.filter((word) => typed.length >= 2 && word.startsWith(typed));
  return extended.length === 1 ? (extended[0] as string) : null;
}

/** ` (did you mean "seed"?)` for a close word, else an empty string. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const word = closestWord(typed, known);
  return word === null ? '' : ` (did you mean ${JSON.stringify(word)}?)`;
}

/** Optimal string alignment distance: Levenshtein plus swaps of two adjacent characters. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => (d[i] as number[])[j] as number;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}
