/**
 * The RPC methods servers call on each other, by name. Each method maps to its arguments and the
 * value of a successful reply. Two of them every server answers itself (`Raft.Apply`, the
 * simulator's internal write RPC that clients, test workloads and leader duties use, and
 * `Agent.HTTP`, an HTTP request a client agent passes on); the others are Nomad's endpoints,
 * which the API layer serves (src/api).
 */
import type { ServerCommand } from './state/state-machine.js';
import type { ApiRequest, ApiResponse } from './http.js';

/** Methods the server itself answers, with their arguments and reply values. */
export interface ServerOwnMethods {
  'Raft.Apply': { args: { command: ServerCommand; holdUntil?: number }; value: { index: number } };
  'Agent.HTTP': { args: { request: ApiRequest }; value: ApiResponse };
}

/** Nomad's RPC endpoints that the API layer serves. */
export const ENDPOINT_METHODS = [
  'ACL.Bootstrap',
  'ACL.UpsertPolicies',
  'ACL.DeletePolicies',
  'ACL.ListPolicies',
  'ACL.GetPolicy',
  'ACL.GetPolicies',
  'ACL.UpsertTokens',
  'ACL.DeleteTokens',
  'ACL.ListTokens',
  'ACL.GetToken',
  'ACL.GetTokens',
  'ACL.TokenSelf',
  'ACL.ResolveToken',
  'Job.List',
  'Job.Register',
  'Job.Deregister',
  'Job.GetJob',
  'Node.List',
  'Operator.RaftGetConfiguration',
  'Status.Leader',
] as const;

export type EndpointMethodName = (typeof ENDPOINT_METHODS)[number];

/** Every method name a server may be called with. */
export type RpcMethodName = keyof ServerOwnMethods | EndpointMethodName;

const KNOWN = new Set<string>(['Raft.Apply', 'Agent.HTTP', ...ENDPOINT_METHODS]);

/** Whether `name` is a method servers know (a message naming another is answered with an error). */
export function isRpcMethodName(name: string): name is RpcMethodName {
  return KNOWN.has(name);
}
