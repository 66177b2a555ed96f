/** Policy write rules (spec §5.2, §5.3): validation texts, per-profile status and strictness, storing. */
import { describe, expect, it } from 'vitest';
import {
  checkPolicyDeleteRequest,
  preparePolicyUpsert,
  validatePolicyObject,
} from '../src/acl/policy/stored-policy.js';
import { policyHash } from '../src/acl/hash.js';
import { PROFILES } from '../src/version/profile.js';
import { AclTables } from '../src/acl/state/tables.js';

const READONLY = 'namespace "default" {\n  policy = "read"\n}\n';

describe('policy upsert rules', () => {
  it('prepares hashed policies with empty descriptions defaulted', () => {
    const result = preparePolicyUpsert([{ Name: 'readonly', Rules: READONLY }], PROFILES.modern);
    expect(result).toEqual({
      ok: true,
      value: [
        {
          Name: 'readonly',
          Description: '',
          Rules: READONLY,
          Hash: policyHash({ Name: 'readonly', Description: '', Rules: READONLY }),
          CreateIndex: 0,
          ModifyIndex: 0,
        },
      ],
    });
    const tables = new AclTables();
    if (result.ok) tables.upsertPolicies(10, result.value);
    expect(tables.policyByName('readonly')).toMatchObject({ CreateIndex: 10, ModifyIndex: 10 });
  });

  it('accepts the exactly-empty rules string (Nomad fast path)', () => {
    expect(preparePolicyUpsert([{ Name: 'nothing', Rules: '' }], PROFILES.modern).ok).toBe(true);
  });

  it('refuses zero policies', () => {
    expect(preparePolicyUpsert([], PROFILES.modern)).toEqual({
      ok: false,
      error: { status: 400, message: 'must specify as least one policy' },
    });
    expect(checkPolicyDeleteRequest([])).toEqual({
      ok: false,
      error: { status: 400, message: 'must specify as least one policy' },
    });
    expect(checkPolicyDeleteRequest(['missing-is-fine']).ok).toBe(true);
  });

  it('collects name, rules and description problems into one multierror', () => {
    const input = {
      Name: 'bad_name',
      Description: 'd'.repeat(257),
      Rules: 'namespace "default" { policy = "bogus" }',
    };
    expect(validatePolicyObject(input, PROFILES.modern)).toEqual([
      "invalid name 'bad_name'",
      'failed to parse rules: Invalid namespace policy: &acl.NamespacePolicy{Name:"default", Policy:"bogus", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}',
      'description longer than 256',
    ]);
    const second = preparePolicyUpsert(
      [
        { Name: 'ok', Rules: READONLY },
        { Name: 'a.b', Rules: READONLY },
      ],
      PROFILES.modern,
    );
    expect(second).toEqual({
      ok: false,
      error: {
        status: 400,
        message: "policy 1 invalid: 1 error occurred:\n\t* invalid name 'a.b'\n\n",
      },
    });
  });

  it('answers 404 for an invalid policy in the v1.0 profile', () => {
    const result = preparePolicyUpsert(
      [{ Name: 'x', Rules: 'namespace "x" {\n' }],
      PROFILES['v1.0'],
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.status).toBe(404);
      expect(result.error.message).toBe(
        'policy 0 invalid: 1 error occurred:\n\t* failed to parse rules: Failed to parse ACL Policy: At 2:2: object expected closing RBRACE got: EOF\n\n',
      );
    }
  });

  it('rejects unknown keys only in the strict (modern) profile', () => {
    const rules = 'node { policy = "read" }\nextra = 1';
    expect(validatePolicyObject({ Name: 'n', Rules: rules }, PROFILES.modern)).toEqual([
      'failed to parse rules: Invalid or duplicate policy keys: extra',
    ]);
    expect(validatePolicyObject({ Name: 'n', Rules: rules }, PROFILES.tutorial)).toEqual([]);
  });
});
