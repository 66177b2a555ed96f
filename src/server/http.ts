/**
 * The HTTP-shaped boundary between the `nomad` command emulator and the simulated agents.
 *
 * The CLI speaks to an address the way Nomad's CLI speaks to an agent's HTTP API: a method, a
 * path under `/v1/`, query parameters (`region`, `index`, `prefix`, ...), the `X-Nomad-Token`
 * header and a JSON body. The simulated cluster answers with a status, JSON (or a plain-text error
 * body, as Nomad does) and the `X-Nomad-*` headers. Keeping this boundary HTTP-shaped lets the CLI
 * format exactly what Nomad's CLI formats.
 */

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** A JSON value as it travels in a request or response body. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

export interface ApiRequest {
  method: HttpMethod;
  /** Path with the `/v1/` prefix, e.g. `/v1/acl/bootstrap`. */
  path: string;
  /** Query parameters such as `region`, `namespace`, `prefix`, `index`, `wait`, `stale`. */
  query?: Record<string, string>;
  /** The `X-Nomad-Token` header (secret ID), absent for anonymous requests. */
  token?: string;
  /** The JSON body, if any, as a value (what a client marshals into the request). */
  body?: JsonValue;
  /**
   * The body exactly as sent, as text: for bodies a JSON value cannot stand for (malformed JSON,
   * repeated keys, a number literal such as `1.0`) or deeper than the simulated wire carries.
   * When set, the agent reads this instead of `body`; `''` is an empty body.
   */
  bodyText?: string;
}

export interface ApiResponse {
  status: number;
  /** JSON on success; on errors a plain-text string, as Nomad's HTTP layer writes. */
  body: JsonValue;
  /** `X-Nomad-Index`, `X-Nomad-KnownLeader`, `X-Nomad-LastContact` when set. */
  headers: Record<string, string>;
  /** Simulator metadata, not part of Nomad's HTTP: the server that executed the request. */
  executedBy?: { region: string; server: string };
}

/** Sends a request to the agent at `address` (e.g. `http://10.0.1.1:4646`) and awaits its answer. */
export type ApiTransport = (address: string, request: ApiRequest) => Promise<ApiResponse>;
