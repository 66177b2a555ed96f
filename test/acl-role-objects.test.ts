/**
 * The replicated objects besides policies and tokens, without a cluster: the rules of role, auth
 * method and binding rule writes (Nomad's texts and order of checks), the state tables (indexes,
 * no-op writes, transactional refusals, snapshots), token role links as reads return them, token
 * resolution through roles, and the namespace and node pool tables with their built-ins.
 */
import { describe, expect, it } from 'vitest';
import {
  AclObjectTables,
  AclTables,
  canonicalRole,
  newBootstrapToken,
  prepareAuthMethodUpsert,
  prepareBindingRuleUpsert,
  prepareRoleUpsert,
  resolveToken,
  roleHash,
  tokenPolicyNames,
  validateBindingRule,
  validateRole,
  withHash,
  withRoleLinksFixed,
  getProfile,
  type AclAuthMethodInput,
  type AclRole,
  type AclToken,
} from '../src/acl/index.js';
import { NamespaceTable } from '../src/server/state/namespace-table.js';
import { newNamespace } from '../src/server/state/namespace.js';
import { NodePoolTable } from '../src/server/state/node-pool-table.js';
import { newNodePool } from '../src/server/state/node-pool.js';
import { ServerStateMachine } from '../src/server/state/state-machine.js';

function idSource(prefix = 'id'): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `${prefix}-${n}`;
  };
}

const policy = (name: string, rules = 'namespace "default" { policy = "read" }') => ({
  Name: name,
  Description: '',
  Rules: rules,
  Hash: `h-${name}-${rules.length}`,
  CreateIndex: 0,
  ModifyIndex: 0,
});

function clientToken(id: string, policies: string[], roles: string[] = []): AclToken {
  return withHash({
    AccessorID: `00000000-0000-0000-0000-00000000000${id}`,
    SecretID: `11111111-1111-1111-1111-11111111111${id}`,
    Name: `token ${id}`,
    Type: 'client',
    Policies: policies,
    Roles: roles.map((r) => ({ ID: r, Name: '' })),
    Global: false,
    Hash: '',
    CreateTime: 0,
    ExpirationTime: null,
    ExpirationTTL: 0,
    CreateIndex: 0,
    ModifyIndex: 0,
  });
}

function tablesWith(policies: string[]): AclTables {
  const tables = new AclTables();
  tables.upsertPolicies(
    5,
    policies.map((p) => policy(p)),
  );
  return tables;
}

describe('role rules (ACL.UpsertRoles)', () => {
  it("validates as Nomad's ACLRole.Validate, every problem in one multierror", () => {
    expect(validateRole({ Name: 'ok-name', Policies: [{ Name: 'p' }] })).toEqual([]);
    expect(validateRole({ Name: 'bad name', Description: 'x'.repeat(257), Policies: [] })).toEqual([
      "invalid name 'bad name'",
      'description longer than 256',
      'at least one policy should be specified',
    ]);
    const tables = tablesWith([]);
    expect(prepareRoleUpsert([{ Name: '', Policies: null }], tables, idSource())).toEqual({
      ok: false,
      error: {
        status: 400,
        message:
          "role 0 invalid: 2 errors occurred:\n\t* invalid name ''\n\t* at least one policy should be specified\n\n",
      },
    });
  });

  it('checks the name (create) or the ID (update) before the policies, and drops duplicate links', () => {
    const tables = tablesWith(['read']);
    const first = prepareRoleUpsert(
      [{ Name: 'ops', Policies: [{ Name: 'read' }, { Name: 'read' }] }],
      tables,
      idSource('role'),
    );
    if (!first.ok) throw new Error(first.error.message);
    const role = first.value[0] as AclRole;
    expect(role.ID).toBe('role-1');
    expect(role.Policies).toEqual([{ Name: 'read' }]);
    expect(role.Hash).toBe(
      roleHash({ Name: 'ops', Description: '', Policies: [{ Name: 'read' }] }),
    );
    tables.applyObjectCommand(6, {
      type: 'acl.role.upsert',
      roles: first.value,
      allowMissingPolicies: false,
    });
    expect(
      prepareRoleUpsert([{ Name: 'ops', Policies: [{ Name: 'nope' }] }], tables, idSource()),
    ).toMatchObject({
      ok: false,
      error: { status: 400, message: 'role with name ops already exists' },
    });
    expect(
      prepareRoleUpsert(
        [{ ID: 'gone', Name: 'x', Policies: [{ Name: 'read' }] }],
        tables,
        idSource(),
      ),
    ).toMatchObject({ ok: false, error: { status: 400, message: 'cannot find role gone' } });
    expect(
      prepareRoleUpsert([{ Name: 'dev', Policies: [{ Name: 'nope' }] }], tables, idSource()),
    ).toMatchObject({ ok: false, error: { status: 400, message: 'cannot find policy nope' } });
    // An update keeps the ID it names.
    const update = prepareRoleUpsert(
      [{ ID: 'role-1', Name: 'ops2', Policies: [{ Name: 'read' }] }],
      tables,
      idSource(),
    );
    expect(update.ok && update.value[0]?.ID).toBe('role-1');
  });
});

