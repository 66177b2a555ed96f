/**
 * A simulated federation of Nomad regions: the simulation kernel, the network, every server with
 * its disk and config file, gossip membership, and the operations an operator performs (start,
 * stop, crash, restart, rolling restart, partitions) plus requests from the operator's workstation.
 *
 * The API layer plugs in through `ClusterServices`; without it a server only knows the internal
 * `Raft.Apply` RPC that forwards writes to its leader.
 */
import { Simulation } from '../sim/simulation.js';
import { Network, type NetworkOptions } from '../sim/network.js';
import { raftTimings, type RaftLogLimits, type RaftTimings } from '../raft/index.js';
import type { SeededBugs } from '../sim/seeded-bugs.js';
import type { ApiRequest, ApiResponse } from '../server/http.js';
import { Server, type ServerEnvironment } from '../server/server.js';
import type { ServerCommand } from '../server/state/state-machine.js';
import type { EndpointArgs, EndpointMethodName, EndpointValue } from '../server/rpc-methods.js';
import type { RpcReply } from '../server/rpc.js';
import { Membership, type Member } from './membership.js';
import {
  loadServerSettings,
  defaultServerConfigText,
  defaultClientConfigText,
  ServerConfigError,
} from '../server/config-loader.js';
import type { ServerSettings } from '../server/settings.js';
import { RegionCoordinator } from './coordinator.js';
import { ClientAgent, CLIENT_CONFIG_PATH } from './client-agent.js';
import { DEFAULT_PROFILE, getProfile, type VersionProfile } from '../acl/index.js';
import { Workstation, WORKSTATION } from './workstation.js';
import { regionSpecsProblem } from './region-spec-check.js';

export { WORKSTATION, ConnectionRefused, RequestTimeout } from './workstation.js';
export const SERVER_CONFIG_PATH = '/etc/nomad.d/server.hcl';

export interface RegionSpec {
  name: string;
  servers: number;
  /** Defaults to the number of servers. */
  bootstrapExpect?: number;
  /** Nomad client agents in the region (default 0). */
  clients?: number;
}

export interface ClusterOptions {
  seed: number;
  regions: RegionSpec[];
  /** Written into every server's config as `authoritative_region` (omit to leave it unset). */
  authoritativeRegion?: string;
  /** Start with `acl { enabled = true }` in every server config. */
  aclEnabled?: boolean;
  /** Raft timing overrides (after `raftMultiplier`). */
  timings?: Partial<RaftTimings>;
  raftMultiplier?: number;
  limits?: Partial<RaftLogLimits>;
  network?: NetworkOptions;
  /** Virtual ms an fsync takes. Default 1. */
  fsyncLatencyMs?: number;
  /** Virtual ms before an unanswered RPC fails. Default 10 000. */
  rpcTimeoutMs?: number;
  /** Keep the trace in memory. */
  keepTrace?: boolean;
  /** Seeded bugs (src/sim/seeded-bugs.ts), for the checkers' self-tests only. */
  bugs?: SeededBugs;
  /** Virtual ms a restarted agent takes to come back. Default 2 000. */
  restartDelayMs?: number;
  /** The simulation's event budget (see `SimulationOptions.maxEvents`). */
  maxEvents?: number;
}

/** What the API layer provides to servers. */
export interface ClusterServices {
  http(server: Server, request: ApiRequest, reply: (response: ApiResponse) => void): void;
  /** Returns false when the method is not one of its own. */
  rpc<M extends EndpointMethodName>(
    server: Server,
    method: M,
    args: EndpointArgs<M>,
    from: string,
    reply: (reply: RpcReply<EndpointValue<M>>) => void,
  ): void;
  roleChanged?(server: Server): void;
  leadershipEstablished?(server: Server): void;
  started?(server: Server): void;
  stopped?(server: Server): void;
}

function checkRegions(regions: RegionSpec[]): void {
  const problem = regionSpecsProblem(regions);
  if (problem !== null) throw new RangeError(`invalid option "regions": ${problem}`);
}

export class Cluster {
  readonly sim: Simulation;
  readonly network: Network;
  readonly servers: Server[] = [];
  readonly clients: ClientAgent[] = [];
  readonly membership = new Membership();
  readonly timings: RaftTimings;
  readonly regionNames: string[];
  private readonly coordinators = new Map<string, RegionCoordinator>();
  private services: ClusterServices | null = null;
  /** The version profile clients use when they resolve tokens (set by the API layer). */
  profile: VersionProfile = getProfile(DEFAULT_PROFILE);
  private readonly restartDelayMs: number;
  private readonly workstation: Workstation;
  /** Every server and client agent by network address. */
  private readonly agentAddresses = new Map<string, Server | ClientAgent>();

