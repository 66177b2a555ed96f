/**
 * Step 3 of policy parsing: validate the raw policy and expand the coarse `policy` words, in
 * exactly Nomad's order (spec §6.4): namespaces (name, policy, capabilities, expansion, then
 * variables), node pools, host volumes, the strict-mode key check, then agent, node, operator,
 * sentinel, quota and plugin. The first failure wins and is thrown as a PolicyParseError with
 * Nomad's literal message.
 */

import type {
  RawLabelledPolicy,
  RawNamespacePolicy,
  RawPolicy,
  RawSingletonPolicy,
  RawVariablesPolicy,
  SourcePosition,
} from './decode.js';
import { PolicyParseError } from './errors.js';
import {
  type GoField,
  goNestedPointer,
  goQuote,
  goStringSlice,
  goStructPointer,
} from './go-format.js';
import type {
  CapabilityBlock,
  HostVolumePolicy,
  NamespacePolicy,
  NodePoolPolicy,
  Policy,
  PolicyWordBlock,
  VariablesPolicy,
} from './types.js';
import {
  type Expansion,
  expand,
  POLICY_DENY,
  POLICY_LIST,
  POLICY_READ,
  type PolicyVocabulary,
} from './vocabulary.js';

const NAMESPACE_NAME = /^[a-zA-Z0-9*-]{1,128}$/;
const NODE_POOL_NAME = /^[a-zA-Z0-9_*-]{1,128}$/;

/** Namespace and host volume labels (spec §6.1). */
export function isValidNamespaceLabel(name: string): boolean {
  return NAMESPACE_NAME.test(name);
}

/** Node pool labels (spec §6.1). */
export function isValidNodePoolLabel(name: string): boolean {
  return NODE_POOL_NAME.test(name);
}

export interface ValidateOptions {
  readonly strict: boolean;
  readonly vocabulary: PolicyVocabulary;
}

/**
 * Validates and expands; throws PolicyParseError on the first problem.
 *
 * Strict mode (1.11+) works on the decoder's list of unused top-level keys, as Nomad does: each
 * accepted namespace, node pool and host volume removes its name (one occurrence, exact match)
 * from the list, and whatever remains, in the decoder's byte order and with duplicates, is
 * reported. So labels of unknown blocks are listed, a repeated singleton block is listed once per
 * extra copy, and keys inside blocks are never looked at.
 */
export function validatePolicy(raw: RawPolicy, options: ValidateOptions): Policy {
  const v = options.vocabulary;
  const extraKeys = raw.extraKeys.copy();
  const removeExtraKey = (key: string): void => extraKeys.remove(key);
  const namespaces = raw.namespaces.map((ns) => {
    const valid = validateNamespace(ns, v);
    removeExtraKey(ns.name);
    return valid;
  });
  const nodePools = raw.nodePools.map((pool) => {
    const valid = validateNodePool(pool, v);
    removeExtraKey(pool.name);
    return valid;
  });
  const hostVolumes = raw.hostVolumes.map((hv) => {
    const valid = validateHostVolume(hv, v);
    removeExtraKey(hv.name);
    return valid;
  });
  const unknown = options.strict && v.strictKeys ? extraKeys.remaining() : [];
  if (unknown.length > 0)
    throw new PolicyParseError(`Invalid or duplicate policy keys: ${unknown.join(', ')}`);
  const agent = validateWordBlock(raw.agent, 'agent', 'AgentPolicy', v.policyWords);
  const node = validateWordBlock(raw.node, 'node', 'NodePolicy', v.policyWords);
  const operator = validateOperator(raw.operator, v);
  const sentinel = validateSentinel(raw.sentinel, v);
  const quota = validateWordBlock(raw.quota, 'quota', 'QuotaPolicy', v.policyWords);
  const plugin = validateWordBlock(raw.plugin, 'plugin', 'PluginPolicy', v.pluginPolicyWords);
  return { namespaces, nodePools, hostVolumes, agent, node, operator, quota, plugin, sentinel };
}

