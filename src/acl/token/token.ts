/**
 * The ACL token object (spec §4.1), its list stub, the built-in anonymous and "ACLs disabled"
 * tokens (spec §2.1, §1.4) and the bootstrap token (spec §3.2 step 6).
 *
 * Representation choices (plain data, msgpackr- and JSON-friendly):
 * - `Hash` is a base64 string (see hash.ts);
 * - `CreateTime` / `ExpirationTime` are virtual milliseconds, mapped onto the simulated epoch by
 *   token-time.ts for display; `ExpirationTime` is `null` when the token never expires;
 * - `ExpirationTTL` is a duration in milliseconds, 0 when none was given;
 * - `Roles` holds role links; stored links carry the role ID only (Name is emptied, as Nomad does).
 * Stored tokens are frozen: readers may share them but not change them.
 */
import type { IdSource } from '../../sim/ids.js';
import { tokenHash } from '../hash.js';
import { GO_ZERO_TIME } from './time.js';

/** `client` or `management` (Nomad's `ACLClientToken`, `ACLManagementToken`). */
export type TokenType = 'client' | 'management';

export const CLIENT_TOKEN: TokenType = 'client';
export const MANAGEMENT_TOKEN: TokenType = 'management';

/** A token's link to an ACL role (1.4+). */
export interface RoleLink {
  readonly ID: string;
  readonly Name: string;
}

/** A stored ACL token. */
export interface AclToken {
  readonly AccessorID: string;
  readonly SecretID: string;
  readonly Name: string;
  readonly Type: TokenType;
  readonly Policies: readonly string[];
  readonly Roles: readonly RoleLink[];
  readonly Global: boolean;
  readonly Hash: string;
  /** Virtual ms (see token-time.ts). */
  readonly CreateTime: number;
  /** Virtual ms, or `null` for no expiry. */
  readonly ExpirationTime: number | null;
  /** Milliseconds; 0 when no TTL was given at creation. */
  readonly ExpirationTTL: number;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** A token as listed (`ACLTokenListStub`): everything but `SecretID` and `ExpirationTTL`. */
export type AclTokenStub = Omit<AclToken, 'SecretID' | 'ExpirationTTL'>;

/** Longest token name Nomad accepts, in bytes. */
export const MAX_TOKEN_NAME_LENGTH = 256;

/** Name of the bootstrap token. */
export const BOOTSTRAP_TOKEN_NAME = 'Bootstrap Token';

/** Name of the policy whose rights anonymous callers get. */
export const ANONYMOUS_POLICY_NAME = 'anonymous';

/** The token anonymous requests (empty secret) run as. */
export const ANONYMOUS_TOKEN: AclToken = freezeToken({
  AccessorID: 'anonymous',
  SecretID: '',
  Name: 'Anonymous Token',
  Type: 'client',
  Policies: [ANONYMOUS_POLICY_NAME],
  Roles: [],
  Global: false,
  Hash: '',
  CreateTime: GO_ZERO_TIME,
  ExpirationTime: null,
  ExpirationTTL: 0,
  CreateIndex: 0,
  ModifyIndex: 0,
});

/** The synthetic token `token self` returns when ACLs are disabled (HEAD 1.11+ only). */
export const ACLS_DISABLED_TOKEN: AclToken = freezeToken({
  AccessorID: 'acls-disabled',
  SecretID: '',
  Name: 'ACLs disabled token',
  Type: 'client',
  Policies: [],
  Roles: [],
  Global: false,
  Hash: '',
  CreateTime: GO_ZERO_TIME,
  ExpirationTime: null,
  ExpirationTTL: 0,
  CreateIndex: 0,
  ModifyIndex: 0,
});

/** Returns a frozen copy of `token` (arrays and role links copied and frozen too). */
export function freezeToken(token: AclToken): AclToken {
  return Object.freeze({
    ...token,
    Policies: Object.freeze([...token.Policies]),
    Roles: Object.freeze(token.Roles.map((r) => Object.freeze({ ID: r.ID, Name: r.Name }))),
  });
}

/** The list stub of a token (drops SecretID and ExpirationTTL). */
export function tokenStub(token: AclToken): AclTokenStub {
  const { SecretID: _secret, ExpirationTTL: _ttl, ...stub } = token;
  return stub;
}

/** True when the token has an expiry strictly before `now` (Nomad's `IsExpired`). */
export function isTokenExpired(token: AclToken, now: number): boolean {
  return token.ExpirationTime !== null && token.ExpirationTime < now;
}

/** The same token with its hash recomputed from the hashed fields. */
export function withHash(token: AclToken): AclToken {
  return { ...token, Hash: tokenHash(token) };
}

/**
 * A fresh bootstrap token (spec §3.2 step 6): new AccessorID and SecretID drawn from `ids` in
 * that order (both are drawn even when `secret` replaces the SecretID, as Nomad does), name
 * `Bootstrap Token`, management, global, created at `now`, no policies, no expiry, hashed.
 * Indexes are 0 until the state machine stores it.
 */
export function newBootstrapToken(ids: IdSource, now: number, secret?: string): AclToken {
  const accessor = ids();
  const generatedSecret = ids();
  return withHash({
    AccessorID: accessor,
    SecretID: secret !== undefined && secret !== '' ? secret : generatedSecret,
    Name: BOOTSTRAP_TOKEN_NAME,
    Type: MANAGEMENT_TOKEN,
    Policies: [],
    Roles: [],
    Global: true,
    Hash: '',
    CreateTime: now,
    ExpirationTime: null,
    ExpirationTTL: 0,
    CreateIndex: 0,
    ModifyIndex: 0,
  });
}
