/**
 * The non-ACL endpoints that ACL policies protect, kept minimal: jobs (list, register, read,
 * stop) in a namespace, nodes, agent info and members, the region's leader, and the Raft peer
 * set. Each checks the capability Nomad checks (spec §8) on the server that executes it.
 */
import { SIM_EPOCH_UNIX_MS, type Acl } from '../acl/index.js';
import { authenticate, refusal } from './auth.js';
import { blockingQuery } from './blocking-query.js';
import {
  failure,
  success,
  type EndpointContext,
  type EndpointTable,
  type Reply,
  type RpcArgs,
  type RpcHandler,
} from './context.js';
import { forward } from './forwarding.js';
import type { EndpointMethodName } from '../server/rpc-methods.js';
import type { ObjectEndpointMethodName } from '../server/object-rpc-methods.js';
import { nonexistentNamespace } from './job-namespace-check.js';

/** Authenticates and checks `allowed`; replies 403 and returns null when refused. */
function authorize(
  ctx: EndpointContext,
  args: RpcArgs,
  reply: Reply<never>,
  allowed: (acl: Acl) => boolean,
): Acl | null {
  const auth = authenticate(ctx, args.token);
  if (!auth.ok || !allowed(auth.identity.acl)) {
    reply({ ok: false, error: refusal(ctx, auth) });
    return null;
  }
  return auth.identity.acl;
}

function namespaceOf(args: RpcArgs): string {
  return args.namespace !== undefined && args.namespace !== '' ? args.namespace : 'default';
}

const listJobs: RpcHandler<'Job.List'> = (ctx, args, reply) => {
  if (forward(ctx, 'Job.List', args, reply)) return;
  const namespace = namespaceOf(args);
  const acl = authorize(
    ctx,
    args,
    reply,
    (a) => namespace === '*' || a.allowNamespaceOperation(namespace, 'list-jobs'),
  );
  if (acl === null) return;
  blockingQuery(
    ctx,
    args.minQueryIndex,
    args.maxQueryTimeMs,
    () => ctx.server.fsm?.jobs.tableIndex ?? 0,
    () => {
      const jobs = ctx.server.fsm?.jobs;
      if (jobs === undefined) return reply(failure(500, 'server shutting down'));
      const visible = jobs
        .list(namespace)
        .filter((j) => acl.allowNamespaceOperation(j.Namespace, 'list-jobs'));
      reply(success({ index: Math.max(1, jobs.tableIndex), jobs: visible }));
    },
  );
};

const registerJob: RpcHandler<'Job.Register'> = (ctx, args, reply) => {
  if (forward(ctx, 'Job.Register', args, reply)) return;
  const job = args.job;
  if (job === null) return reply(failure(400, 'Job must be specified'));
  if (typeof job.ID !== 'string' || job.ID === '')
    return reply(failure(400, "Job ID hasn't been provided"));
  const namespace =
    typeof job.Namespace === 'string' && job.Namespace !== '' ? job.Namespace : namespaceOf(args);
  const allowed = (a: Acl) =>
    a.allowNamespaceOperation(namespace, 'submit-job') ||
    a.allowNamespaceOperation(namespace, 'register-job');
  if (authorize(ctx, args, reply, allowed) === null) return;
  const missingNamespace = nonexistentNamespace(ctx, job.ID, namespace);
  if (missingNamespace !== null) return reply({ ok: false, error: missingNamespace });
  const record = {
    ID: job.ID,
    Name: typeof job.Name === 'string' && job.Name !== '' ? job.Name : job.ID,
    Namespace: namespace,
    Type: typeof job.Type === 'string' ? job.Type : 'service',
    Priority: typeof job.Priority === 'number' ? job.Priority : 50,
    SubmitTime: (SIM_EPOCH_UNIX_MS + ctx.cluster.sim.now) * 1e6,
  };
  ctx.server.applyAsLeader({ type: 'job.register', job: record }, (answer) => {
    if (!answer.ok) return reply(answer);
    const { index } = answer.value;
    reply(success({ index, evalId: ctx.server.ids(), jobModifyIndex: index }));
  });
};