  constructor(readonly options: ClusterOptions) {
    checkRegions(options.regions);
    this.sim = new Simulation({
      seed: options.seed,
      keepTrace: options.keepTrace ?? false,
      ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
    });
    this.regionNames = options.regions.map((r) => r.name);
    this.network = new Network(this.sim, this.networkOptions(options));
    this.timings = raftTimings({
      ...(options.raftMultiplier === undefined ? {} : { raftMultiplier: options.raftMultiplier }),
      ...(options.timings === undefined ? {} : { overrides: options.timings }),
    });
    this.restartDelayMs = options.restartDelayMs ?? 2_000;
    const env: ServerEnvironment = {
      sim: this.sim,
      network: this.network,
      loadSettings: (server) =>
        this.refuseTakenName(
          server,
          loadServerSettings(server, SERVER_CONFIG_PATH, this.profile.nomadVersion),
        ),
      timings: this.timings,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      fsyncLatencyMs: options.fsyncLatencyMs ?? 1,
      rpcTimeoutMs: options.rpcTimeoutMs ?? 10_000,
      ...(options.bugs === undefined ? {} : { bugs: options.bugs }),
      hooks: {
        started: (server) => this.onStarted(server),
        stopped: (server, crash) => this.onStopped(server, crash),
        roleChanged: (server) => this.onRoleChanged(server),
        leadershipEstablished: (server) => this.onLeadershipEstablished(server),
        http: (server, request, reply) => this.onHttp(server, request, reply),
        rpc: (server, method, args, from, reply) => this.onRpc(server, method, args, from, reply),
      },
    };
    options.regions.forEach((spec, regionIndex) => {
      this.coordinators.set(spec.name, new RegionCoordinator(this, spec.name));
      for (let i = 1; i <= spec.servers; i++) {
        const server = new Server(
          env,
          `10.${regionIndex + 1}.0.${i}`,
          spec.name,
          `server-${i}`,
          SERVER_CONFIG_PATH,
        );
        server.disk.write(
          SERVER_CONFIG_PATH,
          defaultServerConfigText({
            name: `server-${i}`,
            region: spec.name,
            bootstrapExpect: spec.bootstrapExpect ?? spec.servers,
            ...(options.authoritativeRegion === undefined
              ? {}
              : { authoritativeRegion: options.authoritativeRegion }),
            aclEnabled: options.aclEnabled ?? false,
          }),
        );
        server.disk.sync(SERVER_CONFIG_PATH);
        this.servers.push(server);
        this.agentAddresses.set(server.address, server);
      }
      for (let i = 1; i <= (spec.clients ?? 0); i++) {
        const client = new ClientAgent(
          {
            sim: this.sim,
            network: this.network,
            membership: this.membership,
            profile: () => this.profile,
            rpcTimeoutMs: options.rpcTimeoutMs ?? 10_000,
          },
          `10.${regionIndex + 1}.1.${i}`,
          spec.name,
          `client-${i}`,
        );
        client.disk.write(
          CLIENT_CONFIG_PATH,
          defaultClientConfigText({ name: `client-${i}`, region: spec.name, aclEnabled: false }),
        );
        client.disk.sync(CLIENT_CONFIG_PATH);
        this.clients.push(client);
        this.agentAddresses.set(client.address, client);
      }
    });
    this.workstation = new Workstation(this.sim, this.network, (address) =>
      this.describeAgent(address),
    );
    this.network.nameEndpoints((address) => {
      if (!this.agentAddresses.has(address)) return address;
      const agent = this.describeAgent(address);
      return `${agent.region}/${agent.server}`;
    });
  }

  private networkOptions(options: ClusterOptions): NetworkOptions {
    const pairs: Record<string, { min: number; max: number }> = {};
    for (const region of options.regions)
      pairs[`${WORKSTATION}|${region.name}`] = { min: 1, max: 4 };
    return { ...options.network, pairs: { ...pairs, ...options.network?.pairs } };
  }

  /** Plugs in the API layer. */
  setServices(services: ClusterServices): void {
    this.services = services;
  }

  // ---------------------------------------------------------------------------------------------
  // Lookup

