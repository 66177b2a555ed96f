/**
 * Request bodies decode as Nomad's Go handlers decode them: Go's JSON scanner errors, Go's
 * `cannot unmarshal` texts with their struct field paths, Go's rules for null, key case,
 * unknown and repeated keys, integer ranges, base64 and `time.Time`, and the two eras' structs.
 * Texts not tied to a Go version were checked against Go's encoding/json; the modern ones follow
 * Go 1.24 (embedded struct names in the path, strict RFC 3339 times).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readJsonText } from '../src/api/json-text-reader.js';
import { jsonNodeFromValue, GO_JSON_MAX_DEPTH, type JsonNode } from '../src/api/json-node.js';
import {
  decodeBootstrapBody,
  decodeJobRegisterBody,
  decodePolicyBody,
  decodeTokenBody,
  type BodyDecode,
} from '../src/api/body-decode.js';
import { goBase64Problem } from '../src/api/go-base64.js';
import { unmarshalGoTime } from '../src/api/go-time-json.js';
import type { ApiRequest, JsonValue } from '../src/server/http.js';
import { dateToSimTime, GO_ZERO_TIME } from '../src/acl/index.js';

const text = (bodyText: string): ApiRequest => ({ method: 'PUT', path: '/', bodyText });
const value = (body: JsonValue): ApiRequest => ({ method: 'PUT', path: '/', body });

function errorOf<T>(decoded: BodyDecode<T>): string {
  if (decoded.kind !== 'error')
    throw new Error(`expected an error, got ${JSON.stringify(decoded)}`);
  return decoded.message;
}

function valueOf<T>(decoded: BodyDecode<T>): T {
  if (decoded.kind !== 'ok') throw new Error(`expected a value, got ${JSON.stringify(decoded)}`);
  return decoded.value;
}

function scanError(body: string): string {
  const read = readJsonText(body);
  if (read.ok) throw new Error(`expected a syntax error for ${JSON.stringify(body)}`);
  return read.message;
}

describe('JSON text reader (Go scanner)', () => {
  it.each([
    ['{"Name": }', "invalid character '}' looking for beginning of value"],
    ['{"Name" "x"}', `invalid character '"' after object key`],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1 2]', "invalid character '2' after array element"],
    ['[01]', "invalid character '1' after array element"],
    ['{"a":"x\u0001"}', "invalid character '\\x01' in string literal"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ['"\\u12G4"', "invalid character 'G' in \\u hexadecimal character escape"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1ex', "invalid character 'x' in exponent of numeric literal"],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['nul!', "invalid character '!' in literal null (expecting 'l')"],
    ["'x'", "invalid character '\\'' looking for beginning of value"],
    ['é', "invalid character 'Ã' looking for beginning of value"],
    ['\u00a0', "invalid character 'Â' looking for beginning of value"],
    ['\x7f', "invalid character '\\x7f' looking for beginning of value"],
    ['{"a":', 'unexpected EOF'],
    ['[1', 'unexpected EOF'],
    ['tru', 'unexpected EOF'],
    ['-', 'unexpected EOF'],
    ['" x', 'unexpected EOF'],
    ['" \t"', "invalid character '\\t' in string literal"],
    [' \n\t\r ', 'EOF'],
  ])('%j -> %s', (body, message) => {
    expect(scanError(body)).toBe(message);
  });

  it('reads only the first value, as json.Decoder does', () => {
    expect(readJsonText('{} trailing')).toMatchObject({ ok: true, node: { kind: 'object' } });
    expect(readJsonText('01')).toMatchObject({ ok: true, node: { kind: 'number', text: '0' } });
    expect(readJsonText('1x')).toMatchObject({ ok: true, node: { kind: 'number', text: '1' } });
  });

  it('accepts 10,000 levels of nesting and refuses the 10,001st, at any depth, without using the stack', () => {
    const nested = (depth: number, open: string, close: string, inner = ''): string =>
      open.repeat(depth) + inner + close.repeat(depth);
    expect(readJsonText(nested(GO_JSON_MAX_DEPTH, '[', ']')).ok).toBe(true);
    expect(scanError(nested(GO_JSON_MAX_DEPTH + 1, '[', ']'))).toBe(
      "invalid character '[' exceeded max depth",
    );
    expect(scanError(nested(GO_JSON_MAX_DEPTH + 1, '{"a":', '}', '1'))).toBe(
      "invalid character '{' exceeded max depth",
    );
    expect(scanError('['.repeat(1_000_000))).toBe("invalid character '[' exceeded max depth");
  });

  it('decodes escapes like Go: surrogate pairs joined, a lone surrogate replaced', () => {
    const read = readJsonText('"\\ud83d\\ude00\\ud800x\\u00e9\\n"');
    expect(read).toMatchObject({ ok: true, node: { kind: 'string', value: '😀\ufffdxé\n' } });
  });

  it('reads a JSON value the same way as its JSON.stringify text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const fromValue = jsonNodeFromValue(v);
        const fromText = readJsonText(JSON.stringify(v));
        expect(fromValue?.ok).toBe(true);
        expect(fromText.ok).toBe(true);
        if (fromValue?.ok !== true || !fromText.ok) return;
        expect(shape(fromValue.node)).toEqual(shape(fromText.node));
      }),
    );
  });

  it('refuses a JSON value nested past the limit without using the stack', () => {
    let deep: JsonValue = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonNodeFromValue(deep)).toEqual({
      ok: false,
      message: "invalid character '[' exceeded max depth",
    });
    expect(jsonNodeFromValue(undefined)).toBeUndefined();
    expect(
      jsonNodeFromValue({ a: undefined, b: Number.NaN } as unknown as JsonValue),
    ).toMatchObject({ ok: true, node: { kind: 'object', entries: [['b', { kind: 'null' }]] } });
  });
});

/** A node without its functions, for comparing trees. */
function shape(node: JsonNode): unknown {
  switch (node.kind) {
    case 'string':
      return { s: node.value, raw: [...node.raw()] };
    case 'array':
      return node.items.map(shape);
    case 'object':
      return node.entries.map(([k, v]) => [k, shape(v)]);
    default:
      return node;
  }
}

