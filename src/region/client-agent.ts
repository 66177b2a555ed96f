/**
 * A simulated Nomad client agent: its own config file (with its own `acl { enabled }`), its
 * registration as a node with the servers of its region, and its HTTP API. Client endpoints
 * (`/v1/agent/self`, `/v1/client/stats`) are answered by the client itself; with client ACLs off
 * it does not check tokens at all, with them on it resolves the caller's token through the
 * servers and caches it for `token_ttl` (policies for `policy_ttl`, spec §1.1). Everything else is
 * passed on to a server of its region, as a real client agent does.
 */
import { SimDisk } from '../sim/disk.js';
import { createIdSource } from '../sim/ids.js';
import { Lifetime } from '../sim/lifetime.js';
import type { Rng } from '../sim/random.js';
import type { Network } from '../sim/network.js';
import type { Simulation } from '../sim/simulation.js';
import {
  resolveToken,
  PERMISSION_DENIED,
  type Acl,
  type AclPolicy,
  type AclToken,
  type VersionProfile,
} from '../acl/index.js';
import type { ApiRequest, ApiResponse, JsonValue } from '../server/http.js';
import { agentStartProblem, parseAgentConfig } from '../agent-config/index.js';
import { RpcCaller, type Envelope, type RpcReply } from '../server/rpc.js';
import type { Membership } from './membership.js';

export const CLIENT_CONFIG_PATH = '/etc/nomad.d/client.hcl';

export interface ClientSettings {
  region: string;
  datacenter: string;
  name: string;
  aclEnabled: boolean;
  tokenTtlMs: number;
  policyTtlMs: number;
}

export interface ClientEnvironment {
  sim: Simulation;
  network: Network;
  membership: Membership;
  profile: () => VersionProfile;
  rpcTimeoutMs: number;
}

interface Cached<T> {
  value: T;
  expires: number;
}

export class ClientAgent {
  readonly disk: SimDisk;
  readonly nodeUuid: string;
  settings: ClientSettings | null = null;
  status: 'running' | 'stopped' = 'stopped';
  private rpc: RpcCaller | null = null;
  private incarnation = 0;
  /** The current incarnation's life: its retries and late answers die with it. */
  private life: Lifetime | null = null;
  private readonly rng: Rng;
  private random: Rng | null = null;
  private tokens = new Map<string, Cached<AclToken | null>>();
  private policies = new Map<string, Cached<AclPolicy | null>>();

  constructor(
    private readonly env: ClientEnvironment,
    readonly address: string,
    readonly homeRegion: string,
    readonly initialName: string,
  ) {
    this.disk = new SimDisk(address);
    this.rng = env.sim.rng.split(`client/${homeRegion}/${initialName}`);
    this.nodeUuid = createIdSource(this.rng.split('node-id'))();
    env.network.register(address, homeRegion, null);
  }

  get name(): string {
    return this.settings?.name ?? this.initialName;
  }

  get isRunning(): boolean {
    return this.status === 'running';
  }

  /** Starts the agent from its config file and registers the node. Throws on bad config. */
  start(): void {
    if (this.isRunning) throw new Error(`client ${this.name} is already running`);
    const text = this.disk.readText(CLIENT_CONFIG_PATH);
    if (text === undefined)
      throw new Error(
        `Error loading configuration from ${CLIENT_CONFIG_PATH}: file does not exist`,
      );
    const config = parseAgentConfig(text, {
      file: CLIENT_CONFIG_PATH,
      defaults: { name: this.initialName },
    });
    const problem = agentStartProblem(config);
    if (problem !== null)
      throw new Error(`client ${this.homeRegion}/${this.initialName} refuses to start: ${problem}`);
    this.settings = {
      region: config.region,
      datacenter: config.datacenter,
      name: config.name,
      aclEnabled: config.acl.enabled,
      tokenTtlMs: config.acl.tokenTtlMs,
      policyTtlMs: config.acl.policyTtlMs,
    };
    this.incarnation++;
    this.life = new Lifetime(this.env.sim);
    this.random = this.rng.split(`incarnation/${this.incarnation}`);
    this.tokens = new Map();
    this.policies = new Map();
    this.rpc = new RpcCaller(this.env.sim, this.env.network, this.address, this.env.rpcTimeoutMs);
    this.status = 'running';
    this.env.network.setHandler(this.address, (from, message, replyEpoch) =>
      this.receive(from, message as Envelope, replyEpoch),
    );
    this.register('ready');
  }

