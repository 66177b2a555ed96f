/**
 * The cross-region ACL replicator (spec §12.2) as a state machine without I/O: one instance per
 * kind (`'policies'`, `'tokens'`, and the other objects of object-replication-kinds.ts: roles,
 * auth methods, binding rules, namespaces, node pools), run by the leader of a non-authoritative
 * region. A kind whose list carries whole objects (node pools) upserts from the list and skips
 * the fetch. Nomad runs
 * this as a goroutine loop with a rate limiter and timers; here every step is an input, every
 * action an effect, and time is the virtual `now` passed in.
 *
 * One round: wait for the rate limiter (10/s, burst 10) -> list the authoritative region's stubs
 * (blocking query from `MinQueryIndex`) -> two-way diff against the local copies -> delete the
 * extra local entries through local Raft -> fetch the full objects to update (`MinQueryIndex` =
 * listed index - 1) -> upsert them through local Raft -> `MinQueryIndex` = listed index -> next
 * round. Any error: log it at ERROR (`error` = the error text), wait the back-off (30 s), retry
 * from the rate limiter with the previous `MinQueryIndex`.
 *
 * DRIVER CONTRACT (what the server that owns a replicator must do)
 *
 * 1. Lifecycle. Create one replicator per kind when the server's region has ACLs enabled and is
 *    not the authoritative region. Call `start(now)` when this server establishes leadership and
 *    `stop()` when it loses it (or shuts down); `start` again on a later leadership (it restarts
 *    from `MinQueryIndex` 0 with a full rate-limiter bucket, as a new Nomad goroutine does).
 *    Never call `start` on a running replicator. The authoritative region never runs one.
 * 2. Time. Pass the virtual clock to every call; it must never go backwards. Call `tick(now)` when
 *    `nextDeadline()` (Infinity when nothing is timed) is reached; calling it earlier is harmless.
 *    Re-read `nextDeadline()` after every call.
 * 3. Effects. After every call, drain `takeEffects()` and perform the effects in order:
 *    - `list`: `ACL.ListPolicies` / `ACL.ListTokens` with `GlobalOnly: true`, region = the
 *      effect's `region` (forwarded as any cross-region RPC: `No path to region` when unknown),
 *      `AllowStale: true`, `MinQueryIndex` = `minQueryIndex` (blocking query: answer when the
 *      remote `acl_policy`/`acl_token` table index exceeds it, or at the ~5 min timeout), and the
 *      server's configured `replication_token` as the auth token (empty = anonymous). Reply with
 *      `onListResult(now, requestId, result, localItems)`: `result` = ok({items: stubs, index:
 *      X-Nomad-Index}) or fail(the NomadError, e.g. `Permission denied`, `No path to region`, an
 *      RPC timeout); `localItems` = the local state at reply time: all local policies, or the
 *      local tokens (all of them or only the global ones: non-global tokens are ignored).
 *    - `fetch`: `ACL.GetPolicies` (names) / `ACL.GetTokens` (accessors) with the same region,
 *      token and `AllowStale`, `MinQueryIndex` = the effect's `minQueryIndex`. Reply with
 *      `onFetchResult(now, requestId, result)`: ok(full objects found, SecretIDs included) or
 *      fail(error).
 *    - `apply`: write `command` through the local Raft log as the leader (the state store assigns
 *      local indexes and keeps SecretID/AccessorID/CreateTime/Hash). Reply with
 *      `onApplyResult(now, requestId, result)`: ok({index}) once applied, or fail(error) when the
 *      write fails (not leader, leadership lost, timeout).
 *    - `log`: write the line to the server log / the trace kind `log` (level, message, fields).
 *    - `round`: write the trace record `acl.replicate` (region = the server's region, `what`,
 *      `upserted`, `deleted`, `remoteIndex`, `error`).
 * 4. Replies. Every request effect gets exactly one reply with its `requestId`, in any order
 *    relative to other events and possibly much later (blocking queries). Replies that are stale
 *    (after `stop()`, or for a superseded request) are ignored, so the driver need not track
 *    them; a reply through the wrong input for the outstanding request, or for a `requestId`
 *    never issued, is a driver bug and throws. Replies may be given synchronously from inside
 *    the effect loop, as long as effects are drained afterwards.
 * 5. Stop. `stop()` drops not-yet-taken request effects and makes the replicator inert: it
 *    emits nothing until the next `start`. Requests already in flight may still complete (a Raft
 *    write may commit); their replies are ignored and the next leader's diff repairs any gap.
 *    This relies on the local Raft log applying writes in proposal order (a write proposed
 *    before `stop()` never lands after one proposed after the next `start`), as Raft does.
 */
