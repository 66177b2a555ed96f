/**
 * The Raft commands that write ACL roles, auth methods and binding rules (Nomad's
 * `ACLRolesUpsertRequestType`, `ACLRolesDeleteByIDRequestType`, `ACLAuthMethodsUpsertRequestType`,
 * `ACLAuthMethodsDeleteRequestType`, `ACLBindingRulesUpsertRequestType`,
 * `ACLBindingRulesDeleteRequestType`), and their application to the tables. Plain data,
 * discriminated by `type`, applied with the entry's Raft index; the state machine's refusals come
 * back as values.
 */
import type { Result } from '../errors.js';
import { ok } from '../errors.js';
import type { AclRole } from '../role/role.js';
import type { AclAuthMethod } from '../auth-method/auth-method.js';
import type { AclBindingRule } from '../binding-rule/binding-rule.js';
import type { AclObjectTables } from './acl-object-tables.js';
import { assertNever } from '../../sim/assert-never.js';

/** Roles with IDs and hashes (indexes are set on apply). */
export interface AclRoleUpsertCommand {
  readonly type: 'acl.role.upsert';
  readonly roles: readonly AclRole[];
  /** Set by replication: the linked policies may not have arrived yet. */
  readonly allowMissingPolicies: boolean;
}

export interface AclRoleDeleteCommand {
  readonly type: 'acl.role.delete';
  readonly roleIds: readonly string[];
}

export interface AclAuthMethodUpsertCommand {
  readonly type: 'acl.auth-method.upsert';
  readonly authMethods: readonly AclAuthMethod[];
}

export interface AclAuthMethodDeleteCommand {
  readonly type: 'acl.auth-method.delete';
  readonly names: readonly string[];
}

export interface AclBindingRuleUpsertCommand {
  readonly type: 'acl.binding-rule.upsert';
  readonly bindingRules: readonly AclBindingRule[];
  /** Set by replication: the rules' auth methods may not have arrived yet. */
  readonly allowMissingAuthMethods: boolean;
}

export interface AclBindingRuleDeleteCommand {
  readonly type: 'acl.binding-rule.delete';
  readonly ids: readonly string[];
}

export type AclObjectCommand =
  | AclRoleUpsertCommand
  | AclRoleDeleteCommand
  | AclAuthMethodUpsertCommand
  | AclAuthMethodDeleteCommand
  | AclBindingRuleUpsertCommand
  | AclBindingRuleDeleteCommand;

export const ACL_OBJECT_COMMAND_TYPES: readonly AclObjectCommand['type'][] = [
  'acl.role.upsert',
  'acl.role.delete',
  'acl.auth-method.upsert',
  'acl.auth-method.delete',
  'acl.binding-rule.upsert',
  'acl.binding-rule.delete',
];

export function isAclObjectCommand(command: {
  readonly type: string;
}): command is AclObjectCommand {
  return (ACL_OBJECT_COMMAND_TYPES as readonly string[]).includes(command.type);
}

/**
 * Applies `command` committed at `index`. `policyExists` answers for the policies of the same
 * state machine (role upserts check their links unless replication allows missing ones).
 */
export function applyAclObjectCommand(
  tables: AclObjectTables,
  index: number,
  command: AclObjectCommand,
  policyExists: (name: string) => boolean,
): Result<{ index: number }> {
  const done = (result: Result<null>): Result<{ index: number }> =>
    result.ok ? ok({ index }) : result;
  switch (command.type) {
    case 'acl.role.upsert':
      return done(
        tables.upsertRoles(index, command.roles, {
          allowMissingPolicies: command.allowMissingPolicies,
          policyExists,
        }),
      );
    case 'acl.role.delete':
      return done(tables.deleteRoles(index, command.roleIds));
    case 'acl.auth-method.upsert':
      return done(tables.upsertAuthMethods(index, command.authMethods));
    case 'acl.auth-method.delete':
      return done(tables.deleteAuthMethods(index, command.names));
    case 'acl.binding-rule.upsert':
      return done(
        tables.upsertBindingRules(index, command.bindingRules, command.allowMissingAuthMethods),
      );
    case 'acl.binding-rule.delete':
      return done(tables.deleteBindingRules(index, command.ids));
    default:
      return assertNever(command, 'ACL object command');
  }
}
