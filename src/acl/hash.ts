/**
 * Content hashes of tokens and policies (spec §4.3). Nomad uses BLAKE2b-256 over the hashed
 * fields concatenated with no separators; the hashes are only ever compared for equality (the
 * replication diff), so the simulator uses SHA-256 over the same byte sequence. The digest is
 * kept as a base64 string: that is how Nomad's JSON shows `Hash`, and it is plain data for
 * msgpackr snapshots.
 *
 * Hashing is deterministic; nothing here draws randomness. SHA-256 is the plain TypeScript one of
 * src/sim/sha256.ts (the same digest as `node:crypto`), so the simulation also runs in a browser.
 */
import { sha256Base64 } from '../sim/sha256.js';

/** The fields of a token that its hash covers. Expiry and ids are not hashed. */
export interface TokenHashFields {
  readonly Name: string;
  readonly Type: string;
  readonly Policies: readonly string[];
  readonly Global: boolean;
  readonly Roles: readonly { readonly ID: string }[];
}

/** The fields of a policy that its hash covers. */
export interface PolicyHashFields {
  readonly Name: string;
  readonly Description: string;
  readonly Rules: string;
  readonly JobACL?: {
    readonly Namespace: string;
    readonly JobID: string;
    readonly Group: string;
    readonly Task: string;
  };
}

/** Base64 SHA-256 of the UTF-8 concatenation of `parts`, no separators (as Nomad's SetHash). */
function digest(parts: readonly string[]): string {
  return sha256Base64(parts);
}

/**
 * The hash of any other replicated object (roles, auth methods, binding rules, namespaces, node
 * pools): the same digest over the fields its `SetHash` covers, in that order.
 */
export function contentHash(parts: readonly string[]): string {
  return digest(parts);
}

/** Token hash: Name, Type, each policy, `global`/`local`, each role-link ID. */
export function tokenHash(token: TokenHashFields): string {
  return digest([
    token.Name,
    token.Type,
    ...token.Policies,
    token.Global ? 'global' : 'local',
    ...token.Roles.map((r) => r.ID),
  ]);
}

/** Policy hash: Name, Description, Rules, then the attached workload's fields when there is one. */
export function policyHash(policy: PolicyHashFields): string {
  const job = policy.JobACL;
  return digest([
    policy.Name,
    policy.Description,
    policy.Rules,
    ...(job == null ? [] : [job.Namespace, job.JobID, job.Group, job.Task]),
  ]);
}
