/**
 * The vocabulary of agent configuration files: which keys the simulator models (with their HCL
 * names, canonical order and whether a SIGHUP reload applies them), and which real Nomad keys are
 * accepted but ignored. Anything else is an unknown key, which Nomad rejects.
 *
 * The modelled-key table is the single place that fixes key names and order for the printer
 * (./agent-config-print.ts) and the reload diff (./agent-config-reload.ts).
 */

import type { AgentConfig } from './types.js';

/** `''` is the top level of the file. */
export type AgentConfigBlock = '' | 'server' | 'client' | 'acl';

/** How a modelled value is written in HCL. `optional-int` is an int that may be absent (null). */
export type AgentConfigValueKind = 'string' | 'bool' | 'int' | 'optional-int' | 'duration';

export interface AgentConfigKey {
  /** Dotted HCL path, as used in messages: `acl.enabled`, `region`. */
  readonly path: string;
  readonly block: AgentConfigBlock;
  /** The key inside its block: `enabled`. */
  readonly name: string;
  readonly kind: AgentConfigValueKind;
  /** Applied by a SIGHUP reload (spec §1.3); everything else needs a restart. */
  readonly reloadable: boolean;
  readonly get: (config: AgentConfig) => string | number | boolean | null;
}

function key(
  block: AgentConfigBlock,
  name: string,
  kind: AgentConfigValueKind,
  get: AgentConfigKey['get'],
  reloadable = false,
): AgentConfigKey {
  return Object.freeze({
    path: block === '' ? name : `${block}.${name}`,
    block,
    name,
    kind,
    reloadable,
    get,
  });
}

/** The modelled keys in canonical order: top level, then `server`, `client`, `acl`. */
export const AGENT_CONFIG_KEYS: readonly AgentConfigKey[] = Object.freeze([
  key('', 'region', 'string', (c) => c.region),
  key('', 'datacenter', 'string', (c) => c.datacenter),
  key('', 'name', 'string', (c) => c.name),
  key('', 'data_dir', 'string', (c) => c.dataDir),
  key('', 'log_level', 'string', (c) => c.logLevel, true),
  key('server', 'enabled', 'bool', (c) => c.server.enabled),
  key('server', 'bootstrap_expect', 'int', (c) => c.server.bootstrapExpect),
  key('server', 'authoritative_region', 'string', (c) => c.server.authoritativeRegion),
  key('server', 'data_dir', 'string', (c) => c.server.dataDir),
  key('server', 'raft_multiplier', 'optional-int', (c) => c.server.raftMultiplier),
  key('client', 'enabled', 'bool', (c) => c.client.enabled),
  key('acl', 'enabled', 'bool', (c) => c.acl.enabled),
  key('acl', 'replication_token', 'string', (c) => c.acl.replicationToken),
  key('acl', 'token_ttl', 'duration', (c) => c.acl.tokenTtlMs),
  key('acl', 'policy_ttl', 'duration', (c) => c.acl.policyTtlMs),
  key('acl', 'role_ttl', 'duration', (c) => c.acl.roleTtlMs),
  key('acl', 'token_min_expiration_ttl', 'duration', (c) => c.acl.tokenMinExpirationTtlMs),
  key('acl', 'token_max_expiration_ttl', 'duration', (c) => c.acl.tokenMaxExpirationTtlMs),
]);

/** The blocks, in the order the printer writes them. */
export const AGENT_CONFIG_BLOCKS: readonly AgentConfigBlock[] = Object.freeze([
  '',
  'server',
  'client',
  'acl',
]);

/** Real Nomad top-level keys the simulator accepts and ignores (values are not checked). */
const IGNORED_TOP_LEVEL = [
  'plugin_dir',
  'log_json',
  'log_file',
  'log_include_location',
  'log_rotate_duration',
  'log_rotate_bytes',
  'log_rotate_max_files',
  'bind_addr',
  'enable_debug',
  'ports',
  'addresses',
  'advertise',
  'telemetry',
  'leave_on_interrupt',
  'leave_on_terminate',
  'enable_syslog',
  'syslog_facility',
  'disable_update_check',
  'disable_anonymous_signature',
  'consul',
  'vault',
  'ui',
  'tls',
  'http_api_response_headers',
  'sentinel',
  'autopilot',
  'plugin',
  'limits',
  'audit',
  'reporting',
  'keyring',
];

