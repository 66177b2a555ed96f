/** Token resolution (spec §2.2): disabled ACLs, anonymous, unknown per profile, expiry, management, client policies. */
import { describe, expect, it } from 'vitest';
import { AclCache, resolveToken } from '../src/acl/resolve.js';
import type { ResolveResult } from '../src/acl/resolve.js';
import { AclTables } from '../src/acl/state/tables.js';
import { newPolicy } from '../src/acl/policy/stored-policy.js';
import { PROFILES } from '../src/version/profile.js';
import type { VersionProfile } from '../src/version/profile.js';
import type { AclToken } from '../src/acl/token/token.js';
import { withHash } from '../src/acl/token/token.js';

const MANAGEMENT_SECRET = '11111111-1111-1111-1111-111111111111';
const CLIENT_SECRET = '22222222-2222-2222-2222-222222222222';
const EXPIRING_SECRET = '33333333-3333-3333-3333-333333333333';
const UNKNOWN_SECRET = '44444444-4444-4444-4444-444444444444';

function token(secret: string, overrides: Partial<AclToken>): AclToken {
  return withHash({
    AccessorID: `acc-${secret.slice(0, 4)}`,
    SecretID: secret,
    Name: '',
    Type: 'client',
    Policies: [],
    Roles: [],
    Global: false,
    Hash: '',
    CreateTime: 0,
    ExpirationTime: null,
    ExpirationTTL: 0,
    CreateIndex: 0,
    ModifyIndex: 0,
    ...overrides,
  });
}

function setup(): AclTables {
  const tables = new AclTables();
  tables.upsertPolicies(5, [
    newPolicy({ Name: 'readonly', Rules: 'namespace "default" { policy = "read" }' }),
    newPolicy({ Name: 'nodes', Rules: 'node { policy = "read" }' }),
  ]);
  tables.upsertTokens(6, [
    token(MANAGEMENT_SECRET, { Type: 'management' }),
    token(CLIENT_SECRET, { Policies: ['readonly', 'nodes', 'not-yet-written'] }),
    token(EXPIRING_SECRET, { Type: 'management', ExpirationTime: 1000, ExpirationTTL: 1000 }),
  ]);
  return tables;
}

function identity(result: ResolveResult) {
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
}

const on = (profile: VersionProfile, now = 0) => ({ aclsEnabled: true, profile, now });

