/**
 * The `nomad acl ...` commands against a small in-memory fake of Nomad's ACL HTTP API: the
 * tutorial walkthrough byte-for-byte in the tutorial profile (with the tutorial's own ids, times
 * and indexes served by the fake), the same walkthrough in the modern profile, the exact requests
 * each command sends, `-json`, and every error path (HTTP errors, usage errors, missing files,
 * unreachable agent).
 */
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../src/acl/index.js';
import type { ApiRequest, ApiResponse, JsonValue } from '../src/server/http.js';
import {
  type CommandResult,
  errorResponse,
  jsonResponse,
  type NomadContext,
  recordingTransport,
  runNomad,
  runNomadLine,
  transportFailure,
} from '../src/cli/nomad/index.js';

/** What the next created token looks like (the fake has no clock or randomness of its own). */
interface TokenSeed {
  accessor: string;
  secret: string;
  time: string;
  index: number;
}

type TokenJson = { [key: string]: JsonValue };

/** A tiny single-region ACL server: enough rules to drive the CLI through every output. */
class FakeAclServer {
  readonly tokens = new Map<string, TokenJson>();
  readonly policies = new Map<
    string,
    { Name: string; Description: string; Rules: string; CreateIndex: number; ModifyIndex: number }
  >();
  bootstrapIndex: number | undefined;
  resetFile = 0;
  index = 100;
  seeds: TokenSeed[] = [];

  constructor(readonly profile: ProfileName) {}

  handle = async (_address: string, request: ApiRequest): Promise<ApiResponse> => {
    const { method, path } = request;
    if (path === '/v1/acl/bootstrap' && method === 'PUT') return this.bootstrap(request);
    const caller = this.resolve(request.token);
    if (caller === 'unknown')
      return errorResponse(
        403,
        this.profile === 'modern' ? 'Permission denied' : 'ACL token not found',
      );
    const management = caller?.['Type'] === 'management';
    const policyNames =
      caller === undefined ? ['anonymous'] : ((caller['Policies'] as string[] | null) ?? []);
    if (path === '/v1/jobs' && method === 'GET') {
      return management || policyNames.some((p) => this.policies.has(p))
        ? jsonResponse([])
        : errorResponse(403, 'Permission denied');
    }
    if (path === '/v1/acl/token/self') {
      if (caller === undefined) return errorResponse(404, 'ACL token not found');
      return jsonResponse(caller);
    }
    if (path === '/v1/acl/policies') {
      const visible = [...this.policies.values()].filter(
        (p) => management || policyNames.includes(p.Name),
      );
      return jsonResponse(visible.map(({ Rules: _r, ...stub }) => stub));
    }
    const policyMatch = /^\/v1\/acl\/policy\/(.*)$/.exec(path);
    if (policyMatch !== null)
      return this.policy(
        method,
        policyMatch[1] ?? '',
        request.body ?? null,
        management || (method === 'GET' && policyNames.includes(policyMatch[1] ?? '')),
      );
    if (!management) return errorResponse(403, 'Permission denied');
    if (path === '/v1/acl/tokens')
      return jsonResponse([...this.tokens.values()].map(({ SecretID: _s, ...stub }) => stub));
    if (path === '/v1/acl/token' && method === 'PUT')
      return jsonResponse(this.createToken(request.body as TokenJson));
    const tokenMatch = /^\/v1\/acl\/token\/(.*)$/.exec(path);
    if (tokenMatch !== null)
      return this.token(method, tokenMatch[1] ?? '', request.body as TokenJson);
    return errorResponse(404, 'Invalid URL path');
  };

  private resolve(secret: string | undefined): TokenJson | undefined | 'unknown' {
    if (secret === undefined) return undefined;
    return [...this.tokens.values()].find((t) => t['SecretID'] === secret) ?? 'unknown';
  }

  private nextSeed(): TokenSeed {
    const seed = this.seeds.shift();
    if (seed === undefined) throw new Error('fake ACL server: no token seed left');
    this.index = seed.index;
    return seed;
  }

  private tokenJson(seed: TokenSeed, fields: TokenJson): TokenJson {
    const base: TokenJson = { AccessorID: seed.accessor, SecretID: seed.secret, ...fields };
    const modern = this.profile === 'modern';
    return {
      ...base,
      ...(modern ? { Roles: null } : {}),
      Hash: 'aGFzaA==',
      CreateTime: seed.time,
      ...(modern ? { ExpirationTime: null, ExpirationTTL: '' } : {}),
      CreateIndex: seed.index,
      ModifyIndex: seed.index,
    };
  }

  private bootstrap(request: ApiRequest): ApiResponse {
    const status = this.profile === 'modern' ? 400 : 500;
    if (this.bootstrapIndex !== undefined) {
      if (this.resetFile === 0)
        return errorResponse(
          status,
          `ACL bootstrap already done (reset index: ${this.bootstrapIndex})`,
        );
      if (this.resetFile !== this.bootstrapIndex)
        return errorResponse(
          status,
          `Invalid bootstrap reset index (specified ${this.resetFile}, reset index: ${this.bootstrapIndex})`,
        );
    }
    const seed = this.nextSeed();
    const secret = (request.body as { BootstrapSecret?: string } | undefined)?.BootstrapSecret;
    const token = this.tokenJson(
      { ...seed, secret: secret ?? seed.secret },
      { Name: 'Bootstrap Token', Type: 'management', Policies: null, Global: true },
    );
    this.tokens.set(seed.accessor, token);
    this.bootstrapIndex = seed.index;
    return jsonResponse(token, seed.index);
  }

