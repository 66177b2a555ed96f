/**
 * The ACL auth method object (Nomad 1.5+, `structs.ACLAuthMethod`): how `nomad login` turns an
 * identity from an OIDC provider or a JWT into a Nomad token. Fields: `Name`
 * (`^[a-zA-Z0-9-]{1,128}$`), `Type` (`OIDC` or `JWT`), `TokenLocality` (`local` or `global`: the
 * kind of token a login makes), `TokenNameFormat`, `MaxTokenTTL`, `Default` (used when a login
 * names no method), `Config` (the provider settings), `Hash`, `CreateTime`, `ModifyTime`,
 * `CreateIndex`, `ModifyIndex`. The list stub (`ACLAuthMethodListStub`) keeps Name, Type,
 * Default, Hash and the indexes.
 *
 * The simulator stores and replicates auth methods but performs no login: `Config` is kept as the
 * JSON text the client sent (compact), checked only for being an object. Times are virtual ms.
 */
import { contentHash } from '../hash.js';
import { formatGoDuration } from '../../go/duration.js';

/** A stored auth method. */
export interface AclAuthMethod {
  readonly Name: string;
  readonly Type: string;
  readonly TokenLocality: string;
  readonly TokenNameFormat: string;
  /** Milliseconds. */
  readonly MaxTokenTTL: number;
  readonly Default: boolean;
  /** The provider configuration as compact JSON text, or null when none was given. */
  readonly Config: string | null;
  readonly Hash: string;
  /** Virtual ms. */
  readonly CreateTime: number;
  /** Virtual ms. */
  readonly ModifyTime: number;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** An auth method as listed. */
export type AclAuthMethodStub = Pick<
  AclAuthMethod,
  'Name' | 'Type' | 'Default' | 'Hash' | 'CreateIndex' | 'ModifyIndex'
>;

/** An auth method as a client sends it (zero values for what it leaves out). */
export interface AclAuthMethodInput {
  readonly Name: string;
  readonly Type: string;
  readonly TokenLocality: string;
  readonly TokenNameFormat: string;
  readonly MaxTokenTTL: number;
  readonly Default: boolean;
  readonly Config: string | null;
}

/** Nomad's `ValidACLAuthMethod`. */
export const AUTH_METHOD_NAME_PATTERN = /^[a-zA-Z0-9-]{1,128}$/;

export const AUTH_METHOD_TYPES: readonly string[] = ['OIDC', 'JWT'];
export const TOKEN_LOCALITIES: readonly string[] = ['local', 'global'];

/** The token name format a method gets when none is given. */
export const DEFAULT_TOKEN_NAME_FORMAT = '${auth_method_type}-${auth_method_name}';

/**
 * Nomad's `ACLAuthMethod.Validate(minTTL, maxTTL)`: every problem in Nomad's order (empty when
 * valid). `minTtl`/`maxTtl` are the server's token expiration bounds, in ms.
 */
export function validateAuthMethod(
  method: AclAuthMethodInput,
  minTtl: number,
  maxTtl: number,
): string[] {
  const problems: string[] = [];
  if (!AUTH_METHOD_NAME_PATTERN.test(method.Name)) problems.push(`invalid name '${method.Name}'`);
  if (!TOKEN_LOCALITIES.includes(method.TokenLocality))
    problems.push(`invalid token locality '${method.TokenLocality}'`);
  if (!AUTH_METHOD_TYPES.includes(method.Type))
    problems.push(`invalid token type '${method.Type}'`);
  if (minTtl > method.MaxTokenTTL || method.MaxTokenTTL > maxTtl)
    problems.push(
      `invalid MaxTokenTTL value '${formatGoDuration(method.MaxTokenTTL)}' (should be between ${formatGoDuration(minTtl)} and ${formatGoDuration(maxTtl)})`,
    );
  return problems;
}

/** The auth method hash (`ACLAuthMethod.SetHash`) over its settings. */
export function authMethodHash(method: AclAuthMethodInput): string {
  return contentHash([
    method.Name,
    method.Type,
    method.TokenLocality,
    method.TokenNameFormat,
    String(method.MaxTokenTTL),
    String(method.Default),
    method.Config ?? '',
  ]);
}

/** The list stub of an auth method. */
export function authMethodStub(method: AclAuthMethod): AclAuthMethodStub {
  const { Name, Type, Default, Hash, CreateIndex, ModifyIndex } = method;
  return { Name, Type, Default, Hash, CreateIndex, ModifyIndex };
}
