/**
 * `-json` and `-t` on the list/info commands of roles, auth methods, binding rules, namespaces and
 * node pools (Nomad 2.0.5): they format the `api` struct the body was decoded into (no `Hash`,
 * go-codec's sorted fields, the compact MarshalJSON text of `*api.ACLAuthMethod` and
 * `*api.NodePool`), templates see typed fields, `acl role info` accepts both flags and prints its
 * block anyway, and a version without the flags refuses them.
 */
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../src/acl/index.js';
import { type CommandResult, jsonResponse } from '../src/cli/nomad/index.js';
import { cannedNomad, type CannedRoutes, ROLE, ROLE_ID } from './support/canned-nomad.js';

const METHOD = {
  Name: 'okta',
  Type: 'OIDC',
  TokenLocality: 'global',
  TokenNameFormat: '',
  MaxTokenTTL: '1h0m0s',
  Default: true,
  Config: { OIDCDiscoveryURL: 'https://okta', ClaimMappings: { c: 'd' }, ClockSkewLeeway: '5s' },
  Hash: 'eA==',
  CreateTime: '2024-05-01T10:00:00Z',
  ModifyTime: '2024-05-01T10:00:00Z',
  CreateIndex: 30,
  ModifyIndex: 30,
};
const RULE = {
  ID: 'b1',
  Description: '',
  AuthMethod: 'okta',
  Selector: 'engineering in list.groups',
  BindType: 'role',
  BindName: 'readers',
  Hash: 'eA==',
  CreateTime: '2024-05-01T10:00:00Z',
  ModifyTime: '2024-05-01T10:00:00Z',
  CreateIndex: 31,
  ModifyIndex: 31,
};
const WEB_NS = {
  Name: 'web',
  Description: 'Web team',
  Quota: '',
  Capabilities: null,
  NodePoolConfiguration: null,
  VaultConfiguration: null,
  ConsulConfiguration: null,
  Meta: { owner: 'me' },
  Hash: 'eA==',
  CreateIndex: 5,
  ModifyIndex: 5,
};
const GPU = {
  Name: 'gpu',
  Description: 'GPU',
  Meta: { vendor: 'acme' },
  SchedulerConfiguration: null,
  CreateIndex: 8,
  ModifyIndex: 8,
};

const ROUTES: CannedRoutes = {
  'GET /v1/acl/roles': jsonResponse([ROLE]),
  [`GET /v1/acl/role/${ROLE_ID}`]: jsonResponse(ROLE),
  'GET /v1/acl/auth-methods': jsonResponse([
    { Name: 'okta', Type: 'OIDC', Default: true, Hash: 'eA==', CreateIndex: 30, ModifyIndex: 30 },
  ]),
  'GET /v1/acl/auth-method/okta': jsonResponse(METHOD),
  'GET /v1/acl/binding-rules': jsonResponse([
    {
      ID: 'b1',
      Description: '',
      AuthMethod: 'okta',
      Hash: 'eA==',
      CreateIndex: 31,
      ModifyIndex: 31,
    },
  ]),
  'GET /v1/acl/binding-rule/b1': jsonResponse(RULE),
  'GET /v1/namespaces': jsonResponse([WEB_NS]),
  'GET /v1/node/pools': (request) =>
    jsonResponse(
      request.query?.['prefix'] === 'gpu2'
        ? [{ ...GPU, Name: 'gpu2', Meta: null }]
        : [GPU, { ...GPU, Name: 'gpu2', Meta: null }],
    ),
};

function run(line: string, profile: ProfileName = 'modern'): Promise<CommandResult> {
  return cannedNomad(ROUTES, { profile }).run(line);
}

const out = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });

