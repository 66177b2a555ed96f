/**
 * The request bodies of the HTTP API, decoded against the Go structs Nomad's handlers decode them
 * into, before anything else touches them (spec §9; `command/agent/acl_endpoint.go`,
 * `job_endpoint.go`): `structs.ACLPolicy`, `structs.ACLToken` (with its own `UnmarshalJSON`),
 * `structs.ACLTokenBootstrapRequest` and `api.JobRegisterRequest`. Each decoder yields a typed
 * value, or Go's error text (`json: cannot unmarshal number into Go struct field
 * ACLPolicy.Rules of type string`, `invalid character '}' looking for beginning of value`,
 * `parsing time "tomorrow" as "2006-01-02T15:04:05Z07:00": ...`) for the route to answer with.
 *
 * The two eras decode different structs with different Go versions:
 * - modern (Nomad 2.x, Go 1.24+): the token goes through `ACLToken.UnmarshalJSON`, which decodes
 *   into an anonymous struct embedding `*Alias`, so its errors read `Go struct field
 *   .Alias.Policies` (Go 1.24 names embedded structs in the path); `ExpirationTTL` is taken as a
 *   Go duration string or a number of nanoseconds; times are strict RFC 3339.
 * - tutorial (Nomad 1.0, Go 1.15): a plain `structs.ACLToken` without roles or expiry
 *   (`Go struct field ACLToken.Policies`); times go through the quoted-layout `time.Parse`.
 *
 * Known simplifications: `RulesJSON`, the bootstrap request's `Submission` and the fields of
 * `api.Job` the simulator does not keep are checked only for being an object (or are ignored),
 * where Go would type-check their insides too.
 */
import {
  goStruct,
  field,
  goString,
  goBool,
  goUint64,
  goInt,
  goBytes,
  goSlice,
  goPointer,
  goAny,
  goTime,
  goOpaqueStruct,
  goUnmarshaler,
  decodeGo,
  type GoType,
  type GoAny,
  type Decoded,
} from './go-json-decode.js';
import { jsonNodeFromValue, type JsonNode, type JsonRead } from './json-node.js';
import { readJsonText } from './json-text-reader.js';
import { GO_ZERO_TIME, parseGoDuration, type ProfileName } from '../acl/index.js';
import type { ApiRequest } from '../server/http.js';

// ---------------------------------------------------------------------------------------------
// Decoded shapes, as the routes use them

/** `structs.ACLPolicy` as a write sends it. */
export interface PolicyBody {
  readonly Name: string;
  readonly Description: string;
  readonly Rules: string;
  /** The attached workload (1.7+); null when none or in a version without it. */
  readonly JobACL: JobAclBody | null;
}

/** `structs.JobACL`. */
export interface JobAclBody {
  readonly Namespace: string;
  readonly JobID: string;
  readonly Group: string;
  readonly Task: string;
}

/** A role link of a token body; a `null` element of `Roles` decodes as nil. */
export interface RoleLinkBody {
  readonly ID: string;
  readonly Name: string;
}

/** `structs.ACLToken` as a create/update sends it. Times in virtual ms (Go's zero time = unset). */
export interface TokenBody {
  readonly AccessorID: string;
  readonly SecretID: string;
  readonly Name: string;
  readonly Type: string;
  readonly Policies: readonly string[] | null;
  readonly Roles: readonly (RoleLinkBody | null)[] | null;
  readonly Global: boolean;
  readonly CreateTime: number;
  readonly ExpirationTime: number | null;
  /** Milliseconds. */
  readonly ExpirationTTL: number;
}

/** `structs.ACLTokenBootstrapRequest`: the only field Nomad reads is the operator's secret. */
export interface BootstrapBody {
  readonly BootstrapSecret: string;
}

/** The part of `api.Job` the simulator keeps; nil pointers are `null`. */
export interface JobBody {
  readonly ID: string | null;
  readonly Name: string | null;
  readonly Namespace: string | null;
  readonly Type: string | null;
  readonly Priority: number | null;
}

