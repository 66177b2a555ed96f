/**
 * Step 2 of policy parsing: the policy text to the raw policy structure, exactly as Nomad's
 * `hclDecode` fills `acl.Policy` (spec §6.1, §6.4).
 *
 * Nomad decodes with Go's HCL v1 (../../hcl/v1), whose rules decide what a document means: keys
 * match by Unicode case folding; repeated blocks merge and repeated lists append; labelled blocks
 * come before unlabelled ones; an unlabelled `namespace`/`path` block is read item by item;
 * numbers and bools become their text; JSON documents are flattened first. Then Nomad's second
 * pass (modern versions) re-reads the tree: for every `namespace`, `node_pool` and `host_volume`
 * block written without a label it blanks the name of the decoded block *at the same index* (and
 * the first variables block's unlabelled `path`s likewise), and it drops one `namespace`,
 * `node_pool` or `host_volume` per repeated block from the unknown-key list. A panic anywhere in
 * there (an index out of range when an unlabelled block decoded to nothing) is Nomad's
 * `invalid acl policy: <panic>`.
 *
 * The Go structs are described per profile from the vocabulary: Nomad 1.0 (`v1.0`) has no node
 * pools, variables, sentinel, operator capabilities, unknown-key list nor second pass; Nomad 0.9
 * (`tutorial`) has no host volumes or plugin block either, so the decoder drops those blocks.
 * Where Nomad 2.x's struct order is not known (the `sentinel` block), it is placed last.
 *
 * Nothing is validated here; that is ./validate.ts.
 */

import {
  decodeDocument,
  filter,
  GO_STRING,
  GoError,
  goIndex,
  GoPanic,
  type GoStruct,
  type GoStructType,
  type GoValue,
  nilDereference,
  type ObjectList,
  parseHclV1,
  type Pos,
  pointerTo,
  PosError,
  sliceOf,
} from '../../hcl/v1/index.js';
import { PolicyParseError } from './errors.js';
import type { PolicyVocabulary } from './vocabulary.js';

/** Where a decoded block came from, when known (never for JSON documents). */
export type SourcePosition = { readonly line: number; readonly column: number } | undefined;

export interface RawPathPolicy {
  readonly pathSpec: string;
  readonly capabilities: string[] | null;
  readonly pos: SourcePosition;
}

export interface RawVariablesPolicy {
  readonly paths: RawPathPolicy[];
  readonly pos: SourcePosition;
}

export interface RawNamespacePolicy {
  readonly name: string;
  readonly policy: string;
  readonly capabilities: string[] | null;
  readonly variables: RawVariablesPolicy | null;
  readonly pos: SourcePosition;
}

/** node_pool and host_volume blocks. */
export interface RawLabelledPolicy {
  readonly name: string;
  readonly policy: string;
  readonly capabilities: string[] | null;
  readonly pos: SourcePosition;
}

/** agent, node, quota, plugin, operator and sentinel blocks (capabilities null when absent or unsupported). */
export interface RawSingletonPolicy {
  readonly policy: string;
  readonly capabilities: string[] | null;
  readonly pos: SourcePosition;
}

export interface RawPolicy {
  readonly namespaces: RawNamespacePolicy[];
  readonly nodePools: RawLabelledPolicy[];
  readonly hostVolumes: RawLabelledPolicy[];
  readonly agent: RawSingletonPolicy | null;
  readonly node: RawSingletonPolicy | null;
  readonly operator: RawSingletonPolicy | null;
  readonly quota: RawSingletonPolicy | null;
  readonly plugin: RawSingletonPolicy | null;
  readonly sentinel: RawSingletonPolicy | null;
  /**
   * Nomad's `ExtraKeysHCL` after decoding: every top-level key (labels included) not used by a
   * field, sorted by bytes, duplicates kept. Validation removes the block names it accepts.
   */
  readonly extraKeys: ExtraKeys;
}

/**
 * Nomad's `ExtraKeysHCL` list and its `removeExtraKey` (drop the first occurrence of a key).
 * The list is sorted and equal keys are interchangeable, so removals are counted per key instead
 * of shifting the list each time (a policy with 50 000 namespaces makes 50 000 removals).
 */
export class ExtraKeys {
  private readonly counts = new Map<string, number>();
  private readonly removed = new Map<string, number>();

