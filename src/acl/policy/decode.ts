/**
 * Step 2 of policy parsing: read the HCL tree into the raw policy structure, the way Nomad's
 * HCL v1 decoder fills `acl.Policy` (spec §6.1).
 *
 * Nothing is validated or expanded here; that is ./policy-validate.ts. This step only
 * - picks the blocks the profile knows, in Nomad's struct-field order, keeping repeated
 *   labelled blocks in order and letting a repeated singleton block or attribute win last;
 * - converts values (a number written where a string is expected becomes its text, as in HCL v1)
 *   and reports wrong shapes as `At line:column: ...` errors;
 * - records what strict mode needs: unknown keys at every level and repeated singleton blocks.
 * Keys match case-insensitively (HCL v1). A labelled block without its label is reported as a
 * decoder failure, Nomad's "panic inside the decoder" case (`namespace {}`).
 */

import {
  blockBody,
  describeHclValue,
  entriesByKey,
  type HclEntry,
  type HclObject,
  type HclPosition,
  HclSyntaxError,
  type HclValue,
  takeLabel,
} from '../../hcl/index.js';
import type { PolicyVocabulary } from './vocabulary.js';

export interface RawPathPolicy {
  readonly pathSpec: string;
  readonly capabilities: string[] | null;
  readonly pos: HclPosition;
}

export interface RawVariablesPolicy {
  readonly paths: RawPathPolicy[];
  readonly pos: HclPosition;
}

export interface RawNamespacePolicy {
  readonly name: string;
  readonly policy: string;
  readonly capabilities: string[] | null;
  readonly variables: RawVariablesPolicy | null;
  readonly pos: HclPosition;
}

/** node_pool and host_volume blocks. */
export interface RawLabelledPolicy {
  readonly name: string;
  readonly policy: string;
  readonly capabilities: string[] | null;
  readonly pos: HclPosition;
}

/** agent, node, quota, plugin, operator and sentinel blocks (capabilities null when absent or unsupported). */
export interface RawSingletonPolicy {
  readonly policy: string;
  readonly capabilities: string[] | null;
  readonly pos: HclPosition;
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
  /** Unknown keys (as written) and repeated singleton blocks, for strict mode. */
  readonly extraKeys: string[];
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

/** An empty labelled block written without its label (`namespace {}`); Nomad's decoder panics on it. */
export class PolicyDecoderPanic extends Error {
  override readonly name = 'PolicyDecoderPanic';
  constructor(
    message: string,
    readonly pos: HclPosition,
  ) {
    super(message);
  }
}

type SingletonName = 'agent' | 'node' | 'operator' | 'quota' | 'plugin' | 'sentinel';

/** Reads the root body of a policy document. */
export function decodePolicy(body: HclObject, vocabulary: PolicyVocabulary): RawPolicy {
  return new PolicyDecoder(vocabulary).decodeRoot(body);
}

/** The entries of one block body, grouped by lower-cased key. */
type Fields = ReadonlyMap<string, HclEntry[]>;

function entriesOf(fields: Fields, name: string): readonly HclEntry[] {
  return fields.get(name) ?? [];
}

class PolicyDecoder {
  private readonly extraKeys: string[] = [];

  constructor(private readonly vocabulary: PolicyVocabulary) {}

  decodeRoot(body: HclObject): RawPolicy {
    const v = this.vocabulary;
    const known = ['namespace', 'host_volume', 'agent', 'node', 'operator', 'quota', 'plugin'];
    if (v.nodePools) known.push('node_pool');
    if (v.sentinel) known.push('sentinel');
    const root = this.fields(body, known);
    const namespaces = entriesOf(root, 'namespace').map((e) => this.decodeNamespace(e));
    const nodePools = v.nodePools ? entriesOf(root, 'node_pool').map((e) => this.decodeLabelled(e, 'node_pool')) : [];
    const hostVolumes = entriesOf(root, 'host_volume').map((e) => this.decodeLabelled(e, 'host_volume'));
    return {
      namespaces,
      nodePools,
      hostVolumes,
      agent: this.decodeSingleton(root, 'agent', false),
      node: this.decodeSingleton(root, 'node', false),
      operator: this.decodeSingleton(root, 'operator', v.operatorCapabilities),
      quota: this.decodeSingleton(root, 'quota', false),
      plugin: this.decodeSingleton(root, 'plugin', false),
      sentinel: v.sentinel ? this.decodeSingleton(root, 'sentinel', true) : null,
      extraKeys: this.extraKeys,
    };
  }

  /** Groups the body's entries by key and notes every key outside `known` for strict mode. */
  private fields(body: HclObject, known: readonly string[]): Fields {
    const groups = entriesByKey(body);
    for (const [name, entries] of groups) {
      if (!known.includes(name)) for (const entry of entries) this.extraKeys.push(entry.key.name);
    }
    return groups;
  }

