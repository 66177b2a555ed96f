/**
 * Token creation defaults and validation, as Nomad's `ACLToken.Canonicalize` and
 * `ACLToken.Validate` (spec §4.4). A token request (`AclTokenInput`, what a client sends) is
 * canonicalized into a full token, then validated against the configured TTL bounds and, for an
 * update, against the stored token. Validation messages are collected and rendered as a Go
 * multierror by the caller.
 */
import type { IdSource } from '../../sim/ids.js';
import { formatGoDuration, HOUR, MINUTE } from '../../go/duration.js';
import { isGoZeroTime } from './time.js';
import type { AclToken, RoleLink, TokenType } from './token.js';
import { MAX_TOKEN_NAME_LENGTH } from './token.js';

/** Server default for `token_min_expiration_ttl` (spec §1.1). */
export const DEFAULT_TOKEN_MIN_EXPIRATION_TTL = MINUTE;
/** Server default for `token_max_expiration_ttl` (spec §1.1). */
export const DEFAULT_TOKEN_MAX_EXPIRATION_TTL = 24 * HOUR;

/** Token TTL bounds of a server, in milliseconds. */
export interface TokenTtlBounds {
  readonly minTtl: number;
  readonly maxTtl: number;
}

export const DEFAULT_TOKEN_TTL_BOUNDS: TokenTtlBounds = {
  minTtl: DEFAULT_TOKEN_MIN_EXPIRATION_TTL,
  maxTtl: DEFAULT_TOKEN_MAX_EXPIRATION_TTL,
};

/**
 * A token as a client sends it for create/update. Missing fields take Go's zero values.
 * `Type` is a free string (validated here); times are virtual ms (`null`/absent/Go zero = unset).
 */
export interface AclTokenInput {
  readonly AccessorID?: string | undefined;
  readonly SecretID?: string | undefined;
  readonly Name?: string | undefined;
  readonly Type?: string | undefined;
  readonly Policies?: readonly string[] | null | undefined;
  readonly Roles?:
    | readonly { readonly ID?: string | undefined; readonly Name?: string | undefined }[]
    | null
    | undefined;
  readonly Global?: boolean | undefined;
  readonly CreateTime?: number | null | undefined;
  readonly ExpirationTime?: number | null | undefined;
  /** Milliseconds. */
  readonly ExpirationTTL?: number | undefined;
}

/** A token after canonicalization: like a stored token but `Type` not yet checked. */
export interface CanonicalToken extends Omit<AclToken, 'Type' | 'Roles'> {
  readonly Type: string;
  readonly Roles: readonly { readonly ID: string; readonly Name: string }[];
}

/** True when a time field counts as unset (absent, null, or Go's zero time). */
function isUnsetTime(value: number | null | undefined): boolean {
  return value === undefined || value === null || isGoZeroTime(value);
}

/**
 * Nomad's `Canonicalize`: a request without AccessorID is a creation, so it gets fresh
 * AccessorID + SecretID (drawn in that order), `CreateTime = now` and, when a TTL was given and no
 * expiry time, `ExpirationTime = CreateTime + TTL`. `isUploadWithoutCreateTime` applies the same
 * time defaults to an upload (AccessorID given, unknown to the state) whose CreateTime is unset,
 * keeping its ids.
 */
export function canonicalizeToken(
  input: AclTokenInput,
  ids: IdSource,
  now: number,
  isUploadWithoutCreateTime = false,
): CanonicalToken {
  const base: CanonicalToken = {
    AccessorID: input.AccessorID ?? '',
    SecretID: input.SecretID ?? '',
    Name: input.Name ?? '',
    Type: input.Type ?? '',
    Policies: [...(input.Policies ?? [])],
    Roles: (input.Roles ?? []).map((r) => ({ ID: r.ID ?? '', Name: r.Name ?? '' })),
    Global: input.Global ?? false,
    Hash: '',
    CreateTime: isUnsetTime(input.CreateTime) ? 0 : (input.CreateTime as number),
    ExpirationTime: isUnsetTime(input.ExpirationTime) ? null : (input.ExpirationTime as number),
    ExpirationTTL: input.ExpirationTTL ?? 0,
    CreateIndex: 0,
    ModifyIndex: 0,
  };
  const isCreate = base.AccessorID === '';
  if (!isCreate && !isUploadWithoutCreateTime) return base;
  const accessor = isCreate ? ids() : base.AccessorID;
  const secret = isCreate ? ids() : base.SecretID;
  const expiry =
    base.ExpirationTime === null && base.ExpirationTTL !== 0
      ? now + base.ExpirationTTL
      : base.ExpirationTime;
  return {
    ...base,
    AccessorID: accessor,
    SecretID: secret,
    CreateTime: now,
    ExpirationTime: expiry,
  };
}

