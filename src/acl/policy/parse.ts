/**
 * parsePolicy: ACL policy text (HCL v1 or JSON) to a validated, expanded Policy, as Nomad's
 * `acl.Parse` does (spec §6). The pipeline is
 *   1. the empty string is an empty policy, no error (Nomad's fast path);
 *   2. HCL/JSON syntax and decoding, with Go's HCL v1 rules and texts
 *      -> `Failed to parse ACL Policy: At L:C: ...`, or `... invalid acl policy: <panic>` where Go
 *      panics (./decode.ts, ../../hcl/v1);
 *   3. no known block    -> `Invalid policy: <raw text>`;
 *   4. validation and expansion in Nomad's order (./validate.ts).
 * Also home of the policy *name* rule used when policies are written.
 */

import { decodePolicy, isRawPolicyEmpty } from './decode.js';
import { PolicyParseError } from './errors.js';
import { emptyPolicy, type Policy } from './types.js';
import { validatePolicy } from './validate.js';
import { policyVocabulary } from './vocabulary.js';
import { DEFAULT_PROFILE, type ProfileName } from '../../version/profile.js';

export interface ParsePolicyOptions {
  /**
   * Reject unknown keys and repeated singleton blocks (Nomad 1.11+ when a policy is written).
   * Has no effect in the tutorial profile, which predates strict parsing. Default false (the
   * lenient mode Nomad uses when compiling stored policies).
   */
  readonly strict?: boolean;
  /** Which Nomad era's policy language to accept. Default `modern`. */
  readonly profile?: ProfileName;
}

/** Parses and validates policy rules. Throws PolicyParseError with Nomad's message. */
export function parsePolicy(text: string, options: ParsePolicyOptions = {}): Policy {
  if (text === '') return emptyPolicy();
  const vocabulary = policyVocabulary(options.profile ?? DEFAULT_PROFILE);
  const raw = decodePolicy(text, vocabulary);
  if (isRawPolicyEmpty(raw)) throw new PolicyParseError(`Invalid policy: ${text}`);
  return validatePolicy(raw, { strict: options.strict ?? false, vocabulary });
}

const POLICY_NAME = /^[a-zA-Z0-9-]{1,128}$/;

/** Nomad's `ValidPolicyName`: letters, digits and dashes, 1 to 128 characters (no `_` or `.`). */
export function validatePolicyName(name: string): boolean {
  return POLICY_NAME.test(name);
}