  /** The entry's value as a block body; anything else is a decode error. */
  private asBody(value: HclValue, what: string): HclObject {
    if (value.kind !== 'object') throw new HclSyntaxError(value.pos, `${what}: expected a block, got ${describeHclValue(value)}`);
    return value;
  }

  /**
   * Splits `type "label" { ... }` into label and body. Without a label, an empty block makes
   * Nomad's decoder panic (`namespace {}`), and a non-empty one is read with an empty name
   * (which validation then reports, e.g. `Invalid missing variable path`).
   */
  private labelled(entry: HclEntry, blockType: string): { name: string; body: HclObject } {
    const { label, body } = takeLabel(entry);
    if (label !== null) return { name: label.name, body: this.asBody(body, `${blockType} ${JSON.stringify(label.name)}`) };
    const unlabelled = this.asBody(body, blockType);
    if (unlabelled.items.length === 0) {
      const pos = entry.key.pos;
      throw new PolicyDecoderPanic(`empty ${blockType} block at ${pos.line}:${pos.column} has no name label`, pos);
    }
    return { name: '', body: unlabelled };
  }

  private decodeNamespace(entry: HclEntry): RawNamespacePolicy {
    const { name, body } = this.labelled(entry, 'namespace');
    const fields = this.fields(body, this.vocabulary.variables ? NAMESPACE_KEYS_WITH_VARIABLES : POLICY_AND_CAPABILITIES);
    const policy = this.stringField(fields, 'policy');
    const capabilities = this.stringListField(fields, 'capabilities');
    const variables = this.vocabulary.variables ? this.decodeVariables(fields) : null;
    return { name, policy, capabilities, variables, pos: entry.key.pos };
  }

  private decodeVariables(namespaceFields: Fields): RawVariablesPolicy | null {
    const entries = entriesOf(namespaceFields, 'variables');
    if (entries.length > 1) this.extraKeys.push('variables');
    let result: RawVariablesPolicy | null = null;
    for (const entry of entries) {
      const fields = this.fields(this.asBody(blockBody(entry), 'variables'), PATH_ONLY);
      const paths = entriesOf(fields, 'path').map((pathEntry) => {
        const path = this.labelled(pathEntry, 'path');
        const pathFields = this.fields(path.body, CAPABILITIES_ONLY);
        return { pathSpec: path.name, capabilities: this.stringListField(pathFields, 'capabilities'), pos: pathEntry.key.pos };
      });
      result = { paths, pos: entry.key.pos };
    }
    return result;
  }

  private decodeLabelled(entry: HclEntry, blockType: string): RawLabelledPolicy {
    const { name, body } = this.labelled(entry, blockType);
    const fields = this.fields(body, POLICY_AND_CAPABILITIES);
    return {
      name,
      policy: this.stringField(fields, 'policy'),
      capabilities: this.stringListField(fields, 'capabilities'),
      pos: entry.key.pos,
    };
  }

  /** A block that may appear once; when repeated, the last one wins (and strict mode complains). */
  private decodeSingleton(root: Fields, name: SingletonName, withCapabilities: boolean): RawSingletonPolicy | null {
    const entries = entriesOf(root, name);
    if (entries.length > 1) this.extraKeys.push(name);
    let result: RawSingletonPolicy | null = null;
    for (const entry of entries) {
      const fields = this.fields(this.asBody(blockBody(entry), name), withCapabilities ? POLICY_AND_CAPABILITIES : POLICY_ONLY);
      const policy = this.stringField(fields, 'policy');
      const capabilities = withCapabilities ? this.stringListField(fields, 'capabilities') : null;
      result = { policy, capabilities, pos: entry.key.pos };
    }
    return result;
  }

  /** A string attribute; absent is "". A repeated attribute keeps its last value. */
  private stringField(fields: Fields, name: string): string {
    let result = '';
    for (const entry of entriesOf(fields, name)) result = this.asString(entry.value, name);
    return result;
  }

  /** A list-of-strings attribute; absent is null. A repeated attribute keeps its last value. */
  private stringListField(fields: Fields, name: string): string[] | null {
    let result: string[] | null = null;
    for (const entry of entriesOf(fields, name)) {
      const value = entry.value;
      if (value.kind !== 'list') throw new HclSyntaxError(value.pos, `${name}: expected a list of strings, got ${describeHclValue(value)}`);
      result = value.items.map((item) => this.asString(item, `${name} element`));
    }
    return result;
  }

  private asString(value: HclValue, what: string): string {
    if (value.kind === 'string') return value.value;
    if (value.kind === 'number') return value.text;
    throw new HclSyntaxError(value.pos, `${what}: expected a string, got ${describeHclValue(value)}`);
  }
}

const POLICY_ONLY = ['policy'];
const POLICY_AND_CAPABILITIES = ['policy', 'capabilities'];
const NAMESPACE_KEYS_WITH_VARIABLES = ['policy', 'capabilities', 'variables'];
const PATH_ONLY = ['path'];
const CAPABILITIES_ONLY = ['capabilities'];
