/**
 * The HTTP API of a simulated agent (spec §9): each route turns a request into the RPC Nomad's
 * HTTP handler would make, runs it on the receiving server (which routes it further), and renders
 * the answer as Nomad does: JSON with `X-Nomad-Index` on success, a plain-text body with the
 * coded status on error (403 when the text ends in `Permission denied` / `ACL token not found`).
 */
import { parseRfc3339, parseGoDuration, tokenToJson, tokenStubToJson, type AclToken, type AclTokenStub, type AclPolicy } from '../acl/index.js';
import type { ApiRequest, ApiResponse, JsonValue } from '../server/http.js';
import type { EndpointContext, RpcArgs } from './context.js';
import type { RpcReply } from '../server/rpc.js';
import { agentMembers, agentSelf } from './agent-endpoints.js';

type Render = (value: Record<string, unknown>, ctx: EndpointContext) => JsonValue;

interface Route {
  /** Method -> RPC and how to build its args and render its answer. */
  methods: Partial<Record<ApiRequest['method'], { rpc: string; args?: (req: ApiRequest, param: string) => Record<string, unknown> | string; render: Render }>>;
}

function errorResponse(status: number, message: string): ApiResponse {
  return { status, body: message, headers: {} };
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

function policyJson(policy: AclPolicy): JsonValue {
  return toJson({ Name: policy.Name, Description: policy.Description, Rules: policy.Rules, Hash: policy.Hash, CreateIndex: policy.CreateIndex, ModifyIndex: policy.ModifyIndex });
}

const renderIndexOnly: Render = () => null;

type Endpoint = NonNullable<Route['methods']['GET']>;

/** Nomad accepts PUT and POST alike for writes. */
function putOrPost(endpoint: Endpoint): Route['methods'] {
  return { PUT: endpoint, POST: endpoint };
}

function renderToken(value: Record<string, unknown>, ctx: EndpointContext): JsonValue {
  return toJson(tokenToJson(value.token as AclToken, ctx.profile));
}

function renderFirstToken(value: Record<string, unknown>, ctx: EndpointContext): JsonValue {
  return toJson(tokenToJson((value.tokens as AclToken[])[0] as AclToken, ctx.profile));
}

function bodyObject(req: ApiRequest): Record<string, unknown> | null {
  const body = req.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/** Converts a token JSON body (times as RFC 3339, TTL as Go duration) into the RPC input. */
function tokenInput(body: Record<string, unknown>): Record<string, unknown> | string {
  const input: Record<string, unknown> = { ...body };
  if (typeof body.ExpirationTTL === 'string') {
    if (body.ExpirationTTL === '') delete input.ExpirationTTL;
    else {
      const parsed = parseGoDuration(body.ExpirationTTL);
      if (!parsed.ok) return `failed to decode request body: ${parsed.message}`;
      input.ExpirationTTL = parsed.ms;
    }
  } else if (typeof body.ExpirationTTL === 'number') {
    input.ExpirationTTL = body.ExpirationTTL / 1e6;
  }
  for (const field of ['CreateTime', 'ExpirationTime'] as const) {
    if (typeof body[field] === 'string') input[field] = parseRfc3339(body[field]);
  }
  return input;
}

const ROUTES: Array<{ pattern: RegExp; route: Route }> = [
  {
    pattern: /^\/v1\/acl\/bootstrap$/,
    route: {
      methods: putOrPost({ rpc: 'ACL.Bootstrap', args: (req) => ({ BootstrapSecret: bodyObject(req)?.BootstrapSecret ?? '' }), render: renderToken }),
    },
  },
  {
    pattern: /^\/v1\/acl\/policies$/,
    route: { methods: { GET: { rpc: 'ACL.ListPolicies', args: (req) => ({ prefix: req.query?.prefix ?? '' }), render: (v) => toJson(v.policies) } } },
  },
  {
    pattern: /^\/v1\/acl\/policy\/(.*)$/,
    route: {
      methods: {
        GET: { rpc: 'ACL.GetPolicy', args: (_req, name) => ({ name }), render: (v) => policyJson(v.policy as AclPolicy) },
        ...putOrPost({ rpc: 'ACL.UpsertPolicies', args: policyWriteArgs, render: renderIndexOnly }),
        DELETE: { rpc: 'ACL.DeletePolicies', args: (_req, name) => ({ names: [name] }), render: renderIndexOnly },
      },
    },
  },
  {
    pattern: /^\/v1\/acl\/tokens$/,
    route: { methods: { GET: { rpc: 'ACL.ListTokens', args: (req) => ({ prefix: req.query?.prefix ?? '' }), render: (v, ctx) => toJson((v.tokens as AclTokenStub[]).map((t) => tokenStubToJson(t, ctx.profile))) } } },
  },
  {
    pattern: /^\/v1\/acl\/token\/self$/,
    route: { methods: { GET: { rpc: 'ACL.TokenSelf', render: renderToken } } },
  },
  {
    pattern: /^\/v1\/acl\/token$/,
    route: {
      methods: putOrPost({ rpc: 'ACL.UpsertTokens', args: tokenCreateArgs, render: renderFirstToken }),
    },
  },
  {
    pattern: /^\/v1\/acl\/token\/(.+)$/,
    route: {
      methods: {
        GET: { rpc: 'ACL.GetToken', args: (_req, accessorId) => ({ accessorId }), render: renderToken },
        ...putOrPost({ rpc: 'ACL.UpsertTokens', args: tokenUpdateArgs, render: renderFirstToken }),
        DELETE: { rpc: 'ACL.DeleteTokens', args: (_req, accessorId) => ({ accessorIds: [accessorId] }), render: renderIndexOnly },
      },
    },
  },
  {
    pattern: /^\/v1\/jobs$/,
    route: {
      methods: {
        GET: { rpc: 'Job.List', render: (v) => toJson((v.jobs as unknown[]).map(jobStub)) },
        ...putOrPost({ rpc: 'Job.Register', args: (req) => ({ job: bodyObject(req)?.Job ?? null }), render: (v) => toJson({ EvalID: v.evalId, JobModifyIndex: v.jobModifyIndex, Warnings: '' }) }),
      },
    },
  },
  {
    pattern: /^\/v1\/job\/(.+)$/,
    route: {
      methods: {
        GET: { rpc: 'Job.GetJob', args: (_req, id) => ({ id }), render: (v) => toJson(v.job) },
        DELETE: { rpc: 'Job.Deregister', args: (req, id) => ({ id, purge: req.query?.purge === 'true' }), render: (v) => toJson({ EvalID: v.evalId }) },
      },
    },
  },
  { pattern: /^\/v1\/nodes$/, route: { methods: { GET: { rpc: 'Node.List', render: (v) => toJson(v.nodes) } } } },
  { pattern: /^\/v1\/status\/leader$/, route: { methods: { GET: { rpc: 'Status.Leader', render: (v) => toJson(v.leader) } } } },
  {
    pattern: /^\/v1\/operator\/raft\/configuration$/,
    route: { methods: { GET: { rpc: 'Operator.RaftGetConfiguration', render: (v) => toJson({ Index: v.index, Servers: v.servers }) } } },
  },
];

function policyWriteArgs(req: ApiRequest, name: string): Record<string, unknown> | string {
  const body = bodyObject(req);
  if (body === null) return 'Request body is empty';
  if (body.Name !== undefined && body.Name !== name) return 'ACL policy name does not match request path';
  return { policies: [{ Name: name, Description: body.Description ?? '', Rules: body.Rules ?? '' }] };
}

function tokenCreateArgs(req: ApiRequest): Record<string, unknown> | string {
  const body = bodyObject(req);
  if (body === null) return 'Request body is empty';
  const input = tokenInput(body);
  return typeof input === 'string' ? input : { tokens: [input] };
}

function tokenUpdateArgs(req: ApiRequest, accessorId: string): Record<string, unknown> | string {
  const body = bodyObject(req);
  if (body === null) return 'Request body is empty';
  if (body.AccessorID !== undefined && body.AccessorID !== accessorId) return 'ACL token accessor does not match request path';
  const input = tokenInput({ ...body, AccessorID: accessorId });
  return typeof input === 'string' ? input : { tokens: [input] };
}

function jobStub(job: unknown): unknown {
  const j = job as Record<string, unknown>;
  return {
    ID: j.ID,
    ParentID: '',
    Name: j.Name,
    Namespace: j.Namespace,
    Datacenters: ['dc1'],
    Type: j.Type,
    Priority: j.Priority,
    Periodic: false,
    ParameterizedJob: false,
    Stop: j.Stop,
    Status: j.Status,
    StatusDescription: '',
    CreateIndex: j.CreateIndex,
    ModifyIndex: j.ModifyIndex,
    JobModifyIndex: j.JobModifyIndex,
    SubmitTime: j.SubmitTime,
  };
}

/** Nomad's HTTP status for an RPC error without a code. */
function statusFor(reply: Extract<RpcReply, { ok: false }>): number {
  const { status, message } = reply.error;
  if (status !== 500 && status !== 0) return status;
  if (message.endsWith('Permission denied') || message.endsWith('ACL token not found')) return 403;
  return 500;
}

/**
 * The query options every endpoint reads (Nomad's `parseWait`, `parseConsistency`, region and
 * namespace), or the 400 text Nomad answers for a `wait` or `index` it cannot parse.
 */
function commonArgs(ctx: EndpointContext, req: ApiRequest): RpcArgs | string {
  const q = req.query ?? {};
  const args: RpcArgs = { region: q.region !== undefined && q.region !== '' ? q.region : ctx.server.region, token: (req.token ?? '').trim() };
  if (q.namespace !== undefined) args.namespace = q.namespace;
  if (q.stale !== undefined) args.allowStale = true;
  if (q.wait !== undefined && q.wait !== '') {
    const wait = parseGoDuration(q.wait);
    if (!wait.ok) return 'Invalid wait time';
    args.maxQueryTimeMs = wait.ms;
  }
  if (q.index !== undefined && q.index !== '') {
    if (!/^\d+$/.test(q.index) || !Number.isSafeInteger(Number(q.index))) return 'Invalid index';
    args.minQueryIndex = Number(q.index);
  }
  return args;
}

/** What Go's HTTP server answers to a request line it cannot parse (such as a bad `%` escape). */
const BAD_REQUEST = '400 Bad Request';

/** The path parameter with its `%` escapes decoded, or null when an escape is malformed. */
function decodePathParam(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Handles one HTTP request on `ctx.server`. `dispatch` runs an RPC method on this server. */
export function handleHttp(
  ctx: EndpointContext,
  req: ApiRequest,
  dispatch: (method: string, args: RpcArgs & Record<string, unknown>, reply: (reply: RpcReply) => void) => void,
  reply: (response: ApiResponse) => void,
): void {
  const common = commonArgs(ctx, req);
  if (typeof common === 'string') return reply(errorResponse(400, common));
  if (req.path === '/v1/agent/members' && req.method === 'GET') return reply(agentMembers(ctx, common));
  if (req.path === '/v1/agent/self' && req.method === 'GET') return reply(agentSelf(ctx, common));
  for (const { pattern, route } of ROUTES) {
    const match = pattern.exec(req.path);
    if (match === null) continue;
    const endpoint = route.methods[req.method];
    if (endpoint === undefined) return reply(errorResponse(405, 'Invalid method'));
    const param = decodePathParam(match[1] ?? '');
    if (param === null) return reply(errorResponse(400, BAD_REQUEST));
    if (match[1] !== undefined && param === '') {
      return reply(errorResponse(400, req.path.includes('/policy/') ? 'Missing Policy Name' : 'Missing Token Accessor'));
    }
    const extra = endpoint.args?.(req, param) ?? {};
    if (typeof extra === 'string') return reply(errorResponse(400, extra));
    dispatch(endpoint.rpc, { ...common, ...extra }, (answer) => {
      const executedBy = answer.by === undefined ? {} : { executedBy: answer.by };
      if (!answer.ok) return reply({ ...errorResponse(statusFor(answer), answer.error.message), ...executedBy });
      const value = answer.value as Record<string, unknown>;
      if (endpoint.rpc === 'ACL.GetPolicy' && value.policy === null) return reply(errorResponse(404, 'ACL policy not found'));
      if (endpoint.rpc === 'Job.GetJob' && value.job === null) return reply(errorResponse(404, 'job not found'));
      const headers: Record<string, string> = {};
      if (typeof value.index === 'number') headers['X-Nomad-Index'] = String(value.index);
      headers['X-Nomad-KnownLeader'] = String(ctx.server.leaderAddress() !== null);
      reply({ status: 200, body: endpoint.render(value, ctx), headers, ...executedBy });
    });
    return;
  }
  reply(errorResponse(404, 'Invalid URL'));
}
