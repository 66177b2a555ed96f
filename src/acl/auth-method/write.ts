/**
 * The endpoint-side rules of auth method writes (Nomad's `ACL.UpsertAuthMethods`,
 * `ACL.DeleteAuthMethods`), run on the authoritative region's leader after the ACL-enabled check,
 * the forwarding and the management check. Upsert: at least one method (`must specify as least one
 * auth method` [sic], 400); a method whose name exists is an update and takes the stored type,
 * locality, name format, TTL and config where the request leaves them empty (`Merge`); each must be
 * valid (`auth method <i> invalid: <multierror>`, 400); only one method may be the default (`default
 * method already exists: <name>`, 400); then it gets its times, default token name format and hash.
 * Delete: at least one name (the same text); a name that does not exist is refused by the state
 * machine (`ACL auth method not found`).
 */
import type { Result } from '../errors.js';
import { badRequest, fail, formatMultiError, ok } from '../errors.js';
import type { TokenTtlBounds } from '../token/validate.js';
import { DEFAULT_TOKEN_TTL_BOUNDS } from '../token/validate.js';
import type { AclAuthMethod, AclAuthMethodInput } from './auth-method.js';
import { authMethodHash, DEFAULT_TOKEN_NAME_FORMAT, validateAuthMethod } from './auth-method.js';

/** What the auth method rules read from the ACL tables. */
export interface AuthMethodWriteLookup {
  authMethodByName(name: string): AclAuthMethod | null;
  listAuthMethods(): readonly AclAuthMethod[];
}

export const NO_AUTH_METHODS_GIVEN = 'must specify as least one auth method'; // [sic], Nomad's text

/** Nomad's `ACLAuthMethod.Merge`: the stored values fill what the request leaves empty. */
function merged(input: AclAuthMethodInput, existing: AclAuthMethod | null): AclAuthMethodInput {
  if (existing === null) return input;
  return {
    ...input,
    Type: input.Type === '' ? existing.Type : input.Type,
    TokenLocality: input.TokenLocality === '' ? existing.TokenLocality : input.TokenLocality,
    TokenNameFormat:
      input.TokenNameFormat === '' ? existing.TokenNameFormat : input.TokenNameFormat,
    MaxTokenTTL: input.MaxTokenTTL === 0 ? existing.MaxTokenTTL : input.MaxTokenTTL,
    Config: input.Config ?? existing.Config,
  };
}

/** `UpsertAuthMethods` checks; returns the methods to Raft-apply (indexes 0). */
export function prepareAuthMethodUpsert(
  inputs: readonly AclAuthMethodInput[],
  lookup: AuthMethodWriteLookup,
  now: number,
  bounds: TokenTtlBounds = DEFAULT_TOKEN_TTL_BOUNDS,
): Result<AclAuthMethod[]> {
  if (inputs.length === 0) return fail(badRequest(NO_AUTH_METHODS_GIVEN));
  const prepared: AclAuthMethod[] = [];
  for (const [index, input] of inputs.entries()) {
    const existing = lookup.authMethodByName(input.Name);
    const method = merged(input, existing);
    const problems = validateAuthMethod(method, bounds.minTtl, bounds.maxTtl);
    if (problems.length > 0)
      return fail(badRequest(`auth method ${index} invalid: ${formatMultiError(problems)}`));
    if (method.Default) {
      const other = lookup.listAuthMethods().find((m) => m.Default);
      if (other !== undefined && other.Name !== method.Name)
        return fail(badRequest(`default method already exists: ${other.Name}`));
    }
    const canonical = {
      ...method,
      TokenNameFormat:
        method.TokenNameFormat === '' ? DEFAULT_TOKEN_NAME_FORMAT : method.TokenNameFormat,
    };
    prepared.push({
      ...canonical,
      Hash: authMethodHash(canonical),
      CreateTime: existing?.CreateTime ?? now,
      ModifyTime: now,
      CreateIndex: 0,
      ModifyIndex: 0,
    });
  }
  return ok(prepared);
}

/** `DeleteAuthMethods`' first check: at least one name. */
export function checkAuthMethodDeleteRequest(names: readonly string[]): Result<null> {
  if (names.length === 0) return fail(badRequest(NO_AUTH_METHODS_GIVEN));
  return ok(null);
}
