/**
 * The HTTP API of a simulated agent (spec §9): each route turns a request into the RPC Nomad's
 * HTTP handler would make, runs it on the receiving server (which routes it further), and renders
 * the answer as Nomad does: JSON with `X-Nomad-Index` on success (keys in go-codec's sorted order,
 * ./go-codec-order.ts), a plain-text body with the coded status on error (403 when the text ends in
 * `Permission denied` / `ACL token not found`).
 */
import {
  formatRfc3339Nano,
  parseGoDuration,
  tokenToJson,
  tokenStubToJson,
  type AclToken,
  type AclTokenStub,
  type AclPolicy,
  type AclPolicyInput,
  type AclTokenInput,
} from '../acl/index.js';
import type { ApiRequest, ApiResponse, JsonValue } from '../server/http.js';
import type { EndpointContext, RpcArgs } from './context.js';
import type {
  EndpointArgs,
  EndpointMethodName,
  EndpointMethods,
  EndpointValue,
} from '../server/rpc-methods.js';
import type { JobRecord } from '../server/state/job-table.js';
import type { OneTimeToken } from '../server/state/one-time-token-table.js';
import type { RpcReply } from '../server/rpc.js';
import { agentMembers, agentSelf } from './agent-endpoints.js';
import { asMarshaled, goCodecKeyOrder } from './go-codec-order.js';
import {
  decodeBootstrapBody,
  decodeOneTimeExchangeBody,
  decodeJobRegisterBody,
  decodePolicyBody,
  decodeTokenBody,
  type JobBody,
  type TokenBody,
} from './body-decode.js';

/** Runs endpoint `M` on the receiving server, with typed arguments and reply. */
export type Dispatch = <M extends EndpointMethodName>(
  method: M,
  args: EndpointArgs<M>,
  reply: (reply: RpcReply<EndpointValue<M>>) => void,
) => void;

/** An endpoint's own RPC arguments from the request, or the HTTP error it answers instead. */
export type RouteArgs<A> =
  | { readonly ok: true; readonly args: A }
  | { readonly ok: false; readonly status: number; readonly message: string };

/** How one HTTP method of a route maps to RPC `M`: its arguments, its rendering, its 404. */
interface EndpointSpec<M extends EndpointMethodName> {
  readonly rpc: M;
  readonly args: (
    req: ApiRequest,
    param: string,
    ctx: EndpointContext,
  ) => RouteArgs<EndpointMethods[M]['args']>;
  readonly render: (value: EndpointValue<M>, ctx: EndpointContext) => JsonValue;
  /** The 404 text when the answer says the object does not exist. */
  readonly notFound?: (value: EndpointValue<M>) => string | null;
}

/** An endpoint with its RPC type sealed in: runs the request and answers it. */
export interface Endpoint {
  run(
    ctx: EndpointContext,
    req: ApiRequest,
    param: string,
    common: RpcArgs,
    dispatch: Dispatch,
    reply: (response: ApiResponse) => void,
  ): void;
}

export interface Route {
  methods: Partial<Record<ApiRequest['method'], Endpoint>>;
}

export function accept<A>(args: A): RouteArgs<A> {
  return { ok: true, args };
}

export function refuse(status: number, message: string): RouteArgs<never> {
  return { ok: false, status, message };
}

/** No arguments of its own (only the common ones). */
export function noArgs(): RouteArgs<Record<never, never>> {
  return accept({});
}