  private policy(method: string, name: string, body: JsonValue, allowed: boolean): ApiResponse {
    if (!allowed) return errorResponse(403, 'Permission denied');
    if (method === 'GET') {
      const policy = this.policies.get(name);
      return policy === undefined
        ? errorResponse(404, 'ACL policy not found')
        : jsonResponse(policy);
    }
    this.index++;
    if (method === 'DELETE') {
      this.policies.delete(name);
      return jsonResponse(null, this.index);
    }
    const input = body as { Name: string; Description: string; Rules: string };
    if (input.Rules.trim() === '')
      return errorResponse(
        this.profile === 'modern' ? 400 : 404,
        `policy 0 invalid: 1 error occurred:\n\t* failed to parse rules: Invalid policy: \n\n`,
      );
    const existing = this.policies.get(name);
    this.policies.set(name, {
      ...input,
      CreateIndex: existing?.CreateIndex ?? this.index,
      ModifyIndex: this.index,
    });
    return jsonResponse(null, this.index);
  }

  private createToken(body: TokenJson): TokenJson {
    const seed = this.nextSeed();
    const { Name, Type, Policies, Global } = body;
    const token = this.tokenJson(seed, {
      Name: Name ?? '',
      Type: Type ?? 'client',
      Policies: Policies ?? null,
      Global: Global ?? false,
    });
    this.tokens.set(seed.accessor, token);
    return token;
  }

  private token(method: string, accessor: string, body: TokenJson): ApiResponse {
    const token = this.tokens.get(accessor);
    if (token === undefined)
      return method === 'DELETE'
        ? errorResponse(400, `Cannot delete nonexistent tokens: ${accessor}`)
        : errorResponse(404, 'ACL token not found');
    if (method === 'GET') return jsonResponse(token);
    this.index++;
    if (method === 'DELETE') {
      this.tokens.delete(accessor);
      return jsonResponse(null, this.index);
    }
    const updated = {
      ...token,
      Name: body['Name'] ?? '',
      Type: body['Type'] ?? '',
      Policies: body['Policies'] ?? null,
      ModifyIndex: this.index,
    };
    this.tokens.set(accessor, updated);
    return jsonResponse(updated, this.index);
  }
}

const ANONYMOUS_POLICY =
  'namespace "*" {\n  policy       = "write"\n  capabilities = ["alloc-node-exec"]\n}\n\nagent {\n  policy = "write"\n}\n';

const TUTORIAL_BOOTSTRAP: TokenSeed = {
  accessor: '5b7fd453-d3f7-6814-81dc-fcfe6daedea5',
  secret: '9184ec35-65d4-9258-61e3-0c066d0a45c5',
  time: '2017-09-11T17:38:10.999089612Z',
  index: 7,
};
const TUTORIAL_REPLICATION: TokenSeed = {
  accessor: 'ec175d30-26ea-4a54-4850-45f833acece5',
  secret: '9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31',
  time: '2020-01-08T21:12:43.32324673Z',
  index: 2916,
};
const TUTORIAL_REBOOTSTRAP: TokenSeed = {
  accessor: '52d3353d-d7b9-d945-0591-1af608732b76',
  secret: '4b0a41ca-6d32-1853-e64b-de0d347e4525',
  time: '2017-09-11T18:38:11.929089612Z',
  index: 11,
};

function setup(profile: ProfileName, files: Record<string, string> = {}) {
  const server = new FakeAclServer(profile);
  const recorder = recordingTransport(server.handle);
  const context = (
    env: Record<string, string> = {},
    extra: Partial<NomadContext> = {},
  ): NomadContext => ({
    env,
    transport: recorder.transport,
    files: { read: (path) => files[path] },
    profile,
    defaultAddress: 'http://127.0.0.1:4646',
    ...extra,
  });
  const run = (
    line: string,
    env: Record<string, string> = {},
    extra: Partial<NomadContext> = {},
  ): Promise<CommandResult> => runNomadLine(line, context(env, extra));
  return { server, requests: recorder.requests, run, context };
}

const out = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string, exitCode = 1): CommandResult => ({ stdout: '', stderr, exitCode });

