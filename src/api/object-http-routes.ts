/**
 * The HTTP routes of ACL roles, auth methods, binding rules, namespaces and node pools (spec §9;
 * `command/agent/acl_endpoint.go`, `namespace_endpoint.go`, `node_pool_endpoint.go`), built with
 * the same endpoint kit as the policy and token routes (http-routes.ts). A route exists only in a
 * profile whose Nomad has the object kind; elsewhere the path is an unknown URL.
 *
 * | path | methods |
 * |---|---|
 * | `/v1/acl/roles` | GET list |
 * | `/v1/acl/role` | PUT/POST create |
 * | `/v1/acl/role/name/<name>` | GET |
 * | `/v1/acl/role/<id>` | GET, PUT/POST update, DELETE |
 * | `/v1/acl/auth-methods`, `/v1/acl/auth-method`, `/v1/acl/auth-method/<name>` | the same shape |
 * | `/v1/acl/binding-rules`, `/v1/acl/binding-rule`, `/v1/acl/binding-rule/<id>` | the same shape |
 * | `/v1/namespaces` | GET list |
 * | `/v1/namespace` | PUT/POST create |
 * | `/v1/namespace/<name>` | GET, PUT/POST, DELETE |
 * | `/v1/node/pools` | GET list, PUT/POST create |
 * | `/v1/node/pool/<name>` | GET, PUT/POST, DELETE |
 *
 * An update's body must name the object of its path (`ACL role ID does not match request path`,
 * ...; a binding rule body without an ID takes the path's); an empty path parameter is `missing
 * ACL role ID` and the like (400); a body that does not decode is 400 (a namespace's 500 in the
 * tutorial era, as policies and tokens there). Writes of roles, auth
 * methods and binding rules answer the stored object; namespace and node pool writes answer no
 * body.
 */
import { profileHasKind, type ReplicatedKind } from '../acl/index.js';
import type { ApiRequest, ApiResponse, JsonValue } from '../server/http.js';
import type { EndpointMethods } from '../server/rpc-methods.js';
import type { EndpointContext } from './context.js';
import {
  accept,
  commonArgs,
  decodePathParam,
  endpoint,
  errorResponse,
  putOrPost,
  refuse,
  REQUEST_BODY_IS_EMPTY,
  type Dispatch,
  type Route,
  type RouteArgs,
} from './http-routes.js';
import {
  decodeAuthMethodBody,
  decodeBindingRuleBody,
  decodeNamespaceBody,
  decodeNodePoolBody,
  decodeRoleBody,
} from './object-body-decode.js';
import type { BodyDecode } from './body-decode.js';
import {
  authMethodJson,
  authMethodStubJson,
  bindingRuleJson,
  bindingRuleStubJson,
  namespaceJson,
  nodePoolJson,
  roleJson,
} from './object-json.js';

interface ObjectRoute {
  readonly kind: ReplicatedKind;
  readonly pattern: RegExp;
  /** The 400 text when the path parameter is empty. */
  readonly missing?: string;
  readonly route: Route;
}

/** A decoded body as route arguments, or the HTTP error its decoding answers. */
function fromBody<B, A>(
  body: BodyDecode<B>,
  decodeErrorStatus: number,
  then: (value: B) => RouteArgs<A>,
): RouteArgs<A> {
  if (body.kind === 'empty') return refuse(400, REQUEST_BODY_IS_EMPTY);
  if (body.kind === 'error') return refuse(decodeErrorStatus, body.message);
  return then(body.value);
}

function roleWriteArgs(
  req: ApiRequest,
  id: string,
  ctx: EndpointContext,
): RouteArgs<EndpointMethods['ACL.UpsertRoles']['args']> {
  return fromBody(decodeRoleBody(req), ctx.profile.bodyDecodeErrorStatus, (role) => {
    if (id !== '' && role.ID !== id) return refuse(400, 'ACL role ID does not match request path');
    return accept({
      roles: [
        {
          ID: role.ID,
          Name: role.Name,
          Description: role.Description,
          Policies: (role.Policies ?? []).map((link) => ({ Name: link?.Name ?? '' })),
        },
      ],
    });
  });
}

function authMethodWriteArgs(
  req: ApiRequest,
  name: string,
  ctx: EndpointContext,
): RouteArgs<EndpointMethods['ACL.UpsertAuthMethods']['args']> {
  return fromBody(decodeAuthMethodBody(req), ctx.profile.bodyDecodeErrorStatus, (method) => {
    if (name !== '' && method.Name !== name)
      return refuse(400, 'ACL auth-method name does not match request path');
    return accept({ authMethods: [method] });
  });
}

function bindingRuleWriteArgs(
  req: ApiRequest,
  id: string,
  ctx: EndpointContext,
): RouteArgs<EndpointMethods['ACL.UpsertBindingRules']['args']> {
  return fromBody(decodeBindingRuleBody(req), ctx.profile.bodyDecodeErrorStatus, (body) => {
    const rule = id !== '' && body.ID === '' ? { ...body, ID: id } : body;
    if (id !== '' && rule.ID !== id)
      return refuse(400, 'ACL binding rule ID does not match request path');
    return accept({ bindingRules: [rule] });
  });
}

