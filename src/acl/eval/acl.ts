/**
 * The compiled ACL object and its checks (spec §7.3), plus the two special ACLs: management
 * (every check passes) and "ACLs disabled" (every check passes except Sentinel operations, and
 * it also reports isManagement() = true, as Nomad's `ACLsDisabledACL` does).
 *
 * Default deny: a check with no matching rule is false. The rule tables are filled once by
 * ./acl-compile.ts and never change afterwards.
 */

import { CAPABILITY_DENY, type CapabilitySet, RuleTable } from './rules.js';

/** The workload identity of a task, which auto-grants read/list on its own variables paths. */
export interface AclClaim {
  readonly namespace: string;
  readonly job: string;
  readonly group: string;
  readonly task: string;
}

export interface Acl {
  /** True for management tokens and when ACLs are disabled. */
  isManagement(): boolean;
  /** Any right at all in the namespace (for `*`: in any namespace). */
  allowNamespace(namespace: string): boolean;
  allowNamespaceOperation(namespace: string, capability: string): boolean;
  allowNodePool(pool: string): boolean;
  allowNodePoolOperation(pool: string, capability: string): boolean;
  allowHostVolume(name: string): boolean;
  allowHostVolumeOperation(name: string, capability: string): boolean;
  allowVariableOperation(
    namespace: string,
    path: string,
    operation: string,
    claim?: AclClaim,
  ): boolean;
  /** Loose check before a variables search: any variables rule for the namespace. */
  allowVariableSearch(namespace: string): boolean;
  allowAgentRead(): boolean;
  allowAgentWrite(): boolean;
  /** Agent debug endpoints: with ACLs disabled only when `enable_debug` is set; otherwise agent read (Nomad's TestAgentDebug). */
  allowAgentDebug(debugEnabled: boolean): boolean;
  allowNodeRead(): boolean;
  allowNodeWrite(): boolean;
  allowOperatorRead(): boolean;
  allowOperatorWrite(): boolean;
  allowOperatorOperation(capability: string): boolean;
  allowSentinelOperation(capability: string): boolean;
  allowQuotaRead(): boolean;
  allowQuotaWrite(): boolean;
  allowPluginRead(): boolean;
  allowPluginList(): boolean;
}

/** The merged rules of a set of policies, as compileAcl builds them. */
export interface AclRules {
  readonly namespaces: RuleTable;
  readonly nodePools: RuleTable;
  readonly hostVolumes: RuleTable;
  readonly variables: RuleTable;
  readonly agent: string;
  readonly node: string;
  readonly operator: string;
  readonly quota: string;
  readonly plugin: string;
  readonly sentinel: string;
  readonly operatorCapabilities: CapabilitySet;
  readonly sentinelCapabilities: CapabilitySet;
}

type AclKind = 'compiled' | 'management' | 'acls-disabled';

/** Rules while compileAcl fills them: plain fields and sets it may change. */
export type MutableAclRules = {
  -readonly [K in keyof AclRules]: AclRules[K];
} & { operatorCapabilities: Set<string>; sentinelCapabilities: Set<string> };

/** Rules that grant nothing: the start of every compilation, and the (unused) rules of the special ACLs. */
export function emptyAclRules(): MutableAclRules {
  return {
    namespaces: new RuleTable(),
    nodePools: new RuleTable(),
    hostVolumes: new RuleTable(),
    variables: new RuleTable(),
    agent: '',
    node: '',
    operator: '',
    quota: '',
    plugin: '',
    sentinel: '',
    operatorCapabilities: new Set(),
    sentinelCapabilities: new Set(),
  };
}

/** A rule grants something: it exists, is not empty and is not deny. */
function grantsAnything(set: CapabilitySet | null): boolean {
  return set !== null && set.size > 0 && !set.has(CAPABILITY_DENY);
}

function isReadOrWrite(word: string): boolean {
  return word === 'read' || word === 'write';
}

/** The path prefixes a workload may always read and list in its own namespace. */
function claimPaths(claim: AclClaim): string[] {
  return [
    'nomad/jobs',
    `nomad/jobs/${claim.job}`,
    `nomad/jobs/${claim.job}/${claim.group}`,
    `nomad/jobs/${claim.job}/${claim.group}/${claim.task}`,
  ];
}

const CLAIM_CAPABILITIES: CapabilitySet = new Set(['read', 'list']);

class AclObject implements Acl {
  /** True for management and ACLs-disabled: every check passes except those handled below. */
  private readonly allowAll: boolean;

  constructor(
    private readonly kind: AclKind,
    private readonly rules: AclRules,
  ) {
    this.allowAll = kind !== 'compiled';
  }

  isManagement(): boolean {
    return this.allowAll;
  }

