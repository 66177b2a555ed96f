/**
 * The shell and the replicated objects besides policies and tokens: `status` shows, per region,
 * the roles, auth methods, binding rules, namespaces and node pools the played Nomad has (counts,
 * and in a replicating region the index each kind reached of the authoritative region's), and Tab
 * completion offers only the commands that Nomad has and completes role, namespace and node pool
 * names where the commands take them.
 */
import { describe, expect, it } from 'vitest';
import { driveShell } from './support/shell-driver.js';
import { completeLine } from '../src/scenario/shell/index.js';
import type { ProfileName } from '../src/acl/index.js';

const SMALL = [
  { name: 'global', servers: 1 },
  { name: 'europe', servers: 1 },
];

async function federation(profile: ProfileName) {
  const d = await driveShell({ regions: SMALL, profile, seed: 7 });
  await d.run(
    'config set global acl.enabled=true server.authoritative_region=global',
    'rolling-restart global',
    profile === 'modern'
      ? "export NOMAD_TOKEN=$(nomad acl bootstrap -t '{{.SecretID}}')"
      : 'nomad acl bootstrap',
  );
  return d;
}

describe('nomad-sim shell: status of the other replicated kinds', () => {
  it('2.0.5: counts per region, the index each kind reached of global’s, and failing kinds', async () => {
    const d = await federation('modern');
    const token = (await d.run('echo $NOMAD_TOKEN')).out.split('\n')[1]?.trim() ?? '';
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    await d.run(
      "cat > p.hcl <<'EOF'",
      'namespace "default" { policy = "read" }',
      'EOF',
      'nomad acl policy apply web p.hcl',
      'nomad acl role create -name=readers -policy=web',
      'nomad namespace apply -description "Web team" web',
    );
    // europe replicates anonymously first: the kinds that need a token fail.
    await d.run(
      'config set europe acl.enabled=true server.authoritative_region=global',
      'rolling-restart europe',
      'sleep 40s',
    );
    const anonymous = (await d.run('status')).out;
    expect(anonymous).toMatch(
      /^ {2}objects {3}1 role · 0 auth methods · 0 binding rules · 2 namespaces · 2 node pools$/m,
    );
    // Anonymous callers list no roles (global's index, but nothing copied) and may not list
    // binding rules; deleting the built-in namespace and node pools is refused.
    expect(anonymous).toMatch(
      /^ {2}objects {3}0 roles · 0 auth methods · 0 binding rules · 1 namespace/m,
    );
    expect(anonymous).toMatch(
      /^ {4}others {4}roles 10\/10 · auth-methods 1\/1 · binding-rules -\/1 · /m,
    );
    expect(anonymous).toMatch(
      /^ {4}failing {3}binding-rules [\d.]+s ago: rpc error: Permission denied; namespaces [\d.]+s ago: default namespace can not be deleted; /m,
    );
    await d.run(
      `config set europe acl.replication_token=${token}`,
      'rolling-restart europe',
      'sleep 40s',
    );
    const replicated = (await d.run('status')).out;
    const europe = replicated.slice(replicated.indexOf('\neurope '));
    expect(europe).toMatch(
      /^ {2}objects {3}1 role · 0 auth methods · 0 binding rules · 2 namespaces · 2 node pools$/m,
    );
    const others = /^ {4}others {4}(.*)$/m.exec(europe)?.[1] ?? '';
    expect(others).toMatch(/ · in sync$/);
    const entries = others.replace(/ · in sync$/, '').split(' · ');
    expect(entries.map((e) => e.split(' ')[0])).toEqual([
      'roles',
      'auth-methods',
      'binding-rules',
      'namespaces',
      'node-pools',
    ]);
    for (const entry of entries) {
      const [reached, source] = (entry.split(' ')[1] ?? '').split('/');
      expect(reached, entry).toBe(source);
    }
    expect(europe).not.toMatch(/^ {4}failing/m);
  });

  it('0.9.7 has none of them: status keeps its policies and tokens lines only', async () => {
    const d = await federation('tutorial');
    await d.run(
      'config set europe acl.enabled=true server.authoritative_region=global',
      'rolling-restart europe',
      'sleep 40s',
    );
    const status = (await d.run('status')).out;
    expect(status).toContain('  replication from global');
    expect(status).not.toMatch(/^ {2}objects|^ {4}others|^ {4}failing/m);
  });

  it("0.9.7's nomad namespace commands reach the agent, which keeps them for Enterprise", async () => {
    const d = await driveShell({ regions: SMALL, profile: 'tutorial', seed: 7 });
    const list = await d.run('nomad namespace list');
    expect(list.out).toMatch(
      /\$ nomad namespace list\nError retrieving namespaces: Unexpected response code: 501 \(Nomad Enterprise only endpoint\)\n$/,
    );
    expect(list.status).toBe(1);
    const remove = await d.run('nomad namespace delete default');
    expect(remove.out).toContain(
      '\nError deleting namespace: Unexpected response code: 501 (Nomad Enterprise only endpoint)\n',
    );
    expect(remove.status).toBe(1);
  });

  it('1.0.4 replicates namespaces only besides policies and tokens', async () => {
    const d = await federation('v1.0');
    await d.run(
      'config set europe acl.enabled=true server.authoritative_region=global',
      'rolling-restart europe',
      'sleep 40s',
    );
    const status = (await d.run('status')).out;
    expect(status).toMatch(/^ {2}objects {3}1 namespace$/m);
    expect(status).toMatch(/^ {4}others {4}namespaces [-\d]+\/\d+/m);
  });
});

