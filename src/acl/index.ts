/**
 * Public entry of the ACL core: the policy language (parse, validate, expand, print back) and the
 * compiled ACL evaluator. Pure code, no I/O. Tokens and bootstrap rules are exported below the
 * policy/evaluator group.
 */

// --- policy language and evaluator ---
export type {
  CapabilityBlock,
  HostVolumePolicy,
  NamedPolicy,
  NamespacePolicy,
  NodePoolPolicy,
  Policy,
  PolicyWordBlock,
  VariablesPathPolicy,
  VariablesPolicy,
} from './policy-types.js';
export { emptyPolicy, isPolicyEmpty } from './policy-types.js';
export { type ParsePolicyOptions, parsePolicy, validatePolicyName } from './policy.js';
export { PolicyParseError } from './policy-errors.js';
export { type PrintPolicyOptions, printPolicy } from './policy-print.js';
export { type PolicyVocabulary, policyVocabulary } from './policy-vocabulary.js';
export { expandVariablesCapabilities, isValidNamespaceLabel, isValidNodePoolLabel } from './policy-validate.js';
export { type CompileAclOptions, type CompilablePolicy, compileAcl } from './acl-compile.js';
export { type Acl, type AclClaim, aclsDisabledAcl, managementAcl } from './acl.js';
export { compileGlob, globMatches, globScore } from './glob.js';
// --- end of policy language and evaluator ---
