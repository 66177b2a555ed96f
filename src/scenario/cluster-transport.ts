/**
 * Connects the `nomad` command emulator to a simulated cluster: an agent address such as
 * `http://10.1.0.1:4646` becomes a request over the simulated network to that server, and network
 * failures become the transport failures the CLI prints in Go's words.
 */
import type { ApiTransport } from '../server/http.js';
import { ConnectionRefused, RequestTimeout, type Cluster } from '../region/cluster.js';
import { transportFailure } from '../cli/nomad/transport-error.js';

/** The host part of an agent address (`http://10.1.0.1:4646` -> `10.1.0.1`). */
export function hostOf(address: string): string {
  const match = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?(\[[^\]]*\]|[^:/?#]*)/.exec(address);
  return match?.[1] ?? address;
}

export function clusterTransport(cluster: Cluster): ApiTransport {
  return async (address, request) => {
    try {
      return await cluster.http(hostOf(address), request);
    } catch (error) {
      if (error instanceof ConnectionRefused) throw transportFailure('connection-refused');
      if (error instanceof RequestTimeout) throw transportFailure('timeout');
      throw error;
    }
  };
}