describe('AclObjectTables', () => {
  const exists = (names: string[]) => (n: string) => names.includes(n);

  it('upserts keep CreateIndex, an unchanged role writes nothing and leaves the table index, deletes must find every ID', () => {
    const objects = new AclObjectTables();
    const role = canonicalRole({ Name: 'ops', Policies: [{ Name: 'p' }] }, idSource('r'));
    expect(
      objects.upsertRoles(10, [role], { allowMissingPolicies: false, policyExists: exists([]) }),
    ).toEqual({ ok: false, error: { status: 500, message: 'ACL policy not found' } });
    expect(objects.tableIndex('acl_roles')).toBe(0);
    expect(objects.snapshot()).toBeNull();
    objects.upsertRoles(11, [role], { allowMissingPolicies: true, policyExists: exists([]) });
    expect(objects.roleById('r-1')).toMatchObject({ CreateIndex: 11, ModifyIndex: 11 });
    objects.upsertRoles(12, [role], { allowMissingPolicies: true, policyExists: exists([]) });
    expect(objects.tableIndex('acl_roles')).toBe(11);
    const renamed = canonicalRole(
      { ID: 'r-1', Name: 'ops2', Policies: [{ Name: 'p' }] },
      idSource(),
    );
    objects.upsertRoles(13, [renamed], { allowMissingPolicies: true, policyExists: exists([]) });
    expect(objects.roleById('r-1')).toMatchObject({
      Name: 'ops2',
      CreateIndex: 11,
      ModifyIndex: 13,
    });
    expect(objects.roleByName('ops')).toBeNull();
    expect(objects.roleByName('ops2')?.ID).toBe('r-1');
    expect(objects.deleteRoles(14, ['r-1', 'missing'])).toEqual({
      ok: false,
      error: { status: 500, message: 'ACL role not found' },
    });
    expect(objects.roleById('r-1')).not.toBeNull(); // one transaction: nothing deleted
    expect(objects.deleteRoles(15, ['r-1']).ok).toBe(true);
    expect(objects.listRoles()).toEqual([]);
    expect(objects.tableIndex('acl_roles')).toBe(15);
  });

  it('binding rules need their auth method unless replication allows it; only one default auth method', () => {
    const objects = new AclObjectTables();
    const method = (name: string, isDefault: boolean) => ({
      Name: name,
      Type: 'OIDC',
      TokenLocality: 'local',
      TokenNameFormat: 'f',
      MaxTokenTTL: 60_000,
      Default: isDefault,
      Config: null,
      Hash: `h-${name}-${isDefault}`,
      CreateTime: 1,
      ModifyTime: 1,
      CreateIndex: 0,
      ModifyIndex: 0,
    });
    expect(objects.upsertAuthMethods(3, [method('a', true)]).ok).toBe(true);
    expect(objects.upsertAuthMethods(4, [method('b', true)])).toEqual({
      ok: false,
      error: { status: 500, message: 'default ACL auth method for type OIDC already exists: a' },
    });
    const rule = {
      ID: 'b1',
      Description: '',
      AuthMethod: 'zz',
      Selector: '',
      BindType: 'management',
      BindName: '',
      Hash: 'h',
      CreateTime: 2,
      ModifyTime: 2,
      CreateIndex: 0,
      ModifyIndex: 0,
    };
    expect(objects.upsertBindingRules(5, [rule], false)).toEqual({
      ok: false,
      error: { status: 500, message: 'ACL binding rule insert failed: ACL auth method not found' },
    });
    expect(objects.upsertBindingRules(6, [rule], true).ok).toBe(true);
    // An update keeps CreateTime and CreateIndex.
    objects.upsertBindingRules(7, [{ ...rule, Hash: 'h2', CreateTime: 9, ModifyTime: 9 }], true);
    expect(objects.bindingRuleById('b1')).toMatchObject({
      CreateTime: 2,
      ModifyTime: 9,
      CreateIndex: 6,
      ModifyIndex: 7,
    });
    expect(objects.deleteAuthMethods(8, ['nope'])).toMatchObject({
      ok: false,
      error: { message: 'ACL auth method not found' },
    });
    expect(objects.deleteBindingRules(8, ['nope'])).toMatchObject({
      ok: false,
      error: { message: 'ACL binding rule not found' },
    });
  });

  it('survives a snapshot round trip through AclTables, and tables without objects snapshot as before', () => {
    const plain = new AclTables();
    plain.upsertPolicies(3, [policy('p')]);
    expect(Object.keys(plain.snapshot())).not.toContain('objects');
    const tables = tablesWith(['p']);
    tables.applyObjectCommand(9, {
      type: 'acl.role.upsert',
      roles: [canonicalRole({ Name: 'ops', Policies: [{ Name: 'p' }] }, idSource('r'))],
      allowMissingPolicies: false,
    });
    const image = JSON.parse(JSON.stringify(tables.snapshot())) as unknown;
    const copy = new AclTables();
    copy.restore(image);
    expect(copy.roleByName('ops')).toEqual(tables.roleByName('ops'));
    expect(copy.objects.tableIndex('acl_roles')).toBe(9);
    expect(copy.lastAppliedIndex()).toBe(9);
  });
});