import type { NomadError, Result } from '../acl/index.js';
import type {
  ReplicationApplyReply,
  ReplicationListReply,
  ReplicatorEffect,
  ReplicatorLogLevel,
  ReplicatorRequestEffect,
} from './acl-replicator-effects.js';
import type {
  AclReplicationKind,
  AclReplicationKindSpec,
  ReplicatedObject,
  ReplicatedStub,
} from './acl-replicator-kinds.js';
import { replicationKindSpec } from './acl-replicator-kinds.js';
import { RoundRateLimiter } from './acl-replicator-rate-limit.js';

export type {
  ReplicationApplyReply,
  ReplicationListReply,
  ReplicatorApplyEffect,
  ReplicatorEffect,
  ReplicatorFetchEffect,
  ReplicatorListEffect,
  ReplicatorLogEffect,
  ReplicatorLogLevel,
  ReplicatorRequestEffect,
  ReplicatorRoundEffect,
} from './acl-replicator-effects.js';
export {
  ACL_REPLICATION_KINDS,
  type AclReplicatedTypes,
  type AclReplicationKind,
  type ReplicatedObject,
  type ReplicatedStub,
} from './acl-replicator-kinds.js';

/** Nomad's `replicationRateLimit`: rounds per second. */
export const ACL_REPLICATION_RATE_LIMIT = 10;
/** Burst of the round rate limiter (Nomad uses the rate as burst). */
export const ACL_REPLICATION_BURST = 10;
/** Nomad's default `ReplicationBackoff`: virtual ms to wait after an error. */
export const ACL_REPLICATION_BACKOFF_MS = 30_000;

/** Options of `new AclReplicator`. */
export interface AclReplicatorOptions<K extends AclReplicationKind> {
  readonly kind: K;
  /** Region the objects are pulled from (`server { authoritative_region = ... }`). */
  readonly authoritativeRegion: string;
  /** Round starts per second (default 10). */
  readonly rateLimitPerSecond?: number;
  /** Rounds that may start back to back (default 10). */
  readonly burst?: number;
  /** Virtual ms to wait after an error (default 30 000). */
  readonly backoffMs?: number;
  /** The seeded bug `replicationIndexOffByOne` (tests only). */
  readonly indexOffByOne?: boolean;
}

/** Where the replicator stands (for diagnostics and tests). */
export type AclReplicatorPhaseName =
  | 'stopped'
  | 'waitingForRateLimit'
  | 'backingOff'
  | 'listing'
  | 'deleting'
  | 'fetching'
  | 'upserting';

/** A snapshot of the replicator's progress. */
export interface AclReplicatorStatus {
  readonly phase: AclReplicatorPhaseName;
  /** Rounds started since construction (across restarts). */
  readonly round: number;
  /** The remote index the next list asks from (the last successful round's listed index). */
  readonly minQueryIndex: number;
}

/** Progress of the round in flight once its list has answered. */
interface RoundProgress {
  readonly remoteIndex: number;
  readonly deleted: number;
}

type Phase =
  | { readonly name: 'stopped' }
  | { readonly name: 'waitingForRateLimit'; readonly until: number }
  | { readonly name: 'backingOff'; readonly until: number }
  | { readonly name: 'listing'; readonly requestId: number }
  | ({
      readonly name: 'deleting';
      readonly requestId: number;
      readonly update: readonly string[];
      /** The objects to upsert, when the list carried them whole (no fetch). */
      readonly listed: readonly unknown[] | null;
    } & RoundProgress)
  | ({ readonly name: 'fetching'; readonly requestId: number } & RoundProgress)
  | ({
      readonly name: 'upserting';
      readonly requestId: number;
      readonly upserted: number;
    } & RoundProgress);

