/**
 * Reads the HCL tree of one agent configuration file into an `AgentConfigFragment`: what the
 * file wrote, typed and checked, nothing defaulted.
 *
 * Decoder rules (HCL v1, as Nomad decodes `command/agent/config.go: Config`):
 * - keys match case-insensitively; a repeated attribute keeps its last value;
 * - a number written where a string is expected is taken as its text (`region = 1` is `"1"`),
 *   and an integer may be written as a decimal string (`bootstrap_expect = "3"`);
 * - durations are Go duration strings (`30s`, `1h30m`);
 * - a repeated `server`/`client`/`acl` block merges into the earlier ones with Nomad's merge
 *   rules (./agent-config-merge.ts: later non-empty values win, `enabled` can only be switched on).
 * Errors are thrown as AgentConfigError (without file; the caller adds it), in this order:
 * type and value errors in source order, then unknown keys (client, server, acl, then top level,
 * the order Nomad's `helper.UnusedKeys` walks its struct), with Nomad's text
 * `<block> unexpected keys a, b` and the position of the first one.
 */

import { parseGoDuration } from '../go/duration.js';
import {
  blockBody,
  bodyEntries,
  type HclEntry,
  type HclKey,
  type HclObject,
  type HclPosition,
  type HclValue,
} from '../hcl/index.js';
import { AgentConfigError } from './error.js';
import { type AgentConfigBlock, isIgnoredAgentConfigKey } from './keys.js';
import { mergeAclFragments, mergeClientFragments, mergeServerFragments } from './merge.js';
import type {
  AclAgentConfig,
  AgentConfigFragment,
  ClientAgentConfig,
  ServerAgentConfig,
} from './types.js';
import {
  bootstrapExpectProblem,
  durationProblem,
  logLevelProblem,
  nonEmptyProblem,
  raftMultiplierProblem,
} from './validate.js';

import { keyUnknownInVersion } from './keys-by-version.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Decodes a parsed configuration body. Throws AgentConfigError. With `nomadVersion`, keys that
 * version does not have yet are unknown keys (./keys-by-version.ts).
 */
export function decodeAgentConfigBody(
  body: HclObject,
  options: { readonly nomadVersion?: string | undefined } = {},
): AgentConfigFragment {
  const unknown = new UnknownKeys(options.nomadVersion);
  const fragment = decodeTopLevel(body, unknown);
  unknown.throwIfAny();
  return fragment;
}

function decodeTopLevel(body: HclObject, unknown: UnknownKeys): AgentConfigFragment {
  const top: Mutable<AgentConfigFragment> = {};
  for (const entry of bodyEntries(body)) {
    if (unknown.tooNew('', entry.key)) continue;
    switch (entry.key.name.toLowerCase()) {
      case 'region':
        top.region = checked(readString(entry, 'region'), entry, 'region', (v) =>
          nonEmptyProblem('region', v),
        );
        break;
      case 'datacenter':
        top.datacenter = checked(readString(entry, 'datacenter'), entry, 'datacenter', (v) =>
          nonEmptyProblem('datacenter', v),
        );
        break;
      case 'name':
        top.name = readString(entry, 'name');
        break;
      case 'data_dir':
        top.dataDir = readString(entry, 'data_dir');
        break;
      case 'log_level':
        top.logLevel = checked(readString(entry, 'log_level'), entry, 'log_level', logLevelProblem);
        break;
      case 'server':
        top.server = mergeServerFragments(
          top.server ?? {},
          decodeServer(readBlock(entry, 'server'), unknown),
        );
        break;
      case 'client':
        top.client = mergeClientFragments(
          top.client ?? {},
          decodeClient(readBlock(entry, 'client'), unknown),
        );
        break;
      case 'acl':
        top.acl = mergeAclFragments(top.acl ?? {}, decodeAcl(readBlock(entry, 'acl'), unknown));
        break;
      default:
        unknown.note('', entry.key);
    }
  }
  return top;
}

function decodeServer(body: HclObject, unknown: UnknownKeys): Partial<ServerAgentConfig> {
  const server: Mutable<Partial<ServerAgentConfig>> = {};
  for (const entry of bodyEntries(body)) {
    if (unknown.tooNew('server', entry.key)) continue;
    switch (entry.key.name.toLowerCase()) {
      case 'enabled':
        server.enabled = readBool(entry, 'server.enabled');
        break;
      case 'bootstrap_expect':
        server.bootstrapExpect = checked(
          readInt(entry, 'server.bootstrap_expect'),
          entry,
          'server.bootstrap_expect',
          bootstrapExpectProblem,
        );
        break;
      case 'authoritative_region':
        server.authoritativeRegion = readString(entry, 'server.authoritative_region');
        break;
      case 'data_dir':
        server.dataDir = readString(entry, 'server.data_dir');
        break;
      case 'raft_multiplier':
        server.raftMultiplier = checked(
          readInt(entry, 'server.raft_multiplier'),
          entry,
          'server.raft_multiplier',
          raftMultiplierProblem,
        );
        break;
      default:
        unknown.note('server', entry.key);
    }
  }
  return server;
}

function decodeClient(body: HclObject, unknown: UnknownKeys): Partial<ClientAgentConfig> {
  const client: Mutable<Partial<ClientAgentConfig>> = {};
  for (const entry of bodyEntries(body)) {
    if (unknown.tooNew('client', entry.key)) continue;
    if (entry.key.name.toLowerCase() === 'enabled')
      client.enabled = readBool(entry, 'client.enabled');
    else unknown.note('client', entry.key);
  }
  return client;
}

