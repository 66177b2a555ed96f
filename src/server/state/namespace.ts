/**
 * The namespace object (`structs.Namespace`, in Nomad OSS since 1.0): a named partition of jobs
 * that ACL policies grant rights in. Fields kept: `Name` (`^[a-zA-Z0-9-]{1,128}$`), `Description`
 * (at most 256 bytes), `Quota` (an Enterprise quota's name, stored as given), `Meta`, `Hash`,
 * `CreateIndex`, `ModifyIndex`. Every region starts with the `default` namespace, written by the
 * state store itself at index 1, which cannot be deleted. Namespaces are written in the
 * authoritative region and replicated like policies.
 *
 * Not modelled: capabilities (task drivers, network modes), node pool, Vault and Consul settings.
 */
import { contentHash } from '../../acl/index.js';

/** A stored namespace. */
export interface Namespace {
  readonly Name: string;
  readonly Description: string;
  readonly Quota: string;
  /** Sorted by key; empty when none. */
  readonly Meta: readonly (readonly [string, string])[];
  readonly Hash: string;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** A namespace as a client sends it. */
export interface NamespaceInput {
  readonly Name: string;
  readonly Description: string;
  readonly Quota: string;
  readonly Meta: Readonly<Record<string, string>> | null;
}

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_NAMESPACE_DESCRIPTION = 'Default shared namespace';

/** Nomad's `validNamespaceName`. */
export const NAMESPACE_NAME_PATTERN = /^[a-zA-Z0-9-]{1,128}$/;

/** Longest namespace description Nomad accepts, in bytes. */
export const MAX_NAMESPACE_DESCRIPTION_LENGTH = 256;

const utf8 = new TextEncoder();

/** Nomad's `Namespace.Validate`: every problem, in Nomad's order. */
export function validateNamespace(input: NamespaceInput): string[] {
  const problems: string[] = [];
  if (!NAMESPACE_NAME_PATTERN.test(input.Name))
    problems.push(
      `invalid name ${JSON.stringify(input.Name)}. Must match regex ${NAMESPACE_NAME_PATTERN.source}`,
    );
  if (utf8.encode(input.Description).length > MAX_NAMESPACE_DESCRIPTION_LENGTH)
    problems.push(`description longer than ${MAX_NAMESPACE_DESCRIPTION_LENGTH}`);
  return problems;
}

/** A namespace ready to store: meta sorted, hashed, indexes 0. */
export function newNamespace(input: NamespaceInput): Namespace {
  const meta = Object.entries(input.Meta ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = contentHash([
    input.Name,
    input.Description,
    input.Quota,
    ...meta.flatMap(([k, v]) => [k, v]),
  ]);
  return {
    Name: input.Name,
    Description: input.Description,
    Quota: input.Quota,
    Meta: meta,
    Hash: hash,
    CreateIndex: 0,
    ModifyIndex: 0,
  };
}

/** The namespace every region's state store starts with (Nomad's `namespaceInit`, index 1). */
export function defaultNamespace(): Namespace {
  const ns = newNamespace({
    Name: DEFAULT_NAMESPACE,
    Description: DEFAULT_NAMESPACE_DESCRIPTION,
    Quota: '',
    Meta: null,
  });
  return { ...ns, CreateIndex: 1, ModifyIndex: 1 };
}
