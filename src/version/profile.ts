/**
 * Version profiles: the Nomad behaviours that changed between the Nomad versions the simulator
 * plays. Every version-dependent text, status code, expansion or output column is looked up here
 * by profile name instead of being decided by scattered `if`s (docs/architecture.md, "Version
 * profiles").
 *
 * `PROFILES` is the single table. Each field documents the spec section it comes from; the CLI,
 * API, policy and replication layers read these fields and nothing else to decide between versions.
 *
 * The three rows:
 * - `modern`: Nomad 2.0.5, the default.
 * - `v1.0`: Nomad 1.0.4, the spec's "tutorial era" column (§13): bootstrap refusals 400,
 *   `ACL token not found` for unknown tokens, an invalid policy 404.
 * - `tutorial`: the Nomad the ACL tutorial's transcripts come from. The tutorial prints
 *   `Unexpected response code: 500 (ACL bootstrap already done (reset index: 7))`, and 500 for
 *   bootstrap refusals is Nomad <= 0.9 behaviour (they became coded 400 errors in 0.10.0), so
 *   this row plays Nomad 0.9.7, the last 0.9 release: every refusal is a plain Go error (500, or
 *   403 for the `Permission denied` / `ACL token not found` texts), and the policy language has
 *   no `host_volume`, `plugin`, CSI or scaling words. The tutorial's anonymous policy still
 *   applies there: 0.9's decoder silently drops the unknown `host_volume` block.
 */

/** The Nomad versions the simulator can play. `modern` is the default. */
export type ProfileName = 'modern' | 'tutorial' | 'v1.0';

export const PROFILE_NAMES: readonly ProfileName[] = ['modern', 'tutorial', 'v1.0'];

export const DEFAULT_PROFILE: ProfileName = 'modern';

/** One line per profile for usage texts: `modern (Nomad 2.0.5, the default), ...`. */
export function describeProfiles(): string {
  return PROFILE_NAMES.map(
    (name) =>
      `${name} (Nomad ${PROFILES[name].nomadVersion}${name === DEFAULT_PROFILE ? ', the default' : ''})`,
  ).join(', ');
}

/** Parses a profile name given by a user, with a clear error for anything else. */
export function parseProfileName(value: string): ProfileName {
  const known = PROFILE_NAMES.find((name) => name === value);
  if (known !== undefined) return known;
  throw new RangeError(`unknown profile "${value}": expected one of ${PROFILE_NAMES.join(', ')}`);
}

/** How `GET /v1/acl/token/self` behaves (spec §1.4, §4.6, §10). */
export type TokenSelfMode =
  /**
   * HEAD 1.11+: `ACL.WhoAmI`. No ACL-enabled check: with ACLs disabled it returns the synthetic
   * `acls-disabled` token; an anonymous caller gets the anonymous token; an unknown token is 403
   * (`unknownTokenError`). The CLI with no token at all prints
   * `No token present in the environment or set via the CLI flag` (exit 1).
   */
  | 'whoami'
  /**
   * ≤1.10: `ACL.ResolveToken`. ACLs disabled -> `ACL support disabled` (`aclDisabledStatus`);
   * no token or unknown token -> 404 `ACL token not found`.
   */
  | 'resolve-token';

/** Order of `ACL.ListTokens` results (spec §4.6). */
export type TokenListOrder = 'create-index' | 'accessor-id';

/** Layout of `nomad acl policy info` (spec §10). */
export type PolicyInfoLayout =
  /** KV block (Name, Description, CreateIndex, ModifyIndex), blank line, `Rules`, blank line, rules text. */
  | 'kv-then-rules-section'
  /** One KV block: Name, Description, Rules = <text>, CreateIndex, ModifyIndex. */
  | 'single-kv';

/** Object kinds the non-authoritative leaders replicate (spec §12.2). */
export type ReplicatedKind =
  | 'policies'
  | 'tokens'
  | 'roles'
  | 'auth-methods'
  | 'binding-rules'
  | 'namespaces'
  | 'node-pools';

/**
 * What an endpoint answers when the caller's secret does not resolve (unknown, malformed or
 * expired token).
 */
export type AuthFailureAnswer =
  /**
   * 1.5+: endpoints call `Authenticate` and answer `structs.ErrPermissionDenied` whatever the
   * reason (`Permission denied`, 403).
   */
  | 'permission-denied'
  /**
   * <= 1.4: endpoints call `ResolveToken` and return its error as it is: `ACL token not found`
   * (403, by the HTTP layer's suffix rule) for a token the region does not hold.
   */
  | 'resolve-error';