type AwaitingPhase = Extract<Phase, { readonly requestId: number }>;

/** A request effect as the round builds it, before the id, round and kind are stamped on. */
type RequestBody = ReplicatorRequestEffect extends infer E
  ? E extends ReplicatorRequestEffect
    ? Omit<E, 'kind' | 'requestId' | 'round'>
    : never
  : never;

const STOPPED: Phase = { name: 'stopped' };

export class AclReplicator<K extends AclReplicationKind> {
  readonly kind: K;
  readonly authoritativeRegion: string;
  private readonly spec: AclReplicationKindSpec<K>;
  private readonly rateLimitPerSecond: number;
  private readonly burst: number;
  private readonly backoffMs: number;
  private readonly indexOffByOne: boolean;
  private phase: Phase = STOPPED;
  private limiter: RoundRateLimiter | null = null;
  private minQueryIndex = 0;
  private round = 0;
  private lastRequestId = 0;
  private lastNow = Number.NEGATIVE_INFINITY;
  private effects: ReplicatorEffect[] = [];

  constructor(options: AclReplicatorOptions<K>) {
    this.spec = replicationKindSpec(options.kind);
    this.kind = options.kind;
    if (typeof options.authoritativeRegion !== 'string' || options.authoritativeRegion === '') {
      throw new RangeError('authoritativeRegion must be a non-empty region name');
    }
    this.authoritativeRegion = options.authoritativeRegion;
    this.rateLimitPerSecond = options.rateLimitPerSecond ?? ACL_REPLICATION_RATE_LIMIT;
    this.burst = options.burst ?? ACL_REPLICATION_BURST;
    this.backoffMs = options.backoffMs ?? ACL_REPLICATION_BACKOFF_MS;
    this.indexOffByOne = options.indexOffByOne === true;
    if (!(Number.isFinite(this.backoffMs) && this.backoffMs >= 0)) {
      throw new RangeError(
        `backoffMs must be a non-negative number, got ${String(this.backoffMs)}`,
      );
    }
    new RoundRateLimiter(this.rateLimitPerSecond, this.burst, 0); // validates rate and burst now
  }

  /** True between `start` and `stop`. */
  get running(): boolean {
    return this.phase.name !== 'stopped';
  }

  /** Where the replicator stands. */
  status(): AclReplicatorStatus {
    return { phase: this.phase.name, round: this.round, minQueryIndex: this.minQueryIndex };
  }

  /** Leadership established: log the start-up line and begin the first round (from index 0). */
  start(now: number): void {
    this.observe(now);
    if (this.running)
      throw new Error(`ACL ${this.kind} replicator already running; call stop() first`);
    this.minQueryIndex = 0;
    this.limiter = new RoundRateLimiter(this.rateLimitPerSecond, this.burst, now);
    this.log('DEBUG', this.spec.texts.starting, {
      [this.spec.texts.startingField ?? 'authoritative_region']: this.authoritativeRegion,
    });
    this.startRoundWhenAllowed(now);
  }

  /** Leadership lost or shutdown: become inert, drop untaken requests, ignore later replies. */
  stop(): void {
    if (!this.running) return;
    this.phase = STOPPED;
    this.limiter = null;
    this.effects = this.effects.filter((effect) => !isRequestEffect(effect));
  }

  /** Virtual time passed: start a round when the rate limiter or the back-off allows it. */
  tick(now: number): void {
    this.observe(now);
    const phase = this.phase;
    if (
      (phase.name === 'waitingForRateLimit' || phase.name === 'backingOff') &&
      now >= phase.until
    ) {
      this.startRoundWhenAllowed(now);
    }
  }

  /** When `tick` is next needed; Infinity while waiting for a reply or stopped. */
  nextDeadline(): number {
    const phase = this.phase;
    return phase.name === 'waitingForRateLimit' || phase.name === 'backingOff'
      ? phase.until
      : Number.POSITIVE_INFINITY;
  }

