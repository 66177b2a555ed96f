/** Tokens: Go duration/time text, hashing, canonicalize/validate texts, TTL bounds, write-request rules. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../src/sim/random.js';
import { createIdSource, isUuid } from '../src/sim/ids.js';
import { formatGoDuration, HOUR, MINUTE, parseGoDuration, SECOND } from '../src/go/duration.js';
import {
  formatGoTime,
  formatRfc3339Nano,
  GO_ZERO_TIME,
  isGoZeroTime,
  parseRfc3339,
  simTimeToDate,
} from '../src/acl/token/time.js';
import { policyHash, tokenHash } from '../src/acl/hash.js';
import {
  ANONYMOUS_TOKEN,
  isTokenExpired,
  newBootstrapToken,
  tokenStub,
} from '../src/acl/token/token.js';
import type { AclToken } from '../src/acl/token/token.js';
import { formatMultiError } from '../src/acl/errors.js';
import {
  checkTokenDeleteRequest,
  checkTokenDeleteTargets,
  checkTokenUpsertRequest,
  prepareTokenUpsert,
} from '../src/acl/token/write.js';
import type { TokenUpsertContext } from '../src/acl/token/write.js';
import { AclTables } from '../src/acl/state/tables.js';
import { PROFILES } from '../src/version/profile.js';
import { tokenStubToJson, tokenToJson } from '../src/acl/token/json.js';

const ids = () => createIdSource(new Rng(7).split('ids'));

function contextFor(
  tables: AclTables,
  overrides: Partial<TokenUpsertContext> = {},
): TokenUpsertContext {
  return { state: tables, profile: PROFILES.modern, now: 1000, ids: ids(), ...overrides };
}

function errorOf<T>(
  result: { ok: true; value: T } | { ok: false; error: { status: number; message: string } },
) {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

function valueOf<T>(
  result: { ok: true; value: T } | { ok: false; error: { status: number; message: string } },
): T {
  if (!result.ok)
    throw new Error(`unexpected refusal ${result.error.status} ${result.error.message}`);
  return result.value;
}

describe('Go durations', () => {
  it('formats like Duration.String()', () => {
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(MINUTE)).toBe('1m0s');
    expect(formatGoDuration(24 * HOUR)).toBe('24h0m0s');
    expect(formatGoDuration(90 * SECOND)).toBe('1m30s');
    expect(formatGoDuration(1500)).toBe('1.5s');
    expect(formatGoDuration(250)).toBe('250ms');
    expect(formatGoDuration(0.0015)).toBe('1.5µs');
    expect(formatGoDuration(0.000001)).toBe('1ns');
    expect(formatGoDuration(-MINUTE)).toBe('-1m0s');
    expect(formatGoDuration(HOUR + 0.5)).toBe('1h0m0.0005s');
  });

  it('parses like time.ParseDuration, with Go error texts', () => {
    expect(parseGoDuration('1h30m')).toEqual({ ok: true, ms: 90 * MINUTE });
    expect(parseGoDuration('1.5h')).toEqual({ ok: true, ms: 90 * MINUTE });
    expect(parseGoDuration('-2m')).toEqual({ ok: true, ms: -2 * MINUTE });
    expect(parseGoDuration('0')).toEqual({ ok: true, ms: 0 });
    expect(parseGoDuration('300ms')).toEqual({ ok: true, ms: 300 });
    expect(parseGoDuration('.5s')).toEqual({ ok: true, ms: 500 });
    expect(parseGoDuration('')).toEqual({ ok: false, message: 'time: invalid duration ""' });
    expect(parseGoDuration('1')).toEqual({
      ok: false,
      message: 'time: missing unit in duration "1"',
    });
    expect(parseGoDuration('1d')).toEqual({
      ok: false,
      message: 'time: unknown unit "d" in duration "1d"',
    });
    expect(parseGoDuration('h')).toEqual({ ok: false, message: 'time: invalid duration "h"' });
    expect(parseGoDuration('.s')).toEqual({ ok: false, message: 'time: invalid duration ".s"' });
  });

  it('round-trips whole nanosecond durations through text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (ns) => {
        const parsed = parseGoDuration(formatGoDuration(ns / 1e6));
        expect(parsed.ok && Math.round(parsed.ms * 1e6)).toBe(ns);
      }),
      { numRuns: 300 },
    );
  });
});

describe('simulated wall-clock time', () => {
  it('maps virtual 0 onto the simulated epoch, in Go and RFC 3339 text', () => {
    expect(formatGoTime(0)).toBe('2024-05-01 10:00:00 +0000 UTC');
    expect(formatRfc3339Nano(0)).toBe('2024-05-01T10:00:00Z');
    expect(formatGoTime(123.456789)).toBe('2024-05-01 10:00:00.123456789 +0000 UTC');
    expect(formatRfc3339Nano(1500)).toBe('2024-05-01T10:00:01.5Z');
    expect(formatGoTime(14 * 3600_000)).toBe('2024-05-02 00:00:00 +0000 UTC');
    expect(simTimeToDate(-10 * 3600_000 - 1)).toMatchObject({
      year: 2024,
      month: 4,
      day: 30,
      hour: 23,
      minute: 59,
      second: 59,
      nanosecond: 999_000_000,
    });
  });

  it('parses RFC 3339 back, with offsets and Go zero time', () => {
    expect(parseRfc3339('2024-05-01T10:00:01.5Z')).toBe(1500);
    expect(parseRfc3339('2024-05-01T12:00:00+02:00')).toBe(0);
    expect(parseRfc3339('not a time')).toBeNull();
    expect(parseRfc3339('2024-13-01T00:00:00Z')).toBeNull();
    const zero = parseRfc3339('0001-01-01T00:00:00Z');
    expect(zero).toBe(GO_ZERO_TIME);
    expect(isGoZeroTime(zero as number)).toBe(true);
    expect(formatRfc3339Nano(GO_ZERO_TIME)).toBe('0001-01-01T00:00:00Z');
  });

  it('round-trips any millisecond time through RFC 3339', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5e13, max: 5e13 }), (ms) => {
        expect(parseRfc3339(formatRfc3339Nano(ms))).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });
});

function sampleToken(overrides: Partial<AclToken> = {}): AclToken {
  return {
    AccessorID: 'a',
    SecretID: 's',
    Name: 'ops',
    Type: 'client',
    Policies: ['readonly'],
    Roles: [],
    Global: false,
    Hash: '',
    CreateTime: 0,
    ExpirationTime: null,
    ExpirationTTL: 0,
    CreateIndex: 1,
    ModifyIndex: 1,
    ...overrides,
  };
}

describe('hashes', () => {
  it('are deterministic base64 digests', () => {
    const h = tokenHash(sampleToken());
    expect(h).toBe(tokenHash(sampleToken()));
    expect(Buffer.from(h, 'base64')).toHaveLength(32);
  });

  it('change with every hashed token field and only with those', () => {
    const base = tokenHash(sampleToken());
    for (const changed of [
      { Name: 'x' },
      { Type: 'management' as const },
      { Policies: ['readonly', 'b'] },
      { Global: true },
      { Roles: [{ ID: 'r', Name: '' }] },
    ]) {
      expect(tokenHash(sampleToken(changed))).not.toBe(base);
    }
    for (const unchanged of [
      { AccessorID: 'b' },
      { SecretID: 't' },
      { CreateTime: 99 },
      { ExpirationTime: 5 },
      { ExpirationTTL: 60000 },
      { CreateIndex: 9 },
      { ModifyIndex: 9 },
      { Roles: [{ ID: '', Name: 'named' }] },
    ]) {
      expect(tokenHash(sampleToken(unchanged))).toBe(base);
    }
  });

  it('cover policy name, description and rules', () => {
    const base = policyHash({ Name: 'p', Description: 'd', Rules: 'r' });
    expect(policyHash({ Name: 'p', Description: 'd', Rules: 'r' })).toBe(base);
    expect(policyHash({ Name: 'q', Description: 'd', Rules: 'r' })).not.toBe(base);
    expect(policyHash({ Name: 'p', Description: 'e', Rules: 'r' })).not.toBe(base);
    expect(policyHash({ Name: 'p', Description: 'd', Rules: 's' })).not.toBe(base);
  });
});

describe('built-in tokens', () => {
  it('anonymous token is the client token bound to the `anonymous` policy', () => {
    expect(ANONYMOUS_TOKEN).toMatchObject({
      AccessorID: 'anonymous',
      Name: 'Anonymous Token',
      Type: 'client',
      Policies: ['anonymous'],
      Global: false,
    });
    expect(Object.isFrozen(ANONYMOUS_TOKEN)).toBe(true);
  });

  it('bootstrap token: fresh ids, management, global, hashed; a given secret replaces the SecretID', () => {
    const token = newBootstrapToken(ids(), 42);
    expect(isUuid(token.AccessorID) && isUuid(token.SecretID)).toBe(true);
    expect(token).toMatchObject({
      Name: 'Bootstrap Token',
      Type: 'management',
      Global: true,
      Policies: [],
      CreateTime: 42,
      ExpirationTime: null,
    });
    expect(token.Hash).toBe(tokenHash(token));
    const secret = '9184ec35-65d4-9258-61e3-0c066d0a45c5';
    const withSecret = newBootstrapToken(ids(), 42, secret);
    expect(withSecret.SecretID).toBe(secret);
    expect(withSecret.AccessorID).toBe(token.AccessorID);
  });

  it('stub drops SecretID and ExpirationTTL only', () => {
    const stub = tokenStub(sampleToken());
    expect(stub).not.toHaveProperty('SecretID');
    expect(stub).not.toHaveProperty('ExpirationTTL');
    expect(stub).toMatchObject({ AccessorID: 'a', Name: 'ops', Hash: '', CreateIndex: 1 });
  });

  it('expires strictly after ExpirationTime', () => {
    const token = sampleToken({ ExpirationTime: 100 });
    expect(isTokenExpired(token, 100)).toBe(false);
    expect(isTokenExpired(token, 101)).toBe(true);
    expect(isTokenExpired(sampleToken(), 1e12)).toBe(false);
  });
});

describe('token upsert request checks', () => {
  it('refuses zero tokens and mixed global/local', () => {
    expect(errorOf(checkTokenUpsertRequest([]))).toEqual({
      status: 400,
      message: 'must specify as least one token',
    });
    expect(errorOf(checkTokenUpsertRequest([{ Global: true }, { Global: false }]))).toEqual({
      status: 400,
      message: 'cannot upsert mixed global and non-global tokens',
    });
    expect(valueOf(checkTokenUpsertRequest([{ Global: true }, { Global: true }]))).toEqual({
      global: true,
    });
    expect(valueOf(checkTokenUpsertRequest([{}]))).toEqual({ global: false });
  });
});

describe('token canonicalize + validate', () => {
  it('creates a client token with fresh ids, CreateTime=now and a hash', () => {
    const [token] = valueOf(
      prepareTokenUpsert(
        [{ Name: 'dev', Type: 'client', Policies: ['readonly'] }],
        contextFor(new AclTables()),
      ),
    );
    expect(token).toBeDefined();
    expect(isUuid(token?.AccessorID ?? '') && isUuid(token?.SecretID ?? '')).toBe(true);
    expect(token).toMatchObject({
      Name: 'dev',
      Type: 'client',
      Policies: ['readonly'],
      Global: false,
      CreateTime: 1000,
      ExpirationTime: null,
    });
    expect(token?.Hash).toBe(tokenHash(token as AclToken));
  });

  it('ignores a SecretID sent with a creation', () => {
    const secret = '9184ec35-65d4-9258-61e3-0c066d0a45c5';
    const [token] = valueOf(
      prepareTokenUpsert([{ Type: 'management', SecretID: secret }], contextFor(new AclTables())),
    );
    expect(token?.SecretID).not.toBe(secret);
  });

  it('reports client token without policies in the multierror format', () => {
    const error = errorOf(prepareTokenUpsert([{ Type: 'client' }], contextFor(new AclTables())));
    expect(error).toEqual({
      status: 400,
      message: 'token 0 invalid: 1 error occurred:\n\t* client token missing policies or roles\n\n',
    });
  });

  it('collects several problems in Nomad order and numbers the failing token', () => {
    const inputs = [
      { Type: 'management' },
      { Name: 'x'.repeat(257), Type: 'management', Policies: ['p'] },
    ];
    const error = errorOf(prepareTokenUpsert(inputs, contextFor(new AclTables())));
    expect(error.message).toBe(
      'token 1 invalid: 2 errors occurred:\n\t* token name too long\n\t* management token cannot be associated with policies or roles\n\n',
    );
    expect(
      errorOf(prepareTokenUpsert([{ Type: 'root' }], contextFor(new AclTables()))).message,
    ).toBe(`token 0 invalid: ${formatMultiError(['token type must be client or management'])}`);
  });

  it('counts the name length in UTF-8 bytes', () => {
    expect(
      prepareTokenUpsert(
        [{ Name: 'é'.repeat(128), Type: 'management' }],
        contextFor(new AclTables()),
      ).ok,
    ).toBe(true);
    expect(
      errorOf(
        prepareTokenUpsert(
          [{ Name: 'é'.repeat(129), Type: 'management' }],
          contextFor(new AclTables()),
        ),
      ).message,
    ).toContain('token name too long');
  });

  it('sets ExpirationTime from the TTL and enforces the 1m / 24h bounds', () => {
    const [token] = valueOf(
      prepareTokenUpsert(
        [{ Type: 'management', ExpirationTTL: HOUR }],
        contextFor(new AclTables()),
      ),
    );
    expect(token).toMatchObject({ ExpirationTTL: HOUR, ExpirationTime: 1000 + HOUR });
    expect(
      prepareTokenUpsert(
        [{ Type: 'management', ExpirationTTL: MINUTE }],
        contextFor(new AclTables()),
      ).ok,
    ).toBe(true);
    expect(
      prepareTokenUpsert(
        [{ Type: 'management', ExpirationTTL: 24 * HOUR }],
        contextFor(new AclTables()),
      ).ok,
    ).toBe(true);
    expect(
      errorOf(
        prepareTokenUpsert(
          [{ Type: 'management', ExpirationTTL: 25 * HOUR }],
          contextFor(new AclTables()),
        ),
      ).message,
    ).toBe(
      'token 0 invalid: 1 error occurred:\n\t* expiration time cannot be more than 24h0m0s in the future (was 25h0m0s)\n\n',
    );
    expect(
      errorOf(
        prepareTokenUpsert(
          [{ Type: 'management', ExpirationTTL: 30 * SECOND }],
          contextFor(new AclTables()),
        ),
      ).message,
    ).toBe(
      'token 0 invalid: 1 error occurred:\n\t* expiration time cannot be less than 1m0s in the future (was 30s)\n\n',
    );
  });

  it('reports a negative TTL three ways, as Nomad does', () => {
    expect(
      errorOf(
        prepareTokenUpsert(
          [{ Type: 'management', ExpirationTTL: -MINUTE }],
          contextFor(new AclTables()),
        ),
      ).message,
    ).toBe(
      'token 0 invalid: 3 errors occurred:\n' +
        "\t* token expiration TTL '-1m0s' should not be negative\n" +
        '\t* expiration time cannot be before create time\n' +
        '\t* expiration time cannot be less than 1m0s in the future (was -1m0s)\n\n',
    );
  });

  it('uses configured TTL bounds', () => {
    const context = contextFor(new AclTables(), {
      bounds: { minTtl: 10 * SECOND, maxTtl: 2 * MINUTE },
    });
    expect(
      prepareTokenUpsert([{ Type: 'management', ExpirationTTL: 30 * SECOND }], context).ok,
    ).toBe(true);
    expect(
      errorOf(prepareTokenUpsert([{ Type: 'management', ExpirationTTL: 3 * MINUTE }], context))
        .message,
    ).toContain('cannot be more than 2m0s in the future (was 3m0s)');
  });

  it('ignores expiry fields in the tutorial profile (Nomad 1.0 had none)', () => {
    const [token] = valueOf(
      prepareTokenUpsert(
        [{ Type: 'management', ExpirationTTL: 25 * HOUR }],
        contextFor(new AclTables(), { profile: PROFILES.tutorial }),
      ),
    );
    expect(token).toMatchObject({ ExpirationTTL: 0, ExpirationTime: null });
  });
});

describe('token updates and uploads', () => {
  function tablesWith(token: AclToken): AclTables {
    const tables = new AclTables();
    tables.upsertTokens(5, [{ ...token, Hash: tokenHash(token) }]);
    return tables;
  }
  const accessor = '5b7fd453-d3f7-6814-81dc-fcfe6daedea5';
  const secret = '9184ec35-65d4-9258-61e3-0c066d0a45c5';

  it('cannot toggle global mode or change expiry on update', () => {
    const tables = tablesWith(
      sampleToken({
        AccessorID: accessor,
        SecretID: secret,
        Global: true,
        ExpirationTTL: HOUR,
        ExpirationTime: HOUR,
      }),
    );
    const error = errorOf(
      prepareTokenUpsert(
        [{ AccessorID: accessor, Type: 'client', Policies: ['p'], Global: false }],
        contextFor(tables),
      ),
    );
    expect(error.message).toBe(
      'token 0 invalid: 3 errors occurred:\n\t* cannot toggle global mode\n\t* cannot update expiration TTL\n\t* cannot update expiration time\n\n',
    );
    const same = prepareTokenUpsert(
      [
        {
          AccessorID: accessor,
          Type: 'client',
          Policies: ['p'],
          Global: true,
          ExpirationTTL: HOUR,
          ExpirationTime: HOUR,
        },
      ],
      contextFor(tables),
    );
    expect(same.ok).toBe(true);
  });

  it('update keeps SecretID, CreateTime and CreateIndex once stored', () => {
    const tables = tablesWith(
      sampleToken({ AccessorID: accessor, SecretID: secret, CreateTime: 7 }),
    );
    const [update] = valueOf(
      prepareTokenUpsert(
        [{ AccessorID: accessor, Type: 'client', Policies: ['other'], Name: 'renamed' }],
        contextFor(tables),
      ),
    );
    tables.upsertTokens(9, [update as AclToken]);
    expect(tables.tokenByAccessor(accessor)).toMatchObject({
      SecretID: secret,
      CreateTime: 7,
      CreateIndex: 5,
      ModifyIndex: 9,
      Name: 'renamed',
      Policies: ['other'],
    });
    expect(tables.tokenBySecret(secret)?.Name).toBe('renamed');
  });

  it('accepts an unknown AccessorID only as an upload of a UUID-shaped client token', () => {
    const tables = new AclTables();
    const [uploaded] = valueOf(
      prepareTokenUpsert(
        [{ AccessorID: accessor, SecretID: secret, Type: 'client', Policies: ['p'] }],
        contextFor(tables),
      ),
    );
    expect(uploaded).toMatchObject({ AccessorID: accessor, SecretID: secret, CreateTime: 1000 });
    const keptTime = valueOf(
      prepareTokenUpsert(
        [
          {
            AccessorID: accessor,
            SecretID: secret,
            Type: 'client',
            Policies: ['p'],
            CreateTime: 5,
          },
        ],
        contextFor(tables),
      ),
    );
    expect(keptTime[0]?.CreateTime).toBe(5);
    for (const bad of [
      { AccessorID: accessor, SecretID: secret, Type: 'management' },
      { AccessorID: 'not-a-uuid', SecretID: secret, Type: 'client', Policies: ['p'] },
      { AccessorID: accessor, SecretID: 'nope', Type: 'client', Policies: ['p'] },
    ]) {
      expect(errorOf(prepareTokenUpsert([bad], contextFor(tables)))).toEqual({
        status: 400,
        message: `cannot find token ${bad.AccessorID}`,
      });
    }
  });

  it('resolves role links to IDs and refuses unknown roles', () => {
    const roles = {
      roleById: (id: string) => (id === 'r1' ? { ID: 'r1', Name: 'ops' } : null),
      roleByName: (name: string) => (name === 'ops' ? { ID: 'r1', Name: 'ops' } : null),
    };
    const [token] = valueOf(
      prepareTokenUpsert(
        [{ Type: 'client', Roles: [{ Name: 'ops' }, { ID: 'r1' }] }],
        contextFor(new AclTables(), { roles }),
      ),
    );
    expect(token?.Roles).toEqual([{ ID: 'r1', Name: '' }]);
    expect(
      errorOf(
        prepareTokenUpsert(
          [{ Type: 'client', Roles: [{ Name: 'dev' }] }],
          contextFor(new AclTables(), { roles }),
        ),
      ),
    ).toEqual({
      status: 400,
      message: 'cannot find role dev',
    });
  });
});

describe('token delete checks', () => {
  const tables = new AclTables();
  tables.upsertTokens(3, [
    { ...sampleToken({ AccessorID: 'g', SecretID: 'gs', Global: true }), Hash: 'h' },
    { ...sampleToken({ AccessorID: 'l', SecretID: 'ls' }), Hash: 'h' },
  ]);

  it('refuses zero ids, nonexistent tokens (listed) and mixed global/local', () => {
    expect(errorOf(checkTokenDeleteRequest([]))).toEqual({
      status: 400,
      message: 'must specify as least one token',
    });
    expect(errorOf(checkTokenDeleteTargets(['a', 'g', 'b'], tables))).toEqual({
      status: 400,
      message: 'Cannot delete nonexistent tokens: a, b',
    });
    expect(errorOf(checkTokenDeleteTargets(['g', 'l'], tables))).toEqual({
      status: 400,
      message: 'cannot delete mixed global and non-global tokens',
    });
    expect(valueOf(checkTokenDeleteTargets(['g'], tables))).toEqual({ global: true });
    expect(valueOf(checkTokenDeleteTargets(['l'], tables))).toEqual({ global: false });
  });
});

describe('token JSON', () => {
  it('renders Nomad field names and value formats per profile', () => {
    const t = {
      ...sampleToken({ CreateTime: 1500, ExpirationTime: 1500 + HOUR, ExpirationTTL: HOUR }),
      Hash: 'aGFzaA==',
    };
    expect(tokenToJson(t, PROFILES.modern)).toEqual({
      AccessorID: 'a',
      SecretID: 's',
      Name: 'ops',
      Type: 'client',
      Policies: ['readonly'],
      Roles: null,
      Global: false,
      Hash: 'aGFzaA==',
      CreateTime: '2024-05-01T10:00:01.5Z',
      ExpirationTime: '2024-05-01T11:00:01.5Z',
      ExpirationTTL: '1h0m0s',
      CreateIndex: 1,
      ModifyIndex: 1,
    });
    expect(Object.keys(tokenToJson(t, PROFILES.tutorial))).toEqual(
      PROFILES.tutorial.tokenJsonFields,
    );
    const stub = tokenStubToJson(tokenStub(t), PROFILES.modern);
    expect(Object.keys(stub)).toEqual(PROFILES.modern.tokenStubJsonFields);
    expect(
      tokenToJson(sampleToken({ Type: 'management', Policies: [] }), PROFILES.modern),
    ).toMatchObject({ Policies: null, Hash: null, ExpirationTTL: '' });
  });
});