/** Builds an endpoint from its spec: arguments, dispatch, then Nomad's rendering of the answer. */
export function endpoint<M extends EndpointMethodName>(spec: EndpointSpec<M>): Endpoint {
  return {
    run(ctx, req, param, common, dispatch, reply) {
      const extra = spec.args(req, param, ctx);
      if (!extra.ok) return reply(errorResponse(extra.status, extra.message));
      const args: EndpointArgs<M> = { ...common, ...extra.args };
      dispatch(spec.rpc, args, (answer) => {
        const executedBy = answer.by === undefined ? {} : { executedBy: answer.by };
        if (!answer.ok)
          return reply({
            ...errorResponse(statusFor(answer), answer.error.message),
            ...executedBy,
          });
        const value = answer.value;
        const missing = spec.notFound?.(value) ?? null;
        if (missing !== null) return reply(errorResponse(404, missing));
        const headers: Record<string, string> = {};
        if ('index' in value) headers['X-Nomad-Index'] = String(value.index);
        headers['X-Nomad-KnownLeader'] = String(ctx.server.leaderAddress() !== null);
        const body = goCodecKeyOrder(spec.render(value, ctx));
        reply({ status: 200, body, headers, ...executedBy });
      });
    },
  };
}

/** A successful agent answer with its JSON in go-codec's key order. */
function inCodecOrder(response: ApiResponse): ApiResponse {
  return response.status === 200 ? { ...response, body: goCodecKeyOrder(response.body) } : response;
}

export function errorResponse(status: number, message: string): ApiResponse {
  return { status, body: message, headers: {} };
}

export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

function policyJson(policy: AclPolicy): JsonValue {
  return toJson({
    Name: policy.Name,
    Description: policy.Description,
    Rules: policy.Rules,
    ...(policy.JobACL === undefined ? {} : { JobACL: policy.JobACL }),
    Hash: policy.Hash,
    CreateIndex: policy.CreateIndex,
    ModifyIndex: policy.ModifyIndex,
  });
}

function renderIndexOnly(): JsonValue {
  return null;
}

/** Nomad accepts PUT and POST alike for writes. */
export function putOrPost(endpoint: Endpoint): Route['methods'] {
  return { PUT: endpoint, POST: endpoint };
}

/**
 * A full token as the agent writes it: in 1.4+ through `ACLToken.MarshalJSON` (`ExpirationTTL`
 * first, then the struct's order, kept as it is by go-codec), before in go-codec's sorted order.
 */
function fullTokenJson(token: AclToken, ctx: EndpointContext): JsonValue {
  const json = toJson(tokenToJson(token, ctx.profile)) as Record<string, JsonValue>;
  if (!ctx.profile.tokenJsonMarshaler) return json;
  const { ExpirationTTL: ttl = '', ...rest } = json;
  return asMarshaled({ ExpirationTTL: ttl, ...rest });
}

function renderToken(value: { token: AclToken }, ctx: EndpointContext): JsonValue {
  return fullTokenJson(value.token, ctx);
}

function renderFirstToken(value: { tokens: AclToken[] }, ctx: EndpointContext): JsonValue {
  const first = value.tokens[0];
  return first === undefined ? null : fullTokenJson(first, ctx);
}

/**
 * A decoded token body as the `ACL.UpsertTokens` RPC takes it. A nil role link (`null` in
 * `Roles`) makes Nomad's endpoint dereference a nil pointer, and Go's HTTP server drops the
 * connection; the simulator sends it as an empty link instead, refused as `cannot find role `.
 */
function tokenInput(body: TokenBody): AclTokenInput {
  return {
    AccessorID: body.AccessorID,
    SecretID: body.SecretID,
    Name: body.Name,
    Type: body.Type,
    Policies: body.Policies,
    Roles: body.Roles === null ? null : body.Roles.map((link) => link ?? { ID: '', Name: '' }),
    Global: body.Global,
    CreateTime: body.CreateTime,
    ExpirationTime: body.ExpirationTime,
    ExpirationTTL: body.ExpirationTTL,
  };
}

/** A route: its path pattern, its methods, and the versions that have it (all when absent). */
interface RouteEntry {
  readonly pattern: RegExp;
  readonly route: Route;
  readonly when?: (ctx: EndpointContext) => boolean;
}

/** `structs.OneTimeToken` as JSON (`ExpiresAt` a Go time). */
function oneTimeTokenJson(token: OneTimeToken): JsonValue {
  return {
    OneTimeSecretID: token.OneTimeSecretID,
    AccessorID: token.AccessorID,
    ExpiresAt: formatRfc3339Nano(token.ExpiresAt),
    CreateIndex: token.CreateIndex,
    ModifyIndex: token.ModifyIndex,
  };
}

