/**
 * What `-json` and `-t` format for the commands of the replicated objects (ACL roles, auth
 * methods, binding rules, namespaces, node pools): the struct of Nomad's `api` package the HTTP
 * body was decoded into (`api.ACLRoleListStub`, `api.ACLAuthMethod`, `api.Namespace`, ...), not
 * the body itself. The `api` structs have no `Hash` (the server's have), durations are
 * `time.Duration`, times `time.Time`, and a nil pointer or map stays nil.
 *
 * JSON: 2.x encodes with go-codec, fields sorted by name; a value whose type has its own
 * `MarshalJSON` (`*api.ACLAuthMethod`: `MaxTokenTTL` as duration text first, its `Config`'s three
 * leeways likewise; `*api.NodePool`: `NodeIdentityTTL` first) is written as that method's compact,
 * HTML-escaped text, also inside an indented list. encoding/json (Nomad before 1.2's go-codec
 * output) would keep declaration order; only 2.x formats these objects.
 */
import { formatGoDuration, parseGoDuration } from '../../acl/index.js';
import type { JsonValue } from '../../server/http.js';
import { goCodecJsonIndent, goJsonCompact, goJsonIndent } from './go-json.js';
import { type GoValue, goBool, goInt, goString } from './go-template.js';
import { goTimeStringFromRfc3339 } from './go-time.js';

interface StructSchema {
  readonly goType: string;
  readonly fields: readonly (readonly [string, FieldType])[];
}

type FieldType =
  | 'string'
  | 'bool'
  | 'uint64'
  | 'time'
  | 'duration'
  | 'strings'
  | 'string-map'
  | { readonly pointer: StructSchema }
  | { readonly slice: StructSchema };

const ROLE_POLICY_LINK: StructSchema = {
  goType: 'api.ACLRolePolicyLink',
  fields: [['Name', 'string']],
};

const ROLE_FIELDS: StructSchema['fields'] = [
  ['ID', 'string'],
  ['Name', 'string'],
  ['Description', 'string'],
  ['Policies', { slice: ROLE_POLICY_LINK }],
  ['CreateIndex', 'uint64'],
  ['ModifyIndex', 'uint64'],
];

const AUTH_METHOD_CONFIG: StructSchema = {
  goType: 'api.ACLAuthMethodConfig',
  fields: [
    ['JWTValidationPubKeys', 'strings'],
    ['JWKSURL', 'string'],
    ['OIDCDiscoveryURL', 'string'],
    ['OIDCClientID', 'string'],
    ['OIDCClientSecret', 'string'],
    ['OIDCScopes', 'strings'],
    ['BoundAudiences', 'strings'],
    ['BoundIssuer', 'strings'],
    ['AllowedRedirectURIs', 'strings'],
    ['DiscoveryCaPem', 'strings'],
    ['JWKSCACert', 'string'],
    ['SigningAlgs', 'strings'],
    ['ExpirationLeeway', 'duration'],
    ['NotBeforeLeeway', 'duration'],
    ['ClockSkewLeeway', 'duration'],
    ['ClaimMappings', 'string-map'],
    ['ListClaimMappings', 'string-map'],
  ],
};

const NIL_STRUCT = (goType: string): StructSchema => ({ goType, fields: [] });

const SCHEMAS = {
  role: { goType: 'api.ACLRole', fields: ROLE_FIELDS },
  'role-stub': { goType: 'api.ACLRoleListStub', fields: ROLE_FIELDS },
  'auth-method': {
    goType: 'api.ACLAuthMethod',
    fields: [
      ['Name', 'string'],
      ['Type', 'string'],
      ['TokenLocality', 'string'],
      ['TokenNameFormat', 'string'],
      ['MaxTokenTTL', 'duration'],
      ['Default', 'bool'],
      ['Config', { pointer: AUTH_METHOD_CONFIG }],
      ['CreateTime', 'time'],
      ['ModifyTime', 'time'],
      ['CreateIndex', 'uint64'],
      ['ModifyIndex', 'uint64'],
    ],
  },
  'auth-method-stub': {
    goType: 'api.ACLAuthMethodListStub',
    fields: [
      ['Name', 'string'],
      ['Type', 'string'],
      ['Default', 'bool'],
      ['CreateIndex', 'uint64'],
      ['ModifyIndex', 'uint64'],
    ],
  },
  'binding-rule': {
    goType: 'api.ACLBindingRule',
    fields: [
      ['ID', 'string'],
      ['Description', 'string'],
      ['AuthMethod', 'string'],
      ['Selector', 'string'],
      ['BindType', 'string'],
      ['BindName', 'string'],
      ['CreateTime', 'time'],
      ['ModifyTime', 'time'],
      ['CreateIndex', 'uint64'],
      ['ModifyIndex', 'uint64'],
    ],
  },
  'binding-rule-stub': {
    goType: 'api.ACLBindingRuleListStub',
    fields: [
      ['ID', 'string'],
      ['Description', 'string'],
      ['AuthMethod', 'string'],
      ['CreateIndex', 'uint64'],
      ['ModifyIndex', 'uint64'],
    ],
  },
  namespace: {
    goType: 'api.Namespace',
    fields: [
      ['Name', 'string'],
      ['Description', 'string'],
      ['Quota', 'string'],
      ['Capabilities', { pointer: NIL_STRUCT('api.NamespaceCapabilities') }],
      ['NodePoolConfiguration', { pointer: NIL_STRUCT('api.NamespaceNodePoolConfiguration') }],
      ['VaultConfiguration', { pointer: NIL_STRUCT('api.NamespaceVaultConfiguration') }],
      ['ConsulConfiguration', { pointer: NIL_STRUCT('api.NamespaceConsulConfiguration') }],
      ['Meta', 'string-map'],
      ['CreateIndex', 'uint64'],
      ['ModifyIndex', 'uint64'],
    ],
  },
  'node-pool': {
    goType: 'api.NodePool',
    fields: [
      ['Name', 'string'],
      ['Description', 'string'],
      ['Meta', 'string-map'],
      ['SchedulerConfiguration', { pointer: NIL_STRUCT('api.NodePoolSchedulerConfiguration') }],
      ['NodeIdentityTTL', 'duration'],
      ['CreateIndex', 'uint64'],
      ['ModifyIndex', 'uint64'],
    ],
  },
} satisfies Record<string, StructSchema>;

