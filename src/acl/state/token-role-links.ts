/**
 * Token role links as reads return them (Nomad's `fixTokenRoleLinks`): a stored token keeps the
 * role IDs it was written with (names emptied, spec §4.4), and every read fills in each role's
 * current name and leaves out links to roles that no longer exist. The stored token, and so its
 * hash, is unchanged; a role deleted and never re-created simply stops appearing.
 */
import type { AclRole } from '../role/role.js';
import type { AclToken, RoleLink } from '../token/token.js';
import { freezeToken } from '../token/token.js';

/** Finds roles by ID. */
export interface RoleByIdLookup {
  roleById(id: string): AclRole | null;
}

/** `token` with its role links fixed; the same object when they already read as stored. */
export function withRoleLinksFixed(token: AclToken, roles: RoleByIdLookup): AclToken {
  const links: RoleLink[] = [];
  let changed = false;
  for (const link of token.Roles) {
    const role = roles.roleById(link.ID);
    if (role === null) {
      changed = true;
      continue;
    }
    if (role.Name !== link.Name) changed = true;
    links.push({ ID: link.ID, Name: role.Name });
  }
  return changed ? freezeToken({ ...token, Roles: links }) : token;
}
