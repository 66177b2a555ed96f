/**
 * Bad input to the `nomad` emulator against a real simulated cluster: each mistake prints
 * Nomad's kind of error, exits non-zero, and leaves the cluster's replicated state unchanged.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { runNomad, splitCommandLine } from '../src/cli/nomad/index.js';
import { clusterTransport } from '../src/scenario/cluster-transport.js';
import { encode } from '../src/sim/codec.js';

describe('nomad emulator on bad input', () => {
  it('prints errors and changes nothing', async () => {
    const cluster = new Cluster({
      seed: 51,
      regions: [{ name: 'global', servers: 3 }],
      aclEnabled: true,
    });
    ApiLayer.install(cluster);
    cluster.startAll();
    await cluster.waitForLeader('global');
    await cluster.sim.sleep(1_000);
    const address = `http://${cluster.serversOf('global')[0]?.address}:4646`;
    const files = new Map([
      ['bad.hcl', 'namespace "default" {\n  policy = \n}\n'],
      ['unknown.hcl', 'namespace "default" { policy = "superuser" }'],
    ]);
    const nomad = (line: string, token?: string) =>
      runNomad(splitCommandLine(line), {
        env: { NOMAD_ADDR: address, ...(token === undefined ? {} : { NOMAD_TOKEN: token }) },
        transport: clusterTransport(cluster),
        files: { read: (path) => files.get(path) },
        profile: 'modern',
        defaultAddress: address,
        now: cluster.sim.now,
      });
    const boot = await nomad('acl bootstrap');
    expect(boot.exitCode).toBe(0);
    const secret = /Secret ID\s+=\s+(\S+)/.exec(boot.stdout)?.[1] as string;
    const state = () =>
      encode(
        (
          cluster.leaderOf('global')?.fsm as NonNullable<ReturnType<Cluster['leaderOf']>>['fsm']
        )?.snapshot(),
      );
    const before = state();

    const cases: Array<[string, RegExp, string | undefined]> = [
      ['frobnicate', /^Usage: nomad/m, secret],
      ['acl policy apply -bogus x bad.hcl', /flag provided but not defined: -bogus/, secret],
      ['acl policy apply onlyname', /This command takes two arguments/, secret],
      [
        'acl policy apply broken bad.hcl',
        /Error writing ACL policy: Unexpected response code: 400 \(policy 0 invalid: .*Failed to parse ACL Policy/s,
        secret,
      ],
      [
        'acl policy apply wrongword unknown.hcl',
        /Error writing ACL policy: Unexpected response code: 400 \(policy 0 invalid: .*Invalid namespace policy/s,
        secret,
      ],
      ['acl policy apply missing nosuchfile.hcl', /no such file or directory/, secret],
      [
        'acl token create -name x -type client',
        /Error creating token: Unexpected response code: 400 \(token 0 invalid: .*client token missing policies or roles/s,
        secret,
      ],
      [
        'acl token create -name x -type management',
        // Through a follower: its connection pool puts `rpc error: ` before the leader's refusal.
        /Error creating token: Unexpected response code: 403 \((rpc error: )*Permission denied\)/,
        'not-a-uuid',
      ],
      [
        'acl token delete 00000000-0000-0000-0000-000000000000',
        /Error deleting token: Unexpected response code: 400 \(Cannot delete nonexistent tokens: 00000000-0000-0000-0000-000000000000\)/,
        secret,
      ],
      [
        'status',
        /Error querying jobs: Unexpected response code: 403 \((rpc error: )*Permission denied\)/,
        '11111111-2222-3333-4444-555555555555',
      ],
    ];
    for (const [line, expected, token] of cases) {
      const result = await nomad(line, token);
      expect(result.exitCode, line).not.toBe(0);
      expect(`${result.stdout}${result.stderr}`, line).toMatch(expected);
    }
    await cluster.sim.sleep(1_000);
    expect(state()).toEqual(before);
  });
});
