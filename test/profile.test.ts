/** The version-profile table: complete for every profile, and holding the spec §13 values. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROFILE,
  describeProfiles,
  getProfile,
  parseProfileName,
  PROFILE_NAMES,
  PROFILES,
} from '../src/version/profile.js';
import type { VersionProfile } from '../src/version/profile.js';
import { ACL_REPLICATION_KINDS } from '../src/replication/acl-replicator-kinds.js';

/** Every field a profile must define; `satisfies` makes the compiler keep this list complete. */
const FIELDS = {
  name: true,
  nomadVersion: true,
  unknownTokenError: true,
  authFailureAnswer: true,
  secretLookup: true,
  anonymousPolicyReadsFail: true,
  aclDisabledStatus: true,
  tokenSelf: true,
  oneTimeTokens: true,
  policySelfPath: true,
  bootstrapErrorStatus: true,
  bootstrapSecretSupported: true,
  tokenExpirySupported: true,
  tokenRolesSupported: true,
  tokenListOrder: true,
  tokenListColumns: true,
  tokenKvKeys: true,
  tokenJsonFields: true,
  tokenStubJsonFields: true,
  tokenJsonMarshaler: true,
  aclWriteErrorsCoded: true,
  invalidPolicyStatus: true,
  strictPolicyKeys: true,
  policyInfoLayout: true,
  bodyDecodeErrorStatus: true,
  serverMembersColumns: true,
  replicatedKinds: true,
  enterpriseOnlyKinds: true,
} satisfies Record<keyof VersionProfile, true>;

