/**
 * The endpoint-side rules of ACL role writes (Nomad's `ACL.UpsertRoles`), run on the
 * authoritative region's leader after the ACL-enabled check, the forwarding and the management
 * check. Per role, in Nomad's order, each refused as a coded 400: `role <i> invalid: <multierror>`
 * (name, description, at least one policy); without an ID no role may have the name (`role with
 * name <n> already exists`), with one the role must exist (`cannot find role <id>`); every linked
 * policy must exist (`cannot find policy <p>`), unless the caller allows missing policies; the
 * links lose their duplicates; then the role gets its ID and hash. Deletes have no checks of their
 * own: an ID that does not exist is refused by the state machine (`ACL role not found`, a plain
 * error: HTTP 500).
 */
import type { Result } from '../errors.js';
import { badRequest, fail, formatMultiError, ok } from '../errors.js';
import type { IdSource } from '../../sim/ids.js';
import type { AclRole, AclRoleInput, RolePolicyLink } from './role.js';
import { canonicalRole, validateRole } from './role.js';

/** What the role rules read from the ACL tables. */
export interface RoleWriteLookup {
  roleById(id: string): AclRole | null;
  roleByName(name: string): AclRole | null;
  policyByName(name: string): object | null;
}

/** `UpsertRoles` checks; returns the roles to Raft-apply (IDs set, hashed, indexes 0). */
export function prepareRoleUpsert(
  inputs: readonly AclRoleInput[],
  lookup: RoleWriteLookup,
  ids: IdSource,
  allowMissingPolicies = false,
): Result<AclRole[]> {
  const prepared: AclRole[] = [];
  for (const [index, input] of inputs.entries()) {
    const problems = validateRole(input);
    if (problems.length > 0)
      return fail(badRequest(`role ${index} invalid: ${formatMultiError(problems)}`));
    const id = input.ID ?? '';
    if (id === '') {
      if (lookup.roleByName(input.Name) !== null)
        return fail(badRequest(`role with name ${input.Name} already exists`));
    } else if (lookup.roleById(id) === null) return fail(badRequest(`cannot find role ${id}`));
    const links: RolePolicyLink[] = [];
    for (const link of input.Policies ?? []) {
      if (!allowMissingPolicies && lookup.policyByName(link.Name) === null)
        return fail(badRequest(`cannot find policy ${link.Name}`));
      if (!links.some((seen) => seen.Name === link.Name)) links.push({ Name: link.Name });
    }
    prepared.push(canonicalRole({ ...input, Policies: links }, ids));
  }
  return ok(prepared);
}