const ROUTES: RouteEntry[] = [
  {
    // 2.x: the caller's policies; before, a policy named `self` (the generic route below).
    pattern: /^\/v1\/acl\/policy\/self$/,
    when: (ctx) => ctx.profile.policySelfPath,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.ListPolicies',
          args: () => accept({ prefix: '' }),
          render: (v) => toJson(v.policies),
        }),
      },
    },
  },
  {
    pattern: /^\/v1\/acl\/token\/onetime$/,
    when: (ctx) => ctx.profile.oneTimeTokens,
    route: {
      methods: putOrPost(
        endpoint({
          rpc: 'ACL.UpsertOneTimeToken',
          args: noArgs,
          render: (v) => ({ Index: v.index, OneTimeToken: oneTimeTokenJson(v.oneTimeToken) }),
        }),
      ),
    },
  },
  {
    pattern: /^\/v1\/acl\/token\/onetime\/exchange$/,
    when: (ctx) => ctx.profile.oneTimeTokens,
    route: {
      methods: putOrPost(
        endpoint({
          rpc: 'ACL.ExchangeOneTimeToken',
          args: oneTimeExchangeArgs,
          render: (v, ctx) => ({
            Index: v.index,
            Token: fullTokenJson(v.token, ctx),
          }),
        }),
      ),
    },
  },
  {
    pattern: /^\/v1\/acl\/bootstrap$/,
    route: {
      methods: putOrPost(
        endpoint({ rpc: 'ACL.Bootstrap', args: bootstrapArgs, render: renderToken }),
      ),
    },
  },
  {
    pattern: /^\/v1\/acl\/policies$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.ListPolicies',
          args: (req) => accept({ prefix: req.query?.prefix ?? '' }),
          render: (v) => toJson(v.policies),
        }),
      },
    },
  },
  {
    pattern: /^\/v1\/acl\/policy\/(.*)$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.GetPolicy',
          args: (_req, name) => accept({ name }),
          render: (v) => (v.policy === null ? null : policyJson(v.policy)),
          notFound: (v) => (v.policy === null ? 'ACL policy not found' : null),
        }),
        ...putOrPost(
          endpoint({ rpc: 'ACL.UpsertPolicies', args: policyWriteArgs, render: renderIndexOnly }),
        ),
        DELETE: endpoint({
          rpc: 'ACL.DeletePolicies',
          args: (_req, name) => accept({ names: [name] }),
          render: renderIndexOnly,
        }),
      },
    },
  },
  {
    pattern: /^\/v1\/acl\/tokens$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.ListTokens',
          args: (req) => accept({ prefix: req.query?.prefix ?? '' }),
          render: (v, ctx) => toJson(v.tokens.map((t) => tokenStubToJson(t, ctx.profile))),
        }),
      },
    },
  },
  {
    pattern: /^\/v1\/acl\/token\/self$/,
    route: {
      methods: { GET: endpoint({ rpc: 'ACL.TokenSelf', args: noArgs, render: renderToken }) },
    },
  },
  {
    pattern: /^\/v1\/acl\/token$/,
    route: {
      methods: putOrPost(
        endpoint({ rpc: 'ACL.UpsertTokens', args: tokenCreateArgs, render: renderFirstToken }),
      ),
    },
  },
  {
    pattern: /^\/v1\/acl\/token\/(.+)$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.GetToken',
          args: (_req, accessorId) => accept({ accessorId }),
          render: renderToken,
        }),
        ...putOrPost(
          endpoint({ rpc: 'ACL.UpsertTokens', args: tokenWriteArgs, render: renderFirstToken }),
        ),
        DELETE: endpoint({
          rpc: 'ACL.DeleteTokens',
          args: (_req, accessorId) => accept({ accessorIds: [accessorId] }),
          render: renderIndexOnly,
        }),
      },
    },
  },
  {
    pattern: /^\/v1\/jobs$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'Job.List',
          args: noArgs,
          render: (v) => toJson(v.jobs.map(jobStub)),
        }),
        ...putOrPost(
          endpoint({
            rpc: 'Job.Register',
            args: jobRegisterArgs,
            render: (v) =>
              toJson({ EvalID: v.evalId, JobModifyIndex: v.jobModifyIndex, Warnings: '' }),
          }),
        ),
      },
    },
  },
  {
    pattern: /^\/v1\/job\/(.+)$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'Job.GetJob',
          args: (_req, id) => accept({ id }),
          render: (v) => toJson(v.job),
          notFound: (v) => (v.job === null ? 'job not found' : null),
        }),
        DELETE: endpoint({
          rpc: 'Job.Deregister',
          args: (req, id) => accept({ id, purge: req.query?.purge === 'true' }),
          render: (v) => toJson({ EvalID: v.evalId }),
        }),
      },
    },
  },
  {
    pattern: /^\/v1\/nodes$/,
    route: {
      methods: {
        GET: endpoint({ rpc: 'Node.List', args: noArgs, render: (v) => toJson(v.nodes) }),
      },
    },
  },
  {
    pattern: /^\/v1\/status\/leader$/,
    route: {
      methods: {
        GET: endpoint({ rpc: 'Status.Leader', args: noArgs, render: (v) => toJson(v.leader) }),
      },
    },
  },
  {
    pattern: /^\/v1\/operator\/raft\/configuration$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'Operator.RaftGetConfiguration',
          args: noArgs,
          render: (v) => toJson({ Index: v.index, Servers: v.servers }),
        }),
      },
    },
  },
];

