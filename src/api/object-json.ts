/**
 * Nomad's JSON of roles, auth methods, binding rules, namespaces and node pools (HTTP responses),
 * fields in the order of Nomad's structs: `Hash` base64 (null when none), times RFC 3339 with
 * nanoseconds, an auth method's `MaxTokenTTL` as Go duration text (its `MarshalJSON`), a role's
 * links as `{"Name": ...}` objects, nil maps and pointers as null. A namespace in the tutorial era
 * (Nomad 1.0) has only Name, Description, Quota, Hash and the indexes.
 */
import {
  formatGoDuration,
  formatRfc3339Nano,
  type AclAuthMethod,
  type AclAuthMethodStub,
  type AclBindingRule,
  type AclBindingRuleStub,
  type AclRole,
  type ProfileName,
} from '../acl/index.js';
import type { JsonValue } from '../server/http.js';
import type { Namespace } from '../server/state/namespace.js';
import type { NodePool } from '../server/state/node-pool.js';

function hash(value: string): string | null {
  return value === '' ? null : value;
}

function meta(entries: readonly (readonly [string, string])[]): { [key: string]: string } | null {
  return entries.length === 0 ? null : Object.fromEntries(entries);
}

export function roleJson(role: AclRole): JsonValue {
  return {
    ID: role.ID,
    Name: role.Name,
    Description: role.Description,
    Policies: role.Policies.length === 0 ? null : role.Policies.map((p) => ({ Name: p.Name })),
    Hash: hash(role.Hash),
    CreateIndex: role.CreateIndex,
    ModifyIndex: role.ModifyIndex,
  };
}

export function authMethodJson(method: AclAuthMethod): JsonValue {
  return {
    Name: method.Name,
    Type: method.Type,
    TokenLocality: method.TokenLocality,
    TokenNameFormat: method.TokenNameFormat,
    MaxTokenTTL: formatGoDuration(method.MaxTokenTTL),
    Default: method.Default,
    Config: method.Config === null ? null : (JSON.parse(method.Config) as JsonValue),
    Hash: hash(method.Hash),
    CreateTime: formatRfc3339Nano(method.CreateTime),
    ModifyTime: formatRfc3339Nano(method.ModifyTime),
    CreateIndex: method.CreateIndex,
    ModifyIndex: method.ModifyIndex,
  };
}

export function authMethodStubJson(method: AclAuthMethodStub): JsonValue {
  return {
    Name: method.Name,
    Type: method.Type,
    Default: method.Default,
    Hash: hash(method.Hash),
    CreateIndex: method.CreateIndex,
    ModifyIndex: method.ModifyIndex,
  };
}

export function bindingRuleJson(rule: AclBindingRule): JsonValue {
  return {
    ID: rule.ID,
    Description: rule.Description,
    AuthMethod: rule.AuthMethod,
    Selector: rule.Selector,
    BindType: rule.BindType,
    BindName: rule.BindName,
    Hash: hash(rule.Hash),
    CreateTime: formatRfc3339Nano(rule.CreateTime),
    ModifyTime: formatRfc3339Nano(rule.ModifyTime),
    CreateIndex: rule.CreateIndex,
    ModifyIndex: rule.ModifyIndex,
  };
}

export function bindingRuleStubJson(rule: AclBindingRuleStub): JsonValue {
  return {
    ID: rule.ID,
    Description: rule.Description,
    AuthMethod: rule.AuthMethod,
    Hash: hash(rule.Hash),
    CreateIndex: rule.CreateIndex,
    ModifyIndex: rule.ModifyIndex,
  };
}

export function namespaceJson(ns: Namespace, profile: ProfileName): JsonValue {
  if (profile !== 'modern')
    return {
      Name: ns.Name,
      Description: ns.Description,
      Quota: ns.Quota,
      Hash: hash(ns.Hash),
      CreateIndex: ns.CreateIndex,
      ModifyIndex: ns.ModifyIndex,
    };
  return {
    Name: ns.Name,
    Description: ns.Description,
    Quota: ns.Quota,
    Capabilities: null,
    NodePoolConfiguration: null,
    VaultConfiguration: null,
    ConsulConfiguration: null,
    Meta: meta(ns.Meta),
    Hash: hash(ns.Hash),
    CreateIndex: ns.CreateIndex,
    ModifyIndex: ns.ModifyIndex,
  };
}

export function nodePoolJson(pool: NodePool): JsonValue {
  return {
    Name: pool.Name,
    Description: pool.Description,
    Meta: meta(pool.Meta),
    SchedulerConfiguration: null,
    CreateIndex: pool.CreateIndex,
    ModifyIndex: pool.ModifyIndex,
  };
}