const getJob: RpcHandler<'Job.GetJob'> = (ctx, args, reply) => {
  if (forward(ctx, 'Job.GetJob', args, reply)) return;
  const namespace = namespaceOf(args);
  if (authorize(ctx, args, reply, (a) => a.allowNamespaceOperation(namespace, 'read-job')) === null)
    return;
  const job = ctx.server.fsm?.jobs.get(namespace, args.id) ?? null;
  reply(
    success({ index: job?.ModifyIndex ?? Math.max(1, ctx.server.fsm?.jobs.tableIndex ?? 0), job }),
  );
};

const deregisterJob: RpcHandler<'Job.Deregister'> = (ctx, args, reply) => {
  if (forward(ctx, 'Job.Deregister', args, reply)) return;
  const namespace = namespaceOf(args);
  const allowed = (a: Acl) =>
    a.allowNamespaceOperation(namespace, 'submit-job') ||
    a.allowNamespaceOperation(namespace, 'deregister-job');
  if (authorize(ctx, args, reply, allowed) === null) return;
  const id = args.id;
  if (ctx.server.fsm?.jobs.get(namespace, id) === undefined)
    return reply(failure(404, 'job not found'));
  ctx.server.applyAsLeader(
    { type: 'job.deregister', namespace, id, purge: args.purge === true },
    (answer) => {
      if (!answer.ok) return reply(answer);
      const { index } = answer.value;
      reply(success({ index, evalId: ctx.server.ids() }));
    },
  );
};

const listNodes: RpcHandler<'Node.List'> = (ctx, args, reply) => {
  if (forward(ctx, 'Node.List', args, reply)) return;
  if (authorize(ctx, args, reply, (a) => a.allowNodeRead()) === null) return;
  const nodes = ctx.server.fsm?.nodes;
  if (nodes === undefined) return reply(failure(500, 'server shutting down'));
  reply(success({ index: Math.max(1, nodes.tableIndex), nodes: nodes.list() }));
};

/** `Status.Leader`: the region's leader address as `ip:4647`, or '' when there is none. No ACL. */
const statusLeader: RpcHandler<'Status.Leader'> = (ctx, args, reply) => {
  if (forward(ctx, 'Status.Leader', args, reply, false)) return;
  const leader = ctx.server.leaderAddress();
  reply(success({ leader: leader === null ? '' : `${leader}:4647` }));
};

/** `Operator.RaftGetConfiguration`: management only (spec §8). */
const raftConfiguration: RpcHandler<'Operator.RaftGetConfiguration'> = (ctx, args, reply) => {
  if (forward(ctx, 'Operator.RaftGetConfiguration', args, reply)) return;
  if (authorize(ctx, args, reply, (a) => a.isManagement()) === null) return;
  const node = ctx.server.node;
  if (node === null) return reply(failure(500, 'server shutting down'));
  const servers = node.configuration.voters.map((id) => {
    const address = id.slice(0, id.lastIndexOf(':'));
    const member = ctx.cluster.membership.get(address);
    return {
      ID: ctx.cluster.nodeIdOf(address),
      Node: member?.name ?? address,
      Address: id,
      Leader: id === node.leader,
      Voter: true,
      RaftProtocol: '3',
    };
  });
  reply(success({ index: node.configurationIndex, servers }));
};

export const CLUSTER_ENDPOINTS: EndpointTable<
  Exclude<EndpointMethodName, `ACL.${string}` | ObjectEndpointMethodName>
> = {
  'Job.List': listJobs,
  'Job.Register': registerJob,
  'Job.GetJob': getJob,
  'Job.Deregister': deregisterJob,
  'Node.List': listNodes,
  'Status.Leader': statusLeader,
  'Operator.RaftGetConfiguration': raftConfiguration,
};
