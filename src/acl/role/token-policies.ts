/**
 * The policy names a token stands for (Nomad's `resolveACLFromToken` and
 * `policyNamesFromRoleLinks`): its own policies, then the policies of each role it links to, each
 * name once, in that order. A link to a role that does not exist here is skipped; names of
 * policies that do not exist are kept (whoever looks them up skips them).
 */
import type { AclToken } from '../token/token.js';
import type { AclRole } from './role.js';

/** Roles by ID (optional: tables of a version without roles have none). */
export interface TokenRoleLookup {
  roleById?(id: string): AclRole | null;
}

export function tokenPolicyNames(token: AclToken, roles: TokenRoleLookup): string[] {
  if (token.Roles.length === 0 || roles.roleById === undefined) return [...token.Policies];
  const names = new Set(token.Policies);
  for (const link of token.Roles) {
    const role = roles.roleById(link.ID);
    if (role === null) continue;
    for (const policy of role.Policies) names.add(policy.Name);
  }
  return [...names];
}