/** Nomad's `decodeBody` refusal of a write without a body (spec §9). */
export const REQUEST_BODY_IS_EMPTY = 'Request body is empty';

/**
 * `PUT /v1/acl/bootstrap` (spec §3.1): the body is optional and read only when there is one; one
 * that does not decode is refused with 400 `failed to decode request body: <Go error>`. Nomad 1.0
 * never read the body (no operator secret then).
 */
function bootstrapArgs(
  req: ApiRequest,
  _param: string,
  ctx: EndpointContext,
): RouteArgs<EndpointMethods['ACL.Bootstrap']['args']> {
  if (!ctx.profile.bootstrapSecretSupported) return accept({ BootstrapSecret: '' });
  const body = decodeBootstrapBody(req);
  if (body.kind === 'error') return refuse(400, `failed to decode request body: ${body.message}`);
  return accept({ BootstrapSecret: body.kind === 'ok' ? body.value.BootstrapSecret : '' });
}

/** `PUT /v1/acl/policy/<name>` (spec §5.2): the decoded `ACLPolicy`, whose Name must be the path's. */
function policyWriteArgs(
  req: ApiRequest,
  name: string,
  ctx: EndpointContext,
): RouteArgs<EndpointMethods['ACL.UpsertPolicies']['args']> {
  const body = decodePolicyBody(req, ctx.profile.name);
  if (body.kind === 'empty') return refuse(400, REQUEST_BODY_IS_EMPTY);
  if (body.kind === 'error') return refuse(ctx.profile.bodyDecodeErrorStatus, body.message);
  if (body.value.Name !== name) return refuse(400, 'ACL policy name does not match request path');
  const policy: AclPolicyInput = {
    Name: name,
    Description: body.value.Description,
    Rules: body.value.Rules,
    JobACL: body.value.JobACL,
  };
  return accept({ policies: [policy] });
}

/** `PUT /v1/acl/token[/<accessor>]` (spec §4.4): the decoded `ACLToken`; on update its AccessorID must be the path's. */
function tokenWriteArgs(
  req: ApiRequest,
  accessorId: string,
  ctx: EndpointContext,
): RouteArgs<EndpointMethods['ACL.UpsertTokens']['args']> {
  const body = decodeTokenBody(req, ctx.profile.name);
  if (body.kind === 'empty') return refuse(400, REQUEST_BODY_IS_EMPTY);
  if (body.kind === 'error') return refuse(ctx.profile.bodyDecodeErrorStatus, body.message);
  if (accessorId !== '' && body.value.AccessorID !== accessorId)
    return refuse(400, 'ACL token accessor does not match request path');
  return accept({ tokens: [tokenInput(body.value)] });
}

