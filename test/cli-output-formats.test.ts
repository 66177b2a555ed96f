/**
 * The CLI's flag sets and output formats per version (issue 12, §2), against a real simulated
 * cluster: `-json`/`-t` only where the version has them (`acl bootstrap` since 1.2, `acl token
 * create` since 1.5); `-json` prints the `api` struct (no `Hash`; in 2.x go-codec's sorted keys and
 * `ExpirationTTL` in nanoseconds); `-t` runs Go templates (field access, `range`, `if`, errors with
 * Go's texts); `acl token update` before 1.4 applies `-type` (default client) and `-global`
 * (default false) always, 2.x has no `-global`.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/region/cluster.js';
import { ApiLayer } from '../src/api/api-layer.js';
import { runNomad, splitCommandLine } from '../src/cli/nomad/index.js';
import { clusterTransport } from '../src/scenario/cluster-transport.js';
import type { ProfileName } from '../src/acl/index.js';
import { executeGoTemplate, goInt, goString, type GoValue } from '../src/cli/format/go-template.js';

async function cli(profile: ProfileName) {
  const cluster = new Cluster({
    seed: 61,
    regions: [{ name: 'global', servers: 1 }],
    aclEnabled: true,
  });
  ApiLayer.install(cluster, profile);
  cluster.startAll();
  await cluster.waitForLeader('global');
  await cluster.sim.sleep(1_000);
  const address = `http://${cluster.serversOf('global')[0]?.address}:4646`;
  const env: Record<string, string> = { NOMAD_ADDR: address };
  const nomad = (line: string) =>
    runNomad(splitCommandLine(line), {
      env,
      transport: clusterTransport(cluster),
      files: { read: () => undefined },
      profile,
      defaultAddress: address,
      now: cluster.sim.now,
    });
  return { cluster, env, nomad };
}

async function bootstrapped(profile: ProfileName) {
  const fixture = await cli(profile);
  const boot = await fixture.nomad('acl bootstrap');
  expect(boot.exitCode).toBe(0);
  const secret = /Secret ID\s+=\s+(\S+)/.exec(boot.stdout)?.[1] as string;
  const accessor = /Accessor ID\s+=\s+(\S+)/.exec(boot.stdout)?.[1] as string;
  fixture.env['NOMAD_TOKEN'] = secret;
  return { ...fixture, secret, accessor };
}

describe('-json and -t per version', () => {
  it('acl bootstrap has them from 1.2 on, acl token create from 1.5 on', async () => {
    for (const profile of ['tutorial', 'v1.0'] as const) {
      const { nomad } = await cli(profile);
      const boot = await nomad('acl bootstrap -json');
      expect([profile, boot.exitCode, boot.stderr]).toEqual([
        profile,
        1,
        'flag provided but not defined: -json\n',
      ]);
      expect(boot.stdout).not.toContain('-json');
    }
    const { nomad } = await cli('modern');
    const boot = await nomad('acl bootstrap -json');
    expect(boot.exitCode).toBe(0);
    expect(JSON.parse(boot.stdout)).toMatchObject({ Name: 'Bootstrap Token' });

    for (const profile of ['tutorial', 'v1.0'] as const) {
      const { nomad: old } = await bootstrapped(profile);
      expect((await old('acl token create -type=management -t={{.Name}}')).stderr).toBe(
        'flag provided but not defined: -t\n',
      );
      // The other ACL commands have them in every version.
      expect((await old('acl token self -t={{.Name}}')).stdout).toBe('Bootstrap Token\n');
    }
  });

  it('2.x -json of a token: api.ACLToken.MarshalJSON, compact, ExpirationTTL first, no Hash', async () => {
    const { nomad } = await bootstrapped('modern');
    const created = await nomad('acl token create -type=management -name=ops -ttl=10m -json');
    expect(created.exitCode).toBe(0);
    expect(created.stdout.split('\n')).toHaveLength(2); // one line
    const keys = Object.keys(JSON.parse(created.stdout) as object);
    expect(keys).toEqual([
      'ExpirationTTL',
      'AccessorID',
      'SecretID',
      'Name',
      'Type',
      'Policies',
      'Roles',
      'Global',
      'CreateTime',
      'ExpirationTime',
      'CreateIndex',
      'ModifyIndex',
    ]);
    expect(created.stdout).toMatch(/^\{"ExpirationTTL":"10m0s","AccessorID":"/);
    expect(created.stdout).toContain('"Policies":null,"Roles":null,"Global":false,');
    // No expiry: ExpirationTTL empty and ExpirationTime left out.
    const self = JSON.parse((await nomad('acl token self -json')).stdout) as Record<
      string,
      unknown
    >;
    expect(self['ExpirationTTL']).toBe('');
    expect('ExpirationTime' in self).toBe(false);
    expect('Hash' in self).toBe(false);
  });

  it('2.x -json of a list: go-codec, indented, keys sorted', async () => {
    const { nomad } = await bootstrapped('modern');
    const list = await nomad('acl token list -json');
    const keys = [...list.stdout.matchAll(/^ {8}"(\w+)":/gm)].map((m) => m[1]).slice(0, 10);
    expect(keys).toEqual([...keys].sort());
    expect(list.stdout).not.toContain('Hash');
  });

  it('1.0 -json: struct order, no Hash', async () => {
    const { nomad } = await bootstrapped('v1.0');
    const self = await nomad('acl token self -json');
    const keys = [...self.stdout.matchAll(/^ {4}"(\w+)":/gm)].map((m) => m[1]);
    expect(keys).toEqual([
      'AccessorID',
      'SecretID',
      'Name',
      'Type',
      'Policies',
      'Global',
      'CreateTime',
      'CreateIndex',
      'ModifyIndex',
    ]);
  });

  it('-t: fields, Go time text, range over a list, if/else, Both json and template', async () => {
    const { nomad, accessor } = await bootstrapped('modern');
    const self = await nomad(
      'acl token self -t "{{ .Name }} {{.Type}} {{ .Global }} {{ .Policies }} {{ .ExpirationTime }} {{ .ExpirationTTL }}"',
    );
    expect(self).toEqual({
      stdout: 'Bootstrap Token management true [] <nil> 0s\n',
      stderr: '',
      exitCode: 0,
    });
    const created = (await nomad('acl token create -type=management -t={{.CreateTime}}')).stdout;
    expect(created).toMatch(/^2024-05-01 10:00:\d\d\.\d+ \+0000 UTC\n$/);
    const list = await nomad(
      'acl token list -t "{{ range . }}{{ .AccessorID }}{{ if .Global }} global{{ else }} local{{ end }}\n{{ end }}"',
    );
    expect(list.stdout.split('\n')[0]).toBe(`${accessor} global`);
    const both = await nomad('acl token self -json -t={{.Name}}');
    expect(both).toEqual({
      stdout: '',
      stderr: 'Both json and template formatting are not allowed\n',
      exitCode: 1,
    });
  });

  it('-t errors carry Go texts', async () => {
    const { nomad } = await bootstrapped('modern');
    expect((await nomad('acl token self -t={{.Nope}}')).stderr).toBe(
      'Error formatting the data: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *api.ACLToken\n',
    );
    expect((await nomad('acl token self "-t={{range .Policies}}"')).stderr).toBe(
      'Error formatting the data: template: :1: unexpected EOF\n',
    );
    expect((await nomad('acl token self "-t={{frob .Name}}"')).stderr).toBe(
      'Error formatting the data: template: :1: function "frob" not defined\n',
    );
    expect((await nomad('acl policy list -t={{.Name}}')).stderr).toBe(
      'Error formatting the data: template: :1:2: executing "" at <.Name>: can\'t evaluate field Name in type []*api.ACLPolicyListStub\n',
    );
  });
});

describe('Go templates', () => {
  const token: GoValue = {
    kind: 'struct',
    type: '*api.ACLToken',
    pointer: true,
    fields: new Map<string, GoValue>([
      ['Name', goString('ops')],
      ['Policies', { kind: 'slice', type: '[]string', items: [goString('a'), goString('b')] }],
      ['CreateIndex', goInt(7, 'uint64')],
    ]),
  };

  it('prints values as fmt does and trims around {{- -}}', () => {
    expect(executeGoTemplate('{{ . }}', token)).toBe('&{ops [a b] 7}');
    expect(executeGoTemplate('{{range $i, $p := .Policies}}{{$i}}={{$p}};{{end}}', token)).toBe(
      '0=a;1=b;',
    );
    expect(executeGoTemplate('a  {{- .Name -}}  b', token)).toBe('aopsb');
    expect(executeGoTemplate('{{/* note */}}{{ len .Policies }}', token)).toBe('2');
    expect(executeGoTemplate('{{ printf "%s has %d" .Name .CreateIndex }}', token)).toBe(
      'ops has 7',
    );
    expect(executeGoTemplate('{{ with .Name }}<{{ . }}>{{ end }}', token)).toBe('<ops>');
    expect(executeGoTemplate('{{ if eq .Name "x" }}x{{ else if .Name }}y{{ end }}', token)).toBe(
      'y',
    );
  });

  it('refuses what Go refuses', () => {
    expect(() => executeGoTemplate('{{end}}', token)).toThrow('template: :1: unexpected {{end}}');
    expect(() => executeGoTemplate('{{ .Name', token)).toThrow('template: :1: unclosed action');
    expect(() => executeGoTemplate('x\n{{ .Name.Foo }}', token)).toThrow(
      'template: :2:3: executing "" at <.Name.Foo>: can\'t evaluate field Foo in type string',
    );
  });
});

