/**
 * What the `nomad` CLI formats for `-json` and `-t`: not the HTTP body as it arrived, but the Go
 * struct of Nomad's `api` package the body was decoded into (`api.ACLToken`,
 * `api.ACLTokenListStub`, `api.ACLPolicy`, `api.ACLPolicyListStub`). Those structs have no `Hash`
 * (the server's have), `ExpirationTTL` is a `time.Duration` (a number of nanoseconds), times are
 * `time.Time`. This file turns a body into that struct, as JSON for `-json` and as typed values
 * for `-t` templates (./go-template.ts).
 *
 * JSON: 2.x prints with go-codec (`JsonHandle{Indent: 4, HTMLCharsAsIs: true}`), which writes
 * struct fields sorted by name and leaves `<`, `>`, `&` as they are; but `api.ACLToken` has its
 * own `MarshalJSON` in 2.x, whose compact text go-codec writes as it is (`apiTokenMarshalJson`:
 * one line, `ExpirationTTL` as a duration string first). Nomad 1.5.0, before that method, printed
 * tokens sorted and indented with `"ExpirationTTL": 600000000000` (PR #16055). The older profiles
 * keep `encoding/json`'s struct order and HTML escaping.
 */
import type { JsonValue } from '../../server/http.js';
import { parseGoDuration, formatGoDuration } from '../../acl/index.js';
import type { VersionProfile } from '../../acl/index.js';
import { goTimeStringFromRfc3339, isGoZeroTimeText } from './go-time.js';
import { goJsonCompact } from './go-json.js';
import { goBool, goInt, goString, type GoValue } from './go-template.js';

/** The API objects the ACL commands format. */
export type ApiKind = 'token' | 'token-stub' | 'policy' | 'policy-stub';

type FieldType =
  | 'string'
  | 'bool'
  | 'uint64'
  | 'time'
  | 'time-pointer'
  | 'duration'
  | 'strings'
  | 'role-links'
  | 'job-acl';

/** Go types of every field the api structs may have. */
const FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  AccessorID: 'string',
  SecretID: 'string',
  Name: 'string',
  Type: 'string',
  Description: 'string',
  Rules: 'string',
  Policies: 'strings',
  Roles: 'role-links',
  Global: 'bool',
  CreateTime: 'time',
  ExpirationTime: 'time-pointer',
  ExpirationTTL: 'duration',
  JobACL: 'job-acl',
  CreateIndex: 'uint64',
  ModifyIndex: 'uint64',
};

const GO_TYPE_NAMES: Readonly<Record<ApiKind, string>> = {
  token: 'api.ACLToken',
  'token-stub': 'api.ACLTokenListStub',
  policy: 'api.ACLPolicy',
  'policy-stub': 'api.ACLPolicyListStub',
};

/** The struct's fields in declaration order, for the profile's Nomad. */
export function apiFields(kind: ApiKind, profile: VersionProfile): readonly string[] {
  switch (kind) {
    case 'token':
      return profile.tokenJsonFields.filter((f) => f !== 'Hash');
    case 'token-stub':
      return profile.tokenStubJsonFields.filter((f) => f !== 'Hash');
    case 'policy':
      return profile.tokenRolesSupported
        ? ['Name', 'Description', 'Rules', 'JobACL', 'CreateIndex', 'ModifyIndex']
        : ['Name', 'Description', 'Rules', 'CreateIndex', 'ModifyIndex'];
    case 'policy-stub':
      return ['Name', 'Description', 'CreateIndex', 'ModifyIndex'];
  }
}

function asRecord(value: JsonValue): Readonly<Record<string, JsonValue>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** Nanoseconds of a duration field, whatever form the body used (`"10m0s"`, `""`, a number). */
function durationNanos(value: JsonValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return 0;
  const parsed = parseGoDuration(value);
  return parsed.ok ? parsed.ms * 1_000_000 : 0;
}

/** The JSON the struct encodes to (`-json`), one object. */
function objectJson(kind: ApiKind, body: JsonValue, profile: VersionProfile): JsonValue {
  const source = asRecord(body);
  const out: Record<string, JsonValue> = {};
  for (const field of apiFields(kind, profile)) {
    const value = source[field];
    switch (FIELD_TYPES[field]) {
      case 'duration':
        out[field] = durationNanos(value);
        break;
      case 'uint64':
        out[field] = typeof value === 'number' ? value : 0;
        break;
      case 'bool':
        out[field] = value === true;
        break;
      case 'string':
      case 'time':
        out[field] = typeof value === 'string' ? value : '';
        break;
      default:
        out[field] = value ?? null;
    }
  }
  return out;
}