function namespaceWriteArgs(
  req: ApiRequest,
  name: string,
  ctx: EndpointContext,
): RouteArgs<EndpointMethods['Namespace.UpsertNamespaces']['args']> {
  return fromBody(
    decodeNamespaceBody(req, ctx.profile.name),
    ctx.profile.bodyDecodeErrorStatus,
    (ns) => {
      if (name !== '' && ns.Name !== name)
        return refuse(400, 'Namespace name does not match request path');
      return accept({ namespaces: [ns] });
    },
  );
}

function nodePoolWriteArgs(
  req: ApiRequest,
  name: string,
): RouteArgs<EndpointMethods['NodePool.UpsertNodePools']['args']> {
  return fromBody(decodeNodePoolBody(req), 400, (pool) => {
    if (name !== '' && pool.Name !== name)
      return refuse(400, 'Node pool name does not match request path');
    return accept({ nodePools: [pool] });
  });
}

function prefixArgs(req: ApiRequest): RouteArgs<{ prefix: string }> {
  return accept({ prefix: req.query?.prefix ?? '' });
}

function list(values: readonly JsonValue[]): JsonValue {
  return [...values];
}

function none(): JsonValue {
  return null;
}

const ROLE_WRITE = endpoint({
  rpc: 'ACL.UpsertRoles',
  args: roleWriteArgs,
  render: (v) => (v.roles[0] === undefined ? null : roleJson(v.roles[0])),
});

const AUTH_METHOD_WRITE = endpoint({
  rpc: 'ACL.UpsertAuthMethods',
  args: authMethodWriteArgs,
  render: (v) => (v.authMethods[0] === undefined ? null : authMethodJson(v.authMethods[0])),
});

const BINDING_RULE_WRITE = endpoint({
  rpc: 'ACL.UpsertBindingRules',
  args: bindingRuleWriteArgs,
  render: (v) => (v.bindingRules[0] === undefined ? null : bindingRuleJson(v.bindingRules[0])),
});

const NAMESPACE_WRITE = endpoint({
  rpc: 'Namespace.UpsertNamespaces',
  args: namespaceWriteArgs,
  render: none,
});

const NODE_POOL_WRITE = endpoint({
  rpc: 'NodePool.UpsertNodePools',
  args: (req, name) => nodePoolWriteArgs(req, name),
  render: none,
});

