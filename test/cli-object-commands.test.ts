/**
 * `nomad acl role|auth-method|binding-rule ...`, `nomad namespace ...` and `nomad node pool ...`
 * against canned answers: the requests each command sends (bodies as Nomad's API client encodes
 * them), Nomad's output blocks and tables, the client-side refusals, and which commands each
 * profile has (a 1.0-era `nomad` has no roles, auth methods, binding rules or node pools).
 */
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../src/acl/index.js';
import { type CommandResult, errorResponse, jsonResponse } from '../src/cli/nomad/index.js';
import { cannedNomad, type CannedRoutes, ROLE, ROLE_ID } from './support/canned-nomad.js';

const METHOD = {
  Name: 'okta',
  Type: 'OIDC',
  TokenLocality: 'global',
  MaxTokenTTL: '1h0m0s',
  Default: true,
  Config: {
    OIDCDiscoveryURL: 'https://okta',
    BoundAudiences: ['a', 'b'],
    ClaimMappings: { c: 'd' },
  },
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
  CreateTime: '2024-05-01T10:00:00Z',
  ModifyTime: '2024-05-01T10:00:00Z',
  CreateIndex: 31,
  ModifyIndex: 31,
};
const DEFAULT_NS = {
  Name: 'default',
  Description: 'Default shared namespace',
  Quota: '',
  Meta: null,
  CreateIndex: 1,
  ModifyIndex: 1,
};
const WEB_NS = {
  Name: 'web',
  Description: 'Web team',
  Quota: '',
  Meta: { owner: 'me' },
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

const FILES: Record<string, string> = {
  'ns.hcl': 'name = "web"\ndescription = "Web team"\nmeta {\n  owner = "me"\n}\n',
  'ns.json': '{"Name":"api"} trailing',
  'ns-list.json': '[1] trailing',
  'pool.hcl': 'node_pool "gpu" {\n  description = "GPU"\n}\n',
  'pool.json': '{"Name":"gpu","NodeIdentityTTL":"90m"}',
  'unnamed.json': '{"NodePool":{"Name":"gpu"}}',
};

function setup(routes: CannedRoutes, profile: ProfileName = 'modern') {
  const { run, requests } = cannedNomad(routes, { profile, files: FILES });
  const sent = () => requests.map((r) => `${r.request.method} ${r.request.path}`);
  const bodies = () => requests.map((r) => r.request.body);
  return { run, sent, bodies, requests };
}

const out = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string, exitCode = 1): CommandResult => ({ stdout: '', stderr, exitCode });

const ROLE_BLOCK = (description: string, policies: string, modify: number) =>
  `ID           = ${ROLE_ID}\nName         = readers\nDescription  = ${description}\nPolicies     = ${policies}\nCreate Index = 20\nModify Index = ${modify}\n`;