describe('profile table', () => {
  it('has one complete row per profile name, each named after its key', () => {
    expect(Object.keys(PROFILES).sort()).toEqual([...PROFILE_NAMES].sort());
    for (const name of PROFILE_NAMES) {
      const profile = PROFILES[name];
      expect(Object.keys(profile).sort()).toEqual(Object.keys(FIELDS).sort());
      for (const value of Object.values(profile)) expect(value).not.toBeUndefined();
      expect(profile.name).toBe(name);
      expect(getProfile(name)).toBe(profile);
    }
  });

  it('plays named, released versions: 2.0.5, 0.9.7 for the tutorial (its 500 bootstrap refusals), 1.0.4', () => {
    expect(PROFILE_NAMES).toEqual(['modern', 'tutorial', 'v1.0']);
    expect(PROFILE_NAMES.map((name) => PROFILES[name].nomadVersion)).toEqual([
      '2.0.5',
      '0.9.7',
      '1.0.4',
    ]);
    expect(describeProfiles()).toBe(
      'modern (Nomad 2.0.5, the default), tutorial (Nomad 0.9.7), v1.0 (Nomad 1.0.4)',
    );
  });

  it('0.9.7 answers with plain errors where 1.0.4 has coded ones; both pass resolution errors on', () => {
    const { tutorial, modern } = PROFILES;
    const v10 = PROFILES['v1.0'];
    expect([tutorial.bootstrapErrorStatus, v10.bootstrapErrorStatus]).toEqual([500, 400]);
    expect([tutorial.aclDisabledStatus, v10.aclDisabledStatus]).toEqual([500, 400]);
    expect([tutorial.invalidPolicyStatus, v10.invalidPolicyStatus]).toEqual([500, 404]);
    expect([modern.authFailureAnswer, v10.authFailureAnswer, tutorial.authFailureAnswer]).toEqual([
      'permission-denied',
      'resolve-error',
      'resolve-error',
    ]);
    expect(v10.unknownTokenError).toBe('ACL token not found');
    // Everything else the tutorial row holds is 1.0.4's.
    const differing = (Object.keys(v10) as (keyof typeof v10)[]).filter(
      (key) => JSON.stringify(v10[key]) !== JSON.stringify(tutorial[key]),
    );
    expect(differing.sort()).toEqual(
      [
        'aclDisabledStatus',
        'aclWriteErrorsCoded',
        'anonymousPolicyReadsFail',
        'bootstrapErrorStatus',
        'enterpriseOnlyKinds',
        'invalidPolicyStatus',
        'name',
        'nomadVersion',
        'replicatedKinds',
      ].sort(),
    );
  });

  it('holds the spec §13 differences', () => {
    const { modern } = PROFILES;
    const tutorial = PROFILES['v1.0'];
    expect([modern.unknownTokenError, tutorial.unknownTokenError]).toEqual([
      'Permission denied',
      'ACL token not found',
    ]);
    expect([modern.invalidPolicyStatus, tutorial.invalidPolicyStatus]).toEqual([400, 404]);
    expect([modern.bootstrapErrorStatus, tutorial.bootstrapErrorStatus]).toEqual([400, 400]);
    expect([modern.aclDisabledStatus, tutorial.aclDisabledStatus]).toEqual([400, 400]);
    expect([modern.bootstrapSecretSupported, tutorial.bootstrapSecretSupported]).toEqual([
      true,
      false,
    ]);
    expect([modern.tokenListOrder, tutorial.tokenListOrder]).toEqual([
      'create-index',
      'accessor-id',
    ]);
    expect(modern.tokenListColumns.at(-1)).toBe('Expired');
    expect(tutorial.tokenListColumns).not.toContain('Expired');
    expect(modern.serverMembersColumns).toContain('Raft Version');
    expect(tutorial.serverMembersColumns).toContain('Protocol');
    expect([modern.strictPolicyKeys, tutorial.strictPolicyKeys]).toEqual([true, false]);
    expect([modern.tokenSelf, tutorial.tokenSelf]).toEqual(['whoami', 'resolve-token']);
    expect([modern.policyInfoLayout, tutorial.policyInfoLayout]).toEqual([
      'kv-then-rules-section',
      'single-kv',
    ]);
    expect([modern.bodyDecodeErrorStatus, tutorial.bodyDecodeErrorStatus]).toEqual([400, 500]);
  });

  it('token KV keys follow the bootstrap output of each era', () => {
    expect(PROFILES.tutorial.tokenKvKeys).toEqual([
      'Accessor ID',
      'Secret ID',
      'Name',
      'Type',
      'Global',
      'Policies',
      'Create Time',
      'Create Index',
      'Modify Index',
    ]);
    expect(PROFILES.modern.tokenKvKeys.slice(5)).toEqual([
      'Create Time',
      'Expiry Time',
      'Create Index',
      'Modify Index',
      'Policies',
      'Roles',
    ]);
    for (const name of PROFILE_NAMES) {
      const p = PROFILES[name];
      expect(p.tokenStubJsonFields).not.toContain('SecretID');
      expect(p.tokenJsonFields.includes('ExpirationTime')).toBe(p.tokenExpirySupported);
      expect(p.tokenJsonFields.includes('Roles')).toBe(p.tokenRolesSupported);
    }
  });

  it("lists as replicated the kinds of its Nomad, each one the replicator knows, in Nomad's start order (issue 12)", () => {
    expect(PROFILES.modern.replicatedKinds).toEqual([
      'policies',
      'tokens',
      'roles',
      'auth-methods',
      'binding-rules',
      'namespaces',
      'node-pools',
    ]);
    // Namespaces came to open-source Nomad in 1.0.
    expect(PROFILES['v1.0'].replicatedKinds).toEqual(['policies', 'tokens', 'namespaces']);
    expect(PROFILES.tutorial.replicatedKinds).toEqual(['policies', 'tokens']);
    for (const name of PROFILE_NAMES) {
      const kinds = PROFILES[name].replicatedKinds;
      for (const kind of kinds) expect(ACL_REPLICATION_KINDS).toContain(kind);
      const order = kinds.map((kind) => ACL_REPLICATION_KINDS.indexOf(kind));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      // Roles, tokens with roles and the profile's token fields go together (Nomad 1.4).
      expect(kinds.includes('roles')).toBe(PROFILES[name].tokenRolesSupported);
    }
  });

  it('modern plays a released version, 2.0.5', () => {
    expect(PROFILES.modern.nomadVersion).toBe('2.0.5');
  });

  it('parses profile names, modern by default', () => {
    expect(DEFAULT_PROFILE).toBe('modern');
    expect(parseProfileName('tutorial')).toBe('tutorial');
    expect(parseProfileName('v1.0')).toBe('v1.0');
    expect(() => parseProfileName('1.0')).toThrow(
      'unknown profile "1.0": expected one of modern, tutorial, v1.0',
    );
    expect(() => parseProfileName('toString')).toThrow('unknown profile "toString"');
  });
});