describe('token role links and resolution through roles', () => {
  it('reads fill in role names and drop links to deleted roles, without changing the stored token', () => {
    const tables = tablesWith(['p']);
    tables.applyObjectCommand(6, {
      type: 'acl.role.upsert',
      roles: [canonicalRole({ Name: 'ops', Policies: [{ Name: 'p' }] }, idSource('r'))],
      allowMissingPolicies: false,
    });
    const token = clientToken('1', [], ['r-1', 'r-404']);
    tables.upsertTokens(7, [token]);
    expect(tables.tokenByAccessor(token.AccessorID)?.Roles).toEqual([{ ID: 'r-1', Name: 'ops' }]);
    expect(tables.snapshot().tokens[0]?.Roles).toEqual([
      { ID: 'r-1', Name: '' },
      { ID: 'r-404', Name: '' },
    ]);
    const plain = clientToken('2', ['p']);
    expect(withRoleLinksFixed(plain, tables)).toBe(plain);
  });

  it("a token's rights are its own policies plus its roles' policies; missing roles and policies grant nothing", () => {
    const tables = tablesWith(['jobs', 'nodes']);
    tables.upsertPolicies(6, [policy('nodes', 'node { policy = "read" }')]);
    tables.applyObjectCommand(7, {
      type: 'acl.role.upsert',
      roles: [
        canonicalRole(
          { Name: 'ops', Policies: [{ Name: 'nodes' }, { Name: 'later' }] },
          () => 'r-1',
        ),
      ],
      allowMissingPolicies: true,
    });
    const token = clientToken('3', ['jobs'], ['r-1', 'r-gone']);
    tables.upsertTokens(8, [token]);
    const stored = tables.tokenByAccessor(token.AccessorID) as AclToken;
    expect(tokenPolicyNames(stored, tables)).toEqual(['jobs', 'nodes', 'later']);
    const options = { aclsEnabled: true, profile: getProfile('modern'), now: 0 };
    const resolved = resolveToken(token.SecretID, tables, options);
    if (!resolved.ok) throw new Error(resolved.error.message);
    expect(resolved.value.acl.allowNodeRead()).toBe(true);
    expect(resolved.value.acl.allowNamespaceOperation('default', 'list-jobs')).toBe(true);
    // Without the role link, only the token's own policy.
    const direct = clientToken('4', ['jobs']);
    tables.upsertTokens(9, [direct]);
    const alone = resolveToken(direct.SecretID, tables, options);
    expect(alone.ok && alone.value.acl.allowNodeRead()).toBe(false);
    // Deleting the role takes its rights away from the token.
    tables.applyObjectCommand(10, { type: 'acl.role.delete', roleIds: ['r-1'] });
    const after = resolveToken(token.SecretID, tables, options);
    expect(after.ok && after.value.acl.allowNodeRead()).toBe(false);
    expect(newBootstrapToken(idSource('b'), 0).Roles).toEqual([]);
  });
});

