/**
 * Convergence of the ACL replicator under faults: an in-test fake driver executes its effects
 * against an in-memory authoritative region (with blocking list queries) and an in-memory local
 * Raft log (FIFO applies), while fast-check draws the remote history, the fault rate (errors on
 * list, fetch and apply calls, applies that fail before or after committing) and leadership
 * flaps (stop/start). Once faults stop and enough virtual time passes, the local copies must
 * equal the authoritative set, and local non-global tokens must be untouched.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AclPolicy, AclToken, Result } from '../src/acl/index.js';
import { fail, nomadError, ok } from '../src/acl/index.js';
import type { ReplicationCommand } from '../src/replication/acl-replicator-kinds.js';
import { AclReplicator } from '../src/replication/acl-replicator.js';
import type {
  AclReplicationKind,
  ReplicatorEffect,
  ReplicatorFetchEffect,
  ReplicatorListEffect,
} from '../src/replication/acl-replicator.js';
import { Rng } from '../src/sim/random.js';

type Stored = AclPolicy | AclToken;

const ERROR_TEXTS = [
  'Permission denied',
  'No path to region',
  'No cluster leader',
  'rpc error: timeout waiting for response',
];
const BLOCKING_QUERY_TIMEOUT = 300_000;
const HISTORY_END = 120_000;
const FAULTS_END = 150_000;
const RUN_END = FAULTS_END + 60_000;

function keyOf(item: Stored): string {
  return 'AccessorID' in item ? item.AccessorID : item.Name;
}

function makeObject(
  kind: AclReplicationKind,
  key: string,
  hash: string,
  modifyIndex: number,
  global = true,
): Stored {
  if (kind === 'policies')
    return {
      Name: key,
      Description: `d-${key}`,
      Rules: `r-${hash}`,
      Hash: hash,
      CreateIndex: modifyIndex,
      ModifyIndex: modifyIndex,
    };
  return {
    AccessorID: key,
    SecretID: `secret-${key}`,
    Name: `n-${key}`,
    Type: 'client',
    Policies: ['p'],
    Roles: [],
    Global: global,
    Hash: hash,
    CreateTime: 77,
    ExpirationTime: null,
    ExpirationTTL: 0,
    CreateIndex: modifyIndex,
    ModifyIndex: modifyIndex,
  };
}

interface Scenario {
  kind: AclReplicationKind;
  seed: number;
  initialRemote: Array<{ key: string; hash: string }>;
  initialLocal: Array<{ key: string; hash: string }>;
  localOnly: string[];
  history: Array<{ at: number; key: string; hash: string | null }>;
  flaps: Array<{ at: number; downFor: number }>;
  faultRate: number;
}

/** The fake world: authoritative region + local region + the driver loop around the replicator. */
class FakeFederation {
  now = 0;
  private seq = 0;
  private events: Array<{ at: number; seq: number; run: () => void }> = [];
  readonly remote = new Map<string, Stored>();
  private remoteIndex = 0;
  readonly local = new Map<string, Stored>();
  /** The local (non-global) tokens as they were at the start, to check they are never replaced. */
  readonly localOnlyAtStart = new Map<string, Stored>();
  private localIndex = 1000;
  private localLogTail = 0;
  private parked: ReplicatorListEffect[] = [];
  readonly violations: string[] = [];
  readonly errorLines: Array<{ message: string; error: string | undefined }> = [];
  readonly replicator: AclReplicator<AclReplicationKind>;
  private readonly rng: Rng;

  constructor(private readonly s: Scenario) {
    this.rng = new Rng(s.seed);
    this.replicator = new AclReplicator({ kind: s.kind, authoritativeRegion: 'global' });
    for (const { key, hash } of s.initialRemote)
      this.remote.set(key, makeObject(s.kind, key, hash, ++this.remoteIndex));
    this.remoteIndex = Math.max(1, this.remoteIndex);
    for (const { key, hash } of s.initialLocal)
      this.local.set(key, makeObject(s.kind, key, hash, ++this.localIndex));
    for (const key of s.localOnly)
      this.local.set(key, makeObject(s.kind, key, 'local', ++this.localIndex, false));
    for (const key of s.localOnly) this.localOnlyAtStart.set(key, this.local.get(key) as Stored);
    for (const op of s.history) this.at(op.at, () => this.remoteWrite(op.key, op.hash));
    for (const flap of s.flaps) {
      this.at(flap.at, () => this.replicator.running && this.call(() => this.replicator.stop()));
      this.at(
        flap.at + flap.downFor,
        () => !this.replicator.running && this.call(() => this.replicator.start(this.now)),
      );
    }
  }