describe('-json of the replicated objects (go-codec, api structs)', () => {
  it('acl role list: the api stubs, fields sorted, no Hash', async () => {
    expect(await run('nomad acl role list -json')).toEqual(
      out(
        `[\n    {\n        "CreateIndex": 20,\n        "Description": "Read-only",\n        "ID": "${ROLE_ID}",\n        "ModifyIndex": 21,\n        "Name": "readers",\n        "Policies": [\n            {\n                "Name": "web"\n            },\n            {\n                "Name": "db"\n            }\n        ]\n    }\n]\n`,
      ),
    );
  });

  it('acl auth-method info: MarshalJSON text, one line, MaxTokenTTL and the leeways first', async () => {
    const result = await run('nomad acl auth-method info -json okta');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'MaxTokenTTL',
      'Name',
      'Type',
      'TokenLocality',
      'TokenNameFormat',
      'Default',
      'Config',
      'CreateTime',
      'ModifyTime',
      'CreateIndex',
      'ModifyIndex',
    ]);
    expect(parsed['MaxTokenTTL']).toBe('1h0m0s');
    const config = parsed['Config'] as Record<string, unknown>;
    expect(Object.keys(config).slice(0, 4)).toEqual([
      'ExpirationLeeway',
      'NotBeforeLeeway',
      'ClockSkewLeeway',
      'JWTValidationPubKeys',
    ]);
    expect(config['ClockSkewLeeway']).toBe('5s');
    expect(config['ExpirationLeeway']).toBe('');
    expect(config['BoundAudiences']).toBeNull();
  });

  it('acl auth-method list and binding-rule list/info: sorted, without Hash', async () => {
    expect(await run('nomad acl auth-method list -json')).toEqual(
      out(
        '[\n    {\n        "CreateIndex": 30,\n        "Default": true,\n        "ModifyIndex": 30,\n        "Name": "okta",\n        "Type": "OIDC"\n    }\n]\n',
      ),
    );
    expect(await run('nomad acl binding-rule list -json')).toEqual(
      out(
        '[\n    {\n        "AuthMethod": "okta",\n        "CreateIndex": 31,\n        "Description": "",\n        "ID": "b1",\n        "ModifyIndex": 31\n    }\n]\n',
      ),
    );
    const info = await run('nomad acl binding-rule info -json b1');
    expect(Object.keys(JSON.parse(info.stdout) as object)).toEqual([
      'AuthMethod',
      'BindName',
      'BindType',
      'CreateIndex',
      'CreateTime',
      'Description',
      'ID',
      'ModifyIndex',
      'ModifyTime',
      'Selector',
    ]);
  });

  it('namespace list/status: api.Namespace sorted, nil pointers as null, no Hash', async () => {
    const expected =
      '{\n    "Capabilities": null,\n    "ConsulConfiguration": null,\n    "CreateIndex": 5,\n    "Description": "Web team",\n    "Meta": {\n        "owner": "me"\n    },\n    "ModifyIndex": 5,\n    "Name": "web",\n    "NodePoolConfiguration": null,\n    "Quota": "",\n    "VaultConfiguration": null\n}';
    expect(await run('nomad namespace status -json web')).toEqual(out(`${expected}\n`));
    const list = await run('nomad namespace list -json');
    expect(list.stdout).toBe(`[\n    ${expected.split('\n').join('\n    ')}\n]\n`);
  });

  it('node pool info/list: *api.NodePool MarshalJSON (NodeIdentityTTL first), compact even in a list', async () => {
    const gpu =
      '{"NodeIdentityTTL":"","Name":"gpu","Description":"GPU","Meta":{"vendor":"acme"},"SchedulerConfiguration":null,"CreateIndex":8,"ModifyIndex":8}';
    const gpu2 =
      '{"NodeIdentityTTL":"","Name":"gpu2","Description":"GPU","Meta":null,"SchedulerConfiguration":null,"CreateIndex":8,"ModifyIndex":8}';
    expect(await run('nomad node pool info -json gpu2')).toEqual(out(`${gpu2}\n`));
    expect(await run('nomad node pool list -json')).toEqual(
      out(`[\n    ${gpu},\n    ${gpu2}\n]\n`),
    );
  });
});

describe('-t templates on the replicated objects', () => {
  it('typed fields: uint64, slices of links, durations, maps, time', async () => {
    expect(
      await run(
        `nomad acl role list -t '{{range .}}{{.Name}} {{len .Policies}} {{.CreateIndex}}{{end}}'`,
      ),
    ).toEqual(out('readers 2 20\n'));
    expect(
      await run(
        `nomad acl auth-method info -t '{{.MaxTokenTTL}} {{.Config.ClockSkewLeeway}} {{index .Config.ClaimMappings "c"}} {{.CreateTime}}' okta`,
      ),
    ).toEqual(out('1h0m0s 5s d 2024-05-01 10:00:00 +0000 UTC\n'));
    expect(
      await run(`nomad acl auth-method list -t '{{range .}}{{.Name}}={{.Default}}{{end}}'`),
    ).toEqual(out('okta=true\n'));
    expect(await run(`nomad acl binding-rule info -t '{{.Selector}}' b1`)).toEqual(
      out('engineering in list.groups\n'),
    );
    expect(await run(`nomad acl binding-rule list -t '{{range .}}{{.AuthMethod}}{{end}}'`)).toEqual(
      out('okta\n'),
    );
    expect(await run(`nomad namespace status -t '{{.Meta.owner}} {{.Capabilities}}' web`)).toEqual(
      out('me <nil>\n'),
    );
    expect(await run(`nomad namespace list -t '{{range .}}{{.Name}}{{end}}'`)).toEqual(
      out('web\n'),
    );
    expect(await run(`nomad node pool info -t '{{.Meta}}' gpu2`)).toEqual(out('map[]\n'));
    expect(
      await run(`nomad node pool list -t '{{range .}}{{.Name}} {{.NodeIdentityTTL}};{{end}}'`),
    ).toEqual(out('gpu 0s;gpu2 0s;\n'));
  });

  it('errors: a field the struct lacks, both flags (node pool list wraps them once more)', async () => {
    expect(await run(`nomad acl role list -t '{{range .}}{{.Hash}}{{end}}'`)).toEqual({
      stdout: '',
      stderr:
        'Error formatting the data: template: :1:13: executing "" at <.Hash>: can\'t evaluate field Hash in type *api.ACLRoleListStub\n',
      exitCode: 1,
    });
    expect(await run(`nomad node pool list -json -t x`)).toEqual({
      stdout: '',
      stderr: 'Error formatting output: Both json and template formatting are not allowed\n',
      exitCode: 1,
    });
  });

  it('acl role info takes -json and -t but prints its block, as Nomad 2.0.5 does', async () => {
    const block = await run(`nomad acl role info ${ROLE_ID}`);
    expect(block.stdout).toContain('Policies     = db,web');
    expect(await run(`nomad acl role info -t '{{.Name}}' ${ROLE_ID}`)).toEqual(block);
    expect(await run(`nomad acl role info -json ${ROLE_ID}`)).toEqual(block);
  });

  it('Nomad 1.0 namespace commands have neither flag', async () => {
    const result = await run(`nomad namespace list -t '{{.}}'`, 'v1.0');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('flag provided but not defined: -t\n');
  });
});
