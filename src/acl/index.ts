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
} from './policy/types.js';
export { emptyPolicy, isPolicyEmpty } from './policy/types.js';
export { type ParsePolicyOptions, parsePolicy, validatePolicyName } from './policy/parse.js';
export { PolicyParseError } from './policy/errors.js';
export { type PrintPolicyOptions, printPolicy } from './policy/print.js';
export { type PolicyVocabulary, policyVocabulary } from './policy/vocabulary.js';
export {
  expandVariablesCapabilities,
  isValidNamespaceLabel,
  isValidNodePoolLabel,
} from './policy/validate.js';
export { type CompileAclOptions, type CompilablePolicy, compileAcl } from './eval/compile.js';
export { type Acl, type AclClaim, aclsDisabledAcl, managementAcl } from './eval/acl.js';
export { compileGlob, globMatches, globScore } from './policy/glob.js';
// --- end of policy language and evaluator ---

// --- tokens, ACL tables, bootstrap/reset, resolution, version profiles ---
export {
  DEFAULT_PROFILE,
  getProfile,
  parseProfileName,
  PROFILE_NAMES,
  PROFILES,
  type PolicyInfoLayout,
  type ProfileName,
  type ReplicatedKind,
  type TokenListOrder,
  type TokenSelfMode,
  type VersionProfile,
} from '../version/profile.js';
export {
  ACL_POLICY_NOT_FOUND,
  ACL_SUPPORT_DISABLED,
  ACL_TOKEN_EXPIRED,
  ACL_TOKEN_NOT_FOUND,
  aclDisabled,
  badRequest,
  fail,
  formatMultiError,
  INVALID_ACL_TOKEN,
  MIXED_GLOBAL_DELETE,
  MIXED_GLOBAL_UPSERT,
  NO_POLICIES_GIVEN,
  NO_TOKENS_GIVEN,
  nomadError,
  type NomadError,
  ok,
  PERMISSION_DENIED,
  permissionDenied,
  plainError,
  type Result,
} from './errors.js';
export { parseSecretIndexKey, secretLookupError } from './token/secret-index.js';
export {
  type DurationParse,
  formatGoDuration,
  HOUR,
  MILLISECOND,
  MINUTE,
  parseGoDuration,
  SECOND,
} from '../go/duration.js';
export {
  dateToSimTime,
  formatGoTime,
  formatRfc3339Nano,
  GO_ZERO_TIME,
  isGoZeroTime,
  parseRfc3339,
  SIM_EPOCH_UNIX_MS,
  SIM_EPOCH_UTC,
  type SimDate,
  simTimeToDate,
} from './token/time.js';
export { type PolicyHashFields, policyHash, type TokenHashFields, tokenHash } from './hash.js';
export {
  ACLS_DISABLED_TOKEN,
  type AclToken,
  type AclTokenStub,
  ANONYMOUS_POLICY_NAME,
  ANONYMOUS_TOKEN,
  BOOTSTRAP_TOKEN_NAME,
  CLIENT_TOKEN,
  freezeToken,
  isTokenExpired,
  MANAGEMENT_TOKEN,
  MAX_TOKEN_NAME_LENGTH,
  newBootstrapToken,
  type RoleLink,
  type TokenType,
  tokenStub,
  withHash,
} from './token/token.js';
export {
  type AclTokenInput,
  canonicalizeToken,
  type CanonicalToken,
  DEFAULT_TOKEN_MAX_EXPIRATION_TTL,
  DEFAULT_TOKEN_MIN_EXPIRATION_TTL,
  DEFAULT_TOKEN_TTL_BOUNDS,
  type TokenTtlBounds,
  validateToken,
} from './token/validate.js';
export {
  checkTokenDeleteRequest,
  checkTokenDeleteTargets,
  checkTokenUpsertRequest,
  prepareTokenUpsert,
  type RoleLookup,
  type RoleRef,
  type TokenLookup,
  type TokenUpsertContext,
} from './token/write.js';
export { type TokenJsonValue, tokenStubToJson, tokenToJson } from './token/json.js';
export {
  type AclPolicy,
  type AclPolicyInput,
  type AclPolicyStub,
  checkPolicyDeleteRequest,
  freezePolicy,
  MAX_POLICY_DESCRIPTION_LENGTH,
  newPolicy,
  preparePolicyUpsert,
  policyStub,
  validatePolicyObject,
} from './policy/stored-policy.js';
export {
  ACL_INDEX_NAMES,
  type AclIndexName,
  AclTables,
  type AclTablesImage,
  type BootstrapCheck,
  FSM_BOOTSTRAP_ALREADY_DONE,
  FSM_INVALID_RESET_INDEX,
  type TokenListOptions,
} from './state/tables.js';
export {
  ACL_COMMAND_TYPES,
  type AclApplied,
  type AclApplyResult,
  type AclBootstrapCommand,
  type AclCommand,
  type AclCommandType,
  type AclPolicyDeleteCommand,
  type AclPolicyUpsertCommand,
  type AclTokenDeleteCommand,
  type AclTokenUpsertCommand,
  applyAclCommand,
  isAclCommand,
} from './state/commands.js';
export {
  BOOTSTRAP_RESET_FILE_NAME,
  type BootstrapLogLine,
  type BootstrapPlan,
  type BootstrapPlanInput,
  parseResetFile,
  planBootstrap,
  type ResetFileParse,
  resetFileOutcome,
} from './bootstrap.js';
export {
  ACL_CACHE_SIZE,
  AclCache,
  type ResolvedIdentity,
  type ResolveFailureReason,
  type ResolveLookup,
  type ResolveOptions,
  type ResolveResult,
  resolveToken,
} from './resolve.js';
// --- end of tokens, tables, bootstrap, resolution, profiles ---