describe('auth method and binding rule rules', () => {
  const method = (over: Partial<AclAuthMethodInput> = {}): AclAuthMethodInput => ({
    Name: 'okta',
    Type: 'OIDC',
    TokenLocality: 'global',
    TokenNameFormat: '',
    MaxTokenTTL: 3_600_000,
    Default: false,
    Config: '{"OIDCDiscoveryURL":"https://x"}',
    ...over,
  });
  const none = { authMethodByName: () => null, listAuthMethods: () => [] };

  it('refuses an empty request, invalid fields and a second default, with Nomad texts', () => {
    expect(prepareAuthMethodUpsert([], none, 0)).toMatchObject({
      ok: false,
      error: { status: 400, message: 'must specify as least one auth method' },
    });
    expect(
      prepareAuthMethodUpsert(
        [method({ Type: 'LDAP', TokenLocality: 'x', MaxTokenTTL: 1 })],
        none,
        0,
      ),
    ).toMatchObject({
      ok: false,
      error: {
        message:
          "auth method 0 invalid: 3 errors occurred:\n\t* invalid token locality 'x'\n\t* invalid token type 'LDAP'\n\t* invalid MaxTokenTTL value '1ms' (should be between 1m0s and 24h0m0s)\n\n",
      },
    });
    const first = prepareAuthMethodUpsert([method({ Default: true })], none, 5);
    if (!first.ok) throw new Error(first.error.message);
    const stored = first.value[0];
    expect(stored?.TokenNameFormat).toBe('${auth_method_type}-${auth_method_name}');
    const existing = { authMethodByName: () => null, listAuthMethods: () => first.value };
    expect(
      prepareAuthMethodUpsert([method({ Name: 'other', Default: true })], existing, 6),
    ).toMatchObject({
      ok: false,
      error: { status: 400, message: 'default method already exists: okta' },
    });
    // An update fills what it leaves empty from the stored method (Nomad's Merge).
    const update = prepareAuthMethodUpsert(
      [method({ Type: '', TokenLocality: '', MaxTokenTTL: 0, Config: null })],
      { authMethodByName: () => stored ?? null, listAuthMethods: () => first.value },
      9,
    );
    expect(update.ok && update.value[0]).toMatchObject({
      Type: 'OIDC',
      TokenLocality: 'global',
      MaxTokenTTL: 3_600_000,
      CreateTime: 5,
      ModifyTime: 9,
    });
  });

  it('binding rules: validation texts, existing ID, unchangeable auth method, and the method must exist', () => {
    expect(
      validateBindingRule({
        ID: '',
        Description: '',
        AuthMethod: '',
        Selector: '',
        BindType: 'group',
        BindName: '',
      }),
    ).toEqual(['auth method is missing', 'unsupported bind type: "group"']);
    const lookup = {
      bindingRuleById: (id: string) =>
        id === 'b1'
          ? {
              ID: 'b1',
              Description: '',
              AuthMethod: 'okta',
              Selector: '',
              BindType: 'role',
              BindName: 'ops',
              Hash: 'h',
              CreateTime: 1,
              ModifyTime: 1,
              CreateIndex: 3,
              ModifyIndex: 3,
            }
          : null,
      authMethodByName: (name: string) => (name === 'okta' ? {} : null),
    };
    const rule = {
      ID: '',
      Description: '',
      AuthMethod: 'okta',
      Selector: '',
      BindType: 'role',
      BindName: 'ops',
    };
    expect(prepareBindingRuleUpsert([{ ...rule, ID: 'b9' }], lookup, idSource(), 0)).toMatchObject({
      ok: false,
      error: { message: 'cannot find binding rule b9' },
    });
    expect(
      prepareBindingRuleUpsert([{ ...rule, ID: 'b1', AuthMethod: 'other' }], lookup, idSource(), 0),
    ).toMatchObject({
      ok: false,
      error: { message: 'cannot update auth method for binding rule, create a new rule instead' },
    });
    expect(
      prepareBindingRuleUpsert([{ ...rule, AuthMethod: 'nope' }], lookup, idSource(), 0),
    ).toMatchObject({
      ok: false,
      error: { status: 400, message: 'ACL auth method nope not found' },
    });
    const merged = prepareBindingRuleUpsert(
      [{ ...rule, ID: 'b1', AuthMethod: '', BindType: '', BindName: '', Description: 'new' }],
      lookup,
      idSource(),
      7,
    );
    expect(merged.ok && merged.value[0]).toMatchObject({
      ID: 'b1',
      AuthMethod: 'okta',
      BindType: 'role',
      BindName: 'ops',
      Description: 'new',
      CreateTime: 1,
      ModifyTime: 7,
    });
  });
});

