/**
 * The ACL part of a server's replicated state machine: the `acl_policy` and `acl_token` tables
 * and the rows of the `index` table that ACL writes touch (`acl_policy`, `acl_token`,
 * `acl_token_bootstrap`). It mirrors Nomad's state-store functions (spec §3.2 step 7, §4.4 step 7,
 * §5.2, §5.3, §11):
 *
 * - every write takes the Raft index it is applied at and stamps objects and table rows with it;
 * - upserts keep CreateIndex (tokens also SecretID and CreateTime) of an existing object;
 * - deletes of missing names are no-ops that still bump the table index;
 * - bootstrap re-checks the `acl_token_bootstrap` row and moves it to the new index.
 *
 * Replicated copies are written through the local log, so they get local indexes. The whole
 * state can be captured with `snapshot()` as plain msgpackr-friendly data and rebuilt with
 * `restore()`. Expected refusals are returned as values; a programmer error (a write without a
 * hash, an index of 0) throws.
 */
import type { ReplicatedStateMachine } from '../../raft/state-machine.js';
import type { AclPolicy, AclPolicyStub } from '../policy/stored-policy.js';
import { PolicyTable } from './policy-table.js';
import type { Result } from '../errors.js';
import { fail, ok, plainError } from '../errors.js';
import type { TokenListOrder } from '../../version/profile.js';
import type { AclCommand, AclApplyResult } from './commands.js';
import { applyAclCommand } from './commands.js';
import type { AclToken, AclTokenStub } from '../token/token.js';
import { freezeToken, tokenStub } from '../token/token.js';
import type { SeededBugs } from '../../sim/seeded-bugs.js';
import { AclObjectTables } from './acl-object-tables.js';
import type { AclObjectCommand } from './acl-object-commands.js';
import { applyAclObjectCommand } from './acl-object-commands.js';
import type { AclRole } from '../role/role.js';
import { withRoleLinksFixed } from './token-role-links.js';

/** Names of the `index` table rows the ACL tables maintain. */
export type AclIndexName = 'acl_policy' | 'acl_token' | 'acl_token_bootstrap';

export const ACL_INDEX_NAMES: readonly AclIndexName[] = [
  'acl_policy',
  'acl_token',
  'acl_token_bootstrap',
];

/** Answer of `canBootstrap()` (Nomad's `CanBootstrapACLToken`). */
export interface BootstrapCheck {
  /** True when no bootstrap has been applied yet. */
  readonly allowed: boolean;
  /** The `acl_token_bootstrap` row (raft index of the last bootstrap), 0 when absent. */
  readonly resetIndex: number;
}

/** Options of `listTokens`. */
export interface TokenListOptions {
  readonly prefix?: string | undefined;
  readonly globalOnly?: boolean | undefined;
  readonly order: TokenListOrder;
}

/** Plain-data image of the tables (msgpackr/JSON-friendly). */
export interface AclTablesImage {
  readonly format: 'acl-tables/1';
  readonly lastIndex: number;
  /** Sorted by name. */
  readonly policies: readonly AclPolicy[];
  /** Sorted by AccessorID. */
  readonly tokens: readonly AclToken[];
  /** Present rows only, in `ACL_INDEX_NAMES` order. */
  readonly indexes: readonly (readonly [AclIndexName, number])[];
  /** Roles, auth methods and binding rules; absent while none was ever written. */
  readonly objects?: unknown;
}

/** FSM-level bootstrap refusals: plain errors (HTTP 500), reachable only in races (spec §3.2). */
export const FSM_BOOTSTRAP_ALREADY_DONE = 'ACL bootstrap already done';
export const FSM_INVALID_RESET_INDEX = 'Invalid reset index for ACL bootstrap';

