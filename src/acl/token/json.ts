/**
 * Nomad's JSON rendering of tokens (`ACLToken`, `ACLTokenListStub`; spec §9) for the HTTP layer,
 * with the field set of the chosen version profile (the tutorial era has no Roles/expiry fields).
 *
 * Value rules: `Hash` base64 (null when there is none); `CreateTime` RFC 3339 with nanoseconds in
 * UTC; `ExpirationTime` null when unset; `ExpirationTTL` a Go duration string, `""` when zero
 * (Nomad's `ACLToken.MarshalJSON`; spec §16 notes the HTTP codec was not confirmed to use it);
 * empty `Policies`/`Roles` are `null`, as Go encodes a nil slice.
 */
import { formatGoDuration } from '../../go/duration.js';
import type { VersionProfile } from '../../version/profile.js';
import { formatRfc3339Nano } from './time.js';
import type { AclToken, AclTokenStub } from './token.js';

/** A JSON value as produced here. */
export type TokenJsonValue =
  | string
  | number
  | boolean
  | null
  | readonly string[]
  | readonly { ID: string; Name: string }[];

/** Renders every field a token may have; the profile then picks and orders them. */
function allFields(
  token: AclTokenStub & Partial<Pick<AclToken, 'SecretID' | 'ExpirationTTL'>>,
): Record<string, TokenJsonValue> {
  return {
    AccessorID: token.AccessorID,
    SecretID: token.SecretID ?? '',
    Name: token.Name,
    Type: token.Type,
    Policies: token.Policies.length === 0 ? null : [...token.Policies],
    Roles: token.Roles.length === 0 ? null : token.Roles.map((r) => ({ ID: r.ID, Name: r.Name })),
    Global: token.Global,
    Hash: token.Hash === '' ? null : token.Hash,
    CreateTime: formatRfc3339Nano(token.CreateTime),
    ExpirationTime: token.ExpirationTime === null ? null : formatRfc3339Nano(token.ExpirationTime),
    ExpirationTTL:
      token.ExpirationTTL === undefined || token.ExpirationTTL === 0
        ? ''
        : formatGoDuration(token.ExpirationTTL),
    CreateIndex: token.CreateIndex,
    ModifyIndex: token.ModifyIndex,
  };
}

function pick(
  values: Record<string, TokenJsonValue>,
  fields: readonly string[],
): Record<string, TokenJsonValue> {
  const out: Record<string, TokenJsonValue> = {};
  for (const field of fields) out[field] = values[field] ?? null;
  return out;
}

/** Full token JSON object (with SecretID), fields in the profile's order. */
export function tokenToJson(
  token: AclToken,
  profile: VersionProfile,
): Record<string, TokenJsonValue> {
  return pick(allFields(token), profile.tokenJsonFields);
}

/** List stub JSON object (no SecretID, no ExpirationTTL), fields in the profile's order. */
export function tokenStubToJson(
  token: AclTokenStub,
  profile: VersionProfile,
): Record<string, TokenJsonValue> {
  return pick(allFields(token), profile.tokenStubJsonFields);
}
