/**
 * Reads a server's agent config file from its disk and turns it into the settings the running
 * server uses, and writes the config files a new simulated cluster starts with. A config a real
 * agent would refuse at start (no server block enabled, no or a relative `data_dir`) throws
 * ServerConfigError and the server does not start.
 */
import { parseAgentConfig } from '../agent-config/parse.js';
import { agentStartProblem } from '../agent-config/start-check.js';
import { effectiveAuthoritativeRegion, serverDataDir } from '../agent-config/types.js';
import type { ServerSettings } from './settings.js';
import type { Server } from './server.js';

/**
 * Thrown when a server cannot start because its config file is missing or invalid, or (from the
 * cluster) because its node name is taken; the server stays stopped, as a real agent exits.
 */
export class ServerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerConfigError';
  }
}

/**
 * The settings of `server` from its config file at `path`, as Nomad `nomadVersion` (the played
 * version; keys it does not have yet are unknown keys) reads it.
 */
export function loadServerSettings(
  server: Server,
  path: string,
  nomadVersion?: string,
): ServerSettings {
  const text = server.disk.readText(path);
  if (text === undefined)
    throw new ServerConfigError(`Error loading configuration from ${path}: file does not exist`);
  const config = parseAgentConfig(text, {
    file: path,
    defaults: { name: server.initialName },
    ...(nomadVersion === undefined ? {} : { nomadVersion }),
  });
  if (!config.server.enabled) {
    throw new ServerConfigError(
      `${server.initialName}: the config at ${path} does not enable the server (server { enabled = true })`,
    );
  }
  const problem = agentStartProblem(config);
  if (problem !== null)
    throw new ServerConfigError(
      `server ${server.homeRegion}/${server.initialName} refuses to start: ${problem}`,
    );
  return {
    region: config.region,
    datacenter: config.datacenter,
    name: config.name,
    dataDir: config.dataDir,
    serverDataDir: serverDataDir(config),
    bootstrapExpect: config.server.bootstrapExpect,
    authoritativeRegion: effectiveAuthoritativeRegion(config),
    aclEnabled: config.acl.enabled,
    replicationToken: config.acl.replicationToken,
    raftMultiplier: config.server.raftMultiplier ?? 1,
  };
}

export interface DefaultConfigInput {
  name: string;
  region: string;
  datacenter?: string;
  bootstrapExpect: number;
  authoritativeRegion?: string;
  aclEnabled: boolean;
  replicationToken?: string;
}

/** The top of every simulated agent's config file: who it is and where its data lives. */
function agentIdentityLines(input: {
  name: string;
  region: string;
  datacenter?: string;
}): string[] {
  return [
    `name       = "${input.name}"`,
    `region     = "${input.region}"`,
    `datacenter = "${input.datacenter ?? 'dc1'}"`,
    `data_dir   = "/opt/nomad/data"`,
  ];
}

/** The config file a simulated server starts with, written the way an operator would. */
export function defaultServerConfigText(input: DefaultConfigInput): string {
  const lines = [
    ...agentIdentityLines(input),
    '',
    'server {',
    '  enabled          = true',
    `  bootstrap_expect = ${input.bootstrapExpect}`,
  ];
  if (input.authoritativeRegion !== undefined)
    lines.push(`  authoritative_region = "${input.authoritativeRegion}"`);
  lines.push('}');
  if (input.aclEnabled || input.replicationToken !== undefined) {
    lines.push('', 'acl {', `  enabled = ${input.aclEnabled}`);
    if (input.replicationToken !== undefined)
      lines.push(`  replication_token = "${input.replicationToken}"`);
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}

/** The config file a simulated client agent starts with. */
export function defaultClientConfigText(input: {
  name: string;
  region: string;
  datacenter?: string;
  aclEnabled: boolean;
}): string {
  const lines = [...agentIdentityLines(input), '', 'client {', '  enabled = true', '}'];
  if (input.aclEnabled) lines.push('', 'acl {', '  enabled = true', '}');
  return `${lines.join('\n')}\n`;
}