export class AclTables implements ReplicatedStateMachine<AclCommand, AclApplyResult> {
  private readonly policies = new PolicyTable();
  private tokensByAccessor = new Map<string, AclToken>();
  private tokensBySecret = new Map<string, AclToken>();
  /**
   * Every AccessorID, kept in `compareText` order as tokens come and go, so that listing in
   * accessor order (replication does it every round) needs no sort.
   */
  private accessorOrder: string[] = [];
  /** The same for global tokens only (replication lists them every round). */
  private globalOrder: string[] = [];
  private indexes = new Map<AclIndexName, number>();
  private lastIndex = 0;
  /** Roles, auth methods and binding rules (Nomad 1.4+/1.5+). */
  readonly objects = new AclObjectTables();

  constructor(
    /** Seeded bugs (tests only); the tables read `bootstrapTwice`. */
    private readonly bugs: SeededBugs = {},
  ) {}

  // ---- ReplicatedStateMachine ----

  /** Applies a committed ACL command at `index` (same as `applyAclCommand(this, index, cmd)`). */
  apply(index: number, command: AclCommand): AclApplyResult {
    return applyAclCommand(this, index, command);
  }

  /** Raft index of the last write applied to these tables (0 when none). */
  lastAppliedIndex(): number {
    return this.lastIndex;
  }

  // ---- writes ----

  /**
   * Nomad's `BootstrapACLTokens`: refuses when a bootstrap row exists and `resetIndex` is 0
   * (`ACL bootstrap already done`) or differs from it (`Invalid reset index for ACL bootstrap`);
   * otherwise stores the token with CreateIndex = ModifyIndex = `index` and sets the rows
   * `acl_token` and `acl_token_bootstrap` to `index`. Older tokens are kept.
   */
  bootstrap(index: number, resetIndex: number, token: AclToken): Result<AclToken> {
    this.beginWrite(index);
    const row = this.indexes.get('acl_token_bootstrap');
    if (row !== undefined && this.bugs.bootstrapTwice !== true) {
      if (resetIndex === 0) return fail(plainError(FSM_BOOTSTRAP_ALREADY_DONE));
      if (resetIndex !== row) return fail(plainError(FSM_INVALID_RESET_INDEX));
    }
    const stored = this.storeToken({ ...token, CreateIndex: index, ModifyIndex: index });
    this.setIndex('acl_token', index);
    this.setIndex('acl_token_bootstrap', index);
    return ok(stored);
  }

  /** Nomad's `UpsertACLPolicies`: keeps CreateIndex of existing policies, ModifyIndex = `index`. */
  upsertPolicies(index: number, policies: readonly AclPolicy[]): void {
    this.beginWrite(index);
    for (const policy of policies) {
      if (policy.Hash === '') throw new Error(`ACL policy "${policy.Name}" missing hash`);
      const existing = this.policies.get(policy.Name);
      const createIndex = existing?.CreateIndex ?? index;
      this.policies.set({ ...policy, CreateIndex: createIndex, ModifyIndex: index });
    }
    this.setIndex('acl_policy', index);
  }

  /** Nomad's `DeleteACLPolicies`: missing names are skipped; the table index moves anyway. */
  deletePolicies(index: number, names: readonly string[]): void {
    this.beginWrite(index);
    for (const name of names) this.policies.delete(name);
    this.setIndex('acl_policy', index);
  }

  /**
   * Nomad's `UpsertACLTokens`: an existing token (same AccessorID) keeps its CreateIndex, SecretID
   * and CreateTime; ModifyIndex = `index`; new tokens get CreateIndex = ModifyIndex = `index`.
   */
  upsertTokens(index: number, tokens: readonly AclToken[]): void {
    this.beginWrite(index);
    for (const token of tokens) {
      if (token.Hash === '') throw new Error(`ACL token "${token.AccessorID}" missing hash`);
      const existing = this.tokensByAccessor.get(token.AccessorID);
      const kept =
        existing === undefined
          ? { CreateIndex: index }
          : {
              CreateIndex: existing.CreateIndex,
              SecretID: existing.SecretID,
              CreateTime: existing.CreateTime,
            };
      this.storeToken({ ...token, ...kept, ModifyIndex: index });
    }
    this.setIndex('acl_token', index);
  }

