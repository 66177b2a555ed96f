/**
 * Nomad agent configuration files for simulated servers and clients: the public surface of the
 * agent-config-* modules (types and defaults, parsing HCL/JSON text with Nomad's checks and
 * merge rules, the checks an agent makes at start, canonical printing, text edits an operator
 * makes, and the reload policy).
 * Pure code, no I/O.
 */

export {
  type AclAgentConfig,
  type AgentConfig,
  type AgentConfigFragment,
  type ClientAgentConfig,
  DEFAULT_AGENT_CONFIG,
  MAX_RAFT_MULTIPLIER,
  type ServerAgentConfig,
  bootstrapResetFilePath,
  effectiveAuthoritativeRegion,
  effectiveRaftMultiplier,
  isAuthoritativeRegion,
  joinPath,
  serverDataDir,
} from './types.js';
export { AgentConfigError, type AgentConfigProblem } from './error.js';
export {
  AGENT_CONFIG_BLOCKS,
  AGENT_CONFIG_KEYS,
  type AgentConfigBlock,
  type AgentConfigKey,
  type AgentConfigValueKind,
  isIgnoredAgentConfigKey,
} from './keys.js';
export { AGENT_LOG_LEVELS, type AgentConfigValueProblem, checkAgentConfig } from './validate.js';
export {
  agentStartProblem,
  CLIENT_DATA_DIR_REQUIRED,
  SERVER_DATA_DIR_REQUIRED,
} from './start-check.js';
export { mergeAgentConfigFragments, mergeAgentConfigs, overlayAgentConfig } from './merge.js';
export {
  type AgentConfigFile,
  type ParseAgentConfigOptions,
  loadAgentConfigs,
  parseAgentConfig,
  parseAgentConfigFragment,
} from './parse.js';
export { type PrintAgentConfigOptions, printAgentConfig } from './print.js';
export {
  type EditAgentConfigOptions,
  withAclEnabled,
  withAuthoritativeRegion,
  withReplicationToken,
} from './edit.js';
export { type ReloadDiff, agentConfigsEqual, diffReloadable } from './reload.js';