  /** Finds a server by address, `name.region`, `region/name` or `name` when unique. */
  server(ref: string): Server {
    const found = this.servers.filter(
      (s) =>
        s.address === ref ||
        `${s.name}.${s.region}` === ref ||
        `${s.region}/${s.name}` === ref ||
        `${s.homeRegion}/${s.initialName}` === ref ||
        s.name === ref,
    );
    if (found.length === 1) return found[0] as Server;
    if (found.length === 0) throw new RangeError(`unknown server "${ref}"`);
    throw new RangeError(
      `server "${ref}" is ambiguous: say region/name (e.g. ${found[0]?.homeRegion}/${found[0]?.initialName})`,
    );
  }

  /** Servers created in `region`. */
  serversOf(region: string): Server[] {
    if (!this.regionNames.includes(region)) throw new RangeError(`unknown region "${region}"`);
    return this.servers.filter((s) => s.homeRegion === region);
  }

  /** The running leader of `region` with the highest term, or null. */
  leaderOf(region: string): Server | null {
    let best: Server | null = null;
    for (const server of this.serversOf(region)) {
      if (
        server.isRunning &&
        server.isLeader &&
        (best === null || (server.node?.term ?? 0) > (best.node?.term ?? 0))
      )
        best = server;
    }
    return best;
  }

  /** Where a request to `address` enters: the agent's region and name (for the trace). */
  private describeAgent(address: string): { region: string; server: string } {
    const agent = this.agentAddresses.get(address);
    const server = agent instanceof Server ? agent : undefined;
    const client = agent instanceof ClientAgent ? agent : undefined;
    return {
      region: server?.region ?? client?.settings?.region ?? client?.homeRegion ?? '',
      server: server?.name ?? client?.name ?? address,
    };
  }

  /** The node id of the server at `address` (as `operator raft list-peers` shows it). */
  nodeIdOf(address: string): string {
    return this.servers.find((s) => s.address === address)?.nodeUuid ?? address;
  }

  coordinator(region: string): RegionCoordinator {
    const coordinator = this.coordinators.get(region);
    if (coordinator === undefined) throw new RangeError(`unknown region "${region}"`);
    return coordinator;
  }

  // ---------------------------------------------------------------------------------------------
  // Operations

  /** Starts every server, then every client, that is not running. */
  startAll(): void {
    for (const server of this.servers) if (!server.isRunning) server.start();
    for (const client of this.clients) if (!client.isRunning) client.start();
  }

  /** Finds a client agent by address, `region/name` or `name` when unique. */
  client(ref: string): ClientAgent {
    const found = this.clients.filter(
      (c) => c.address === ref || `${c.homeRegion}/${c.initialName}` === ref || c.name === ref,
    );
    if (found.length === 1) return found[0] as ClientAgent;
    if (found.length === 0) throw new RangeError(`unknown client "${ref}"`);
    throw new RangeError(`client "${ref}" is ambiguous: say region/name`);
  }

  /** Restarts a client agent (it reads its config file again). */
  async restartClient(client: ClientAgent): Promise<void> {
    client.stop();
    await this.sim.sleep(this.restartDelayMs);
    client.start();
  }

  crash(server: Server): void {
    server.halt(true);
  }

  /** A graceful stop (leadership handed over first). */
  stop(server: Server): Promise<void> {
    return this.sim.wait<void>((resolve) => server.stopGracefully(resolve));
  }

  /** Stops (gracefully unless `crash`), waits for the agent to come back, starts it again. */
  async restart(server: Server, options: { crash?: boolean } = {}): Promise<void> {
    if (options.crash === true) this.crash(server);
    else await this.stop(server);
    await this.sim.sleep(this.restartDelayMs);
    server.start();
  }

  /** Resolves once `region` has a leader that the other running servers follow, or rejects at the deadline. */
  waitForLeader(region: string, timeoutMs = 60_000): Promise<Server> {
    const deadline = this.sim.now + timeoutMs;
    return this.sim.wait<Server>((resolve, reject) => {
      const check = (): void => {
        const leader = this.leaderOf(region);
        if (leader !== null) return resolve(leader);
        if (this.sim.now >= deadline)
          return reject(new Error(`region ${region} has no leader after ${timeoutMs} ms`));
        this.sim.schedule(50, check);
      };
      check();
    });
  }

  /**
   * Resolves once `server` is running, the region has a leader, and the server follows it with
   * the committed log applied: the health check an operator does with `nomad server members`.
   */
  waitForHealthy(server: Server, timeoutMs = 60_000): Promise<void> {
    const deadline = this.sim.now + timeoutMs;
    return this.sim.wait<void>((resolve, reject) => {
      const check = (): void => {
        const leader = this.leaderOf(server.homeRegion);
        const node = server.node;
        const healthy =
          server.isRunning &&
          node !== null &&
          leader !== null &&
          leader.node !== null &&
          (server === leader ||
            (node.leader === leader.raftId && node.appliedIndex >= leader.node.commitIndex));
        if (healthy) return resolve();
        if (this.sim.now >= deadline)
          return reject(
            new Error(
              `server ${server.name}.${server.region} is not healthy after ${timeoutMs} ms`,
            ),
          );
        this.sim.schedule(50, check);
      };
      check();
    });
  }

