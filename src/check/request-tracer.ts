/**
 * Traces the requests of the chaos workloads: a `client.request` record when one is sent and a
 * `client.response` record with its answer, naming the server that executed it (so a checker
 * reading the trace finds an acknowledged write at its index in that server's log) and the one it
 * entered through. Request ids come from the simulation's one counter for the whole run.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { ApiRequest, ApiResponse } from '../server/http.js';
import type { TimedClient } from './timed-client.js';

/** What a traced request answered, and who executed it when known. */
interface TracedAnswer {
  status: number;
  index: number;
  error: string | null;
  by?: { region: string; server: string } | undefined;
}

/** Traces one request of the workload and its answer. */
export class RequestTracer {
  constructor(private readonly cluster: Cluster) {}

  /**
   * Sends through `server` and records the request and its answer. The answer names the server
   * that executed it (`by`), so the response record points at the log that holds its index.
   */
  async traced<T extends TracedAnswer>(
    server: Server,
    operation: string,
    send: () => Promise<T>,
    write = true,
  ): Promise<T> {
    const id = this.cluster.sim.nextRequestId('chaos');
    const trace = this.cluster.sim.trace;
    trace.record('client.request', { id, region: server.region, server: server.name, operation });
    const answer = await send();
    trace.record('client.response', {
      id,
      region: answer.by?.region ?? server.region,
      server: answer.by?.server ?? server.name,
      entryRegion: server.region,
      entryServer: server.name,
      operation,
      write,
      status: answer.status,
      index: answer.index,
      error: answer.error,
    });
    return answer;
  }

  /** An HTTP request through `server`, traced; `write` says whether it changes state. */
  async http(
    client: TimedClient,
    server: Server,
    request: ApiRequest,
    operation: string,
    write = true,
  ): Promise<ApiResponse> {
    let response: ApiResponse = { status: 0, body: '', headers: {} };
    await this.traced(
      server,
      operation,
      async () => {
        response = await client.http(server.address, request);
        const index = Number(response.headers['X-Nomad-Index'] ?? 0);
        return {
          status: response.status,
          index,
          error: response.status === 200 ? null : String(response.body),
          by: response.executedBy,
        };
      },
      write,
    );
    return response;
  }
}
