/**
 * The writes a client was told succeeded. Raft promises that an acknowledged write survives any
 * crash or partition a majority recovers from; the ledger remembers each one (region, key, value
 * and the index the server answered with) so that, once faults heal, a checker can look for it on
 * every live server. The workload writes every key once with a value of its own, so the value
 * identifies the write. The network may duplicate a request (and a server may retry a forwarded
 * one), so the same command can be applied again at a later index: the key's modify index must be
 * at least the acknowledged one, not equal to it.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';

export interface AckedWrite {
  readonly region: string;
  readonly key: string;
  readonly value: string;
  /** The Raft index the reply reported. */
  readonly index: number;
  /** Virtual ms of the acknowledgement. */
  readonly time: number;
}

/** An acknowledged write some live server does not hold. */
export interface MissingWrite {
  readonly write: AckedWrite;
  readonly server: Server;
  /** What the server holds under the key instead. */
  readonly found: string;
}

export class AckLedger {
  private readonly acked: AckedWrite[] = [];
  private readonly keys = new Set<string>();

  /** Remembers an acknowledged write. Keys must be unique per region (workload contract). */
  record(write: AckedWrite): void {
    const key = `${write.region}\u0000${write.key}`;
    if (this.keys.has(key))
      throw new Error(
        `ack ledger: key ${write.key} of region ${write.region} was acknowledged twice`,
      );
    this.keys.add(key);
    this.acked.push(write);
  }

  get size(): number {
    return this.acked.length;
  }

  get writes(): readonly AckedWrite[] {
    return this.acked;
  }

  /** The first acknowledged write a running server of its region lacks, or null. */
  firstMissing(cluster: Cluster): MissingWrite | null {
    for (const server of cluster.servers) {
      const fsm = server.fsm;
      if (!server.isRunning || fsm === null) continue;
      for (const write of this.acked) {
        if (write.region !== server.homeRegion) continue;
        const held = fsm.kv.get(write.key);
        if (held === undefined || held.value !== write.value || held.modifyIndex < write.index) {
          const found =
            held === undefined
              ? 'nothing'
              : `${JSON.stringify(held.value)} at index ${held.modifyIndex}`;
          return { write, server, found };
        }
      }
    }
    return null;
  }
}
