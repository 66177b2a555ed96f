/**
 * Value rules for the modelled agent configuration keys, shared by the file decoder (which adds
 * the position) and `checkAgentConfig` (for configs built in code, such as parse defaults).
 *
 * Texts: `raft_multiplier cannot be %d. Must be between 1 and 10` and `Invalid log level: ...`
 * are Nomad's (`command/agent/agent.go: convertServerConfig`, `command/agent/command.go`). The
 * others are the simulator's own, in the same `<key> cannot be <value>` shape: Nomad either has
 * no such check (it silently keeps the default for an empty region) or the spec does not quote it.
 */

import { formatGoDuration } from '../go/duration.js';
import { AGENT_CONFIG_KEYS } from './keys.js';
import { type AgentConfig, MAX_RAFT_MULTIPLIER } from './types.js';

/** Levels the agent's log filter accepts (compared upper-cased). */
export const AGENT_LOG_LEVELS: readonly string[] = Object.freeze([
  'TRACE',
  'DEBUG',
  'INFO',
  'WARN',
  'ERROR',
]);

export function nonEmptyProblem(name: 'region' | 'datacenter', value: string): string | null {
  return value === '' ? `${name} cannot be empty` : null;
}

export function bootstrapExpectProblem(value: number): string | null {
  return value < 0 ? `bootstrap_expect cannot be ${value}. Must be 0 or more` : null;
}

/** 0 is allowed: Nomad treats it as "unset" and uses 1. */
export function raftMultiplierProblem(value: number): string | null {
  return value < 0 || value > MAX_RAFT_MULTIPLIER
    ? `raft_multiplier cannot be ${value}. Must be between 1 and ${MAX_RAFT_MULTIPLIER}`
    : null;
}

/** `path` is the dotted key (`acl.token_ttl`). */
export function durationProblem(path: string, ms: number): string | null {
  return ms < 0 ? `${path} cannot be ${formatGoDuration(ms)}. Must be 0 or more` : null;
}

/** An empty level is allowed (it means "not set"). */
export function logLevelProblem(level: string): string | null {
  if (level === '' || AGENT_LOG_LEVELS.includes(level.toUpperCase())) return null;
  return `Invalid log level: ${level.toUpperCase()}. Valid log levels are: [${AGENT_LOG_LEVELS.join(' ')}]`;
}

/** One problem of a config built in code: the key path and the reason. */
export interface AgentConfigValueProblem {
  readonly key: string;
  readonly reason: string;
}

/** Every rule violation of a complete config, in canonical key order (empty when valid). */
export function checkAgentConfig(config: AgentConfig): AgentConfigValueProblem[] {
  const problems: AgentConfigValueProblem[] = [];
  for (const key of AGENT_CONFIG_KEYS) {
    const reason = valueProblem(key.path, key.get(config));
    if (reason !== null) problems.push({ key: key.path, reason });
  }
  return problems;
}

function valueProblem(path: string, value: string | number | boolean | null): string | null {
  switch (path) {
    case 'region':
    case 'datacenter':
      return nonEmptyProblem(path, value as string);
    case 'log_level':
      return logLevelProblem(value as string);
    case 'server.bootstrap_expect':
      return bootstrapExpectProblem(value as number);
    case 'server.raft_multiplier':
      return value === null ? null : raftMultiplierProblem(value as number);
    default:
      return path.startsWith('acl.') && path.endsWith('_ttl')
        ? durationProblem(path, value as number)
        : null;
  }
}
