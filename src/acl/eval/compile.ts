/**
 * compileAcl: merges a token's policies into one ACL object (spec §7.1, Nomad's `NewACL`).
 *
 * Policies are folded in name order (as Nomad's `CompileACLObject` sorts them):
 * - namespaces, node pools, host volumes: one capability set per exact label (concrete and glob
 *   labels in separate tables); within a label `deny` from any policy wins, otherwise union;
 * - variables: one set per (namespace label, path), plain union with no deny clearing, registered
 *   even when the same namespace block is denied;
 * - agent/node/operator/quota/plugin/sentinel words: the strongest word wins (./acl-privilege.ts);
 * - operator/sentinel capabilities: union, `deny` clears the set to `{deny}` and sticks.
 * Every one of these merges is order-independent, so the result does not depend on the order
 * in which policies are given; sorting by name only mirrors Nomad.
 */

import {
  type Acl,
  aclFromRules,
  emptyAclRules,
  managementAcl,
  type MutableAclRules,
} from './acl.js';
import { maxPrivilege } from './privilege.js';
import { mergeWithDeny } from './rules.js';
import { compareUtf8, isGlob } from '../policy/glob.js';
import type { NamedPolicy, Policy } from '../policy/types.js';

export interface CompileAclOptions {
  /** Compile a management ACL (every check passes); the policies are ignored. */
  readonly management?: boolean;
}

/** A policy given with its name (sorted by name, as Nomad does) or without (sorted as ""). */
export type CompilablePolicy = Policy | NamedPolicy;

function unwrap(entry: CompilablePolicy): { name: string; policy: Policy } {
  return 'namespaces' in entry
    ? { name: '', policy: entry }
    : { name: entry.name, policy: entry.policy };
}

/** Builds the ACL for a set of policies. */
export function compileAcl(
  policies: readonly CompilablePolicy[],
  options: CompileAclOptions = {},
): Acl {
  if (options.management === true) return managementAcl();
  const sorted = policies.map(unwrap).sort((a, b) => compareUtf8(a.name, b.name));
  const rules = emptyAclRules();
  for (const { policy } of sorted) addPolicy(rules, policy);
  return aclFromRules(rules);
}

function addPolicy(rules: MutableAclRules, policy: Policy): void {
  for (const ns of policy.namespaces) {
    const set = rules.namespaces.setFor(ns.name);
    for (const path of ns.variables?.paths ?? []) {
      const key = `${ns.name}\x00${path.pathSpec}`;
      const pathSet = rules.variables.setFor(key, isGlob(ns.name) || isGlob(path.pathSpec));
      for (const cap of path.capabilities) pathSet.add(cap);
    }
    mergeWithDeny(set, ns.capabilities);
  }
  for (const pool of policy.nodePools)
    mergeWithDeny(rules.nodePools.setFor(pool.name), pool.capabilities);
  for (const hv of policy.hostVolumes)
    mergeWithDeny(rules.hostVolumes.setFor(hv.name), hv.capabilities);
  if (policy.agent !== null) rules.agent = maxPrivilege(rules.agent, policy.agent.policy);
  if (policy.node !== null) rules.node = maxPrivilege(rules.node, policy.node.policy);
  if (policy.quota !== null) rules.quota = maxPrivilege(rules.quota, policy.quota.policy);
  if (policy.plugin !== null) rules.plugin = maxPrivilege(rules.plugin, policy.plugin.policy);
  if (policy.operator !== null) {
    rules.operator = maxPrivilege(rules.operator, policy.operator.policy);
    mergeWithDeny(rules.operatorCapabilities, policy.operator.capabilities);
  }
  if (policy.sentinel !== null) {
    rules.sentinel = maxPrivilege(rules.sentinel, policy.sentinel.policy);
    mergeWithDeny(rules.sentinelCapabilities, policy.sentinel.capabilities);
  }
}
