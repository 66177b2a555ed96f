/**
 * The ACL role object (Nomad 1.4+, `structs.ACLRole`): a named set of policy links that tokens
 * link to by ID, so that many tokens can share one list of policies. Fields: `ID` (UUID, made by
 * the endpoint on create), `Name` (`^[a-zA-Z0-9-]{1,128}$`), `Description` (at most 256 bytes),
 * `Policies` (links by policy name), `Hash`, `CreateIndex`, `ModifyIndex`. The list stub
 * (`ACLRoleListStub`) carries the same fields.
 *
 * A role may link to policies that no longer exist (or, in a replicated copy, not yet): they are
 * skipped when a token is resolved, as Nomad skips them. Stored roles are frozen.
 */
import { contentHash } from '../hash.js';
import type { IdSource } from '../../sim/ids.js';

/** A role's link to a policy, by name (`ACLRolePolicyLink`). */
export interface RolePolicyLink {
  readonly Name: string;
}

/** A stored ACL role. */
export interface AclRole {
  readonly ID: string;
  readonly Name: string;
  readonly Description: string;
  readonly Policies: readonly RolePolicyLink[];
  /** Base64 digest of Name, Description and each linked policy name. */
  readonly Hash: string;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** A role as listed (`ACLRoleListStub`): every field of the role. */
export type AclRoleStub = AclRole;

/** A role as a client sends it: no ID on create, the role's ID on update. */
export interface AclRoleInput {
  readonly ID?: string | undefined;
  readonly Name: string;
  readonly Description?: string | undefined;
  readonly Policies: readonly RolePolicyLink[] | null;
}

/** Nomad's `ValidACLRoleName`. */
export const ROLE_NAME_PATTERN = /^[a-zA-Z0-9-]{1,128}$/;

/** Longest role description Nomad accepts, in bytes (`maxACLRoleDescriptionLength`). */
export const MAX_ROLE_DESCRIPTION_LENGTH = 256;

const utf8 = new TextEncoder();

/**
 * Nomad's `ACLRole.Validate`: every problem in Nomad's order (empty when valid): `invalid name
 * '<n>'`, `description longer than 256`, `at least one policy should be specified`.
 */
export function validateRole(input: AclRoleInput): string[] {
  const problems: string[] = [];
  if (!ROLE_NAME_PATTERN.test(input.Name)) problems.push(`invalid name '${input.Name}'`);
  if (utf8.encode(input.Description ?? '').length > MAX_ROLE_DESCRIPTION_LENGTH)
    problems.push(`description longer than ${MAX_ROLE_DESCRIPTION_LENGTH}`);
  if ((input.Policies ?? []).length < 1) problems.push('at least one policy should be specified');
  return problems;
}

/** The role hash (`ACLRole.SetHash`): Name, Description, then each linked policy name. */
export function roleHash(role: Pick<AclRole, 'Name' | 'Description' | 'Policies'>): string {
  return contentHash([role.Name, role.Description, ...role.Policies.map((p) => p.Name)]);
}

/**
 * `ACLRole.Canonicalize` then `SetHash`: a role without an ID gets a fresh one from `ids`; the
 * indexes stay 0 until the state machine stores it.
 */
export function canonicalRole(input: AclRoleInput, ids: IdSource): AclRole {
  const id = input.ID !== undefined && input.ID !== '' ? input.ID : ids();
  const base = {
    Name: input.Name,
    Description: input.Description ?? '',
    Policies: (input.Policies ?? []).map((p) => ({ Name: p.Name })),
  };
  return { ID: id, ...base, Hash: roleHash(base), CreateIndex: 0, ModifyIndex: 0 };
}

/** A frozen copy of `role` (its links copied and frozen too). */
export function freezeRole(role: AclRole): AclRole {
  return Object.freeze({
    ...role,
    Policies: Object.freeze(role.Policies.map((p) => Object.freeze({ Name: p.Name }))),
  });
}

/** The policy names a role links to, in link order. */
export function rolePolicyNames(role: AclRole): string[] {
  return role.Policies.map((p) => p.Name);
}
