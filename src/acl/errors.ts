/**
 * Coded errors as values. Nomad's expected refusals (bootstrap already done, permission denied,
 * invalid token, ...) travel as `NomadError` values carrying the HTTP status and the exact text
 * of docs/nomad-acl-spec.md, never as exceptions (docs/architecture.md principle 6). Programmer errors (broken
 * invariants) still throw.
 *
 * Also home of Go's `hashicorp/go-multierror` text format, which several validation errors use.
 */

/** An error Nomad returns to the caller: HTTP `status` and the plain-text body `message`. */
export interface NomadError {
  readonly status: number;
  readonly message: string;
}

/** Either a value or a coded error. Check `ok` before reading `value`/`error`. */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: NomadError };

/** Wraps a success value. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps a refusal. */
export function fail<T = never>(error: NomadError): Result<T> {
  return { ok: false, error };
}

/** Builds a coded error (Nomad's `NewErrRPCCoded`). */
export function nomadError(status: number, message: string): NomadError {
  return { status, message };
}

/** 400 with `message`: the usual "bad request" coded error. */
export function badRequest(message: string): NomadError {
  return nomadError(400, message);
}

/**
 * A plain (uncoded) Go error: the HTTP layer answers 403 when the text ends with
 * `Permission denied` or `ACL token not found`, else 500 (spec §9).
 */
export function plainError(message: string): NomadError {
  const forbidden = message.endsWith(PERMISSION_DENIED) || message.endsWith(ACL_TOKEN_NOT_FOUND);
  return nomadError(forbidden ? 403 : 500, message);
}

export const PERMISSION_DENIED = 'Permission denied';
export const ACL_TOKEN_NOT_FOUND = 'ACL token not found';
export const ACL_TOKEN_EXPIRED = 'ACL token expired';
export const ACL_SUPPORT_DISABLED = 'ACL support disabled';
export const ACL_POLICY_NOT_FOUND = 'ACL policy not found';
export const INVALID_ACL_TOKEN = 'invalid acl token';
export const NO_TOKENS_GIVEN = 'must specify as least one token'; // [sic], Nomad's text
export const NO_POLICIES_GIVEN = 'must specify as least one policy'; // [sic], Nomad's text
export const MIXED_GLOBAL_UPSERT = 'cannot upsert mixed global and non-global tokens';
export const MIXED_GLOBAL_DELETE = 'cannot delete mixed global and non-global tokens';

/** 403 `Permission denied`. */
export function permissionDenied(): NomadError {
  return nomadError(403, PERMISSION_DENIED);
}

/** 400 `ACL support disabled` (status varies per profile; see `VersionProfile.aclDisabledStatus`). */
export function aclDisabled(status = 400): NomadError {
  return nomadError(status, ACL_SUPPORT_DISABLED);
}

/**
 * Go multierror text: `1 error occurred:\n\t* msg\n\n`, or `N errors occurred:` followed by one
 * `\t* msg` line per error, then a blank line.
 */
export function formatMultiError(messages: readonly string[]): string {
  if (messages.length === 0) throw new Error('formatMultiError needs at least one message');
  const head = messages.length === 1 ? '1 error occurred:' : `${messages.length} errors occurred:`;
  const lines = messages.map((m) => `\t* ${m}`).join('\n');
  return `${head}\n${lines}\n\n`;
}
