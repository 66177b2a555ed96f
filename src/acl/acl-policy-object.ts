/**
 * The stored ACL policy object (spec §5.1: Name, Description, Rules, Hash, CreateIndex,
 * ModifyIndex) and its list stub. The rules text is kept verbatim; it is parsed when a token is
 * resolved (lenient) and when the policy is written (see policy-write.ts). JobACL (workload
 * attachment) is not modelled. Stored policies are frozen.
 */
import { policyHash } from './hash.js';

/** A stored ACL policy. */
export interface AclPolicy {
  readonly Name: string;
  readonly Description: string;
  /** HCL or JSON policy text, verbatim. */
  readonly Rules: string;
  /** Base64 digest of Name, Description, Rules (hash.ts). */
  readonly Hash: string;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** A policy as listed (`ACLPolicyListStub`): no Rules. */
export type AclPolicyStub = Omit<AclPolicy, 'Rules'>;

/** A policy as a client sends it (`{"Name","Description","Rules"}`). */
export interface AclPolicyInput {
  readonly Name: string;
  readonly Description?: string | undefined;
  readonly Rules: string;
}

/** Longest policy description Nomad accepts, in bytes. */
export const MAX_POLICY_DESCRIPTION_LENGTH = 256;

/** A policy ready to store: hashed, indexes 0 until the state machine sets them. */
export function newPolicy(input: AclPolicyInput): AclPolicy {
  const base = { Name: input.Name, Description: input.Description ?? '', Rules: input.Rules };
  return { ...base, Hash: policyHash(base), CreateIndex: 0, ModifyIndex: 0 };
}

/** The list stub of a policy. */
export function policyStub(policy: AclPolicy): AclPolicyStub {
  const { Rules: _rules, ...stub } = policy;
  return stub;
}

/** A frozen copy of `policy`. */
export function freezePolicy(policy: AclPolicy): AclPolicy {
  return Object.freeze({ ...policy });
}