describe('ACLPolicy bodies', () => {
  const policy = (body: string) => decodePolicyBody(text(body), 'modern');

  it.each([
    [
      '{"Rules": 42}',
      'json: cannot unmarshal number into Go struct field ACLPolicy.Rules of type string',
    ],
    [
      '{"Description": {"a": 1}}',
      'json: cannot unmarshal object into Go struct field ACLPolicy.Description of type string',
    ],
    [
      '{"Name": ["p"]}',
      'json: cannot unmarshal array into Go struct field ACLPolicy.Name of type string',
    ],
    [
      '{"Rules": true, "Description": 1}',
      'json: cannot unmarshal bool into Go struct field ACLPolicy.Rules of type string',
    ],
    ['[1]', 'json: cannot unmarshal array into Go value of type structs.ACLPolicy'],
    ['"x"', 'json: cannot unmarshal string into Go value of type structs.ACLPolicy'],
    [
      '{"CreateIndex": -1}',
      'json: cannot unmarshal number -1 into Go struct field ACLPolicy.CreateIndex of type uint64',
    ],
    [
      '{"CreateIndex": 1.5}',
      'json: cannot unmarshal number 1.5 into Go struct field ACLPolicy.CreateIndex of type uint64',
    ],
    [
      '{"CreateIndex": 1e2}',
      'json: cannot unmarshal number 1e2 into Go struct field ACLPolicy.CreateIndex of type uint64',
    ],
    [
      '{"ModifyIndex": 18446744073709551616}',
      'json: cannot unmarshal number 18446744073709551616 into Go struct field ACLPolicy.ModifyIndex of type uint64',
    ],
    [
      '{"CreateIndex": "1"}',
      'json: cannot unmarshal string into Go struct field ACLPolicy.CreateIndex of type uint64',
    ],
    ['{"Hash": "abc"}', 'illegal base64 data at input byte 0'],
    [
      '{"Hash": [1, 300]}',
      'json: cannot unmarshal number 300 into Go struct field ACLPolicy.Hash of type uint8',
    ],
    [
      '{"Hash": 5}',
      'json: cannot unmarshal number into Go struct field ACLPolicy.Hash of type []uint8',
    ],
    [
      '{"RulesJSON": 5}',
      'json: cannot unmarshal number into Go struct field ACLPolicy.RulesJSON of type acl.Policy',
    ],
    [
      '{"JobACL": "x"}',
      'json: cannot unmarshal string into Go struct field ACLPolicy.JobACL of type structs.JobACL',
    ],
    [
      '{"JobACL": {"Namespace": 1}}',
      'json: cannot unmarshal number into Go struct field JobACL.JobACL.Namespace of type string',
    ],
    [
      '{"Rules": ' + '['.repeat(5000) + ']'.repeat(5000) + '}',
      'json: cannot unmarshal array into Go struct field ACLPolicy.Rules of type string',
    ],
    ['{"Name": }', "invalid character '}' looking for beginning of value"],
  ])('%s -> %s', (body, message) => {
    expect(errorOf(policy(body))).toBe(message);
  });

  it('matches keys case-insensitively (exact first), ignores unknown keys, lets null keep the zero value', () => {
    expect(
      valueOf(policy('{"rules": "r", "NAME": "p", "descriPTION": "d", "Extra": [1, {"x": 2}]}')),
    ).toEqual({ Name: 'p', Description: 'd', Rules: 'r', JobACL: null });
    expect(valueOf(policy('{"\u017fame": "x"}'))).toMatchObject({ Name: '' }); // ſ folds to s, not n
    expect(valueOf(policy('{"Ru\u017fes": "x"}'))).toMatchObject({ Rules: '' });
    expect(valueOf(policy('{"Rule\u017f": "x"}'))).toMatchObject({ Rules: 'x' });
    // K (U+212A KELVIN SIGN) folds to k: the workload's Task (kept since 1.7).
    expect(valueOf(policy('{"JobACL": {"Tas\u212a": "t"}}'))).toEqual({
      Name: '',
      Description: '',
      Rules: '',
      JobACL: { Namespace: '', JobID: '', Group: '', Task: 't' },
    });
    expect(valueOf(policy('{"Name": null, "Rules": null}'))).toEqual({
      Name: '',
      Description: '',
      Rules: '',
      JobACL: null,
    });
    expect(valueOf(policy('null'))).toEqual({ Name: '', Description: '', Rules: '', JobACL: null });
  });

  it('decodes a repeated key again, in document order, null keeping the earlier value', () => {
    expect(valueOf(policy('{"Name":"a","Name":"b"}')).Name).toBe('b');
    expect(valueOf(policy('{"Name":"a","Name":null}')).Name).toBe('a');
    expect(valueOf(policy('{"name":"a","Name":"b"}')).Name).toBe('b');
  });

  it('accepts base64 hashes and byte arrays, and the largest uint64', () => {
    expect(policy('{"Hash": "YWJj", "CreateIndex": 18446744073709551615}').kind).toBe('ok');
    expect(policy('{"Hash": [0, 255], "CreateIndex": -0}').kind).toBe('error');
    expect(policy('{"Hash": [0, 255]}').kind).toBe('ok');
  });

  it('in the tutorial era has no JobACL field', () => {
    expect(decodePolicyBody(text('{"JobACL": "x"}'), 'tutorial').kind).toBe('ok');
  });

  it('decodes JSON values and their text alike', () => {
    expect(decodePolicyBody(value({ Rules: 42 }), 'modern')).toEqual(policy('{"Rules":42}'));
    expect(decodePolicyBody(value({ Name: 'p', Rules: 'r' }), 'modern')).toEqual(
      policy('{"Name":"p","Rules":"r"}'),
    );
    expect(decodePolicyBody({ method: 'PUT', path: '/' }, 'modern')).toEqual({ kind: 'empty' });
    expect(decodePolicyBody(text(''), 'modern')).toEqual({ kind: 'empty' });
    expect(errorOf(decodePolicyBody(text('  '), 'modern'))).toBe('EOF');
  });
});

