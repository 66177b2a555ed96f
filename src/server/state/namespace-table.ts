/**
 * The `namespaces` table of a region's replicated state, with Nomad's state-store rules: it
 * starts with the `default` namespace at index 1 (and the table index at 1); an upsert keeps an
 * existing namespace's CreateIndex; a delete is one transaction that refuses a name that does not
 * exist (`namespace not found`), the default namespace (`default namespace can not be deleted`)
 * and a namespace holding a job that is not dead (`namespace "<n>" contains at least one
 * non-terminal job "<id>". All jobs must be terminal in namespace before it can be deleted`).
 */
import { fail, ok, plainError, type Result } from '../../acl/index.js';
import { KeyedTable } from '../../acl/index.js';
import type { Namespace } from './namespace.js';
import { DEFAULT_NAMESPACE, defaultNamespace } from './namespace.js';

export type NamespaceCommand =
  | { readonly type: 'namespace.upsert'; readonly namespaces: readonly Namespace[] }
  | { readonly type: 'namespace.delete'; readonly names: readonly string[] };

export interface NamespaceImage {
  readonly format: 'namespaces/1';
  readonly namespaces: readonly Namespace[];
  readonly tableIndex: number;
}

export const NAMESPACE_NOT_FOUND = 'namespace not found';
export const DEFAULT_NAMESPACE_UNDELETABLE = 'default namespace can not be deleted';

function freezeNamespace(ns: Namespace): Namespace {
  return Object.freeze({ ...ns, Meta: Object.freeze(ns.Meta.map(([k, v]) => [k, v] as const)) });
}

export class NamespaceTable {
  private readonly table = new KeyedTable<Namespace>((ns) => ns.Name, freezeNamespace);
  private index = 1;
  /** False while the table holds only what every region starts with. */
  private written = false;

  constructor() {
    this.table.set(defaultNamespace());
  }

  /**
   * Applies a namespace command at `index`. `liveJob` names a job of the namespace that is not
   * dead (null when there is none), for the delete check.
   */
  apply(
    index: number,
    command: NamespaceCommand,
    liveJob: (namespace: string) => string | null,
  ): Result<{ index: number }> {
    if (command.type === 'namespace.upsert') {
      for (const ns of command.namespaces) {
        const existing = this.table.get(ns.Name);
        this.table.set({ ...ns, CreateIndex: existing?.CreateIndex ?? index, ModifyIndex: index });
      }
      this.index = index;
      this.written = true;
      return ok({ index });
    }
    for (const name of command.names) {
      if (!this.table.has(name)) return fail(plainError(NAMESPACE_NOT_FOUND));
      if (name === DEFAULT_NAMESPACE) return fail(plainError(DEFAULT_NAMESPACE_UNDELETABLE));
      const job = liveJob(name);
      if (job !== null)
        return fail(
          plainError(
            `namespace ${JSON.stringify(name)} contains at least one non-terminal job ${JSON.stringify(job)}. All jobs must be terminal in namespace before it can be deleted`,
          ),
        );
    }
    for (const name of command.names) this.table.delete(name);
    this.index = index;
    this.written = true;
    return ok({ index });
  }

  get(name: string): Namespace | null {
    return this.table.get(name) ?? null;
  }

  /** Namespaces whose name starts with `prefix`, by name. */
  list(prefix = ''): Namespace[] {
    return this.table.list(prefix);
  }

  get tableIndex(): number {
    return this.index;
  }

  /** A plain-data image, or null while the table holds only the built-in objects. */
  snapshot(): NamespaceImage | null {
    if (!this.written) return null;
    return {
      format: 'namespaces/1',
      namespaces: this.list().map((ns) => ({ ...ns, Meta: ns.Meta.map(([k, v]) => [k, v]) })),
      tableIndex: this.index,
    };
  }

  /** Replaces the table with `image`; none (never written) starts again from the default namespace. */
  restore(image: NamespaceImage | null | undefined): void {
    this.table.clear();
    this.written = image !== undefined && image !== null;
    if (image === undefined || image === null) {
      this.table.set(defaultNamespace());
      this.index = 1;
      return;
    }
    if (image.format !== 'namespaces/1')
      throw new Error('not a namespaces snapshot image (format namespaces/1)');
    for (const ns of image.namespaces) this.table.set(ns);
    this.index = image.tableIndex;
  }
}
