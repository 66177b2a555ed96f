/**
 * What the shell's guide reads of the live federation: which servers run (or, stopped, will run)
 * with which ACL settings, what a region's ACL data holds, which config files name the
 * authoritative region, where bootstrap reset files lie, and how a `nomad` command line reaches
 * the federation (its token, region and receiving server). Reading changes nothing: no event, no
 * randomness.
 *
 * A region's ACL data is read from its running server that has applied the most, and only when
 * that is at least as far as what was read before: while a region is down or has just restarted
 * (its servers replay their logs once a leader commits), the last complete view stands, so the
 * guide does not take an outage for a lost bootstrap.
 */
import type { Cluster } from '../../../region/cluster.js';
import { SERVER_CONFIG_PATH } from '../../../region/cluster.js';
import { CLIENT_CONFIG_PATH, type ClientAgent } from '../../../region/client-agent.js';
import type { Server } from '../../../server/server.js';
import type { AclToken } from '../../../acl/index.js';
import { parseAgentConfig } from '../../../agent-config/index.js';
import { findCommand } from '../../../cli/nomad/index.js';
import type { Names } from '../agents.js';

/** The name Nomad gives the token a bootstrap creates. */
export const BOOTSTRAP_TOKEN_NAME = 'Bootstrap Token';

/** `server-1.global`, as `nomad server members` names a server. */
export function serverLabel(server: Server): string {
  return `${server.initialName}.${server.homeRegion}`;
}

/** What a region's ACL data held when last read. */
interface AclView {
  /** The Raft index the reading server had applied. */
  readonly appliedIndex: number;
  /** The reset index once bootstrapped, else null. */
  readonly resetIndex: number | null;
  readonly tokens: readonly AclToken[];
  readonly policies: ReadonlySet<string>;
}

export class FederationFacts {
  private readonly views = new Map<string, AclView>();

  constructor(
    readonly cluster: Cluster,
    readonly names: Names,
    /** The region the tutorial makes authoritative. */
    readonly authoritative: string,
  ) {}

  /** Every region but the authoritative one. */
  get others(): string[] {
    return this.cluster.regionNames.filter((region) => region !== this.authoritative);
  }

  servers(region: string): Server[] {
    return this.cluster.serversOf(region);
  }

  /** Servers of `region` that run (and so have the settings they read at their last start). */
  running(region: string): Server[] {
    return this.servers(region).filter((server) => server.isRunning && server.settings !== null);
  }

  leader(region: string): Server | null {
    return this.cluster.leaderOf(region);
  }

  /** Reads every region's ACL data again (call once the federation may have changed). */
  refresh(): void {
    for (const region of this.cluster.regionNames) {
      let best: Server | null = null;
      for (const server of this.running(region))
        if (
          server.fsm !== null &&
          (best === null || server.fsm.appliedIndex > (best.fsm?.appliedIndex ?? -1))
        )
          best = server;
      const fsm = best?.fsm;
      if (fsm == null || fsm.appliedIndex < (this.views.get(region)?.appliedIndex ?? 0)) continue;
      const check = fsm.acl.canBootstrap();
      this.views.set(region, {
        appliedIndex: fsm.appliedIndex,
        resetIndex: check.allowed ? null : check.resetIndex,
        tokens: fsm.acl.listTokens({ order: 'create-index' }),
        policies: new Set(fsm.acl.listPolicies().map((policy) => policy.Name)),
      });
    }
  }

  /** The reset index once the region was bootstrapped, else null. */
  resetIndex(region: string): number | null {
    return this.views.get(region)?.resetIndex ?? null;
  }

  token(region: string, secret: string): AclToken | null {
    return this.views.get(region)?.tokens.find((token) => token.SecretID === secret) ?? null;
  }

  /** Global management tokens of the authoritative region, oldest first. */
  managementTokens(): AclToken[] {
    return (this.views.get(this.authoritative)?.tokens ?? []).filter(
      (token) => token.Global && token.Type === 'management',
    );
  }

  /** The authoritative region's first bootstrap token, if it is still there. */
  bootstrapToken(): AclToken | null {
    return this.managementTokens().find((token) => token.Name === BOOTSTRAP_TOKEN_NAME) ?? null;
  }

  /** Whether the secret is a global management token of the authoritative region. */
  isManagementSecret(secret: string): boolean {
    const token = this.token(this.authoritative, secret);
    return token !== null && token.Global && token.Type === 'management';
  }

  hasPolicy(region: string, name: string): boolean {
    return this.views.get(region)?.policies.has(name) ?? false;
  }

  /** The server's config file as it is now (not as the server runs), or null when unreadable. */
  private config(server: Server) {
    const text = server.disk.readText(SERVER_CONFIG_PATH);
    if (text === undefined) return null;
    try {
      return parseAgentConfig(text);
    } catch {
      return null;
    }
  }

