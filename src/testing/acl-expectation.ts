/**
 * What a reference model expects from one ACL call, and the comparison with the real HTTP
 * response. Expectations are symbolic: they name tokens by handle (`t1`) and refer to values only
 * the run learns (a token's accessor, the bootstrap's Create Index) as text parts, so the same
 * expectation can be checked against a response and printed into a scenario script.
 */
import type { ApiResponse, JsonValue } from '../server/http.js';
import { withoutRpcErrorPrefixes } from '../scenario/index.js';

/** A literal piece of text, or a value of a token that the run learned. */
export type TextPart =
  | string
  | { readonly accessorOf: string }
  | { readonly createIndexOf: string };

/** What the run learned about a token handle. */
export interface TokenBinding {
  readonly accessor: string;
  readonly secret: string;
  readonly createIndex: number;
}

export interface ExpectedToken {
  /** Handle, or `anonymous` for the built-in anonymous token. */
  readonly handle: string;
  readonly name: string;
  readonly type: 'client' | 'management';
  readonly global: boolean;
  readonly policies: readonly string[];
  /** The token is created by this call (the run binds the handle to the response). */
  readonly fresh: boolean;
  /** The secret must equal this literal (an operator-chosen bootstrap secret). */
  readonly secret?: string;
}

export type Expectation =
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly message: readonly TextPart[];
      readonly match: 'exact' | 'prefix';
    }
  /** 200; the body does not matter (write acknowledgements). */
  | { readonly kind: 'ok' }
  | { readonly kind: 'token'; readonly token: ExpectedToken }
  | {
      readonly kind: 'policy';
      readonly name: string;
      readonly description: string;
      readonly rules: string;
    }
  | { readonly kind: 'policy-names'; readonly names: readonly string[] }
  /** Token stubs by handle; `ordered` when the listing order is known (creation order). */
  | { readonly kind: 'token-list'; readonly handles: readonly string[]; readonly ordered: boolean }
  /** 200 with an empty job list. */
  | { readonly kind: 'jobs' };

export function errorExpectation(status: number, ...message: TextPart[]): Expectation {
  return { kind: 'error', status, message, match: 'exact' };
}

/** Renders text parts with the run's bindings (unknown handles render as `<t3 accessor>`). */
export function renderText(
  parts: readonly TextPart[],
  bindings: ReadonlyMap<string, TokenBinding>,
): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('accessorOf' in part)
        return bindings.get(part.accessorOf)?.accessor ?? `<${part.accessorOf} accessor>`;
      const index = bindings.get(part.createIndexOf)?.createIndex;
      return index === undefined ? `<${part.createIndexOf} create index>` : String(index);
    })
    .join('');
}

/** A one-line summary of what is expected, for failure messages. */
export function describeExpectation(
  expectation: Expectation,
  bindings: ReadonlyMap<string, TokenBinding>,
): string {
  switch (expectation.kind) {
    case 'error':
      return `${expectation.status} ${JSON.stringify(renderText(expectation.message, bindings))}${expectation.match === 'prefix' ? ' (prefix)' : ''}`;
    case 'ok':
      return '200';
    case 'token': {
      const t = expectation.token;
      return `200 with ${t.fresh ? 'a new' : 'the'} ${t.global ? 'global' : 'local'} ${t.type} token ${t.handle}${t.policies.length > 0 ? ` [${t.policies.join(' ')}]` : ''}`;
    }
    case 'policy':
      return `200 with policy ${expectation.name}`;
    case 'policy-names':
      return `200 with policies [${expectation.names.join(', ')}]`;
    case 'token-list':
      return `200 with tokens [${expectation.handles.join(', ')}]${expectation.ordered ? ' in this order' : ''}`;
    case 'jobs':
      return '200 with no jobs';
  }
}

function field(body: JsonValue, key: string): JsonValue | undefined {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? body[key] : undefined;
}

