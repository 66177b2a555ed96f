/**
 * The RPC methods servers call on each other, by name. Each method maps to its arguments and the
 * value of a successful reply. Two of them every server answers itself (`Raft.Apply`, the
 * simulator's internal write RPC that clients, test workloads and leader duties use, and
 * `Agent.HTTP`, an HTTP request a client agent passes on); the others are Nomad's endpoints,
 * which the API layer serves (src/api).
 */
import type {
  AclPolicy,
  AclPolicyInput,
  AclPolicyStub,
  AclToken,
  AclTokenInput,
  AclTokenStub,
} from '../acl/index.js';
import type { ServerCommand } from './state/state-machine.js';
import type { JobRecord } from './state/job-table.js';
import type { NodeRecord } from './state/node-table.js';
import type { OneTimeToken } from './state/one-time-token-table.js';
import type { ApiRequest, ApiResponse } from './http.js';
import type { ObjectEndpointMethods } from './object-rpc-methods.js';
import { OBJECT_ENDPOINT_METHODS } from './object-rpc-methods.js';

/** Methods the server itself answers, with their arguments and reply values. */
export interface ServerOwnMethods {
  'Raft.Apply': { args: { command: ServerCommand; holdUntil?: number }; value: { index: number } };
  'Agent.HTTP': { args: { request: ApiRequest }; value: ApiResponse };
}

/** Arguments every endpoint RPC carries (Nomad's QueryOptions / WriteRequest). */
export interface RpcArgs {
  region: string;
  /** The caller's secret ID ('' = anonymous). */
  token: string;
  namespace?: string;
  allowStale?: boolean;
  /** Blocking query: answer once the relevant index exceeds this. */
  minQueryIndex?: number;
  /** Blocking query wait in ms (default 5 min). */
  maxQueryTimeMs?: number;
  /** The virtual time until which a request may wait for a leader. */
  holdUntil?: number;
}

/** The job a `Job.Register` call carries: the fields the HTTP body gave (nil ones left out). */
export type JobSubmission = Readonly<Record<string, string | number>>;

/** One voter of `Operator.RaftGetConfiguration`. */
export interface RaftServerInfo {
  ID: string;
  Node: string;
  Address: string;
  Leader: boolean;
  Voter: boolean;
  RaftProtocol: string;
}

/**
 * Nomad's endpoints: for each, what the caller sends besides `RpcArgs`, and what a success holds
 * (roles, auth methods, binding rules, namespaces and node pools: object-rpc-methods.ts).
 */
export interface EndpointMethods extends ObjectEndpointMethods {
  'ACL.Bootstrap': {
    args: { BootstrapSecret?: string };
    value: { index: number; token: AclToken };
  };
  'ACL.UpsertPolicies': { args: { policies: readonly AclPolicyInput[] }; value: { index: number } };
  'ACL.DeletePolicies': { args: { names: readonly string[] }; value: { index: number } };
  'ACL.ListPolicies': {
    args: { prefix?: string };
    value: { index: number; policies: AclPolicyStub[] };
  };
  'ACL.GetPolicy': { args: { name: string }; value: { index: number; policy: AclPolicy | null } };
  'ACL.GetPolicies': {
    args: { names: readonly string[] };
    value: { index: number; policies: AclPolicy[] };
  };
  'ACL.UpsertTokens': {
    args: { tokens: readonly AclTokenInput[] };
    value: { index: number; tokens: AclToken[] };
  };
  'ACL.DeleteTokens': { args: { accessorIds: readonly string[] }; value: { index: number } };
  'ACL.ListTokens': {
    args: { prefix?: string; globalOnly?: boolean };
    value: { index: number; tokens: AclTokenStub[] };
  };
  'ACL.GetToken': { args: { accessorId: string }; value: { index: number; token: AclToken } };
  'ACL.GetTokens': {
    args: { accessorIds: readonly string[] };
    value: { index: number; tokens: AclToken[] };
  };
  'ACL.TokenSelf': { args: Record<never, never>; value: { index: number; token: AclToken } };
  'ACL.UpsertOneTimeToken': {
    args: Record<never, never>;
    value: { index: number; oneTimeToken: OneTimeToken };
  };
  'ACL.ExchangeOneTimeToken': {
    args: { oneTimeSecretId: string };
    value: { index: number; token: AclToken };
  };
  'ACL.ResolveToken': {
    args: { secret: string };
    value: { index: number; token: AclToken | null };
  };
  'Job.List': { args: Record<never, never>; value: { index: number; jobs: JobRecord[] } };
  'Job.Register': {
    args: { job: JobSubmission | null };
    value: { index: number; evalId: string; jobModifyIndex: number };
  };
  'Job.Deregister': {
    args: { id: string; purge?: boolean };
    value: { index: number; evalId: string };
  };
  'Job.GetJob': { args: { id: string }; value: { index: number; job: JobRecord | null } };
  'Node.List': { args: Record<never, never>; value: { index: number; nodes: NodeRecord[] } };
  'Operator.RaftGetConfiguration': {
    args: Record<never, never>;
    value: { index: number; servers: RaftServerInfo[] };
  };
  'Status.Leader': { args: Record<never, never>; value: { leader: string } };
}

/** The full arguments of endpoint `M` as they travel. */
export type EndpointArgs<M extends EndpointMethodName> = RpcArgs & EndpointMethods[M]['args'];

/** What a successful call of endpoint `M` answers. */
export type EndpointValue<M extends EndpointMethodName> = EndpointMethods[M]['value'];

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
  'ACL.UpsertOneTimeToken',
  'ACL.ExchangeOneTimeToken',
  'Job.List',
  'Job.Register',
  'Job.Deregister',
  'Job.GetJob',
  'Node.List',
  'Operator.RaftGetConfiguration',
  'Status.Leader',
  ...OBJECT_ENDPOINT_METHODS,
] as const;

export type EndpointMethodName = (typeof ENDPOINT_METHODS)[number];

// Every listed name has its types above, and every typed method is listed.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const LISTED_AND_TYPED: Same<EndpointMethodName, keyof EndpointMethods> = true;
void LISTED_AND_TYPED;

/** Every method name a server may be called with. */
export type RpcMethodName = keyof ServerOwnMethods | EndpointMethodName;

const KNOWN = new Set<string>(['Raft.Apply', 'Agent.HTTP', ...ENDPOINT_METHODS]);

/** Whether `name` is a method servers know (a message naming another is answered with an error). */
export function isRpcMethodName(name: string): name is RpcMethodName {
  return KNOWN.has(name);
}