describe('nomad-sim shell: completion per version', () => {
  const complete = async (d: Awaited<ReturnType<typeof driveShell>>, line: string) =>
    (await completeLine(d.shell, line))[0];

  it('offers only the commands the played Nomad has', async () => {
    const tutorial = await driveShell({ regions: SMALL, profile: 'tutorial' });
    expect(await complete(tutorial, 'nomad acl ')).toEqual(['bootstrap', 'policy', 'token']);
    expect(await complete(tutorial, 'nomad n')).toEqual(['namespace', 'node']);
    expect(await complete(tutorial, 'nomad node ')).toEqual(['status']);
    // 0.9's namespace commands exist, but its agent refuses them: no namespace names to offer.
    expect(await complete(tutorial, 'nomad namespace status ')).toEqual([]);
    const v10 = await driveShell({ regions: SMALL, profile: 'v1.0' });
    expect(await complete(v10, 'nomad acl ')).toEqual(['bootstrap', 'policy', 'token']);
    expect(await complete(v10, 'nomad n')).toEqual(['namespace', 'node']);
    const modern = await driveShell({ regions: SMALL, profile: 'modern' });
    expect(await complete(modern, 'nomad acl ')).toEqual([
      'auth-method',
      'binding-rule',
      'bootstrap',
      'policy',
      'role',
      'token',
    ]);
    expect(await complete(modern, 'nomad node ')).toEqual(['pool', 'status']);
  });

  it('completes role IDs or names, namespaces and node pools where the commands take them', async () => {
    const d = await federation('modern');
    await d.run(
      "cat > p.hcl <<'EOF'",
      'namespace "default" { policy = "read" }',
      'EOF',
      'nomad acl policy apply web p.hcl',
      'nomad acl role create -name=readers -policy=web',
      'nomad acl role create -name=writers -policy=web',
      'nomad namespace apply web',
    );
    const roles = d.shell.cluster.leaderOf('global')?.fsm?.acl.objects.listRoles() ?? [];
    const readers = roles.find((r) => r.Name === 'readers')?.ID ?? '';
    expect(await complete(d, 'nomad acl role info -by-name r')).toEqual(['readers']);
    expect(await complete(d, `nomad acl role delete ${readers.slice(0, 6)}`)).toEqual([readers]);
    expect(await complete(d, 'nomad acl token create -role-name=w')).toEqual([
      '-role-name=writers',
    ]);
    expect(await complete(d, 'nomad acl role create -policy=w')).toEqual(['-policy=web']);
    expect(await complete(d, 'nomad namespace status w')).toEqual(['web']);
    expect(await complete(d, 'nomad namespace delete ')).toEqual(['default', 'web']);
    expect(await complete(d, 'nomad job status -namespace=w')).toEqual(['-namespace=web']);
    expect(await complete(d, 'nomad node pool info ')).toEqual(['all', 'default']);
  });
});
