/**
 * Authentication on the server that executes a request: the caller's secret is resolved against
 * THIS server's ACL tables (spec §2.3), so a token another region has not replicated yet is
 * unknown here. Returns the caller's identity and compiled ACL, or Nomad's refusal; `refusal`
 * words the answer of an endpoint that turns the caller away, as the profile's Nomad does.
 */
import {
  permissionDenied,
  resolveToken,
  type ResolvedIdentity,
  type NomadError,
} from '../acl/index.js';
import type { EndpointContext } from './context.js';

export type AuthResult =
  | { ok: true; identity: ResolvedIdentity }
  | { ok: false; error: NomadError };

export function authenticate(ctx: EndpointContext, secret: string): AuthResult {
  const fsm = ctx.server.fsm;
  if (fsm === null) return { ok: false, error: { status: 500, message: 'server shutting down' } };
  const result = resolveToken(secret.trim(), fsm.acl, {
    aclsEnabled: ctx.server.settings?.aclEnabled ?? false,
    profile: ctx.profile,
    now: ctx.cluster.sim.now,
    cache: ctx.server.aclCache,
    bugs: ctx.server.env.bugs,
  });
  if (!result.ok) return { ok: false, error: result.error };
  return { ok: true, identity: result.value };
}

/**
 * What an endpoint answers when it turns the caller away: `Permission denied` (403) when the
 * caller is known but lacks the right, and, when the secret did not resolve, what the profile's
 * Nomad answers (`VersionProfile.authFailureAnswer`): `Permission denied` since 1.5
 * (`Authenticate`), the resolution error itself before (`ACL token not found`, 403).
 */
export function refusal(ctx: EndpointContext, auth: AuthResult): NomadError {
  if (!auth.ok && ctx.profile.authFailureAnswer === 'resolve-error') return auth.error;
  return permissionDenied();
}