/** Every version-dependent behaviour, as data. */
export interface VersionProfile {
  readonly name: ProfileName;
  /** The Nomad version this profile imitates (`nomad version`, the `Build` of `server members`). */
  readonly nomadVersion: string;

  // --- token resolution and errors (spec §2.2, §4.6, §4.7) ---
  /** Text for an unknown or malformed token secret; both map to HTTP 403. */
  readonly unknownTokenError: 'Permission denied' | 'ACL token not found';
  /** What endpoints answer when the caller's token does not resolve. */
  readonly authFailureAnswer: AuthFailureAnswer;
  /**
   * How a server finds the token of a secret. `uuid-index` (< 1.5): straight through go-memdb's
   * UUID index, so a secret that is not UUID-shaped fails with the plain error
   * `acl token lookup failed: index error: UUID must be 36 characters` (500), and one that parses
   * is compared as bytes (upper-case hex matches). `shape-check` (1.5+): a secret that is not a
   * UUID is not looked up at all (a workload identity that does not verify: unknown token).
   */
  readonly secretLookup: 'uuid-index' | 'shape-check';
  /**
   * Whether `ListPolicies`/`GetPolicy`/`GetPolicies` from an anonymous caller fail (< 0.10.2): the
   * non-management path looked the empty secret up in the UUID index, so it answered
   * `acl token lookup failed: index error: UUID must be 36 characters` (500) instead of the
   * anonymous policy (Nomad PR #6761 fixed it).
   */
  readonly anonymousPolicyReadsFail: boolean;
  /** Status of `ACL support disabled` on ACL endpoints (spec §1.4, table §13 column 1.0). */
  readonly aclDisabledStatus: number;
  /** `GET /v1/acl/token/self` behaviour. */
  readonly tokenSelf: TokenSelfMode;
  /**
   * One-time tokens (1.1+): `PUT /v1/acl/token/onetime` and `.../onetime/exchange`. Before, those
   * paths are a token accessor named `onetime`.
   */
  readonly oneTimeTokens: boolean;
  /**
   * `GET /v1/acl/policy/self` lists the caller's policies (2.x; any other method is 405). Before,
   * the path names a policy called `self`.
   */
  readonly policySelfPath: boolean;

  // --- bootstrap (spec §3) ---
  /**
   * Status of the endpoint's bootstrap refusals: `ACL bootstrap already done (reset index: N)`,
   * `Invalid bootstrap reset index (...)`, `invalid acl token`. Tutorial: 500, as the tutorial
   * text shows (see the file comment).
   */
  readonly bootstrapErrorStatus: number;
  /**
   * Operator-supplied bootstrap secret (`nomad acl bootstrap <path>`, body `BootstrapSecret`),
   * 1.4+. When false the API ignores the field (1.0 never read the body) and the CLI refuses any
   * argument with `This command takes no arguments`.
   */
  readonly bootstrapSecretSupported: boolean;

  // --- tokens (spec §4) ---
  /** Token expiry (`ExpirationTTL`/`ExpirationTime`, CLI `-ttl`, `Expiry Time`), 1.4+. */
  readonly tokenExpirySupported: boolean;
  /** Token role links (`Roles`, CLI `-role-name`/`-role-id`), 1.4+. */
  readonly tokenRolesSupported: boolean;
  /** `nomad acl token list` / `ACL.ListTokens` order: by CreateIndex then AccessorID (1.3+) or by AccessorID. */
  readonly tokenListOrder: TokenListOrder;
  /** Column headers of `nomad acl token list` (`Expired` added in 1.4). */
  readonly tokenListColumns: readonly string[];
  /**
   * Keys of the token KV block printed by `acl bootstrap`, `acl token create/info/self`, in order.
   * Values: `Policies` is `n/a` for management tokens; `Expiry Time` `<none>` when unset.
   */
  readonly tokenKvKeys: readonly string[];
  /** JSON fields of a full token (`ACLToken`), in Nomad's struct order. */
  readonly tokenJsonFields: readonly string[];
  /** JSON fields of a token list stub (`ACLTokenListStub`), in order. */
  readonly tokenStubJsonFields: readonly string[];
  /**
   * A full token has its own `MarshalJSON` (1.4+, for `ExpirationTTL` as a duration string), which
   * the HTTP encoder uses as it is: the token's object comes out with `ExpirationTTL` first, then
   * the struct's fields in declaration order, not in go-codec's sorted order.
   */
  readonly tokenJsonMarshaler: boolean;

