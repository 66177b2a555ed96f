/**
 * The ACL objects newer Nomad keeps besides policies and tokens: roles (`acl_roles`, 1.4+), auth
 * methods (`acl_auth_methods`, 1.5+) and binding rules (`acl_binding_rules`, 1.5+), with the rows
 * of the `index` table their writes touch. It mirrors Nomad's state-store functions:
 *
 * - a write is one transaction: any refusal leaves every table as it was;
 * - an upsert keeps the CreateIndex of an existing object (auth methods and binding rules also
 *   its CreateTime); an object whose hash equals the stored one's is not written again, and a
 *   write that changed nothing leaves the table index alone (Nomad spares blocking queries that
 *   wake-up);
 * - roles: unless the caller allows missing policies (replication does, since roles and policies
 *   replicate independently) every linked policy must exist (`ACL policy not found`);
 * - auth methods: only one may be the default (`default ACL auth method for type <t> already
 *   exists: <name>`, reachable only in races with the endpoint's own check);
 * - binding rules: unless the caller allows it (replication does), the rule's auth method must
 *   exist (`ACL binding rule insert failed: ACL auth method not found`);
 * - deletes of an ID or name that does not exist are refused (`ACL role not found`, `ACL auth
 *   method not found`, `ACL binding rule not found`), as plain errors.
 *
 * The state is plain data: `snapshot()` is null while nothing was ever written, so snapshots of a
 * cluster without these objects are what they were before they existed.
 */
import type { Result } from '../errors.js';
import { fail, ok, plainError } from '../errors.js';
import type { AclRole } from '../role/role.js';
import { freezeRole } from '../role/role.js';
import type { AclAuthMethod, AclAuthMethodStub } from '../auth-method/auth-method.js';
import { authMethodStub } from '../auth-method/auth-method.js';
import type { AclBindingRule, AclBindingRuleStub } from '../binding-rule/binding-rule.js';
import { bindingRuleStub } from '../binding-rule/binding-rule.js';
import { KeyedTable } from './keyed-table.js';

/** Rows of the `index` table these objects maintain (Nomad's table names). */
export type AclObjectIndexName = 'acl_roles' | 'acl_auth_methods' | 'acl_binding_rules';

export const ACL_OBJECT_INDEX_NAMES: readonly AclObjectIndexName[] = [
  'acl_roles',
  'acl_auth_methods',
  'acl_binding_rules',
];

export const ACL_ROLE_NOT_FOUND = 'ACL role not found';
export const ACL_AUTH_METHOD_NOT_FOUND = 'ACL auth method not found';
export const ACL_BINDING_RULE_NOT_FOUND = 'ACL binding rule not found';

/** Plain-data image of the tables. */
export interface AclObjectTablesImage {
  readonly format: 'acl-objects/1';
  /** Sorted by ID. */
  readonly roles: readonly AclRole[];
  /** Sorted by name. */
  readonly authMethods: readonly AclAuthMethod[];
  /** Sorted by ID. */
  readonly bindingRules: readonly AclBindingRule[];
  readonly indexes: readonly (readonly [AclObjectIndexName, number])[];
}

/** How a role upsert treats links to policies that do not exist. */
export interface RoleUpsertOptions {
  /** Replication's `AllowMissingPolicies`: accept links to policies not (yet) here. */
  readonly allowMissingPolicies: boolean;
  readonly policyExists: (name: string) => boolean;
}

export class AclObjectTables {
  private readonly roles = new KeyedTable<AclRole>((r) => r.ID, freezeRole);
  private roleIdByName = new Map<string, string>();
  private readonly authMethods = new KeyedTable<AclAuthMethod>((m) => m.Name);
  private readonly bindingRules = new KeyedTable<AclBindingRule>((b) => b.ID);
  private indexes = new Map<AclObjectIndexName, number>();

  // ---- roles ----

