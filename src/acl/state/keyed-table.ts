/**
 * A table of frozen objects by a string key, listed in key order (byte-wise for the ASCII names
 * and UUIDs it holds, as Nomad's radix-tree indexes iterate). The key order is kept until a key is
 * added or removed, so the lists replication asks for after every write cost no sort. Used for
 * the replicated objects besides policies and tokens: roles, auth methods, binding rules,
 * namespaces and node pools.
 */

export class KeyedTable<T extends object> {
  private readonly byKey = new Map<string, T>();
  private sortedKeys: string[] | null = null;

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly freeze: (item: T) => T = (item) => Object.freeze({ ...item }),
  ) {}

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Stores a frozen copy of `item` under its key (replacing an older version); returns it. */
  set(item: T): T {
    const key = this.keyOf(item);
    if (!this.byKey.has(key)) this.sortedKeys = null;
    const stored = this.freeze(item);
    this.byKey.set(key, stored);
    return stored;
  }

  /** Removes the item under `key`; false when there was none. */
  delete(key: string): boolean {
    if (!this.byKey.delete(key)) return false;
    this.sortedKeys = null;
    return true;
  }

  clear(): void {
    this.byKey.clear();
    this.sortedKeys = null;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Items whose key starts with `prefix`, in key order (a fresh array). */
  list(prefix = ''): T[] {
    const out: T[] = [];
    for (const key of this.keys()) if (key.startsWith(prefix)) out.push(this.byKey.get(key) as T);
    return out;
  }

  private keys(): readonly string[] {
    if (this.sortedKeys === null)
      this.sortedKeys = [...this.byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.sortedKeys;
  }
}
