/**
 * The CLI's HTTP client, standing in for Nomad's Go API client: it turns a command's call into an
 * `ApiRequest` for the transport and turns the answer into either the JSON body or the exact error
 * text Nomad's commands print after their prefix (`Error querying jobs: <text>`):
 *
 * - every request carries `region` and `namespace` query parameters when the CLI has them
 *   (`-region`/`NOMAD_REGION`, `-namespace`/`NOMAD_NAMESPACE`), and the token (`-token` /
 *   `NOMAD_TOKEN`) as `ApiRequest.token` (the `X-Nomad-Token` header) when non-empty;
 * - any status other than 200 becomes `Unexpected response code: <status> (<body>)`, shaped per
 *   profile (see `CliProfile.trimsErrorBody`);
 * - a rejected transport promise becomes Go's `url.Error` text (see transport-error.ts).
 */
import type {
  ApiRequest,
  ApiResponse,
  ApiTransport,
  HttpMethod,
  JsonValue,
} from '../../server/http.js';
import type { CliProfile } from '../format/cli-profile.js';
import { goTrimSpace } from '../format/columnize.js';
import { normalizeAddress, requestUrl } from './request-url.js';
import { renderTransportError } from './transport-error.js';

/** Where and as whom the CLI talks: resolved from flags, environment and defaults. */
export interface ConnectionSettings {
  readonly address: string;
  /** '' when not set: the agent's own region applies. */
  readonly region: string;
  readonly namespace: string;
  /** '' for anonymous requests. */
  readonly token: string;
}

export type ApiOutcome =
  | {
      readonly ok: true;
      readonly body: JsonValue;
      readonly headers: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly message: string };

function bodyText(body: JsonValue): string {
  if (typeof body === 'string') return body;
  if (body === null) return '';
  return JSON.stringify(body);
}

/** The Go API client's text for a non-200 answer. */
export function unexpectedResponseText(response: ApiResponse, cli: CliProfile): string {
  const text = bodyText(response.body);
  if (!cli.trimsErrorBody) return `Unexpected response code: ${response.status} (${text})`;
  const trimmed = goTrimSpace(text);
  return trimmed === ''
    ? `Unexpected response code: ${response.status}`
    : `Unexpected response code: ${response.status} (${trimmed})`;
}

export class NomadApiClient {
  constructor(
    readonly settings: ConnectionSettings,
    private readonly transport: ApiTransport,
    private readonly cli: CliProfile,
  ) {}

  get(path: string, query: Readonly<Record<string, string>> = {}): Promise<ApiOutcome> {
    return this.send('GET', path, query, undefined);
  }

  put(
    path: string,
    body?: JsonValue,
    query: Readonly<Record<string, string>> = {},
  ): Promise<ApiOutcome> {
    return this.send('PUT', path, query, body);
  }

  delete(path: string, query: Readonly<Record<string, string>> = {}): Promise<ApiOutcome> {
    return this.send('DELETE', path, query, undefined);
  }

  /** The full query of a request: the client's region/namespace, then the call's own parameters. */
  queryFor(extra: Readonly<Record<string, string>>): Record<string, string> {
    const query: Record<string, string> = {};
    if (this.settings.region !== '') query['region'] = this.settings.region;
    if (this.settings.namespace !== '') query['namespace'] = this.settings.namespace;
    return { ...query, ...extra };
  }

  private async send(
    method: HttpMethod,
    path: string,
    extra: Readonly<Record<string, string>>,
    body: JsonValue | undefined,
  ): Promise<ApiOutcome> {
    const query = this.queryFor(extra);
    const request: ApiRequest = { method, path };
    if (Object.keys(query).length > 0) request.query = query;
    if (this.settings.token !== '') request.token = this.settings.token;
    if (body !== undefined) request.body = body;
    const address = normalizeAddress(this.settings.address);
    let response: ApiResponse;
    try {
      response = await this.transport(address, request);
    } catch (reason) {
      return {
        ok: false,
        message: renderTransportError(method, requestUrl(address, path, query), address, reason),
      };
    }
    if (response.status !== 200)
      return { ok: false, message: unexpectedResponseText(response, this.cli) };
    return { ok: true, body: response.body, headers: response.headers };
  }
}
