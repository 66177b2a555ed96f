/**
 * Every refusal goes through the version profile (issue 12, §2): a token the executing region does
 * not hold gets `Permission denied` from Nomad 2.0.5 (endpoints call `Authenticate`) and
 * `ACL token not found` from 1.0.4 and 0.9.7 (endpoints return `ResolveToken`'s error), on every
 * endpoint that checks a token; a known token without the right gets `Permission denied` in
 * every version; 0.9.7 answers `ACL support disabled` and an invalid policy with a plain 500.
 * Also the policy language of 0.9.7 (the tutorial profile): no host volumes, plugins, CSI or
 * scaling words, and an unknown block dropped without a word.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../src/acl/index.js';
import { parsePolicy } from '../src/acl/policy/parse.js';
import type { ApiRequest } from '../src/server/http.js';

const STRANGER = '0b8c3e0f-6f1a-4a40-9c55-2a9d8f1e7c11';

async function region(profile: ProfileName, aclEnabled = true) {
  const cluster = new Cluster({
    seed: 31,
    regions: [{ name: 'global', servers: 3 }],
    authoritativeRegion: 'global',
    aclEnabled,
  });
  ApiLayer.install(cluster, profile);
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.sim.sleep(1_000);
  const address = cluster.leaderOf('global')?.address as string;
  const call = (request: ApiRequest) => cluster.http(address, request);
  return { cluster, call };
}

/** One request per endpoint that checks the caller's token. */
function tokenCheckedRequests(token: string): ApiRequest[] {
  return [
    { method: 'GET', path: '/v1/jobs', token },
    { method: 'GET', path: '/v1/acl/tokens', token },
    { method: 'GET', path: '/v1/acl/policies', token },
    { method: 'GET', path: '/v1/acl/policy/readonly', token },
    {
      method: 'PUT',
      path: '/v1/acl/policy/readonly',
      token,
      body: { Name: 'readonly', Rules: 'node { policy = "read" }' },
    },
    {
      method: 'PUT',
      path: '/v1/acl/token',
      token,
      body: { Name: 'x', Type: 'client', Policies: ['readonly'] },
    },
    { method: 'GET', path: `/v1/acl/token/${STRANGER}`, token },
    { method: 'GET', path: '/v1/agent/members', token },
    { method: 'GET', path: '/v1/agent/self', token },
    { method: 'GET', path: '/v1/nodes', token },
  ];
}