// --- roles, auth methods, binding rules (Nomad 1.4+/1.5+) ---
export { contentHash } from './hash.js';
export {
  type AclRole,
  type AclRoleInput,
  type AclRoleStub,
  canonicalRole,
  freezeRole,
  MAX_ROLE_DESCRIPTION_LENGTH,
  ROLE_NAME_PATTERN,
  type RolePolicyLink,
  roleHash,
  rolePolicyNames,
  validateRole,
} from './role/role.js';
export { prepareRoleUpsert, type RoleWriteLookup } from './role/write.js';
export { type TokenRoleLookup, tokenPolicyNames } from './role/token-policies.js';
export {
  type AclAuthMethod,
  type AclAuthMethodInput,
  type AclAuthMethodStub,
  AUTH_METHOD_NAME_PATTERN,
  AUTH_METHOD_TYPES,
  authMethodHash,
  authMethodStub,
  DEFAULT_TOKEN_NAME_FORMAT,
  TOKEN_LOCALITIES,
  validateAuthMethod,
} from './auth-method/auth-method.js';
export {
  type AuthMethodWriteLookup,
  checkAuthMethodDeleteRequest,
  prepareAuthMethodUpsert,
} from './auth-method/write.js';
export {
  type AclBindingRule,
  type AclBindingRuleInput,
  type AclBindingRuleStub,
  BIND_TYPES,
  bindingRuleHash,
  bindingRuleStub,
  validateBindingRule,
} from './binding-rule/binding-rule.js';
export {
  type BindingRuleWriteLookup,
  checkBindingRuleDeleteRequest,
  prepareBindingRuleUpsert,
} from './binding-rule/write.js';
export { KeyedTable } from './state/keyed-table.js';
export {
  ACL_AUTH_METHOD_NOT_FOUND,
  ACL_BINDING_RULE_NOT_FOUND,
  ACL_OBJECT_INDEX_NAMES,
  ACL_ROLE_NOT_FOUND,
  type AclObjectIndexName,
  AclObjectTables,
  type AclObjectTablesImage,
  type RoleUpsertOptions,
} from './state/acl-object-tables.js';
export {
  ACL_OBJECT_COMMAND_TYPES,
  type AclAuthMethodDeleteCommand,
  type AclAuthMethodUpsertCommand,
  type AclBindingRuleDeleteCommand,
  type AclBindingRuleUpsertCommand,
  type AclObjectCommand,
  type AclRoleDeleteCommand,
  type AclRoleUpsertCommand,
  isAclObjectCommand,
} from './state/acl-object-commands.js';
export { type RoleByIdLookup, withRoleLinksFixed } from './state/token-role-links.js';
export { profileHasKind } from '../version/profile.js';
// --- end of roles, auth methods, binding rules ---
