/**
 * Bad input to the HTTP API (issue 10): bodies of the wrong types, bodies nested deeper than the
 * JavaScript stack, times and durations that do not parse, and a negative `?wait=`. Each is
 * answered as Nomad answers it (Go's decode error text with a 400, or a blocking query that
 * waits the default time), never with an exception that aborts the other requests in flight,
 * and never by storing a half-typed token or policy.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import type { ApiRequest, ApiResponse, JsonValue } from '../src/server/http.js';
import type { ProfileName } from '../src/acl/index.js';
import type { Server } from '../src/server/server.js';

const READ_DEFAULT = 'namespace "default" { policy = "read" }';

async function bootstrapped(seed: number, profile: ProfileName = 'modern') {
  const cluster = new Cluster({
    seed,
    regions: [{ name: 'global', servers: 3 }],
    aclEnabled: true,
    authoritativeRegion: 'global',
  });
  ApiLayer.install(cluster, profile);
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.sim.sleep(1_000);
  const leader = (cluster.leaderOf('global') as Server).address;
  const follower = (cluster.serversOf('global').find((s) => s.address !== leader) as Server)
    .address;
  const boot = await cluster.http(leader, { method: 'PUT', path: '/v1/acl/bootstrap' });
  const token = (boot.body as { SecretID: string }).SecretID;
  const call = (request: Omit<ApiRequest, 'token'>, address = leader): Promise<ApiResponse> =>
    cluster.http(address, { ...request, token });
  return { cluster, leader, follower, token, call };
}

function nested(depth: number): JsonValue {
  let value: JsonValue = 'x';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('HTTP bodies of the wrong shape', () => {
  it("answer 400 with Go's decode error, while a blocking query in flight is left alone", async () => {
    const { cluster, call } = await bootstrapped(101);
    const first = await call({ method: 'GET', path: '/v1/acl/policies' });
    const index = first.headers['X-Nomad-Index'] as string;
    const waiting = call({ method: 'GET', path: '/v1/acl/policies', query: { index, wait: '2m' } });
    await cluster.sim.sleep(1_000);

    expect(
      await call({ method: 'PUT', path: '/v1/acl/policy/p', body: { Name: 'p', Rules: 42 } }),
    ).toMatchObject({
      status: 400,
      body: 'json: cannot unmarshal number into Go struct field ACLPolicy.Rules of type string',
    });
    expect(
      await call({
        method: 'PUT',
        path: '/v1/acl/policy/p',
        body: { Name: 'p', Description: { text: 'd' }, Rules: READ_DEFAULT },
      }),
    ).toMatchObject({
      status: 400,
      body: 'json: cannot unmarshal object into Go struct field ACLPolicy.Description of type string',
    });
    expect(
      await call({
        method: 'PUT',
        path: '/v1/acl/token',
        body: { Type: 'client', Policies: [1, 2] },
      }),
    ).toMatchObject({
      status: 400,
      body: 'json: cannot unmarshal number into Go struct field .Alias.Policies of type string',
    });

    await call({
      method: 'PUT',
      path: '/v1/acl/policy/ops',
      body: { Name: 'ops', Description: '', Rules: READ_DEFAULT },
    });
    const woken = await waiting;
    expect(woken.status).toBe(200);
    expect((woken.body as Array<{ Name: string }>).map((p) => p.Name)).toEqual(['ops']);
  });

  it('refuse a string where Nomad wants a list or a bool, storing nothing', async () => {
    const { call } = await bootstrapped(102);
    await call({
      method: 'PUT',
      path: '/v1/acl/policy/readonly',
      body: { Name: 'readonly', Description: '', Rules: READ_DEFAULT },
    });
    expect(
      await call({
        method: 'PUT',
        path: '/v1/acl/token',
        body: { Type: 'client', Policies: 'readonly' },
      }),
    ).toMatchObject({
      status: 400,
      body: 'json: cannot unmarshal string into Go struct field .Alias.Policies of type []string',
    });
    expect(
      await call({
        method: 'PUT',
        path: '/v1/acl/token',
        body: { Type: 'client', Policies: ['readonly'], Global: 'true' },
      }),
    ).toMatchObject({
      status: 400,
      body: 'json: cannot unmarshal string into Go struct field .Alias.Global of type bool',
    });
    const tokens = await call({ method: 'GET', path: '/v1/acl/tokens' });
    expect((tokens.body as Array<{ Name: string }>).map((t) => t.Name)).toEqual([
      'Bootstrap Token',
    ]);
  });

  it('refuse a body nested thousands of levels deep, sent as text, without touching the stack', async () => {
    const { call, follower } = await bootstrapped(103);
    const deep = (depth: number) => `{"Name":"p","Rules":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(
      await call({ method: 'PUT', path: '/v1/acl/policy/p', bodyText: deep(5_000) }, follower),
    ).toMatchObject({
      status: 400,
      body: 'json: cannot unmarshal array into Go struct field ACLPolicy.Rules of type string',
    });
    expect(
      await call({ method: 'PUT', path: '/v1/acl/policy/p', bodyText: deep(10_001) }),
    ).toMatchObject({ status: 400, body: "invalid character '[' exceeded max depth" });
    expect(
      await call({ method: 'PUT', path: '/v1/acl/policy/p', bodyText: '['.repeat(500_000) }),
    ).toMatchObject({ status: 400, body: "invalid character '[' exceeded max depth" });
    expect(
      await call({ method: 'PUT', path: '/v1/acl/policy/p', bodyText: '{"Name": "p", "Rules": ' }),
    ).toMatchObject({ status: 400, body: 'unexpected EOF' });
  });

  it('refuse a deeply nested JSON value sent to a follower, which would otherwise be forwarded as it is', async () => {
    const { call, follower } = await bootstrapped(104);
    expect(
      await call(
        {
          method: 'PUT',
          path: '/v1/acl/policy/p',
          body: { Name: 'p', Description: nested(1_000), Rules: READ_DEFAULT },
        },
        follower,
      ),
    ).toMatchObject({
      status: 400,
      body: 'json: cannot unmarshal array into Go struct field ACLPolicy.Description of type string',
    });
    expect(
      await call(
        { method: 'PUT', path: '/v1/acl/policy/p', body: { Name: 'p', Rules: nested(1_000) } },
        follower,
      ),
    ).toMatchObject({ status: 400 });
    expect((await call({ method: 'GET', path: '/v1/acl/policies' })).body).toEqual([]);
  });

  it('take the policy name and token accessor from the decoded body, as Nomad compares them with the path', async () => {
    const { call } = await bootstrapped(105);
    expect(
      await call({ method: 'PUT', path: '/v1/acl/policy/p', body: { Rules: READ_DEFAULT } }),
    ).toMatchObject({ status: 400, body: 'ACL policy name does not match request path' });
    expect(
      await call({
        method: 'PUT',
        path: '/v1/acl/policy/p',
        body: { name: 'p', RULES: READ_DEFAULT },
      }),
    ).toMatchObject({ status: 200 });
    const created = await call({
      method: 'PUT',
      path: '/v1/acl/token',
      body: { Type: 'client', Policies: ['p'] },
    });
    const accessor = (created.body as { AccessorID: string }).AccessorID;
    expect(
      await call({
        method: 'PUT',
        path: `/v1/acl/token/${accessor}`,
        body: { Type: 'client', Policies: ['p'], Name: 'renamed' },
      }),
    ).toMatchObject({
      status: 400,
      body: 'ACL token accessor does not match request path',
    });
    expect(await call({ method: 'PUT', path: '/v1/acl/token', bodyText: '' })).toMatchObject({
      status: 400,
      body: 'Request body is empty',
    });
  });

  it('decode the bootstrap request and a job registration against their structs', async () => {
    const cluster = new Cluster({
      seed: 106,
      regions: [{ name: 'global', servers: 1 }],
      aclEnabled: true,
    });
    ApiLayer.install(cluster);
    cluster.startAll();
    await cluster.waitForLeader('global');
    const address = cluster.serversOf('global')[0]?.address as string;
    expect(
      await cluster.http(address, {
        method: 'PUT',
        path: '/v1/acl/bootstrap',
        body: { BootstrapSecret: 5 },
      }),
    ).toMatchObject({
      status: 400,
      body: 'failed to decode request body: json: cannot unmarshal number into Go struct field ACLTokenBootstrapRequest.BootstrapSecret of type string',
    });
    expect(
      await cluster.http(address, { method: 'PUT', path: '/v1/acl/bootstrap', bodyText: '{' }),
    ).toMatchObject({ status: 400, body: 'failed to decode request body: unexpected EOF' });
    const boot = await cluster.http(address, {
      method: 'PUT',
      path: '/v1/acl/bootstrap',
      bodyText: '',
    });
    expect(boot.status).toBe(200);
    const token = (boot.body as { SecretID: string }).SecretID;
    expect(
      await cluster.http(address, {
        method: 'PUT',
        path: '/v1/jobs',
        token,
        body: { Job: { ID: 5 } },
      }),
    ).toMatchObject({
      status: 400,
      body: 'json: cannot unmarshal number into Go struct field Job.Job.ID of type string',
    });
    expect(await cluster.http(address, { method: 'PUT', path: '/v1/jobs', token })).toMatchObject({
      status: 400,
      body: 'Request body is empty',
    });
    expect(
      await cluster.http(address, {
        method: 'PUT',
        path: '/v1/jobs',
        token,
        body: { Job: { ID: 'web', Priority: 70 } },
      }),
    ).toMatchObject({ status: 200 });
  });

  it('answer 500 in the tutorial era, as Nomad 1.0 coded its decode failures', async () => {
    const { call } = await bootstrapped(107, 'tutorial');
    expect(
      await call({ method: 'PUT', path: '/v1/acl/token', body: { Type: 'client', Policies: [1] } }),
    ).toMatchObject({
      status: 500,
      body: 'json: cannot unmarshal number into Go struct field ACLToken.Policies of type string',
    });
    expect(
      await call({
        method: 'PUT',
        path: '/v1/acl/token',
        body: { Type: 'client', Policies: ['p'], CreateTime: 'tomorrow' },
      }),
    ).toMatchObject({
      status: 500,
      body: 'parsing time "\\"tomorrow\\"" as "\\"2006-01-02T15:04:05Z07:00\\"": cannot parse "tomorrow\\"" as "2006"',
    });
  });
});

describe('token expiry given in a body', () => {
  it.each([
    [
      'tomorrow',
      'parsing time "tomorrow" as "2006-01-02T15:04:05Z07:00": cannot parse "tomorrow" as "2006"',
    ],
    [
      '99999-01-01T00:00:00Z',
      'parsing time "99999-01-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "9-01-01T00:00:00Z" as "-"',
    ],
    [
      '2024-05-01T12:00:00',
      'parsing time "2024-05-01T12:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
    ],
  ])(
    'ExpirationTime %j is refused rather than making a token that never expires',
    async (expiry, message) => {
      const { call } = await bootstrapped(108);
      await call({
        method: 'PUT',
        path: '/v1/acl/policy/readonly',
        body: { Name: 'readonly', Description: '', Rules: READ_DEFAULT },
      });
      expect(
        await call({
          method: 'PUT',
          path: '/v1/acl/token',
          body: { Type: 'client', Policies: ['readonly'], ExpirationTime: expiry },
        }),
      ).toMatchObject({ status: 400, body: message });
      const tokens = await call({ method: 'GET', path: '/v1/acl/tokens' });
      expect((tokens.body as unknown[]).length).toBe(1);
    },
  );

  it("a valid ExpirationTime with a zone is kept, and a bad ExpirationTTL gets Go's duration error", async () => {
    const { cluster, call } = await bootstrapped(109);
    await call({
      method: 'PUT',
      path: '/v1/acl/policy/readonly',
      body: { Name: 'readonly', Description: '', Rules: READ_DEFAULT },
    });
    const created = await call({
      method: 'PUT',
      path: '/v1/acl/token',
      body: { Type: 'client', Policies: ['readonly'], ExpirationTime: '2024-05-01T14:00:00+02:00' },
    });
    expect(created.status).toBe(200);
    expect((created.body as { ExpirationTime: string }).ExpirationTime).toBe(
      '2024-05-01T12:00:00Z',
    );
    expect(cluster.sim.now).toBeLessThan(2 * 3_600_000);
    expect(
      await call({
        method: 'PUT',
        path: '/v1/acl/token',
        body: { Type: 'client', Policies: ['readonly'], ExpirationTTL: '1d' },
      }),
    ).toMatchObject({
      status: 400,
      body: 'time: unknown unit "d" in duration "1d"',
    });
  });
});

describe('blocking query wait times', () => {
  it('?wait=-5s parses as a Go duration and waits the default time, through a follower too', async () => {
    const { cluster, call, follower } = await bootstrapped(110);
    const first = await call({ method: 'GET', path: '/v1/acl/policies' });
    const index = first.headers['X-Nomad-Index'] as string;
    const started = cluster.sim.now;
    const waiting = call(
      { method: 'GET', path: '/v1/acl/policies', query: { index, wait: '-5s' } },
      follower,
    );
    await cluster.sim.sleep(30_000);
    await call({
      method: 'PUT',
      path: '/v1/acl/policy/ops',
      body: { Name: 'ops', Description: '', Rules: READ_DEFAULT },
    });
    const woken = await waiting;
    expect(woken.status).toBe(200);
    expect((woken.body as Array<{ Name: string }>).map((p) => p.Name)).toEqual(['ops']);
    expect(cluster.sim.now - started).toBeGreaterThanOrEqual(30_000);
  });

  it("writes do not read ?wait= or ?index=, as Nomad's parseWriteRequest does not", async () => {
    const { call } = await bootstrapped(111);
    expect(
      await call({
        method: 'PUT',
        path: '/v1/acl/policy/ops',
        query: { wait: 'soon', index: 'x' },
        body: { Name: 'ops', Description: '', Rules: READ_DEFAULT },
      }),
    ).toMatchObject({ status: 200 });
    expect(
      await call({ method: 'GET', path: '/v1/acl/policies', query: { wait: 'soon' } }),
    ).toMatchObject({ status: 400, body: 'Invalid wait time' });
  });
});
