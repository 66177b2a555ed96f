/**
 * The node pool object (`structs.NodePool`, Nomad 1.6+): a named group of client nodes that jobs
 * target. Fields kept: `Name` (`^[a-zA-Z0-9-_]{1,128}$`), `Description` (at most 256 bytes),
 * `Meta`, `Hash`, `CreateIndex`, `ModifyIndex`. Every region starts with the two built-in pools,
 * `all` and `default`, written by the state store at index 1; they cannot be changed or deleted
 * and replication leaves them alone. Other pools are written in the authoritative region and
 * replicated.
 *
 * Not modelled: the Enterprise scheduler configuration.
 */
import { contentHash } from '../../acl/index.js';

/** A stored node pool. */
export interface NodePool {
  readonly Name: string;
  readonly Description: string;
  /** Sorted by key; empty when none. */
  readonly Meta: readonly (readonly [string, string])[];
  readonly Hash: string;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** A node pool as a client sends it. */
export interface NodePoolInput {
  readonly Name: string;
  readonly Description: string;
  readonly Meta: Readonly<Record<string, string>> | null;
}

export const NODE_POOL_ALL = 'all';
export const NODE_POOL_DEFAULT = 'default';
export const NODE_POOL_ALL_DESCRIPTION = 'Node pool with all nodes in the cluster.';
export const NODE_POOL_DEFAULT_DESCRIPTION = 'Default node pool.';

/** Nomad's `validNodePoolName`. */
export const NODE_POOL_NAME_PATTERN = /^[a-zA-Z0-9-_]{1,128}$/;

/** Longest node pool description Nomad accepts, in bytes. */
export const MAX_NODE_POOL_DESCRIPTION_LENGTH = 256;

const utf8 = new TextEncoder();

/** True for `all` and `default` (Nomad's `NodePool.IsBuiltIn`). */
export function isBuiltInNodePool(name: string): boolean {
  return name === NODE_POOL_ALL || name === NODE_POOL_DEFAULT;
}

/** Nomad's `NodePool.Validate`: every problem, in Nomad's order. */
export function validateNodePool(input: NodePoolInput): string[] {
  const problems: string[] = [];
  if (!NODE_POOL_NAME_PATTERN.test(input.Name))
    problems.push(
      `invalid name ${JSON.stringify(input.Name)}, must match regex ${NODE_POOL_NAME_PATTERN.source}`,
    );
  if (utf8.encode(input.Description).length > MAX_NODE_POOL_DESCRIPTION_LENGTH)
    problems.push(`description longer than ${MAX_NODE_POOL_DESCRIPTION_LENGTH}`);
  return problems;
}

/** A node pool ready to store: meta sorted, hashed, indexes 0. */
export function newNodePool(input: NodePoolInput): NodePool {
  const meta = Object.entries(input.Meta ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    Name: input.Name,
    Description: input.Description,
    Meta: meta,
    Hash: contentHash([input.Name, input.Description, ...meta.flatMap(([k, v]) => [k, v])]),
    CreateIndex: 0,
    ModifyIndex: 0,
  };
}

/** The two pools every region's state store starts with (Nomad's `nodePoolInit`, index 1). */
export function builtInNodePools(): NodePool[] {
  return [
    { Name: NODE_POOL_ALL, Description: NODE_POOL_ALL_DESCRIPTION },
    { Name: NODE_POOL_DEFAULT, Description: NODE_POOL_DEFAULT_DESCRIPTION },
  ].map((pool) => ({ ...newNodePool({ ...pool, Meta: null }), CreateIndex: 1, ModifyIndex: 1 }));
}
