/**
 * The `node_pools` table of a region's replicated state, with Nomad's state-store rules: it
 * starts with the built-in pools `all` and `default` at index 1; an upsert keeps an existing
 * pool's CreateIndex and refuses to change a built-in pool (`modifying node pool "<n>" is not
 * allowed`); a delete is one transaction that refuses a missing pool (`node pool <n> not found`)
 * and a built-in one (`deleting node pool "<n>" is not allowed`).
 */
import { fail, ok, plainError, type Result } from '../../acl/index.js';
import { KeyedTable } from '../../acl/index.js';
import type { NodePool } from './node-pool.js';
import { builtInNodePools, isBuiltInNodePool } from './node-pool.js';

export type NodePoolCommand =
  | { readonly type: 'node-pool.upsert'; readonly nodePools: readonly NodePool[] }
  | { readonly type: 'node-pool.delete'; readonly names: readonly string[] };

export interface NodePoolImage {
  readonly format: 'node-pools/1';
  readonly nodePools: readonly NodePool[];
  readonly tableIndex: number;
}

function freezePool(pool: NodePool): NodePool {
  return Object.freeze({
    ...pool,
    Meta: Object.freeze(pool.Meta.map(([k, v]) => [k, v] as const)),
  });
}

export class NodePoolTable {
  private readonly table = new KeyedTable<NodePool>((pool) => pool.Name, freezePool);
  private index = 1;
  /** False while the table holds only what every region starts with. */
  private written = false;

  constructor() {
    for (const pool of builtInNodePools()) this.table.set(pool);
  }

  apply(index: number, command: NodePoolCommand): Result<{ index: number }> {
    if (command.type === 'node-pool.upsert') {
      for (const pool of command.nodePools)
        if (isBuiltInNodePool(pool.Name) && this.table.has(pool.Name))
          return fail(
            plainError(`modifying node pool ${JSON.stringify(pool.Name)} is not allowed`),
          );
      for (const pool of command.nodePools) {
        const existing = this.table.get(pool.Name);
        this.table.set({
          ...pool,
          CreateIndex: existing?.CreateIndex ?? index,
          ModifyIndex: index,
        });
      }
      this.index = index;
      this.written = true;
      return ok({ index });
    }
    for (const name of command.names) {
      if (!this.table.has(name)) return fail(plainError(`node pool ${name} not found`));
      if (isBuiltInNodePool(name))
        return fail(plainError(`deleting node pool ${JSON.stringify(name)} is not allowed`));
    }
    for (const name of command.names) this.table.delete(name);
    this.index = index;
    this.written = true;
    return ok({ index });
  }

  get(name: string): NodePool | null {
    return this.table.get(name) ?? null;
  }

  /** Pools whose name starts with `prefix`, by name. */
  list(prefix = ''): NodePool[] {
    return this.table.list(prefix);
  }

  get tableIndex(): number {
    return this.index;
  }

  /** A plain-data image, or null while the table holds only the built-in objects. */
  snapshot(): NodePoolImage | null {
    if (!this.written) return null;
    return {
      format: 'node-pools/1',
      nodePools: this.list().map((p) => ({ ...p, Meta: p.Meta.map(([k, v]) => [k, v]) })),
      tableIndex: this.index,
    };
  }

  /** Replaces the table with `image`; none (never written) starts again from the built-in pools. */
  restore(image: NodePoolImage | null | undefined): void {
    this.table.clear();
    this.written = image !== undefined && image !== null;
    if (image === undefined || image === null) {
      for (const pool of builtInNodePools()) this.table.set(pool);
      this.index = 1;
      return;
    }
    if (image.format !== 'node-pools/1')
      throw new Error('not a node pools snapshot image (format node-pools/1)');
    for (const pool of image.nodePools) this.table.set(pool);
    this.index = image.tableIndex;
  }
}
