/**
 * Request bodies of the role, auth method, binding rule, namespace and node pool endpoints,
 * decoded against the Go structs Nomad decodes them into (`structs.ACLRole`,
 * `structs.ACLAuthMethod` with its own `UnmarshalJSON` for `MaxTokenTTL`,
 * `structs.ACLBindingRule`, `structs.Namespace`, `structs.NodePool`), with Go's error texts, as
 * body-decode.ts does for policies and tokens.
 *
 * Simplifications: an auth method's `Config`, a namespace's capabilities and node pool settings
 * and a node pool's scheduler configuration are checked only for being an object (a method's
 * `Config` is kept as compact JSON text, the others are dropped).
 */
import {
  decodeGo,
  field,
  goAny,
  goBool,
  goBytes,
  goOpaqueStruct,
  goPointer,
  goSlice,
  goString,
  goStruct,
  goTime,
  goUint64,
  type Decoded,
  type GoType,
} from './go-json-decode.js';
import { jsonNodeText, type JsonNode } from './json-node.js';
import { readRequestBody, type BodyDecode } from './body-decode.js';
import { parseGoDuration, type ProfileName } from '../acl/index.js';
import type { ApiRequest } from '../server/http.js';

/** `structs.ACLRole` as a write sends it. */
export interface RoleBody {
  readonly ID: string;
  readonly Name: string;
  readonly Description: string;
  readonly Policies: readonly ({ readonly Name: string } | null)[] | null;
}

/** `structs.ACLAuthMethod` as a write sends it (`MaxTokenTTL` in ms). */
export interface AuthMethodBody {
  readonly Name: string;
  readonly Type: string;
  readonly TokenLocality: string;
  readonly TokenNameFormat: string;
  readonly MaxTokenTTL: number;
  readonly Default: boolean;
  readonly Config: string | null;
}

/** `structs.ACLBindingRule` as a write sends it. */
export interface BindingRuleBody {
  readonly ID: string;
  readonly Description: string;
  readonly AuthMethod: string;
  readonly Selector: string;
  readonly BindType: string;
  readonly BindName: string;
}

/** `structs.Namespace` as a write sends it. */
export interface NamespaceBody {
  readonly Name: string;
  readonly Description: string;
  readonly Quota: string;
  readonly Meta: Readonly<Record<string, string>> | null;
}

/** `structs.NodePool` as a write sends it. */
export interface NodePoolBody {
  readonly Name: string;
  readonly Description: string;
  readonly Meta: Readonly<Record<string, string>> | null;
}

/** `map[string]string`: an object of strings (null is nil). */
const goStringMap: GoType<Readonly<Record<string, string>> | null> = {
  name: 'map[string]string',
  zero: () => null,
  decode: (node, current, state) => {
    if (node.kind === 'null') return { ok: true, value: null };
    if (node.kind !== 'object') {
      state.save({
        kind: 'type',
        value: node.kind,
        type: 'map[string]string',
        struct: null,
        field: '',
      });
      return { ok: true, value: current };
    }
    const out: Record<string, string> = { ...(current ?? {}) };
    for (const [key, value] of node.entries) {
      if (value.kind === 'string') out[key] = value.value;
      else if (value.kind !== 'null')
        state.save({
          kind: 'type',
          value: value.kind === 'bool' ? 'bool' : value.kind,
          type: 'string',
          struct: null,
          field: key,
        });
    }
    return { ok: true, value: out };
  },
};

/** A struct kept as its compact JSON text (any object; null is nil). */
function goRawObject(name: string): GoType<string | null> {
  return {
    name,
    zero: () => null,
    decode: (node: JsonNode, current, state) => {
      if (node.kind === 'null') return { ok: true, value: current };
      if (node.kind !== 'object') {
        state.save({
          kind: 'type',
          value: node.kind === 'bool' ? 'bool' : node.kind,
          type: name,
          struct: null,
          field: '',
        });
        return { ok: true, value: current };
      }
      return { ok: true, value: JSON.stringify(JSON.parse(jsonNodeText(node))) };
    },
  };
}

const ROLE_POLICY_LINK = goStruct('ACLRolePolicyLink', 'structs.ACLRolePolicyLink', {
  Name: field(goString),
});

const ROLE = goStruct('ACLRole', 'structs.ACLRole', {
  ID: field(goString),
  Name: field(goString),
  Description: field(goString),
  Policies: field(goSlice(goPointer(ROLE_POLICY_LINK))),
  Hash: field(goBytes),
  CreateIndex: field(goUint64),
  ModifyIndex: field(goUint64),
});

const AUTH_METHOD = goStruct('', 'struct { MaxTokenTTL interface {}; *structs.Alias }', {
  MaxTokenTTL: field(goAny),
  Name: field(goString, ['Alias']),
  Type: field(goString, ['Alias']),
  TokenLocality: field(goString, ['Alias']),
  TokenNameFormat: field(goString, ['Alias']),
  Default: field(goBool, ['Alias']),
  Config: field(goRawObject('*structs.ACLAuthMethodConfig'), ['Alias']),
  Hash: field(goBytes, ['Alias']),
  CreateTime: field(goTime('strict'), ['Alias']),
  ModifyTime: field(goTime('strict'), ['Alias']),
  CreateIndex: field(goUint64, ['Alias']),
  ModifyIndex: field(goUint64, ['Alias']),
});

