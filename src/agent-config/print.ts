/**
 * Canonical HCL text of an agent config, for showing an operator the file a simulated agent
 * runs with. Keys come in the fixed order of ./agent-config-keys.ts (top level, then `server`,
 * `client`, `acl` blocks), `=` signs are aligned within each group as `hclfmt` does, durations
 * are written as Go prints them (`30s`, `1m0s`, `24h0m0s`), and the text ends with a newline.
 *
 * By default only values that differ from Nomad's defaults are written (an empty block is left
 * out; the default config prints as the empty text), so the file reads like one an operator
 * would write. Either way, parsing the text gives back an equal config (for a valid config;
 * a duration of 0 is a default-valued key in Nomad's merge rules and cannot be written).
 */

import { formatGoDuration } from '../go/duration.js';
import { formatHclKey, quoteHclString } from '../hcl/index.js';
import { AGENT_CONFIG_BLOCKS, AGENT_CONFIG_KEYS, type AgentConfigKey } from './keys.js';
import { type AgentConfig, DEFAULT_AGENT_CONFIG } from './types.js';

export interface PrintAgentConfigOptions {
  /** Write every modelled key, defaults included. Default false. */
  readonly includeDefaults?: boolean;
}

export function printAgentConfig(
  config: AgentConfig,
  options: PrintAgentConfigOptions = {},
): string {
  const groups: string[] = [];
  for (const block of AGENT_CONFIG_BLOCKS) {
    const lines = alignedAssignments(
      AGENT_CONFIG_KEYS.filter((key) => key.block === block).flatMap((key) =>
        assignment(key, config, options),
      ),
    );
    if (lines.length === 0) continue;
    groups.push(
      block === ''
        ? lines.join('\n')
        : `${block} {\n${lines.map((line) => `  ${line}`).join('\n')}\n}`,
    );
  }
  return groups.length === 0 ? '' : `${groups.join('\n\n')}\n`;
}

/** `[name, literal]` for one key, or nothing when it is left out. */
function assignment(
  key: AgentConfigKey,
  config: AgentConfig,
  options: PrintAgentConfigOptions,
): [string, string][] {
  const value = key.get(config);
  if (value === null) return [];
  if (options.includeDefaults !== true && value === key.get(DEFAULT_AGENT_CONFIG)) return [];
  return [[key.name, hclLiteral(key, value)]];
}

function hclLiteral(key: AgentConfigKey, value: string | number | boolean): string {
  if (key.kind === 'duration') return quoteHclString(formatGoDuration(value as number));
  if (typeof value === 'string') return quoteHclString(value);
  return String(value);
}

function alignedAssignments(pairs: readonly [string, string][]): string[] {
  const width = Math.max(0, ...pairs.map(([name]) => formatHclKey(name).length));
  return pairs.map(([name, literal]) => `${formatHclKey(name).padEnd(width)} = ${literal}`);
}