  // --- policies (spec §5, §6) ---
  /**
   * Whether the other refusals of policy and token writes are coded errors with their own status
   * (`must specify as least one token`, `token <i> invalid: ...`, `cannot find token <id>`,
   * `Cannot delete nonexistent tokens: ...`, mixed global/local: 400). In 0.9 they were plain Go
   * errors: 500.
   */
  readonly aclWriteErrorsCoded: boolean;
  /** Status of `policy <i> invalid: ...` on policy writes: 400 (1.5+), 404 (0.11–1.4), 500 (<= 0.10). */
  readonly invalidPolicyStatus: number;
  /** Strict policy parsing on writes: unknown/duplicate keys rejected (1.11+). */
  readonly strictPolicyKeys: boolean;
  /** Layout of `nomad acl policy info`. */
  readonly policyInfoLayout: PolicyInfoLayout;

  // --- HTTP request bodies (spec §9) ---
  /**
   * Status of a policy or token write whose body does not decode (`json: cannot unmarshal ...`,
   * a syntax error): 400 since Nomad PR #15252 (backported to 1.2.x-1.4.x); Nomad 1.0's handlers
   * answered `CodedError(500, err.Error())`. The spec leaves it open.
   */
  readonly bodyDecodeErrorStatus: number;

  // --- cluster output (spec §10) ---
  /** Column headers of `nomad server members` (`Raft Version` since 1.3, `Protocol` before). */
  readonly serverMembersColumns: readonly string[];

  // --- replication (spec §12.2) ---
  /**
   * Object kinds a non-authoritative leader replicates, in the order Nomad starts its loops
   * (spec §12.2): 2.x policies, tokens, roles (1.4+), auth methods and binding rules (1.5+),
   * namespaces and node pools (1.6+); 1.0 policies, tokens and namespaces. A kind listed here
   * also exists in that version (its endpoints and commands; `profileHasKind`), and what runs is
   * exactly this list (test/profile.test.ts ties it to the replication driver).
   */
  readonly replicatedKinds: readonly ReplicatedKind[];
  /**
   * Kinds whose HTTP endpoints this open-source version registers only to refuse them with
   * `501 Nomad Enterprise only endpoint` (0.9's namespaces, `registerEnterpriseHandlers` in
   * http_oss.go); the endpoints of other kinds it lacks do not exist at all (404).
   */
  readonly enterpriseOnlyKinds: readonly ReplicatedKind[];
}

const MODERN: VersionProfile = {
  name: 'modern',
  nomadVersion: '2.0.5',
  unknownTokenError: 'Permission denied',
  authFailureAnswer: 'permission-denied',
  secretLookup: 'shape-check',
  anonymousPolicyReadsFail: false,
  aclDisabledStatus: 400,
  tokenSelf: 'whoami',
  oneTimeTokens: true,
  policySelfPath: true,
  bootstrapErrorStatus: 400,
  bootstrapSecretSupported: true,
  tokenExpirySupported: true,
  tokenRolesSupported: true,
  tokenListOrder: 'create-index',
  tokenListColumns: ['Name', 'Type', 'Global', 'Accessor ID', 'Expired'],
  tokenKvKeys: [
    'Accessor ID',
    'Secret ID',
    'Name',
    'Type',
    'Global',
    'Create Time',
    'Expiry Time',
    'Create Index',
    'Modify Index',
    'Policies',
    'Roles',
  ],
  tokenJsonFields: [
    'AccessorID',
    'SecretID',
    'Name',
    'Type',
    'Policies',
    'Roles',
    'Global',
    'Hash',
    'CreateTime',
    'ExpirationTime',
    'ExpirationTTL',
    'CreateIndex',
    'ModifyIndex',
  ],
  tokenStubJsonFields: [
    'AccessorID',
    'Name',
    'Type',
    'Policies',
    'Roles',
    'Global',
    'Hash',
    'CreateTime',
    'ExpirationTime',
    'CreateIndex',
    'ModifyIndex',
  ],
  tokenJsonMarshaler: true,
  aclWriteErrorsCoded: true,
  invalidPolicyStatus: 400,
  strictPolicyKeys: true,
  policyInfoLayout: 'kv-then-rules-section',
  bodyDecodeErrorStatus: 400,
  serverMembersColumns: [
    'Name',
    'Address',
    'Port',
    'Status',
    'Leader',
    'Raft Version',
    'Build',
    'Datacenter',
    'Region',
  ],
  replicatedKinds: [
    'policies',
    'tokens',
    'roles',
    'auth-methods',
    'binding-rules',
    'namespaces',
    'node-pools',
  ],
  enterpriseOnlyKinds: [],
};