describe('base64 ([]byte fields)', () => {
  it.each([
    ['YWJj', null],
    ['YQ==', null],
    ['YWJj\nZA==', null],
    ['YQ==\n', null],
    ['abc', 0],
    ['YW=j', 2],
    ['YQ=', 3],
    ['Y', 0],
    ['====', 0],
    ['YWJjZA==x', 8],
    ['YWJj ZA==', 4],
    ['YWJjZGVm!2hpamtsbW5vcA==', 8],
  ])('%j', (input, offset) => {
    expect(goBase64Problem(new TextEncoder().encode(input))).toBe(
      offset === null ? null : `illegal base64 data at input byte ${offset}`,
    );
  });
});

describe('ACLToken bodies (modern: ACLToken.UnmarshalJSON, Go 1.24)', () => {
  const token = (body: string) => decodeTokenBody(text(body), 'modern');

  it.each([
    [
      '{"Policies": [1, 2]}',
      'json: cannot unmarshal number into Go struct field .Alias.Policies of type string',
    ],
    [
      '{"Policies": "readonly"}',
      'json: cannot unmarshal string into Go struct field .Alias.Policies of type []string',
    ],
    [
      '{"Global": "true"}',
      'json: cannot unmarshal string into Go struct field .Alias.Global of type bool',
    ],
    [
      '{"Name": 7}',
      'json: cannot unmarshal number into Go struct field .Alias.Name of type string',
    ],
    [
      '{"Roles": "r"}',
      'json: cannot unmarshal string into Go struct field .Alias.Roles of type []*structs.ACLTokenRoleLink',
    ],
    [
      '{"Roles": [{"ID": 5}]}',
      'json: cannot unmarshal number into Go struct field ACLTokenRoleLink.Alias.Roles.ID of type string',
    ],
    ['{"Hash": 5}', 'json: cannot unmarshal number into Go struct field .Hash of type string'],
    [
      '{"CreateIndex": -1}',
      'json: cannot unmarshal number -1 into Go struct field .Alias.CreateIndex of type uint64',
    ],
    [
      '[1]',
      'json: cannot unmarshal array into Go value of type struct { ExpirationTTL interface {}; Hash string; *structs.Alias }',
    ],
    ['{"ExpirationTTL": "soon"}', 'time: invalid duration "soon"'],
    ['{"ExpirationTTL": "1x"}', 'time: unknown unit "x" in duration "1x"'],
    ['{"ExpirationTTL": "5µ"}', 'time: unknown unit "\\xc2\\xb5" in duration "5\\xc2\\xb5"'],
    [
      '{"ExpirationTTL": [1e999]}',
      'json: cannot unmarshal number 1e999 into Go struct field .ExpirationTTL of type float64',
    ],
    [
      '{"ExpirationTTL": "soon", "Global": 1}',
      'json: cannot unmarshal number into Go struct field .Alias.Global of type bool',
    ],
    ['{"ExpirationTime": 42}', 'Time.UnmarshalJSON: input is not a JSON string'],
    [
      '{"Global": 1, "ExpirationTime": "x"}',
      'parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"',
    ],
  ])('%s -> %s', (body, message) => {
    expect(errorOf(token(body))).toBe(message);
  });

  it('reads a full token as the CLI sends it back for an update', () => {
    const decoded = valueOf(
      token(
        '{"AccessorID":"a","SecretID":"s","Name":"n","Type":"client","Policies":["p"],"Roles":[{"ID":"r","Name":""},null],"Global":true,' +
          '"Hash":"abc=","CreateTime":"2024-05-01T10:00:08.5Z","ExpirationTime":null,"ExpirationTTL":"","CreateIndex":7,"ModifyIndex":9}',
      ),
    );
    expect(decoded).toEqual({
      AccessorID: 'a',
      SecretID: 's',
      Name: 'n',
      Type: 'client',
      Policies: ['p'],
      Roles: [{ ID: 'r', Name: '' }, null],
      Global: true,
      CreateTime: 8_500,
      ExpirationTime: null,
      ExpirationTTL: 0,
    });
  });

  it('takes ExpirationTTL as a Go duration or as nanoseconds (truncated), ignoring other kinds', () => {
    expect(valueOf(token('{"ExpirationTTL": "1h30m"}')).ExpirationTTL).toBe(5_400_000);
    expect(valueOf(token('{"ExpirationTTL": 90000000000}')).ExpirationTTL).toBe(90_000);
    expect(valueOf(token('{"ExpirationTTL": 1999999.9}')).ExpirationTTL).toBe(1.999999);
    expect(valueOf(token('{"ExpirationTTL": -3e6}')).ExpirationTTL).toBe(-3);
    expect(valueOf(token('{"ExpirationTTL": true}')).ExpirationTTL).toBe(0);
    expect(valueOf(token('{"expirationttl": "2s"}')).ExpirationTTL).toBe(2_000);
  });

  it('leaves a token of null or of no known field at its zero value', () => {
    expect(valueOf(token('null'))).toMatchObject({
      Type: '',
      Policies: null,
      CreateTime: GO_ZERO_TIME,
      ExpirationTime: null,
    });
    expect(valueOf(token('{"Unknown": {"deep": [[[1]]]}}'))).toMatchObject({ Name: '' });
  });

  it('in the tutorial era is a plain ACLToken without expiry or roles, with pre-1.20 time errors', () => {
    const old = (body: string) => decodeTokenBody(text(body), 'tutorial');
    expect(errorOf(old('{"Policies": [1]}'))).toBe(
      'json: cannot unmarshal number into Go struct field ACLToken.Policies of type string',
    );
    expect(errorOf(old('{"CreateTime": "tomorrow"}'))).toBe(
      'parsing time "\\"tomorrow\\"" as "\\"2006-01-02T15:04:05Z07:00\\"": cannot parse "tomorrow\\"" as "2006"',
    );
    expect(errorOf(old('{"CreateTime": [ 1 ,\n 2 ]}'))).toBe(
      'parsing time "[ 1 ,\\x0a 2 ]" as "\\"2006-01-02T15:04:05Z07:00\\"": cannot parse "[ 1 ,\\x0a 2 ]" as "\\""',
    );
    expect(errorOf(old('{"CreateTime": "20a4-01-01T00:00:00Z"}'))).toBe(
      'parsing time "\\"20a4-01-01T00:00:00Z\\"" as "\\"2006-01-02T15:04:05Z07:00\\"": cannot parse "-01-01T00:00:00Z\\"" as "2006"',
    );
    expect(
      valueOf(old('{"ExpirationTime": "tomorrow", "Roles": 5, "ExpirationTTL": "x"}')),
    ).toMatchObject({ ExpirationTime: null, ExpirationTTL: 0, Roles: null });
  });
});