  /** Nomad's `UpsertACLRoles`. */
  upsertRoles(index: number, roles: readonly AclRole[], options: RoleUpsertOptions): Result<null> {
    const writes: AclRole[] = [];
    const staged = new Map<string, AclRole>();
    for (const role of roles) {
      if (role.Hash === '') throw new Error(`ACL role "${role.ID}" missing hash`);
      if (!options.allowMissingPolicies)
        for (const link of role.Policies)
          if (!options.policyExists(link.Name)) return fail(plainError('ACL policy not found'));
      const existing = staged.get(role.ID) ?? this.roles.get(role.ID);
      if (existing !== undefined && existing.Hash === role.Hash) continue;
      const stored = { ...role, CreateIndex: existing?.CreateIndex ?? index, ModifyIndex: index };
      staged.set(role.ID, stored);
      writes.push(stored);
    }
    if (writes.length === 0) return ok(null);
    for (const role of writes) {
      const previous = this.roles.get(role.ID);
      if (previous !== undefined && this.roleIdByName.get(previous.Name) === role.ID)
        this.roleIdByName.delete(previous.Name);
      this.roles.set(role);
      this.roleIdByName.set(role.Name, role.ID);
    }
    this.indexes.set('acl_roles', index);
    return ok(null);
  }

  /** Nomad's `DeleteACLRolesByID`: every ID must exist. */
  deleteRoles(index: number, roleIds: readonly string[]): Result<null> {
    for (const id of roleIds) if (!this.roles.has(id)) return fail(plainError(ACL_ROLE_NOT_FOUND));
    for (const id of roleIds) {
      const role = this.roles.get(id);
      if (role === undefined) continue;
      this.roles.delete(id);
      this.roleIdByName.delete(role.Name);
    }
    this.indexes.set('acl_roles', index);
    return ok(null);
  }

  roleById(id: string): AclRole | null {
    return this.roles.get(id) ?? null;
  }

  roleByName(name: string): AclRole | null {
    const id = this.roleIdByName.get(name);
    return id === undefined ? null : (this.roles.get(id) ?? null);
  }

  /** Roles whose ID starts with `prefix`, by ID. */
  listRoles(prefix = ''): AclRole[] {
    return this.roles.list(prefix);
  }

  // ---- auth methods ----

  /** Nomad's `UpsertACLAuthMethods`. */
  upsertAuthMethods(index: number, methods: readonly AclAuthMethod[]): Result<null> {
    for (const method of methods) {
      if (!method.Default) continue;
      const other = this.authMethods.list().find((m) => m.Default);
      if (other !== undefined && other.Name !== method.Name)
        return fail(
          plainError(
            `default ACL auth method for type ${method.Type} already exists: ${other.Name}`,
          ),
        );
    }
    const writes = methods.filter((m) => this.authMethods.get(m.Name)?.Hash !== m.Hash);
    if (writes.length === 0) return ok(null);
    for (const method of writes) {
      const existing = this.authMethods.get(method.Name);
      this.authMethods.set({
        ...method,
        CreateTime: existing?.CreateTime ?? method.CreateTime,
        CreateIndex: existing?.CreateIndex ?? index,
        ModifyIndex: index,
      });
    }
    this.indexes.set('acl_auth_methods', index);
    return ok(null);
  }

  /** Nomad's `DeleteACLAuthMethods`: every name must exist. */
  deleteAuthMethods(index: number, names: readonly string[]): Result<null> {
    for (const name of names)
      if (!this.authMethods.has(name)) return fail(plainError(ACL_AUTH_METHOD_NOT_FOUND));
    for (const name of names) this.authMethods.delete(name);
    this.indexes.set('acl_auth_methods', index);
    return ok(null);
  }

  authMethodByName(name: string): AclAuthMethod | null {
    return this.authMethods.get(name) ?? null;
  }

  /** Auth methods whose name starts with `prefix`, by name. */
  listAuthMethods(prefix = ''): AclAuthMethod[] {
    return this.authMethods.list(prefix);
  }

  listAuthMethodStubs(prefix = ''): AclAuthMethodStub[] {
    return this.listAuthMethods(prefix).map(authMethodStub);
  }

  // ---- binding rules ----

