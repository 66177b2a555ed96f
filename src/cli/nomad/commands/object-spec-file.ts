/**
 * The specification files of `nomad namespace apply <file>` and `nomad node pool apply <file>`,
 * read with the project's HCL reader (native HCL or JSON):
 *
 *   name        = "web"                      node_pool "gpu" {
 *   description = "Web team"                   description = "GPU nodes"
 *   quota       = "small"                      meta { vendor = "acme" }
 *   meta { owner = "web" }                   }
 *
 * Only the fields the simulated cluster keeps are read (a namespace's capabilities, node pool
 * configuration, Vault and Consul blocks and a pool's scheduler configuration are accepted and
 * ignored). Nomad reads namespace specs with HCL v1 and node pool specs with HCL2; their error
 * texts are not reproduced: errors here say what is wrong in this reader's words, with positions.
 */
import {
  entriesNamed,
  type HclObject,
  HclSyntaxError,
  type HclValue,
  lastEntry,
  parseHcl,
  takeLabel,
} from '../../../hcl/index.js';
import { formatGoDuration, parseGoDuration } from '../../../acl/index.js';
import type { JsonValue } from '../../../server/http.js';

/** A namespace spec: absent fields read as Go's zero values. */
export interface NamespaceSpec {
  readonly Name: string;
  readonly Description: string;
  readonly Quota: string;
  readonly Meta: Readonly<Record<string, string>> | null;
}

/** A node pool spec. */
export interface NodePoolSpec {
  readonly Name: string;
  readonly Description: string;
  readonly Meta: Readonly<Record<string, string>> | null;
}

export type SpecRead<T> =
  | { readonly ok: true; readonly spec: T }
  | { readonly ok: false; readonly reason: string };

class SpecError extends Error {}

function at(value: { readonly pos: { readonly line: number; readonly column: number } }): string {
  return `At ${value.pos.line}:${value.pos.column}`;
}

function stringField(body: HclObject, name: string): string {
  const entry = lastEntry(body, name);
  if (entry === undefined) return '';
  if (entry.value.kind !== 'string')
    throw new SpecError(`${at(entry.key)}: ${name} must be a string`);
  return entry.value.value;
}

function metaField(body: HclObject): Record<string, string> | null {
  const entry = lastEntry(body, 'meta');
  if (entry === undefined) return null;
  const value: HclValue = entry.value;
  if (value.kind !== 'object') throw new SpecError(`${at(entry.key)}: meta must be a block`);
  const out: Record<string, string> = {};
  for (const item of value.items) {
    const key = item.keys.map((k) => k.name).join('.');
    if (item.value.kind !== 'string')
      throw new SpecError(`${at(item)}: meta value of ${JSON.stringify(key)} must be a string`);
    out[key] = item.value.value;
  }
  return out;
}

function read<T>(text: string, decode: (root: HclObject) => T): SpecRead<T> {
  try {
    return { ok: true, spec: decode(parseHcl(text).body) };
  } catch (error) {
    if (error instanceof HclSyntaxError || error instanceof SpecError)
      return { ok: false, reason: error.message };
    throw error;
  }
}

/** Reads a namespace specification. */
export function readNamespaceSpec(text: string): SpecRead<NamespaceSpec> {
  return read(text, (root) => ({
    Name: stringField(root, 'name'),
    Description: stringField(root, 'description'),
    Quota: stringField(root, 'quota'),
    Meta: metaField(root),
  }));
}

/** Reads a node pool specification (one `node_pool "<name>"` block). */
export function readNodePoolSpec(text: string): SpecRead<NodePoolSpec> {
  return read(text, (root) => {
    const [entry, extra] = entriesNamed(root, 'node_pool');
    if (entry === undefined) throw new SpecError('Missing node_pool block');
    if (extra !== undefined) throw new SpecError(`${at(extra.key)}: Duplicate node_pool block`);
    const { label, body } = takeLabel(entry);
    if (label === null) throw new SpecError(`${at(entry.key)}: Missing name for node_pool`);
    if (body.kind !== 'object') throw new SpecError(`${at(entry.key)}: node_pool must be a block`);
    return {
      Name: label.name,
      Description: stringField(body, 'description'),
      Meta: metaField(body),
    };
  });
}

/**
 * The body Nomad's API client sends for a namespace: `api.Namespace` as Go encodes it, every field
 * present (nil pointers and maps as null). Nomad 1.0's struct has only Name, Description, Quota
 * and the indexes.
 */
export function apiNamespaceBody(
  from: { readonly [key: string]: JsonValue | undefined },
  modern: boolean,
): Record<string, JsonValue> {
  const keys = modern
    ? [
        'Name',
        'Description',
        'Quota',
        'Capabilities',
        'NodePoolConfiguration',
        'VaultConfiguration',
        'ConsulConfiguration',
        'Meta',
        'CreateIndex',
        'ModifyIndex',
      ]
    : ['Name', 'Description', 'Quota', 'CreateIndex', 'ModifyIndex'];
  return apiStruct(from, keys);
}

/**
 * The body for a node pool: `api.NodePool` through its MarshalJSON (NodeIdentityTTL first, as a
 * duration string, empty for zero).
 */
export function apiNodePoolBody(from: {
  readonly [key: string]: JsonValue | undefined;
}): Record<string, JsonValue> {
  const ttl = from['NodeIdentityTTL'];
  const parsed = typeof ttl === 'string' && ttl !== '' ? parseGoDuration(ttl) : null;
  return {
    NodeIdentityTTL: parsed?.ok === true && parsed.ms !== 0 ? formatGoDuration(parsed.ms) : '',
    ...apiStruct(from, [
      'Name',
      'Description',
      'Meta',
      'SchedulerConfiguration',
      'CreateIndex',
      'ModifyIndex',
    ]),
  };
}

const ZERO: Record<string, JsonValue> = {
  Name: '',
  Description: '',
  Quota: '',
  CreateIndex: 0,
  ModifyIndex: 0,
};

function apiStruct(
  from: { readonly [key: string]: JsonValue | undefined },
  keys: readonly string[],
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const key of keys) out[key] = from[key] ?? ZERO[key] ?? null;
  return out;
}
