/**
 * Nomad's rules for combining several configuration files (`Config.Merge`, `ServerConfig.Merge`,
 * `ClientConfig.Merge`, `ACLConfig.Merge`; spec §1.1): a later file overrides a value only when
 * it wrote a non-empty / non-zero one, and `enabled` flags can only be switched on, never off.
 *
 * | kind | a later value overrides when |
 * |---|---|
 * | strings (region, datacenter, name, data_dir, log_level, authoritative_region, server data_dir, replication_token) | non-empty |
 * | `enabled` (server, client, acl) | true (false never switches an earlier true off) |
 * | `bootstrap_expect` | > 0 |
 * | durations (acl TTLs) | > 0 |
 * | `raft_multiplier` (a pointer in Nomad) | written at all, even 0 |
 *
 * The same rules combine repeated blocks inside one file. Merging two fragments keeps what was
 * written: an empty value is kept only while nothing else is known for that key.
 */

import type {
  AclAgentConfig,
  AgentConfig,
  AgentConfigFragment,
  ClientAgentConfig,
  ServerAgentConfig,
} from './types.js';

function nonEmpty(a: string | undefined, b: string | undefined): string | undefined {
  return b !== undefined && b !== '' ? b : (a ?? b);
}

function positive(a: number | undefined, b: number | undefined): number | undefined {
  return b !== undefined && b > 0 ? b : (a ?? b);
}

function switchOnly(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  return a === true || b === true ? true : (a ?? b);
}

function written(
  a: number | null | undefined,
  b: number | null | undefined,
): number | null | undefined {
  return b !== undefined && b !== null ? b : (a ?? b);
}

/** Copies the defined properties only (so exactOptionalPropertyTypes holds). */
function defined<T extends object>(values: { [K in keyof T]: T[K] | undefined }): Partial<T> {
  const out: Partial<T> = {};
  for (const name of Object.keys(values) as (keyof T)[]) {
    const value = values[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function mergeServerFragments(
  a: Partial<ServerAgentConfig>,
  b: Partial<ServerAgentConfig>,
): Partial<ServerAgentConfig> {
  return defined<ServerAgentConfig>({
    enabled: switchOnly(a.enabled, b.enabled),
    bootstrapExpect: positive(a.bootstrapExpect, b.bootstrapExpect),
    authoritativeRegion: nonEmpty(a.authoritativeRegion, b.authoritativeRegion),
    dataDir: nonEmpty(a.dataDir, b.dataDir),
    raftMultiplier: written(a.raftMultiplier, b.raftMultiplier),
  });
}

export function mergeClientFragments(
  a: Partial<ClientAgentConfig>,
  b: Partial<ClientAgentConfig>,
): Partial<ClientAgentConfig> {
  return defined<ClientAgentConfig>({ enabled: switchOnly(a.enabled, b.enabled) });
}

export function mergeAclFragments(
  a: Partial<AclAgentConfig>,
  b: Partial<AclAgentConfig>,
): Partial<AclAgentConfig> {
  return defined<AclAgentConfig>({
    enabled: switchOnly(a.enabled, b.enabled),
    replicationToken: nonEmpty(a.replicationToken, b.replicationToken),
    tokenTtlMs: positive(a.tokenTtlMs, b.tokenTtlMs),
    policyTtlMs: positive(a.policyTtlMs, b.policyTtlMs),
    roleTtlMs: positive(a.roleTtlMs, b.roleTtlMs),
    tokenMinExpirationTtlMs: positive(a.tokenMinExpirationTtlMs, b.tokenMinExpirationTtlMs),
    tokenMaxExpirationTtlMs: positive(a.tokenMaxExpirationTtlMs, b.tokenMaxExpirationTtlMs),
  });
}

function mergeBlock<T>(
  a: T | undefined,
  b: T | undefined,
  merge: (a: T, b: T) => T,
): T | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return merge(a, b);
}

/** Two fragments combined with Nomad's merge rules, `override` being the later file or block. */
export function mergeAgentConfigFragments(
  base: AgentConfigFragment,
  override: AgentConfigFragment,
): AgentConfigFragment {
  return defined<AgentConfigFragment>({
    region: nonEmpty(base.region, override.region),
    datacenter: nonEmpty(base.datacenter, override.datacenter),
    name: nonEmpty(base.name, override.name),
    dataDir: nonEmpty(base.dataDir, override.dataDir),
    logLevel: nonEmpty(base.logLevel, override.logLevel),
    server: mergeBlock(base.server, override.server, mergeServerFragments),
    client: mergeBlock(base.client, override.client, mergeClientFragments),
    acl: mergeBlock(base.acl, override.acl, mergeAclFragments),
  });
}

/**
 * A complete config with a later file's fragment merged in by Nomad's rules. `override` is what
 * that file wrote (`parseAgentConfigFragment`); passing a complete config also works, but then
 * all its non-empty values count as written (defaults included), as in Nomad's `Config.Merge`.
 */
export function mergeAgentConfigs(base: AgentConfig, override: AgentConfigFragment): AgentConfig {
  return overlayAgentConfig(base, mergeAgentConfigFragments(base, override));
}

/**
 * `base` with every value present in `fragment` put in place, no merge rules: how explicit
 * defaults (e.g. a node name chosen by the simulator) are applied before any file is read.
 */
export function overlayAgentConfig(base: AgentConfig, fragment: AgentConfigFragment): AgentConfig {
  return {
    region: fragment.region ?? base.region,
    datacenter: fragment.datacenter ?? base.datacenter,
    name: fragment.name ?? base.name,
    dataDir: fragment.dataDir ?? base.dataDir,
    logLevel: fragment.logLevel ?? base.logLevel,
    server: { ...base.server, ...fragment.server },
    client: { ...base.client, ...fragment.client },
    acl: { ...base.acl, ...fragment.acl },
  };
}
