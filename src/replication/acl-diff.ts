/**
 * The two-way diff of cross-region ACL replication (spec §12.2 step 3): given the local copies and
 * the authoritative region's list, which entries a non-authoritative leader must delete locally
 * and which it must fetch in full and upsert. Pure functions over list stubs.
 *
 * Rules (Nomad's `diffACLPolicies` / `diffACLTokens`):
 * - a remote entry missing locally -> update;
 * - a remote entry present locally whose `ModifyIndex` is above the remote index seen by the
 *   previous successful round (`lastRemoteIndex`) and whose `Hash` differs -> update;
 * - a local entry absent remotely -> delete.
 * For tokens the local side is only the local GLOBAL tokens: local (non-global) tokens are never
 * deleted, and the caller may pass every local token, the non-global ones are skipped here.
 *
 * Keys are expected to be unique on each side; the outputs are de-duplicated and sorted (UTF-16
 * code unit order, the same as Go's byte order for ASCII names and UUIDs) so that the Raft
 * commands built from them are deterministic.
 */

/** What the diff needs of a policy (an `AclPolicyStub` or `AclPolicy` fits). */
export interface PolicyStubLike {
  readonly Name: string;
  readonly Hash: string;
  readonly ModifyIndex: number;
}

/** What the diff needs of a token (an `AclTokenStub` or `AclToken` fits). */
export interface TokenStubLike {
  readonly AccessorID: string;
  readonly Hash: string;
  readonly ModifyIndex: number;
  readonly Global: boolean;
}

/** Keys to delete locally and keys to fetch and upsert, each sorted and unique. */
export interface AclDiff {
  readonly delete: string[];
  readonly update: string[];
}

/** A keyed entry, as compared by the diff. */
interface Keyed {
  readonly key: string;
  readonly hash: string;
  readonly modifyIndex: number;
}

/** Policies: local = every local policy, keyed by `Name`. */
export function diffAclPolicies(
  local: readonly PolicyStubLike[],
  remote: readonly PolicyStubLike[],
  lastRemoteIndex: number,
): AclDiff {
  assertIndex(lastRemoteIndex);
  return diffKeyed(local.map(policyKeyed), remote.map(policyKeyed), lastRemoteIndex);
}

/** Tokens: local = the local GLOBAL tokens only, keyed by `AccessorID`; `remote` is the global-only list. */
export function diffAclTokens(
  local: readonly TokenStubLike[],
  remote: readonly TokenStubLike[],
  lastRemoteIndex: number,
): AclDiff {
  assertIndex(lastRemoteIndex);
  const localGlobal = local.filter((token) => token.Global);
  return diffKeyed(localGlobal.map(tokenKeyed), remote.map(tokenKeyed), lastRemoteIndex);
}

/** What the diff needs of any other replicated object: its hash and modify index. */
export interface HashedStubLike {
  readonly Hash: string;
  readonly ModifyIndex: number;
}

/**
 * The same two-way diff for any other kind, keyed by `keyOf` (roles and binding rules by ID, auth
 * methods, namespaces and node pools by name); `replicated` leaves out, on both sides, objects
 * that are not replicated at all (the built-in node pools every region has).
 */
export function diffByKey<T extends HashedStubLike>(
  local: readonly T[],
  remote: readonly T[],
  lastRemoteIndex: number,
  keyOf: (item: T) => string,
  replicated: (item: T) => boolean = () => true,
): AclDiff {
  assertIndex(lastRemoteIndex);
  const keyed = (item: T): Keyed => ({
    key: keyOf(item),
    hash: item.Hash,
    modifyIndex: item.ModifyIndex,
  });
  return diffKeyed(
    local.filter(replicated).map(keyed),
    remote.filter(replicated).map(keyed),
    lastRemoteIndex,
  );
}

function policyKeyed(policy: PolicyStubLike): Keyed {
  return { key: policy.Name, hash: policy.Hash, modifyIndex: policy.ModifyIndex };
}

function tokenKeyed(token: TokenStubLike): Keyed {
  return { key: token.AccessorID, hash: token.Hash, modifyIndex: token.ModifyIndex };
}

function diffKeyed(
  local: readonly Keyed[],
  remote: readonly Keyed[],
  lastRemoteIndex: number,
): AclDiff {
  const localByKey = new Map(local.map((entry) => [entry.key, entry]));
  const remoteKeys = new Set(remote.map((entry) => entry.key));
  const toDelete = new Set<string>();
  const toUpdate = new Set<string>();
  for (const entry of local) if (!remoteKeys.has(entry.key)) toDelete.add(entry.key);
  for (const entry of remote) {
    const mine = localByKey.get(entry.key);
    if (mine === undefined || (entry.modifyIndex > lastRemoteIndex && entry.hash !== mine.hash))
      toUpdate.add(entry.key);
  }
  return { delete: [...toDelete].sort(), update: [...toUpdate].sort() };
}

function assertIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new RangeError(`lastRemoteIndex must be a non-negative integer, got ${String(index)}`);
  }
}