  stop(): void {
    if (!this.isRunning) return;
    this.register('down');
    this.status = 'stopped';
    this.life?.end();
    this.life = null;
    this.rpc?.abandonAll();
    this.rpc = null;
    this.env.network.setHandler(this.address, null);
  }

  /** Registers (or updates) this node with a server of its region, retrying until it succeeds. */
  private register(status: 'ready' | 'down'): void {
    const settings = this.settings;
    if (settings === null) return;
    const command =
      status === 'ready'
        ? {
            type: 'node.register' as const,
            node: {
              ID: this.nodeUuid,
              Name: settings.name,
              Datacenter: settings.datacenter,
              NodeClass: '',
              NodePool: 'default',
              Address: this.address,
              Status: 'ready' as const,
              Drain: false,
              SchedulingEligibility: 'eligible' as const,
            },
          }
        : { type: 'node.status' as const, id: this.nodeUuid, status: 'down' as const };
    const life = this.life;
    const attempt = (): void => {
      this.callServer('Raft.Apply', { command }, (reply) => {
        if (!reply.ok && status === 'ready') life?.after(1_000, attempt);
      });
    };
    attempt();
  }

  /** Calls `method` on a random alive server of this client's region. */
  private callServer(method: string, args: unknown, done: (reply: RpcReply) => void): void {
    const rpc = this.rpc;
    const region = this.settings?.region ?? this.homeRegion;
    const servers = this.env.membership.inRegion(region, 'alive');
    if (rpc === null || servers.length === 0 || this.random === null) {
      done({ ok: false, error: { status: 500, message: 'no servers' } });
      return;
    }
    rpc.call(this.random.pick(servers).address, method, args, done);
  }

  private receive(from: string, envelope: Envelope, callerEpoch: number): void {
    if (!this.isRunning) return;
    if (envelope.k === 'rpc-reply') {
      this.rpc?.receive(from, envelope.id, envelope.reply);
    } else if (envelope.k === 'http') {
      const life = this.life;
      if (life === null) return;
      this.http(
        envelope.request,
        life.guard((response: ApiResponse) => {
          this.env.network.replyReliable(
            this.address,
            from,
            callerEpoch,
            { k: 'http-reply', id: envelope.id, response } satisfies Envelope,
            'http reply',
          );
        }),
      );
    }
  }

  private http(request: ApiRequest, reply: (response: ApiResponse) => void): void {
    if (request.method === 'GET' && request.path === '/v1/agent/self') {
      this.authorize(
        request,
        (acl) => acl.allowAgentRead(),
        reply,
        () => this.agentSelf(),
      );
    } else if (request.method === 'GET' && request.path === '/v1/client/stats') {
      this.authorize(
        request,
        (acl) => acl.allowNodeRead(),
        reply,
        () => this.stats(),
      );
    } else {
      this.callServer('Agent.HTTP', { request }, (answer) => {
        if (answer.ok) reply(answer.value as ApiResponse);
        else reply({ status: 500, body: answer.error.message, headers: {} });
      });
    }
  }

  /** Runs `answer` if the caller may; with client ACLs off every caller may. */
  private authorize(
    request: ApiRequest,
    allowed: (acl: Acl) => boolean,
    reply: (r: ApiResponse) => void,
    answer: () => JsonValue,
  ): void {
    if (this.settings?.aclEnabled !== true) {
      reply({ status: 200, body: answer(), headers: {} });
      return;
    }
    this.resolveAcl((request.token ?? '').trim(), (acl, unknownToken = false) => {
      // A token the servers do not know: before 1.5 the client returns `ACL token not found`
      // (the profile's unknown-token text, 403 both).
      if (acl === null && unknownToken)
        reply({ status: 403, body: this.env.profile().unknownTokenError, headers: {} });
      else if (acl === null || !allowed(acl))
        reply({ status: 403, body: PERMISSION_DENIED, headers: {} });
      else reply({ status: 200, body: answer(), headers: {} });
    });
  }

