/**
 * The node pool endpoints (`nomad/node_pool_endpoint.go`, Nomad 1.6+). Writes always execute on
 * the authoritative region's leader and need the `write` (upsert) or `delete` node pool
 * capability on every pool named; their refusals are coded 400: `must specify at least one node
 * pool`, `invalid node pool "<n>": <multierror>`, `modifying node pool "<n>" is not allowed`,
 * `must specify at least one node pool to delete`, `node pool name is empty`; a missing or
 * built-in pool is refused by the state machine (`node pool <n> not found`, `deleting node pool
 * "<n>" is not allowed`, plain errors). Before that, a delete refuses a pool still in use in any
 * region (`nodePoolRegionsInUse`): `node pool "<n>" has non-terminal jobs in regions: [..]` and
 * `node pool "<n>" has nodes in regions: [..]`, gathered for every name into one multierror
 * (a plain error). Reads run in the receiving region: a list shows the pools
 * the caller may read, a read of one needs `read` on it. Replication lists whole pools, so there
 * is no batch read.
 */
import {
  badRequest,
  formatMultiError,
  PERMISSION_DENIED,
  plainError,
  type NomadError,
} from '../acl/index.js';
import { authoritativeRegion, write } from './acl-endpoints.js';
import {
  type EndpointContext,
  failure,
  success,
  type EndpointTable,
  type RpcHandler,
} from './context.js';
import { forward } from './forwarding.js';
import { blockingStateRead, identify, missingInVersion } from './object-endpoint-support.js';
import { isBuiltInNodePool, newNodePool, validateNodePool } from '../server/state/node-pool.js';

const KIND = 'node-pools';

const upsertNodePools: RpcHandler<'NodePool.UpsertNodePools'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'NodePool.UpsertNodePools', reply)) return;
  const routed = { ...args, region: authoritativeRegion(ctx) };
  if (forward(ctx, 'NodePool.UpsertNodePools', routed, reply)) return;
  const identity = identify(ctx, args, reply);
  if (identity === null) return;
  if (!args.nodePools.every((p) => identity.acl.allowNodePoolOperation(p.Name, 'write')))
    return reply(failure(403, PERMISSION_DENIED));
  if (args.nodePools.length === 0)
    return reply({ ok: false, error: badRequest('must specify at least one node pool') });
  for (const pool of args.nodePools) {
    const problems = validateNodePool(pool);
    if (problems.length > 0)
      return reply({
        ok: false,
        error: badRequest(
          `invalid node pool ${JSON.stringify(pool.Name)}: ${formatMultiError(problems)}`,
        ),
      });
    if (isBuiltInNodePool(pool.Name))
      return reply({
        ok: false,
        error: badRequest(`modifying node pool ${JSON.stringify(pool.Name)} is not allowed`),
      });
  }
  const nodePools = args.nodePools.map(newNodePool);
  write(ctx, { type: 'node-pool.upsert', nodePools }, reply, (index) => ({ index }));
};

const deleteNodePools: RpcHandler<'NodePool.DeleteNodePools'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'NodePool.DeleteNodePools', reply)) return;
  const routed = { ...args, region: authoritativeRegion(ctx) };
  if (forward(ctx, 'NodePool.DeleteNodePools', routed, reply)) return;
  const identity = identify(ctx, args, reply);
  if (identity === null) return;
  if (!args.names.every((name) => identity.acl.allowNodePoolOperation(name, 'delete')))
    return reply(failure(403, PERMISSION_DENIED));
  if (args.names.length === 0)
    return reply({ ok: false, error: badRequest('must specify at least one node pool to delete') });
  for (const name of args.names)
    if (name === '') return reply({ ok: false, error: badRequest('node pool name is empty') });
  const problems: string[] = [];
  const check = (i: number): void => {
    const name = args.names[i];
    if (name === undefined) {
      if (problems.length > 0)
        return reply({ ok: false, error: plainError(formatMultiError(problems)) });
      return write(ctx, { type: 'node-pool.delete', names: args.names }, reply, (index) => ({
        index,
      }));
    }
    regionsInUse(ctx, args.token, name, (use) => {
      if (use.error !== null) problems.push(use.error.message);
      if (use.nonTerminal.length > 0)
        problems.push(
          `node pool ${JSON.stringify(name)} has non-terminal jobs in regions: [${use.nonTerminal.join(' ')}]`,
        );
      if (use.nodes.length > 0)
        problems.push(
          `node pool ${JSON.stringify(name)} has nodes in regions: [${use.nodes.join(' ')}]`,
        );
      check(i + 1);
    });
  };
  check(0);
};

