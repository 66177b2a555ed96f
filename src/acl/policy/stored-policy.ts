/**
 * The stored ACL policy object (spec §5.1: Name, Description, Rules, Hash, CreateIndex,
 * ModifyIndex), its list stub, and the endpoint-side rules of policy writes (spec §5.2, §5.3):
 * at least one policy, and each one valid (`ACLPolicy.Validate`: name, rules parse in the
 * profile's strictness, description length), refused as `policy <i> invalid: <multierror>`.
 * The rules text is kept verbatim; token resolution parses it again in lenient mode.
 * `JobACL` (1.7+: the workload a policy is attached to, `acl policy apply -job/-group/-task`) is
 * stored, hashed, validated and shown; workload identities that would use it are not modelled.
 * Stored policies are frozen.
 */
import type { Result } from '../errors.js';
import {
  badRequest,
  fail,
  formatMultiError,
  NO_POLICIES_GIVEN,
  nomadError,
  ok,
} from '../errors.js';
import { policyHash } from '../hash.js';
import { validatePolicyName } from './parse.js';
import { rulesParseProblem } from './rules-check.js';
import type { VersionProfile } from '../../version/profile.js';

/** The workload a policy is attached to (`structs.JobACL`). */
export interface JobAcl {
  readonly Namespace: string;
  readonly JobID: string;
  readonly Group: string;
  readonly Task: string;
}

/** A stored ACL policy. */
export interface AclPolicy {
  readonly Name: string;
  readonly Description: string;
  /** HCL or JSON policy text, verbatim. */
  readonly Rules: string;
  /** The attached workload; absent when none (and always in versions before 1.7). */
  readonly JobACL?: JobAcl;
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
  readonly JobACL?: JobAcl | null | undefined;
}

/** Longest policy description Nomad accepts, in bytes. */
export const MAX_POLICY_DESCRIPTION_LENGTH = 256;

/** A policy ready to store: hashed, indexes 0 until the state machine sets them. */
export function newPolicy(input: AclPolicyInput): AclPolicy {
  const base = {
    Name: input.Name,
    Description: input.Description ?? '',
    Rules: input.Rules,
    ...(input.JobACL == null ? {} : { JobACL: { ...input.JobACL } }),
  };
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

const utf8 = new TextEncoder();

/** UTF-8 length in bytes, as Go's `len(string)`. */
function byteLength(text: string): number {
  return utf8.encode(text).length;
}

/** Nomad's `ACLPolicy.Validate`: every problem, in Nomad's order (empty when valid). */
export function validatePolicyObject(input: AclPolicyInput, profile: VersionProfile): string[] {
  const problems: string[] = [];
  if (!validatePolicyName(input.Name)) problems.push(`invalid name '${input.Name}'`);
  const parseProblem = rulesParseProblem(input.Rules, profile.strictPolicyKeys, profile.name);
  if (parseProblem !== null) problems.push(`failed to parse rules: ${parseProblem}`);
  if (byteLength(input.Description ?? '') > MAX_POLICY_DESCRIPTION_LENGTH) {
    problems.push(`description longer than ${MAX_POLICY_DESCRIPTION_LENGTH}`);
  }
  const job = input.JobACL;
  if (job != null) {
    if (job.JobID !== '' && job.Namespace === '')
      problems.push('namespace must be set to set job ID');
    if (job.Group !== '' && job.JobID === '') problems.push('job ID must be set to set group');
    if (job.Task !== '' && job.Group === '') problems.push('group must be set to set task');
  }
  return problems;
}

/**
 * `UpsertPolicies` on the authoritative leader, after the ACL-enabled, forwarding and management
 * checks: at least one policy (`must specify as least one policy`), each valid, else
 * `policy <i> invalid: <multierror>` with the profile's `invalidPolicyStatus` (400, or 404 in the
 * tutorial era). Returns hashed policies ready to Raft-apply.
 */
export function preparePolicyUpsert(
  inputs: readonly AclPolicyInput[],
  profile: VersionProfile,
): Result<AclPolicy[]> {
  if (inputs.length === 0) return fail(badRequest(NO_POLICIES_GIVEN));
  for (const [index, input] of inputs.entries()) {
    const problems = validatePolicyObject(input, profile);
    if (problems.length > 0) {
      return fail(
        nomadError(
          profile.invalidPolicyStatus,
          `policy ${index} invalid: ${formatMultiError(problems)}`,
        ),
      );
    }
  }
  return ok(inputs.map(newPolicy));
}

/** First check of `DeletePolicies`: at least one name. Missing names are not an error. */
export function checkPolicyDeleteRequest(names: readonly string[]): Result<null> {
  if (names.length === 0) return fail(badRequest(NO_POLICIES_GIVEN));
  return ok(null);
}