describe('time.Time (Go 1.20+ strict RFC 3339)', () => {
  const at = (s: string) =>
    unmarshalGoTime({ kind: 'string', value: s, raw: () => new TextEncoder().encode(s) }, 'strict');
  const layout = '"2006-01-02T15:04:05Z07:00"';

  it.each([
    ['tomorrow', `parsing time "tomorrow" as ${layout}: cannot parse "tomorrow" as "2006"`],
    [
      '99999-01-01T00:00:00Z',
      `parsing time "99999-01-01T00:00:00Z" as ${layout}: cannot parse "9-01-01T00:00:00Z" as "-"`,
    ],
    [
      '2025-01-01T00:00:00',
      `parsing time "2025-01-01T00:00:00" as ${layout}: cannot parse "" as "Z07:00"`,
    ],
    ['2025-13-01T00:00:00Z', 'parsing time "2025-13-01T00:00:00Z": month out of range'],
    ['2025-02-29T00:00:00Z', 'parsing time "2025-02-29T00:00:00Z": day out of range'],
    ['2025-01-01T24:00:00Z', 'parsing time "2025-01-01T24:00:00Z": hour out of range'],
    ['2025-01-01T00:00:60Z', 'parsing time "2025-01-01T00:00:60Z": second out of range'],
    [
      '2025-01-01t00:00:00Z',
      `parsing time "2025-01-01t00:00:00Z" as ${layout}: cannot parse "t00:00:00Z" as "T"`,
    ],
    [
      '2025-01-01T00:00:00z',
      `parsing time "2025-01-01T00:00:00z" as ${layout}: cannot parse "z" as "Z07:00"`,
    ],
    [
      '20a4-01-01T00:00:00Z',
      `parsing time "20a4-01-01T00:00:00Z" as ${layout}: cannot parse "20a4-01-01T00:00:00Z" as "2006"`,
    ],
    [
      '2025-01-01T00:00:00+ab:00',
      `parsing time "2025-01-01T00:00:00+ab:00" as ${layout}: cannot parse "+ab:00" as "Z07:00"`,
    ],
    [
      '2025-01-01T00:00:00+25:00',
      'parsing time "2025-01-01T00:00:00+25:00": time zone offset hour out of range',
    ],
    [
      '2025-01-01T1:00:00Z',
      `parsing time "2025-01-01T1:00:00Z" as ${layout}: cannot parse "1" as "15"`,
    ],
    [
      '2025-01-01T00:00:00,5Z',
      `parsing time "2025-01-01T00:00:00,5Z" as ${layout}: cannot parse "," as "."`,
    ],
    [
      '2025-01-01T00:00:00+24:00',
      'parsing time "2025-01-01T00:00:00+24:00": timezone hour out of range',
    ],
    [
      '2025-01-01T00:00:00+01:60',
      'parsing time "2025-01-01T00:00:00+01:60": timezone minute out of range',
    ],
    [
      '2025-01-01T00:00:00Zé',
      'parsing time "2025-01-01T00:00:00Z\\xc3\\xa9": extra text: "\\xc3\\xa9"',
    ],
    [
      '2025-01-01T00:00:00\\u005a',
      `parsing time "2025-01-01T00:00:00\\\\u005a" as ${layout}: cannot parse "\\\\u005a" as "Z07:00"`,
    ],
  ])('%s', (input, message) => {
    expect(at(input)).toEqual({ ok: false, message });
  });

  it('reads valid times, zones and fractions into virtual milliseconds', () => {
    const sim = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ns = 0) =>
      dateToSimTime({ year: y, month: mo, day: d, hour: h, minute: mi, second: s, nanosecond: ns });
    expect(at('2024-05-01T10:00:00Z')).toEqual({ ok: true, ms: 0 });
    expect(at('2024-05-01T12:30:00+02:30')).toEqual({ ok: true, ms: 0 });
    expect(at('2024-02-29T00:00:00.25Z')).toEqual({
      ok: true,
      ms: sim(2024, 2, 29, 0, 0, 0, 250_000_000),
    });
    expect(at('2025-01-01T00:00:00.1234567891234Z')).toEqual({
      ok: true,
      ms: sim(2025, 1, 1, 0, 0, 0, 123_456_789),
    });
    expect(at('0000-01-01T00:00:00Z')).toEqual({ ok: true, ms: sim(0, 1, 1) });
    expect(unmarshalGoTime({ kind: 'null' }, 'strict')).toEqual({ ok: true, keep: true });
  });
});