  constructor(private readonly sorted: readonly string[]) {
    for (const key of sorted) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  remove(key: string): void {
    const removed = this.removed.get(key) ?? 0;
    if ((this.counts.get(key) ?? 0) > removed) this.removed.set(key, removed + 1);
  }

  /** An independent copy (validation removes keys without changing the decoded policy). */
  copy(): ExtraKeys {
    const copy = new ExtraKeys(this.sorted);
    for (const [key, n] of this.removed) copy.removed.set(key, n);
    return copy;
  }

  /** The keys left, in order. */
  remaining(): string[] {
    const skipped = new Map<string, number>();
    const out: string[] = [];
    for (const key of this.sorted) {
      const skip = skipped.get(key) ?? 0;
      if (skip < (this.removed.get(key) ?? 0)) skipped.set(key, skip + 1);
      else out.push(key);
    }
    return out;
  }
}

/** Nomad's `Policy.IsEmpty`, checked before validation: no recognised block at all. */
export function isRawPolicyEmpty(raw: RawPolicy): boolean {
  return (
    raw.namespaces.length === 0 &&
    raw.nodePools.length === 0 &&
    raw.hostVolumes.length === 0 &&
    raw.agent === null &&
    raw.node === null &&
    raw.operator === null &&
    raw.quota === null &&
    raw.plugin === null &&
    raw.sentinel === null
  );
}

const PARSE_PREFIX = 'Failed to parse ACL Policy: ';

/**
 * Nomad's `hclDecode` for a non-empty rules text: throws PolicyParseError with
 * `Failed to parse ACL Policy: <hcl error>` or `Failed to parse ACL Policy: invalid acl policy: <panic>`.
 */
export function decodePolicy(text: string, vocabulary: PolicyVocabulary): RawPolicy {
  try {
    const root = parseHclV1(text);
    const decoded = decodeDocument(root, policyStruct(vocabulary));
    const extraKeys = new ExtraKeys((decoded.fields.get('ExtraKeysHCL') ?? []) as string[]);
    if (vocabulary.missingLabelPass) fixMissingLabels(root, decoded, extraKeys);
    return toRawPolicy(decoded, vocabulary, extraKeys);
  } catch (error) {
    if (error instanceof GoPanic)
      throw new PolicyParseError(`${PARSE_PREFIX}invalid acl policy: ${error.message}`);
    if (error instanceof PosError && error.pos.line > 0) {
      throw new PolicyParseError(PARSE_PREFIX + error.message, {
        line: error.pos.line,
        column: error.pos.column,
      });
    }
    if (error instanceof GoError) throw new PolicyParseError(PARSE_PREFIX + error.message);
    throw error;
  }
}

// --- the Go structs of acl/policy.go, per profile ---

const STRINGS = sliceOf(GO_STRING);

type Field = GoStructType['fields'][number];

/** namespace, node_pool, host_volume: a name from the label, a policy word, capabilities (and more fields). */
function labelledStruct(more: readonly Field[] = []): GoStructType {
  return {
    kind: 'struct',
    fields: [
      { name: 'Name', tag: ',key', type: GO_STRING },
      { name: 'Policy', type: GO_STRING },
      { name: 'Capabilities', type: STRINGS },
      ...more,
    ],
  };
}

function policyOnlyStruct(): GoStructType {
  return { kind: 'struct', fields: [{ name: 'Policy', type: GO_STRING }] };
}

function policyAndCapabilitiesStruct(): GoStructType {
  return {
    kind: 'struct',
    fields: [
      { name: 'Policy', type: GO_STRING },
      { name: 'Capabilities', type: STRINGS },
    ],
  };
}

const structCache = new Map<PolicyVocabulary, GoStructType>();

function policyStruct(v: PolicyVocabulary): GoStructType {
  const cached = structCache.get(v);
  if (cached !== undefined) return cached;
  const path: GoStructType = {
    kind: 'struct',
    fields: [
      { name: 'PathSpec', tag: ',key', type: GO_STRING },
      { name: 'Capabilities', type: STRINGS },
    ],
  };
  const variables: GoStructType = {
    kind: 'struct',
    fields: [{ name: 'Paths', tag: 'path', type: sliceOf(pointerTo(path)) }],
  };
  const namespace = labelledStruct(
    v.variables ? [{ name: 'Variables', tag: 'variables', type: pointerTo(variables) }] : [],
  );
  const fields: Field[] = [
    { name: 'Namespaces', tag: 'namespace,expand', type: sliceOf(pointerTo(namespace)) },
  ];
  if (v.nodePools)
    fields.push({
      name: 'NodePools',
      tag: 'node_pool,expand',
      type: sliceOf(pointerTo(labelledStruct())),
    });
  if (v.hostVolumes)
    fields.push({
      name: 'HostVolumes',
      tag: 'host_volume,expand',
      type: sliceOf(pointerTo(labelledStruct())),
    });
  fields.push(
    { name: 'Agent', tag: 'agent', type: pointerTo(policyOnlyStruct()) },
    { name: 'Node', tag: 'node', type: pointerTo(policyOnlyStruct()) },
    {
      name: 'Operator',
      tag: 'operator',
      type: pointerTo(v.operatorCapabilities ? policyAndCapabilitiesStruct() : policyOnlyStruct()),
    },
    { name: 'Quota', tag: 'quota', type: pointerTo(policyOnlyStruct()) },
  );
  if (v.plugin) fields.push({ name: 'Plugin', tag: 'plugin', type: pointerTo(policyOnlyStruct()) });
  if (v.sentinel)
    fields.push({
      name: 'Sentinel',
      tag: 'sentinel',
      type: pointerTo(policyAndCapabilitiesStruct()),
    });
  fields.push({ name: 'Raw', tag: '-', type: GO_STRING });
  if (v.strictKeys) fields.push({ name: 'ExtraKeysHCL', tag: ',unusedKeys', type: STRINGS });
  const type: GoStructType = { kind: 'struct', fields };
  structCache.set(v, type);
  return type;
}

// --- Nomad's second pass over the tree ---

function structs(value: GoValue | undefined): GoStruct[] {
  return (value ?? []) as GoStruct[];
}

/** Nomad's fix-up of blocks written without a label (hclDecode, after hcl.Decode). */
function fixMissingLabels(root: ObjectList, policy: GoStruct, extraKeys: ExtraKeys): void {
  const removeExtraKey = (key: string): void => extraKeys.remove(key);
  const namespaces = structs(policy.fields.get('Namespaces'));
  filter(root, 'namespace').items.forEach((nsObj, i) => {
    if (nsObj.keys.length === 0) goIndex(namespaces, i).fields.set('Name', '');
    if (i > 0) removeExtraKey('namespace');
    if (nsObj.val.type !== 'ObjectType') return;
    const varsList = filter(nsObj.val.list, 'variables');
    const varsObj = varsList.items[0]?.val;
    if (varsObj === undefined || varsObj.type !== 'ObjectType') return;
    filter(varsObj.list, 'path').items.forEach((path, j) => {
      if (path.keys.length > 0) return;
      const variables = goIndex(namespaces, i).fields.get('Variables') ?? null;
      if (variables === null) throw nilDereference();
      goIndex(structs((variables as GoStruct).fields.get('Paths')), j).fields.set('PathSpec', '');
    });
  });
  for (const [blockType, field] of [
    ['node_pool', 'NodePools'],
    ['host_volume', 'HostVolumes'],
  ] as const) {
    const decoded = structs(policy.fields.get(field));
    filter(root, blockType).items.forEach((obj, i) => {
      if (obj.keys.length === 0) goIndex(decoded, i).fields.set('Name', '');
      if (i > 0) removeExtraKey(blockType);
    });
  }
}

// --- Go values to the raw policy ---

function where(pos: Pos): SourcePosition {
  return pos.line > 0 ? { line: pos.line, column: pos.column } : undefined;
}

function str(s: GoStruct, field: string): string {
  return (s.fields.get(field) ?? '') as string;
}

function list(s: GoStruct, field: string): string[] | null {
  const value = s.fields.get(field) ?? null;
  return value === null ? null : [...(value as string[])];
}

function nested(s: GoStruct, field: string): GoStruct | null {
  return (s.fields.get(field) ?? null) as GoStruct | null;
}

function toLabelled(s: GoStruct): RawLabelledPolicy {
  return {
    name: str(s, 'Name'),
    policy: str(s, 'Policy'),
    capabilities: list(s, 'Capabilities'),
    pos: where(s.origin),
  };
}

function toSingleton(s: GoStruct | null, withCapabilities: boolean): RawSingletonPolicy | null {
  if (s === null) return null;
  return {
    policy: str(s, 'Policy'),
    capabilities: withCapabilities ? list(s, 'Capabilities') : null,
    pos: where(s.origin),
  };
}

function toNamespace(s: GoStruct): RawNamespacePolicy {
  const vars = nested(s, 'Variables');
  return {
    name: str(s, 'Name'),
    policy: str(s, 'Policy'),
    capabilities: list(s, 'Capabilities'),
    variables:
      vars === null
        ? null
        : {
            paths: structs(vars.fields.get('Paths')).map((p) => ({
              pathSpec: str(p, 'PathSpec'),
              capabilities: list(p, 'Capabilities'),
              pos: where(p.origin),
            })),
            pos: where(vars.origin),
          },
    pos: where(s.origin),
  };
}

function toRawPolicy(p: GoStruct, v: PolicyVocabulary, extraKeys: ExtraKeys): RawPolicy {
  return {
    namespaces: structs(p.fields.get('Namespaces')).map(toNamespace),
    nodePools: structs(p.fields.get('NodePools')).map(toLabelled),
    hostVolumes: structs(p.fields.get('HostVolumes')).map(toLabelled),
    agent: toSingleton(nested(p, 'Agent'), false),
    node: toSingleton(nested(p, 'Node'), false),
    operator: toSingleton(nested(p, 'Operator'), v.operatorCapabilities),
    quota: toSingleton(nested(p, 'Quota'), false),
    plugin: v.plugin ? toSingleton(nested(p, 'Plugin'), false) : null,
    sentinel: v.sentinel ? toSingleton(nested(p, 'Sentinel'), true) : null,
    extraKeys,
  };
}