  /** Reply to a `list` effect; `localItems` = the local copies now (see the contract). */
  onListResult(
    now: number,
    requestId: number,
    result: Result<ReplicationListReply<K>>,
    localItems: readonly ReplicatedStub<K>[],
  ): void {
    this.observe(now);
    if (this.awaiting(requestId, 'list', ['listing']) === null) return;
    if (!result.ok)
      return this.fail(now, this.spec.texts.fetchFailed, result.error, {
        remoteIndex: this.minQueryIndex,
        deleted: 0,
      });
    assertListReply(result.value);
    const remoteIndex = result.value.index;
    const diff = this.spec.diff(localItems, result.value.items, this.minQueryIndex);
    const listed = this.listedUpdates(result.value.items, diff.update);
    if (diff.delete.length === 0)
      return this.fetchUpdates(now, diff.update, { remoteIndex, deleted: 0 }, listed);
    const id = this.request({
      type: 'apply',
      step: 'delete',
      command: this.spec.deleteCommand(diff.delete),
    });
    this.phase = {
      name: 'deleting',
      requestId: id,
      update: diff.update,
      listed,
      remoteIndex,
      deleted: diff.delete.length,
    };
  }

  /**
   * For a kind whose list carries whole objects (`listedObjectKey`), the listed objects to upsert,
   * in the diff's key order; null for the kinds that fetch them.
   */
  private listedUpdates(
    items: readonly ReplicatedStub<K>[],
    update: readonly string[],
  ): readonly ReplicatedObject<K>[] | null {
    const keyOf = this.spec.listedObjectKey;
    if (keyOf === undefined) return null;
    const byKey = new Map(items.map((item) => [keyOf.call(this.spec, item), item]));
    return update.flatMap((key) => {
      const item = byKey.get(key);
      // The stub of such a kind is its whole object.
      return item === undefined ? [] : [item as unknown as ReplicatedObject<K>];
    });
  }

  /** Reply to a `fetch` effect: the full objects found. */
  onFetchResult(
    now: number,
    requestId: number,
    result: Result<readonly ReplicatedObject<K>[]>,
  ): void {
    this.observe(now);
    const phase = this.awaiting(requestId, 'fetch', ['fetching']);
    if (phase === null || phase.name !== 'fetching') return;
    const progress = { remoteIndex: phase.remoteIndex, deleted: phase.deleted };
    if (!result.ok) return this.fail(now, this.spec.texts.fetchFailed, result.error, progress);
    if (!Array.isArray(result.value))
      throw new TypeError('fetch reply must be an array of objects');
    this.upsert(now, result.value, progress);
  }

  /** The round's upsert of `objects` through local Raft (or the end of the round if none). */
  private upsert(
    now: number,
    objects: readonly ReplicatedObject<K>[],
    progress: RoundProgress,
  ): void {
    if (objects.length === 0) return this.finishRound(now, progress, 0);
    const id = this.request({
      type: 'apply',
      step: 'upsert',
      command: this.spec.upsertCommand(objects),
    });
    this.phase = { name: 'upserting', requestId: id, upserted: objects.length, ...progress };
  }

  /** Reply to an `apply` effect: the local Raft write's outcome. */
  onApplyResult(now: number, requestId: number, result: Result<ReplicationApplyReply>): void {
    this.observe(now);
    const phase = this.awaiting(requestId, 'apply', ['deleting', 'upserting']);
    if (phase === null) return;
    if (phase.name === 'deleting') {
      const progress = { remoteIndex: phase.remoteIndex, deleted: phase.deleted };
      if (!result.ok)
        return this.fail(now, this.spec.texts.deleteFailed, result.error, {
          ...progress,
          deleted: 0,
        });
      return this.fetchUpdates(
        now,
        phase.update,
        progress,
        phase.listed as readonly ReplicatedObject<K>[] | null,
      );
    }
    if (phase.name !== 'upserting') return;
    const progress = { remoteIndex: phase.remoteIndex, deleted: phase.deleted };
    if (!result.ok) return this.fail(now, this.spec.texts.updateFailed, result.error, progress);
    this.finishRound(now, progress, phase.upserted);
  }

  /** Hands over the queued effects (in order) and forgets them. */
  takeEffects(): ReplicatorEffect[] {
    const out = this.effects;
    this.effects = [];
    return out;
  }

