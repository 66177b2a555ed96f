/**
 * The cluster-side commands of the `nomad` emulator (`status`, `job run|status|stop`,
 * `node status`, `server members`, `operator raft list-peers`) against canned answers, the
 * top-level command dispatch (help, version, unknown commands, groups, misplaced flags), transport
 * failures, and a property: whatever the arguments and whatever the agent answers, `runNomad`
 * resolves to a `CommandResult` and never throws.
 */
import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../src/acl/index.js';
import type { ApiRequest, ApiResponse, ApiTransport, JsonValue } from '../src/server/http.js';
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

type Routes = Record<string, ApiResponse | ((request: ApiRequest) => ApiResponse)>;

/** A transport answering `METHOD path` keys from a table (404 otherwise), recording every request. */
function routed(routes: Routes) {
  return recordingTransport(async (_address, request) => {
    const route = routes[`${request.method} ${request.path}`];
    if (route === undefined) return errorResponse(404, 'Invalid URL path');
    return typeof route === 'function' ? route(request) : route;
  });
}

function contextFor(
  transport: ApiTransport,
  profile: ProfileName = 'modern',
  extra: Partial<NomadContext> = {},
): NomadContext {
  return {
    env: {},
    transport,
    files: { read: () => undefined },
    profile,
    defaultAddress: 'http://127.0.0.1:4646',
    ...extra,
  };
}

const out = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string, exitCode = 1): CommandResult => ({ stdout: '', stderr, exitCode });

const JOB_STUB = {
  ID: 'example',
  Name: 'example',
  Namespace: 'default',
  Type: 'service',
  Priority: 50,
  Status: 'running',
  Stop: false,
  Periodic: false,
  ParameterizedJob: false,
  SubmitTime: 1_714_557_660_000_000_000,
};
const JOB = {
  ...JOB_STUB,
  Datacenters: ['dc1'],
  NodePool: 'default',
  Periodic: null,
  ParameterizedJob: null,
};