describe('acl token update per version', () => {
  it('before 1.4, -type defaults to client and -global to false: renaming the bootstrap token fails', async () => {
    for (const profile of ['tutorial', 'v1.0'] as const) {
      const { nomad, accessor } = await bootstrapped(profile);
      // 0.9 answered these refusals with plain errors (500), 1.0 with coded 400s.
      const status = profile === 'tutorial' ? 500 : 400;
      const renamed = await nomad(`acl token update -name=root ${accessor}`);
      expect([profile, renamed.exitCode, renamed.stderr]).toEqual([
        profile,
        1,
        `Error updating token: Unexpected response code: ${status} (token 0 invalid: 1 error occurred:\n\t* client token missing policies\n\n)\n`,
      ]);
      const keepType = await nomad(`acl token update -name=root -type=management ${accessor}`);
      expect(keepType.stderr).toBe(
        `Error updating token: Unexpected response code: ${status} (cannot toggle global mode)\n`,
      );
      const both = await nomad(`acl token update -name=root -type=management -global ${accessor}`);
      expect(both.exitCode).toBe(0);
      expect(both.stdout).toMatch(/^Name +=\s+root$/m);
    }
  });

  it('2.x applies only the flags given and has no -global', async () => {
    const { nomad, accessor } = await bootstrapped('modern');
    const renamed = await nomad(`acl token update -name=root ${accessor}`);
    expect(renamed.exitCode).toBe(0);
    expect(renamed.stdout).toMatch(/^Name +=\s+root$/m);
    expect(renamed.stdout).toMatch(/^Type +=\s+management$/m);
    const global = await nomad(`acl token update -global ${accessor}`);
    expect(global.exitCode).toBe(1);
    expect(global.stderr).toBe('flag provided but not defined: -global\n');
  });
});