  /** Nomad's `DeleteACLTokens`: missing accessors are skipped; the table index moves anyway. */
  deleteTokens(index: number, accessorIds: readonly string[]): void {
    this.beginWrite(index);
    for (const id of accessorIds) {
      const existing = this.tokensByAccessor.get(id);
      if (existing === undefined) continue;
      this.tokensByAccessor.delete(id);
      this.tokensBySecret.delete(existing.SecretID);
      this.accessorOrder.splice(position(this.accessorOrder, id), 1);
      if (existing.Global) this.globalOrder.splice(position(this.globalOrder, id), 1);
    }
    this.setIndex('acl_token', index);
  }

  /** Applies a role, auth method or binding rule command (see acl-object-commands.ts). */
  applyObjectCommand(index: number, command: AclObjectCommand): AclApplyResult {
    this.beginWrite(index);
    return applyAclObjectCommand(
      this.objects,
      index,
      command,
      (name) => this.policies.get(name) !== undefined,
    );
  }

  // ---- reads ----

  /** Nomad's `CanBootstrapACLToken`. */
  canBootstrap(): BootstrapCheck {
    const row = this.indexes.get('acl_token_bootstrap');
    return row === undefined
      ? { allowed: true, resetIndex: 0 }
      : { allowed: false, resetIndex: row };
  }

  /** The raw `index` table row; 0 when absent. */
  tableIndex(name: AclIndexName): number {
    return this.indexes.get(name) ?? 0;
  }

  /** The row as list endpoints report it in `X-Nomad-Index`: never below 1. */
  queryIndex(name: AclIndexName): number {
    return Math.max(1, this.tableIndex(name));
  }

  /** A policy by exact name, or null. */
  policyByName(name: string): AclPolicy | null {
    return this.policies.get(name) ?? null;
  }

  /** Full policies whose name starts with `prefix`, ordered by name. */
  listPolicies(prefix = ''): AclPolicy[] {
    return this.policies.list(prefix);
  }

  /** Stubs of `listPolicies(prefix)`. */
  listPolicyStubs(prefix = ''): AclPolicyStub[] {
    return this.policies.listStubs(prefix);
  }

  /**
   * A token by AccessorID, or null. Like every token read, its role links are as Nomad's state
   * store returns them: with the roles' current names, links to deleted roles left out.
   */
  tokenByAccessor(accessorId: string): AclToken | null {
    return this.readToken(this.tokensByAccessor.get(accessorId));
  }

  /** A token by SecretID, or null. */
  tokenBySecret(secretId: string): AclToken | null {
    return this.readToken(this.tokensBySecret.get(secretId));
  }

  /** A role by ID, or null (roles live in `objects`). */
  roleById(id: string): AclRole | null {
    return this.objects.roleById(id);
  }

  /** A role by name, or null. */
  roleByName(name: string): AclRole | null {
    return this.objects.roleByName(name);
  }

  /**
   * Full tokens filtered by AccessorID prefix (and to global ones with `globalOnly`), ordered by
   * CreateIndex then AccessorID (`create-index`) or by AccessorID (`accessor-id`).
   */
  listTokens(options: TokenListOptions): AclToken[] {
    const prefix = options.prefix ?? '';
    const chosen: AclToken[] = [];
    for (const accessor of options.globalOnly === true ? this.globalOrder : this.accessorOrder) {
      if (prefix === '' || accessor.startsWith(prefix))
        chosen.push(this.readToken(this.tokensByAccessor.get(accessor)) as AclToken);
    }
    if (options.order !== 'create-index') return chosen;
    return chosen.sort(
      (a, b) => a.CreateIndex - b.CreateIndex || compareText(a.AccessorID, b.AccessorID),
    );
  }

  /** Stubs of `listTokens(options)` (no SecretID). */
  listTokenStubs(options: TokenListOptions): AclTokenStub[] {
    return this.listTokens(options).map(stubOf);
  }

  // ---- snapshot ----

