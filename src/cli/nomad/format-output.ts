/**
 * The `-json` and `-t` options of the ACL commands, as Nomad's `Format(json, tmpl, data)` runs
 * them: the data is the `api` struct the command decoded (../format/api-view.ts); `-json` prints
 * it as JSON (go-codec in 2.x, encoding/json before), `-t` runs a Go template on it
 * (../format/go-template.ts). Both at once: `Both json and template formatting are not allowed`;
 * a template that fails: `Error formatting the data: <template error>`; each on stderr, exit 1.
 */
import type { JsonValue } from '../../server/http.js';
import type { FlagSet, ParsedFlags } from '../flags.js';
import { apiJson, apiTemplateData, apiTokenMarshalJson, type ApiKind } from '../format/api-view.js';
import { goCodecJsonIndent, goJsonIndent } from '../format/go-json.js';
import { executeGoTemplate, GoTemplateError } from '../format/go-template.js';
import type { CommandEnv } from './command.js';
import type { OptionHelp } from './help.js';

/** Defines `-json` and `-t` when the command has them in this version. */
export function defineFormatFlags(flags: FlagSet, supported: boolean): void {
  if (supported) flags.bool('json').string('t');
}

/** The help entries of `-json` and `-t`, worded for `what` (`the ACL token`). */
export function formatOptions(what: string): OptionHelp[] {
  return [
    { flag: '-json', text: `Output ${what} in JSON format.` },
    { flag: '-t', text: `Format and display ${what} using a Go template.` },
  ];
}

/**
 * Prints `body` as `-json`/`-t` ask, and returns the exit code; returns null when neither was
 * given (or the command has neither), so the caller prints its usual output.
 */
export function printFormatted(
  env: CommandEnv,
  flags: ParsedFlags,
  supported: boolean,
  kind: ApiKind,
  body: JsonValue,
): number | null {
  if (!supported) return null;
  const json = flags.bool('json');
  const template = flags.string('t');
  if (!json && template === '') return null;
  if (json && template !== '') {
    env.ui.error('Both json and template formatting are not allowed');
    return 1;
  }
  if (json) {
    if (kind === 'token' && env.cli.apiTokenMarshaler) {
      env.ui.output(apiTokenMarshalJson(body, env.profile));
      return 0;
    }
    const data = apiJson(kind, body, env.profile);
    env.ui.output(
      env.cli.jsonEncoder === 'go-codec' ? goCodecJsonIndent(data) : goJsonIndent(data),
    );
    return 0;
  }
  try {
    env.ui.output(executeGoTemplate(template, apiTemplateData(kind, body, env.profile)));
    return 0;
  } catch (error) {
    if (!(error instanceof GoTemplateError)) throw error;
    env.ui.error(`Error formatting the data: ${error.message}`);
    return 1;
  }
}