describe('namespaces and node pools in the state machine', () => {
  it("start with Nomad's built-ins at index 1, which cannot be deleted or changed", () => {
    const namespaces = new NamespaceTable();
    expect(namespaces.list().map((ns) => [ns.Name, ns.Description, ns.CreateIndex])).toEqual([
      ['default', 'Default shared namespace', 1],
    ]);
    expect(
      namespaces.apply(5, { type: 'namespace.delete', names: ['default'] }, () => null),
    ).toEqual({
      ok: false,
      error: { status: 500, message: 'default namespace can not be deleted' },
    });
    expect(namespaces.apply(5, { type: 'namespace.delete', names: ['x'] }, () => null)).toEqual({
      ok: false,
      error: { status: 500, message: 'namespace not found' },
    });
    const web = newNamespace({
      Name: 'web',
      Description: 'Web',
      Quota: '',
      Meta: { b: '2', a: '1' },
    });
    expect(web.Meta).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    namespaces.apply(6, { type: 'namespace.upsert', namespaces: [web] }, () => null);
    namespaces.apply(
      7,
      { type: 'namespace.upsert', namespaces: [{ ...web, Description: 'W' }] },
      () => null,
    );
    expect(namespaces.get('web')).toMatchObject({ CreateIndex: 6, ModifyIndex: 7 });
    expect(namespaces.apply(8, { type: 'namespace.delete', names: ['web'] }, () => 'api')).toEqual({
      ok: false,
      error: {
        status: 500,
        message:
          'namespace "web" contains at least one non-terminal job "api". All jobs must be terminal in namespace before it can be deleted',
      },
    });

    const pools = new NodePoolTable();
    expect(pools.list().map((p) => p.Name)).toEqual(['all', 'default']);
    expect(pools.apply(3, { type: 'node-pool.delete', names: ['all'] })).toEqual({
      ok: false,
      error: { status: 500, message: 'deleting node pool "all" is not allowed' },
    });
    const all = pools.get('all');
    expect(all && pools.apply(3, { type: 'node-pool.upsert', nodePools: [all] })).toEqual({
      ok: false,
      error: { status: 500, message: 'modifying node pool "all" is not allowed' },
    });
    expect(pools.apply(3, { type: 'node-pool.delete', names: ['gpu'] })).toMatchObject({
      error: { message: 'node pool gpu not found' },
    });
  });

  it('snapshot only what was written, and restore it', () => {
    const fsm = new ServerStateMachine();
    expect(Object.keys(fsm.snapshot())).not.toContain('namespaces');
    expect(Object.keys(fsm.snapshot())).not.toContain('nodePools');
    fsm.apply(4, {
      type: 'namespace.upsert',
      namespaces: [newNamespace({ Name: 'web', Description: '', Quota: '', Meta: null })],
    });
    fsm.apply(5, {
      type: 'node-pool.upsert',
      nodePools: [newNodePool({ Name: 'gpu', Description: 'GPU', Meta: null })],
    });
    const copy = new ServerStateMachine();
    copy.restore(JSON.parse(JSON.stringify(fsm.snapshot())));
    expect(copy.namespaces.list().map((ns) => ns.Name)).toEqual(['default', 'web']);
    expect(copy.nodePools.list().map((p) => p.Name)).toEqual(['all', 'default', 'gpu']);
    expect(copy.namespaces.tableIndex).toBe(4);
    // A state restored from an image without them starts again from the built-ins.
    const older = new ServerStateMachine();
    older.restore(new ServerStateMachine().snapshot());
    expect(older.namespaces.list().map((ns) => ns.Name)).toEqual(['default']);
  });
});