function decodeAcl(body: HclObject, unknown: UnknownKeys): Partial<AclAgentConfig> {
  const acl: Mutable<Partial<AclAgentConfig>> = {};
  for (const entry of bodyEntries(body)) {
    if (unknown.tooNew('acl', entry.key)) continue;
    switch (entry.key.name.toLowerCase()) {
      case 'enabled':
        acl.enabled = readBool(entry, 'acl.enabled');
        break;
      case 'replication_token':
        acl.replicationToken = readString(entry, 'acl.replication_token');
        break;
      case 'token_ttl':
        acl.tokenTtlMs = readDuration(entry, 'acl.token_ttl');
        break;
      case 'policy_ttl':
        acl.policyTtlMs = readDuration(entry, 'acl.policy_ttl');
        break;
      case 'role_ttl':
        acl.roleTtlMs = readDuration(entry, 'acl.role_ttl');
        break;
      case 'token_min_expiration_ttl':
        acl.tokenMinExpirationTtlMs = readDuration(entry, 'acl.token_min_expiration_ttl');
        break;
      case 'token_max_expiration_ttl':
        acl.tokenMaxExpirationTtlMs = readDuration(entry, 'acl.token_max_expiration_ttl');
        break;
      default:
        unknown.note('acl', entry.key);
    }
  }
  return acl;
}

// ---- reading values -------------------------------------------------------------------------

function problemAt(pos: HclPosition, key: string, reason: string): AgentConfigError {
  return new AgentConfigError({ key, line: pos.line, column: pos.column, reason });
}

function typeError(path: string, expected: string, value: HclValue): AgentConfigError {
  return problemAt(value.pos, path, `${path}: expected ${expected}, got ${describeGot(value)}`);
}

/** `string "yes"`, `number 1.5`, `bool true`, `a list`, `a block`, `null`. */
function describeGot(value: HclValue): string {
  switch (value.kind) {
    case 'string':
      return `string ${JSON.stringify(value.value.length > 40 ? `${value.value.slice(0, 37)}...` : value.value)}`;
    case 'number':
      return `number ${value.text}`;
    case 'bool':
      return `bool ${value.value}`;
    case 'null':
      return 'null';
    case 'list':
      return 'a list';
    case 'object':
      return 'a block';
  }
}

/** Applies a value rule; a violation is reported at the value's position. */
function checked<T>(value: T, entry: HclEntry, path: string, rule: (value: T) => string | null): T {
  const reason = rule(value);
  if (reason !== null) throw problemAt(blockBody(entry).pos, path, reason);
  return value;
}

function readBlock(entry: HclEntry, path: string): HclObject {
  const value = blockBody(entry);
  if (value.kind !== 'object') throw typeError(path, 'a block', value);
  return value;
}

function readString(entry: HclEntry, path: string): string {
  const value = blockBody(entry);
  if (value.kind === 'string') return value.value;
  if (value.kind === 'number') return value.text;
  throw typeError(path, 'a string', value);
}

function readBool(entry: HclEntry, path: string): boolean {
  const value = blockBody(entry);
  if (value.kind === 'bool') return value.value;
  throw typeError(path, 'a bool', value);
}

const INTEGER_NUMBER_TEXT = /^-?(?:0[xX][0-9a-fA-F]+|[0-9]+)$/;
const INTEGER_STRING = /^[+-]?[0-9]+$/;

function readInt(entry: HclEntry, path: string): number {
  const value = blockBody(entry);
  if (
    value.kind === 'number' &&
    INTEGER_NUMBER_TEXT.test(value.text) &&
    Number.isSafeInteger(value.value)
  ) {
    return value.value;
  }
  if (value.kind === 'string' && INTEGER_STRING.test(value.value)) {
    const parsed = Number(value.value);
    if (Number.isSafeInteger(parsed)) return parsed;
  }
  throw typeError(path, 'an integer', value);
}

/** A Go duration string, in milliseconds. A bare number is its text, so `30` lacks a unit. */
function readDuration(entry: HclEntry, path: string): number {
  const value = blockBody(entry);
  if (value.kind !== 'string' && value.kind !== 'number')
    throw typeError(path, 'a duration string', value);
  const text = value.kind === 'string' ? value.value : value.text;
  const parsed = parseGoDuration(text);
  if (!parsed.ok) throw problemAt(value.pos, path, `${path}: ${parsed.message}`);
  return checked(parsed.ms, entry, path, (ms) => durationProblem(path, ms));
}

// ---- unknown keys ---------------------------------------------------------------------------

/** Unknown keys seen so far, per block, reported once decoding is done. */
class UnknownKeys {
  private readonly byBlock = new Map<AgentConfigBlock, HclKey[]>();

  constructor(private readonly nomadVersion: string | undefined) {}

  /** Notes `key` as unknown when the version played does not have it yet; true when so. */
  tooNew(block: AgentConfigBlock, key: HclKey): boolean {
    if (!keyUnknownInVersion(block, key.name, this.nomadVersion)) return false;
    const keys = this.byBlock.get(block);
    if (keys === undefined) this.byBlock.set(block, [key]);
    else keys.push(key);
    return true;
  }

  note(block: AgentConfigBlock, key: HclKey): void {
    if (isIgnoredAgentConfigKey(block, key.name)) return;
    const keys = this.byBlock.get(block);
    if (keys === undefined) this.byBlock.set(block, [key]);
    else keys.push(key);
  }

  throwIfAny(): void {
    for (const block of ['client', 'server', 'acl', ''] as const) {
      const keys = this.byBlock.get(block);
      const first = keys?.[0];
      if (keys === undefined || first === undefined) continue;
      const names = [...new Set(keys.map((k) => k.name))].join(', ');
      const reason =
        block === '' ? `unexpected keys ${names}` : `${block} unexpected keys ${names}`;
      throw problemAt(first.pos, block === '' ? first.name : `${block}.${first.name}`, reason);
    }
  }
}
