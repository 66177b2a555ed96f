/**
 * Agent configuration keys that older Nomad versions do not know. Nomad reports every key its
 * config struct lacks as `<block> unexpected keys ...` (the same check as for a mistyped key), so
 * a file written for Nomad 2.x fails to load on a 1.0 agent when it sets one of these. Each entry
 * is the first version that accepts the key; only keys whose history is known are listed (the
 * simulator's other keys are taken as known to every version it plays).
 */
import type { AgentConfigBlock } from './keys.js';

/** `block.key` (top-level keys bare) -> the first Nomad version that has it. */
const KEYS_SINCE: Readonly<Record<string, string>> = {
  // ACL token expiry and roles (1.4.0).
  'acl.role_ttl': '1.4.0',
  'acl.token_min_expiration_ttl': '1.4.0',
  'acl.token_max_expiration_ttl': '1.4.0',
  // Expired-token GC and the keyring's root keys (1.4.0).
  'server.acl_token_gc_threshold': '1.4.0',
  'server.root_key_gc_interval': '1.4.0',
  'server.root_key_gc_threshold': '1.4.0',
  'server.root_key_rotation_threshold': '1.4.0',
  // CSI (0.11.0).
  'server.csi_volume_claim_gc_interval': '0.11.0',
  'server.csi_volume_claim_gc_threshold': '0.11.0',
  'server.csi_plugin_gc_threshold': '0.11.0',
  // Host volumes and CNI networking on clients (0.10.0), node pools (1.6.0).
  'client.host_volume': '0.10.0',
  'client.cni_path': '0.10.0',
  'client.cni_config_dir': '0.10.0',
  'client.bridge_network_name': '0.10.0',
  'client.bridge_network_subnet': '0.10.0',
  'client.node_pool': '1.6.0',
};

function parts(version: string): number[] {
  return version.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/** `a < b` for dotted release versions. */
function older(a: string, b: string): boolean {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

/** True when Nomad `version` does not know `name` in `block` (keys match case-insensitively). */
export function keyUnknownInVersion(
  block: AgentConfigBlock,
  name: string,
  version: string | undefined,
): boolean {
  if (version === undefined) return false;
  const path = block === '' ? name.toLowerCase() : `${block}.${name.toLowerCase()}`;
  const since = KEYS_SINCE[path];
  return since !== undefined && older(version, since);
}