  /** Whether the server's config file names `region` as the authoritative region. */
  configNamesAuthoritative(server: Server, region: string): boolean {
    return this.config(server)?.server.authoritativeRegion === region;
  }

  /**
   * The ACL settings a server runs with, or, when it is not running, the ones it will start with
   * (its config file): a server stopped for a moment still counts as set up.
   */
  aclSettings(
    server: Server,
  ): { enabled: boolean; authoritativeRegion: string; replicationToken: string } | null {
    const settings = server.settings;
    if (server.isRunning && settings !== null)
      return {
        enabled: settings.aclEnabled,
        authoritativeRegion: settings.authoritativeRegion,
        replicationToken: settings.replicationToken,
      };
    const config = this.config(server);
    if (config === null) return null;
    return {
      enabled: config.acl.enabled,
      authoritativeRegion: config.server.authoritativeRegion || config.region,
      replicationToken: config.acl.replicationToken,
    };
  }

  /** The reset file path of a server (in its server data dir), whether or not one lies there. */
  resetFilePath(server: Server): string {
    return `${server.settings?.serverDataDir ?? '/opt/nomad/data/server'}/acl-bootstrap-reset`;
  }

  /** Servers of `region` whose data dir holds a bootstrap reset file. */
  resetFiles(region: string): Server[] {
    return this.servers(region).filter((server) => server.disk.exists(this.resetFilePath(server)));
  }

  /** The client agents of every region. */
  get clients(): readonly ClientAgent[] {
    return this.cluster.clients;
  }

  /** Whether a client runs with ACLs on (stopped: whether its config file turns them on). */
  clientAclEnabled(client: ClientAgent): boolean {
    if (client.isRunning && client.settings !== null) return client.settings.aclEnabled;
    const text = client.disk.readText(CLIENT_CONFIG_PATH);
    if (text === undefined) return false;
    try {
      return parseAgentConfig(text).acl.enabled;
    } catch {
      return false;
    }
  }
}

/** How one `nomad` command line reaches the federation. */
export interface NomadRequest {
  /** The command's words (`acl bootstrap`, `acl policy apply`). */
  readonly command: string;
  /** `-token`, else NOMAD_TOKEN; null when the request is anonymous. */
  readonly token: string | null;
  /** `-region`, else NOMAD_REGION; null when the receiving server's region is meant. */
  readonly region: string | null;
  /** The server `-address` (else NOMAD_ADDR, else the agent the shell is on) names, if any. */
  readonly receiver: Server | null;
  /** The region the request runs in: the one asked for, else the receiver's. */
  readonly executes: string | null;
}

const VALUE_FLAGS = new Set(['address', 'region', 'token', 'namespace']);

/** The flags of a nomad command line that say where it goes (`-token=x`, `-token x`, `--token=x`). */
function flagValues(args: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let k = 0; k < args.length; k++) {
    const match = /^--?([a-z-]+)(?:=(.*))?$/s.exec(args[k] as string);
    if (match === null) continue;
    const name = match[1] as string;
    if (!VALUE_FLAGS.has(name)) continue;
    const value = match[2] ?? args[k + 1];
    if (match[2] === undefined) k++;
    if (value !== undefined) values.set(name, value);
  }
  return values;
}

/** The longest known nomad command at the start of `args`. */
function commandOf(args: readonly string[]): string {
  const words: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-') || words.length === 4) break;
    words.push(arg);
  }
  for (let n = words.length; n > 0; n--) {
    const name = words.slice(0, n).join(' ');
    if (findCommand(name) !== undefined) return name;
  }
  return words.join(' ');
}

/**
 * Reads a `nomad` command line (the words after `nomad`) with its environment. `hostAddress`:
 * the agent the shell is logged into, which `nomad` talks to by default.
 */
export function nomadRequest(
  facts: FederationFacts,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  hostAddress: string | null,
): NomadRequest {
  const flags = flagValues(args);
  const address = flags.get('address') ?? env.NOMAD_ADDR ?? hostAddress;
  const host =
    address === undefined || address === null
      ? null
      : (/^(?:[a-z]+:\/\/)?([^/:\s]+)/.exec(address)?.[1] ?? null);
  const receiver = host === null ? null : facts.names.findServer(host);
  const token = flags.get('token') ?? env.NOMAD_TOKEN ?? '';
  const region = flags.get('region') ?? env.NOMAD_REGION ?? '';
  return {
    command: commandOf(args),
    token: token === '' ? null : token,
    region: region === '' ? null : region,
    receiver,
    executes: region !== '' ? region : (receiver?.region ?? null),
  };
}