describe('refusals per version profile', () => {
  for (const profile of PROFILE_NAMES) {
    const expected = profile === 'modern' ? 'Permission denied' : 'ACL token not found';

    it(`${profile}: an unknown token gets 403 (${expected}) on every endpoint that checks it`, async () => {
      const { call } = await region(profile);
      for (const request of tokenCheckedRequests(STRANGER)) {
        const answer = await call(request);
        expect({ path: request.path, status: answer.status, body: answer.body }).toEqual({
          path: request.path,
          status: 403,
          body: expected,
        });
      }
    });

    it(`${profile}: a known token without the right gets 403 (Permission denied)`, async () => {
      const { call } = await region(profile);
      const boot = await call({ method: 'PUT', path: '/v1/acl/bootstrap' });
      const secret = (boot.body as { SecretID: string }).SecretID;
      const created = await call({
        method: 'PUT',
        path: '/v1/acl/token',
        token: secret,
        body: { Name: 'reader', Type: 'client', Policies: ['nothing-yet'] },
      });
      expect(created.status).toBe(200);
      const client = (created.body as { SecretID: string }).SecretID;
      for (const request of tokenCheckedRequests(client).filter(
        (r) => !r.path.startsWith('/v1/acl/policies'),
      )) {
        const answer = await call(request);
        expect({ path: request.path, status: answer.status, body: answer.body }).toEqual({
          path: request.path,
          status: 403,
          body: 'Permission denied',
        });
      }
    });
  }

  it('ACLs disabled: 500 in 0.9.7 (a plain error), 400 from 1.0 on', async () => {
    for (const profile of PROFILE_NAMES) {
      const { call } = await region(profile, false);
      const answer = await call({ method: 'GET', path: '/v1/acl/tokens' });
      expect([profile, answer.status, answer.body]).toEqual([
        profile,
        PROFILES[profile].aclDisabledStatus,
        'ACL support disabled',
      ]);
    }
    expect(PROFILES.tutorial.aclDisabledStatus).toBe(500);
  });

  it('an invalid policy: 500 in 0.9.7, 404 in 1.0.4, 400 in 2.0.5', async () => {
    const statuses: number[] = [];
    for (const profile of ['tutorial', 'v1.0', 'modern'] as const) {
      const { call } = await region(profile);
      const boot = await call({ method: 'PUT', path: '/v1/acl/bootstrap' });
      const secret = (boot.body as { SecretID: string }).SecretID;
      const answer = await call({
        method: 'PUT',
        path: '/v1/acl/policy/bad',
        token: secret,
        body: { Name: 'bad', Rules: 'node { policy = "sudo" }' },
      });
      expect(answer.body).toMatch(/^policy 0 invalid: /);
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([500, 404, 400]);
  });
});

describe('secrets that are not UUIDs, per version', () => {
  it('2.0.5: Permission denied (not looked up); 1.0.4 and 0.9.7: the UUID index error, 500', async () => {
    for (const profile of PROFILE_NAMES) {
      const { call } = await region(profile);
      for (const [secret, why] of [
        ['not-a-uuid', 'UUID must be 36 characters'],
        [
          '0b8c3e0f-6f1a-4a40-9c55-2a9d8f1e7c1g',
          "Invalid UUID: encoding/hex: invalid byte: U+0067 'g'",
        ],
        ['0b8c3e0f-6f1a-4a40-9c55--2a9d8f1e7c1', 'UUID should have maximum of 4 "-"; got 5'],
      ] as const) {
        const answer = await call({ method: 'GET', path: '/v1/jobs', token: secret });
        expect([profile, secret, answer.status, answer.body]).toEqual(
          profile === 'modern'
            ? [profile, secret, 403, 'Permission denied']
            : [profile, secret, 500, `acl token lookup failed: index error: ${why}`],
        );
      }
    }
  });

  it('before 1.5 a secret is compared as UUID bytes: upper-case hex finds the token', async () => {
    for (const profile of PROFILE_NAMES) {
      const { call } = await region(profile);
      const boot = await call({ method: 'PUT', path: '/v1/acl/bootstrap' });
      const secret = (boot.body as { SecretID: string }).SecretID.toUpperCase();
      const answer = await call({ method: 'GET', path: '/v1/acl/tokens', token: secret });
      expect([profile, answer.status]).toEqual([profile, profile === 'modern' ? 403 : 200]);
    }
  });
});

describe('anonymous policy reads', () => {
  it('fail in 0.9.7 with the UUID index error (fixed in 0.10.2), list `anonymous` from 1.0 on', async () => {
    for (const profile of PROFILE_NAMES) {
      const { call } = await region(profile);
      const boot = await call({ method: 'PUT', path: '/v1/acl/bootstrap' });
      const secret = (boot.body as { SecretID: string }).SecretID;
      await call({
        method: 'PUT',
        path: '/v1/acl/policy/anonymous',
        token: secret,
        body: { Name: 'anonymous', Rules: 'node { policy = "read" }' },
      });
      const list = await call({ method: 'GET', path: '/v1/acl/policies' });
      const read = await call({ method: 'GET', path: '/v1/acl/policy/anonymous' });
      if (profile === 'tutorial') {
        const failed = {
          status: 500,
          body: 'acl token lookup failed: index error: UUID must be 36 characters',
        };
        expect(list).toMatchObject(failed);
        expect(read).toMatchObject(failed);
      } else {
        expect(list.status).toBe(200);
        expect((list.body as Array<{ Name: string }>).map((p) => p.Name)).toEqual(['anonymous']);
        expect(read.status).toBe(200);
      }
    }
  });
});

describe('the policy language of Nomad 0.9.7 (tutorial profile)', () => {
  const TUTORIAL_ANONYMOUS = `namespace "*" {
  policy       = "write"
  capabilities = ["alloc-node-exec"]
}
host_volume "*" {
  policy = "write"
}
`;

  it("accepts the tutorial's anonymous policy and drops its host_volume block, as 0.9's decoder does", () => {
    const old = parsePolicy(TUTORIAL_ANONYMOUS, { profile: 'tutorial' });
    expect(old.hostVolumes).toEqual([]);
    expect(old.namespaces[0]?.capabilities).toEqual([
      'alloc-node-exec',
      'list-jobs',
      'read-job',
      'submit-job',
      'dispatch-job',
      'read-logs',
      'read-fs',
      'alloc-exec',
      'alloc-lifecycle',
    ]);
    expect(parsePolicy(TUTORIAL_ANONYMOUS, { profile: 'v1.0' }).hostVolumes).toHaveLength(1);
  });

  it('has no scale word, no CSI or scaling capabilities and no plugin block; 1.0.4 has them', () => {
    expect(() =>
      parsePolicy('namespace "a" { policy = "scale" }', { profile: 'tutorial' }),
    ).toThrow('Invalid namespace policy');
    expect(() =>
      parsePolicy('namespace "a" { capabilities = ["csi-list-volume"] }', { profile: 'tutorial' }),
    ).toThrow("Invalid namespace capability 'csi-list-volume'");
    expect(() => parsePolicy('plugin { policy = "read" }', { profile: 'tutorial' })).toThrow(
      'Invalid policy: plugin',
    );
    for (const text of [
      'namespace "a" { policy = "scale" }',
      'namespace "a" { capabilities = ["csi-list-volume"] }',
      'plugin { policy = "read" }',
    ])
      expect(() => parsePolicy(text, { profile: 'v1.0' })).not.toThrow();
  });
});

describe('the self and onetime paths per version', () => {
  async function booted(profile: ProfileName) {
    const fixture = await region(profile);
    const boot = await fixture.call({ method: 'PUT', path: '/v1/acl/bootstrap' });
    const secret = (boot.body as { SecretID: string }).SecretID;
    const accessor = (boot.body as { AccessorID: string }).AccessorID;
    await fixture.call({
      method: 'PUT',
      path: '/v1/acl/policy/reader',
      token: secret,
      body: { Name: 'reader', Rules: 'node { policy = "read" }' },
    });
    return { ...fixture, secret, accessor };
  }

  it("2.x: GET /v1/acl/policy/self lists the caller's policies, other methods are 405", async () => {
    const { call, secret } = await booted('modern');
    const token = await call({
      method: 'PUT',
      path: '/v1/acl/token',
      token: secret,
      body: { Name: 'r', Type: 'client', Policies: ['reader'] },
    });
    const client = (token.body as { SecretID: string }).SecretID;
    const mine = await call({ method: 'GET', path: '/v1/acl/policy/self', token: client });
    expect((mine.body as Array<{ Name: string }>).map((p) => p.Name)).toEqual(['reader']);
    expect(
      await call({
        method: 'PUT',
        path: '/v1/acl/policy/self',
        token: secret,
        body: { Name: 'self', Rules: 'node { policy = "read" }' },
      }),
    ).toMatchObject({ status: 405, body: 'Invalid method' });
  });

  it('1.0: /v1/acl/policy/self is a policy named self', async () => {
    const { call, secret } = await booted('v1.0');
    expect(await call({ method: 'GET', path: '/v1/acl/policy/self', token: secret })).toMatchObject(
      {
        status: 404,
        body: 'ACL policy not found',
      },
    );
    const put = await call({
      method: 'PUT',
      path: '/v1/acl/policy/self',
      token: secret,
      body: { Name: 'self', Rules: 'node { policy = "read" }' },
    });
    expect(put.status).toBe(200);
  });

  it("2.x: a one-time token stands for the caller's token once, for 10 minutes", async () => {
    const { call, secret, accessor, cluster } = await booted('modern');
    expect(await call({ method: 'PUT', path: '/v1/acl/token/onetime' })).toMatchObject({
      status: 403,
      body: 'Permission denied',
    });
    const made = await call({ method: 'PUT', path: '/v1/acl/token/onetime', token: secret });
    expect(made.status).toBe(200);
    const ott = (made.body as { OneTimeToken: { OneTimeSecretID: string; AccessorID: string } })
      .OneTimeToken;
    expect(ott.AccessorID).toBe(accessor);
    expect(Object.keys(made.body as object)).toEqual(['Index', 'OneTimeToken']);
    const exchange = () =>
      call({
        method: 'PUT',
        path: '/v1/acl/token/onetime/exchange',
        body: { OneTimeSecretID: ott.OneTimeSecretID },
      });
    const traded = await exchange();
    expect(traded.status).toBe(200);
    expect((traded.body as { Token: { SecretID: string } }).Token.SecretID).toBe(secret);
    expect(await exchange()).toMatchObject({ status: 403, body: 'Permission denied' });

    const late = await call({ method: 'PUT', path: '/v1/acl/token/onetime', token: secret });
    const lateSecret = (late.body as { OneTimeToken: { OneTimeSecretID: string } }).OneTimeToken
      .OneTimeSecretID;
    await cluster.sim.sleep(10 * 60_000 + 1);
    const expired = await call({
      method: 'PUT',
      path: '/v1/acl/token/onetime/exchange',
      body: { OneTimeSecretID: lateSecret },
    });
    expect(expired).toMatchObject({ status: 403, body: 'Permission denied' });
    // The leader's GC (every 10 minutes) removes it.
    await cluster.sim.sleep(10 * 60_000);
    expect(cluster.leaderOf('global')?.fsm?.oneTimeTokens.size).toBe(0);
  });

  it('1.0: /v1/acl/token/onetime is a token accessor', async () => {
    const { call, secret } = await booted('v1.0');
    expect(
      await call({ method: 'GET', path: '/v1/acl/token/onetime', token: secret }),
    ).toMatchObject({
      status: 404,
      body: 'ACL token not found',
    });
  });
});