describe('bootstrap and job bodies', () => {
  it('decodes ACLTokenBootstrapRequest with its embedded WriteRequest and nested token', () => {
    expect(
      valueOf(
        decodeBootstrapBody(value({ BootstrapSecret: 's', ResetIndex: 3, Region: 'global' })),
      ),
    ).toEqual({ BootstrapSecret: 's' });
    expect(errorOf(decodeBootstrapBody(value({ BootstrapSecret: 5 })))).toBe(
      'json: cannot unmarshal number into Go struct field ACLTokenBootstrapRequest.BootstrapSecret of type string',
    );
    expect(errorOf(decodeBootstrapBody(value({ Region: 1 })))).toBe(
      'json: cannot unmarshal number into Go struct field ACLTokenBootstrapRequest.WriteRequest.Region of type string',
    );
    expect(errorOf(decodeBootstrapBody(value({ Forwarded: 'yes' })))).toBe(
      'json: cannot unmarshal string into Go struct field ACLTokenBootstrapRequest.WriteRequest.InternalRpcInfo.Forwarded of type bool',
    );
    expect(errorOf(decodeBootstrapBody(value({ Token: { Policies: [1] } })))).toBe(
      'json: cannot unmarshal number into Go struct field ACLTokenBootstrapRequest.Token.Alias.Policies of type string',
    );
    expect(
      errorOf(decodeBootstrapBody(value({ ResetIndex: 'x', Token: { ExpirationTime: 'x' } }))),
    ).toBe('parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"');
  });

  it('decodes api.JobRegisterRequest', () => {
    expect(
      valueOf(
        decodeJobRegisterBody(
          value({
            Job: {
              ID: 'web',
              Priority: 70,
              Datacenters: ['dc1'],
              TaskGroups: [{ Name: 'g', Count: 1 }],
            },
          }),
        ),
      ),
    ).toEqual({
      Job: { ID: 'web', Name: null, Namespace: null, Type: null, Priority: 70 },
    });
    expect(valueOf(decodeJobRegisterBody(value({})))).toEqual({ Job: null });
    expect(errorOf(decodeJobRegisterBody(value({ Job: { ID: 5 } })))).toBe(
      'json: cannot unmarshal number into Go struct field Job.Job.ID of type string',
    );
    expect(errorOf(decodeJobRegisterBody(value({ Job: { Priority: 1.5 } })))).toBe(
      'json: cannot unmarshal number 1.5 into Go struct field Job.Job.Priority of type int',
    );
    expect(errorOf(decodeJobRegisterBody(value({ Job: { TaskGroups: [{ Count: 'x' }] } })))).toBe(
      'json: cannot unmarshal string into Go struct field TaskGroup.Job.TaskGroups.Count of type int',
    );
    expect(errorOf(decodeJobRegisterBody(value({ Job: [] })))).toBe(
      'json: cannot unmarshal array into Go struct field JobRegisterRequest.Job of type api.Job',
    );
  });
});
