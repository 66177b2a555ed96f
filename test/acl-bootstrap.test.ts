/**
 * Bootstrap and reset, as the tutorial walks through them: first bootstrap, refusal with the reset
 * index, reset file with the right and the wrong index, old tokens kept, the bootstrap row moving
 * to the new index — with a snapshot -> msgpackr -> restore between every step.
 * Also the Go `%d` parsing of the reset file.
 */
import { describe, expect, it } from 'vitest';
import { pack, unpack } from 'msgpackr';
import { Rng } from '../src/sim/random.js';
import { createIdSource } from '../src/sim/ids.js';
import {
  AclTables,
  FSM_BOOTSTRAP_ALREADY_DONE,
  FSM_INVALID_RESET_INDEX,
} from '../src/acl/state/tables.js';
import { applyAclCommand } from '../src/acl/state/commands.js';
import { parseResetFile, planBootstrap } from '../src/acl/bootstrap.js';
import type { BootstrapPlan } from '../src/acl/bootstrap.js';
import { PROFILES } from '../src/version/profile.js';
import type { VersionProfile } from '../src/version/profile.js';
import { newBootstrapToken } from '../src/acl/token/token.js';

/** Snapshot, encode with msgpackr, decode, restore into fresh tables. */
function roundTrip(tables: AclTables): AclTables {
  const fresh = new AclTables();
  fresh.restore(unpack(pack(tables.snapshot())));
  expect(fresh.snapshot()).toEqual(tables.snapshot());
  return fresh;
}

class Operator {
  tables = new AclTables();
  ids = createIdSource(new Rng(11).split('ids'));
  nextIndex = 7;
  constructor(readonly profile: VersionProfile = PROFILES.modern) {}

  bootstrap(resetFileContent: string | null, bootstrapSecret?: string): BootstrapPlan {
    this.tables = roundTrip(this.tables);
    const plan = planBootstrap({
      check: this.tables.canBootstrap(),
      resetFileContent,
      bootstrapSecret,
      profile: this.profile,
      now: this.nextIndex * 1000,
      ids: this.ids,
    });
    if (plan.ok) {
      const applied = applyAclCommand(this.tables, this.nextIndex, {
        type: 'acl.bootstrap',
        resetIndex: plan.resetIndex,
        token: plan.token,
      });
      expect(applied).toEqual({ ok: true, value: { index: this.nextIndex } });
    }
    this.nextIndex += 4;
    this.tables = roundTrip(this.tables);
    return plan;
  }
}

