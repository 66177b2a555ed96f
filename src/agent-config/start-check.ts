/**
 * What an agent checks in its final, merged configuration before it starts, beyond the per-value
 * rules the decoder applies to each file (./agent-config-validate.ts). A file may leave
 * `data_dir` out (another `-config` file or the `-data-dir` flag can set it), so these checks
 * run once, at start; a real agent that fails one prints the text and exits, and a simulated
 * server or client refuses to start (it stays stopped, and `start()` throws).
 *
 * Texts are Nomad's (`command/agent/command.go: isValidConfig`, checked in this order):
 *   `data-dir must be given as an absolute path: got <dir>`
 *   `Must specify "data_dir" config option or "data-dir" CLI flag`          (servers)
 *   `Must specify the state, alloc dir, and plugin dir if data-dir is omitted.`  (clients)
 * The simulator models no state, alloc or plugin dir, so a client without `data_dir` is always
 * refused.
 */
import type { AgentConfig } from './types.js';

export const SERVER_DATA_DIR_REQUIRED =
  'Must specify "data_dir" config option or "data-dir" CLI flag';
export const CLIENT_DATA_DIR_REQUIRED =
  'Must specify the state, alloc dir, and plugin dir if data-dir is omitted.';

/** The first reason `config` cannot start an agent, or null. */
export function agentStartProblem(config: AgentConfig): string | null {
  if (config.dataDir !== '' && !config.dataDir.startsWith('/'))
    return `data-dir must be given as an absolute path: got ${config.dataDir}`;
  if (config.server.enabled && config.dataDir === '') return SERVER_DATA_DIR_REQUIRED;
  if (config.client.enabled && config.dataDir === '') return CLIENT_DATA_DIR_REQUIRED;
  return null;
}