describe('acl role', () => {
  it('create sends the policies once each and prints the role block (policies sorted)', async () => {
    const { run, requests } = setup({
      'PUT /v1/acl/role': (r) =>
        jsonResponse({ ...ROLE, ...(r.body as object), ID: ROLE_ID, ModifyIndex: 20 }),
    });
    expect(
      await run(
        'nomad acl role create -name=readers -policy=web -policy=db -policy=web -description "Read-only"',
      ),
    ).toEqual(out(ROLE_BLOCK('Read-only', 'db,web', 20)));
    expect(requests[0]?.request.body).toEqual({
      ID: '',
      Name: 'readers',
      Description: 'Read-only',
      Policies: [{ Name: 'web' }, { Name: 'db' }],
    });
  });

  it('create refuses a missing name or policy without a request', async () => {
    const { run, sent } = setup({});
    expect(await run('nomad acl role create -policy=web')).toEqual(
      err('ACL role name must be specified using the -name flag\n'),
    );
    expect(await run('nomad acl role create -name=x')).toEqual(
      err('At least one policy name must be specified using the -policy flag\n'),
    );
    expect(sent()).toEqual([]);
  });

  it('list, info (by ID and -by-name), errors', async () => {
    const { run, sent } = setup({
      'GET /v1/acl/roles': jsonResponse([ROLE]),
      [`GET /v1/acl/role/${ROLE_ID}`]: jsonResponse(ROLE),
      'GET /v1/acl/role/name/readers': jsonResponse(ROLE),
      'GET /v1/acl/role/nope': errorResponse(404, 'ACL role not found'),
    });
    expect(await run('nomad acl role list')).toEqual(
      out(
        `ID                                    Name     Description  Policies\n${ROLE_ID}  readers  Read-only    db,web\n`,
      ),
    );
    expect(await run(`nomad acl role info ${ROLE_ID}`)).toEqual(
      out(ROLE_BLOCK('Read-only', 'db,web', 21)),
    );
    expect(await run('nomad acl role info -by-name readers')).toEqual(
      out(ROLE_BLOCK('Read-only', 'db,web', 21)),
    );
    expect(await run('nomad acl role info nope')).toEqual(
      err('Error reading ACL role: Unexpected response code: 404 (ACL role not found)\n'),
    );
    expect(await run('nomad acl role info')).toEqual(
      err(
        "This command takes one argument: <acl_role_id>\nFor additional help try 'nomad acl role info -help'\n",
      ),
    );
    expect(sent()).toEqual([
      'GET /v1/acl/roles',
      `GET /v1/acl/role/${ROLE_ID}`,
      'GET /v1/acl/role/name/readers',
      'GET /v1/acl/role/nope',
    ]);
  });

  it('an empty list says so', async () => {
    const { run } = setup({ 'GET /v1/acl/roles': jsonResponse([]) });
    expect(await run('nomad acl role list')).toEqual(out('No ACL roles found\n'));
  });

  it('update merges the flags into the fetched role, or replaces it with -no-merge', async () => {
    const { run, bodies } = setup({
      [`GET /v1/acl/role/${ROLE_ID}`]: jsonResponse(ROLE),
      [`PUT /v1/acl/role/${ROLE_ID}`]: (r) =>
        jsonResponse({ ...(r.body as object), CreateIndex: 20, ModifyIndex: 22 }),
    });
    expect(await run(`nomad acl role update -description New ${ROLE_ID}`)).toEqual(
      out(ROLE_BLOCK('New', 'db,web', 22)),
    );
    expect(bodies()[1]).toMatchObject({
      ID: ROLE_ID,
      Name: 'readers',
      Description: 'New',
      Policies: ROLE.Policies,
    });
    expect(await run(`nomad acl role update ${ROLE_ID}`)).toEqual(
      err(
        "Please provide at least one flag to update the ACL role\nFor additional help try 'nomad acl role update -help'\n",
      ),
    );
    await run(`nomad acl role update -no-merge -name=r2 -policy=db ${ROLE_ID}`);
    expect(bodies().at(-1)).toEqual({
      ID: ROLE_ID,
      Name: 'r2',
      Description: '',
      Policies: [{ Name: 'db' }],
    });
  });

  it('delete', async () => {
    const { run } = setup({ [`DELETE /v1/acl/role/${ROLE_ID}`]: jsonResponse(null) });
    expect(await run(`nomad acl role delete ${ROLE_ID}`)).toEqual(
      out(`ACL role ${ROLE_ID} successfully deleted\n`),
    );
  });
});

