/**
 * What a SIGHUP would do with a changed configuration, for the teaching layer (spec §1.3).
 *
 * Nomad's reload re-applies only a few settings (TLS, license, scheduler workers, some Raft
 * timings, the log level). Of the modelled keys only `log_level` is among them; in particular the
 * ACL settings (`acl.enabled`, `acl.replication_token`, `server.authoritative_region`) need a
 * restart of the agent, which is why the tutorial prescribes a rolling restart.
 */

import { AGENT_CONFIG_KEYS } from './keys.js';
import type { AgentConfig } from './types.js';

export interface ReloadDiff {
  /** Changed keys a reload applies (dotted HCL paths, canonical order). */
  readonly reloadable: string[];
  /** Changed keys that only take effect after a restart. */
  readonly needsRestart: string[];
}

export function diffReloadable(oldConfig: AgentConfig, newConfig: AgentConfig): ReloadDiff {
  const reloadable: string[] = [];
  const needsRestart: string[] = [];
  for (const key of AGENT_CONFIG_KEYS) {
    if (key.get(oldConfig) === key.get(newConfig)) continue;
    (key.reloadable ? reloadable : needsRestart).push(key.path);
  }
  return { reloadable, needsRestart };
}

/** True when two configs agree on every modelled key. */
export function agentConfigsEqual(a: AgentConfig, b: AgentConfig): boolean {
  return AGENT_CONFIG_KEYS.every((key) => key.get(a) === key.get(b));
}
