/**
 * Merging the policy words of singleton blocks (agent, node, operator, quota, plugin, sentinel)
 * across policies: the strongest word wins, with the order deny > write > read > list > none
 * (spec §7.1, Nomad's `maxPrivilege`). `scale` and the empty word count as none.
 */

const RANK: Readonly<Record<string, number>> = { deny: 4, write: 3, read: 2, list: 1 };

function rank(word: string): number {
  return Object.hasOwn(RANK, word) ? (RANK[word] ?? 0) : 0;
}

/** The stronger of two policy words; "" when neither grants or denies anything. */
export function maxPrivilege(current: string, next: string): string {
  const a = rank(current);
  const b = rank(next);
  if (a === 0 && b === 0) return '';
  return b > a ? next : current;
}