describe('status / job status', () => {
  it('prints No running jobs, the job table, and queries GET /v1/jobs', async () => {
    const empty = routed({ 'GET /v1/jobs': jsonResponse([]) });
    expect(await runNomadLine('nomad status', contextFor(empty.transport))).toEqual(
      out('No running jobs\n'),
    );
    expect(await runNomadLine('nomad job status -region=b', contextFor(empty.transport))).toEqual(
      out('No running jobs\n'),
    );
    expect(empty.requests.map((r) => r.request)).toEqual([
      { method: 'GET', path: '/v1/jobs' },
      { method: 'GET', path: '/v1/jobs', query: { region: 'b' } },
    ]);
    const some = routed({
      'GET /v1/jobs': jsonResponse([
        JOB_STUB,
        { ...JOB_STUB, ID: 'batchy', Type: 'batch', Status: 'dead', Stop: true },
      ]),
    });
    expect(await runNomadLine('nomad status', contextFor(some.transport))).toEqual(
      out(
        'ID       Type     Priority  Status          Submit Date\nexample  service  50        running         2024-05-01T10:01:00Z\nbatchy   batch    50        dead (stopped)  2024-05-01T10:01:00Z\n',
      ),
    );
    const all = await runNomadLine('nomad status -namespace=*', contextFor(some.transport));
    expect(all.stdout.split('\n')[0]).toBe(
      'ID       Namespace  Type     Priority  Status          Submit Date',
    );
  });

  it('prints the tutorial 403 and per-profile unknown-token texts', async () => {
    const denied = routed({ 'GET /v1/jobs': errorResponse(403, 'Permission denied') });
    expect(await runNomadLine('nomad status', contextFor(denied.transport, 'tutorial'))).toEqual(
      err('Error querying jobs: Unexpected response code: 403 (Permission denied)\n'),
    );
    const notFound = routed({ 'GET /v1/jobs': errorResponse(403, 'ACL token not found') });
    expect(
      await runNomadLine(
        'nomad status -token=not-a-uuid',
        contextFor(notFound.transport, 'tutorial'),
      ),
    ).toEqual(err('Error querying jobs: Unexpected response code: 403 (ACL token not found)\n'));
    expect(notFound.requests[0]?.request.token).toBe('not-a-uuid');
  });

  it('renders an unreachable agent as Go does', async () => {
    const context = contextFor(
      async () => Promise.reject(transportFailure('connection-refused')),
      'modern',
      { env: { NOMAD_ADDR: 'http://10.0.1.1:4646' } },
    );
    expect(await runNomadLine('nomad status', context)).toEqual(
      err(
        'Error querying jobs: Get "http://10.0.1.1:4646/v1/jobs": dial tcp 10.0.1.1:4646: connect: connection refused\n',
      ),
    );
    expect(await runNomadLine('nomad status -region=b', context)).toEqual(
      err(
        'Error querying jobs: Get "http://10.0.1.1:4646/v1/jobs?region=b": dial tcp 10.0.1.1:4646: connect: connection refused\n',
      ),
    );
  });

  it('shows one job after a prefix lookup, per profile', async () => {
    const rt = routed({
      'GET /v1/jobs': jsonResponse([JOB_STUB]),
      'GET /v1/job/example': jsonResponse(JOB),
    });
    const expectedModern = [
      'ID            = example',
      'Name          = example',
      'Submit Date   = 2024-05-01T10:01:00Z',
      'Type          = service',
      'Priority      = 50',
      'Datacenters   = dc1',
      'Namespace     = default',
      'Node Pool     = default',
      'Status        = running',
      'Periodic      = false',
      'Parameterized = false',
      '',
    ].join('\n');
    expect(await runNomadLine('nomad job status exa', contextFor(rt.transport))).toEqual(
      out(expectedModern),
    );
    expect(rt.requests.map((r) => r.request)).toEqual([
      { method: 'GET', path: '/v1/jobs', query: { prefix: 'exa' } },
      { method: 'GET', path: '/v1/job/example', query: { namespace: 'default' } },
    ]);
    expect(
      (await runNomadLine('nomad status example', contextFor(rt.transport, 'tutorial'))).stdout,
    ).not.toContain('Node Pool');
  });

  it('job status errors: no match, several matches, query failure, too many arguments', async () => {
    const none = routed({ 'GET /v1/jobs': jsonResponse([]) });
    expect(await runNomadLine('nomad job status web', contextFor(none.transport))).toEqual(
      err('No job(s) with prefix or id "web" found\n'),
    );
    const many = routed({
      'GET /v1/jobs': jsonResponse([
        { ...JOB_STUB, ID: 'web-1' },
        { ...JOB_STUB, ID: 'web-2' },
      ]),
    });
    expect(await runNomadLine('nomad job status web', contextFor(many.transport))).toEqual(
      err(
        'Prefix matched multiple jobs\n\nID     Type     Priority  Status   Submit Date\nweb-1  service  50        running  2024-05-01T10:01:00Z\nweb-2  service  50        running  2024-05-01T10:01:00Z\n',
      ),
    );
    const exactAmongMany = routed({
      'GET /v1/jobs': jsonResponse([
        { ...JOB_STUB, ID: 'web' },
        { ...JOB_STUB, ID: 'web-2' },
      ]),
      'GET /v1/job/web': jsonResponse({ ...JOB, ID: 'web' }),
    });
    expect(
      (await runNomadLine('nomad job status web', contextFor(exactAmongMany.transport))).exitCode,
    ).toBe(0);
    const denied = routed({ 'GET /v1/jobs': errorResponse(403, 'Permission denied') });
    expect(await runNomadLine('nomad job status web', contextFor(denied.transport))).toEqual(
      err('Error querying job: Unexpected response code: 403 (Permission denied)\n'),
    );
    expect(await runNomadLine('nomad job status a b', contextFor(none.transport))).toEqual(
      err(
        "This command takes either one or no arguments\nFor additional help try 'nomad job status -help'\n",
      ),
    );
  });
});

