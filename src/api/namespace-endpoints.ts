/**
 * The namespace endpoints (`nomad/namespace_endpoint.go`, in Nomad OSS since 1.0). They work with
 * ACLs off too (then every caller may do everything). Writes always execute on the authoritative
 * region's leader and need a management token; their refusals are plain errors (HTTP 500):
 * `must specify at least one namespace`, `Invalid namespace "<n>": <multierror>`, `can not delete
 * default namespace`, `namespace "<n>" has non-terminal jobs in regions: [<r> ...]` (every
 * federated region is asked, with the caller's token), then the state machine's own refusals. Reads run in the
 * receiving region: a list shows the namespaces the caller's ACL allows (`AllowNamespace`), a read
 * of one needs the same, the batch read replication uses needs management.
 */
import {
  formatMultiError,
  ok,
  PERMISSION_DENIED,
  plainError,
  type NomadError,
  type Result,
} from '../acl/index.js';
import { authoritativeRegion, requireManagement, write } from './acl-endpoints.js';
import {
  failure,
  success,
  type EndpointContext,
  type EndpointTable,
  type RpcHandler,
} from './context.js';
import { forward } from './forwarding.js';
import {
  blockingStateRead,
  identify,
  missingInVersion,
  stateOf,
} from './object-endpoint-support.js';
import type { Namespace } from '../server/state/namespace.js';
import { DEFAULT_NAMESPACE, newNamespace, validateNamespace } from '../server/state/namespace.js';

const KIND = 'namespaces';

function refuse(message: string): { ok: false; error: NomadError } {
  return { ok: false, error: plainError(message) };
}

const upsertNamespaces: RpcHandler<'Namespace.UpsertNamespaces'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'Namespace.UpsertNamespaces', reply)) return;
  const routed = { ...args, region: authoritativeRegion(ctx) };
  if (forward(ctx, 'Namespace.UpsertNamespaces', routed, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  if (args.namespaces.length === 0) return reply(refuse('must specify at least one namespace'));
  for (const ns of args.namespaces) {
    const problems = validateNamespace(ns);
    if (problems.length > 0)
      return reply(
        refuse(`Invalid namespace ${JSON.stringify(ns.Name)}: ${formatMultiError(problems)}`),
      );
  }
  const namespaces = args.namespaces.map(newNamespace);
  write(ctx, { type: 'namespace.upsert', namespaces }, reply, (index) => ({ index }));
};

/**
 * Nomad's `nonTerminalNamespaces`: the regions in which `namespace` has a job that is not dead,
 * this region first (its own state), then every other region in name order, asked with `Job.List`
 * and the caller's token; a region that refuses or cannot be reached gives its error instead.
 */
function nonTerminalRegions(
  ctx: EndpointContext,
  token: string,
  namespace: string,
  done: (result: Result<string[]>) => void,
): void {
  const here = ctx.server.region;
  const busy: string[] = [];
  const fsm = ctx.server.fsm;
  if (fsm !== null && fsm.jobs.list(namespace).some((job) => job.Status !== 'dead'))
    busy.push(here);
  const others = [...ctx.cluster.regionNames].filter((r) => r !== here).sort();
  const next = (i: number): void => {
    const region = others[i];
    if (region === undefined) return done(ok(busy));
    ctx.cluster.dispatchLocal(ctx.server, 'Job.List', { region, token, namespace }, (reply) => {
      if (!reply.ok) return done({ ok: false, error: reply.error });
      if (reply.value.jobs.some((job) => job.Status !== 'dead')) busy.push(region);
      next(i + 1);
    });
  };
  next(0);
}

const deleteNamespaces: RpcHandler<'Namespace.DeleteNamespaces'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'Namespace.DeleteNamespaces', reply)) return;
  const routed = { ...args, region: authoritativeRegion(ctx) };
  if (forward(ctx, 'Namespace.DeleteNamespaces', routed, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  if (args.names.length === 0)
    return reply(refuse('must specify at least one namespace to delete'));
  if (args.names.includes(DEFAULT_NAMESPACE))
    return reply(refuse('can not delete default namespace'));
  const problems: string[] = [];
  const check = (i: number): void => {
    const name = args.names[i];
    if (name === undefined) {
      if (problems.length > 0) return reply(refuse(formatMultiError(problems)));
      return write(ctx, { type: 'namespace.delete', names: args.names }, reply, (index) => ({
        index,
      }));
    }
    nonTerminalRegions(ctx, args.token, name, (result) => {
      if (!result.ok) problems.push(result.error.message);
      else if (result.value.length > 0)
        problems.push(
          `namespace ${JSON.stringify(name)} has non-terminal jobs in regions: [${result.value.join(' ')}]`,
        );
      check(i + 1);
    });
  };
  check(0);
};

const listNamespaces: RpcHandler<'Namespace.ListNamespaces'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'Namespace.ListNamespaces', reply)) return;
  if (forward(ctx, 'Namespace.ListNamespaces', args, reply)) return;
  const identity = identify(ctx, args, reply);
  if (identity === null) return;
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.namespaces.tableIndex,
    reply,
    (fsm) => {
      const namespaces = fsm.namespaces
        .list(args.prefix ?? '')
        .filter((ns) => identity.acl.allowNamespace(ns.Name));
      reply(success({ index: Math.max(1, fsm.namespaces.tableIndex), namespaces }));
    },
  );
};

const getNamespace: RpcHandler<'Namespace.GetNamespace'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'Namespace.GetNamespace', reply)) return;
  if (forward(ctx, 'Namespace.GetNamespace', args, reply)) return;
  const identity = identify(ctx, args, reply);
  if (identity === null) return;
  if (!identity.acl.allowNamespace(args.name)) return reply(failure(403, PERMISSION_DENIED));
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.namespaces.tableIndex,
    reply,
    (fsm) => {
      const namespace = fsm.namespaces.get(args.name);
      reply(success({ index: namespace?.ModifyIndex ?? fsm.namespaces.tableIndex, namespace }));
    },
  );
};

const getNamespaces: RpcHandler<'Namespace.GetNamespaces'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'Namespace.GetNamespaces', reply)) return;
  if (forward(ctx, 'Namespace.GetNamespaces', args, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.namespaces.tableIndex,
    reply,
    (fsm) => {
      const namespaces = args.names
        .map((name) => fsm.namespaces.get(name))
        .filter((ns): ns is Namespace => ns !== null);
      reply(success({ index: fsm.namespaces.tableIndex, namespaces }));
    },
  );
};

export const NAMESPACE_ENDPOINTS: EndpointTable<
  | 'Namespace.UpsertNamespaces'
  | 'Namespace.DeleteNamespaces'
  | 'Namespace.ListNamespaces'
  | 'Namespace.GetNamespace'
  | 'Namespace.GetNamespaces'
> = {
  'Namespace.UpsertNamespaces': upsertNamespaces,
  'Namespace.DeleteNamespaces': deleteNamespaces,
  'Namespace.ListNamespaces': listNamespaces,
  'Namespace.GetNamespace': getNamespace,
  'Namespace.GetNamespaces': getNamespaces,
};