/** The api struct(s) of `body` as JSON: one object, or a list for the `-stub` kinds. */
export function apiJson(kind: ApiKind, body: JsonValue, profile: VersionProfile): JsonValue {
  if (kind === 'token-stub' || kind === 'policy-stub')
    return Array.isArray(body) ? body.map((item) => objectJson(kind, item, profile)) : [];
  return objectJson(kind, body, profile);
}

// --- template values ------------------------------------------------------------------------

function timeValue(text: string): GoValue {
  return { kind: 'stringer', type: 'time.Time', text: goTimeStringFromRfc3339(text) ?? text };
}

function fieldValue(field: string, value: JsonValue | undefined): GoValue {
  switch (FIELD_TYPES[field]) {
    case 'string':
      return goString(typeof value === 'string' ? value : '');
    case 'bool':
      return goBool(value === true);
    case 'uint64':
      return goInt(typeof value === 'number' ? value : 0, 'uint64');
    case 'time':
      return typeof value === 'string' && value !== ''
        ? timeValue(value)
        : timeValue('0001-01-01T00:00:00Z');
    case 'time-pointer':
      return typeof value === 'string' && value !== '' && !isGoZeroTimeText(value)
        ? timeValue(value)
        : { kind: 'nil', type: '*time.Time' };
    case 'duration':
      return {
        kind: 'stringer',
        type: 'time.Duration',
        text: formatGoDuration(durationNanos(value) / 1_000_000),
      };
    case 'strings':
      return Array.isArray(value)
        ? { kind: 'slice', type: '[]string', items: value.map((v) => goString(String(v))) }
        : { kind: 'nil', type: '[]string' };
    case 'role-links':
      return Array.isArray(value)
        ? {
            kind: 'slice',
            type: '[]*api.ACLTokenRoleLink',
            items: value.map((link) => {
              const record = asRecord(link);
              return {
                kind: 'struct',
                type: '*api.ACLTokenRoleLink',
                pointer: true,
                fields: new Map([
                  ['ID', goString(String(record['ID'] ?? ''))],
                  ['Name', goString(String(record['Name'] ?? ''))],
                ]),
              };
            }),
          }
        : { kind: 'nil', type: '[]*api.ACLTokenRoleLink' };
    case 'job-acl': {
      if (
        value === null ||
        value === undefined ||
        typeof value !== 'object' ||
        Array.isArray(value)
      )
        return { kind: 'nil', type: '*api.JobACL' };
      const record = asRecord(value);
      return {
        kind: 'struct',
        type: '*api.JobACL',
        pointer: true,
        fields: new Map(
          ['Namespace', 'JobID', 'Group', 'Task'].map((key) => [
            key,
            goString(typeof record[key] === 'string' ? (record[key] as string) : ''),
          ]),
        ),
      };
    }
    default:
      return goString(typeof value === 'string' ? value : JSON.stringify(value ?? null));
  }
}

function objectValue(kind: ApiKind, body: JsonValue, profile: VersionProfile): GoValue {
  const source = asRecord(body);
  const fields = new Map<string, GoValue>();
  for (const field of apiFields(kind, profile)) fields.set(field, fieldValue(field, source[field]));
  return { kind: 'struct', type: `*${GO_TYPE_NAMES[kind]}`, pointer: true, fields };
}

/** The api struct(s) of `body` as template data: `*api.X`, or `[]*api.X` for the `-stub` kinds. */
export function apiTemplateData(kind: ApiKind, body: JsonValue, profile: VersionProfile): GoValue {
  if (kind === 'token-stub' || kind === 'policy-stub')
    return {
      kind: 'slice',
      type: `[]*${GO_TYPE_NAMES[kind]}`,
      items: Array.isArray(body) ? body.map((item) => objectValue(kind, item, profile)) : [],
    };
  return objectValue(kind, body, profile);
}

/**
 * `api.ACLToken.MarshalJSON` (2.x): encoding/json of `struct { ExpirationTTL string; *Alias }`,
 * compact and HTML-escaped: `ExpirationTTL` (`""` when zero, else Go's duration text) first, then
 * the token's fields in declaration order with `ExpirationTime` omitted when unset.
 */
export function apiTokenMarshalJson(body: JsonValue, profile: VersionProfile): string {
  const nanos = durationNanos(asRecord(body)['ExpirationTTL']);
  const out: Record<string, JsonValue> = {
    ExpirationTTL: nanos === 0 ? '' : formatGoDuration(nanos / 1_000_000),
  };
  for (const [field, value] of Object.entries(asRecord(objectJson('token', body, profile)))) {
    if (field === 'ExpirationTTL') continue;
    if (field === 'ExpirationTime' && (value === null || value === '')) continue;
    out[field] = value;
  }
  return goJsonCompact(out);
}
