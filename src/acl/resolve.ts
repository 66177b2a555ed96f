/**
 * Token resolution on a server (spec §2.2, §4.7): a request's secret -> the token it stands for and
 * the compiled ACL that decides what it may do, against this server's own ACL tables.
 *
 * Order (HEAD, `Authenticate`/`resolveSecretToken`):
 *   1. ACLs disabled -> the synthetic `acls-disabled` token with the allow-all ACL;
 *   2. empty secret -> the anonymous token; its ACL comes from the policy literally named
 *      `anonymous` when it exists (else it grants nothing);
 *   3. not UUID-shaped, or not found -> the profile's `unknownTokenError` (`Permission denied`
 *      modern, `ACL token not found` before 1.5), 403 both; before 1.5 the secret went straight
 *      into go-memdb's UUID index, so one that does not parse fails with the plain error
 *      `acl token lookup failed: index error: ...` (500) instead (./token/secret-index.ts);
 *   4. expired -> `ACL token expired`, a plain error (500 where an endpoint returns it as it is,
 *      as `token self` does in 2.0.5; most endpoints answer `Permission denied` instead);
 *   5. management -> the management ACL;
 *   6. client -> its existing policies compiled together, each parsed in lenient mode: the
 *      token's own policies, then those of its roles (1.4+; `resolveACLFromToken`), each name
 *      once. Missing roles and missing policy names are skipped: they grant nothing.
 * Compiled ACLs can be shared through an `AclCache` keyed by the policies' hashes, as Nomad's
 * server-side cache (size 512) does.
 */
import { compileAcl } from './eval/compile.js';
import type { Acl } from './eval/acl.js';
import { aclsDisabledAcl, managementAcl } from './eval/acl.js';
import type { AclPolicy } from './policy/stored-policy.js';
import type { NomadError } from './errors.js';
import { ACL_TOKEN_EXPIRED, nomadError, plainError } from './errors.js';
import { isUuid } from '../sim/ids.js';
import { parseSecretIndexKey, secretLookupError } from './token/secret-index.js';
import { parsePolicy } from './policy/parse.js';
import { PolicyParseError } from './policy/errors.js';
import type { NamedPolicy } from './policy/types.js';
import type { VersionProfile } from '../version/profile.js';
import type { AclToken } from './token/token.js';
import { ACLS_DISABLED_TOKEN, ANONYMOUS_TOKEN, isTokenExpired } from './token/token.js';
import type { SeededBugs } from '../sim/seeded-bugs.js';
import type { AclRole } from './role/role.js';
import { tokenPolicyNames } from './role/token-policies.js';

/** What resolution needs from the ACL tables. */
export interface ResolveLookup {
  tokenBySecret(secretId: string): AclToken | null;
  policyByName(name: string): AclPolicy | null;
  /** Roles by ID; a lookup without roles (tables of an older version) grants nothing through them. */
  roleById?(id: string): AclRole | null;
}

/** Who the caller is and what they may do. */
export interface ResolvedIdentity {
  readonly token: AclToken;
  readonly acl: Acl;
}

/** Why resolution failed, for endpoints that word the refusal themselves. */
export type ResolveFailureReason = 'unknown-token' | 'expired-token' | 'invalid-policy';

export type ResolveResult =
  | { readonly ok: true; readonly value: ResolvedIdentity }
  | { readonly ok: false; readonly error: NomadError; readonly reason: ResolveFailureReason };

export interface ResolveOptions {
  /** The server's `acl.enabled`. */
  readonly aclsEnabled: boolean;
  readonly profile: VersionProfile;
  /** Virtual ms, for expiry. */
  readonly now: number;
  readonly cache?: AclCache | undefined;
  /** Seeded bugs (tests only); resolution reads `expiredTokenStillValid`. */
  readonly bugs?: SeededBugs | undefined;
}

/** Resolves `secret` (already trimmed from `X-Nomad-Token`/`Authorization`) against `tables`. */
export function resolveToken(
  secret: string,
  tables: ResolveLookup,
  options: ResolveOptions,
): ResolveResult {
  if (!options.aclsEnabled) return resolved(ACLS_DISABLED_TOKEN, aclsDisabledAcl());
  if (secret === '') return compileFor(ANONYMOUS_TOKEN, tables, options);
  let token: AclToken | null;
  if (options.profile.secretLookup === 'uuid-index') {
    const key = parseSecretIndexKey(secret);
    if (key.problem !== null)
      return {
        ok: false,
        error: plainError(secretLookupError(key.problem)),
        reason: 'unknown-token',
      };
    token = key.canonical === null ? null : tables.tokenBySecret(key.canonical);
  } else token = isUuid(secret) ? tables.tokenBySecret(secret) : null;
  if (token === null)
    return {
      ok: false,
      error: nomadError(403, options.profile.unknownTokenError),
      reason: 'unknown-token',
    };
  if (isTokenExpired(token, options.now) && options.bugs?.expiredTokenStillValid !== true)
    return { ok: false, error: plainError(ACL_TOKEN_EXPIRED), reason: 'expired-token' };
  if (token.Type === 'management') return resolved(token, managementAcl());
  return compileFor(token, tables, options);
}

function resolved(token: AclToken, acl: Acl): ResolveResult {
  return { ok: true, value: { token, acl } };
}

/** Compiles the client token's existing policies (lenient parse), through the cache if given. */
function compileFor(
  token: AclToken,
  tables: ResolveLookup,
  options: ResolveOptions,
): ResolveResult {
  const policies = tokenPolicyNames(token, tables)
    .map((name) => tables.policyByName(name))
    .filter((p): p is AclPolicy => p !== null);
  const key = `${options.profile.name}:${policies.map((p) => p.Hash).join(',')}`;
  const cached = options.cache?.get(key);
  if (cached !== undefined) return resolved(token, cached);
  const parsed: NamedPolicy[] = [];
  for (const policy of policies) {
    try {
      parsed.push({
        name: policy.Name,
        policy: parsePolicy(policy.Rules, { strict: false, profile: options.profile.name }),
      });
    } catch (error) {
      if (!(error instanceof PolicyParseError)) throw error;
      return {
        ok: false,
        error: plainError(`failed to parse ${JSON.stringify(policy.Name)}: ${error.message}`),
        reason: 'invalid-policy',
      };
    }
  }
  const acl = compileAcl(parsed);
  options.cache?.set(key, acl);
  return resolved(token, acl);
}

/** Nomad's server ACL cache size (`nomad/auth/auth.go: aclCacheSize`). */
export const ACL_CACHE_SIZE = 512;

/** A small least-recently-used cache of compiled ACLs keyed by the policy hashes they came from. */
export class AclCache {
  private readonly entries = new Map<string, Acl>();
  constructor(private readonly capacity = ACL_CACHE_SIZE) {}

  get(key: string): Acl | undefined {
    const acl = this.entries.get(key);
    if (acl !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, acl);
    }
    return acl;
  }

  set(key: string, acl: Acl): void {
    this.entries.delete(key);
    this.entries.set(key, acl);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