/** The api structs the object commands format. */
export type ApiObjectKind = keyof typeof SCHEMAS;

/** Whether the command formats one struct (`*api.X`) or a list (`[]*api.X`). */
export type ApiObjectShape = 'one' | 'list';

function asRecord(value: JsonValue | undefined): Readonly<Record<string, JsonValue>> {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? value
    : {};
}

function isNil(value: JsonValue | undefined): boolean {
  return value === null || value === undefined;
}

/** Nanoseconds of a duration field, whatever form the body used (`"1h0m0s"`, `""`, a number). */
function durationNanos(value: JsonValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return 0;
  const parsed = parseGoDuration(value);
  return parsed.ok ? parsed.ms * 1_000_000 : 0;
}

/** `time.Duration.String()` where MarshalJSON writes it, `""` for zero. */
function durationMarshalText(value: JsonValue | undefined): string {
  const nanos = durationNanos(value);
  return nanos === 0 ? '' : formatGoDuration(nanos / 1_000_000);
}

function stringList(value: JsonValue | undefined): JsonValue {
  return Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : '')) : null;
}

function stringMap(value: JsonValue | undefined): JsonValue {
  if (isNil(value)) return null;
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(asRecord(value)))
    out[key] = typeof item === 'string' ? item : '';
  return out;
}

// --- JSON --------------------------------------------------------------------------------------

/** The struct's fields as encoding/json or go-codec sees them (durations in nanoseconds). */
function structJson(schema: StructSchema, body: JsonValue | undefined): Record<string, JsonValue> {
  const source = asRecord(body);
  const out: Record<string, JsonValue> = {};
  for (const [field, type] of schema.fields) {
    const value = source[field];
    if (type === 'string') out[field] = typeof value === 'string' ? value : '';
    else if (type === 'bool') out[field] = value === true;
    else if (type === 'uint64') out[field] = typeof value === 'number' ? value : 0;
    else if (type === 'time')
      out[field] = typeof value === 'string' && value !== '' ? value : '0001-01-01T00:00:00Z';
    else if (type === 'duration') out[field] = durationNanos(value);
    else if (type === 'strings') out[field] = stringList(value);
    else if (type === 'string-map') out[field] = stringMap(value);
    else if ('pointer' in type)
      out[field] =
        isNil(value) || type.pointer.fields.length === 0 ? null : structJson(type.pointer, value);
    else
      out[field] = Array.isArray(value) ? value.map((item) => structJson(type.slice, item)) : null;
  }
  return out;
}

/** `api.ACLAuthMethodConfig.MarshalJSON`: the three leeways as duration text first. */
function authMethodConfigMarshal(body: JsonValue | undefined): JsonValue {
  if (isNil(body)) return null;
  const fields = structJson(AUTH_METHOD_CONFIG, body);
  const out: Record<string, JsonValue> = {};
  for (const leeway of ['ExpirationLeeway', 'NotBeforeLeeway', 'ClockSkewLeeway'])
    out[leeway] = durationMarshalText(asRecord(body)[leeway]);
  for (const [field, value] of Object.entries(fields)) if (!(field in out)) out[field] = value;
  return out;
}

