/**
 * A client on the operator's side of the simulated network whose requests always end: with the
 * server's answer, a refused connection, or a timeout after a fixed virtual time.
 *
 * `Cluster.http` settles too (60 s timeout), but by rejecting with `ConnectionRefused` /
 * `RequestTimeout`; the chaos workloads and probes want every outcome as a value, so this client
 * resolves refusals and timeouts as status-0 answers (`isTransient` classifies them) with its own
 * timeout. It registers its own endpoint in the workstation's latency group and keeps one timer
 * per request.
 */
import { WORKSTATION, type Cluster } from '../region/cluster.js';
import type { Envelope, RpcReply } from '../server/rpc.js';
import type { ServerCommand } from '../server/state/state-machine.js';
import type { ApiRequest, ApiResponse } from '../server/http.js';
import type { Timer } from '../sim/simulation.js';

/** Status of an HTTP answer that never came (the client gave up). */
export const CLIENT_TIMEOUT_STATUS = 0;
export const CLIENT_TIMEOUT_TEXT = 'client timeout: no answer';
export const CONNECTION_REFUSED_TEXT = 'connection refused';

interface Pending {
  timer: Timer;
  settle: (envelope: Envelope | null, refused: boolean) => void;
}

export class TimedClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** @param address a new endpoint name, unique on the cluster's network. */
  constructor(
    private readonly cluster: Cluster,
    readonly address = 'checker-client',
    private readonly timeoutMs = 20_000,
  ) {
    cluster.network.register(address, WORKSTATION, (_from, message) =>
      this.receive(message as Envelope),
    );
  }

  /** Requests still waiting for an answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Writes `command` through the server at `address` (forwarded to its leader). */
  submit(address: string, command: ServerCommand): Promise<RpcReply> {
    return this.request(
      address,
      (id) => ({ k: 'rpc', id, method: 'Raft.Apply', args: { command } }),
      (envelope, refused) => {
        if (envelope?.k === 'rpc-reply') return envelope.reply;
        return {
          ok: false,
          error: { status: 0, message: refused ? CONNECTION_REFUSED_TEXT : CLIENT_TIMEOUT_TEXT },
        };
      },
    );
  }

  /** Sends an HTTP-shaped request to the agent at `address`. */
  http(address: string, request: ApiRequest): Promise<ApiResponse> {
    return this.request(
      address,
      (id) => ({ k: 'http', id, request }),
      (envelope, refused) => {
        if (envelope?.k === 'http-reply') return envelope.response;
        return {
          status: CLIENT_TIMEOUT_STATUS,
          body: refused ? CONNECTION_REFUSED_TEXT : CLIENT_TIMEOUT_TEXT,
          headers: {},
        };
      },
    );
  }

  private request<T>(
    address: string,
    build: (id: number) => Envelope,
    answer: (envelope: Envelope | null, refused: boolean) => T,
  ): Promise<T> {
    const sim = this.cluster.sim;
    return sim.wait<T>((resolve) => {
      const id = this.nextId++;
      const settle = (envelope: Envelope | null, refused: boolean): void => {
        const entry = this.pending.get(id);
        if (entry === undefined) return;
        this.pending.delete(id);
        entry.timer.cancel();
        resolve(answer(envelope, refused));
      };
      const timer = sim.schedule(this.timeoutMs, () => settle(null, false));
      this.pending.set(id, { timer, settle });
      const envelope = build(id);
      const what = envelope.k === 'rpc' ? envelope.method : 'http';
      this.cluster.network.sendReliable(
        this.address,
        address,
        envelope,
        () => settle(null, true),
        what,
      );
    });
  }

  private receive(envelope: Envelope): void {
    if (envelope.k !== 'rpc-reply' && envelope.k !== 'http-reply') return;
    this.pending.get(envelope.id)?.settle(envelope, false);
  }
}
