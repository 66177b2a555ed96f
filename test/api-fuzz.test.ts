/**
 * Bad input to the HTTP API never crashes a simulated agent: random methods, paths, query
 * parameters, tokens and bodies always get an HTTP answer with one of Nomad's statuses, the
 * simulation keeps running, and a normal request afterwards still works. A second run does the
 * same with a management token, so bodies get past authentication to the decoders and the ACL
 * rules: fields of Nomad's structs (in any letter case) with values of every JSON type, and
 * bodies sent as text (cut short, garbled, nested up to twice Go's depth limit).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import type { ApiRequest, ApiResponse, JsonValue } from '../src/server/http.js';

const pathArb = fc.oneof(
  fc.constantFrom(
    '/v1/acl/bootstrap',
    '/v1/acl/policies',
    '/v1/acl/policy/',
    '/v1/acl/policy/ops',
    '/v1/acl/policy/%zz',
    '/v1/acl/tokens',
    '/v1/acl/token',
    '/v1/acl/token/self',
    '/v1/acl/token/not-a-uuid',
    '/v1/jobs',
    '/v1/job/example',
    '/v1/nodes',
    '/v1/agent/members',
    '/v1/agent/self',
    '/v1/status/leader',
    '/v1/operator/raft/configuration',
    '/v1/nope',
  ),
  fc.string({ maxLength: 30 }).map((s) => `/v1/${s}`),
);

const jsonArb: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>;

const bodyArb: fc.Arbitrary<JsonValue | undefined> = fc.oneof(
  fc.constant(undefined),
  jsonArb,
  fc.record({
    Name: fc.oneof(fc.string(), fc.constant('ops')),
    Description: fc.oneof(fc.string(), fc.integer()),
    Rules: fc.oneof(
      fc.string(),
      fc.constant('namespace "default" { policy = "read" }'),
      fc.integer(),
    ),
  }) as fc.Arbitrary<JsonValue>,
  fc.record({
    Name: fc.string(),
    Type: fc.oneof(fc.constantFrom('client', 'management'), fc.string()),
    Policies: fc.oneof(fc.array(fc.string()), fc.string()),
    Global: fc.oneof(fc.boolean(), fc.string()),
    ExpirationTTL: fc.oneof(fc.string(), fc.integer()),
  }) as fc.Arbitrary<JsonValue>,
  fc.record({
    BootstrapSecret: fc.oneof(fc.string(), fc.uuid(), fc.integer()),
  }) as fc.Arbitrary<JsonValue>,
  fc.record({
    Job: fc.oneof(
      jsonArb,
      fc.record({
        ID: fc.string(),
        Namespace: fc.string(),
        Type: fc.string(),
        Priority: fc.integer(),
      }),
    ),
  }) as fc.Arbitrary<JsonValue>,
);

const requestArb: fc.Arbitrary<ApiRequest> = fc.record(
  {
    method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE'),
    path: pathArb,
    query: fc.dictionary(
      fc.constantFrom('region', 'namespace', 'index', 'wait', 'prefix', 'stale', 'purge'),
      fc.string({ maxLength: 8 }),
      { maxKeys: 3 },
    ),
    token: fc.oneof(fc.string({ maxLength: 40 }), fc.uuid()),
    body: bodyArb,
  },
  { requiredKeys: ['method', 'path'] },
) as fc.Arbitrary<ApiRequest>;

const POLICY_FIELDS = [
  'Name',
  'Description',
  'Rules',
  'RulesJSON',
  'JobACL',
  'Hash',
  'CreateIndex',
  'ModifyIndex',
];
const TOKEN_FIELDS = [
  'AccessorID',
  'SecretID',
  'Name',
  'Type',
  'Policies',
  'Roles',
  'Global',
  'Hash',
  'CreateTime',
  'ExpirationTime',
  'ExpirationTTL',
  'CreateIndex',
  'ModifyIndex',
];
const BOOTSTRAP_FIELDS = [
  'Token',
  'ResetIndex',
  'BootstrapSecret',
  'Region',
  'Namespace',
  'AuthToken',
];
const JOB_FIELDS = [
  'ID',
  'Name',
  'Namespace',
  'Type',
  'Priority',
  'Datacenters',
  'TaskGroups',
  'Region',
];

/** Values that are sometimes right for a field and often of the wrong type. */
const fieldValueArb: fc.Arbitrary<JsonValue> = fc.oneof(
  jsonArb,
  fc.constantFrom(
    'ops',
    'client',
    'management',
    'namespace "default" { policy = "read" }',
    '10m',
    '-1h',
    '1d',
    '',
  ),
  fc.constantFrom(
    '2024-05-01T10:30:00Z',
    '2024-05-02T10:00:00+02:00',
    'tomorrow',
    '99999-01-01T00:00:00Z',
    '2024-05-01T12:00:00',
    '2024-02-30T00:00:00Z',
  ),
  fc.constantFrom<JsonValue>(
    ['ops'],
    [1, 2],
    'readonly',
    'true',
    [{ ID: 5 }],
    [null],
    1e300,
    -1,
    1.5,
    90_000_000_000,
  ),
);