describe('acl auth-method', () => {
  const CONFIG_BLOCK = [
    'JWT Validation Public Keys = <none>',
    'JWKS URL                   = <none>',
    'OIDC Discovery URL         = https://okta',
    'OIDC Client ID             = <none>',
    'OIDC Client Secret         = <none>',
    'OIDC Scopes                = <none>',
    'Bound audiences            = a,b',
    'Bound issuer               = <none>',
    'Allowed redirects URIs     = <none>',
    'Discovery CA pem           = <none>',
    'JWKS CA cert               = <none>',
    'Signing algorithms         = <none>',
    'Expiration Leeway          = 0s',
    'NotBefore Leeway           = 0s',
    'ClockSkew Leeway           = 0s',
    'Claim mappings             = {c: d}',
    'List claim mappings        = <none>',
  ].join('\n');
  const BLOCK = (isDefault: boolean) =>
    `Name          = okta\nType          = OIDC\nLocality      = global\nMax Token TTL = 1h0m0s\nDefault       = ${isDefault}\nCreate Index  = 30\nModify Index  = 30\n\nAuth Method Config\n\n${CONFIG_BLOCK}\n`;

  it('create sends the method with its TTL as a duration string and the decoded config', async () => {
    const { run, bodies } = setup({
      'PUT /v1/acl/auth-method': (r) =>
        jsonResponse({ ...METHOD, ...(r.body as object), Config: METHOD.Config }),
    });
    expect(
      await run(
        `nomad acl auth-method create -name=okta -type=oidc -token-locality=global -max-token-ttl=1h -default -config '{"OIDCDiscoveryURL":"https://okta"}'`,
      ),
    ).toEqual(out(BLOCK(true)));
    expect(bodies()[0]).toEqual({
      Name: 'okta',
      Type: 'OIDC',
      TokenLocality: 'global',
      TokenNameFormat: '',
      MaxTokenTTL: '1h0m0s',
      Default: true,
      Config: { OIDCDiscoveryURL: 'https://okta' },
    });
  });

  it("create refuses bad input with Nomad's texts (config parsed as Go's json.Unmarshal would)", async () => {
    const { run, sent } = setup({});
    const base = 'nomad acl auth-method create -name=okta -type=OIDC -max-token-ttl=1h';
    expect(await run(`${base} -config x`)).toEqual(
      err("Token locality must be set to either 'local' or 'global'\n"),
    );
    const local = `${base} -token-locality=local`;
    expect(await run(local)).toEqual(err('Must provide ACL auth method config in JSON format\n'));
    expect(await run(`${local} -config {x}`)).toEqual(
      err(
        "Unable to parse config: invalid character 'x' looking for beginning of object key string\n",
      ),
    );
    expect(await run(`${local} -config '{} x'`)).toEqual(
      err("Unable to parse config: invalid character 'x' after top-level value\n"),
    );
    expect(await run(`${local} -config '{'`)).toEqual(
      err('Unable to parse config: unexpected end of JSON input\n'),
    );
    expect(await run(`${local} -config true`)).toEqual(
      err(
        'Unable to parse config: json: cannot unmarshal bool into Go value of type api.ACLAuthMethodConfig\n',
      ),
    );
    expect(sent()).toEqual([]);
  });

  it('list, info, update, delete', async () => {
    const { run, bodies } = setup({
      'GET /v1/acl/auth-methods': jsonResponse([{ Name: 'okta', Type: 'OIDC', Default: true }]),
      'GET /v1/acl/auth-method/okta': jsonResponse(METHOD),
      'PUT /v1/acl/auth-method/okta': (r) => jsonResponse(r.body ?? null),
      'DELETE /v1/acl/auth-method/okta': jsonResponse(null),
    });
    expect(await run('nomad acl auth-method list')).toEqual(
      out('Name  Type  Default\nokta  OIDC  true\n'),
    );
    expect(await run('nomad acl auth-method info okta')).toEqual(out(BLOCK(true)));
    expect(await run('nomad acl auth-method update -default=false okta')).toEqual(
      out(BLOCK(false)),
    );
    expect(bodies()[3]).toMatchObject({ Name: 'okta', Default: false, MaxTokenTTL: '1h0m0s' });
    expect(await run('nomad acl auth-method delete okta')).toEqual(
      out('ACL auth method okta successfully deleted\n'),
    );
  });
});

describe('acl binding-rule', () => {
  const BLOCK = (description: string) =>
    [
      'ID           = b1',
      `Description  = ${description}`,
      'Auth Method  = okta',
      'Selector     = "engineering in list.groups"',
      'Bind Type    = role',
      'Bind Name    = readers',
      'Create Time  = 2024-05-01 10:00:00 +0000 UTC',
      'Modify Time  = 2024-05-01 10:00:00 +0000 UTC',
      'Create Index = 31',
      'Modify Index = 31',
      '',
    ].join('\n');

  it('create, list, info, update, delete', async () => {
    const { run, bodies } = setup({
      'PUT /v1/acl/binding-rule': (r) => jsonResponse({ ...RULE, ...(r.body as object), ID: 'b1' }),
      'GET /v1/acl/binding-rules': jsonResponse([RULE]),
      'GET /v1/acl/binding-rule/b1': jsonResponse(RULE),
      'PUT /v1/acl/binding-rule/b1': (r) => jsonResponse(r.body ?? null),
      'DELETE /v1/acl/binding-rule/b1': jsonResponse(null),
    });
    expect(
      await run(
        'nomad acl binding-rule create -auth-method=okta -bind-type=role -bind-name=readers -selector "engineering in list.groups"',
      ),
    ).toEqual(out(BLOCK('<none>')));
    expect(bodies()[0]).toEqual({
      ID: '',
      Description: '',
      AuthMethod: 'okta',
      Selector: 'engineering in list.groups',
      BindType: 'role',
      BindName: 'readers',
    });
    expect(await run('nomad acl binding-rule list')).toEqual(
      out('ID  Description  Auth Method\nb1  <none>       okta\n'),
    );
    expect(await run('nomad acl binding-rule info b1')).toEqual(out(BLOCK('<none>')));
    expect(await run('nomad acl binding-rule update -description hi b1')).toEqual(out(BLOCK('hi')));
    expect(await run('nomad acl binding-rule delete b1')).toEqual(
      out('ACL binding rule b1 successfully deleted\n'),
    );
  });
});