  run(): void {
    this.call(() => this.replicator.start(0));
    for (let steps = 0; steps < 200_000; steps++) {
      const deadline = this.replicator.nextDeadline();
      const next = this.events.reduce<(typeof this.events)[number] | null>(
        (best, e) =>
          best === null || e.at < best.at || (e.at === best.at && e.seq < best.seq) ? e : best,
        null,
      );
      const t = Math.min(deadline, next?.at ?? Number.POSITIVE_INFINITY);
      if (t > RUN_END) return;
      this.now = t;
      if (next !== null && next.at === t) {
        this.events.splice(this.events.indexOf(next), 1);
        next.run();
      } else {
        this.call(() => this.replicator.tick(t));
      }
    }
    throw new Error('simulation did not settle');
  }

  private at(time: number, run: () => void): void {
    this.events.push({ at: time, seq: this.seq++, run });
  }

  private latency(): number {
    return this.rng.int(1, 200);
  }

  private faulty(): boolean {
    return this.now < FAULTS_END && this.rng.chance(this.s.faultRate);
  }

  private failure<T>(): Result<T> {
    return fail(nomadError(500, this.rng.pick(ERROR_TEXTS)));
  }

  /** Calls into the replicator, then performs what it asked for. */
  private call(fn: () => void): void {
    const wasRunning = this.replicator.running;
    fn();
    const effects = this.replicator.takeEffects();
    if (!wasRunning && !this.replicator.running && effects.length > 0)
      this.violations.push(`effects while stopped at ${this.now}`);
    const requests = effects.filter(
      (e) => e.type === 'list' || e.type === 'fetch' || e.type === 'apply',
    );
    if (requests.length > 1)
      this.violations.push(`${requests.length} requests at once at ${this.now}`);
    for (const effect of effects) this.perform(effect);
  }

  private perform(effect: ReplicatorEffect): void {
    switch (effect.type) {
      case 'list':
        return this.list(effect);
      case 'fetch':
        return this.fetch(effect);
      case 'apply':
        return this.apply(effect.requestId, effect.command);
      case 'log':
        if (effect.level === 'ERROR')
          this.errorLines.push({ message: effect.message, error: effect.fields['error'] });
        return;
      case 'round':
        return;
    }
  }

  private localStubs(): Stored[] {
    return [...this.local.values()];
  }

  private list(effect: ReplicatorListEffect): void {
    if (this.faulty()) {
      const result = this.failure<{ items: Stored[]; index: number }>();
      this.at(this.now + this.latency(), () =>
        this.call(() =>
          this.replicator.onListResult(this.now, effect.requestId, result, this.localStubs()),
        ),
      );
      return;
    }
    if (this.remoteIndex > effect.minQueryIndex) return this.answerList(effect);
    this.parked.push(effect);
    this.at(this.now + BLOCKING_QUERY_TIMEOUT, () => {
      if (this.parked.includes(effect)) {
        this.parked = this.parked.filter((p) => p !== effect);
        this.answerList(effect);
      }
    });
  }

  private answerList(effect: ReplicatorListEffect): void {
    const result = ok({ items: [...this.remote.values()], index: this.remoteIndex });
    this.at(this.now + this.latency(), () =>
      this.call(() =>
        this.replicator.onListResult(this.now, effect.requestId, result, this.localStubs()),
      ),
    );
  }

  private fetch(effect: ReplicatorFetchEffect): void {
    const found = effect.ids.flatMap((id) => {
      const item = this.remote.get(id);
      return item === undefined ? [] : [item];
    });
    const result: Result<Stored[]> = this.faulty() ? this.failure() : ok(found);
    this.at(this.now + this.latency(), () =>
      this.call(() => this.replicator.onFetchResult(this.now, effect.requestId, result)),
    );
  }

  /** Local Raft: applies land in proposal order; a fault loses the write or reports an error after committing it. */
  private apply(requestId: number, command: ReplicationCommand): void {
    const fault = this.faulty() ? this.rng.pick(['lost', 'committed-then-error'] as const) : null;
    const landsAt = Math.max(this.now + this.latency(), this.localLogTail);
    this.localLogTail = landsAt;
    this.at(landsAt, () => {
      if (fault !== 'lost') this.applyLocally(command);
      const result =
        fault === null ? ok({ index: this.localIndex }) : this.failure<{ index: number }>();
      this.call(() => this.replicator.onApplyResult(this.now, requestId, result));
    });
  }