/** A key naming one of `fields` (exactly, in lower case) or nothing known. */
function keyArb(fields: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...fields),
    fc.constantFrom(...fields).map((f) => f.toLowerCase()),
    fc.string({ maxLength: 6 }),
  );
}

/** An object with some of `fields` (any letter case) and stray keys, valued by `fieldValueArb`. */
function structArb(fields: readonly string[]): fc.Arbitrary<JsonValue> {
  return fc.dictionary(keyArb(fields), fieldValueArb, { maxKeys: 6 }) as fc.Arbitrary<JsonValue>;
}

/** A valid body with a few of its fields set to other values (often of the wrong type) or left out. */
function mutatedArb(
  valid: Record<string, JsonValue>,
  fields: readonly string[],
): fc.Arbitrary<Record<string, JsonValue>> {
  return fc
    .tuple(
      fc.array(fc.tuple(keyArb(fields), fieldValueArb), { maxLength: 3 }),
      fc.option(fc.constantFrom(...Object.keys(valid))),
    )
    .map(([changes, dropped]) => {
      const body: Record<string, JsonValue> = { ...valid };
      if (dropped !== null) delete body[dropped];
      for (const [key, value] of changes) body[key] = value;
      return body;
    });
}

const policyBodyArb = mutatedArb(
  { Name: 'ops', Description: 'd', Rules: 'namespace "default" { policy = "read" }' },
  POLICY_FIELDS,
);
const tokenBodyArb = mutatedArb(
  { Name: 't', Type: 'client', Policies: ['ops'], Global: false },
  TOKEN_FIELDS,
);
const jobBodyArb = mutatedArb(
  { ID: 'web', Name: 'web', Type: 'service', Priority: 50 },
  JOB_FIELDS,
).map((Job) => ({ Job }));

const typedBodyArb: fc.Arbitrary<JsonValue> = fc.oneof(
  structArb(POLICY_FIELDS),
  structArb(TOKEN_FIELDS),
  structArb(BOOTSTRAP_FIELDS),
  fc.record({ Job: fc.oneof(structArb(JOB_FIELDS), jsonArb) }) as fc.Arbitrary<JsonValue>,
);

/** The JSON text of a body, cut short or with a few characters put in somewhere. */
function garbled(body: fc.Arbitrary<JsonValue>): fc.Arbitrary<string> {
  return fc.tuple(body, fc.nat(), fc.string({ maxLength: 2 })).map(([value, at, insert]) => {
    const text = JSON.stringify(value);
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + insert + (insert === '' ? '' : text.slice(cut));
  });
}

/** Body texts: garbled JSON, raw strings, deep nesting (closed or not) up to twice Go's limit. */
const bodyTextArb: fc.Arbitrary<string> = fc.oneof(
  garbled(typedBodyArb),
  fc.string({ maxLength: 40 }),
  fc
    .tuple(
      fc.integer({ min: 0, max: 20_000 }),
      fc.constantFrom('[', '{"Rules":', '{"Name":"ops","Rules":['),
      fc.boolean(),
    )
    .map(([depth, open, closed]) => {
      const close = open === '[' ? ']' : open.endsWith('[') ? ']}' : '}';
      return open.repeat(depth) + (closed ? close.repeat(depth) : '');
    }),
);

/** A write whose path and body belong together, the body sent as a value or as text. */
function writeArb(
  path: string,
  body: fc.Arbitrary<JsonValue>,
): fc.Arbitrary<Pick<ApiRequest, 'method' | 'path' | 'body' | 'bodyText'>> {
  return fc
    .tuple(
      fc.constantFrom<ApiRequest['method']>('PUT', 'POST'),
      fc.oneof(
        { weight: 3, arbitrary: body.map((b) => ({ body: b })) },
        garbled(body).map((t) => ({ bodyText: t })),
      ),
    )
    .map(([method, sent]) => ({ method, path, ...sent }));
}

const writePathArb = fc.constantFrom(
  '/v1/acl/bootstrap',
  '/v1/acl/policy/ops',
  '/v1/acl/policy/Ops',
  '/v1/acl/token',
  '/v1/acl/token/not-a-uuid',
  '/v1/jobs',
);