/** Real Nomad `server` block keys the simulator accepts and ignores. */
const IGNORED_SERVER = [
  'raft_protocol',
  'num_schedulers',
  'enabled_schedulers',
  'node_gc_threshold',
  'job_gc_interval',
  'job_gc_threshold',
  'eval_gc_threshold',
  'batch_eval_gc_threshold',
  'deployment_gc_threshold',
  'csi_volume_claim_gc_interval',
  'csi_volume_claim_gc_threshold',
  'csi_plugin_gc_threshold',
  'acl_token_gc_threshold',
  'root_key_gc_interval',
  'root_key_gc_threshold',
  'root_key_rotation_threshold',
  'heartbeat_grace',
  'min_heartbeat_ttl',
  'max_heartbeats_per_second',
  'failover_heartbeat_ttl',
  'start_join',
  'retry_join',
  'retry_max',
  'retry_interval',
  'rejoin_after_leave',
  'non_voting_server',
  'redundancy_zone',
  'upgrade_version',
  'encrypt',
  'server_join',
  'default_scheduler_config',
  'plan_rejection_tracker',
  'license_path',
  'raft_boltdb',
  'raft_snapshot_threshold',
  'raft_snapshot_interval',
  'raft_trailing_logs',
  'job_max_priority',
  'job_default_priority',
  'job_tracked_versions',
  'event_buffer_size',
  'search',
  'oidc_issuer',
  'start_timeout',
  'deployment_query_rate_limit',
];

/** Real Nomad `client` block keys the simulator accepts and ignores. */
const IGNORED_CLIENT = [
  'state_dir',
  'alloc_dir',
  'alloc_mounts_dir',
  'servers',
  'node_class',
  'node_pool',
  'options',
  'meta',
  'network_interface',
  'network_speed',
  'cpu_total_compute',
  'memory_total_mb',
  'disk_total_mb',
  'disk_free_mb',
  'reserved',
  'reservable_cores',
  'max_kill_timeout',
  'gc_interval',
  'gc_disk_usage_threshold',
  'gc_inode_usage_threshold',
  'gc_parallel_destroys',
  'gc_max_allocs',
  'gc_volumes_on_node_gc',
  'no_host_uuid',
  'server_join',
  'host_volume',
  'host_network',
  'cni_path',
  'cni_config_dir',
  'bridge_network_name',
  'bridge_network_subnet',
  'bridge_network_subnet_ipv6',
  'bridge_network_hairpin_mode',
  'template',
  'chroot_env',
  'cgroup_parent',
  'disable_remote_exec',
  'artifact',
  'drain_on_shutdown',
  'preferred_address_family',
  'cpu_disable_dmidecode',
  'bind_wildcard_default_host_network',
  'host_volumes_dir',
  'host_volume_plugin_dir',
  'common_plugin_dir',
  'min_dynamic_port',
  'max_dynamic_port',
  'nomad_service_discovery',
  'users',
  'intro_token',
  'node_max_allocs',
];

/** Ignored keys per block, lower-cased (keys match case-insensitively, as in HCL v1). */
export const IGNORED_AGENT_CONFIG_KEYS: ReadonlyMap<
  AgentConfigBlock,
  ReadonlySet<string>
> = new Map<AgentConfigBlock, ReadonlySet<string>>([
  ['', new Set(IGNORED_TOP_LEVEL)],
  ['server', new Set(IGNORED_SERVER)],
  ['client', new Set(IGNORED_CLIENT)],
  ['acl', new Set<string>()],
]);

/** True when `name` (any case) is a real Nomad key of `block` that the simulator ignores. */
export function isIgnoredAgentConfigKey(block: AgentConfigBlock, name: string): boolean {
  return IGNORED_AGENT_CONFIG_KEYS.get(block)?.has(name.toLowerCase()) ?? false;
}
