/**
 * The endpoint-side rules of token writes (spec §4.4 `UpsertTokens`, §4.5 `DeleteTokens`), as pure
 * functions over a read view of the ACL tables. The API layer runs them in Nomad's order around
 * its own steps (ACL-enabled check, forwarding, management check):
 *
 *   upsert: checkTokenUpsertRequest -> [forward, management check] -> prepareTokenUpsert -> Raft
 *   delete: checkTokenDeleteRequest -> [forward, management check] -> checkTokenDeleteTargets -> Raft
 *
 * Refusals are coded error values with Nomad's exact texts.
 */
import type { IdSource } from '../../sim/ids.js';
import { isUuid } from '../../sim/ids.js';
import type { Result } from '../errors.js';
import {
  badRequest,
  fail,
  formatMultiError,
  MIXED_GLOBAL_DELETE,
  MIXED_GLOBAL_UPSERT,
  NO_TOKENS_GIVEN,
  ok,
} from '../errors.js';
import type { VersionProfile } from '../../version/profile.js';
import type { AclToken, RoleLink } from './token.js';
import { withHash } from './token.js';
import type { AclTokenInput, CanonicalToken, TokenTtlBounds } from './validate.js';
import {
  asTokenType,
  canonicalizeToken,
  DEFAULT_TOKEN_TTL_BOUNDS,
  normalizeRoleLinks,
  validateToken,
} from './validate.js';
import { isGoZeroTime } from './time.js';

/** What the token-write rules need to read from a server's ACL state. */
export interface TokenLookup {
  tokenByAccessor(accessorId: string): AclToken | null;
}

/** A role as the token rules need it (roles live outside these tables). */
export interface RoleRef {
  readonly ID: string;
  readonly Name: string;
}

/** Finds roles by ID or by name; absent means "no roles exist". */
export interface RoleLookup {
  roleById(id: string): RoleRef | null;
  roleByName(name: string): RoleRef | null;
}

/**
 * First checks of `UpsertTokens`, before forwarding: at least one token, and no mix of global and
 * local tokens. On success tells whether the request is global (-> authoritative region).
 */
export function checkTokenUpsertRequest(
  tokens: readonly AclTokenInput[],
): Result<{ global: boolean }> {
  if (tokens.length === 0) return fail(badRequest(NO_TOKENS_GIVEN));
  const globalCount = tokens.filter((t) => t.Global === true).length;
  if (globalCount > 0 && globalCount !== tokens.length)
    return fail(badRequest(MIXED_GLOBAL_UPSERT));
  return ok({ global: globalCount > 0 });
}

/** Inputs of `prepareTokenUpsert`. */
export interface TokenUpsertContext {
  readonly state: TokenLookup;
  readonly profile: VersionProfile;
  /** Virtual ms, becomes CreateTime of new tokens. */
  readonly now: number;
  readonly ids: IdSource;
  readonly bounds?: TokenTtlBounds | undefined;
  readonly roles?: RoleLookup | undefined;
}

/**
 * Per-token rules of `UpsertTokens` on the executing server: unknown AccessorID only as an upload
 * (both ids UUIDs, not management) else `cannot find token <id>`; canonicalize; validate
 * (`token <i> invalid: <multierror>`); resolve role links (`cannot find role <x>`); hash.
 * Returns the tokens to Raft-apply (indexes 0; the state machine sets them).
 * In a profile without expiry/roles (tutorial) those request fields are ignored, as Nomad 1.0
 * did not know them.
 */
export function prepareTokenUpsert(
  inputs: readonly AclTokenInput[],
  context: TokenUpsertContext,
): Result<AclToken[]> {
  const prepared: AclToken[] = [];
  for (const [index, raw] of inputs.entries()) {
    const result = prepareOne(index, dropUnsupportedFields(raw, context.profile), context);
    if (!result.ok) return result;
    prepared.push(result.value);
  }
  return ok(prepared);
}