function stringList(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : [];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sorted(list: readonly string[]): string[] {
  return [...list].sort();
}

/**
 * Compares a response with an expectation; returns null when they agree, else what differs.
 * `bindings` must already hold every handle the expectation mentions, except a fresh token's.
 */
export function compareResponse(
  expectation: Expectation,
  response: ApiResponse,
  bindings: ReadonlyMap<string, TokenBinding>,
): string | null {
  if (expectation.kind === 'error') {
    const want = renderText(expectation.message, bindings);
    // The model does not follow requests from server to server: the `rpc error: ` prefixes each
    // hop puts before a plain error (test/rpc-error-wrap.test.ts) are not part of its answer.
    const got = withoutRpcErrorPrefixes(
      typeof response.body === 'string' ? response.body : JSON.stringify(response.body),
    );
    const textOk = expectation.match === 'exact' ? got === want : got.startsWith(want);
    return response.status === expectation.status && textOk
      ? null
      : `got ${response.status} ${JSON.stringify(got)}`;
  }
  if (response.status !== 200) return `got ${response.status} ${JSON.stringify(response.body)}`;
  const body = response.body;
  switch (expectation.kind) {
    case 'ok':
    case 'jobs':
      return expectation.kind === 'jobs' && !(Array.isArray(body) && body.length === 0)
        ? `got jobs ${JSON.stringify(body)}`
        : null;
    case 'token':
      return compareToken(expectation.token, body, bindings);
    case 'policy': {
      const got = {
        name: field(body, 'Name'),
        description: field(body, 'Description'),
        rules: field(body, 'Rules'),
      };
      const ok =
        got.name === expectation.name &&
        got.description === expectation.description &&
        got.rules === expectation.rules;
      return ok ? null : `got policy ${JSON.stringify(got)}`;
    }
    case 'policy-names': {
      const names = Array.isArray(body) ? body.map((p) => String(field(p, 'Name'))) : [];
      return sameList(names, expectation.names) ? null : `got policies [${names.join(', ')}]`;
    }
    case 'token-list': {
      const accessors = Array.isArray(body) ? body.map((t) => String(field(t, 'AccessorID'))) : [];
      const handleOf = new Map([...bindings].map(([handle, b]) => [b.accessor, handle] as const));
      const got = accessors.map((a) => handleOf.get(a) ?? a);
      const ok = expectation.ordered
        ? sameList(got, expectation.handles)
        : sameList(sorted(got), sorted(expectation.handles));
      return ok ? null : `got tokens [${got.join(', ')}]`;
    }
  }
}

function compareToken(
  want: ExpectedToken,
  body: JsonValue,
  bindings: ReadonlyMap<string, TokenBinding>,
): string | null {
  const got = {
    accessor: field(body, 'AccessorID'),
    name: field(body, 'Name'),
    type: field(body, 'Type'),
    global: field(body, 'Global'),
    policies: stringList(field(body, 'Policies')),
    secret: field(body, 'SecretID'),
  };
  const problems: string[] = [];
  if (got.name !== want.name) problems.push(`name ${JSON.stringify(got.name)}`);
  if (got.type !== want.type) problems.push(`type ${String(got.type)}`);
  if (got.global !== want.global) problems.push(`global ${String(got.global)}`);
  if (!sameList(sorted(got.policies), sorted(want.policies)))
    problems.push(`policies [${got.policies.join(' ')}]`);
  if (want.secret !== undefined && got.secret !== want.secret)
    problems.push(`secret ${String(got.secret)}`);
  if (!want.fresh) {
    const accessor =
      want.handle === 'anonymous' ? 'anonymous' : bindings.get(want.handle)?.accessor;
    if (got.accessor !== accessor)
      problems.push(`accessor ${String(got.accessor)} (not ${want.handle})`);
  } else if (typeof got.accessor !== 'string' || typeof got.secret !== 'string') {
    problems.push('no accessor or secret');
  }
  return problems.length === 0 ? null : `got a token with ${problems.join(', ')}`;
}