describe('namespace', () => {
  it('apply by name looks the namespace up, then sends api.Namespace with the flags set', async () => {
    const { run, sent, bodies } = setup({
      'GET /v1/namespace/web': jsonResponse(WEB_NS),
      'PUT /v1/namespace': jsonResponse(null),
    });
    expect(await run('nomad namespace apply -description "New" web')).toEqual(
      out('Successfully applied namespace "web"!\n'),
    );
    expect(sent()).toEqual(['GET /v1/namespace/web', 'PUT /v1/namespace']);
    expect(bodies()[1]).toEqual({
      Name: 'web',
      Description: 'New',
      Quota: '',
      Capabilities: null,
      NodePoolConfiguration: null,
      VaultConfiguration: null,
      ConsulConfiguration: null,
      Meta: { owner: 'me' },
      CreateIndex: 5,
      ModifyIndex: 5,
    });
  });

  it('apply reads a specification file (HCL, or JSON with -json: the first value only)', async () => {
    const { run, bodies } = setup({ 'PUT /v1/namespace': jsonResponse(null) });
    expect(await run('nomad namespace apply ns.hcl')).toEqual(
      out('Successfully applied namespace "web"!\n'),
    );
    expect(bodies()[0]).toMatchObject({
      Name: 'web',
      Description: 'Web team',
      Meta: { owner: 'me' },
    });
    expect(await run('nomad namespace apply -json ns.json')).toEqual(
      out('Successfully applied namespace "api"!\n'),
    );
    expect(await run('nomad namespace apply -json ns-list.json')).toEqual(
      err(
        'Failed to parse quota: json: cannot unmarshal array into Go value of type api.Namespace\n',
      ),
    );
    expect(bodies()).toHaveLength(2);
  });

  it('the 1.0 client sends the 1.0 struct and calls its argument <namespace>', async () => {
    const { run, bodies } = setup(
      {
        'GET /v1/namespace/web': errorResponse(404, 'Namespace not found'),
        'PUT /v1/namespace': jsonResponse(null),
      },
      'v1.0',
    );
    expect(await run('nomad namespace apply -description "Web team" web')).toEqual(
      out('Successfully applied namespace "web"!\n'),
    );
    expect(bodies()[1]).toEqual({
      Name: 'web',
      Description: 'Web team',
      Quota: '',
      CreateIndex: 0,
      ModifyIndex: 0,
    });
    expect(await run('nomad namespace apply')).toEqual(
      err(
        "This command takes one argument: <namespace>\nFor additional help try 'nomad namespace apply -help'\n",
      ),
    );
  });

  it('list, status, delete', async () => {
    const { run, requests } = setup({
      'GET /v1/namespaces': (r) =>
        jsonResponse(
          [DEFAULT_NS, WEB_NS].filter((n) => n.Name.startsWith(r.query?.['prefix'] ?? '')),
        ),
      'DELETE /v1/namespace/web': jsonResponse(null),
      'DELETE /v1/namespace/default': errorResponse(500, 'can not delete default namespace'),
    });
    expect(await run('nomad namespace list')).toEqual(
      out('Name     Description\ndefault  Default shared namespace\nweb      Web team\n'),
    );
    expect(await run('nomad namespace status web')).toEqual(
      out(
        'Name            = web\nDescription     = Web team\nQuota           = <none>\nEnabledDrivers  = *\nDisabledDrivers = <none>\n\nMetadata\nowner = me\n',
      ),
    );
    expect(requests.at(-1)?.request.query).toMatchObject({ prefix: 'web' });
    expect(await run('nomad namespace delete web')).toEqual(
      out('Successfully deleted namespace "web"!\n'),
    );
    expect(await run('nomad namespace delete default')).toEqual(
      err(
        'Error deleting namespace: Unexpected response code: 500 (can not delete default namespace)\n',
      ),
    );
  });
});

