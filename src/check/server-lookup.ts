/**
 * Finds the `Server` a trace record talks about. Records name a server by the region and node
 * name from its config (`region`, `server`); checkers need the object to read its Raft node and
 * state machine. The map is rebuilt when a name is not found (a config edit can rename a server).
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';

export class ServerLookup {
  private byKey = new Map<string, Server>();

  constructor(private readonly cluster: Cluster) {
    this.rebuild();
  }

  /** The server named `name` in `region`, or undefined. */
  find(region: string, name: string): Server | undefined {
    const key = `${region}/${name}`;
    const found = this.byKey.get(key);
    if (found !== undefined && found.region === region && found.name === name) return found;
    this.rebuild();
    return this.byKey.get(key);
  }

  private rebuild(): void {
    this.byKey = new Map(this.cluster.servers.map((s) => [`${s.region}/${s.name}`, s]));
  }
}

/** `region/name`, the way checkers name a server in their messages. */
export function serverLabel(server: Server): string {
  return `${server.homeRegion}/${server.name}`;
}
