/**
 * Every endpoint of the replicated objects besides policies and tokens, in one table for the API
 * layer: ACL roles, auth methods, binding rules, namespaces and node pools.
 */
import type { ObjectEndpointMethodName } from '../server/object-rpc-methods.js';
import type { EndpointTable } from './context.js';
import { AUTH_METHOD_ENDPOINTS } from './auth-method-endpoints.js';
import { BINDING_RULE_ENDPOINTS } from './binding-rule-endpoints.js';
import { NAMESPACE_ENDPOINTS } from './namespace-endpoints.js';
import { NODE_POOL_ENDPOINTS } from './node-pool-endpoints.js';
import { ROLE_ENDPOINTS } from './role-endpoints.js';

export const OBJECT_ENDPOINTS: EndpointTable<ObjectEndpointMethodName> = {
  ...ROLE_ENDPOINTS,
  ...AUTH_METHOD_ENDPOINTS,
  ...BINDING_RULE_ENDPOINTS,
  ...NAMESPACE_ENDPOINTS,
  ...NODE_POOL_ENDPOINTS,
};