describe('server members options per version', () => {
  it('2.x: -verbose (and -detailed) add Protocol and Tags; -json and -t format the member list', async () => {
    const { nomad } = await bootstrapped('modern');
    const verbose = await nomad('server members -verbose');
    const lines = verbose.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^Name +Address +Port +Status +Leader +Protocol +Raft Version +Build +Datacenter +Region +Tags$/,
    );
    expect(lines[1]).toMatch(
      / 2 +3 +2\.0\.5 +dc1 +global +build=2\.0\.5,dc=dc1,id=[^,]+,mvn=1,port=4647,raft_vsn=3,region=global,role=nomad,vsn=1$/,
    );
    expect((await nomad('server members -detailed')).stdout).toBe(verbose.stdout);
    const json = JSON.parse((await nomad('server members -json')).stdout) as Array<
      Record<string, unknown>
    >;
    expect(Object.keys(json[0] ?? {})).toEqual([...Object.keys(json[0] ?? {})].sort());
    expect(json[0]?.['Name']).toBe('server-1.global');
    expect(
      (await nomad('server members "-t={{ range . }}{{ .Name }} {{ .Tags.region }}{{ end }}"'))
        .stdout,
    ).toBe('server-1.global global\n');
  });

  it('before 1.3: -detailed prints Name, Address, Port and Tags; no -verbose or -json', async () => {
    for (const profile of ['tutorial', 'v1.0'] as const) {
      const { nomad } = await bootstrapped(profile);
      const detailed = await nomad('server members -detailed');
      expect(detailed.stdout.split('\n')[0]).toMatch(/^Name +Address +Port +Tags$/);
      expect((await nomad('server members -verbose')).stderr).toBe(
        'flag provided but not defined: -verbose\n',
      );
      expect((await nomad('server members -json')).stderr).toBe(
        'flag provided but not defined: -json\n',
      );
    }
  });
});

