/**
 * The contract for transport failures (the agent at the address is down or unreachable), and how
 * the CLI prints them the way Go's HTTP client reports them inside Nomad's messages:
 *
 *   Error querying jobs: Get "http://10.0.1.1:4646/v1/jobs": dial tcp 10.0.1.1:4646: connect: connection refused
 *
 * Contract: an `ApiTransport` that cannot deliver a request **rejects** its promise with a value
 * carrying `kind: TransportFailureKind` (an `Error` with that property, e.g. from
 * `transportFailure('connection-refused')`, or any object with the field; it is checked
 * structurally so lower layers need not import this module). Any other rejection is printed as
 * `<Op> "<url>": <message>`. HTTP-level errors (403, 500, ...) are not failures of the transport:
 * they resolve as an `ApiResponse` with that status.
 */
import { goQuote } from '../../go/quote.js';

/** Network failures the CLI can render in Go's words. */
export type TransportFailureKind =
  /** Nothing listens at the address (agent stopped or crashed): `connect: connection refused`. */
  | 'connection-refused'
  /** The address is unreachable (partition): `connect: no route to host`. */
  | 'no-route-to-host'
  /** The dial timed out: `i/o timeout`. */
  | 'timeout'
  /** The agent closed the connection before answering (crash mid-request): `EOF`. */
  | 'eof';

export const TRANSPORT_FAILURE_KINDS: readonly TransportFailureKind[] = [
  'connection-refused',
  'no-route-to-host',
  'timeout',
  'eof',
];

export interface TransportFailure {
  readonly kind: TransportFailureKind;
}

/** An `Error` that satisfies the contract, for transports and test fakes. */
export function transportFailure(kind: TransportFailureKind): Error & TransportFailure {
  return Object.assign(new Error(`transport failure: ${kind}`), { kind });
}

export function isTransportFailure(value: unknown): value is TransportFailure {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return false;
  const kind: unknown = value.kind;
  return typeof kind === 'string' && (TRANSPORT_FAILURE_KINDS as readonly string[]).includes(kind);
}

/** `host:port` that Go would dial for an agent address (`http` defaults to 80, `https` to 443). */
export function dialTarget(address: string): string {
  const match = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/?#]*)/.exec(address);
  const scheme = (match?.[1] ?? 'http').toLowerCase();
  const host = match?.[2] ?? '';
  if (/:\d+$/.test(host) || /^\[.*\]:\d+$/.test(host)) return host;
  return `${host}:${scheme === 'https' ? 443 : 80}`;
}

function failureText(kind: TransportFailureKind, target: string): string {
  switch (kind) {
    case 'connection-refused':
      return `dial tcp ${target}: connect: connection refused`;
    case 'no-route-to-host':
      return `dial tcp ${target}: connect: no route to host`;
    case 'timeout':
      return `dial tcp ${target}: i/o timeout`;
    case 'eof':
      return 'EOF';
  }
}

/** Go's `url.Error` operation name for a method: `Get`, `Put`, `Post`, `Delete`. */
export function urlErrorOp(method: string): string {
  return method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
}

/** The whole Go error text for a failed request to `url` at `address`. */
export function renderTransportError(
  method: string,
  url: string,
  address: string,
  reason: unknown,
): string {
  let detail: string;
  if (isTransportFailure(reason)) detail = failureText(reason.kind, dialTarget(address));
  else if (reason instanceof Error) detail = reason.message;
  else detail = String(reason);
  return `${urlErrorOp(method)} ${goQuote(url)}: ${detail}`;
}
