/**
 * What a scenario expects of a failed `nomad` command: the HTTP status and the error text as the
 * CLI prints them (`Error querying jobs: Unexpected response code: 403 (Permission denied)`),
 * wherever the request executed. A request that a server forwarded to another one (to its
 * region's leader, or to another region) comes back with `rpc error: ` before a plain (uncoded)
 * error, once per hop, as Nomad's connection pool hands it on; the match allows any number of
 * those, so an expectation holds whichever server the command reached.
 */

/** Escapes `text` for use inside a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface HttpErrorOptions {
  /** The command's error prefix (`Error creating token`): the match then starts there. */
  readonly command?: string;
  /** `text` is only the start of the error (no closing parenthesis is required after it). */
  readonly partial?: boolean;
}

/** Matches `<status> (<text>)`, with or without `rpc error: ` prefixes before `text`. */
export function httpError(status: number, text: string, options: HttpErrorOptions = {}): RegExp {
  const command =
    options.command === undefined
      ? ''
      : `${escapeRegExp(options.command)}: Unexpected response code: `;
  const close = options.partial === true ? '' : '\\)';
  return new RegExp(`${command}${status} \\((?:rpc error: )*${escapeRegExp(text)}${close}`);
}

/** `text` without the `rpc error: ` prefixes forwarding put before it. */
export function withoutRpcErrorPrefixes(text: string): string {
  return text.replace(/^(?:rpc error: )+/, '');
}