  private applyLocally(command: ReplicationCommand): void {
    this.localIndex += 1;
    const stamp = (item: Stored): Stored => ({
      ...item,
      ModifyIndex: this.localIndex,
      CreateIndex: this.local.get(keyOf(item))?.CreateIndex ?? this.localIndex,
    });
    switch (command.type) {
      case 'acl.policy.delete':
        return command.names.forEach((name) => this.local.delete(name));
      case 'acl.token.delete':
        return command.accessorIds.forEach((id) => this.local.delete(id));
      case 'acl.policy.upsert':
        return command.policies.forEach((p) => this.local.set(p.Name, stamp(p)));
      case 'acl.token.upsert':
        return command.tokens.forEach((t) => this.local.set(t.AccessorID, stamp(t)));
      default:
        this.violations.push(`replicator asked for ${command.type}`);
    }
  }

  private remoteWrite(key: string, hash: string | null): void {
    this.remoteIndex += 1;
    if (hash === null) this.remote.delete(key);
    else this.remote.set(key, makeObject(this.s.kind, key, hash, this.remoteIndex));
    const waiting = this.parked;
    this.parked = [];
    for (const effect of waiting) this.answerList(effect);
  }
}

const remoteKey = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const hash = fc.constantFrom('h1', 'h2', 'h3', 'h4');
const scenario: fc.Arbitrary<Scenario> = fc.record({
  kind: fc.constantFrom<AclReplicationKind>('policies', 'tokens'),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  initialRemote: fc.uniqueArray(fc.record({ key: remoteKey, hash }), {
    selector: (e) => e.key,
    maxLength: 5,
  }),
  initialLocal: fc.uniqueArray(fc.record({ key: remoteKey, hash }), {
    selector: (e) => e.key,
    maxLength: 5,
  }),
  localOnly: fc.uniqueArray(fc.constantFrom('L1', 'L2', 'L3'), { maxLength: 3 }),
  history: fc
    .array(
      fc.record({
        at: fc.integer({ min: 0, max: HISTORY_END }),
        key: remoteKey,
        hash: fc.option(hash, { freq: 3 }),
      }),
      { maxLength: 25 },
    )
    .map((ops) => ops.sort((x, y) => x.at - y.at)),
  flaps: fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: FAULTS_END - 10_000 }),
      downFor: fc.integer({ min: 1, max: 5_000 }),
    }),
    { maxLength: 4 },
  ),
  faultRate: fc.constantFrom(0, 0.2, 0.5, 0.9),
});

const FETCH_LINES = [
  'failed to fetch policies from authoritative region',
  'failed to fetch tokens from authoritative region',
];
const WRITE_LINES = [
  'failed to delete policies',
  'failed to update policies',
  'failed to delete tokens',
  'failed to update tokens',
];

describe('replicator convergence under faults', () => {
  it('after faults stop, the local copies equal the authoritative set and local tokens are untouched', () => {
    let runsWithErrors = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const world = new FakeFederation(s);
        world.run();
        expect(world.violations).toEqual([]);
        expect(world.replicator.running).toBe(true);

        const summary = (items: Iterable<Stored>) =>
          [...items].map((i) => `${keyOf(i)}=${i.Hash}`).sort();
        const replicated = [...world.local.values()].filter((i) => !('Global' in i) || i.Global);
        expect(summary(replicated)).toEqual(summary(world.remote.values()));
        for (const item of replicated) {
          const source = world.remote.get(keyOf(item));
          expect({ ...item, CreateIndex: 0, ModifyIndex: 0 }).toEqual({
            ...source,
            CreateIndex: 0,
            ModifyIndex: 0,
          });
        }
        // Local-only tokens stay as they were; local-only policies are gone (checked by the summary above).
        if (s.kind === 'tokens')
          for (const key of s.localOnly)
            expect(world.local.get(key)).toBe(world.localOnlyAtStart.get(key));
        else for (const key of s.localOnly) expect(world.local.has(key)).toBe(false);

        for (const line of world.errorLines) {
          expect([...FETCH_LINES, ...WRITE_LINES]).toContain(line.message);
          expect(ERROR_TEXTS).toContain(line.error);
        }
        if (s.faultRate === 0) expect(world.errorLines).toEqual([]);
        if (world.errorLines.length > 0) runsWithErrors += 1;
      }),
      { numRuns: 300 },
    );
    expect(runsWithErrors).toBeGreaterThan(40); // the faults really were exercised
  });
});