/** UTF-8 length in bytes, as Go's `len(string)`. */
function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Nomad's `Validate(minTTL, maxTTL, existing)`: returns every problem found, in Nomad's order
 * (empty when valid). `existing` is the stored token for an update, `null` for a create/upload.
 * `withRoles` false plays Nomad before 1.4, whose `Validate()` only checked the name and the type
 * (texts without "or roles"); its `cannot toggle global mode` was a separate error (./write.ts).
 */
export function validateToken(
  token: CanonicalToken,
  bounds: TokenTtlBounds,
  existing: AclToken | null,
  withRoles = true,
): string[] {
  const problems: string[] = [];
  if (byteLength(token.Name) > MAX_TOKEN_NAME_LENGTH) problems.push('token name too long');
  problems.push(...typeProblems(token, withRoles ? ' or roles' : ''));
  if (!withRoles) return problems;
  if (existing === null) problems.push(...createProblems(token, bounds));
  else problems.push(...updateProblems(token, existing));
  return problems;
}

function typeProblems(token: CanonicalToken, orRoles: string): string[] {
  const linked = token.Policies.length !== 0 || token.Roles.length !== 0;
  switch (token.Type) {
    case 'client':
      return linked ? [] : [`client token missing policies${orRoles}`];
    case 'management':
      return linked ? [`management token cannot be associated with policies${orRoles}`] : [];
    default:
      return ['token type must be client or management'];
  }
}

function createProblems(token: CanonicalToken, bounds: TokenTtlBounds): string[] {
  const problems: string[] = [];
  if (token.ExpirationTTL < 0) {
    problems.push(
      `token expiration TTL '${formatGoDuration(token.ExpirationTTL)}' should not be negative`,
    );
  }
  if (token.ExpirationTime !== null) {
    if (token.CreateTime > token.ExpirationTime)
      problems.push('expiration time cannot be before create time');
    const expiresIn = token.ExpirationTime - token.CreateTime;
    if (expiresIn > bounds.maxTtl) {
      problems.push(
        `expiration time cannot be more than ${formatGoDuration(bounds.maxTtl)} in the future (was ${formatGoDuration(expiresIn)})`,
      );
    } else if (expiresIn < bounds.minTtl) {
      problems.push(
        `expiration time cannot be less than ${formatGoDuration(bounds.minTtl)} in the future (was ${formatGoDuration(expiresIn)})`,
      );
    }
  }
  return problems;
}

function updateProblems(token: CanonicalToken, existing: AclToken): string[] {
  const problems: string[] = [];
  if (existing.Global !== token.Global) problems.push('cannot toggle global mode');
  if (existing.ExpirationTTL !== token.ExpirationTTL) problems.push('cannot update expiration TTL');
  if (existing.ExpirationTime !== token.ExpirationTime)
    problems.push('cannot update expiration time');
  return problems;
}

/** Narrows a validated token's type (validation guarantees `client` or `management`). */
export function asTokenType(type: string): TokenType {
  if (type === 'client' || type === 'management') return type;
  throw new Error(`token type "${type}" was not validated`);
}

/** Stored role links: IDs only, de-duplicated, in first-seen order. */
export function normalizeRoleLinks(ids: readonly string[]): RoleLink[] {
  return [...new Set(ids)].map((ID) => ({ ID, Name: '' }));
}