  private startRoundWhenAllowed(now: number): void {
    const limiter = this.limiter;
    if (limiter === null) throw new Error('rate limiter missing while running');
    if (!limiter.tryTake(now)) {
      this.phase = { name: 'waitingForRateLimit', until: limiter.readyAt(now) };
      return;
    }
    this.round += 1;
    const id = this.request({
      type: 'list',
      region: this.authoritativeRegion,
      minQueryIndex: this.minQueryIndex,
    });
    this.phase = { name: 'listing', requestId: id };
  }

  private fetchUpdates(
    now: number,
    update: readonly string[],
    progress: RoundProgress,
    listed: readonly ReplicatedObject<K>[] | null = null,
  ): void {
    if (update.length === 0) return this.finishRound(now, progress, 0);
    if (listed !== null) return this.upsert(now, listed, progress);
    const minQueryIndex = Math.max(0, progress.remoteIndex - 1);
    const id = this.request({
      type: 'fetch',
      region: this.authoritativeRegion,
      ids: [...update],
      minQueryIndex,
    });
    this.phase = { name: 'fetching', requestId: id, ...progress };
  }

  private finishRound(now: number, progress: RoundProgress, upserted: number): void {
    this.emitRound(progress, upserted, null);
    this.minQueryIndex = progress.remoteIndex + (this.indexOffByOne ? 1 : 0);
    this.startRoundWhenAllowed(now);
  }

  private fail(now: number, message: string, error: NomadError, progress: RoundProgress): void {
    this.log('ERROR', message, { error: error.message });
    this.emitRound(progress, 0, error.message);
    this.phase = { name: 'backingOff', until: now + this.backoffMs };
  }

  private emitRound(progress: RoundProgress, upserted: number, error: string | null): void {
    const { remoteIndex, deleted } = progress;
    this.effects.push({
      type: 'round',
      what: this.kind,
      round: this.round,
      upserted,
      deleted,
      remoteIndex,
      error,
    });
  }

  private log(level: ReplicatorLogLevel, message: string, fields: Record<string, string>): void {
    this.effects.push({ type: 'log', level, message, fields });
  }

  /**
   * Queues a request effect with a fresh id; returns the id. `body` is a literal built by the
   * caller and owned by nobody else, so it is completed in place (same fields, same order as a
   * spread copy, without the copy).
   */
  private request(body: RequestBody): number {
    this.lastRequestId += 1;
    this.effects.push(
      Object.assign(body, {
        kind: this.kind,
        requestId: this.lastRequestId,
        round: this.round,
      }) as ReplicatorRequestEffect,
    );
    return this.lastRequestId;
  }

  /**
   * The phase waiting for `requestId` if it is the outstanding request; null for a stale reply.
   * Throws for ids never issued and for a reply through the wrong input.
   */
  private awaiting(
    requestId: number,
    input: string,
    expected: readonly AwaitingPhase['name'][],
  ): AwaitingPhase | null {
    if (!Number.isSafeInteger(requestId) || requestId < 1 || requestId > this.lastRequestId) {
      throw new RangeError(`${input} reply for unknown requestId ${String(requestId)}`);
    }
    const phase = this.phase;
    if (!('requestId' in phase) || phase.requestId !== requestId) return null;
    if (!expected.includes(phase.name)) {
      throw new Error(
        `${input} reply for request ${requestId}, which is waiting in phase ${phase.name}`,
      );
    }
    return phase;
  }

  private observe(now: number): void {
    if (!Number.isFinite(now))
      throw new RangeError(`now must be a finite virtual time, got ${String(now)}`);
    if (now < this.lastNow) throw new RangeError(`time went backwards: ${now} < ${this.lastNow}`);
    this.lastNow = now;
  }
}

function isRequestEffect(effect: ReplicatorEffect): effect is ReplicatorRequestEffect {
  return effect.type === 'list' || effect.type === 'fetch' || effect.type === 'apply';
}

function assertListReply(reply: { readonly items: unknown; readonly index: number }): void {
  if (!Array.isArray(reply.items)) throw new TypeError('list reply items must be an array');
  if (!Number.isSafeInteger(reply.index) || reply.index < 0) {
    throw new RangeError(
      `list reply index must be a non-negative integer, got ${String(reply.index)}`,
    );
  }
}
