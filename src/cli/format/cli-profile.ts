/**
 * Version-dependent CLI behaviours that the shared profile table (src/version/profile.ts) does not
 * carry, keyed by the same `ProfileName`. Kept here, next to the output code that reads them, so
 * the shared table stays about the ACL system; each row says which Nomad change it follows.
 */
import type { ProfileName } from '../../acl/index.js';

export interface CliProfile {
  /**
   * Shape of an HTTP error as the Go API client renders it. Modern (`UnexpectedResponseError`):
   * `Unexpected response code: 404 (body)` with the body trimmed, and no parentheses at all for an
   * empty body. Tutorial era (1.0 `requireOK`): always `(<body>)`, body verbatim.
   */
  readonly trimsErrorBody: boolean;
  /**
   * `acl token create` first reads each `-policy` and warns `Error fetching info on <p> policy: ...`
   * when one is missing, then creates the token anyway (spec §10; not in 1.0).
   */
  readonly tokenCreateChecksPolicies: boolean;
  /** Columns of `nomad node status` (the `Node Pool` column came with node pools in 1.6). */
  readonly nodeStatusColumns: readonly string[];
  /** `nomad job status <id>` shows `Node Pool` after `Namespace` (1.6+). */
  readonly jobStatusShowsNodePool: boolean;
  /**
   * Which ACL commands take `-json` and `-t`: `acl bootstrap` since 1.2.0 (Nomad PR #11411),
   * `acl token create` since 1.5.0 (PR #16055); the other ACL commands (token list/info/self/
   * update, policy list/info) in every profile.
   */
  readonly formatFlags: { readonly bootstrap: boolean; readonly tokenCreate: boolean };
  /** How `-json` is written: go-codec (2.x: sorted fields, no HTML escaping) or encoding/json. */
  readonly jsonEncoder: 'go-codec' | 'encoding-json';
  /**
   * `api.ACLToken` has its own `MarshalJSON` (after 1.5.0; 2.x), which go-codec writes as it is:
   * a token's `-json` is one compact line, `ExpirationTTL` (a duration string) first, then the
   * struct's fields in declaration order, `ExpirationTime` left out when unset.
   */
  readonly apiTokenMarshaler: boolean;
  /**
   * `acl token update`: 2.x applies `-type` only when given and has no `-global` flag;
   * before 1.4 `-type` defaults to `client` and `-global` (default false) is always applied, so
   * renaming a management or global token without repeating both fails.
   */
  readonly tokenUpdate: 'given-flags-only' | 'type-and-global-always';
  /**
   * `server members` options: 2.x has `-verbose` (and `-detailed`, its deprecated alias: the
   * columns gain `Protocol` and `Tags`) plus `-json` and `-t`; before, `-detailed` alone prints
   * `Name Address Port Tags`.
   */
  readonly serverMembersFlags: 'verbose-json' | 'detailed-only';
  /**
   * `acl policy apply -job/-group/-task` (1.7+): attach the policy to a workload of the
   * `-namespace` (default `default`); `acl policy info` then shows an `Associated Workload` block.
   */
  readonly policyWorkloads: boolean;
  /**
   * `acl token create -accessor=<id> <path|->` uploads a client token with its own AccessorID and
   * the SecretID read from a file or stdin (Nomad PR #27741, in 2.0.x); the command then takes up
   * to one argument.
   */
  readonly tokenUpload: boolean;
}

const MODERN: CliProfile = {
  trimsErrorBody: true,
  tokenCreateChecksPolicies: true,
  nodeStatusColumns: ['ID', 'Node Pool', 'DC', 'Name', 'Class', 'Drain', 'Eligibility', 'Status'],
  jobStatusShowsNodePool: true,
  formatFlags: { bootstrap: true, tokenCreate: true },
  jsonEncoder: 'go-codec',
  apiTokenMarshaler: true,
  tokenUpdate: 'given-flags-only',
  serverMembersFlags: 'verbose-json',
  policyWorkloads: true,
  tokenUpload: true,
};

/** Nomad 1.0.4 and 0.9.7 (the `tutorial` profile) alike. */
const BEFORE_1_4: CliProfile = {
  trimsErrorBody: false,
  tokenCreateChecksPolicies: false,
  nodeStatusColumns: ['ID', 'DC', 'Name', 'Class', 'Drain', 'Eligibility', 'Status'],
  jobStatusShowsNodePool: false,
  formatFlags: { bootstrap: false, tokenCreate: false },
  jsonEncoder: 'encoding-json',
  apiTokenMarshaler: false,
  tokenUpdate: 'type-and-global-always',
  serverMembersFlags: 'detailed-only',
  policyWorkloads: false,
  tokenUpload: false,
};

export const CLI_PROFILES: Readonly<Record<ProfileName, CliProfile>> = Object.freeze({
  modern: Object.freeze(MODERN),
  tutorial: Object.freeze(BEFORE_1_4),
  'v1.0': Object.freeze(BEFORE_1_4),
});

export function getCliProfile(name: ProfileName): CliProfile {
  return CLI_PROFILES[name];
}
