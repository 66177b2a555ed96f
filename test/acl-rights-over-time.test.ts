/**
 * A token's rights follow time and its policies, through the HTTP API of running servers (not only
 * the resolver on its own):
 *
 * - a token created with an expiration TTL works until it expires, then every server refuses it
 *   (`token self`: `ACL token expired`, 500; other endpoints: `Permission denied`), in its own
 *   region and, for a global token, in the region it was replicated to; an hour after its
 *   creation the leaders' garbage collection deletes it (global tokens in the authoritative
 *   region, the deletion then replicates; local ones in their own region);
 * - a token whose policy is downgraded loses the rights it had at once, on the same server that
 *   just compiled and cached its ACL (Nomad's ACL cache is keyed by the policies' hashes, so a
 *   changed policy is never served from the cache), and gets them back when it is upgraded again.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import type { Server } from '../src/server/server.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { createIdSource } from '../src/sim/ids.js';
import { TimedClient, writeReplicationTokens } from '../src/check/index.js';
import type { ApiRequest, ApiResponse } from '../src/server/http.js';

async function federation(regions: string[]) {
  const cluster = new Cluster({
    seed: 21,
    regions: regions.map((name) => ({ name, servers: 1 })),
    authoritativeRegion: 'global',
    aclEnabled: true,
  });
  ApiLayer.install(cluster);
  const secret = createIdSource(cluster.sim.rng.split('secret'))();
  writeReplicationTokens(cluster, 'global', secret);
  cluster.startAll();
  for (const region of regions) await cluster.waitForLeader(region);
  await cluster.sim.sleep(2_000);
  const client = new TimedClient(cluster, 'operator');
  const server = (region: string): Server => cluster.serversOf(region)[0] as Server;
  const http = (region: string, request: ApiRequest): Promise<ApiResponse> =>
    client.http(server(region).address, request);
  expect(
    (
      await http('global', {
        method: 'PUT',
        path: '/v1/acl/bootstrap',
        body: { BootstrapSecret: secret },
      })
    ).status,
  ).toBe(200);
  return { cluster, secret, http };
}

const rules = (level: string): string => `namespace "default" {\n  policy = "${level}"\n}\n`;

describe('a token with an expiration TTL', () => {
  it('works until it expires, then is refused in its region and wherever it was replicated', async () => {
    const { cluster, secret, http } = await federation(['global', 'europe']);
    const put = (name: string, level: string) =>
      http('global', {
        method: 'PUT',
        path: `/v1/acl/policy/${name}`,
        token: secret,
        body: { Name: name, Rules: rules(level) },
      });
    expect((await put('reader', 'read')).status).toBe(200);
    const create = (global: boolean) =>
      http('global', {
        method: 'PUT',
        path: '/v1/acl/token',
        token: secret,
        body: {
          Name: global ? 'g' : 'l',
          Type: 'client',
          Policies: ['reader'],
          Global: global,
          ExpirationTTL: '1m',
        },
      });
    const global = (await create(true)).body as { SecretID: string; ExpirationTime: string };
    const local = (await create(false)).body as { SecretID: string };
    const createdAt = cluster.sim.now;
    const self = (region: string, token: string) =>
      http(region, { method: 'GET', path: '/v1/acl/token/self', token });
    const jobs = (region: string, token: string) =>
      http(region, { method: 'GET', path: '/v1/jobs', token });
    // Europe's replicator backed off (30 s) while ACLs were not bootstrapped yet: wait for the copy.
    while ((await self('europe', global.SecretID)).status !== 200) {
      expect(cluster.sim.now - createdAt).toBeLessThan(45_000);
      await cluster.sim.sleep(1_000);
    }
    expect((await self('global', global.SecretID)).status).toBe(200);
    expect((await self('global', local.SecretID)).status).toBe(200);
    expect((await jobs('europe', global.SecretID)).status).toBe(200);
    expect((await jobs('global', local.SecretID)).status).toBe(200);

    await cluster.sim.sleep(createdAt + 61_000 - cluster.sim.now);
    for (const [region, token] of [
      ['global', global.SecretID],
      ['europe', global.SecretID],
      ['global', local.SecretID],
    ] as const) {
      const refused = await self(region, token);
      // token self returns the resolution error as it is: a plain error, so 500 (2.0.5); the
      // other endpoints answer Permission denied.
      expect(refused).toMatchObject({ status: 500, body: 'ACL token expired' });
      expect(await jobs(region, token)).toMatchObject({ status: 403, body: 'Permission denied' });
    }
    // The management token, which never expires, still works.
    expect((await self('europe', secret)).status).toBe(200);
  });
});

describe('a token whose policy is downgraded', () => {
  it('loses its rights at once on the server that cached its ACL, and gets them back on an upgrade', async () => {
    const { secret, http } = await federation(['global']);
    const put = (level: string) =>
      http('global', {
        method: 'PUT',
        path: '/v1/acl/policy/dev',
        token: secret,
        body: { Name: 'dev', Rules: rules(level) },
      });
    expect((await put('write')).status).toBe(200);
    const token = (
      (
        await http('global', {
          method: 'PUT',
          path: '/v1/acl/token',
          token: secret,
          body: { Name: 'dev', Type: 'client', Policies: ['dev'] },
        })
      ).body as { SecretID: string }
    ).SecretID;
    const register = (id: string) =>
      http('global', { method: 'PUT', path: '/v1/jobs', token, body: { Job: { ID: id } } });
    const list = () => http('global', { method: 'GET', path: '/v1/jobs', token });

    expect((await register('web')).status).toBe(200);
    expect((await list()).status).toBe(200);
    expect((await put('read')).status).toBe(200);
    expect((await register('api')).status).toBe(403);
    expect((await list()).status).toBe(200);
    expect((await put('deny')).status).toBe(200);
    expect((await list()).status).toBe(403);
    expect((await put('write')).status).toBe(200);
    expect((await register('api')).status).toBe(200);
  });
});

describe('expired-token garbage collection', () => {
  it('deletes expired tokens an hour after they were written: global ones in the authoritative region (then everywhere), local ones in their region', async () => {
    const { cluster, secret, http } = await federation(['global', 'europe']);
    const put = await http('global', {
      method: 'PUT',
      path: '/v1/acl/policy/reader',
      token: secret,
      body: { Name: 'reader', Rules: rules('read') },
    });
    expect(put.status).toBe(200);
    const create = (region: string, name: string, global: boolean) =>
      http(region, {
        method: 'PUT',
        path: '/v1/acl/token',
        token: secret,
        body: {
          Name: name,
          Type: 'client',
          Policies: ['reader'],
          Global: global,
          ExpirationTTL: '1m',
        },
      });
    const accessor = async (region: string, name: string, global: boolean) =>
      ((await create(region, name, global)).body as { AccessorID: string }).AccessorID;
    const keeper = await http('global', {
      method: 'PUT',
      path: '/v1/acl/token',
      token: secret,
      body: { Name: 'keeper', Type: 'client', Policies: ['reader'], Global: true },
    });
    expect(keeper.status).toBe(200);
    const g = await accessor('global', 'g', true);
    await cluster.sim.sleep(35_000); // the europe copy of the global token, and the policy
    const e = await accessor('europe', 'e', false);
    const createdAt = cluster.sim.now;
    const holds = (region: string, id: string) =>
      cluster.leaderOf(region)?.fsm?.acl.tokenByAccessor(id) !== null;
    expect([holds('global', g), holds('europe', g), holds('europe', e)]).toEqual([
      true,
      true,
      true,
    ]);

    // Expired after a minute, but kept for the hour after their writing.
    await cluster.sim.sleep(55 * 60_000);
    expect([holds('global', g), holds('europe', g), holds('europe', e)]).toEqual([
      true,
      true,
      true,
    ]);
    await cluster.sim.sleep(createdAt + 60 * 60_000 + 5 * 60_000 + 40_000 - cluster.sim.now);
    expect([holds('global', g), holds('europe', g), holds('europe', e)]).toEqual([
      false,
      false,
      false,
    ]);
    const keeperId = (keeper.body as { AccessorID: string }).AccessorID;
    expect([holds('global', keeperId), holds('europe', keeperId)]).toEqual([true, true]);
  });
});
