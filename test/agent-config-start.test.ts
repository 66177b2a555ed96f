/**
 * What an agent refuses at start, as Nomad's `isValidConfig` does: no `data_dir` (servers and
 * clients), a relative one; and, in the federation, a server whose node name (`<name>.<region>`)
 * another running server already has. A refused server or client stays stopped and `start()`
 * throws the reason; the spec (§1.2) only says where the data dir is, so the texts are Nomad's own.
 */
import { describe, expect, it } from 'vitest';
import { agentStartProblem, parseAgentConfig } from '../src/agent-config/index.js';
import { Cluster, SERVER_CONFIG_PATH } from '../src/region/cluster.js';
import { CLIENT_CONFIG_PATH } from '../src/region/client-agent.js';
import type { Server } from '../src/server/server.js';

const SERVER_DATA_DIR = 'Must specify "data_dir" config option or "data-dir" CLI flag';
const CLIENT_DATA_DIR = 'Must specify the state, alloc dir, and plugin dir if data-dir is omitted.';

function editConfig(server: Server, edit: (text: string) => string): void {
  server.disk.write(SERVER_CONFIG_PATH, edit(server.disk.readText(SERVER_CONFIG_PATH) ?? ''));
  server.disk.sync(SERVER_CONFIG_PATH);
}