  /** A plain-data image of the tables, deterministic for equal states. */
  snapshot(): AclTablesImage {
    return {
      format: 'acl-tables/1',
      lastIndex: this.lastIndex,
      policies: this.listPolicies().map((p) => ({ ...p })),
      tokens: this.accessorOrder
        .map((id) => this.tokensByAccessor.get(id) as AclToken)
        .map((t) => ({
          ...t,
          Policies: [...t.Policies],
          Roles: t.Roles.map((r) => ({ ...r })),
        })),
      indexes: ACL_INDEX_NAMES.flatMap((name) => {
        const value = this.indexes.get(name);
        return value === undefined ? [] : [[name, value] as const];
      }),
      ...objectsImage(this.objects),
    };
  }

  /** Replaces the whole state with `image` (from `snapshot()`, possibly after a msgpackr round trip). */
  restore(image: unknown): void {
    const checked = checkImage(image);
    this.policies.clear();
    for (const policy of checked.policies) this.policies.set(policy);
    this.tokensByAccessor = new Map();
    this.tokensBySecret = new Map();
    this.accessorOrder = [];
    this.globalOrder = [];
    for (const token of checked.tokens) this.storeToken(token);
    this.indexes = new Map(checked.indexes.map(([name, value]) => [name, value]));
    this.lastIndex = checked.lastIndex;
    this.objects.restore(checked.objects);
  }

  // ---- internals ----

  /** A stored token as reads return it (role links fixed), or null. */
  private readToken(token: AclToken | undefined): AclToken | null {
    if (token === undefined) return null;
    return token.Roles.length === 0 ? token : withRoleLinksFixed(token, this.objects);
  }

  private beginWrite(index: number): void {
    if (!Number.isInteger(index) || index <= 0)
      throw new Error(`ACL write at invalid raft index ${index}`);
    this.lastIndex = Math.max(this.lastIndex, index);
  }

  private setIndex(name: AclIndexName, index: number): void {
    this.indexes.set(name, index);
  }

  private storeToken(token: AclToken): AclToken {
    const stored = freezeToken(token);
    const previous = this.tokensByAccessor.get(stored.AccessorID);
    if (previous !== undefined) this.tokensBySecret.delete(previous.SecretID);
    else insert(this.accessorOrder, stored.AccessorID);
    if (stored.Global && previous?.Global !== true) insert(this.globalOrder, stored.AccessorID);
    if (!stored.Global && previous?.Global === true)
      this.globalOrder.splice(position(this.globalOrder, stored.AccessorID), 1);
    this.tokensByAccessor.set(stored.AccessorID, stored);
    this.tokensBySecret.set(stored.SecretID, stored);
    return stored;
  }
}

/** The `objects` field of a snapshot image: left out while no role, method or rule was written. */
function objectsImage(objects: AclObjectTables): { objects?: unknown } {
  const image = objects.snapshot();
  return image === null ? {} : { objects: image };
}

/** The stub of each stored (frozen, never changed) token, made once: replication lists them every round. */
const stubs = new WeakMap<AclToken, AclTokenStub>();

function stubOf(token: AclToken): AclTokenStub {
  let stub = stubs.get(token);
  if (stub === undefined) {
    stub = Object.freeze(tokenStub(token));
    stubs.set(token, stub);
  }
  return stub;
}

/** Where `key` is, or would go, in the sorted `keys` (binary search in `compareText` order). */
function position(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareText(keys[mid] as string, key) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Inserts `key` into the sorted `keys` (appending is the common case: restores come in order). */
function insert(keys: string[], key: string): void {
  const last = keys[keys.length - 1];
  if (last === undefined || compareText(last, key) < 0) keys.push(key);
  else keys.splice(position(keys, key), 0, key);
}

/** Byte-wise (code unit) string order, as Nomad's radix-tree iteration for ASCII keys. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Validates the outer shape of a snapshot image; a wrong image is a programmer error. */
function checkImage(image: unknown): AclTablesImage {
  const candidate = image as Partial<AclTablesImage> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    candidate.format !== 'acl-tables/1' ||
    typeof candidate.lastIndex !== 'number' ||
    !Array.isArray(candidate.policies) ||
    !Array.isArray(candidate.tokens) ||
    !Array.isArray(candidate.indexes)
  ) {
    throw new Error('not an ACL tables snapshot image (format acl-tables/1)');
  }
  return candidate as AclTablesImage;
}
