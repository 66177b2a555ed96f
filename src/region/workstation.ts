/**
 * The operator's workstation on the simulated network: where `nomad` commands and test clients
 * send their HTTP-shaped requests and writes from. Every request settles (an answer, a refused
 * connection, or a timeout), and each is traced as `client.request` / `client.response` with the
 * server that executed it.
 */
import type { Simulation } from '../sim/simulation.js';
import type { Network } from '../sim/network.js';
import type { ApiRequest, ApiResponse } from '../server/http.js';
import type { ServerCommand } from '../server/state/state-machine.js';
import type { Envelope, RpcReply } from '../server/rpc.js';

/** The address of the operator's workstation on the simulated network. */
export const WORKSTATION = 'workstation';

/** No answer came from the agent at `address` in time. */
export class RequestTimeout extends Error {
  constructor(readonly address: string) {
    super(`request to ${address}:4646 timed out`);
    this.name = 'RequestTimeout';
  }
}

/** The workstation could not connect: the agent at `address` is down. */
export class ConnectionRefused extends Error {
  constructor(readonly address: string) {
    super(`dial tcp ${address}:4646: connect: connection refused`);
    this.name = 'ConnectionRefused';
  }
}

interface TracedRequest {
  answer(response: ApiResponse): void;
  fail(error: string): void;
}

export class Workstation {
  private nextRequestId = 1;
  private readonly pendingHttp = new Map<number, (response: ApiResponse) => void>();
  private readonly pendingRpc = new Map<number, (reply: RpcReply) => void>();

  constructor(
    private readonly sim: Simulation,
    private readonly network: Network,
    /** Where a request to an address enters (region and agent name), for the trace. */
    private readonly describeAgent: (address: string) => { region: string; server: string },
  ) {
    network.register(WORKSTATION, WORKSTATION, (_from, message) =>
      this.receive(message as Envelope),
    );
  }

  /** Sends an HTTP-shaped request to the agent at `address` (see `Cluster.http`). */
  http(address: string, request: ApiRequest, timeoutMs: number): Promise<ApiResponse> {
    if (!this.network.hasEndpoint(address) || address === WORKSTATION) {
      return Promise.reject(new ConnectionRefused(address));
    }
    return this.sim.wait<ApiResponse>((resolve, reject) => {
      const id = this.nextRequestId++;
      const traced = this.traceRequest(id, address, request);
      const timer = this.sim.schedule(timeoutMs, () => {
        this.pendingHttp.delete(id);
        traced?.fail('request timed out');
        reject(new RequestTimeout(address));
      });
      this.pendingHttp.set(id, (response) => {
        timer.cancel();
        traced?.answer(response);
        resolve(response);
      });
      const failed = (reason: 'refused' | 'unreachable'): void => {
        timer.cancel();
        this.pendingHttp.delete(id);
        traced?.fail(reason === 'refused' ? 'connection refused' : 'no route to host');
        reject(reason === 'refused' ? new ConnectionRefused(address) : new RequestTimeout(address));
      };
      this.network.sendReliable(
        WORKSTATION,
        address,
        { k: 'http', id, request } satisfies Envelope,
        failed,
        'http',
      );
    });
  }

  /** Writes `command` through the server at `address` (see `Cluster.submit`). */
  submit(address: string, command: ServerCommand, timeoutMs: number): Promise<RpcReply> {
    return this.sim.wait<RpcReply>((resolve) => {
      const id = this.nextRequestId++;
      const timer = this.sim.schedule(timeoutMs, () => {
        this.pendingRpc.delete(id);
        resolve({ ok: false, error: { status: 0, message: `request to ${address} timed out` } });
      });
      this.pendingRpc.set(id, (reply) => {
        timer.cancel();
        resolve(reply);
      });
      const failed = (reason: 'refused' | 'unreachable'): void => {
        timer.cancel();
        this.pendingRpc.delete(id);
        resolve({
          ok: false,
          error: {
            status: 0,
            message: `${reason === 'refused' ? 'connection refused' : 'no route to host'}: ${address}`,
          },
        });
      };
      this.network.sendReliable(
        WORKSTATION,
        address,
        { k: 'rpc', id, method: 'Raft.Apply', args: { command } } satisfies Envelope,
        failed,
        'Raft.Apply',
      );
    });
  }

  /**
   * Records an HTTP request as `client.request` and, later, its outcome as `client.response`
   * (with the server that executed it). Null when nobody reads the trace.
   */
  private traceRequest(id: number, address: string, request: ApiRequest): TracedRequest | null {
    const trace = this.sim.trace;
    if (!trace.wants('client.request') && !trace.wants('client.response')) return null;
    const entered = this.describeAgent(address);
    const operation = `${request.method} ${request.path}`;
    const requestId = this.sim.nextRequestId('http');
    const write = request.method !== 'GET';
    trace.record('client.request', {
      id: requestId,
      region: entered.region,
      server: entered.server,
      operation,
    });
    return {
      answer: (response) => {
        const by = response.executedBy ?? entered;
        const index = Number(response.headers['X-Nomad-Index'] ?? 0);
        const error =
          response.status === 200
            ? null
            : typeof response.body === 'string'
              ? response.body
              : JSON.stringify(response.body);
        trace.record('client.response', {
          id: requestId,
          region: by.region,
          server: by.server,
          entryRegion: entered.region,
          entryServer: entered.server,
          operation,
          write,
          status: response.status,
          index,
          error,
        });
      },
      fail: (error) =>
        trace.record('client.response', {
          id: requestId,
          region: entered.region,
          server: entered.server,
          entryRegion: entered.region,
          entryServer: entered.server,
          operation,
          write,
          status: 0,
          index: 0,
          error,
        }),
    };
  }

  private receive(envelope: Envelope): void {
    if (!('k' in envelope)) return;
    if (envelope.k === 'http-reply') {
      const resolve = this.pendingHttp.get(envelope.id);
      this.pendingHttp.delete(envelope.id);
      resolve?.(envelope.response);
    } else if (envelope.k === 'rpc-reply') {
      const resolve = this.pendingRpc.get(envelope.id);
      this.pendingRpc.delete(envelope.id);
      resolve?.(envelope.reply);
    }
  }
}
