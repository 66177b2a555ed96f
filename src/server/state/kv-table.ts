/**
 * A generic key-value table in the replicated state: the workload the Raft tests and the chaos
 * runner write, independent of the ACL system. Each value remembers the Raft index that wrote it.
 */

export interface KvEntry {
  value: string;
  modifyIndex: number;
}

export type KvCommand =
  | { type: 'kv.set'; key: string; value: string }
  | { type: 'kv.delete'; key: string };

export interface KvImage {
  format: 'kv/1';
  entries: Array<[string, KvEntry]>;
}

export class KvTable {
  private entries = new Map<string, KvEntry>();

  apply(index: number, command: KvCommand): { index: number } {
    if (command.type === 'kv.set')
      this.entries.set(command.key, { value: command.value, modifyIndex: index });
    else this.entries.delete(command.key);
    return { index };
  }

  get(key: string): KvEntry | undefined {
    return this.entries.get(key);
  }

  get size(): number {
    return this.entries.size;
  }

  snapshot(): KvImage {
    return {
      format: 'kv/1',
      entries: [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    };
  }

  restore(image: KvImage): void {
    if (image?.format !== 'kv/1') throw new Error('not a kv snapshot image (format kv/1)');
    this.entries = new Map(image.entries);
  }
}