  allowNamespace(namespace: string): boolean {
    if (this.allowAll) return true;
    if (namespace === '*') {
      for (const set of this.rules.namespaces.sets()) if (grantsAnything(set)) return true;
      return false;
    }
    return grantsAnything(this.rules.namespaces.lookup(namespace));
  }

  allowNamespaceOperation(namespace: string, capability: string): boolean {
    if (this.allowAll) return true;
    if (namespace === '*') {
      for (const set of this.rules.namespaces.sets()) if (set.has(capability)) return true;
    }
    return this.rules.namespaces.lookup(namespace)?.has(capability) ?? false;
  }

  allowNodePool(pool: string): boolean {
    return this.allowAll || grantsAnything(this.rules.nodePools.lookup(pool));
  }

  allowNodePoolOperation(pool: string, capability: string): boolean {
    return this.allowAll || (this.rules.nodePools.lookup(pool)?.has(capability) ?? false);
  }

  allowHostVolume(name: string): boolean {
    return this.allowAll || grantsAnything(this.rules.hostVolumes.lookup(name));
  }

  allowHostVolumeOperation(name: string, capability: string): boolean {
    return this.allowAll || (this.rules.hostVolumes.lookup(name)?.has(capability) ?? false);
  }

  allowVariableOperation(
    namespace: string,
    path: string,
    operation: string,
    claim?: AclClaim,
  ): boolean {
    if (this.allowAll) return true;
    return this.variablesRule(namespace, path, claim)?.has(operation) ?? false;
  }

  /** Exact (namespace, path) rule, else the workload's own paths, else the closest glob. */
  private variablesRule(
    namespace: string,
    path: string,
    claim: AclClaim | undefined,
  ): CapabilitySet | null {
    const key = `${namespace}\x00${path}`;
    const table = this.rules.variables;
    if (
      claim !== undefined &&
      claim.namespace === namespace &&
      table.lookupExact(key) === null &&
      claimPaths(claim).includes(path)
    ) {
      return CLAIM_CAPABILITIES;
    }
    return table.lookup(key);
  }

  allowVariableSearch(namespace: string): boolean {
    if (this.allowAll) return true;
    if (namespace === '*') return this.rules.variables.size > 0;
    return this.rules.variables.hasLabelWithPrefix(namespace);
  }

  allowAgentRead(): boolean {
    return this.allowAll || isReadOrWrite(this.rules.agent);
  }

  allowAgentWrite(): boolean {
    return this.allowAll || this.rules.agent === 'write';
  }

  allowAgentDebug(debugEnabled: boolean): boolean {
    if (this.kind === 'acls-disabled') return debugEnabled;
    return this.allowAgentRead();
  }

  allowNodeRead(): boolean {
    return this.allowAll || isReadOrWrite(this.rules.node);
  }

  allowNodeWrite(): boolean {
    return this.allowAll || this.rules.node === 'write';
  }

  allowOperatorRead(): boolean {
    return this.allowAll || isReadOrWrite(this.rules.operator);
  }

  allowOperatorWrite(): boolean {
    return this.allowAll || this.rules.operator === 'write';
  }

  allowOperatorOperation(capability: string): boolean {
    return (
      this.allowAll ||
      this.rules.operator === 'write' ||
      this.rules.operatorCapabilities.has(capability)
    );
  }

  allowSentinelOperation(capability: string): boolean {
    if (this.kind === 'acls-disabled') return false;
    return (
      this.allowAll ||
      this.rules.sentinel === 'write' ||
      this.rules.sentinelCapabilities.has(capability)
    );
  }

  allowQuotaRead(): boolean {
    return this.allowAll || isReadOrWrite(this.rules.quota);
  }

  allowQuotaWrite(): boolean {
    return this.allowAll || this.rules.quota === 'write';
  }

  allowPluginRead(): boolean {
    return this.allowAll || this.rules.plugin === 'read';
  }

  allowPluginList(): boolean {
    return this.allowAll || this.rules.plugin === 'read' || this.rules.plugin === 'list';
  }
}

/** Wraps compiled rules into an ACL (used by compileAcl). */
export function aclFromRules(rules: AclRules): Acl {
  return new AclObject('compiled', rules);
}

const MANAGEMENT: Acl = new AclObject('management', emptyAclRules());
const ACLS_DISABLED: Acl = new AclObject('acls-disabled', emptyAclRules());

/** The ACL of a management token: every check passes. */
export function managementAcl(): Acl {
  return MANAGEMENT;
}

/** What every request resolves to when ACLs are disabled: all allowed except Sentinel operations. */
export function aclsDisabledAcl(): Acl {
  return ACLS_DISABLED;
}
