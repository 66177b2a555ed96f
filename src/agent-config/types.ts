/**
 * The typed Nomad agent configuration a simulated server or client starts from, its defaults,
 * and the small derived values the rest of the simulator needs (spec §1).
 *
 * Only the keys that matter for the ACL bootstrap are modelled; the other real Nomad keys are
 * accepted and ignored by the parser (./agent-config-keys.ts). Two shapes exist:
 * - `AgentConfig`: complete, every key has a value (a default when no file set it);
 * - `AgentConfigFragment`: what one file (or one block) wrote, every key optional. Nomad merges
 *   files by "a value that is set and non-empty overrides", so the merge needs to know what was
 *   written, not what defaulted (./agent-config-merge.ts).
 * Durations are virtual milliseconds, as everywhere in the simulator.
 */

import { HOUR, MINUTE, SECOND } from '../go/duration.js';

export interface ServerAgentConfig {
  readonly enabled: boolean;
  /** `bootstrap_expect`; 0 = not set. */
  readonly bootstrapExpect: number;
  /** `authoritative_region`; empty = unset, the agent's own region is then authoritative (§1.2). */
  readonly authoritativeRegion: string;
  /** `server.data_dir`; empty = `<data_dir>/server`. */
  readonly dataDir: string;
  /** `raft_multiplier`; null = not written. 0 is accepted and means the default 1, as in Nomad. */
  readonly raftMultiplier: number | null;
}

export interface ClientAgentConfig {
  readonly enabled: boolean;
}

export interface AclAgentConfig {
  readonly enabled: boolean;
  readonly replicationToken: string;
  readonly tokenTtlMs: number;
  readonly policyTtlMs: number;
  readonly roleTtlMs: number;
  readonly tokenMinExpirationTtlMs: number;
  readonly tokenMaxExpirationTtlMs: number;
}

export interface AgentConfig {
  readonly region: string;
  readonly datacenter: string;
  /** Node name (`name`). Nomad falls back to the host name; the simulator's callers pass one in `defaults`. */
  readonly name: string;
  readonly dataDir: string;
  /** `log_level` as written (Nomad upper-cases it when used). The one modelled key a SIGHUP reloads. */
  readonly logLevel: string;
  readonly server: ServerAgentConfig;
  readonly client: ClientAgentConfig;
  readonly acl: AclAgentConfig;
}

/** What one configuration file (or one block of it) sets. A full AgentConfig is also a fragment. */
export interface AgentConfigFragment {
  readonly region?: string;
  readonly datacenter?: string;
  readonly name?: string;
  readonly dataDir?: string;
  readonly logLevel?: string;
  readonly server?: Partial<ServerAgentConfig>;
  readonly client?: Partial<ClientAgentConfig>;
  readonly acl?: Partial<AclAgentConfig>;
}

/** Nomad's defaults (`command/agent/config.go: DefaultConfig`, spec §1.1). */
export const DEFAULT_AGENT_CONFIG: AgentConfig = Object.freeze({
  region: 'global',
  datacenter: 'dc1',
  name: '',
  dataDir: '',
  logLevel: 'INFO',
  server: Object.freeze({
    enabled: false,
    bootstrapExpect: 0,
    authoritativeRegion: '',
    dataDir: '',
    raftMultiplier: null,
  }),
  client: Object.freeze({ enabled: false }),
  acl: Object.freeze({
    enabled: false,
    replicationToken: '',
    tokenTtlMs: 30 * SECOND,
    policyTtlMs: 30 * SECOND,
    roleTtlMs: 30 * SECOND,
    tokenMinExpirationTtlMs: 1 * MINUTE,
    tokenMaxExpirationTtlMs: 24 * HOUR,
  }),
});

/** Largest accepted `raft_multiplier` (`command/agent/agent.go: MaxRaftMultiplier`). */
export const MAX_RAFT_MULTIPLIER = 10;

/** The region whose ACL data is authoritative for this agent: `authoritative_region`, else its own region (§1.2). */
export function effectiveAuthoritativeRegion(config: AgentConfig): string {
  return config.server.authoritativeRegion !== ''
    ? config.server.authoritativeRegion
    : config.region;
}

/** True when this agent's region is the authoritative one (it never replicates, and accepts bootstrap). */
export function isAuthoritativeRegion(config: AgentConfig): boolean {
  return effectiveAuthoritativeRegion(config) === config.region;
}

/** The multiplier applied to Raft timings: `raft_multiplier`, or 1 when unset or 0 (as Nomad does). */
export function effectiveRaftMultiplier(config: AgentConfig): number {
  const written = config.server.raftMultiplier;
  return written === null || written === 0 ? 1 : written;
}

/** The server's data directory: `server.data_dir`, else `<data_dir>/server` (§1.2, Go `filepath.Join`). */
export function serverDataDir(config: AgentConfig): string {
  return config.server.dataDir !== '' ? config.server.dataDir : joinPath(config.dataDir, 'server');
}

/** Where the bootstrap reset file is read from: `<server data dir>/acl-bootstrap-reset` (§3.4). */
export function bootstrapResetFilePath(config: AgentConfig): string {
  return joinPath(serverDataDir(config), 'acl-bootstrap-reset');
}

/**
 * Go's `filepath.Join` on a Unix system: joins the non-empty parts with `/` and cleans the
 * result (no doubled slashes, no `.` segments, `..` resolved lexically, no trailing slash).
 */
export function joinPath(...parts: readonly string[]): string {
  const joined = parts.filter((part) => part !== '').join('/');
  return joined === '' ? '' : cleanPath(joined);
}

/** Go's `path.Clean`. */
function cleanPath(path: string): string {
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(segment);
  }
  const body = out.join('/');
  if (rooted) return `/${body}`;
  return body === '' ? '.' : body;
}
