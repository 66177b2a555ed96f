/**
 * Content hashes of tokens and policies (spec §4.3). Nomad uses BLAKE2b-256 over the hashed
 * fields concatenated with no separators; the hashes are only ever compared for equality (the
 * replication diff), so the simulator uses SHA-256 over the same byte sequence. The digest is
 * kept as a base64 string: that is how Nomad's JSON shows `Hash`, and it is plain data for
 * msgpackr snapshots.
 *
 * Hashing is deterministic; nothing here draws randomness.
 */
import { createHash } from 'node:crypto';

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
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part, 'utf8');
  return hash.digest('base64');
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