describe('job run', () => {
  const JOB_FILE =
    'job "example" {\n  datacenters = ["dc1"]\n  type = "service"\n  group "cache" {\n    count = 2\n    task "redis" { driver = "docker" }\n  }\n}\n';

  it('registers the job with PUT /v1/jobs and prints the detach-style success', async () => {
    const rt = routed({
      'PUT /v1/jobs': jsonResponse(
        {
          EvalID: 'c1b0a2f4-1111-2222-3333-444455556666',
          EvalCreateIndex: 30,
          JobModifyIndex: 30,
          Warnings: '',
        },
        30,
      ),
    });
    const context = contextFor(rt.transport, 'modern', {
      files: { read: (p) => (p === 'example.nomad' ? JOB_FILE : undefined) },
      env: { NOMAD_TOKEN: 's3cr3t' },
    });
    expect(await runNomadLine('nomad job run example.nomad', context)).toEqual(
      out('Job registration successful\nEvaluation ID: c1b0a2f4-1111-2222-3333-444455556666\n'),
    );
    expect(rt.requests[0]?.request).toEqual({
      method: 'PUT',
      path: '/v1/jobs',
      token: 's3cr3t',
      body: {
        Job: {
          Region: 'global',
          Namespace: 'default',
          ID: 'example',
          Name: 'example',
          Type: 'service',
          Priority: 50,
          Datacenters: ['dc1'],
          TaskGroups: [{ Name: 'cache', Count: 2 }],
        },
      },
    });
  });

  it('uses the region and namespace written in the job file, and shows warnings', async () => {
    const rt = routed({
      'PUT /v1/jobs': jsonResponse({ EvalID: 'e1', Warnings: 'Group "g" has no tasks' }),
    });
    const file =
      'job "batchy" {\n  region = "europe"\n  namespace = "ops"\n  type = "batch"\n  priority = 70\n}\n';
    const context = contextFor(rt.transport, 'modern', { files: { read: () => file } });
    expect(await runNomadLine('nomad run -region=asia batchy.nomad', context)).toEqual(
      out(
        'Job Warnings:\nGroup "g" has no tasks\n\nJob registration successful\nEvaluation ID: e1\n',
      ),
    );
    expect(rt.requests[0]?.request).toMatchObject({
      query: { region: 'europe' },
      body: {
        Job: { Region: 'europe', Namespace: 'ops', Type: 'batch', Priority: 70, TaskGroups: [] },
      },
    });
  });

  it('reports a missing file, a malformed file, a refusal and wrong arguments', async () => {
    const rt = routed({ 'PUT /v1/jobs': errorResponse(403, 'Permission denied') });
    const files: Record<string, string> = {
      'bad.nomad': 'job "x" {',
      'nojob.nomad': 'group "g" {}',
      'ok.nomad': 'job "x" {}',
    };
    const context = contextFor(rt.transport, 'modern', { files: { read: (p) => files[p] } });
    expect(await runNomadLine('nomad job run missing.nomad', context)).toEqual(
      err(
        'Error getting job struct: Error getting jobfile from "missing.nomad": open missing.nomad: no such file or directory\n',
      ),
    );
    const bad = await runNomadLine('nomad job run bad.nomad', context);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(
      /^Error getting job struct: Error parsing job file from bad\.nomad: At \d+:\d+: /,
    );
    expect(await runNomadLine('nomad job run nojob.nomad', context)).toEqual(
      err(
        'Error getting job struct: Error parsing job file from nojob.nomad: no job block found\n',
      ),
    );
    expect(await runNomadLine('nomad job run ok.nomad', context)).toEqual(
      err('Error submitting job: Unexpected response code: 403 (Permission denied)\n'),
    );
    expect(await runNomadLine('nomad job run', context)).toEqual(
      err(
        "This command takes one argument: <path>\nFor additional help try 'nomad job run -help'\n",
      ),
    );
    expect(rt.requests).toHaveLength(1);
  });
});