const BINDING_RULE = goStruct('ACLBindingRule', 'structs.ACLBindingRule', {
  ID: field(goString),
  Description: field(goString),
  AuthMethod: field(goString),
  Selector: field(goString),
  BindType: field(goString),
  BindName: field(goString),
  Hash: field(goBytes),
  CreateTime: field(goTime('strict')),
  ModifyTime: field(goTime('strict')),
  CreateIndex: field(goUint64),
  ModifyIndex: field(goUint64),
});

const NAMESPACE_MODERN = goStruct('Namespace', 'structs.Namespace', {
  Name: field(goString),
  Description: field(goString),
  Quota: field(goString),
  Capabilities: field(goPointer(goOpaqueStruct('structs.NamespaceCapabilities'))),
  NodePoolConfiguration: field(goPointer(goOpaqueStruct('structs.NamespaceNodePoolConfiguration'))),
  VaultConfiguration: field(goPointer(goOpaqueStruct('structs.NamespaceVaultConfiguration'))),
  ConsulConfiguration: field(goPointer(goOpaqueStruct('structs.NamespaceConsulConfiguration'))),
  Meta: field(goStringMap),
  Hash: field(goBytes),
  CreateIndex: field(goUint64),
  ModifyIndex: field(goUint64),
});

const NAMESPACE_TUTORIAL = goStruct('Namespace', 'structs.Namespace', {
  Name: field(goString),
  Description: field(goString),
  Quota: field(goString),
  Hash: field(goBytes),
  CreateIndex: field(goUint64),
  ModifyIndex: field(goUint64),
});

const NODE_POOL = goStruct('NodePool', 'structs.NodePool', {
  Name: field(goString),
  Description: field(goString),
  Meta: field(goStringMap),
  // A duration as a string or a number of nanoseconds (structs.NodePool's UnmarshalJSON).
  NodeIdentityTTL: field(goAny),
  SchedulerConfiguration: field(
    goPointer(goOpaqueStruct('structs.NodePoolSchedulerConfiguration')),
  ),
  CreateIndex: field(goUint64),
  ModifyIndex: field(goUint64),
});

function decodeBody<T, R>(
  req: ApiRequest,
  type: GoType<T>,
  finish: (value: T) => Decoded<R>,
): BodyDecode<R> {
  const read = readRequestBody(req);
  if (read === 'empty') return { kind: 'empty' };
  if (!read.ok) return { kind: 'error', message: read.message };
  const decoded = decodeGo(type, read.node);
  if (!decoded.ok) return { kind: 'error', message: decoded.message };
  const done = finish(decoded.value);
  if (done.ok) return { kind: 'ok', value: done.value };
  return {
    kind: 'error',
    message: done.error.kind === 'text' ? done.error.message : 'invalid body',
  };
}

function keep<R>(value: R): Decoded<R> {
  return { ok: true, value };
}

/** A role create/update body. */
export function decodeRoleBody(req: ApiRequest): BodyDecode<RoleBody> {
  return decodeBody(req, ROLE, ({ ID, Name, Description, Policies }) =>
    keep({ ID, Name, Description, Policies }),
  );
}

/** An auth method body; `MaxTokenTTL` is a Go duration string or a number of nanoseconds. */
export function decodeAuthMethodBody(req: ApiRequest): BodyDecode<AuthMethodBody> {
  return decodeBody(req, AUTH_METHOD, (aux): Decoded<AuthMethodBody> => {
    let ttl = 0;
    const given = aux.MaxTokenTTL;
    if (given.kind === 'string' && given.value !== '') {
      const parsed = parseGoDuration(given.value);
      if (!parsed.ok) return { ok: false, error: { kind: 'text', message: parsed.message } };
      ttl = parsed.ms;
    } else if (given.kind === 'float64') ttl = Math.trunc(given.value) / 1e6;
    const { Name, Type, TokenLocality, TokenNameFormat, Default, Config } = aux;
    return {
      ok: true,
      value: { Name, Type, TokenLocality, TokenNameFormat, MaxTokenTTL: ttl, Default, Config },
    };
  });
}

/** A binding rule create/update body. */
export function decodeBindingRuleBody(req: ApiRequest): BodyDecode<BindingRuleBody> {
  return decodeBody(
    req,
    BINDING_RULE,
    ({ ID, Description, AuthMethod, Selector, BindType, BindName }) =>
      keep({ ID, Description, AuthMethod, Selector, BindType, BindName }),
  );
}

/** A namespace body (`structs.Namespace` of the profile's era). */
export function decodeNamespaceBody(
  req: ApiRequest,
  profile: ProfileName,
): BodyDecode<NamespaceBody> {
  if (profile === 'modern')
    return decodeBody(req, NAMESPACE_MODERN, ({ Name, Description, Quota, Meta }) =>
      keep({ Name, Description, Quota, Meta }),
    );
  return decodeBody(req, NAMESPACE_TUTORIAL, ({ Name, Description, Quota }) =>
    keep({ Name, Description, Quota, Meta: null }),
  );
}

/** A node pool body. */
export function decodeNodePoolBody(req: ApiRequest): BodyDecode<NodePoolBody> {
  return decodeBody(req, NODE_POOL, ({ Name, Description, Meta }) =>
    keep({ Name, Description, Meta }),
  );
}
