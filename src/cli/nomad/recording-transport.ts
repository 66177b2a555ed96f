/**
 * A transport for exercising the CLI without a simulated cluster: it records every request it
 * receives and lets a plain function answer it. Tests and examples use it to pin down exactly
 * which requests a command makes and how it prints canned answers; `jsonResponse` and
 * `errorResponse` build answers shaped like Nomad's HTTP layer (JSON on 200, plain text on errors).
 */
import type { ApiRequest, ApiResponse, ApiTransport, JsonValue } from '../../server/http.js';

export interface RecordedRequest {
  readonly address: string;
  readonly request: ApiRequest;
}

export interface RecordingTransport {
  readonly transport: ApiTransport;
  readonly requests: RecordedRequest[];
}

/** Wraps `answer` so every call is recorded (a deep copy, so later mutation cannot alter the record). */
export function recordingTransport(answer: ApiTransport): RecordingTransport {
  const requests: RecordedRequest[] = [];
  const transport: ApiTransport = (address, request) => {
    requests.push({ address, request: structuredClone(request) });
    return answer(address, request);
  };
  return { transport, requests };
}

/** 200 with a JSON body and, when given, `X-Nomad-Index`. */
export function jsonResponse(body: JsonValue, index?: number): ApiResponse {
  return {
    status: 200,
    body,
    headers: index === undefined ? {} : { 'X-Nomad-Index': String(index) },
  };
}

/** An error status with a plain-text body, as Nomad's HTTP layer writes errors. */
export function errorResponse(status: number, text: string): ApiResponse {
  return { status, body: text, headers: {} };
}