describe('job stop', () => {
  it('deregisters an exact match and prints the evaluation ID', async () => {
    const rt = routed({
      'GET /v1/jobs': jsonResponse([JOB_STUB]),
      'DELETE /v1/job/example': jsonResponse({ EvalID: 'e-stop' }),
    });
    expect(await runNomadLine('nomad job stop -purge example', contextFor(rt.transport))).toEqual(
      out('e-stop\n'),
    );
    expect(rt.requests.map((r) => r.request)).toEqual([
      { method: 'GET', path: '/v1/jobs', query: { prefix: 'example' } },
      { method: 'DELETE', path: '/v1/job/example', query: { purge: 'true', namespace: 'default' } },
    ]);
  });

  it('asks before stopping a prefix match, unless -yes', async () => {
    const rt = routed({
      'GET /v1/jobs': jsonResponse([JOB_STUB]),
      'DELETE /v1/job/example': jsonResponse({ EvalID: 'e-stop' }),
    });
    expect(await runNomadLine('nomad stop exa', contextFor(rt.transport))).toEqual(
      out('Are you sure you want to stop job "example"? [y/N] Cancelling job stop\n'),
    );
    expect(
      await runNomadLine('nomad stop exa', contextFor(rt.transport, 'modern', { stdin: 'y\n' })),
    ).toEqual(out('Are you sure you want to stop job "example"? [y/N] e-stop\n'));
    expect(
      await runNomadLine(
        'nomad stop exa',
        contextFor(rt.transport, 'modern', { stdin: 'maybe\n' }),
      ),
    ).toEqual({
      stdout:
        'Are you sure you want to stop job "example"? [y/N] No confirmation detected. For confirmation, an exact \'y\' is required.\n',
      stderr: '',
      exitCode: 1,
    });
    expect(await runNomadLine('nomad stop -yes exa', contextFor(rt.transport))).toEqual(
      out('e-stop\n'),
    );
    expect(rt.requests.filter((r) => r.request.method === 'DELETE')).toHaveLength(2);
  });

  it('errors: no match, refusal, arguments', async () => {
    const rt = routed({
      'GET /v1/jobs': (r) => jsonResponse(r.query?.['prefix'] === 'example' ? [JOB_STUB] : []),
      'DELETE /v1/job/example': errorResponse(403, 'Permission denied'),
    });
    expect(await runNomadLine('nomad job stop web', contextFor(rt.transport))).toEqual(
      err('No job(s) with prefix or id "web" found\n'),
    );
    expect(await runNomadLine('nomad job stop example', contextFor(rt.transport))).toEqual(
      err('Error deregistering job: Unexpected response code: 403 (Permission denied)\n'),
    );
    expect(await runNomadLine('nomad job stop', contextFor(rt.transport))).toEqual(
      err(
        "This command takes one argument: <job>\nFor additional help try 'nomad job stop -help'\n",
      ),
    );
  });
});

describe('node status', () => {
  const NODE = {
    ID: 'f7b3d3a6-2c4e-11ee-be56-0242ac120002',
    NodePool: 'default',
    Datacenter: 'dc1',
    Name: 'client-1',
    NodeClass: '',
    Drain: false,
    SchedulingEligibility: 'eligible',
    Status: 'ready',
  };

  it('lists nodes with short IDs, per-profile columns, nothing when empty', async () => {
    const rt = routed({ 'GET /v1/nodes': jsonResponse([NODE]) });
    expect(await runNomadLine('nomad node status', contextFor(rt.transport))).toEqual(
      out(
        'ID        Node Pool  DC   Name      Class   Drain  Eligibility  Status\nf7b3d3a6  default    dc1  client-1  <none>  false  eligible     ready\n',
      ),
    );
    expect(await runNomadLine('nomad node status', contextFor(rt.transport, 'tutorial'))).toEqual(
      out(
        'ID        DC   Name      Class   Drain  Eligibility  Status\nf7b3d3a6  dc1  client-1  <none>  false  eligible     ready\n',
      ),
    );
    expect(
      (await runNomadLine('nomad node status -verbose', contextFor(rt.transport))).stdout,
    ).toContain(NODE.ID);
    expect(
      JSON.parse((await runNomadLine('nomad node status -json', contextFor(rt.transport))).stdout),
    ).toEqual([NODE]);
    const empty = routed({ 'GET /v1/nodes': jsonResponse([]) });
    expect(await runNomadLine('nomad node status', contextFor(empty.transport))).toEqual(out(''));
  });

  it('reports errors and refuses the single-node form it does not emulate', async () => {
    const rt = routed({ 'GET /v1/nodes': errorResponse(403, 'Permission denied') });
    expect(await runNomadLine('nomad node status', contextFor(rt.transport))).toEqual(
      err('Error querying node status: Unexpected response code: 403 (Permission denied)\n'),
    );
    const single = await runNomadLine('nomad node status f7b3', contextFor(rt.transport));
    expect(single.exitCode).toBe(1);
    expect(single.stderr).toContain('not emulated');
  });
});