  /** Restarts the servers of `region` one at a time, waiting for each to be healthy again. */
  async rollingRestart(region: string, order?: readonly Server[]): Promise<void> {
    for (const server of order ?? this.serversOf(region)) {
      await this.restart(server);
      await this.waitForHealthy(server);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Requests from the operator's workstation

  /**
   * Sends an HTTP-shaped request to the agent at `address`. Rejects with `ConnectionRefused`
   * when the agent is down, and with `RequestTimeout` when no answer comes in `timeoutMs`
   * (a partition, or a crash while the request was in flight).
   */
  http(address: string, request: ApiRequest, timeoutMs = 60_000): Promise<ApiResponse> {
    return this.workstation.http(address, request, timeoutMs);
  }

  /**
   * Writes `command` through the server at `address` (forwarded to its leader). Always settles:
   * with the server's answer, `connection refused`, or a timeout after `timeoutMs`.
   */
  submit(address: string, command: ServerCommand, timeoutMs = 60_000): Promise<RpcReply> {
    return this.workstation.submit(address, command, timeoutMs);
  }

  // ---------------------------------------------------------------------------------------------
  // Server hooks

  /**
   * A server's gossip name (`<name>.<region>`) must be unique in the federation. Nomad's serf
   * settles a clash by a vote after the join and the loser's gossip shuts down
   * (`serf: Node name conflicts with another node at <addr>. Names must be unique!`); the
   * simulator refuses the start instead: the second server with a running namesake stays stopped.
   */
  private refuseTakenName(server: Server, settings: ServerSettings): ServerSettings {
    const member = `${settings.name}.${settings.region}`;
    const holder = this.servers.find(
      (s) =>
        s !== server &&
        s.isRunning &&
        s.settings !== null &&
        `${s.settings.name}.${s.settings.region}` === member,
    );
    if (holder !== undefined) {
      throw new ServerConfigError(
        `server ${server.homeRegion}/${server.initialName} refuses to start: node name "${member}" conflicts with another node at ${holder.address}:4648. Names must be unique!`,
      );
    }
    return settings;
  }

  private onStarted(server: Server): void {
    const settings = server.settings;
    if (settings === null) return;
    const member: Member = {
      name: `${settings.name}.${settings.region}`,
      address: server.address,
      region: settings.region,
      datacenter: settings.datacenter,
      status: 'alive',
      raftId: server.raftId,
    };
    this.membership.upsert(member);
    this.coordinators.get(server.homeRegion)?.serverStarted(server);
    this.services?.started?.(server);
  }

  private onStopped(server: Server, _crash: boolean): void {
    this.membership.setStatus(server.address, 'failed');
    this.services?.stopped?.(server);
  }

  private onRoleChanged(server: Server): void {
    this.services?.roleChanged?.(server);
  }

  private onLeadershipEstablished(server: Server): void {
    this.coordinators.get(server.homeRegion)?.leadershipEstablished(server);
    this.services?.leadershipEstablished?.(server);
  }

  private onHttp(
    server: Server,
    request: ApiRequest,
    reply: (response: ApiResponse) => void,
  ): void {
    if (this.services === null) {
      reply({ status: 404, body: 'Invalid URL', headers: {} });
      return;
    }
    this.services.http(server, request, reply);
  }

  /** Runs endpoint `method` on `server` itself (after routing decided it executes there). */
  dispatchLocal<M extends EndpointMethodName>(
    server: Server,
    method: M,
    args: EndpointArgs<M>,
    reply: (reply: RpcReply<EndpointValue<M>>) => void,
  ): void {
    server.serve(method, args, server.address, reply);
  }

  /** An endpoint RPC reached `server`: the API layer serves it, if one is plugged in. */
  private onRpc<M extends EndpointMethodName>(
    server: Server,
    method: M,
    args: EndpointArgs<M>,
    from: string,
    reply: (reply: RpcReply<EndpointValue<M>>) => void,
  ): void {
    if (this.services === null) {
      reply({ ok: false, error: { status: 500, message: `rpc: can't find method ${method}` } });
      return;
    }
    this.services.rpc(server, method, args, from, reply);
  }
}