function startError(start: () => void): string {
  try {
    start();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the agent started');
}

describe('agentStartProblem', () => {
  it('a server or client needs an absolute data_dir; a file may leave it to another file', () => {
    expect(agentStartProblem(parseAgentConfig('server {\n  enabled = true\n}\n'))).toBe(
      SERVER_DATA_DIR,
    );
    expect(
      agentStartProblem(parseAgentConfig('data_dir = ""\nserver {\n  enabled = true\n}\n')),
    ).toBe(SERVER_DATA_DIR);
    expect(agentStartProblem(parseAgentConfig('client {\n  enabled = true\n}\n'))).toBe(
      CLIENT_DATA_DIR,
    );
    expect(
      agentStartProblem(
        parseAgentConfig('data_dir = "nomad/data"\nserver {\n  enabled = true\n}\n'),
      ),
    ).toBe('data-dir must be given as an absolute path: got nomad/data');
    expect(
      agentStartProblem(
        parseAgentConfig('data_dir = "/opt/nomad"\nserver {\n  enabled = true\n}\n'),
      ),
    ).toBeNull();
    expect(parseAgentConfig('server {\n  enabled = true\n}\n').dataDir).toBe('');
  });
});

describe('a simulated agent refuses to start', () => {
  it('a server whose config has no data_dir', async () => {
    const cluster = new Cluster({ seed: 21, regions: [{ name: 'global', servers: 3 }] });
    cluster.startAll();
    await cluster.waitForLeader('global');
    const server = cluster.server('global/server-2');
    await cluster.stop(server);
    editConfig(server, (text) => text.replace(/^data_dir .*$/m, 'data_dir = ""'));
    expect(startError(() => server.start())).toBe(
      `server global/server-2 refuses to start: ${SERVER_DATA_DIR}`,
    );
    expect(server.status).toBe('stopped');
    expect(cluster.membership.get(server.address)?.status).toBe('failed');
  });

  it('a client whose config has no data_dir', () => {
    const cluster = new Cluster({
      seed: 22,
      regions: [{ name: 'global', servers: 1, clients: 1 }],
    });
    const client = cluster.client('global/client-1');
    client.disk.write(
      CLIENT_CONFIG_PATH,
      (client.disk.readText(CLIENT_CONFIG_PATH) ?? '').replace(/^data_dir .*$/m, ''),
    );
    expect(startError(() => client.start())).toBe(
      `client global/client-1 refuses to start: ${CLIENT_DATA_DIR}`,
    );
    expect(client.isRunning).toBe(false);
  });

  it('a server named like another running server of its region', async () => {
    const cluster = new Cluster({ seed: 23, regions: [{ name: 'global', servers: 3 }] });
    cluster.startAll();
    await cluster.waitForLeader('global');
    const second = cluster.server('global/server-2');
    await cluster.stop(second);
    editConfig(second, (text) =>
      text.replace('name       = "server-2"', 'name       = "server-1"'),
    );
    expect(startError(() => second.start())).toBe(
      'server global/server-2 refuses to start: node name "server-1.global" conflicts with another node at 10.1.0.1:4648. Names must be unique!',
    );
    expect(second.status).toBe('stopped');
    expect(
      cluster.membership
        .all()
        .filter((m) => m.name === 'server-1.global')
        .map((m) => m.address),
    ).toEqual(['10.1.0.1']);
  });

  it("a server of another region that claims a running server's name and region", async () => {
    const cluster = new Cluster({
      seed: 24,
      regions: [
        { name: 'global', servers: 1 },
        { name: 'europe', servers: 1 },
      ],
    });
    cluster.startAll();
    await cluster.waitForLeader('global');
    const european = cluster.server('europe/server-1');
    await cluster.stop(european);
    editConfig(european, (text) => text.replace('region     = "europe"', 'region     = "global"'));
    expect(startError(() => european.start())).toBe(
      'server europe/server-1 refuses to start: node name "server-1.global" conflicts with another node at 10.1.0.1:4648. Names must be unique!',
    );
  });

  it("the same name in two regions is two names; a stopped server's name is free", async () => {
    const cluster = new Cluster({
      seed: 25,
      regions: [
        { name: 'global', servers: 3 },
        { name: 'europe', servers: 1 },
      ],
    });
    cluster.startAll();
    await cluster.waitForLeader('global');
    expect(cluster.server('europe/server-1').isRunning).toBe(true);
    const first = cluster.server('global/server-1');
    const second = cluster.server('global/server-2');
    await cluster.stop(first);
    await cluster.stop(second);
    editConfig(second, (text) =>
      text.replace('name       = "server-2"', 'name       = "server-1"'),
    );
    second.start();
    expect(second.name).toBe('server-1');
    expect(startError(() => first.start())).toMatch(
      /^server global\/server-1 refuses to start: node name "server-1.global" conflicts with another node at 10.1.0.2:4648/,
    );
  });
});

describe('keys an older Nomad does not have', () => {
  const withExpiryBounds = (text: string) =>
    text.replace(/^acl \{$/m, 'acl {\n  token_max_expiration_ttl = "48h"');

  it('parseAgentConfig refuses them for that version and accepts them from the version that added them', () => {
    const text = 'acl {\n  enabled = true\n  role_ttl = "1m"\n}\n';
    expect(() => parseAgentConfig(text, { nomadVersion: '1.0.4' })).toThrow(
      'acl unexpected keys role_ttl',
    );
    expect(parseAgentConfig(text, { nomadVersion: '1.4.0' }).acl.roleTtlMs).toBe(60_000);
    expect(parseAgentConfig(text).acl.roleTtlMs).toBe(60_000);
    const csi = 'server {\n  enabled = true\n  csi_plugin_gc_threshold = "1h"\n}\n';
    expect(() => parseAgentConfig(csi, { nomadVersion: '0.9.7' })).toThrow(
      'server unexpected keys csi_plugin_gc_threshold',
    );
    expect(() => parseAgentConfig(csi, { nomadVersion: '1.0.4' })).not.toThrow();
  });

  it('a 1.0 server with a 2.x-only acl key does not start; a 2.x server does', async () => {
    const { ApiLayer } = await import('../src/api/api-layer.js');
    for (const profile of ['v1.0', 'modern'] as const) {
      const cluster = new Cluster({ seed: 23, regions: [{ name: 'global', servers: 1 }] });
      ApiLayer.install(cluster, profile);
      const server = cluster.server('global/server-1');
      editConfig(server, (text) =>
        withExpiryBounds(text.includes('acl {') ? text : `${text}acl {\n}\n`),
      );
      if (profile === 'v1.0')
        expect(startError(() => server.start())).toMatch(
          /acl unexpected keys token_max_expiration_ttl/,
        );
      else {
        server.start();
        expect(server.status).not.toBe('stopped');
      }
    }
  });
});