describe('node pool', () => {
  it('apply sends api.NodePool (NodeIdentityTTL first, a duration string) from HCL or JSON', async () => {
    const { run, bodies } = setup({ 'PUT /v1/node/pools': jsonResponse(null) });
    expect(await run('nomad node pool apply pool.hcl')).toEqual(
      out('Successfully applied node pool "gpu"!\n'),
    );
    expect(JSON.stringify(bodies()[0])).toBe(
      '{"NodeIdentityTTL":"","Name":"gpu","Description":"GPU","Meta":null,"SchedulerConfiguration":null,"CreateIndex":0,"ModifyIndex":0}',
    );
    expect(await run('nomad node pool apply -json pool.json')).toEqual(
      out('Successfully applied node pool "gpu"!\n'),
    );
    expect(bodies()[1]).toMatchObject({ Name: 'gpu', NodeIdentityTTL: '1h30m0s' });
  });

  it("apply refuses what Nomad's client refuses, without a request", async () => {
    const { run, sent } = setup({});
    expect(await run('nomad node pool apply -json unnamed.json')).toEqual(
      err('Error applying node pool: missing node pool name\n'),
    );
    expect(await run('nomad node pool apply missing.hcl')).toEqual(
      err('Failed to read file "missing.hcl": open missing.hcl: no such file or directory\n'),
    );
    expect(await run('nomad node pool apply')).toEqual(
      err(
        "This command takes one argument: <input>\nFor additional help try 'nomad node pool apply -help'\n",
      ),
    );
    expect(sent()).toEqual([]);
  });

  it('list, info, delete', async () => {
    const ALL = {
      Name: 'all',
      Description: 'Node pool with all nodes in the cluster.',
      Meta: null,
      CreateIndex: 1,
      ModifyIndex: 1,
    };
    const { run } = setup({
      'GET /v1/node/pools': (r) =>
        jsonResponse([ALL, GPU].filter((p) => p.Name.startsWith(r.query?.['prefix'] ?? ''))),
      'DELETE /v1/node/pool/gpu': jsonResponse(null),
    });
    expect(await run('nomad node pool list')).toEqual(
      out('Name  Description\nall   Node pool with all nodes in the cluster.\ngpu   GPU\n'),
    );
    expect(await run('nomad node pool info gpu')).toEqual(
      out(
        'Name        = gpu\nDescription = GPU\n\nMetadata\nvendor = acme\n\nScheduler Configuration\nNo scheduler configuration\n',
      ),
    );
    expect(await run('nomad node pool info nope')).toEqual(
      err('Error retrieving node pool: No node pool with prefix "nope" found\n'),
    );
    expect(await run('nomad node pool delete gpu')).toEqual(
      out('Successfully deleted node pool "gpu"!\n'),
    );
  });
});

describe('the argument checks the object commands share', () => {
  it("delete, info and update refuse a wrong argument count, or an empty ID or name as Nomad's client does, without a request", async () => {
    const { run, sent } = setup({});
    const usage = (argument: string, command: string) =>
      err(
        `This command takes one argument: <${argument}>\nFor additional help try 'nomad ${command} -help'\n`,
      );
    const cases: Array<[string, CommandResult]> = [
      ['nomad acl role delete', usage('acl_role_id', 'acl role delete')],
      ['nomad acl role delete ""', err('Error deleting ACL role: missing ACL role ID\n')],
      ['nomad acl role update a b', usage('acl_role_id', 'acl role update')],
      [
        'nomad acl role update -name=x ""',
        err('Error when retrieving ACL role: missing ACL role ID\n'),
      ],
      ['nomad acl auth-method delete', usage('acl_auth_method_name', 'acl auth-method delete')],
      [
        'nomad acl auth-method delete ""',
        err('Error deleting ACL auth method: missing ACL auth-method name\n'),
      ],
      [
        'nomad acl auth-method info ""',
        err('Error reading ACL auth method: missing ACL auth-method name\n'),
      ],
      [
        'nomad acl auth-method update -type=JWT ""',
        err('Error when retrieving ACL auth method: missing ACL auth-method name\n'),
      ],
      [
        'nomad acl binding-rule delete a b',
        usage('acl_binding_rule_id', 'acl binding-rule delete'),
      ],
      [
        'nomad acl binding-rule delete ""',
        err('Error deleting ACL binding rule: missing ACL binding rule ID\n'),
      ],
      [
        'nomad acl binding-rule info ""',
        err('Error reading ACL binding rule: missing ACL binding rule ID\n'),
      ],
      [
        'nomad acl binding-rule update ""',
        err('Error when retrieving ACL binding rule: missing ACL binding rule ID\n'),
      ],
      ['nomad namespace delete', usage('namespace', 'namespace delete')],
      ['nomad node pool delete a b', usage('node-pool', 'node pool delete')],
    ];
    for (const [line, expected] of cases) expect(await run(line), line).toEqual(expected);
    expect(sent()).toEqual([]);
  });

  it('the list commands take no arguments, and print the agent error after their own prefix', async () => {
    const down = errorResponse(500, 'rpc error: no leader');
    const { run, sent } = setup({
      'GET /v1/acl/roles': down,
      'GET /v1/acl/auth-methods': down,
      'GET /v1/acl/binding-rules': down,
      'GET /v1/namespaces': down,
      'GET /v1/node/pools': down,
    });
    expect(await run('nomad acl role list extra')).toEqual(
      err("This command takes no arguments\nFor additional help try 'nomad acl role list -help'\n"),
    );
    expect(sent()).toEqual([]);
    const refusal = 'Unexpected response code: 500 (rpc error: no leader)\n';
    for (const [line, prefix] of [
      ['nomad acl role list', 'Error listing ACL roles'],
      ['nomad acl auth-method list', 'Error listing ACL auth methods'],
      ['nomad acl binding-rule list', 'Error listing ACL binding rules'],
      ['nomad namespace list', 'Error retrieving namespaces'],
      ['nomad node pool list', 'Error querying node pools'],
    ] as const)
      expect(await run(line), line).toEqual(err(`${prefix}: ${refusal}`));
    // Nomad 1.0's namespace list has no -json or -t.
    const old = setup({ 'GET /v1/namespaces': jsonResponse([DEFAULT_NS]) }, 'v1.0');
    const flagged = await old.run('nomad namespace list -json');
    expect([flagged.exitCode, flagged.stderr]).toEqual([
      1,
      'flag provided but not defined: -json\n',
    ]);
    expect(old.sent()).toEqual([]);
  });
});