function fail(message: string, where: SourcePosition): never {
  throw new PolicyParseError(message, where);
}

function goNamespace(ns: RawNamespacePolicy, v: PolicyVocabulary): string {
  const fields: GoField[] = [
    ['Name', goQuote(ns.name)],
    ['Policy', goQuote(ns.policy)],
    ['Capabilities', goStringSlice(ns.capabilities)],
  ];
  if (v.variables)
    fields.push(['Variables', goNestedPointer('VariablesPolicy', ns.variables !== null)]);
  return goStructPointer('NamespacePolicy', fields);
}

/** Explicit capabilities followed by the expansion of the policy word. */
function withExpansion(
  explicit: readonly string[] | null,
  table: Expansion,
  word: string,
): string[] {
  return [...(explicit ?? []), ...expand(table, word)];
}

/** Appends the implicit expansions of every capability in the list (one level only). */
function withImplicit(capabilities: string[], table: Expansion): string[] {
  const extra: string[] = [];
  for (const cap of capabilities) extra.push(...expand(table, cap));
  return extra.length === 0 ? capabilities : [...capabilities, ...extra];
}

function validateNamespace(ns: RawNamespacePolicy, v: PolicyVocabulary): NamespacePolicy {
  if (!isValidNamespaceLabel(ns.name))
    fail(`Invalid namespace name: ${goNamespace(ns, v)}`, ns.pos);
  if (ns.policy !== '' && !v.policyWords.includes(ns.policy))
    fail(`Invalid namespace policy: ${goNamespace(ns, v)}`, ns.pos);
  for (const cap of ns.capabilities ?? []) {
    if (!v.namespaceCapabilities.includes(cap))
      fail(`Invalid namespace capability '${cap}': ${goNamespace(ns, v)}`, ns.pos);
  }
  const capabilities = withImplicit(
    withExpansion(ns.capabilities, v.namespaceExpansion, ns.policy),
    v.namespaceImplicitExpansion,
  );
  const variables = ns.variables === null ? null : validateVariables(ns.variables, ns.name, v);
  return { name: ns.name, policy: ns.policy, capabilities, variables };
}

function validateVariables(
  vars: RawVariablesPolicy,
  namespace: string,
  v: PolicyVocabulary,
): VariablesPolicy {
  if (vars.paths.length === 0)
    fail(`Invalid variable policy: no variable paths in namespace ${namespace}`, vars.pos);
  const paths = vars.paths.map((path) => {
    if (path.pathSpec === '')
      fail(`Invalid missing variable path in namespace ${namespace}`, path.pos);
    if (path.pathSpec.startsWith('/')) {
      fail(
        `Invalid variable path "${path.pathSpec}" in namespace ${namespace}: cannot start with a leading '/'\``,
        path.pos,
      );
    }
    for (const cap of path.capabilities ?? []) {
      if (!v.variablesCapabilities.includes(cap))
        fail(`Invalid variable capability '${cap}' in namespace ${namespace}`, path.pos);
    }
    return {
      pathSpec: path.pathSpec,
      capabilities: expandVariablesCapabilities(path.capabilities ?? []),
    };
  });
  return { paths };
}

/** `deny` anywhere makes the list `["deny"]`; `read` without `list` appends `list` (spec §6.3). */
export function expandVariablesCapabilities(capabilities: readonly string[]): string[] {
  if (capabilities.includes(POLICY_DENY)) return [POLICY_DENY];
  if (capabilities.includes(POLICY_READ) && !capabilities.includes(POLICY_LIST))
    return [...capabilities, POLICY_LIST];
  return [...capabilities];
}

function validateNodePool(pool: RawLabelledPolicy, v: PolicyVocabulary): NodePoolPolicy {
  if (!isValidNodePoolLabel(pool.name)) fail(`Invalid node pool name '${pool.name}'`, pool.pos);
  if (pool.policy !== '' && !v.policyWords.includes(pool.policy)) {
    fail(`Invalid node pool policy '${pool.policy}' for '${pool.name}'`, pool.pos);
  }
  for (const cap of pool.capabilities ?? []) {
    if (!v.nodePoolCapabilities.includes(cap))
      fail(`Invalid node pool capability '${cap}' for '${pool.name}'`, pool.pos);
  }
  return {
    name: pool.name,
    policy: pool.policy,
    capabilities: withExpansion(pool.capabilities, v.nodePoolExpansion, pool.policy),
  };
}

