/**
 * What a running server takes from its agent configuration: identity, Raft and ACL settings.
 * Read once at start; a changed config file takes effect only at the next restart (Nomad's ACL
 * settings are not reloadable, spec §1.3).
 */

export interface ServerSettings {
  region: string;
  datacenter: string;
  /** Node name; members are listed as `<name>.<region>`. */
  name: string;
  /** Agent data dir; the server's own data lives under `<dataDir>/server`. */
  dataDir: string;
  /** Where the server keeps Raft data and the ACL bootstrap reset file. */
  serverDataDir: string;
  bootstrapExpect: number;
  /** The effective authoritative region (the server's own region when unset). */
  authoritativeRegion: string;
  aclEnabled: boolean;
  replicationToken: string;
  raftMultiplier: number;
}
