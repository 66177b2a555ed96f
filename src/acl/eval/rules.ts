/**
 * A table of ACL rules keyed by label (namespace, node pool, host volume or variables path), with
 * Nomad's lookup (spec §7.1–§7.2).
 *
 * Concrete labels and glob labels live in separate tables. A lookup takes the concrete rule when
 * one exists, even if it grants nothing; otherwise the matching glob with the smallest score;
 * otherwise nothing. Equal scores are unspecified in the spec; this table picks what Nomad's
 * stable sort with a `<=` comparator picks for small tables: the byte-wise greatest label.
 * Rules are merged while compiling and never change afterwards, so lookups are memoised.
 */

import {
  type CompiledGlob,
  compareUtf8,
  compileGlob,
  globMatches,
  globScore,
  isGlob,
} from '../policy/glob.js';

export const CAPABILITY_DENY = 'deny';

/** A set of granted capabilities; `{deny}` means denied. */
export type CapabilitySet = ReadonlySet<string>;

interface GlobRule {
  readonly glob: CompiledGlob;
  readonly capabilities: Set<string>;
}

const MEMO_LIMIT = 4096;

/**
 * Adds `capabilities` to `set` with Nomad's deny rule: a set already holding `deny` is left
 * alone; meeting `deny` clears the set to `{deny}` and stops.
 */
export function mergeWithDeny(set: Set<string>, capabilities: readonly string[]): void {
  if (set.has(CAPABILITY_DENY)) return;
  for (const cap of capabilities) {
    if (cap === CAPABILITY_DENY) {
      set.clear();
      set.add(CAPABILITY_DENY);
      return;
    }
    set.add(cap);
  }
}

export class RuleTable {
  private readonly exact = new Map<string, Set<string>>();
  private readonly globs = new Map<string, GlobRule>();
  private readonly memo = new Map<string, CapabilitySet | null>();

  /** The set for exactly this label (concrete or glob table by its `*`), created empty if new. */
  setFor(label: string, forceGlob = false): Set<string> {
    if (forceGlob || isGlob(label)) {
      let rule = this.globs.get(label);
      if (rule === undefined) {
        rule = { glob: compileGlob(label), capabilities: new Set() };
        this.globs.set(label, rule);
        this.memo.clear();
      }
      return rule.capabilities;
    }
    let set = this.exact.get(label);
    if (set === undefined) {
      set = new Set();
      this.exact.set(label, set);
    }
    return set;
  }

  /** The concrete rule for exactly `name`, ignoring globs. */
  lookupExact(name: string): CapabilitySet | null {
    return this.exact.get(name) ?? null;
  }

  /** The rule that applies to `name`, or null when none does (default deny). */
  lookup(name: string): CapabilitySet | null {
    const exact = this.exact.get(name);
    if (exact !== undefined) return exact;
    if (this.globs.size === 0) return null;
    const memoised = this.memo.get(name);
    if (memoised !== undefined) return memoised;
    const found = this.closestGlob(name);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(name, found);
    return found;
  }

  private closestGlob(name: string): CapabilitySet | null {
    let best: GlobRule | null = null;
    let bestScore = 0;
    for (const rule of this.globs.values()) {
      if (!globMatches(rule.glob, name)) continue;
      const score = globScore(rule.glob, name);
      if (
        best === null ||
        score < bestScore ||
        (score === bestScore && compareUtf8(rule.glob.pattern, best.glob.pattern) > 0)
      ) {
        best = rule;
        bestScore = score;
      }
    }
    return best === null ? null : best.capabilities;
  }

  /** Every rule's set, concrete and glob. */
  *sets(): IterableIterator<CapabilitySet> {
    yield* this.exact.values();
    for (const rule of this.globs.values()) yield rule.capabilities;
  }

  /** True when any label (concrete or glob) starts with `prefix`. */
  hasLabelWithPrefix(prefix: string): boolean {
    for (const label of this.exact.keys()) if (label.startsWith(prefix)) return true;
    for (const label of this.globs.keys()) if (label.startsWith(prefix)) return true;
    return false;
  }

  get size(): number {
    return this.exact.size + this.globs.size;
  }
}
