/**
 * A job can only be registered in a namespace that exists in the region that runs it (Nomad's
 * `job "<id>" is in nonexistent namespace "<ns>"`, a plain error: HTTP 500). Namespaces are
 * written in the authoritative region and reach the others by replication, so a job submitted to
 * another region right after its namespace was created can meet this refusal. Nomad 2.x reports it
 * from its job admission hooks, wrapped as a one-error multierror; Nomad 1.0 from the state
 * store, as is. Profiles without namespaces (none so far) skip the check.
 */
import { formatMultiError, plainError, profileHasKind, type NomadError } from '../acl/index.js';
import type { EndpointContext } from './context.js';

/** The refusal for a job `id` in `namespace` when this server's state has no such namespace. */
export function nonexistentNamespace(
  ctx: EndpointContext,
  id: string,
  namespace: string,
): NomadError | null {
  if (!profileHasKind(ctx.profile, 'namespaces')) return null;
  const fsm = ctx.server.fsm;
  if (fsm === null || fsm.namespaces.get(namespace) !== null) return null;
  const message = `job ${JSON.stringify(id)} is in nonexistent namespace ${JSON.stringify(namespace)}`;
  return plainError(ctx.profile.name === 'modern' ? formatMultiError([message]) : message);
}