const V1_0: VersionProfile = {
  name: 'v1.0',
  nomadVersion: '1.0.4',
  unknownTokenError: 'ACL token not found',
  authFailureAnswer: 'resolve-error',
  secretLookup: 'uuid-index',
  anonymousPolicyReadsFail: false,
  aclDisabledStatus: 400,
  tokenSelf: 'resolve-token',
  oneTimeTokens: false,
  policySelfPath: false,
  bootstrapErrorStatus: 400,
  bootstrapSecretSupported: false,
  tokenExpirySupported: false,
  tokenRolesSupported: false,
  tokenListOrder: 'accessor-id',
  tokenListColumns: ['Name', 'Type', 'Global', 'Accessor ID'],
  tokenKvKeys: [
    'Accessor ID',
    'Secret ID',
    'Name',
    'Type',
    'Global',
    'Policies',
    'Create Time',
    'Create Index',
    'Modify Index',
  ],
  tokenJsonFields: [
    'AccessorID',
    'SecretID',
    'Name',
    'Type',
    'Policies',
    'Global',
    'Hash',
    'CreateTime',
    'CreateIndex',
    'ModifyIndex',
  ],
  tokenStubJsonFields: [
    'AccessorID',
    'Name',
    'Type',
    'Policies',
    'Global',
    'Hash',
    'CreateTime',
    'CreateIndex',
    'ModifyIndex',
  ],
  tokenJsonMarshaler: false,
  aclWriteErrorsCoded: true,
  invalidPolicyStatus: 404,
  strictPolicyKeys: false,
  policyInfoLayout: 'single-kv',
  bodyDecodeErrorStatus: 500,
  serverMembersColumns: [
    'Name',
    'Address',
    'Port',
    'Status',
    'Leader',
    'Protocol',
    'Build',
    'Datacenter',
    'Region',
  ],
  replicatedKinds: ['policies', 'tokens', 'namespaces'],
  enterpriseOnlyKinds: [],
};

/**
 * Nomad 0.9.7: as 1.0.4 but for the refusals that were still plain Go errors (coded errors came
 * in 0.10/0.11): bootstrap refusals and `ACL support disabled` answer 500 (spec §1.4, §3.2), and
 * an invalid policy 500 (spec §5.2, <= 0.10), the other write refusals too; and anonymous
 * policy reads fail (fixed in 0.10.2); no namespaces in the open-source edition.
 */
const TUTORIAL: VersionProfile = {
  ...V1_0,
  name: 'tutorial',
  nomadVersion: '0.9.7',
  aclDisabledStatus: 500,
  bootstrapErrorStatus: 500,
  invalidPolicyStatus: 500,
  aclWriteErrorsCoded: false,
  anonymousPolicyReadsFail: true,
  // Namespaces came to open-source Nomad in 1.0 (Enterprise only before): 0.9's leader
  // replicates policies and tokens only.
  replicatedKinds: ['policies', 'tokens'],
  enterpriseOnlyKinds: ['namespaces'],
};

/** The profile table: one row per version, every field filled. */
export const PROFILES: Readonly<Record<ProfileName, VersionProfile>> = Object.freeze({
  modern: deepFreeze(MODERN),
  tutorial: deepFreeze(TUTORIAL),
  'v1.0': deepFreeze(V1_0),
});

/** Freezes a profile row and its column lists, so no layer can change the table at run time. */
function deepFreeze(profile: VersionProfile): VersionProfile {
  for (const value of Object.values(profile)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(profile);
}

/**
 * Whether objects of `kind` exist in the profile's Nomad version (its endpoints, commands and
 * replication loop): the kinds it replicates are exactly the federated object kinds it has.
 */
export function profileHasKind(profile: VersionProfile, kind: ReplicatedKind): boolean {
  return profile.replicatedKinds.includes(kind);
}

/** Looks a profile up by name. */
export function getProfile(name: ProfileName): VersionProfile {
  return PROFILES[name];
}