/** `api.JobRegisterRequest`. */
export interface JobRegisterBody {
  readonly Job: JobBody | null;
}

// ---------------------------------------------------------------------------------------------
// Go structs

const ROLE_LINK = goStruct<RoleLinkBody>('ACLTokenRoleLink', 'structs.ACLTokenRoleLink', {
  ID: field(goString),
  Name: field(goString),
});

const JOB_ACL = goStruct<JobAclBody>('JobACL', 'structs.JobACL', {
  Namespace: field(goString),
  JobID: field(goString),
  Group: field(goString),
  Task: field(goString),
});

const POLICY_FIELDS = {
  Name: field(goString),
  Description: field(goString),
  Rules: field(goString),
  RulesJSON: field(goPointer(goOpaqueStruct('acl.Policy'))),
};

const POLICY_MODERN = goStruct('ACLPolicy', 'structs.ACLPolicy', {
  ...POLICY_FIELDS,
  JobACL: field(goPointer(JOB_ACL)),
  Hash: field(goBytes),
  CreateIndex: field(goUint64),
  ModifyIndex: field(goUint64),
});

const POLICY_TUTORIAL = goStruct('ACLPolicy', 'structs.ACLPolicy', {
  ...POLICY_FIELDS,
  Hash: field(goBytes),
  CreateIndex: field(goUint64),
  ModifyIndex: field(goUint64),
});

const ALIAS = ['Alias'];

/** The anonymous struct `ACLToken.UnmarshalJSON` decodes into; its own fields hide Alias's. */
const TOKEN_AUX = goStruct(
  '',
  'struct { ExpirationTTL interface {}; Hash string; *structs.Alias }',
  {
    ExpirationTTL: field(goAny),
    Hash: field(goString),
    AccessorID: field(goString, ALIAS),
    SecretID: field(goString, ALIAS),
    Name: field(goString, ALIAS),
    Type: field(goString, ALIAS),
    Policies: field(goSlice(goString), ALIAS),
    Roles: field(goSlice(goPointer(ROLE_LINK)), ALIAS),
    Global: field(goBool, ALIAS),
    CreateTime: field(goTime('strict'), ALIAS),
    ExpirationTime: field(goPointer(goTime('strict')), ALIAS),
    CreateIndex: field(goUint64, ALIAS),
    ModifyIndex: field(goUint64, ALIAS),
  },
);

type TokenAux = ReturnType<typeof TOKEN_AUX.zero>;

const EMPTY_TOKEN: TokenBody = {
  AccessorID: '',
  SecretID: '',
  Name: '',
  Type: '',
  Policies: null,
  Roles: null,
  Global: false,
  CreateTime: GO_ZERO_TIME,
  ExpirationTime: null,
  ExpirationTTL: 0,
};

/** Largest magnitude of an int64 nanosecond duration. */
const INT64_LIMIT = 2 ** 63;

/**
 * The end of `ACLToken.UnmarshalJSON`: a non-empty `ExpirationTTL` string must parse as a Go
 * duration (its error is returned as is); a number is nanoseconds, truncated to an integer as
 * Go's float-to-int64 conversion does.
 */
function finishToken(aux: TokenAux, ttlBefore: number): Decoded<TokenBody> {
  const { ExpirationTTL: ttl, Hash: _hash, CreateIndex: _c, ModifyIndex: _m, ...rest } = aux;
  let expirationTtl = ttlBefore;
  const given: GoAny = ttl;
  if (given.kind === 'string' && given.value !== '') {
    const parsed = parseGoDuration(given.value);
    if (!parsed.ok) return { ok: false, error: { kind: 'text', message: parsed.message } };
    expirationTtl = parsed.ms;
  } else if (given.kind === 'float64') {
    const ns = Math.abs(given.value) >= INT64_LIMIT ? -INT64_LIMIT : Math.trunc(given.value);
    expirationTtl = ns / 1e6;
  }
  return { ok: true, value: { ...rest, ExpirationTTL: expirationTtl } };
}

