/**
 * The request URL as Go's HTTP client spells it, for error messages such as
 * `Get "http://127.0.0.1:4646/v1/jobs?prefix=web&region=b": dial tcp ...`: the address with its
 * trailing slashes dropped, the path escaped like `url.URL.EscapedPath`, and the query encoded like
 * `url.Values.Encode` (keys sorted, `QueryEscape`: space as `+`, everything but `A-Za-z0-9-_.~`
 * percent-encoded with upper-case hex).
 */

const UNRESERVED = /[A-Za-z0-9\-_.~]/;
const PATH_ALLOWED = /[A-Za-z0-9\-_.~$&+,/:;=@]/;

function percentEncode(ch: string, allowed: RegExp, spaceAsPlus: boolean): string {
  if (allowed.test(ch)) return ch;
  if (ch === ' ' && spaceAsPlus) return '+';
  return [...new TextEncoder().encode(ch)]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

/** Go's `url.QueryEscape`. */
export function goQueryEscape(text: string): string {
  return [...text].map((ch) => percentEncode(ch, UNRESERVED, true)).join('');
}

/** Go's path escaping (as `url.URL.EscapedPath` writes a plain path). */
export function goPathEscape(path: string): string {
  return [...path].map((ch) => percentEncode(ch, PATH_ALLOWED, false)).join('');
}

/** Go's `url.Values.Encode` of single-valued parameters. */
export function encodeQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((key) => `${goQueryEscape(key)}=${goQueryEscape(query[key] ?? '')}`)
    .join('&');
}

/** Address without trailing slashes, as the CLI sends it to the transport. */
export function normalizeAddress(address: string): string {
  return address.replace(/\/+$/, '');
}

/** `address + path [+ ? + query]`. */
export function requestUrl(
  address: string,
  path: string,
  query: Readonly<Record<string, string>>,
): string {
  const encoded = encodeQuery(query);
  return `${normalizeAddress(address)}${goPathEscape(path)}${encoded === '' ? '' : `?${encoded}`}`;
}