describe('commands per profile', () => {
  it('a 1.0-era nomad has no acl role, auth-method or binding-rule commands: the acl group prints its help', async () => {
    const { run, sent } = setup({}, 'tutorial');
    for (const line of [
      'nomad acl role list',
      'nomad acl auth-method list',
      'nomad acl binding-rule list',
    ]) {
      const result = await run(line);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('Usage: nomad acl <subcommand> [options] [args]');
      expect(result.stdout).not.toContain('role');
    }
    const pools = await run('nomad node pool list');
    expect(pools.exitCode).toBe(1);
    expect(pools.stdout).toContain('Usage: nomad node <subcommand>');
    expect(sent()).toEqual([]);
  });

  it("0.9.7's open-source nomad has the namespace commands, and its agent refuses them with 501", async () => {
    const enterpriseOnly = errorResponse(501, 'Nomad Enterprise only endpoint');
    const { run, sent } = setup(
      {
        'GET /v1/namespaces': enterpriseOnly,
        'GET /v1/namespace/web': enterpriseOnly,
        'DELETE /v1/namespace/web': enterpriseOnly,
      },
      'tutorial',
    );
    const refusal = 'Unexpected response code: 501 (Nomad Enterprise only endpoint)\n';
    expect(await run('nomad namespace list')).toEqual(
      err(`Error retrieving namespaces: ${refusal}`),
    );
    expect(await run('nomad namespace status web')).toEqual(
      err(`Error retrieving namespaces: ${refusal}`),
    );
    expect(await run('nomad namespace apply -description "Web team" web')).toEqual(
      err(`Error looking up namespace: ${refusal}`),
    );
    expect(await run('nomad namespace delete web')).toEqual(
      err(`Error deleting namespace: ${refusal}`),
    );
    expect(sent()).toEqual([
      'GET /v1/namespaces',
      'GET /v1/namespaces',
      'GET /v1/namespace/web',
      'DELETE /v1/namespace/web',
    ]);
    const group = await run('nomad namespace');
    expect(group.exitCode).toBe(1);
    expect(group.stdout).toContain('Usage: nomad namespace <subcommand> [options] [args]');
    for (const sub of ['apply', 'delete', 'list', 'status'])
      expect(group.stdout).toMatch(new RegExp(`^    ${sub} `, 'm'));
  });

  it('the modern acl group lists the new subcommands', async () => {
    const { run } = setup({});
    const help = await run('nomad acl');
    for (const group of ['auth-method', 'binding-rule', 'role'])
      expect(help.stdout).toMatch(new RegExp(`^    ${group} `, 'm'));
  });
});