/** A status and body Nomad's HTTP layer could write: JSON on 200, else a non-empty plain-text error. */
function expectWellFormed(response: ApiResponse): void {
  expect([200, 400, 403, 404, 405, 500]).toContain(response.status);
  expect(typeof response.headers).toBe('object');
  for (const value of Object.values(response.headers)) expect(typeof value).toBe('string');
  if (response.status === 200) expect(response.body).not.toBeUndefined();
  else {
    expect(typeof response.body).toBe('string');
    expect((response.body as string).length).toBeGreaterThan(0);
  }
}

describe('HTTP API fuzz', () => {
  it('answers every request with a Nomad status and keeps serving', async () => {
    const cluster = new Cluster({
      seed: 61,
      regions: [
        { name: 'global', servers: 3 },
        { name: 'europe', servers: 1 },
      ],
      aclEnabled: true,
      authoritativeRegion: 'global',
    });
    ApiLayer.install(cluster);
    cluster.startAll();
    await cluster.waitForLeader('global');
    await cluster.waitForLeader('europe');
    const address = cluster.serversOf('global')[0]?.address as string;
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 8 }), async (requests) => {
        for (const request of requests) {
          const clean: ApiRequest = {
            ...request,
            query: {
              ...request.query,
              ...(request.query?.wait !== undefined ? { wait: '1s' } : {}),
            },
          };
          if (clean.body === undefined) delete clean.body;
          const response = await cluster.http(address, clean);
          expect([200, 400, 403, 404, 405, 500]).toContain(response.status);
          if (response.status !== 200) expect(typeof response.body).toBe('string');
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
    const leader = await cluster.http(address, { method: 'GET', path: '/v1/status/leader' });
    expect(leader.status).toBe(200);
  });

  it('with a management token, answers bodies of every wrong type and shape without an exception leaving a handler', async () => {
    const cluster = new Cluster({
      seed: 62,
      regions: [{ name: 'global', servers: 3 }],
      aclEnabled: true,
      authoritativeRegion: 'global',
    });
    ApiLayer.install(cluster);
    cluster.startAll();
    await cluster.waitForLeader('global');
    const addresses = cluster.serversOf('global').map((s) => s.address);
    const boot = await cluster.http(addresses[0] as string, {
      method: 'PUT',
      path: '/v1/acl/bootstrap',
    });
    expect(boot.status).toBe(200);
    const management = (boot.body as { SecretID: string }).SecretID;
    const anyRequestArb = fc
      .record({
        method: fc.constantFrom<ApiRequest['method']>('PUT', 'POST', 'GET', 'DELETE'),
        path: fc.oneof(writePathArb, pathArb),
        body: fc.oneof(
          typedBodyArb.map((body) => ({ body })),
          bodyTextArb.map((bodyText) => ({ bodyText })),
          fc.constant({}),
        ),
      })
      .map(({ method, path, body }) => ({ method, path, ...body }));
    const typedRequestArb: fc.Arbitrary<ApiRequest> = fc
      .oneof(
        writeArb('/v1/acl/policy/ops', policyBodyArb as fc.Arbitrary<JsonValue>),
        writeArb('/v1/acl/token', tokenBodyArb as fc.Arbitrary<JsonValue>),
        writeArb('/v1/jobs', jobBodyArb as fc.Arbitrary<JsonValue>),
        writeArb('/v1/acl/bootstrap', structArb(BOOTSTRAP_FIELDS)),
        anyRequestArb,
      )
      .map((request) => ({ ...request, token: management }));
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(typedRequestArb, fc.constantFrom(...addresses)), {
          minLength: 1,
          maxLength: 8,
        }),
        async (requests) => {
          for (const [request, address] of requests) {
            let response: ApiResponse;
            try {
              response = await cluster.http(address, request);
            } catch (error) {
              throw new Error(`${request.method} ${request.path} failed with ${String(error)}`);
            }
            expectWellFormed(response);
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
    // The bodies reach past decoding: some writes succeed, most are refused.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    const policies = await cluster.http(addresses[1] as string, {
      method: 'GET',
      path: '/v1/acl/policies',
      token: management,
    });
    expect(policies.status).toBe(200);
    for (const policy of policies.body as Array<Record<string, unknown>>) {
      expect(typeof policy.Name).toBe('string');
      expect(typeof policy.Description).toBe('string');
    }
    const tokens = await cluster.http(addresses[2] as string, {
      method: 'GET',
      path: '/v1/acl/tokens',
      token: management,
    });
    expect(tokens.status).toBe(200);
    for (const token of tokens.body as Array<Record<string, unknown>>) {
      expect(typeof token.Global).toBe('boolean');
      expect(
        token.Policies === null ||
          (Array.isArray(token.Policies) && token.Policies.every((p) => typeof p === 'string')),
      ).toBe(true);
    }
  });
});
