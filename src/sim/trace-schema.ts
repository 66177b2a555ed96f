/**
 * The trace contract as data: for every kind, each field and the type of its value. An
 * independent checker (or the timeline page) can rely on it; `validateTraceRecord` checks one
 * parsed JSON line against it, and the tests run it over every record of real runs. The mapped
 * type below makes the compiler insist that every kind of `TraceKinds` has an entry here and that
 * every field of a kind is described.
 */
import type { ReplicatedObjectKind, TraceKind, TraceKinds } from './trace.js';

/** The JSON type of a field's value. */
export type FieldType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'string|null'
  | 'string[]'
  | 'string[][]'
  | 'object';

/** A field's type, and whether it may be left out. */
export interface FieldSpec {
  readonly type: FieldType;
  readonly optional?: true;
  /** The allowed values, when the field is an enumeration. */
  readonly oneOf?: readonly string[];
}

type Fields<T> = { readonly [F in keyof T]-?: FieldSpec };

const str: FieldSpec = { type: 'string' };
const int: FieldSpec = { type: 'integer' };
const regionServer = { region: str, server: str };
const netFields = { from: str, to: str, what: str, bytes: int, msg: int };
const REPLICATED_OBJECT_KINDS = [
  'roles',
  'auth-methods',
  'binding-rules',
  'namespaces',
  'node-pools',
] as const satisfies readonly ReplicatedObjectKind[];

/** Every trace kind with its fields (besides `t` and `kind`, which every record has). */
export const TRACE_SCHEMA: { readonly [K in TraceKind]: Fields<TraceKinds[K]> } = {
  'server.start': regionServer,
  'server.stop': { ...regionServer, crash: { type: 'boolean' } },
  'raft.role': {
    ...regionServer,
    term: int,
    role: { type: 'string', oneOf: ['follower', 'candidate', 'leader'] },
  },
  'raft.commit': { ...regionServer, index: int, term: int },
  'raft.apply': { ...regionServer, index: int, term: int, type: str, digest: str },
  'raft.snapshot': {
    ...regionServer,
    index: int,
    term: int,
    how: { type: 'string', oneOf: ['taken', 'installed'] },
  },
  'raft.vote': { ...regionServer, term: int, votedFor: str },
  'server.config': { ...regionServer, file: str, text: str },
  'acl.apply': {
    ...regionServer,
    index: int,
    what: { type: 'string', oneOf: ['policies', 'tokens'] },
    upserted: { type: 'string[]' },
    deleted: { type: 'string[]' },
  },
  'acl.tables': {
    ...regionServer,
    index: int,
    policies: { type: 'string[]' },
    tokens: { type: 'string[]' },
  },
  'raft.append': { ...regionServer, first: int, last: int, term: int, types: { type: 'string[]' } },
  'net.fault': {
    what: str,
    between: { type: 'string[][]', optional: true },
    names: { type: 'string[][]', optional: true },
    value: { type: 'number', optional: true },
  },
  'net.send': netFields,
  'net.deliver': netFields,
  'net.drop': {
    ...netFields,
    reason: { type: 'string', oneOf: ['loss', 'partition', 'down', 'restarted'] },
  },
  'client.request': { id: str, ...regionServer, operation: str },
  'client.response': {
    id: str,
    ...regionServer,
    entryRegion: str,
    entryServer: str,
    operation: str,
    write: { type: 'boolean' },
    status: int,
    index: int,
    error: { type: 'string|null' },
  },
  'acl.replicate': {
    region: str,
    what: { type: 'string', oneOf: ['policies', 'tokens'] },
    upserted: int,
    deleted: int,
    remoteIndex: int,
    error: { type: 'string|null' },
  },
  'acl.replicate.object': {
    region: str,
    what: { type: 'string', oneOf: ['policies', 'tokens'] },
    id: str,
    action: { type: 'string', oneOf: ['upsert', 'delete'] },
    remoteIndex: int,
  },
  'replicate.round': {
    region: str,
    what: { type: 'string', oneOf: REPLICATED_OBJECT_KINDS },
    upserted: int,
    deleted: int,
    remoteIndex: int,
    error: { type: 'string|null' },
  },
  'replicate.object': {
    region: str,
    what: { type: 'string', oneOf: REPLICATED_OBJECT_KINDS },
    id: str,
    action: { type: 'string', oneOf: ['upsert', 'delete'] },
    remoteIndex: int,
  },
  log: {
    ...regionServer,
    level: { type: 'string', oneOf: ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] },
    message: str,
    fields: { type: 'object', optional: true },
  },
  'sim.note': { text: str },
  'scenario.transcript': { since: int, text: str },
};

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string|null':
      return value === null || typeof value === 'string';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'string[][]':
      return (
        Array.isArray(value) &&
        value.every((v) => Array.isArray(v) && v.every((w) => typeof w === 'string'))
      );
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** Null when `record` (a parsed trace line) follows the schema, else what is wrong with it. */
export function validateTraceRecord(record: unknown): string | null {
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    return 'a record must be a JSON object';
  const fields = record as Record<string, unknown>;
  const keys = Object.keys(fields);
  if (keys[0] !== 't' || keys[1] !== 'kind') return 'a record must start with "t" then "kind"';
  if (!Number.isSafeInteger(fields.t) || (fields.t as number) < 0)
    return '"t" must be a whole number of virtual ms';
  const kind = fields.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(TRACE_SCHEMA, kind))
    return `unknown kind ${JSON.stringify(kind)}`;
  const schema = TRACE_SCHEMA[kind as TraceKind] as Readonly<Record<string, FieldSpec>>;
  for (const [name, spec] of Object.entries(schema)) {
    if (!Object.hasOwn(fields, name)) {
      if (spec.optional === true) continue;
      return `${kind}: missing field "${name}"`;
    }
    const value = fields[name];
    if (!hasType(value, spec.type))
      return `${kind}: field "${name}" must be ${spec.type}, got ${JSON.stringify(value)}`;
    if (spec.oneOf !== undefined && !spec.oneOf.includes(value as string))
      return `${kind}: field "${name}" must be one of ${spec.oneOf.join(', ')}`;
  }
  for (const name of keys.slice(2))
    if (!Object.hasOwn(schema, name)) return `${kind}: unexpected field "${name}"`;
  return null;
}
