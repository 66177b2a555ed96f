/**
 * The seeds a campaign runs: a range (`--seeds 1..10000`, or one seed `--seeds 42`) and, with
 * `--shard I/N`, the part of it that copy I of N runs.
 *
 * The split is by position, round robin: the k-th seed of the range (k from 0) belongs to shard
 * `k mod N + 1`. So N copies started with `--shard 1/N` … `--shard N/N` run every seed of the
 * range exactly once, whatever order they start in or machine they run on, and each gets seeds
 * from the whole range (slow and fast seeds are spread evenly). Shards count from 1, as in
 * `vitest --shard 1/3`; runners that count from 0 add one (see examples/).
 */

export interface SeedRange {
  /** The first seed, inclusive. */
  from: number;
  /** The last seed, inclusive. */
  to: number;
}

export interface Shard {
  /** 1 … count. */
  index: number;
  count: number;
}

/** Parses `A..B` (inclusive, A ≤ B) or a single seed `A`, or returns an error text. */
export function parseSeedRange(text: string): SeedRange | string {
  const match = /^(-?\d+)(?:\.\.(-?\d+))?$/.exec(text.trim());
  const problem = `invalid --seeds "${text}": expected a range such as 1..10000 (or one seed)`;
  if (match === null) return problem;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to))
    return `${problem}; seeds are safe integers`;
  if (to < from)
    return `invalid --seeds "${text}": the range is empty (${to} comes before ${from})`;
  return { from, to };
}

/** Parses `I/N` with 1 ≤ I ≤ N, or returns an error text. */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (match === null)
    return `invalid --shard "${text}": expected I/N, e.g. 1/4 (shards count from 1)`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || !Number.isSafeInteger(count))
    return `invalid --shard "${text}": N must be at least 1`;
  if (index < 1 || index > count)
    return `invalid --shard "${text}": I must be between 1 and ${count} (shards count from 1)`;
  return { index, count };
}

/** The seeds of `range` that `shard` runs (all of them without a shard), in increasing order. */
export function seedsOfShard(
  range: SeedRange,
  shard: Shard | null,
): { count: number; seeds: () => Iterable<number> } {
  const step = shard?.count ?? 1;
  const first = range.from + (shard === null ? 0 : shard.index - 1);
  const count = first > range.to ? 0 : Math.floor((range.to - first) / step) + 1;
  return {
    count,
    seeds: function* () {
      for (let i = 0; i < count; i++) yield first + i * step;
    },
  };
}

/** `1..10000`, or `42` for a range of one seed. */
export function formatSeedRange(range: SeedRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}..${range.to}`;
}