const OBJECT_ROUTES: readonly ObjectRoute[] = [
  {
    kind: 'roles',
    pattern: /^\/v1\/acl\/roles$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.ListRoles',
          args: prefixArgs,
          render: (v) => list(v.roles.map(roleJson)),
        }),
      },
    },
  },
  { kind: 'roles', pattern: /^\/v1\/acl\/role$/, route: { methods: putOrPost(ROLE_WRITE) } },
  {
    kind: 'roles',
    pattern: /^\/v1\/acl\/role\/name\/(.*)$/,
    missing: 'missing ACL role name',
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.GetRoleByName',
          args: (_req, roleName) => accept({ roleName }),
          render: (v) => (v.role === null ? null : roleJson(v.role)),
          notFound: (v) => (v.role === null ? 'ACL role not found' : null),
        }),
      },
    },
  },
  {
    kind: 'roles',
    pattern: /^\/v1\/acl\/role\/(.*)$/,
    missing: 'missing ACL role ID',
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.GetRoleByID',
          args: (_req, roleId) => accept({ roleId }),
          render: (v) => (v.role === null ? null : roleJson(v.role)),
          notFound: (v) => (v.role === null ? 'ACL role not found' : null),
        }),
        ...putOrPost(ROLE_WRITE),
        DELETE: endpoint({
          rpc: 'ACL.DeleteRolesByID',
          args: (_req, roleId) => accept({ roleIds: [roleId] }),
          render: none,
        }),
      },
    },
  },
  {
    kind: 'auth-methods',
    pattern: /^\/v1\/acl\/auth-methods$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.ListAuthMethods',
          args: prefixArgs,
          render: (v) => list(v.authMethods.map(authMethodStubJson)),
        }),
      },
    },
  },
  {
    kind: 'auth-methods',
    pattern: /^\/v1\/acl\/auth-method$/,
    route: { methods: putOrPost(AUTH_METHOD_WRITE) },
  },
  {
    kind: 'auth-methods',
    pattern: /^\/v1\/acl\/auth-method\/(.*)$/,
    missing: 'missing ACL auth-method name',
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.GetAuthMethod',
          args: (_req, name) => accept({ name }),
          render: (v) => (v.authMethod === null ? null : authMethodJson(v.authMethod)),
          notFound: (v) => (v.authMethod === null ? 'ACL auth-method not found' : null),
        }),
        ...putOrPost(AUTH_METHOD_WRITE),
        DELETE: endpoint({
          rpc: 'ACL.DeleteAuthMethods',
          args: (_req, name) => accept({ names: [name] }),
          render: none,
        }),
      },
    },
  },
  {
    kind: 'binding-rules',
    pattern: /^\/v1\/acl\/binding-rules$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.ListBindingRules',
          args: prefixArgs,
          render: (v) => list(v.bindingRules.map(bindingRuleStubJson)),
        }),
      },
    },
  },
  {
    kind: 'binding-rules',
    pattern: /^\/v1\/acl\/binding-rule$/,
    route: { methods: putOrPost(BINDING_RULE_WRITE) },
  },
  {
    kind: 'binding-rules',
    pattern: /^\/v1\/acl\/binding-rule\/(.*)$/,
    missing: 'missing ACL binding rule ID',
    route: {
      methods: {
        GET: endpoint({
          rpc: 'ACL.GetBindingRule',
          args: (_req, id) => accept({ id }),
          render: (v) => (v.bindingRule === null ? null : bindingRuleJson(v.bindingRule)),
          notFound: (v) => (v.bindingRule === null ? 'ACL binding rule not found' : null),
        }),
        ...putOrPost(BINDING_RULE_WRITE),
        DELETE: endpoint({
          rpc: 'ACL.DeleteBindingRules',
          args: (_req, id) => accept({ ids: [id] }),
          render: none,
        }),
      },
    },
  },
  {
    kind: 'namespaces',
    pattern: /^\/v1\/namespaces$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'Namespace.ListNamespaces',
          args: prefixArgs,
          render: (v, ctx) => list(v.namespaces.map((ns) => namespaceJson(ns, ctx.profile.name))),
        }),
      },
    },
  },
  {
    kind: 'namespaces',
    pattern: /^\/v1\/namespace$/,
    route: { methods: putOrPost(NAMESPACE_WRITE) },
  },
  {
    kind: 'namespaces',
    pattern: /^\/v1\/namespace\/(.*)$/,
    missing: 'Missing Namespace Name',
    route: {
      methods: {
        GET: endpoint({
          rpc: 'Namespace.GetNamespace',
          args: (_req, name) => accept({ name }),
          render: (v, ctx) =>
            v.namespace === null ? null : namespaceJson(v.namespace, ctx.profile.name),
          notFound: (v) => (v.namespace === null ? 'Namespace not found' : null),
        }),
        ...putOrPost(NAMESPACE_WRITE),
        DELETE: endpoint({
          rpc: 'Namespace.DeleteNamespaces',
          args: (_req, name) => accept({ names: [name] }),
          render: none,
        }),
      },
    },
  },
  {
    kind: 'node-pools',
    pattern: /^\/v1\/node\/pools$/,
    route: {
      methods: {
        GET: endpoint({
          rpc: 'NodePool.List',
          args: prefixArgs,
          render: (v) => list(v.nodePools.map(nodePoolJson)),
        }),
        ...putOrPost(NODE_POOL_WRITE),
      },
    },
  },
  {
    kind: 'node-pools',
    pattern: /^\/v1\/node\/pool\/(.*)$/,
    missing: 'missing node pool name',
    route: {
      methods: {
        GET: endpoint({
          rpc: 'NodePool.GetNodePool',
          args: (_req, name) => accept({ name }),
          render: (v) => (v.nodePool === null ? null : nodePoolJson(v.nodePool)),
          notFound: (v) => (v.nodePool === null ? 'node pool not found' : null),
        }),
        ...putOrPost(NODE_POOL_WRITE),
        DELETE: endpoint({
          rpc: 'NodePool.DeleteNodePools',
          args: (_req, name) => accept({ names: [name] }),
          render: none,
        }),
      },
    },
  },
];

/**
 * Answers `req` when one of these routes (present in the profile) matches its path and returns
 * true; false leaves the request to the policy, token and cluster routes. A route of a kind the
 * open-source version keeps for Nomad Enterprise answers 501 `Nomad Enterprise only endpoint`.
 */
export function handleObjectHttp(
  ctx: EndpointContext,
  req: ApiRequest,
  dispatch: Dispatch,
  reply: (response: ApiResponse) => void,
): boolean {
  for (const { kind, pattern, missing, route } of OBJECT_ROUTES) {
    const match = pattern.exec(req.path);
    if (match === null) continue;
    if (!profileHasKind(ctx.profile, kind)) {
      if (!ctx.profile.enterpriseOnlyKinds.includes(kind)) return false;
      reply(errorResponse(501, 'Nomad Enterprise only endpoint'));
      return true;
    }
    const common = commonArgs(ctx, req);
    if (typeof common === 'string') {
      reply(errorResponse(400, common));
      return true;
    }
    const handler = route.methods[req.method];
    if (handler === undefined) {
      reply(errorResponse(405, 'Invalid method'));
      return true;
    }
    const param = decodePathParam(match[1] ?? '');
    if (param === null) {
      reply(errorResponse(400, '400 Bad Request'));
      return true;
    }
    if (match[1] !== undefined && param === '' && missing !== undefined) {
      reply(errorResponse(400, missing));
      return true;
    }
    handler.run(ctx, req, param, common, dispatch, reply);
    return true;
  }
  return false;
}