function member(name: string, addr: string, region: string, status = 'alive') {
  return {
    Name: `${name}.${region}`,
    Addr: addr,
    Port: 4648,
    Status: status,
    ProtocolCur: 2,
    Tags: { region, dc: 'dc1', build: '2.0.6', port: '4647', raft_vsn: '3' },
  };
}

const MEMBERS = {
  ServerName: 'server-a1',
  ServerRegion: 'a',
  ServerDC: 'dc1',
  Members: [
    member('server-b1', '10.0.2.1', 'b'),
    member('server-a2', '10.0.1.2', 'a'),
    member('server-a1', '10.0.1.1', 'a'),
    member('server-c1', '10.0.3.1', 'c', 'left'),
  ],
};

describe('server members', () => {
  it('lists every region, sorted, with each region leader from /v1/status/leader', async () => {
    const rt = routed({
      'GET /v1/agent/members': jsonResponse(MEMBERS),
      'GET /v1/status/leader': (r) =>
        jsonResponse(r.query?.['region'] === 'a' ? '10.0.1.2:4647' : '10.0.2.1:4647'),
    });
    expect(await runNomadLine('nomad server members', contextFor(rt.transport))).toEqual(
      out(
        [
          'Name         Address   Port  Status  Leader  Raft Version  Build  Datacenter  Region',
          'server-a1.a  10.0.1.1  4648  alive   false   3             2.0.6  dc1         a',
          'server-a2.a  10.0.1.2  4648  alive   true    3             2.0.6  dc1         a',
          'server-b1.b  10.0.2.1  4648  alive   true    3             2.0.6  dc1         b',
          'server-c1.c  10.0.3.1  4648  left    false   3             2.0.6  dc1         c',
          '',
        ].join('\n'),
      ),
    );
    expect(rt.requests.map((r) => r.request)).toEqual([
      { method: 'GET', path: '/v1/agent/members' },
      { method: 'GET', path: '/v1/status/leader', query: { region: 'a' } },
      { method: 'GET', path: '/v1/status/leader', query: { region: 'b' } },
    ]);
    const tutorial = await runNomadLine(
      'nomad server members',
      contextFor(rt.transport, 'tutorial'),
    );
    expect(tutorial.stdout.split('\n')[0]).toBe(
      'Name         Address   Port  Status  Leader  Protocol  Build  Datacenter  Region',
    );
    expect(tutorial.stdout.split('\n')[1]).toBe(
      'server-a1.a  10.0.1.1  4648  alive   false   2         2.0.6  dc1         a',
    );
  });

  it('still prints the table when a leader is missing, then warns and exits 1', async () => {
    const rt = routed({
      'GET /v1/agent/members': jsonResponse({
        Members: [member('server-a1', '10.0.1.1', 'a'), member('server-b1', '10.0.2.1', 'b')],
      }),
      'GET /v1/status/leader': (r) =>
        r.query?.['region'] === 'a'
          ? jsonResponse('10.0.1.1:4647')
          : errorResponse(500, 'No cluster leader'),
    });
    expect(await runNomadLine('nomad server members', contextFor(rt.transport))).toEqual({
      stdout:
        'Name         Address   Port  Status  Leader  Raft Version  Build  Datacenter  Region\nserver-a1.a  10.0.1.1  4648  alive   true    3             2.0.6  dc1         a\nserver-b1.b  10.0.2.1  4648  alive   false   3             2.0.6  dc1         b\n\n',
      stderr:
        'Error determining leaders: 1 error occurred:\n\t* Region "b": Unexpected response code: 500 (No cluster leader)\n\n\n',
      exitCode: 1,
    });
  });

  it('reports a failed member query, a permission error and extra arguments', async () => {
    const rt = routed({ 'GET /v1/agent/members': errorResponse(403, 'Permission denied') });
    expect(await runNomadLine('nomad server members', contextFor(rt.transport))).toEqual(
      err('Error querying servers: Unexpected response code: 403 (Permission denied)\n'),
    );
    expect(await runNomadLine('nomad server members x', contextFor(rt.transport))).toEqual(
      err(
        "This command takes no arguments\nFor additional help try 'nomad server members -help'\n",
      ),
    );
  });
});