/** A struct with its own `MarshalJSON`: the object that method encodes, or null when it has none. */
function marshalerJson(kind: ApiObjectKind, body: JsonValue): Record<string, JsonValue> | null {
  if (kind === 'auth-method') {
    const out: Record<string, JsonValue> = {
      MaxTokenTTL: durationMarshalText(asRecord(body)['MaxTokenTTL']),
    };
    for (const [field, value] of Object.entries(structJson(SCHEMAS[kind], body)))
      if (field !== 'MaxTokenTTL')
        out[field] = field === 'Config' ? authMethodConfigMarshal(asRecord(body)['Config']) : value;
    return out;
  }
  if (kind === 'node-pool') {
    const out: Record<string, JsonValue> = {
      NodeIdentityTTL: durationMarshalText(asRecord(body)['NodeIdentityTTL']),
    };
    for (const [field, value] of Object.entries(structJson(SCHEMAS[kind], body)))
      if (field !== 'NodeIdentityTTL') out[field] = value;
    return out;
  }
  return null;
}

const INDENT = '    ';

/** go-codec's indented text of one struct (or its MarshalJSON text as it is). */
function goCodecOne(kind: ApiObjectKind, body: JsonValue): string {
  const marshaled = marshalerJson(kind, body);
  return marshaled !== null
    ? goJsonCompact(marshaled)
    : goCodecJsonIndent(structJson(SCHEMAS[kind], body));
}

/** The `-json` text of `body`, as the profile's Nomad prints the api struct(s). */
export function apiObjectJson(
  kind: ApiObjectKind,
  shape: ApiObjectShape,
  body: JsonValue,
  encoder: 'go-codec' | 'encoding-json',
): string {
  if (encoder === 'encoding-json') {
    const one = (item: JsonValue): JsonValue =>
      marshalerJson(kind, item) ?? structJson(SCHEMAS[kind], item);
    return goJsonIndent(shape === 'list' ? (Array.isArray(body) ? body.map(one) : []) : one(body));
  }
  if (shape === 'one') return goCodecOne(kind, body);
  const items = Array.isArray(body) ? body : [];
  if (items.length === 0) return '[]';
  const lines = items.map(
    (item) => INDENT + goCodecOne(kind, item).split('\n').join(`\n${INDENT}`),
  );
  return `[\n${lines.join(',\n')}\n]`;
}

// --- template values ---------------------------------------------------------------------------

function fieldValue(type: FieldType, value: JsonValue | undefined): GoValue {
  if (type === 'string') return goString(typeof value === 'string' ? value : '');
  if (type === 'bool') return goBool(value === true);
  if (type === 'uint64') return goInt(typeof value === 'number' ? value : 0, 'uint64');
  if (type === 'time') {
    const text = typeof value === 'string' && value !== '' ? value : '0001-01-01T00:00:00Z';
    return { kind: 'stringer', type: 'time.Time', text: goTimeStringFromRfc3339(text) ?? text };
  }
  if (type === 'duration')
    return {
      kind: 'stringer',
      type: 'time.Duration',
      text: formatGoDuration(durationNanos(value) / 1_000_000),
    };
  if (type === 'strings')
    return Array.isArray(value)
      ? {
          kind: 'slice',
          type: '[]string',
          items: value.map((v) => goString(typeof v === 'string' ? v : '')),
        }
      : { kind: 'nil', type: '[]string' };
  if (type === 'string-map') {
    const entries = new Map<string, GoValue>();
    for (const [key, item] of Object.entries(asRecord(value)))
      entries.set(key, goString(typeof item === 'string' ? item : ''));
    return { kind: 'map', type: 'map[string]string', entries, zero: goString('') };
  }
  if ('pointer' in type)
    return isNil(value) || type.pointer.fields.length === 0
      ? { kind: 'nil', type: `*${type.pointer.goType}` }
      : structValue(type.pointer, value);
  return Array.isArray(value)
    ? {
        kind: 'slice',
        type: `[]*${type.slice.goType}`,
        items: value.map((item) => structValue(type.slice, item)),
      }
    : { kind: 'nil', type: `[]*${type.slice.goType}` };
}

function structValue(schema: StructSchema, body: JsonValue | undefined): GoValue {
  const source = asRecord(body);
  const fields = new Map<string, GoValue>();
  for (const [field, type] of schema.fields) fields.set(field, fieldValue(type, source[field]));
  return { kind: 'struct', type: `*${schema.goType}`, pointer: true, fields };
}

/** The api struct(s) of `body` as `-t` template data: `*api.X`, or `[]*api.X` for a list. */
export function apiObjectTemplateData(
  kind: ApiObjectKind,
  shape: ApiObjectShape,
  body: JsonValue,
): GoValue {
  const schema = SCHEMAS[kind];
  if (shape === 'one') return structValue(schema, body);
  return {
    kind: 'slice',
    type: `[]*${schema.goType}`,
    items: Array.isArray(body) ? body.map((item) => structValue(schema, item)) : [],
  };
}