function prepareOne(
  index: number,
  input: AclTokenInput,
  context: TokenUpsertContext,
): Result<AclToken> {
  const accessor = input.AccessorID ?? '';
  const existing = accessor === '' ? null : context.state.tokenByAccessor(accessor);
  if (accessor !== '' && existing === null && !isUploadable(input)) {
    return fail(badRequest(`cannot find token ${accessor}`));
  }
  const isUpload = accessor !== '' && existing === null;
  const uploadWithoutTime =
    isUpload && (input.CreateTime == null || isGoZeroTime(input.CreateTime));
  const token = canonicalizeToken(input, context.ids, context.now, uploadWithoutTime);
  const withRoles = context.profile.tokenRolesSupported;
  const problems = validateToken(
    token,
    context.bounds ?? DEFAULT_TOKEN_TTL_BOUNDS,
    existing,
    withRoles,
  );
  if (problems.length > 0)
    return fail(badRequest(`token ${index} invalid: ${formatMultiError(problems)}`));
  // Before 1.4 the global mode was checked after `Validate()`, on its own.
  if (!withRoles && existing !== null && existing.Global !== token.Global)
    return fail(badRequest('cannot toggle global mode'));
  const roles = resolveRoleLinks(token, context.roles);
  if (!roles.ok) return roles;
  return ok(withHash({ ...token, Type: asTokenType(token.Type), Roles: roles.value }));
}

/** An unknown AccessorID is accepted as an upload only with UUID ids and a non-management type. */
function isUploadable(input: AclTokenInput): boolean {
  return (
    isUuid(input.AccessorID ?? '') && isUuid(input.SecretID ?? '') && input.Type !== 'management'
  );
}

function dropUnsupportedFields(input: AclTokenInput, profile: VersionProfile): AclTokenInput {
  let result: AclTokenInput = input;
  if (!profile.tokenExpirySupported) result = { ...result, ExpirationTime: null, ExpirationTTL: 0 };
  if (!profile.tokenRolesSupported) result = { ...result, Roles: [] };
  return result;
}

/** Role links by name or ID -> stored IDs; the first unknown one is refused. */
function resolveRoleLinks(
  token: CanonicalToken,
  roles: RoleLookup | undefined,
): Result<RoleLink[]> {
  const ids: string[] = [];
  for (const link of token.Roles) {
    const found =
      link.ID === '' ? (roles?.roleByName(link.Name) ?? null) : (roles?.roleById(link.ID) ?? null);
    if (found === null)
      return fail(badRequest(`cannot find role ${link.ID === '' ? link.Name : link.ID}`));
    ids.push(found.ID);
  }
  return ok(normalizeRoleLinks(ids));
}

/** First check of `DeleteTokens`, before forwarding: at least one accessor. */
export function checkTokenDeleteRequest(accessorIds: readonly string[]): Result<null> {
  if (accessorIds.length === 0) return fail(badRequest(NO_TOKENS_GIVEN));
  return ok(null);
}

/**
 * Checks of `DeleteTokens` on the executing server: every accessor must exist
 * (`Cannot delete nonexistent tokens: a, b`), and they must not mix global and local tokens.
 * On success tells whether they are global (-> re-forward to the authoritative region).
 */
export function checkTokenDeleteTargets(
  accessorIds: readonly string[],
  state: TokenLookup,
): Result<{ global: boolean }> {
  const missing: string[] = [];
  let globals = 0;
  for (const id of accessorIds) {
    const token = state.tokenByAccessor(id);
    if (token === null) missing.push(id);
    else if (token.Global) globals += 1;
  }
  if (missing.length > 0)
    return fail(badRequest(`Cannot delete nonexistent tokens: ${missing.join(', ')}`));
  if (globals > 0 && globals !== accessorIds.length) return fail(badRequest(MIXED_GLOBAL_DELETE));
  return ok({ global: globals > 0 });
}