describe('the bootstrap tutorial, tutorial profile, byte for byte', () => {
  it('prints what the tutorial shows at every step', async () => {
    const { server, run } = setup('tutorial', { 'anonymous.policy.hcl': ANONYMOUS_POLICY });
    server.seeds = [TUTORIAL_BOOTSTRAP, TUTORIAL_REPLICATION, TUTORIAL_REBOOTSTRAP];

    expect(await run('nomad acl bootstrap')).toEqual(
      out(`Accessor ID  = 5b7fd453-d3f7-6814-81dc-fcfe6daedea5
Secret ID    = 9184ec35-65d4-9258-61e3-0c066d0a45c5
Name         = Bootstrap Token
Type         = management
Global       = true
Policies     = n/a
Create Time  = 2017-09-11 17:38:10.999089612 +0000 UTC
Create Index = 7
Modify Index = 7
`),
    );
    expect(await run('nomad status')).toEqual(
      err('Error querying jobs: Unexpected response code: 403 (Permission denied)\n'),
    );
    const bootstrapSecret = { NOMAD_TOKEN: TUTORIAL_BOOTSTRAP.secret };
    expect(await run('nomad status', bootstrapSecret)).toEqual(out('No running jobs\n'));
    expect(
      await run(
        'nomad acl policy apply -description "Anonymous policy (full-access)" anonymous anonymous.policy.hcl',
        bootstrapSecret,
      ),
    ).toEqual(out('Successfully wrote "anonymous" ACL policy!\n'));
    expect(await run('nomad status')).toEqual(out('No running jobs\n'));
    expect(
      await run(`nomad acl token create -type="management" -global=true \\
  -name="Cluster A Replication Token" -token=${TUTORIAL_BOOTSTRAP.secret}`),
    ).toEqual(
      out(`Accessor ID  = ec175d30-26ea-4a54-4850-45f833acece5
Secret ID    = 9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31
Name         = Cluster A Replication Token
Type         = management
Global       = true
Policies     = n/a
Create Time  = 2020-01-08 21:12:43.32324673 +0000 UTC
Create Index = 2916
Modify Index = 2916
`),
    );
    expect(await run('nomad acl bootstrap')).toEqual(
      err(
        'Error bootstrapping: Unexpected response code: 500 (ACL bootstrap already done (reset index: 7))\n',
      ),
    );
    server.resetFile = 7;
    expect(await run('nomad acl bootstrap')).toEqual(
      out(`Accessor ID  = 52d3353d-d7b9-d945-0591-1af608732b76
Secret ID    = 4b0a41ca-6d32-1853-e64b-de0d347e4525
Name         = Bootstrap Token
Type         = management
Global       = true
Policies     = n/a
Create Time  = 2017-09-11 18:38:11.929089612 +0000 UTC
Create Index = 11
Modify Index = 11
`),
    );
    expect(await run('nomad acl bootstrap')).toEqual(
      err(
        'Error bootstrapping: Unexpected response code: 500 (Invalid bootstrap reset index (specified 7, reset index: 11))\n',
      ),
    );
  });

  it('refuses a bootstrap secret file: the command takes no arguments', async () => {
    const { run, requests } = setup('tutorial', { secret: 'x' });
    expect(await run('nomad acl bootstrap secret')).toEqual(
      err("This command takes no arguments\nFor additional help try 'nomad acl bootstrap -help'\n"),
    );
    expect(requests).toEqual([]);
  });
});

describe('the same walkthrough in the modern profile', () => {
  it('prints modern token blocks and 400 bootstrap refusals', async () => {
    const { server, run, requests } = setup('modern', { 'anonymous.policy.hcl': ANONYMOUS_POLICY });
    server.seeds = [TUTORIAL_BOOTSTRAP, TUTORIAL_REPLICATION];
    expect(await run('nomad acl bootstrap')).toEqual(
      out(`Accessor ID  = 5b7fd453-d3f7-6814-81dc-fcfe6daedea5
Secret ID    = 9184ec35-65d4-9258-61e3-0c066d0a45c5
Name         = Bootstrap Token
Type         = management
Global       = true
Create Time  = 2017-09-11 17:38:10.999089612 +0000 UTC
Expiry Time  = <none>
Create Index = 7
Modify Index = 7
Policies     = n/a
Roles        = n/a
`),
    );
    expect(await run('nomad acl bootstrap')).toEqual(
      err(
        'Error bootstrapping: Unexpected response code: 400 (ACL bootstrap already done (reset index: 7))\n',
      ),
    );
    const result = await run(
      'nomad acl token create -type=management -global -name="Cluster A Replication Token"',
      { NOMAD_TOKEN: TUTORIAL_BOOTSTRAP.secret },
    );
    expect(result.stdout).toContain(
      'Name         = Cluster A Replication Token\nType         = management\nGlobal       = true\nCreate Time  = 2020-01-08 21:12:43.32324673 +0000 UTC\nExpiry Time  = <none>',
    );
    expect(requests.map((r) => r.request)).toEqual([
      { method: 'PUT', path: '/v1/acl/bootstrap' },
      { method: 'PUT', path: '/v1/acl/bootstrap' },
      {
        method: 'PUT',
        path: '/v1/acl/token',
        token: TUTORIAL_BOOTSTRAP.secret,
        body: {
          Name: 'Cluster A Replication Token',
          Type: 'management',
          Policies: null,
          Roles: null,
          Global: true,
          ExpirationTTL: '',
        },
      },
    ]);
  });
});