describe('policies attached to a workload (2.x acl policy apply -job/-group/-task)', () => {
  async function withFile(profile: ProfileName) {
    const fixture = await bootstrapped(profile);
    const files = new Map([['ro.hcl', 'namespace "prod" { policy = "read" }\n']]);
    const nomad = (line: string) =>
      runNomad(splitCommandLine(line), {
        env: fixture.env,
        transport: clusterTransport(fixture.cluster),
        files: { read: (path) => files.get(path) },
        profile,
        defaultAddress: fixture.env['NOMAD_ADDR'] as string,
        now: fixture.cluster.sim.now,
      });
    return { ...fixture, nomad };
  }

  it('stores the workload, shows it in policy info and -t, and validates it on the server', async () => {
    const { nomad, cluster } = await withFile('modern');
    expect(
      (await nomad('acl policy apply -namespace=prod -job=web -group=api readonly ro.hcl')).stdout,
    ).toBe('Successfully wrote "readonly" ACL policy!\n');
    const info = await nomad('acl policy info readonly');
    expect(info.stdout).toMatch(
      /^ModifyIndex = \d+\n\nAssociated Workload\nNamespace = prod\nJobID     = web\nGroup     = api\nTask      = <none>\n\nRules\n\nnamespace "prod"/m,
    );
    expect((await nomad('acl policy info "-t={{ .JobACL.JobID }}" readonly')).stdout).toBe('web\n');
    const stored = cluster.leaderOf('global')?.fsm?.acl.policyByName('readonly');
    expect(stored?.JobACL).toEqual({ Namespace: 'prod', JobID: 'web', Group: 'api', Task: '' });
    // The workload is part of the policy's hash, so replication sees a change of workload.
    await nomad('acl policy apply -namespace=prod -job=web readonly ro.hcl');
    expect(cluster.leaderOf('global')?.fsm?.acl.policyByName('readonly')?.Hash).not.toBe(
      stored?.Hash,
    );
    const bad = await nomad('acl policy apply -job=web -task=t readonly ro.hcl');
    expect(bad.stderr).toBe(
      'Error writing ACL policy: Unexpected response code: 400 (policy 0 invalid: 1 error occurred:\n\t* group must be set to set task)\n',
    );
  });

  it('does not exist before 1.7', async () => {
    for (const profile of ['tutorial', 'v1.0'] as const) {
      const { nomad } = await withFile(profile);
      expect((await nomad('acl policy apply -job=web readonly ro.hcl')).stderr).toBe(
        'flag provided but not defined: -job\n',
      );
    }
  });
});

describe('acl token create -accessor (2.x token upload)', () => {
  const ACCESSOR = '5b7fd453-d3f7-6814-81dc-fcfe6daedea5';
  const SECRET = '9184ec35-65d4-9258-61e3-0c066d0a45c5';

  async function withStdin(profile: ProfileName) {
    const fixture = await bootstrapped(profile);
    const nomad = (line: string, stdin?: string) =>
      runNomad(splitCommandLine(line), {
        env: fixture.env,
        transport: clusterTransport(fixture.cluster),
        files: { read: () => undefined },
        profile,
        defaultAddress: fixture.env['NOMAD_ADDR'] as string,
        now: fixture.cluster.sim.now,
        ...(stdin === undefined ? {} : { stdin }),
      });
    return { ...fixture, nomad };
  }

  it('uploads a client token with its own IDs; the secret then works', async () => {
    const { nomad } = await withStdin('modern');
    await nomad('acl policy apply -description x reader -', 'node { policy = "read" }');
    const up = await nomad(
      `acl token create -name=restored -policy=reader -accessor=${ACCESSOR} -`,
      `${SECRET}\n`,
    );
    expect(up.exitCode).toBe(0);
    expect(up.stdout).toContain(`Accessor ID  = ${ACCESSOR}\nSecret ID    = ${SECRET}\n`);
    const self = await nomad(`acl token self -token=${SECRET} -t={{.Name}}`);
    expect(self.stdout).toBe('restored\n');
  });

  it("refuses what Nomad's CLI refuses, and the server refuses management uploads", async () => {
    const { nomad } = await withStdin('modern');
    const hint = "\nFor additional help try 'nomad acl token create -help'\n";
    expect((await nomad(`acl token create -accessor=${ACCESSOR}`)).stderr).toBe(
      `-accessor requires a SecretID supplied as a file path or "-" for stdin${hint}`,
    );
    expect((await nomad('acl token create -', SECRET)).stderr).toBe(
      `A SecretID file path was provided but -accessor was not set${hint}`,
    );
    expect((await nomad('acl token create -accessor=nope -', SECRET)).stderr).toBe(
      `-accessor value must be a valid UUID${hint}`,
    );
    expect((await nomad(`acl token create -accessor=${ACCESSOR} -`, 'nope')).stderr).toBe(
      `SecretID must be a valid UUID${hint}`,
    );
    expect((await nomad('acl token create a b')).stderr).toBe(
      `This command takes up to one argument${hint}`,
    );
    const mgmt = await nomad(`acl token create -type=management -accessor=${ACCESSOR} -`, SECRET);
    expect(mgmt.stderr).toBe(
      `Error uploading token: Unexpected response code: 400 (cannot find token ${ACCESSOR})\n`,
    );
  });

  it('does not exist before 2.0', async () => {
    const { nomad } = await withStdin('v1.0');
    expect((await nomad(`acl token create -accessor=${ACCESSOR} -`, SECRET)).stderr).toBe(
      'flag provided but not defined: -accessor\n',
    );
  });
});