function goHostVolume(hv: RawLabelledPolicy): string {
  return goStructPointer('HostVolumePolicy', [
    ['Name', goQuote(hv.name)],
    ['Policy', goQuote(hv.policy)],
    ['Capabilities', goStringSlice(hv.capabilities)],
  ]);
}

function validateHostVolume(hv: RawLabelledPolicy, v: PolicyVocabulary): HostVolumePolicy {
  if (!isValidNamespaceLabel(hv.name))
    fail(`Invalid host volume name: ${goHostVolume(hv)}`, hv.pos);
  if (hv.policy !== '' && !v.policyWords.includes(hv.policy))
    fail(`Invalid host volume policy: ${goHostVolume(hv)}`, hv.pos);
  for (const cap of hv.capabilities ?? []) {
    if (!v.hostVolumeCapabilities.includes(cap))
      fail(`Invalid host volume capability '${cap}': ${goHostVolume(hv)}`, hv.pos);
  }
  return {
    name: hv.name,
    policy: hv.policy,
    capabilities: withExpansion(hv.capabilities, v.hostVolumeExpansion, hv.policy),
  };
}

/** agent, node, quota, plugin: the policy word is required and must be one of `words`. */
function validateWordBlock(
  block: RawSingletonPolicy | null,
  label: string,
  goType: string,
  words: readonly string[],
): PolicyWordBlock | null {
  if (block === null) return null;
  if (!words.includes(block.policy)) {
    fail(
      `Invalid ${label} policy: ${goStructPointer(goType, [['Policy', goQuote(block.policy)]])}`,
      block.pos,
    );
  }
  return { policy: block.policy };
}

function validateOperator(
  block: RawSingletonPolicy | null,
  v: PolicyVocabulary,
): CapabilityBlock | null {
  if (block === null) return null;
  if (!v.operatorCapabilities) {
    // Tutorial era: a policy-word-only block, the word required.
    if (!v.policyWords.includes(block.policy)) {
      fail(
        `Invalid operator policy: ${goStructPointer('OperatorPolicy', [['Policy', goQuote(block.policy)]])}`,
        block.pos,
      );
    }
    return { policy: block.policy, capabilities: [] };
  }
  return validateCapabilityBlock(
    block,
    'operator',
    'OperatorPolicy',
    v.policyWords,
    v.operatorCapabilityNames,
    v.operatorExpansion,
  );
}

function validateSentinel(
  block: RawSingletonPolicy | null,
  v: PolicyVocabulary,
): CapabilityBlock | null {
  if (block === null) return null;
  return validateCapabilityBlock(
    block,
    'sentinel',
    'SentinelPolicy',
    v.policyWords,
    v.sentinelCapabilities,
    v.sentinelExpansion,
  );
}

/** operator and sentinel (2.0+): optional policy word, capabilities, expansion. */
function validateCapabilityBlock(
  block: RawSingletonPolicy,
  label: string,
  goType: string,
  words: readonly string[],
  names: readonly string[],
  table: Expansion,
): CapabilityBlock {
  if (block.policy !== '' && !words.includes(block.policy)) {
    const rendered = goStructPointer(goType, [
      ['Policy', goQuote(block.policy)],
      ['Capabilities', goStringSlice(block.capabilities)],
    ]);
    fail(`Invalid ${label} policy: ${rendered}`, block.pos);
  }
  for (const cap of block.capabilities ?? []) {
    if (!names.includes(cap)) fail(`Invalid ${label} capability '${cap}'`, block.pos);
  }
  return {
    policy: block.policy,
    capabilities: withExpansion(block.capabilities, table, block.policy),
  };
}