const TOKEN_MODERN: GoType<TokenBody> = goUnmarshaler<TokenBody, TokenAux>({
  name: 'structs.ACLToken',
  zero: () => EMPTY_TOKEN,
  aux: TOKEN_AUX,
  toAux: (current) => ({
    ...current,
    ExpirationTTL: { kind: 'nil' },
    Hash: '',
    CreateIndex: 0,
    ModifyIndex: 0,
  }),
  finish: (aux, current) => finishToken(aux, current.ExpirationTTL),
});

const TOKEN_TUTORIAL = goStruct('ACLToken', 'structs.ACLToken', {
  AccessorID: field(goString),
  SecretID: field(goString),
  Name: field(goString),
  Type: field(goString),
  Policies: field(goSlice(goString)),
  Global: field(goBool),
  Hash: field(goBytes),
  CreateTime: field(goTime('quoted-layout')),
  CreateIndex: field(goUint64),
  ModifyIndex: field(goUint64),
});

const WRITE_REQUEST = ['WriteRequest'];

const BOOTSTRAP_REQUEST = goStruct('ACLTokenBootstrapRequest', 'structs.ACLTokenBootstrapRequest', {
  Token: field(goPointer(TOKEN_MODERN)),
  ResetIndex: field(goUint64),
  BootstrapSecret: field(goString),
  Region: field(goString, WRITE_REQUEST),
  Namespace: field(goString, WRITE_REQUEST),
  AuthToken: field(goString, WRITE_REQUEST),
  IdempotencyToken: field(goString, WRITE_REQUEST),
  Forwarded: field(goBool, ['WriteRequest', 'InternalRpcInfo']),
});

const TASK_GROUP = goStruct('TaskGroup', 'api.TaskGroup', {
  Name: field(goPointer(goString)),
  Count: field(goPointer(goInt)),
});

const JOB = goStruct('Job', 'api.Job', {
  Region: field(goPointer(goString)),
  Namespace: field(goPointer(goString)),
  ID: field(goPointer(goString)),
  ParentID: field(goPointer(goString)),
  Name: field(goPointer(goString)),
  Type: field(goPointer(goString)),
  Priority: field(goPointer(goInt)),
  AllAtOnce: field(goPointer(goBool)),
  Datacenters: field(goSlice(goString)),
  NodePool: field(goPointer(goString)),
  TaskGroups: field(goSlice(goPointer(TASK_GROUP))),
  Stop: field(goPointer(goBool)),
});

const JOB_REGISTER_REQUEST = goStruct('JobRegisterRequest', 'api.JobRegisterRequest', {
  Submission: field(goPointer(goOpaqueStruct('api.JobSubmission'))),
  Job: field(goPointer(JOB)),
  EnforceIndex: field(goBool),
  JobModifyIndex: field(goUint64),
  PolicyOverride: field(goBool),
  PreserveCounts: field(goBool),
  EvalPriority: field(goInt),
  Region: field(goString, WRITE_REQUEST),
  Namespace: field(goString, WRITE_REQUEST),
  SecretID: field(goString, WRITE_REQUEST),
  IdempotencyToken: field(goString, WRITE_REQUEST),
});

// ---------------------------------------------------------------------------------------------
// Reading and decoding a request's body

/** A body decoded: absent (no body at all), Go's error text, or the struct's value. */
export type BodyDecode<T> =
  | { readonly kind: 'empty' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'ok'; readonly value: T };

/**
 * The JSON tree of a request's body: from `bodyText` (the text as sent) when present, else from
 * the JSON value `body`. `empty` when there is no body (Content-Length 0).
 */
export function readRequestBody(req: ApiRequest): JsonRead | 'empty' {
  if (req.bodyText !== undefined) return req.bodyText === '' ? 'empty' : readJsonText(req.bodyText);
  if (req.body === undefined) return 'empty';
  return jsonNodeFromValue(req.body) ?? 'empty';
}

