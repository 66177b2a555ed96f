/**
 * Entry points that turn configuration text into configs: one file (`parseAgentConfig`), what one
 * file wrote (`parseAgentConfigFragment`), and several files loaded in order with Nomad's merge
 * rules (`loadAgentConfigs`), as an agent started with several `-config` flags does.
 *
 * Text may be native HCL or JSON (detected like HCL v1: JSON when it starts with `{`). Every
 * problem in the text is thrown as an AgentConfigError naming the file; nothing else escapes.
 */

import { HclSyntaxError, parseHcl } from '../hcl/index.js';
import { decodeAgentConfigBody } from './decode.js';
import { AgentConfigError } from './error.js';
import { mergeAgentConfigs, overlayAgentConfig } from './merge.js';
import { type AgentConfig, type AgentConfigFragment, DEFAULT_AGENT_CONFIG } from './types.js';
import { checkAgentConfig } from './validate.js';

export interface ParseAgentConfigOptions {
  /** File name used in error messages (`server.hcl`). */
  readonly file?: string;
  /**
   * Values used where the text sets nothing, on top of Nomad's defaults (e.g. the node `name`
   * the simulator gives each agent). The text is merged over them with Nomad's merge rules, so
   * a default `acl.enabled = true` cannot be switched off by the file. Invalid defaults are a
   * programming error (RangeError).
   */
  readonly defaults?: AgentConfigFragment;
  /** The Nomad version that reads the file: keys it does not have yet are unknown keys. */
  readonly nomadVersion?: string;
}

/** What a file wrote, typed and checked, without defaults. Throws AgentConfigError. */
export function parseAgentConfigFragment(
  text: string,
  options: { readonly file?: string; readonly nomadVersion?: string } = {},
): AgentConfigFragment {
  const file = options.file ?? null;
  try {
    return decodeAgentConfigBody(parseHcl(text).body, { nomadVersion: options.nomadVersion });
  } catch (error) {
    if (error instanceof AgentConfigError) throw error.inFile(file);
    if (error instanceof HclSyntaxError) {
      throw new AgentConfigError(
        { key: null, line: error.line, column: error.column, reason: error.reason },
        file,
      );
    }
    throw error;
  }
}

/** Parses one configuration file into a complete config. Throws AgentConfigError. */
export function parseAgentConfig(text: string, options: ParseAgentConfigOptions = {}): AgentConfig {
  const base = configFromDefaults(options.defaults);
  const fileOption = {
    ...(options.file === undefined ? {} : { file: options.file }),
    ...(options.nomadVersion === undefined ? {} : { nomadVersion: options.nomadVersion }),
  };
  return mergeAgentConfigs(base, parseAgentConfigFragment(text, fileOption));
}

/** One configuration file of an agent: its name (for messages) and its text. */
export interface AgentConfigFile {
  readonly file: string;
  readonly text: string;
}

/**
 * Loads several files in order, each merged over the previous ones with Nomad's rules (a later
 * file overrides non-empty values and can switch `enabled` on, never off). Throws
 * AgentConfigError for the first bad file.
 */
export function loadAgentConfigs(
  files: readonly AgentConfigFile[],
  options: { readonly defaults?: AgentConfigFragment } = {},
): AgentConfig {
  let config = configFromDefaults(options.defaults);
  for (const { file, text } of files)
    config = mergeAgentConfigs(config, parseAgentConfigFragment(text, { file }));
  return config;
}

function configFromDefaults(defaults: AgentConfigFragment | undefined): AgentConfig {
  if (defaults === undefined) return DEFAULT_AGENT_CONFIG;
  const config = overlayAgentConfig(DEFAULT_AGENT_CONFIG, defaults);
  const problems = checkAgentConfig(config);
  if (problems.length > 0) {
    throw new RangeError(
      `invalid agent config defaults: ${problems.map((p) => p.reason).join('; ')}`,
    );
  }
  return config;
}
