/**
 * Fixed secrets that generated ACL calls use. The operator bootstrap secret doubles as the
 * replication token of non-authoritative regions in multi-region test clusters: configured on
 * their servers before anything happens, it starts working as soon as a bootstrap with that
 * secret lands in the authoritative region (spec §12.3: "or reuse the bootstrap secret").
 */

/** `nomad acl bootstrap <file>` with this secret; also the `replication_token` of other regions. */
export const OPERATOR_BOOTSTRAP_SECRET = '3a1f9c2e-7b4d-4e6a-9c8b-2d5e0f1a6b7c';
/** A bootstrap secret that is not a UUID (Nomad answers `invalid acl token`). */
export const INVALID_BOOTSTRAP_SECRET = 'not-a-uuid';
/** A UUID-shaped secret no token has (`bogus` caller). */
export const BOGUS_SECRET = 'c0ffee00-dead-4bee-8f00-0123456789ab';
/** A UUID-shaped accessor no token has (`bogus` target). */
export const BOGUS_ACCESSOR = 'badacce5-50ff-4c0d-9e11-fedcba987654';