/** `PUT /v1/acl/token/onetime/exchange`: the body's `OneTimeSecretID`. */
function oneTimeExchangeArgs(
  req: ApiRequest,
): RouteArgs<EndpointMethods['ACL.ExchangeOneTimeToken']['args']> {
  const body = decodeOneTimeExchangeBody(req);
  if (body.kind === 'empty') return refuse(400, REQUEST_BODY_IS_EMPTY);
  if (body.kind === 'error') return refuse(400, body.message);
  return accept({ oneTimeSecretId: body.value.OneTimeSecretID });
}

function tokenCreateArgs(
  req: ApiRequest,
  _param: string,
  ctx: EndpointContext,
): RouteArgs<EndpointMethods['ACL.UpsertTokens']['args']> {
  return tokenWriteArgs(req, '', ctx);
}

/** `PUT /v1/jobs`: the decoded `api.JobRegisterRequest`; the job's nil fields are left out. */
function jobRegisterArgs(req: ApiRequest): RouteArgs<EndpointMethods['Job.Register']['args']> {
  const body = decodeJobRegisterBody(req);
  if (body.kind === 'empty') return refuse(400, REQUEST_BODY_IS_EMPTY);
  if (body.kind === 'error') return refuse(400, body.message);
  return accept({ job: body.value.Job === null ? null : presentFields(body.value.Job) });
}

function presentFields(job: JobBody): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(job)) if (value !== null) out[key] = value;
  return out;
}

function jobStub(j: JobRecord): unknown {
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
 * The query options every endpoint reads (region, namespace, token, `parseConsistency`) and, on
 * reads only, Nomad's `parseWait`: the 400 text Nomad answers for a `wait` or `index` it cannot
 * parse. Writes (`parseWriteRequest`) never look at `wait` or `index`. A `wait` that parses as a
 * Go duration is taken even when negative; the blocking query treats it as no wait given
 * (`blockingWaitMs`).
 */
export function commonArgs(ctx: EndpointContext, req: ApiRequest): RpcArgs | string {
  const q = req.query ?? {};
  const args: RpcArgs = {
    region: q.region !== undefined && q.region !== '' ? q.region : ctx.server.region,
    token: (req.token ?? '').trim(),
  };
  if (q.namespace !== undefined) args.namespace = q.namespace;
  if (q.stale !== undefined) args.allowStale = true;
  if (req.method !== 'GET') return args;
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
export function decodePathParam(raw: string): string | null {
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
  dispatch: Dispatch,
  reply: (response: ApiResponse) => void,
): void {
  const common = commonArgs(ctx, req);
  if (typeof common === 'string') return reply(errorResponse(400, common));
  if (req.path === '/v1/agent/members' && req.method === 'GET')
    return reply(inCodecOrder(agentMembers(ctx, common)));
  if (req.path === '/v1/agent/self' && req.method === 'GET')
    return reply(inCodecOrder(agentSelf(ctx, common)));
  for (const { pattern, route, when } of ROUTES) {
    if (when !== undefined && !when(ctx)) continue;
    const match = pattern.exec(req.path);
    if (match === null) continue;
    const endpoint = route.methods[req.method];
    if (endpoint === undefined) return reply(errorResponse(405, 'Invalid method'));
    const param = decodePathParam(match[1] ?? '');
    if (param === null) return reply(errorResponse(400, BAD_REQUEST));
    if (match[1] !== undefined && param === '') {
      return reply(
        errorResponse(
          400,
          req.path.includes('/policy/') ? 'Missing Policy Name' : 'Missing Token Accessor',
        ),
      );
    }
    endpoint.run(ctx, req, param, common, dispatch, reply);
    return;
  }
  reply(errorResponse(404, 'Invalid URL'));
}
