/**
 * Bad input to the HTTP API never crashes a simulated agent: random methods, paths, query
 * parameters, tokens and bodies always get an HTTP answer with one of Nomad's statuses, the
 * simulation keeps running, and a normal request afterwards still works.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import type { ApiRequest, JsonValue } from '../src/server/http.js';

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
  fc.record({ Name: fc.oneof(fc.string(), fc.constant('ops')), Description: fc.oneof(fc.string(), fc.integer()), Rules: fc.oneof(fc.string(), fc.constant('namespace "default" { policy = "read" }'), fc.integer()) }) as fc.Arbitrary<JsonValue>,
  fc.record({ Name: fc.string(), Type: fc.oneof(fc.constantFrom('client', 'management'), fc.string()), Policies: fc.oneof(fc.array(fc.string()), fc.string()), Global: fc.oneof(fc.boolean(), fc.string()), ExpirationTTL: fc.oneof(fc.string(), fc.integer()) }) as fc.Arbitrary<JsonValue>,
  fc.record({ BootstrapSecret: fc.oneof(fc.string(), fc.uuid(), fc.integer()) }) as fc.Arbitrary<JsonValue>,
  fc.record({ Job: fc.oneof(jsonArb, fc.record({ ID: fc.string(), Namespace: fc.string(), Type: fc.string(), Priority: fc.integer() })) }) as fc.Arbitrary<JsonValue>,
);

const requestArb: fc.Arbitrary<ApiRequest> = fc.record(
  {
    method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE'),
    path: pathArb,
    query: fc.dictionary(fc.constantFrom('region', 'namespace', 'index', 'wait', 'prefix', 'stale', 'purge'), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
    token: fc.oneof(fc.string({ maxLength: 40 }), fc.uuid()),
    body: bodyArb,
  },
  { requiredKeys: ['method', 'path'] },
) as fc.Arbitrary<ApiRequest>;

describe('HTTP API fuzz', () => {
  it('answers every request with a Nomad status and keeps serving', async () => {
    const cluster = new Cluster({ seed: 61, regions: [{ name: 'global', servers: 3 }, { name: 'europe', servers: 1 }], aclEnabled: true, authoritativeRegion: 'global' });
    ApiLayer.install(cluster);
    cluster.startAll();
    await cluster.waitForLeader('global');
    await cluster.waitForLeader('europe');
    const address = cluster.serversOf('global')[0]?.address as string;
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 8 }), async (requests) => {
        for (const request of requests) {
          const clean: ApiRequest = { ...request, query: { ...request.query, ...(request.query?.wait !== undefined ? { wait: '1s' } : {}) } };
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
});