describe('operator raft list-peers', () => {
  it('prints the peer table from /v1/operator/raft/configuration', async () => {
    const rt = routed({
      'GET /v1/operator/raft/configuration': jsonResponse({
        Index: 12,
        Servers: [
          {
            ID: '10.0.1.1:4647',
            Node: 'server-a1.a',
            Address: '10.0.1.1:4647',
            Leader: true,
            Voter: true,
            RaftProtocol: '3',
          },
          {
            ID: '10.0.1.2:4647',
            Node: 'server-a2.a',
            Address: '10.0.1.2:4647',
            Leader: false,
            Voter: true,
            RaftProtocol: '3',
          },
        ],
      }),
    });
    expect(
      await runNomadLine('nomad operator raft list-peers -token=mgmt', contextFor(rt.transport)),
    ).toEqual(
      out(
        'Node         ID             Address        State     Voter  RaftProtocol\nserver-a1.a  10.0.1.1:4647  10.0.1.1:4647  leader    true   3\nserver-a2.a  10.0.1.2:4647  10.0.1.2:4647  follower  true   3\n',
      ),
    );
    expect(rt.requests[0]?.request).toEqual({
      method: 'GET',
      path: '/v1/operator/raft/configuration',
      token: 'mgmt',
    });
    await runNomadLine('nomad operator raft list-peers -stale', contextFor(rt.transport));
    expect(rt.requests[1]?.request.query).toEqual({ stale: '' });
  });

  it('reports a refusal', async () => {
    const rt = routed({
      'GET /v1/operator/raft/configuration': errorResponse(403, 'Permission denied'),
    });
    expect(await runNomadLine('nomad operator raft list-peers', contextFor(rt.transport))).toEqual(
      err(
        'Failed to retrieve raft configuration: Unexpected response code: 403 (Permission denied)\n',
      ),
    );
  });
});