describe('bootstrap and reset (tutorial walk-through)', () => {
  it('bootstraps once, refuses again, resets with the right index, refuses the stale index', () => {
    const op = new Operator();
    const first = op.bootstrap(null);
    if (!first.ok) throw new Error('first bootstrap refused');
    expect(op.tables.tokenByAccessor(first.token.AccessorID)).toMatchObject({
      Name: 'Bootstrap Token',
      Type: 'management',
      Global: true,
      CreateIndex: 7,
      ModifyIndex: 7,
    });
    expect(op.tables.canBootstrap()).toEqual({ allowed: false, resetIndex: 7 });
    expect(op.tables.tableIndex('acl_token')).toBe(7);
    expect(op.tables.tableIndex('acl_token_bootstrap')).toBe(7);

    const again = op.bootstrap(null);
    expect(again).toMatchObject({
      ok: false,
      error: { status: 400, message: 'ACL bootstrap already done (reset index: 7)' },
      logs: [],
    });

    const reset = op.bootstrap('7\n');
    if (!reset.ok) throw new Error(`reset refused: ${reset.error.message}`);
    expect(reset.resetIndex).toBe(7);
    expect(reset.logs).toEqual([
      {
        level: 'warn',
        message: 'bootstrap file parsed',
        fields: { path: 'acl-bootstrap-reset', reset_index: '7' },
      },
    ]);
    expect(op.tables.tokenByAccessor(reset.token.AccessorID)?.CreateIndex).toBe(15);
    expect(op.tables.tokenByAccessor(first.token.AccessorID)?.SecretID).toBe(first.token.SecretID);
    expect(op.tables.tokenBySecret(first.token.SecretID)?.AccessorID).toBe(first.token.AccessorID);
    expect(op.tables.canBootstrap()).toEqual({ allowed: false, resetIndex: 15 });
    expect(op.tables.tableIndex('acl_token')).toBe(15);

    const stale = op.bootstrap('7\n');
    expect(stale).toMatchObject({
      ok: false,
      error: {
        status: 400,
        message: 'Invalid bootstrap reset index (specified 7, reset index: 15)',
      },
    });
    expect(op.tables.listTokens({ order: 'create-index' }).map((t) => t.CreateIndex)).toEqual([
      7, 15,
    ]);
  });

  it('tutorial profile answers bootstrap refusals with 500, as the tutorial shows', () => {
    const op = new Operator(PROFILES.tutorial);
    expect(op.bootstrap(null).ok).toBe(true);
    expect(op.bootstrap(null)).toMatchObject({
      ok: false,
      error: { status: 500, message: 'ACL bootstrap already done (reset index: 7)' },
    });
    expect(op.bootstrap('7\n7\n').ok).toBe(true);
    expect(op.bootstrap('7')).toMatchObject({
      ok: false,
      error: {
        status: 500,
        message: 'Invalid bootstrap reset index (specified 7, reset index: 15)',
      },
    });
  });

  it('an unparsable reset file counts as none and is logged', () => {
    const op = new Operator();
    op.bootstrap(null);
    const plan = op.bootstrap('seven');
    expect(plan).toMatchObject({
      ok: false,
      error: { message: 'ACL bootstrap already done (reset index: 7)' },
    });
    expect(plan.logs).toEqual([
      {
        level: 'error',
        message: 'failed to parse bootstrap file',
        fields: { path: 'acl-bootstrap-reset', error: 'expected integer' },
      },
    ]);
    expect(op.bootstrap('0\n')).toMatchObject({
      ok: false,
      error: { message: 'ACL bootstrap already done (reset index: 7)' },
    });
  });

  it('operator secret: used when a UUID, refused otherwise (modern); ignored in the tutorial profile', () => {
    const secret = '9184ec35-65d4-9258-61e3-0c066d0a45c5';
    const modern = new Operator();
    expect(modern.bootstrap(null, 'not-a-uuid')).toMatchObject({
      ok: false,
      error: { status: 400, message: 'invalid acl token' },
    });
    const used = modern.bootstrap(null, secret);
    expect(used).toMatchObject({ ok: true, token: { SecretID: secret }, secretIgnored: false });
    expect(modern.tables.tokenBySecret(secret)?.Name).toBe('Bootstrap Token');
    // "already done" is decided before the secret is looked at
    expect(modern.bootstrap(null, 'not-a-uuid')).toMatchObject({
      ok: false,
      error: { message: 'ACL bootstrap already done (reset index: 11)' },
    });

    const tutorial = new Operator(PROFILES.tutorial);
    const ignored = tutorial.bootstrap(null, secret);
    expect(ignored).toMatchObject({ ok: true, secretIgnored: true });
    expect(ignored.ok && ignored.token.SecretID).not.toBe(secret);
  });

  it('the state machine re-checks bootstrap (race texts, plain errors -> 500)', () => {
    const tables = new AclTables();
    const ids = createIdSource(new Rng(3));
    expect(tables.bootstrap(7, 0, newBootstrapToken(ids, 0)).ok).toBe(true);
    expect(tables.bootstrap(8, 0, newBootstrapToken(ids, 0))).toEqual({
      ok: false,
      error: { status: 500, message: FSM_BOOTSTRAP_ALREADY_DONE },
    });
    expect(tables.bootstrap(9, 3, newBootstrapToken(ids, 0))).toEqual({
      ok: false,
      error: { status: 500, message: FSM_INVALID_RESET_INDEX },
    });
    expect(tables.listTokens({ order: 'create-index' })).toHaveLength(1);
    expect(tables.canBootstrap().resetIndex).toBe(7);
    expect(tables.bootstrap(10, 7, newBootstrapToken(ids, 0)).ok).toBe(true);
    expect(tables.canBootstrap().resetIndex).toBe(10);
  });
});

describe('reset file %d parsing', () => {
  const cases: [string | null, ReturnType<typeof parseResetFile>][] = [
    [null, { kind: 'missing' }],
    ['7', { kind: 'parsed', value: 7, text: '7' }],
    ['7\n', { kind: 'parsed', value: 7, text: '7' }],
    ['  \t7 trailing', { kind: 'parsed', value: 7, text: '7' }],
    ['007', { kind: 'parsed', value: 7, text: '7' }],
    ['12abc', { kind: 'parsed', value: 12, text: '12' }],
    ['1_000', { kind: 'parsed', value: 1, text: '1' }],
    ['7\n8\n', { kind: 'parsed', value: 7, text: '7' }],
    ['\r7', { kind: 'parsed', value: 7, text: '7' }],
    ['\u00a07', { kind: 'parsed', value: 7, text: '7' }],
    [
      '18446744073709551615',
      { kind: 'parsed', value: 18446744073709551615, text: '18446744073709551615' },
    ],
    ['', { kind: 'invalid', error: 'unexpected EOF' }],
    ['   ', { kind: 'invalid', error: 'unexpected EOF' }],
    ['\n7', { kind: 'invalid', error: 'unexpected newline' }],
    ['\r\n7', { kind: 'invalid', error: 'unexpected newline' }],
    ['+7', { kind: 'invalid', error: 'expected integer' }],
    ['-7', { kind: 'invalid', error: 'expected integer' }],
    ['x7', { kind: 'invalid', error: 'expected integer' }],
    [
      '18446744073709551616',
      {
        kind: 'invalid',
        error: 'strconv.ParseUint: parsing "18446744073709551616": value out of range',
      },
    ],
  ];
  it.each(cases)('%j', (content, expected) => {
    expect(parseResetFile(content)).toEqual(expected);
  });

  it('a huge file value never matches and is reported verbatim', () => {
    const plan = planBootstrap({
      check: { allowed: false, resetIndex: 7 },
      resetFileContent: '9007199254740993',
      profile: PROFILES.modern,
      now: 0,
      ids: createIdSource(new Rng(1)),
    });
    expect(plan).toMatchObject({
      ok: false,
      error: {
        message: 'Invalid bootstrap reset index (specified 9007199254740993, reset index: 7)',
      },
    });
  });
});