  /**
   * Resolves a secret to an ACL with the token and policy caches, fetching what is missing.
   * What this resolution fetched itself counts as fresh even if its TTL ran out while the other
   * fetch was in flight; otherwise TTLs shorter than a round trip would refetch forever.
   */
  private resolveAcl(
    secret: string,
    done: (acl: Acl | null, unknownToken?: boolean) => void,
    fetched: { token: boolean; policies: boolean } = { token: false, policies: false },
  ): void {
    const now = this.env.sim.now;
    const cachedToken = this.tokens.get(secret);
    if (
      secret !== '' &&
      !fetched.token &&
      (cachedToken === undefined || cachedToken.expires <= now)
    ) {
      this.callServer(
        'ACL.ResolveToken',
        {
          region: this.settings?.region ?? this.homeRegion,
          token: secret,
          secret,
          allowStale: true,
        },
        (reply) => {
          if (!reply.ok) return done(null);
          const token = ((reply.value as { token: AclToken | null }).token ??
            null) as AclToken | null;
          this.tokens.set(secret, {
            value: token,
            expires: this.env.sim.now + (this.settings?.tokenTtlMs ?? 30_000),
          });
          this.resolveAcl(secret, done, { ...fetched, token: true });
        },
      );
      return;
    }
    const token = secret === '' ? null : (cachedToken?.value ?? null);
    if (secret !== '' && token === null) return done(null, true);
    const names =
      token === null ? ['anonymous'] : token.Type === 'management' ? [] : token.Policies;
    const missing = fetched.policies
      ? []
      : names.filter((n) => {
          const cached = this.policies.get(n);
          return cached === undefined || cached.expires <= now;
        });
    if (missing.length > 0) {
      this.callServer(
        'ACL.GetPolicies',
        {
          region: this.settings?.region ?? this.homeRegion,
          token: secret,
          names: missing,
          allowStale: true,
        },
        (reply) => {
          const found = reply.ok ? ((reply.value as { policies: AclPolicy[] }).policies ?? []) : [];
          const expires = this.env.sim.now + (this.settings?.policyTtlMs ?? 30_000);
          for (const name of missing)
            this.policies.set(name, { value: found.find((p) => p.Name === name) ?? null, expires });
          this.resolveAcl(secret, done, { ...fetched, policies: true });
        },
      );
      return;
    }
    const lookup = {
      tokenBySecret: (s: string) => (s === secret ? token : null),
      policyByName: (n: string) => this.policies.get(n)?.value ?? null,
    };
    const resolved = resolveToken(secret, lookup, {
      aclsEnabled: true,
      profile: this.env.profile(),
      now,
    });
    done(resolved.ok ? resolved.value.acl : null);
  }

  private agentSelf(): JsonValue {
    const s = this.settings;
    return {
      config: {
        Region: s?.region ?? '',
        Datacenter: s?.datacenter ?? '',
        NodeName: s?.name ?? '',
        ACL: { Enabled: s?.aclEnabled ?? false },
        Client: { Enabled: true },
        Server: { Enabled: false },
        Version: { Version: this.env.profile().nomadVersion },
      },
      member: { Name: s?.name ?? '', Addr: this.address, Port: 4648, Status: 'alive' },
      stats: {
        client: {
          node_id: this.nodeUuid,
          known_servers: this.env.membership
            .inRegion(s?.region ?? this.homeRegion, 'alive')
            .map((m) => `${m.address}:4647`)
            .join(','),
        },
      },
    };
  }

  private stats(): JsonValue {
    return {
      Uptime: Math.floor(this.env.sim.now / 1000),
      Timestamp: this.env.sim.now * 1e6,
      CPU: [],
      Memory: { Total: 16 * 2 ** 30, Used: 2 ** 30 },
    };
  }
}