describe('top-level dispatch', () => {
  const quiet = routed({ 'GET /v1/jobs': jsonResponse([]) });
  const ctx = contextFor(quiet.transport);

  it('prints the top-level help with exit 127 for no or an unknown command, exit 0 for -help', async () => {
    const none = await runNomad([], ctx);
    expect(none.exitCode).toBe(127);
    expect(
      none.stdout.startsWith(
        'Usage: nomad [-version] [-help] [-autocomplete-(un)install] <command> [args]\n\nCommon commands:\n    run         Run a new job',
      ),
    ).toBe(true);
    expect(none.stderr).toBe('');
    expect((await runNomad(['frobnicate'], ctx)).exitCode).toBe(127);
    expect((await runNomad(['-help'], ctx)).exitCode).toBe(0);
  });

  it('prints a group help with its subcommands and exit 1, also for an unknown subcommand', async () => {
    for (const argv of [
      ['acl', 'token'],
      ['acl', 'token', 'frob'],
    ]) {
      const result = await runNomad(argv, ctx);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('Usage: nomad acl token <subcommand> [options] [args]');
      expect(result.stdout).toContain(
        '\n\nSubcommands:\n    create    Create a new ACL token\n    delete    Delete an existing ACL token\n',
      );
    }
  });

  it('prints a command help with exit 0 for -help / -h / --help anywhere', async () => {
    for (const argv of [
      ['acl', 'policy', 'apply', '-help'],
      ['acl', 'policy', 'apply', 'x', '-h'],
      ['acl', 'policy', 'apply', '--help'],
    ]) {
      const result = await runNomad(argv, ctx);
      expect(result.exitCode).toBe(0);
      expect(
        result.stdout.startsWith('Usage: nomad acl policy apply [options] <name> <path>\n'),
      ).toBe(true);
      expect(result.stdout).toContain(
        '  -description\n    Specifies a human readable description for the policy.\n',
      );
      expect(
        result.stdout.endsWith(
          '  -task\n    Attaches the policy to the specified task. Requires that -namespace,\n    -job and -group are also set.\n',
        ),
      ).toBe(true);
    }
  });

  it('prints the version of the profile', async () => {
    expect(await runNomad(['-version'], ctx)).toEqual(out('Nomad v2.0.5\n'));
    expect(await runNomad(['version'], contextFor(quiet.transport, 'tutorial'))).toEqual(
      out('Nomad v0.9.7\n'),
    );
    expect(await runNomad(['version'], contextFor(quiet.transport, 'v1.0'))).toEqual(
      out('Nomad v1.0.4\n'),
    );
  });

  it('refuses flags placed before the command', async () => {
    const result = await runNomad(['-address=http://x:4646', 'status'], ctx);
    expect(result.exitCode).toBe(1);
    expect(
      result.stdout.startsWith(
        'Invalid flags before the subcommand. If these flags are for\nthe subcommand, please put them after the subcommand.\n\nUsage: nomad status',
      ),
    ).toBe(true);
  });

  it('prints Go flag errors on stderr and the usage on stdout', async () => {
    const result = await runNomad(['status', '-foo'], ctx);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('flag provided but not defined: -foo\n');
    expect(result.stdout.startsWith('Usage: nomad status [options] <job>')).toBe(true);
    const missing = await runNomad(['status', '-address'], ctx);
    expect(missing.stderr).toBe('flag needs an argument: -address\n');
    const badBool = await runNomad(['acl', 'token', 'create', '-global=maybe'], ctx);
    expect(badBool.stderr).toBe('invalid boolean value "maybe" for -global: parse error\n');
  });

  it('turns an exception inside the transport wiring into a failed result', async () => {
    const throwing: ApiTransport = () => {
      throw new Error('synchronous boom');
    };
    const result = await runNomad(['status'], contextFor(throwing));
    expect(result).toEqual(
      err('Error querying jobs: Get "http://127.0.0.1:4646/v1/jobs": synchronous boom\n'),
    );
  });
});

describe('robustness', () => {
  const words = fc.constantFrom(
    'acl',
    'policy',
    'token',
    'bootstrap',
    'apply',
    'list',
    'info',
    'self',
    'create',
    'update',
    'delete',
    'status',
    'job',
    'run',
    'stop',
    'node',
    'server',
    'members',
    'operator',
    'raft',
    'list-peers',
    'version',
    '-json',
    '-global',
    '-global=x',
    '-policy',
    '-name=a',
    '-ttl=1h',
    '-ttl=zz',
    '-',
    '--',
    '-h',
    '-token=x',
    '-region',
    'file.hcl',
    '',
    'x y',
    '-yes',
    '-purge',
  );
  const json: fc.Arbitrary<JsonValue> = fc.jsonValue() as fc.Arbitrary<JsonValue>;
  const answer = fc.oneof(
    json.map((body) => jsonResponse(body)),
    fc.record({
      status: fc.constantFrom(400, 403, 404, 500),
      body: json,
      headers: fc.constant({}),
    }),
    fc.constant<'reject'>('reject'),
  );

  propTest.prop(
    [
      fc.array(words, { maxLength: 7 }),
      fc.array(answer, { minLength: 1, maxLength: 4 }),
      fc.constantFrom<ProfileName>('modern', 'tutorial'),
    ],
    { numRuns: 150 },
  )(
    'runNomad always resolves to a CommandResult, whatever the arguments and answers',
    async (argv, answers, profile) => {
      let i = 0;
      const transport: ApiTransport = async () => {
        const next = answers[i++ % answers.length];
        if (next === 'reject' || next === undefined) throw transportFailure('connection-refused');
        return next;
      };
      const result = await runNomad(
        argv,
        contextFor(transport, profile, {
          files: { read: (p) => (p === 'file.hcl' ? 'job "x" {}' : undefined) },
          stdin: 'y\n',
        }),
      );
      expect(typeof result.stdout).toBe('string');
      expect(typeof result.stderr).toBe('string');
      expect([0, 1, 127]).toContain(result.exitCode);
      expect(result.stderr).not.toContain('internal error');
    },
  );
});
