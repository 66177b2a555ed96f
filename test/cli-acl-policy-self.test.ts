/**
 * `nomad acl policy self` (Nomad 2.0.5): the caller's token first (a management token has no
 * policies of its own), then GET /v1/acl/policy/self as a table of workloads, `-json`/`-t`, and
 * Nomad's texts; 1.0.4 and 0.9.7 have no such command (the group's help, exit 1).
 */
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../src/acl/index.js';
import type { ApiResponse } from '../src/server/http.js';
import {
  type CommandResult,
  errorResponse,
  jsonResponse,
  recordingTransport,
  runNomadLine,
} from '../src/cli/nomad/index.js';

function setup(routes: Record<string, ApiResponse>, profile: ProfileName = 'modern') {
  const recorder = recordingTransport(
    async (_address, request) =>
      routes[`${request.method} ${request.path}`] ?? errorResponse(404, 'Invalid URL'),
  );
  const run = (line: string): Promise<CommandResult> =>
    runNomadLine(line, {
      env: {},
      transport: recorder.transport,
      files: { read: () => undefined },
      profile,
      defaultAddress: 'http://127.0.0.1:4646',
    });
  const sent = () => recorder.requests.map((r) => `${r.request.method} ${r.request.path}`);
  return { run, sent };
}

const CLIENT = jsonResponse({ AccessorID: 'a', Type: 'client', Policies: ['web', 'wi'] });
const POLICIES = jsonResponse([
  { Name: 'web', Description: '', CreateIndex: 5, ModifyIndex: 5 },
  {
    Name: 'wi',
    Description: 'workload',
    JobACL: { Namespace: 'default', JobID: 'api', Group: '', Task: '' },
    CreateIndex: 6,
    ModifyIndex: 6,
  },
]);

describe('nomad acl policy self', () => {
  it('lists the policies of a client token, with the workload each is attached to', async () => {
    const { run, sent } = setup({
      'GET /v1/acl/token/self': CLIENT,
      'GET /v1/acl/policy/self': POLICIES,
    });
    expect(await run('nomad acl policy self')).toEqual({
      stdout:
        'Name  Job ID         Group Name       Task Name\nweb   <unavailable>  <unavailable>    <unavailable>\nwi    api            <not specified>  <not specified>\n',
      stderr: '',
      exitCode: 0,
    });
    expect(sent()).toEqual(['GET /v1/acl/token/self', 'GET /v1/acl/policy/self']);
    expect(await run(`nomad acl policy self -t '{{range .}}{{.Name}} {{end}}'`)).toEqual({
      stdout: 'web wi \n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('a management token has no policies of its own; an empty list says so', async () => {
    const management = setup({
      'GET /v1/acl/token/self': jsonResponse({ AccessorID: 'm', Type: 'management' }),
    });
    expect(await management.run('nomad acl policy self')).toEqual({
      stdout: 'This is a management token. No individual policies are assigned.\n',
      stderr: '',
      exitCode: 0,
    });
    expect(management.sent()).toEqual(['GET /v1/acl/token/self']);
    const none = setup({
      'GET /v1/acl/token/self': CLIENT,
      'GET /v1/acl/policy/self': jsonResponse([]),
    });
    expect((await none.run('nomad acl policy self -json')).stdout).toBe('No policies found.\n');
  });

  it("reports each request's failure and an argument with Nomad's texts", async () => {
    const denied = setup({ 'GET /v1/acl/token/self': errorResponse(403, 'Permission denied') });
    expect(await denied.run('nomad acl policy self')).toEqual({
      stdout: '',
      stderr: 'Error fetching token: Unexpected response code: 403 (Permission denied)\n',
      exitCode: 1,
    });
    const failing = setup({
      'GET /v1/acl/token/self': CLIENT,
      'GET /v1/acl/policy/self': errorResponse(500, 'boom'),
    });
    expect((await failing.run('nomad acl policy self')).stderr).toBe(
      'Error fetching WI policies: Unexpected response code: 500 (boom)\n',
    );
    expect((await failing.run('nomad acl policy self extra')).stderr).toBe(
      "This command takes no arguments\nFor additional help try 'nomad acl policy self -help'\n",
    );
  });

  it('is a 2.x command: the acl policy group lists it only there', async () => {
    const modern = await setup({}).run('nomad acl policy');
    expect(modern.stdout).toMatch(
      /^ {4}self {6}Lookup self ACL policy assigned to the workload identity or ACL token$/m,
    );
    for (const profile of ['v1.0', 'tutorial'] as const) {
      const { run, sent } = setup({}, profile);
      const old = await run('nomad acl policy self');
      expect(old.exitCode).toBe(1);
      expect(old.stdout).toContain('Usage: nomad acl policy <subcommand>');
      expect(old.stdout).not.toMatch(/^ {4}self /m);
      expect(sent()).toEqual([]);
    }
  });
});