describe('acl bootstrap', () => {
  it('sends an operator secret from a file or stdin, stripping one trailing newline', async () => {
    const secret = '2b778dd9-f5f1-6f29-b4b4-9a5fa948757a';
    const { server, run, requests } = setup('modern', { 'root.token': `${secret}\n` });
    server.seeds = [TUTORIAL_BOOTSTRAP];
    const result = await run('nomad acl bootstrap root.token');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Secret ID    = ${secret}\n`);
    expect(requests[0]?.request).toEqual({
      method: 'PUT',
      path: '/v1/acl/bootstrap',
      body: { BootstrapSecret: secret },
    });
    server.bootstrapIndex = undefined;
    server.seeds = [TUTORIAL_REBOOTSTRAP];
    await run('nomad acl bootstrap -', {}, { stdin: 'from-stdin\n\n' });
    expect(requests[1]?.request.body).toEqual({ BootstrapSecret: 'from-stdin\n' });
  });

  it('sends no body for an empty secret file', async () => {
    const { server, run, requests } = setup('modern', { empty: '\n' });
    server.seeds = [TUTORIAL_BOOTSTRAP];
    expect((await run('nomad acl bootstrap empty')).exitCode).toBe(0);
    expect(requests[0]?.request).toEqual({ method: 'PUT', path: '/v1/acl/bootstrap' });
  });

  it('reports a missing secret file and extra arguments without sending anything', async () => {
    const { run, requests } = setup('modern');
    expect(await run('nomad acl bootstrap nope.token')).toEqual(
      err('Error reading provided token: open nope.token: no such file or directory\n'),
    );
    expect(await run('nomad acl bootstrap a b')).toEqual(
      err(
        "This command takes up to one argument\nFor additional help try 'nomad acl bootstrap -help'\n",
      ),
    );
    expect(requests).toEqual([]);
  });

  it('prints the token as JSON with -json', async () => {
    const { server, run } = setup('modern');
    server.seeds = [TUTORIAL_BOOTSTRAP];
    const result = await run('nomad acl bootstrap -json');
    expect(JSON.parse(result.stdout)).toMatchObject({
      AccessorID: TUTORIAL_BOOTSTRAP.accessor,
      Name: 'Bootstrap Token',
    });
    // 2.0.5: api.ACLToken.MarshalJSON, written as it is: one compact line.
    expect(result.stdout.startsWith('{"ExpirationTTL":"","AccessorID":"5b7fd453')).toBe(true);
    expect(result.stdout.endsWith('}\n')).toBe(true);
  });
});

/** A fake with a bootstrap token already in place, and its secret. */
async function bootstrapped(profile: ProfileName, files: Record<string, string> = {}) {
  const fixture = setup(profile, files);
  fixture.server.seeds = [TUTORIAL_BOOTSTRAP];
  await fixture.run('nomad acl bootstrap');
  fixture.requests.length = 0;
  return { ...fixture, mgmt: { NOMAD_TOKEN: TUTORIAL_BOOTSTRAP.secret } };
}

describe('acl policy', () => {
  it('apply sends {Name, Description, Rules} to the policy path, with the token and region', async () => {
    const { run, requests, mgmt } = await bootstrapped('modern', {
      'ro.hcl': 'node { policy = "read" }',
    });
    expect(await run('nomad acl policy apply -region=europe readonly ro.hcl', mgmt)).toEqual(
      out('Successfully wrote "readonly" ACL policy!\n'),
    );
    expect(requests[0]).toEqual({
      address: 'http://127.0.0.1:4646',
      request: {
        method: 'PUT',
        path: '/v1/acl/policy/readonly',
        query: { region: 'europe' },
        token: TUTORIAL_BOOTSTRAP.secret,
        body: { Name: 'readonly', Description: '', Rules: 'node { policy = "read" }' },
      },
    });
  });

  it('apply reads rules from stdin with -', async () => {
    const { run, requests, mgmt } = await bootstrapped('modern');
    expect(
      (await run('nomad acl policy apply ops -', mgmt, { stdin: 'agent { policy = "read" }\n' }))
        .exitCode,
    ).toBe(0);
    expect(requests[0]?.request.body).toEqual({
      Name: 'ops',
      Description: '',
      Rules: 'agent { policy = "read" }\n',
    });
  });

  it('apply errors: argument count, missing file, empty name, server refusals', async () => {
    const { run, requests, mgmt } = await bootstrapped('tutorial', { 'empty.hcl': '' });
    expect(await run('nomad acl policy apply only-name', mgmt)).toEqual(
      err(
        "This command takes two arguments: <name> and <path>\nFor additional help try 'nomad acl policy apply -help'\n",
      ),
    );
    expect(await run('nomad acl policy apply p p.hcl -description x', mgmt)).toEqual(
      err(
        "This command takes two arguments: <name> and <path>\nFor additional help try 'nomad acl policy apply -help'\n",
      ),
    );
    expect(await run('nomad acl policy apply p missing.hcl', mgmt)).toEqual(
      err('Failed to read file: open missing.hcl: no such file or directory\n'),
    );
    expect(await run('nomad acl policy apply "" empty.hcl', mgmt)).toEqual(
      err('Error writing ACL policy: missing policy name\n'),
    );
    expect(requests).toEqual([]);
    expect(await run('nomad acl policy apply p empty.hcl')).toEqual(
      err('Error writing ACL policy: Unexpected response code: 403 (Permission denied)\n'),
    );
    expect(await run('nomad acl policy apply p empty.hcl', mgmt)).toEqual(
      err(
        'Error writing ACL policy: Unexpected response code: 404 (policy 0 invalid: 1 error occurred:\n\t* failed to parse rules: Invalid policy: \n\n)\n',
      ),
    );
  });

  it('modern error texts trim the body', async () => {
    const { run, mgmt } = await bootstrapped('modern', { 'empty.hcl': '' });
    expect(await run('nomad acl policy apply p empty.hcl', mgmt)).toEqual(
      err(
        'Error writing ACL policy: Unexpected response code: 400 (policy 0 invalid: 1 error occurred:\n\t* failed to parse rules: Invalid policy:)\n',
      ),
    );
  });

  it('list: table, empty message, anonymous view, -json, errors', async () => {
    const { run, mgmt, server, requests } = await bootstrapped('modern');
    expect(await run('nomad acl policy list', mgmt)).toEqual(out('No policies found\n'));
    server.policies.set('anonymous', {
      Name: 'anonymous',
      Description: 'Anonymous policy (full-access)',
      Rules: '',
      CreateIndex: 9,
      ModifyIndex: 9,
    });
    server.policies.set('readonly', {
      Name: 'readonly',
      Description: '',
      Rules: '',
      CreateIndex: 10,
      ModifyIndex: 10,
    });
    expect(await run('nomad acl policy list', mgmt)).toEqual(
      out('Name       Description\nanonymous  Anonymous policy (full-access)\nreadonly   <none>\n'),
    );
    expect(await run('nomad acl policy list')).toEqual(
      out('Name       Description\nanonymous  Anonymous policy (full-access)\n'),
    );
    const json = await run('nomad acl policy list -json', mgmt);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        Name: 'anonymous',
        Description: 'Anonymous policy (full-access)',
        CreateIndex: 9,
        ModifyIndex: 9,
      },
      { Name: 'readonly', Description: '', CreateIndex: 10, ModifyIndex: 10 },
    ]);
    expect(
      requests.every((r) => r.request.method === 'GET' && r.request.path === '/v1/acl/policies'),
    ).toBe(true);
    expect(await run('nomad acl policy list -token=not-a-uuid')).toEqual(
      err('Error listing ACL policies: Unexpected response code: 403 (Permission denied)\n'),
    );
    expect(await run('nomad acl policy list extra', mgmt)).toEqual(
      err(
        "This command takes no arguments\nFor additional help try 'nomad acl policy list -help'\n",
      ),
    );
  });

  it('info: modern and tutorial layouts, 404, missing argument', async () => {
    for (const profile of ['modern', 'tutorial'] as const) {
      const { run, mgmt, server } = await bootstrapped(profile);
      server.policies.set('readonly', {
        Name: 'readonly',
        Description: '',
        Rules: 'node {\n  policy = "read"\n}',
        CreateIndex: 10,
        ModifyIndex: 12,
      });
      const expected =
        profile === 'modern'
          ? 'Name        = readonly\nDescription = <none>\nCreateIndex = 10\nModifyIndex = 12\n\nRules\n\nnode {\n  policy = "read"\n}\n'
          : 'Name        = readonly\nDescription = <none>\nRules       = node {\n  policy = "read"\n}\nCreateIndex = 10\nModifyIndex = 12\n';
      expect(await run('nomad acl policy info readonly', mgmt)).toEqual(out(expected));
      expect(await run('nomad acl policy info nothing', mgmt)).toEqual(
        err(
          'Error fetching info on ACL policy: Unexpected response code: 404 (ACL policy not found)\n',
        ),
      );
      expect(await run('nomad acl policy info', mgmt)).toEqual(
        err(
          "This command takes one argument: <name>\nFor additional help try 'nomad acl policy info -help'\n",
        ),
      );
      expect(await run('nomad acl policy info ""', mgmt)).toEqual(
        err('Error fetching info on ACL policy: missing policy name\n'),
      );
      const json = await run('nomad acl policy info readonly -json', mgmt);
      expect(json.exitCode).toBe(1);
      expect(json.stderr).toContain('This command takes one argument: <name>');
      expect(
        JSON.parse((await run('nomad acl policy info -json readonly', mgmt)).stdout),
      ).toMatchObject({ Name: 'readonly', ModifyIndex: 12 });
    }
  });

  it('delete: success text, request, errors', async () => {
    const { run, mgmt, requests } = await bootstrapped('modern');
    expect(await run('nomad acl policy delete readonly', mgmt)).toEqual(
      out('Successfully deleted readonly policy!\n'),
    );
    expect(requests[0]?.request).toEqual({
      method: 'DELETE',
      path: '/v1/acl/policy/readonly',
      token: TUTORIAL_BOOTSTRAP.secret,
    });
    expect(await run('nomad acl policy delete readonly')).toEqual(
      err('Error deleting ACL policy: Unexpected response code: 403 (Permission denied)\n'),
    );
    expect(await run('nomad acl policy delete a b', mgmt)).toEqual(
      err(
        "This command takes one argument: <name>\nFor additional help try 'nomad acl policy delete -help'\n",
      ),
    );
    expect(await run('nomad acl policy delete ""', mgmt)).toEqual(
      err('Error deleting ACL policy: missing policy name\n'),
    );
  });
});

const CLIENT_SEED: TokenSeed = {
  accessor: 'a1b2c3d4-0000-0000-0000-000000000001',
  secret: 'f0f0f0f0-0000-0000-0000-000000000001',
  time: '2024-05-01T10:00:05.25Z',
  index: 20,
};

describe('acl token', () => {
  it('create (modern): checks each policy, then sends the token with roles and TTL', async () => {
    const { run, mgmt, requests, server } = await bootstrapped('modern');
    server.policies.set('readonly', {
      Name: 'readonly',
      Description: '',
      Rules: '',
      CreateIndex: 10,
      ModifyIndex: 10,
    });
    server.seeds = [CLIENT_SEED];
    const result = await run(
      'nomad acl token create -name=ops -policy readonly -policy=missing --role-name=r1 -role-id r-2 -ttl=1h30m',
      mgmt,
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(
      'Error fetching info on missing policy: Unexpected response code: 404 (ACL policy not found)\n',
    );
    expect(result.stdout).toBe(`Accessor ID  = a1b2c3d4-0000-0000-0000-000000000001
Secret ID    = f0f0f0f0-0000-0000-0000-000000000001
Name         = ops
Type         = client
Global       = false
Create Time  = 2024-05-01 10:00:05.25 +0000 UTC
Expiry Time  = <none>
Create Index = 20
Modify Index = 20
Policies     = [readonly missing]

Roles
<none>
`);
    expect(requests.map((r) => `${r.request.method} ${r.request.path}`)).toEqual([
      'GET /v1/acl/policy/readonly',
      'GET /v1/acl/policy/missing',
      'PUT /v1/acl/token',
    ]);
    expect(requests[2]?.request.body).toEqual({
      Name: 'ops',
      Type: 'client',
      Policies: ['readonly', 'missing'],
      Roles: [
        { ID: '', Name: 'r1' },
        { ID: 'r-2', Name: '' },
      ],
      Global: false,
      ExpirationTTL: '1h30m0s',
    });
  });

  it('create (tutorial): no policy check, no roles/TTL in the body, -ttl is an unknown flag', async () => {
    const { run, mgmt, requests, server } = await bootstrapped('tutorial');
    server.seeds = [CLIENT_SEED];
    const result = await run('nomad acl token create -name=ops -policy=readonly', mgmt);
    expect(result.stdout).toContain(
      'Policies     = [readonly]\nCreate Time  = 2024-05-01 10:00:05.25 +0000 UTC\n',
    );
    expect(requests.map((r) => r.request)).toEqual([
      {
        method: 'PUT',
        path: '/v1/acl/token',
        token: TUTORIAL_BOOTSTRAP.secret,
        body: { Name: 'ops', Type: 'client', Policies: ['readonly'], Global: false },
      },
    ]);
    const ttl = await run('nomad acl token create -ttl=1h', mgmt);
    expect(ttl.exitCode).toBe(1);
    expect(ttl.stderr).toBe('flag provided but not defined: -ttl\n');
    expect(ttl.stdout.startsWith('Usage: nomad acl token create [options]\n')).toBe(true);
  });

  it('create errors: bad TTL, positional arguments, permission, unreachable agent', async () => {
    const { run, mgmt } = await bootstrapped('modern');
    expect(await run('nomad acl token create -ttl=1d', mgmt)).toEqual(
      err('Failed to parse TTL as time duration: time: unknown unit "d" in duration "1d"\n'),
    );
    // 2.0.5 takes one argument (the SecretID file of an upload), so a stray word reads as one.
    expect(await run('nomad acl token create -global true', mgmt)).toEqual(
      err(
        "A SecretID file path was provided but -accessor was not set\nFor additional help try 'nomad acl token create -help'\n",
      ),
    );
    expect(await run('nomad acl token create -type=management')).toEqual(
      err('Error creating token: Unexpected response code: 403 (Permission denied)\n'),
    );
    const down = await runNomad(['acl', 'token', 'create', '-address=http://10.0.1.1:4646'], {
      env: mgmt,
      transport: async () => Promise.reject(transportFailure('connection-refused')),
      files: { read: () => undefined },
      profile: 'modern',
      defaultAddress: 'http://127.0.0.1:4646',
    });
    expect(down).toEqual(
      err(
        'Error creating token: Put "http://10.0.1.1:4646/v1/acl/token": dial tcp 10.0.1.1:4646: connect: connection refused\n',
      ),
    );
  });

  it('list: per-profile columns, <none> names, Expired from the workstation clock, -json', async () => {
    const { run, mgmt, server } = await bootstrapped('modern');
    server.seeds = [CLIENT_SEED];
    await run('nomad acl token create -policy=readonly', mgmt);
    const token = server.tokens.get(CLIENT_SEED.accessor);
    if (token !== undefined) token['ExpirationTime'] = '2024-05-01T10:01:00Z';
    expect(await run('nomad acl token list', mgmt, { now: 120_000 })).toEqual(
      out(`Name             Type        Global  Accessor ID                           Expired
Bootstrap Token  management  true    5b7fd453-d3f7-6814-81dc-fcfe6daedea5  false
<none>           client      false   a1b2c3d4-0000-0000-0000-000000000001  true
`),
    );
    expect((await run('nomad acl token list', mgmt, { now: 0 })).stdout).toContain(
      '000000000001  false',
    );
    const json = JSON.parse((await run('nomad acl token list -json', mgmt)).stdout) as TokenJson[];
    expect(json.map((t) => t['AccessorID'])).toEqual([
      TUTORIAL_BOOTSTRAP.accessor,
      CLIENT_SEED.accessor,
    ]);
    expect(json.some((t) => 'SecretID' in t)).toBe(false);
    expect(await run('nomad acl token list')).toEqual(
      err('Error listing ACL tokens: Unexpected response code: 403 (Permission denied)\n'),
    );
  });

  it('list (tutorial): no Expired column; empty list message', async () => {
    const { run, mgmt, server } = await bootstrapped('tutorial');
    expect(await run('nomad acl token list', mgmt)).toEqual(
      out(
        'Name             Type        Global  Accessor ID\nBootstrap Token  management  true    5b7fd453-d3f7-6814-81dc-fcfe6daedea5\n',
      ),
    );
    server.tokens.clear();
    server.tokens.set('x', { AccessorID: 'x', SecretID: 's', Type: 'management' });
    expect(await run('nomad acl token list', { NOMAD_TOKEN: 's' })).toEqual(
      out('Name    Type        Global  Accessor ID\n<none>  management  false   x\n'),
    );
  });

  it('info: token block, 404, usage, unknown token (per profile text)', async () => {
    for (const profile of ['modern', 'tutorial'] as const) {
      const { run, mgmt, requests } = await bootstrapped(profile);
      const info = await run(`nomad acl token info ${TUTORIAL_BOOTSTRAP.accessor}`, mgmt);
      expect(info.stdout).toContain('Name         = Bootstrap Token\n');
      expect(requests[0]?.request).toEqual({
        method: 'GET',
        path: `/v1/acl/token/${TUTORIAL_BOOTSTRAP.accessor}`,
        token: TUTORIAL_BOOTSTRAP.secret,
      });
      expect(await run('nomad acl token info 00000000-0000-0000-0000-000000000000', mgmt)).toEqual(
        err('Error fetching token: Unexpected response code: 404 (ACL token not found)\n'),
      );
      expect(await run('nomad acl token info', mgmt)).toEqual(
        err(
          "This command takes one argument: <token_accessor_id>\nFor additional help try 'nomad acl token info -help'\n",
        ),
      );
      expect(await run('nomad acl token info ""', mgmt)).toEqual(
        err('Error fetching token: missing accessor ID\n'),
      );
      const unknown = profile === 'modern' ? 'Permission denied' : 'ACL token not found';
      expect(await run('nomad acl token info -token=not-a-uuid x')).toEqual(
        err(`Error fetching token: Unexpected response code: 403 (${unknown})\n`),
      );
    }
  });

  it('self: modern refuses without a token; tutorial asks the server', async () => {
    const modern = await bootstrapped('modern');
    expect(await modern.run('nomad acl token self')).toEqual(
      err('No token present in the environment or set via the CLI flag\n'),
    );
    expect(modern.requests).toEqual([]);
    const self = await modern.run(`nomad acl token self -token=${TUTORIAL_BOOTSTRAP.secret}`);
    expect(self.stdout).toContain(`Accessor ID  = ${TUTORIAL_BOOTSTRAP.accessor}\n`);
    expect(modern.requests[0]?.request).toEqual({
      method: 'GET',
      path: '/v1/acl/token/self',
      token: TUTORIAL_BOOTSTRAP.secret,
    });
    expect(await modern.run('nomad acl token self -token=bogus')).toEqual(
      err('Error fetching self token: Unexpected response code: 403 (Permission denied)\n'),
    );
    expect(await modern.run('nomad acl token self x', modern.mgmt)).toEqual(
      err(
        "This command takes no arguments\nFor additional help try 'nomad acl token self -help'\n",
      ),
    );

    const tutorial = await bootstrapped('tutorial');
    expect(await tutorial.run('nomad acl token self')).toEqual(
      err('Error fetching self token: Unexpected response code: 404 (ACL token not found)\n'),
    );
    expect(tutorial.requests[0]?.request).toEqual({ method: 'GET', path: '/v1/acl/token/self' });
  });

  it('update: fetches, replaces only the given fields, and puts the whole token back', async () => {
    const { run, mgmt, requests, server } = await bootstrapped('modern');
    server.seeds = [CLIENT_SEED];
    await run('nomad acl token create -name=ops -policy=readonly', mgmt);
    requests.length = 0;
    const result = await run(
      `nomad acl token update -policy=a -policy=b ${CLIENT_SEED.accessor}`,
      mgmt,
    );
    expect(result.stdout).toContain('Name         = ops\nType         = client\n');
    expect(result.stdout).toContain('Policies     = [a b]\n');
    expect(requests.map((r) => `${r.request.method} ${r.request.path}`)).toEqual([
      `GET /v1/acl/token/${CLIENT_SEED.accessor}`,
      `PUT /v1/acl/token/${CLIENT_SEED.accessor}`,
    ]);
    expect(requests[1]?.request.body).toMatchObject({
      AccessorID: CLIENT_SEED.accessor,
      SecretID: CLIENT_SEED.secret,
      Name: 'ops',
      Type: 'client',
      Policies: ['a', 'b'],
      CreateIndex: 20,
    });
    expect(
      await run('nomad acl token update -name=x 00000000-0000-0000-0000-000000000000', mgmt),
    ).toEqual(err('Error fetching token: Unexpected response code: 404 (ACL token not found)\n'));
    expect(await run('nomad acl token update', mgmt)).toEqual(
      err(
        "This command takes one argument: <token_accessor_id>\nFor additional help try 'nomad acl token update -help'\n",
      ),
    );
  });

  it('update: a refused write prints Error updating token', async () => {
    const { context } = await bootstrapped('modern');
    const transport = async (_a: string, r: ApiRequest): Promise<ApiResponse> =>
      r.method === 'GET'
        ? jsonResponse({ AccessorID: 'abc', Type: 'client', Policies: ['p'] })
        : errorResponse(
            400,
            'token 0 invalid: 1 error occurred:\n\t* cannot toggle global mode\n\n',
          );
    const result = await runNomad(['acl', 'token', 'update', '-name=n', 'abc'], {
      ...context(),
      transport,
    });
    expect(result).toEqual(
      err(
        'Error updating token: Unexpected response code: 400 (token 0 invalid: 1 error occurred:\n\t* cannot toggle global mode)\n',
      ),
    );
  });

  it('delete: success text, request, nonexistent token, usage', async () => {
    const { run, mgmt, requests, server } = await bootstrapped('modern');
    server.seeds = [CLIENT_SEED];
    await run('nomad acl token create -policy=readonly', mgmt);
    requests.length = 0;
    expect(await run(`nomad acl token delete ${CLIENT_SEED.accessor}`, mgmt)).toEqual(
      out(`Token ${CLIENT_SEED.accessor} successfully deleted\n`),
    );
    expect(requests[0]?.request).toEqual({
      method: 'DELETE',
      path: `/v1/acl/token/${CLIENT_SEED.accessor}`,
      token: TUTORIAL_BOOTSTRAP.secret,
    });
    expect(await run(`nomad acl token delete ${CLIENT_SEED.accessor}`, mgmt)).toEqual(
      err(
        `Error deleting token: Unexpected response code: 400 (Cannot delete nonexistent tokens: ${CLIENT_SEED.accessor})\n`,
      ),
    );
    expect(await run('nomad acl token delete', mgmt)).toEqual(
      err(
        "This command takes one argument: <token_accessor_id>\nFor additional help try 'nomad acl token delete -help'\n",
      ),
    );
    expect(await run('nomad acl token delete ""', mgmt)).toEqual(
      err('Error deleting token: missing accessor ID\n'),
    );
  });

  it('-json prints the token as api.ACLToken.MarshalJSON writes it (2.0.5: one compact line)', async () => {
    const { run, mgmt } = await bootstrapped('modern');
    const result = await run(`nomad acl token info -json ${TUTORIAL_BOOTSTRAP.accessor}`, mgmt);
    expect(result.stdout).toContain(',"SecretID":"9184ec35-65d4-9258-61e3-0c066d0a45c5",');
    expect(JSON.parse(result.stdout)).toMatchObject({ Type: 'management', CreateIndex: 7 });
    // Before, encoding/json of the api struct, four-space indented.
    const old = await bootstrapped('v1.0');
    const indented = await old.run(
      `nomad acl token info -json ${TUTORIAL_BOOTSTRAP.accessor}`,
      old.mgmt,
    );
    expect(indented.stdout).toContain(
      '\n    "SecretID": "9184ec35-65d4-9258-61e3-0c066d0a45c5",\n',
    );
  });
});

describe('connection settings', () => {
  it('flags win over NOMAD_* variables, which win over the default address', async () => {
    const { run, requests } = setup('modern');
    const env = {
      NOMAD_ADDR: 'http://10.0.0.5:4646',
      NOMAD_REGION: 'asia',
      NOMAD_NAMESPACE: 'web',
      NOMAD_TOKEN: 'env-token',
    };
    await run('nomad acl policy list', env);
    await run(
      'nomad acl policy list -address=http://10.0.0.6:4646/ -region=europe -namespace=ops -token=flag-token',
      env,
    );
    await run('nomad acl policy list -token=', env);
    await run('nomad acl policy list');
    expect(requests).toEqual([
      {
        address: 'http://10.0.0.5:4646',
        request: {
          method: 'GET',
          path: '/v1/acl/policies',
          query: { region: 'asia', namespace: 'web' },
          token: 'env-token',
        },
      },
      {
        address: 'http://10.0.0.6:4646',
        request: {
          method: 'GET',
          path: '/v1/acl/policies',
          query: { region: 'europe', namespace: 'ops' },
          token: 'flag-token',
        },
      },
      {
        address: 'http://10.0.0.5:4646',
        request: {
          method: 'GET',
          path: '/v1/acl/policies',
          query: { region: 'asia', namespace: 'web' },
          token: 'env-token',
        },
      },
      { address: 'http://127.0.0.1:4646', request: { method: 'GET', path: '/v1/acl/policies' } },
    ]);
  });

  it('accepts and ignores the colour and TLS client flags', async () => {
    const { run } = setup('modern');
    expect(
      (await run('nomad acl policy list -no-color -tls-skip-verify -ca-cert=/tmp/ca.pem')).exitCode,
    ).toBe(0);
  });
});