function decodeBody<T>(req: ApiRequest, type: GoType<T>): BodyDecode<T> {
  const read = readRequestBody(req);
  if (read === 'empty') return { kind: 'empty' };
  if (!read.ok) return { kind: 'error', message: read.message };
  return fromNode(read.node, type);
}

function fromNode<T>(node: JsonNode, type: GoType<T>): BodyDecode<T> {
  const decoded = decodeGo(type, node);
  return decoded.ok
    ? { kind: 'ok', value: decoded.value }
    : { kind: 'error', message: decoded.message };
}

/** A policy write's body (`structs.ACLPolicy` of the profile's era). */
export function decodePolicyBody(req: ApiRequest, profile: ProfileName): BodyDecode<PolicyBody> {
  if (profile === 'modern') {
    const decoded = decodeBody(req, POLICY_MODERN);
    if (decoded.kind !== 'ok') return decoded;
    const { Name, Description, Rules, JobACL } = decoded.value;
    return { kind: 'ok', value: { Name, Description, Rules, JobACL: JobACL ?? null } };
  }
  const decoded = decodeBody(req, POLICY_TUTORIAL);
  if (decoded.kind !== 'ok') return decoded;
  const { Name, Description, Rules } = decoded.value;
  return { kind: 'ok', value: { Name, Description, Rules, JobACL: null } };
}

/** A token create/update body (`structs.ACLToken` of the profile's era). */
export function decodeTokenBody(req: ApiRequest, profile: ProfileName): BodyDecode<TokenBody> {
  if (profile === 'modern') return decodeBody(req, TOKEN_MODERN);
  const decoded = decodeBody(req, TOKEN_TUTORIAL);
  if (decoded.kind !== 'ok') return decoded;
  const { AccessorID, SecretID, Name, Type, Policies, Global, CreateTime } = decoded.value;
  return {
    kind: 'ok',
    value: { ...EMPTY_TOKEN, AccessorID, SecretID, Name, Type, Policies, Global, CreateTime },
  };
}

/** `structs.OneTimeTokenExchangeRequest`: the one-time secret to trade. */
export interface OneTimeExchangeBody {
  readonly OneTimeSecretID: string;
}

const ONE_TIME_EXCHANGE_REQUEST = goStruct<OneTimeExchangeBody>(
  'OneTimeTokenExchangeRequest',
  'structs.OneTimeTokenExchangeRequest',
  { OneTimeSecretID: field(goString) },
);

/** The body of `PUT /v1/acl/token/onetime/exchange`. */
export function decodeOneTimeExchangeBody(req: ApiRequest): BodyDecode<OneTimeExchangeBody> {
  return decodeBody(req, ONE_TIME_EXCHANGE_REQUEST);
}

/** The optional body of a bootstrap (`structs.ACLTokenBootstrapRequest`, Nomad 1.4+). */
export function decodeBootstrapBody(req: ApiRequest): BodyDecode<BootstrapBody> {
  const decoded = decodeBody(req, BOOTSTRAP_REQUEST);
  return decoded.kind === 'ok'
    ? { kind: 'ok', value: { BootstrapSecret: decoded.value.BootstrapSecret } }
    : decoded;
}

/** A job registration body (`api.JobRegisterRequest`). */
export function decodeJobRegisterBody(req: ApiRequest): BodyDecode<JobRegisterBody> {
  const decoded = decodeBody(req, JOB_REGISTER_REQUEST);
  if (decoded.kind !== 'ok') return decoded;
  const job = decoded.value.Job;
  return {
    kind: 'ok',
    value: {
      Job:
        job === null
          ? null
          : {
              ID: job.ID,
              Name: job.Name,
              Namespace: job.Namespace,
              Type: job.Type,
              Priority: job.Priority,
            },
    },
  };
}