  /** Nomad's `UpsertACLBindingRules`. */
  upsertBindingRules(
    index: number,
    rules: readonly AclBindingRule[],
    allowMissingAuthMethods: boolean,
  ): Result<null> {
    if (!allowMissingAuthMethods)
      for (const rule of rules)
        if (!this.authMethods.has(rule.AuthMethod))
          return fail(plainError('ACL binding rule insert failed: ACL auth method not found'));
    const writes = rules.filter((r) => this.bindingRules.get(r.ID)?.Hash !== r.Hash);
    if (writes.length === 0) return ok(null);
    for (const rule of writes) {
      const existing = this.bindingRules.get(rule.ID);
      this.bindingRules.set({
        ...rule,
        CreateTime: existing?.CreateTime ?? rule.CreateTime,
        CreateIndex: existing?.CreateIndex ?? index,
        ModifyIndex: index,
      });
    }
    this.indexes.set('acl_binding_rules', index);
    return ok(null);
  }

  /** Nomad's `DeleteACLBindingRules`: every ID must exist. */
  deleteBindingRules(index: number, ids: readonly string[]): Result<null> {
    for (const id of ids)
      if (!this.bindingRules.has(id)) return fail(plainError(ACL_BINDING_RULE_NOT_FOUND));
    for (const id of ids) this.bindingRules.delete(id);
    this.indexes.set('acl_binding_rules', index);
    return ok(null);
  }

  bindingRuleById(id: string): AclBindingRule | null {
    return this.bindingRules.get(id) ?? null;
  }

  /** Binding rules whose ID starts with `prefix`, by ID. */
  listBindingRules(prefix = ''): AclBindingRule[] {
    return this.bindingRules.list(prefix);
  }

  listBindingRuleStubs(prefix = ''): AclBindingRuleStub[] {
    return this.listBindingRules(prefix).map(bindingRuleStub);
  }

  // ---- indexes ----

  /** The raw `index` table row; 0 when absent. */
  tableIndex(name: AclObjectIndexName): number {
    return this.indexes.get(name) ?? 0;
  }

  /** The row as list endpoints report it in `X-Nomad-Index`: never below 1. */
  queryIndex(name: AclObjectIndexName): number {
    return Math.max(1, this.tableIndex(name));
  }

  // ---- snapshot ----

  /** A plain-data image, or null while no write ever touched these tables. */
  snapshot(): AclObjectTablesImage | null {
    if (this.indexes.size === 0) return null;
    return {
      format: 'acl-objects/1',
      roles: this.listRoles().map((r) => ({ ...r, Policies: r.Policies.map((p) => ({ ...p })) })),
      authMethods: this.listAuthMethods().map((m) => ({ ...m })),
      bindingRules: this.listBindingRules().map((b) => ({ ...b })),
      indexes: ACL_OBJECT_INDEX_NAMES.flatMap((name) => {
        const value = this.indexes.get(name);
        return value === undefined ? [] : [[name, value] as const];
      }),
    };
  }

  /** Replaces the state with `image` (from `snapshot()`); undefined or null empties it. */
  restore(image: unknown): void {
    this.roles.clear();
    this.roleIdByName = new Map();
    this.authMethods.clear();
    this.bindingRules.clear();
    this.indexes = new Map();
    if (image === undefined || image === null) return;
    const checked = image as Partial<AclObjectTablesImage>;
    if (
      checked.format !== 'acl-objects/1' ||
      !Array.isArray(checked.roles) ||
      !Array.isArray(checked.authMethods) ||
      !Array.isArray(checked.bindingRules) ||
      !Array.isArray(checked.indexes)
    )
      throw new Error('not an ACL objects snapshot image (format acl-objects/1)');
    for (const role of checked.roles) {
      this.roles.set(role);
      this.roleIdByName.set(role.Name, role.ID);
    }
    for (const method of checked.authMethods) this.authMethods.set(method);
    for (const rule of checked.bindingRules) this.bindingRules.set(rule);
    this.indexes = new Map(checked.indexes.map(([name, value]) => [name, value]));
  }
}
