/**
 * The machines a shell can name: servers and client agents, each by `name.region` (as `nomad
 * server members` lists them), `region/name` or address, and regions by name. A name that matches
 * nothing is a `ShellError` with the closest known name as a "did you mean".
 */
import type { Cluster } from '../../region/cluster.js';
import { SERVER_CONFIG_PATH } from '../../region/cluster.js';
import { CLIENT_CONFIG_PATH, type ClientAgent } from '../../region/client-agent.js';
import type { Server } from '../../server/server.js';
import { suggestion } from './suggest.js';
import { ShellError } from './shell-error.js';

/** A server or a client agent, with what the shell needs of either. */
export type Agent =
  | { readonly kind: 'server'; readonly server: Server }
  | { readonly kind: 'client'; readonly client: ClientAgent };

/** `server-1.global`: the agent's name as members list it (home region, first name). */
export function agentLabel(agent: Agent): string {
  return agent.kind === 'server'
    ? `${agent.server.initialName}.${agent.server.homeRegion}`
    : `${agent.client.initialName}.${agent.client.homeRegion}`;
}

export function agentDisk(agent: Agent) {
  return agent.kind === 'server' ? agent.server.disk : agent.client.disk;
}

export function agentAddress(agent: Agent): string {
  return agent.kind === 'server' ? agent.server.address : agent.client.address;
}

export function agentConfigPath(agent: Agent): string {
  return agent.kind === 'server' ? SERVER_CONFIG_PATH : CLIENT_CONFIG_PATH;
}

export function agentRunning(agent: Agent): boolean {
  return agent.kind === 'server' ? agent.server.isRunning : agent.client.isRunning;
}

/** The agent's data dir, where `ls` starts after `ssh`. */
export function agentDataDir(agent: Agent): string {
  return agent.kind === 'server'
    ? (agent.server.settings?.dataDir ?? '/opt/nomad/data')
    : '/opt/nomad/data';
}

/** Name lookups over one cluster, with suggestions. */
export class Names {
  constructor(private readonly cluster: Cluster) {}

  serverLabels(): string[] {
    return this.cluster.servers.map((s) => `${s.initialName}.${s.homeRegion}`);
  }

  clientLabels(): string[] {
    return this.cluster.clients.map((c) => `${c.initialName}.${c.homeRegion}`);
  }

  regions(): string[] {
    return [...this.cluster.regionNames];
  }

  /** The server `ref` names, if any (no error). */
  findServer(ref: string): Server | null {
    const found = this.cluster.servers.filter(
      (s) =>
        s.address === ref ||
        `${s.initialName}.${s.homeRegion}` === ref ||
        `${s.name}.${s.region}` === ref ||
        `${s.homeRegion}/${s.initialName}` === ref,
    );
    if (found.length === 1) return found[0] as Server;
    const byName = this.cluster.servers.filter((s) => s.initialName === ref);
    return byName.length === 1 ? (byName[0] as Server) : null;
  }

  findClient(ref: string): ClientAgent | null {
    const found = this.cluster.clients.filter(
      (c) =>
        c.address === ref ||
        `${c.initialName}.${c.homeRegion}` === ref ||
        `${c.homeRegion}/${c.initialName}` === ref,
    );
    if (found.length === 1) return found[0] as ClientAgent;
    const byName = this.cluster.clients.filter((c) => c.initialName === ref);
    return byName.length === 1 ? (byName[0] as ClientAgent) : null;
  }

  server(ref: string): Server {
    const server = this.findServer(ref);
    if (server !== null) return server;
    throw new ShellError(`unknown server "${ref}"${suggestion(ref, this.serverLabels())}`);
  }

  agent(ref: string): Agent {
    const server = this.findServer(ref);
    if (server !== null) return { kind: 'server', server };
    const client = this.findClient(ref);
    if (client !== null) return { kind: 'client', client };
    const all = [...this.serverLabels(), ...this.clientLabels()];
    throw new ShellError(`unknown server or client "${ref}"${suggestion(ref, all)}`);
  }

  region(ref: string): string {
    if (this.cluster.regionNames.includes(ref)) return ref;
    throw new ShellError(`unknown region "${ref}"${suggestion(ref, this.cluster.regionNames)}`);
  }

  /** A region (every server of it) or one server. */
  regionOrServer(ref: string): { region: string } | { server: Server } {
    if (this.cluster.regionNames.includes(ref)) return { region: ref };
    const server = this.findServer(ref);
    if (server !== null) return { server };
    const all = [...this.cluster.regionNames, ...this.serverLabels()];
    throw new ShellError(`unknown region or server "${ref}"${suggestion(ref, all)}`);
  }

  /** A region (its servers and clients) or one agent: what `config set` and `edit` change. */
  agentsOf(ref: string): Agent[] {
    if (this.cluster.regionNames.includes(ref))
      return this.cluster.serversOf(ref).map((server) => ({ kind: 'server', server }));
    return [this.agent(ref)];
  }
}
