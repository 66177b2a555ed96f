/**
 * The parsed form of an ACL policy document, mirroring Nomad's `acl.Policy` in camelCase.
 *
 * Capability lists are the EXPANDED lists in Nomad's order (spec §6.3): the explicit
 * `capabilities` followed by the expansion of the coarse `policy` word, then (namespaces, modern
 * profile) the implicit host-volume expansions. Duplicates are kept, as Nomad keeps them; they
 * collapse when the policy is compiled. A block that is absent is `null` (singletons) or missing
 * from its array (labelled blocks); an absent `policy` word is the empty string.
 */

export interface VariablesPathPolicy {
  /** The path or glob after `path`, e.g. `nomad/jobs/*`. */
  pathSpec: string;
  capabilities: string[];
}

export interface VariablesPolicy {
  paths: VariablesPathPolicy[];
}

export interface NamespacePolicy {
  /** Namespace name or glob (the block label). */
  name: string;
  policy: string;
  capabilities: string[];
  variables: VariablesPolicy | null;
}

export interface NodePoolPolicy {
  name: string;
  policy: string;
  capabilities: string[];
}

export interface HostVolumePolicy {
  name: string;
  policy: string;
  capabilities: string[];
}

/** `agent`, `node`, `quota` and `plugin` blocks: only a policy word. */
export interface PolicyWordBlock {
  policy: string;
}

/** `operator` and `sentinel` blocks: a policy word and (modern) capabilities. */
export interface CapabilityBlock {
  policy: string;
  capabilities: string[];
}

export interface Policy {
  namespaces: NamespacePolicy[];
  nodePools: NodePoolPolicy[];
  hostVolumes: HostVolumePolicy[];
  agent: PolicyWordBlock | null;
  node: PolicyWordBlock | null;
  operator: CapabilityBlock | null;
  quota: PolicyWordBlock | null;
  plugin: PolicyWordBlock | null;
  sentinel: CapabilityBlock | null;
}

/** A policy together with its name, the form compileAcl sorts by (Nomad merges policies by name). */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: Policy;
}

/** A policy that grants nothing: what an empty rules string parses to. */
export function emptyPolicy(): Policy {
  return {
    namespaces: [],
    nodePools: [],
    hostVolumes: [],
    agent: null,
    node: null,
    operator: null,
    quota: null,
    plugin: null,
    sentinel: null,
  };
}

/** Nomad's `Policy.IsEmpty`: no recognised block at all. */
export function isPolicyEmpty(policy: Policy): boolean {
  return (
    policy.namespaces.length === 0 &&
    policy.nodePools.length === 0 &&
    policy.hostVolumes.length === 0 &&
    policy.agent === null &&
    policy.node === null &&
    policy.operator === null &&
    policy.quota === null &&
    policy.plugin === null &&
    policy.sentinel === null
  );
}
