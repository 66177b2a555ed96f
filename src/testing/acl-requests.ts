/**
 * The HTTP request an ACL call makes (spec §9), given what the run has learned about token
 * handles: the caller's secret goes in `X-Nomad-Token` (none for anonymous), targets become
 * accessors in the path. No `?region=`: every call runs in the region of the server it reaches,
 * as the CLI does by default.
 */
import type { ApiRequest } from '../server/http.js';
import type { AclCall, CallerRef, TokenRef } from './acl-operations.js';
import type { TokenBinding } from './acl-expectation.js';
import {
  BOGUS_ACCESSOR,
  BOGUS_SECRET,
  INVALID_BOOTSTRAP_SECRET,
  OPERATOR_BOOTSTRAP_SECRET,
} from './acl-secrets.js';

/** The secret for `caller` (undefined: anonymous). An unknown handle is an error in the test. */
export function secretFor(
  caller: CallerRef,
  bindings: ReadonlyMap<string, TokenBinding>,
): string | undefined {
  if (caller === 'anonymous') return undefined;
  if (caller === 'bogus') return BOGUS_SECRET;
  const binding = bindings.get(caller);
  if (binding === undefined)
    throw new RangeError(`no token ${caller} has been created in this run`);
  return binding.secret;
}

export function accessorFor(target: TokenRef, bindings: ReadonlyMap<string, TokenBinding>): string {
  if (target === 'bogus') return BOGUS_ACCESSOR;
  const binding = bindings.get(target);
  if (binding === undefined)
    throw new RangeError(`no token ${target} has been created in this run`);
  return binding.accessor;
}

function withToken(request: ApiRequest, secret: string | undefined): ApiRequest {
  return secret === undefined ? request : { ...request, token: secret };
}

export function aclRequest(call: AclCall, bindings: ReadonlyMap<string, TokenBinding>): ApiRequest {
  if (call.op === 'bootstrap') {
    if (call.secret === 'generated') return { method: 'PUT', path: '/v1/acl/bootstrap' };
    return {
      method: 'PUT',
      path: '/v1/acl/bootstrap',
      body: {
        BootstrapSecret:
          call.secret === 'operator' ? OPERATOR_BOOTSTRAP_SECRET : INVALID_BOOTSTRAP_SECRET,
      },
    };
  }
  const secret = secretFor(call.as, bindings);
  switch (call.op) {
    case 'policy.write':
      return withToken(
        {
          method: 'PUT',
          path: `/v1/acl/policy/${call.name}`,
          body: { Name: call.name, Description: call.description, Rules: call.rules },
        },
        secret,
      );
    case 'policy.delete':
      return withToken({ method: 'DELETE', path: `/v1/acl/policy/${call.name}` }, secret);
    case 'policy.read':
      return withToken({ method: 'GET', path: `/v1/acl/policy/${call.name}` }, secret);
    case 'policy.list':
      return withToken({ method: 'GET', path: '/v1/acl/policies' }, secret);
    case 'token.create':
      return withToken(
        {
          method: 'PUT',
          path: '/v1/acl/token',
          body: {
            Name: call.name,
            Type: call.type,
            Policies: [...call.policies],
            Global: call.global,
          },
        },
        secret,
      );
    case 'token.delete':
      return withToken(
        { method: 'DELETE', path: `/v1/acl/token/${accessorFor(call.target, bindings)}` },
        secret,
      );
    case 'token.read':
      return withToken(
        { method: 'GET', path: `/v1/acl/token/${accessorFor(call.target, bindings)}` },
        secret,
      );
    case 'token.list':
      return withToken({ method: 'GET', path: '/v1/acl/tokens' }, secret);
    case 'token.self':
      return withToken({ method: 'GET', path: '/v1/acl/token/self' }, secret);
    case 'jobs.list':
      return withToken({ method: 'GET', path: '/v1/jobs' }, secret);
  }
}
