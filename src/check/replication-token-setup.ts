/**
 * Step 4 of the operator procedure (spec §12.3), done before the first start: every server outside
 * the authoritative region gets `acl { enabled = true replication_token = "<secret>" }` in its
 * config file. Used by the chaos run and the federation benchmark, where the operator then
 * bootstraps with that same secret (`BootstrapSecret`), so no rolling restart is needed.
 */
import type { Cluster } from '../region/cluster.js';
import { defaultServerConfigText } from '../server/config-loader.js';

export function writeReplicationTokens(
  cluster: Cluster,
  authoritativeRegion: string,
  secret: string,
): void {
  for (const server of cluster.servers) {
    if (server.homeRegion === authoritativeRegion) continue;
    const text = defaultServerConfigText({
      name: server.initialName,
      region: server.homeRegion,
      bootstrapExpect: cluster.serversOf(server.homeRegion).length,
      authoritativeRegion,
      aclEnabled: true,
      replicationToken: secret,
    });
    server.disk.write(server.configPath, text);
    server.disk.sync(server.configPath);
  }
}