/** Where a pool is in use, as `nodePoolRegionsInUse` answers (`error` stops the search). */
interface PoolUse {
  readonly nonTerminal: readonly string[];
  readonly nodes: readonly string[];
  readonly error: NomadError | null;
}

/**
 * The pool in use: this region from its own state, then every other region in name order, asked
 * with the caller's token for its nodes and its jobs that are not dead. Jobs in this simulator
 * all run in the `default` pool (job files name no pool). Nomad asks `NodePool.ListNodes` and
 * `NodePool.ListJobs`; this asks `Node.List` and `Job.List` (default namespace, as a request
 * that names none), which the same token may read. When a region fails, Nomad's function returns
 * its two lists in swapped order with the error, and its caller reports them so: kept here.
 */
function regionsInUse(
  ctx: EndpointContext,
  token: string,
  pool: string,
  done: (use: PoolUse) => void,
): void {
  const here = ctx.server.region;
  const nodes: string[] = [];
  const nonTerminal: string[] = [];
  const fsm = ctx.server.fsm;
  if (fsm !== null && fsm.nodes.list().some((node) => node.NodePool === pool)) nodes.push(here);
  const jobsInPool = (jobs: readonly { Status: string }[]): boolean =>
    pool === 'default' && jobs.some((job) => job.Status !== 'dead');
  if (fsm !== null && jobsInPool(fsm.jobs.list('*'))) nonTerminal.push(here);
  const failed = (error: NomadError): void =>
    done({ nonTerminal: nodes, nodes: nonTerminal, error });
  const others = [...ctx.cluster.regionNames].filter((r) => r !== here).sort();
  const next = (i: number): void => {
    const region = others[i];
    if (region === undefined) return done({ nonTerminal, nodes, error: null });
    ctx.cluster.dispatchLocal(ctx.server, 'Node.List', { region, token }, (listed) => {
      if (!listed.ok) return failed(listed.error);
      if (listed.value.nodes.some((node) => node.NodePool === pool)) nodes.push(region);
      ctx.cluster.dispatchLocal(ctx.server, 'Job.List', { region, token }, (jobs) => {
        if (!jobs.ok) return failed(jobs.error);
        if (jobsInPool(jobs.value.jobs)) nonTerminal.push(region);
        next(i + 1);
      });
    });
  };
  next(0);
}

const listNodePools: RpcHandler<'NodePool.List'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'NodePool.List', reply)) return;
  if (forward(ctx, 'NodePool.List', args, reply)) return;
  const identity = identify(ctx, args, reply);
  if (identity === null) return;
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.nodePools.tableIndex,
    reply,
    (fsm) => {
      const nodePools = fsm.nodePools
        .list(args.prefix ?? '')
        .filter((pool) => identity.acl.allowNodePoolOperation(pool.Name, 'read'));
      reply(success({ index: Math.max(1, fsm.nodePools.tableIndex), nodePools }));
    },
  );
};

const getNodePool: RpcHandler<'NodePool.GetNodePool'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'NodePool.GetNodePool', reply)) return;
  if (forward(ctx, 'NodePool.GetNodePool', args, reply)) return;
  const identity = identify(ctx, args, reply);
  if (identity === null) return;
  if (!identity.acl.allowNodePoolOperation(args.name, 'read'))
    return reply(failure(403, PERMISSION_DENIED));
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.nodePools.tableIndex,
    reply,
    (fsm) => {
      const nodePool = fsm.nodePools.get(args.name);
      reply(success({ index: nodePool?.ModifyIndex ?? fsm.nodePools.tableIndex, nodePool }));
    },
  );
};

export const NODE_POOL_ENDPOINTS: EndpointTable<
  'NodePool.UpsertNodePools' | 'NodePool.DeleteNodePools' | 'NodePool.List' | 'NodePool.GetNodePool'
> = {
  'NodePool.UpsertNodePools': upsertNodePools,
  'NodePool.DeleteNodePools': deleteNodePools,
  'NodePool.List': listNodePools,
  'NodePool.GetNodePool': getNodePool,
};