describe('resolveToken', () => {
  it('with ACLs disabled gives the synthetic token and the allow-all ACL, whatever the secret', () => {
    const { token: t, acl } = identity(
      resolveToken('garbage', setup(), { aclsEnabled: false, profile: PROFILES.modern, now: 0 }),
    );
    expect(t.AccessorID).toBe('acls-disabled');
    expect(acl.isManagement()).toBe(true);
  });

  it('anonymous gets nothing until a policy named `anonymous` exists', () => {
    const tables = setup();
    const before = identity(resolveToken('', tables, on(PROFILES.modern)));
    expect(before.token.AccessorID).toBe('anonymous');
    expect(before.acl.allowNamespaceOperation('default', 'list-jobs')).toBe(false);
    tables.upsertPolicies(7, [
      newPolicy({ Name: 'anonymous', Rules: 'namespace "*" { policy = "write" }' }),
    ]);
    const after = identity(resolveToken('', tables, on(PROFILES.modern)));
    expect(after.acl.allowNamespaceOperation('default', 'submit-job')).toBe(true);
    expect(after.acl.isManagement()).toBe(false);
  });

  it('unknown or malformed secrets: `Permission denied` (modern) / `ACL token not found` (before 1.5), 403', () => {
    for (const secret of [UNKNOWN_SECRET, 'not-a-uuid']) {
      expect(resolveToken(secret, setup(), on(PROFILES.modern))).toEqual({
        ok: false,
        error: { status: 403, message: 'Permission denied' },
        reason: 'unknown-token',
      });
    }
    for (const profile of [PROFILES.tutorial, PROFILES['v1.0']]) {
      expect(resolveToken(UNKNOWN_SECRET, setup(), on(profile))).toEqual({
        ok: false,
        error: { status: 403, message: 'ACL token not found' },
        reason: 'unknown-token',
      });
      // Before 1.5 the secret goes straight into the UUID index, which refuses it: a plain 500.
      expect(resolveToken('not-a-uuid', setup(), on(profile))).toEqual({
        ok: false,
        error: {
          status: 500,
          message: 'acl token lookup failed: index error: UUID must be 36 characters',
        },
        reason: 'unknown-token',
      });
    }
  });

  it('expired tokens are refused after their ExpirationTime', () => {
    expect(
      identity(
        resolveToken(EXPIRING_SECRET, setup(), on(PROFILES.modern, 1000)),
      ).acl.isManagement(),
    ).toBe(true);
    // A plain error: 500 where an endpoint returns it as it is (token self, 2.0.5).
    expect(resolveToken(EXPIRING_SECRET, setup(), on(PROFILES.modern, 1001))).toEqual({
      ok: false,
      error: { status: 500, message: 'ACL token expired' },
      reason: 'expired-token',
    });
  });

  it('management tokens get the management ACL', () => {
    const { token: t, acl } = identity(
      resolveToken(MANAGEMENT_SECRET, setup(), on(PROFILES.modern)),
    );
    expect(t.Type).toBe('management');
    expect(acl.isManagement()).toBe(true);
  });

  it('client tokens get the union of the policies that exist; missing names grant nothing', () => {
    const tables = setup();
    const { acl } = identity(resolveToken(CLIENT_SECRET, tables, on(PROFILES.modern)));
    expect(acl.isManagement()).toBe(false);
    expect(acl.allowNamespaceOperation('default', 'read-job')).toBe(true);
    expect(acl.allowNamespaceOperation('default', 'submit-job')).toBe(false);
    expect(acl.allowNodeRead()).toBe(true);
    tables.deletePolicies(8, ['nodes']);
    expect(
      identity(resolveToken(CLIENT_SECRET, tables, on(PROFILES.modern))).acl.allowNodeRead(),
    ).toBe(false);
    tables.upsertPolicies(9, [
      newPolicy({ Name: 'not-yet-written', Rules: 'agent { policy = "read" }' }),
    ]);
    expect(
      identity(resolveToken(CLIENT_SECRET, tables, on(PROFILES.modern))).acl.allowAgentRead(),
    ).toBe(true);
  });

  it('parses stored policies leniently (unknown keys ignored)', () => {
    const tables = setup();
    tables.upsertPolicies(9, [
      newPolicy({ Name: 'nodes', Rules: 'node { policy = "write" }\nextra = 1' }),
    ]);
    expect(
      identity(resolveToken(CLIENT_SECRET, tables, on(PROFILES.modern))).acl.allowNodeWrite(),
    ).toBe(true);
  });

  it('reports a stored policy that no longer parses as a 500', () => {
    const tables = setup();
    tables.upsertPolicies(9, [newPolicy({ Name: 'nodes', Rules: 'node {' })]);
    const result = resolveToken(CLIENT_SECRET, tables, on(PROFILES.modern));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.status).toBe(500);
      expect(result.error.message).toMatch(
        /^failed to parse "nodes": Failed to parse ACL Policy: /,
      );
    }
  });

  it('shares compiled ACLs through the cache until a policy changes', () => {
    const tables = setup();
    const cache = new AclCache(2);
    const options = { ...on(PROFILES.modern), cache };
    const first = identity(resolveToken(CLIENT_SECRET, tables, options)).acl;
    expect(identity(resolveToken(CLIENT_SECRET, tables, options)).acl).toBe(first);
    tables.upsertPolicies(9, [newPolicy({ Name: 'nodes', Rules: 'node { policy = "write" }' })]);
    const changed = identity(resolveToken(CLIENT_SECRET, tables, options)).acl;
    expect(changed).not.toBe(first);
    expect(changed.allowNodeWrite()).toBe(true);
    identity(resolveToken('', tables, options));
    expect(cache.size).toBe(2);
  });
});
