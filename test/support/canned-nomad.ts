/**
 * The emulated `nomad` CLI against canned HTTP answers, for tests of the object commands: routes
 * keyed by `METHOD /path` (an answer, or a function of the request), anything else 404 `Invalid
 * URL`, files read from a table; every request the command sent is recorded. Also the ACL role
 * the object command tests share.
 */
import type { ProfileName } from '../../src/acl/index.js';
import {
  type CommandResult,
  errorResponse,
  recordingTransport,
  runNomadLine,
} from '../../src/cli/nomad/index.js';
import type { ApiRequest, ApiResponse } from '../../src/server/http.js';

export type CannedRoutes = Record<string, ApiResponse | ((request: ApiRequest) => ApiResponse)>;

export interface CannedNomadOptions {
  readonly profile?: ProfileName;
  /** Files the command may read, by path. */
  readonly files?: Readonly<Record<string, string>>;
}

/** A `run(line)` against `routes`, and the requests it has sent so far. */
export function cannedNomad(routes: CannedRoutes, options: CannedNomadOptions = {}) {
  const recorder = recordingTransport(async (_address, request) => {
    const route = routes[`${request.method} ${request.path}`];
    if (route === undefined) return errorResponse(404, 'Invalid URL');
    return typeof route === 'function' ? route(request) : route;
  });
  const run = (line: string): Promise<CommandResult> =>
    runNomadLine(line, {
      env: {},
      transport: recorder.transport,
      files: { read: (path) => options.files?.[path] },
      profile: options.profile ?? 'modern',
      defaultAddress: 'http://127.0.0.1:4646',
    });
  return { run, requests: recorder.requests };
}

export const ROLE_ID = 'a3b2c1d0-1111-2222-3333-444455556666';

/** An ACL role as the API answers it. */
export const ROLE = {
  ID: ROLE_ID,
  Name: 'readers',
  Description: 'Read-only',
  Policies: [{ Name: 'web' }, { Name: 'db' }],
  Hash: 'eA==',
  CreateIndex: 20,
  ModifyIndex: 21,
};
