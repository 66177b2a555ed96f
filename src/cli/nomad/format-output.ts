/**
 * The `-json` and `-t` options of the ACL commands, as Nomad's `Format(json, tmpl, data)` runs
 * them: the data is the `api` struct the command decoded (../format/api-view.ts); `-json` prints
 * it as JSON (go-codec in 2.x, encoding/json before), `-t` runs a Go template on it
 * (../format/go-template.ts). Both at once: `Both json and template formatting are not allowed`;
 * a template that fails: `Error formatting the data: <template error>` (`node pool list` wraps
 * Format's error once more in `Error formatting output: `); each on stderr, exit 1.
 */
import type { JsonValue } from '../../server/http.js';
import type { FlagSet, ParsedFlags } from '../flags.js';
import {
  apiObjectJson,
  apiObjectTemplateData,
  type ApiObjectKind,
  type ApiObjectShape,
} from '../format/api-object-view.js';
import { apiJson, apiTemplateData, apiTokenMarshalJson, type ApiKind } from '../format/api-view.js';
import { goCodecJsonIndent, goJsonIndent } from '../format/go-json.js';
import { executeGoTemplate, type GoValue, GoTemplateError } from '../format/go-template.js';
import type { CommandEnv } from './command.js';
import type { OptionHelp } from './help.js';

/** Defines `-json` and `-t` when the command has them in this version. */
export function defineFormatFlags(flags: FlagSet, supported: boolean): void {
  if (supported) flags.bool('json').string('t');
}

/**
 * The help entries of `-json` and `-t`, worded for `what` (`the ACL token`); the newer commands
 * (roles, auth methods, binding rules, namespaces, `acl policy self`) say `in a JSON format`.
 */
export function formatOptions(
  what: string,
  jsonFormat: 'in JSON format' | 'in a JSON format' = 'in JSON format',
): OptionHelp[] {
  return [
    { flag: '-json', text: `Output ${what} ${jsonFormat}.` },
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
  return runTemplate(env, template, apiTemplateData(kind, body, env.profile), '');
}

function runTemplate(
  env: CommandEnv,
  template: string,
  data: GoValue,
  errorPrefix: string,
): number {
  try {
    env.ui.output(executeGoTemplate(template, data));
    return 0;
  } catch (error) {
    if (!(error instanceof GoTemplateError)) throw error;
    env.ui.error(`${errorPrefix}Error formatting the data: ${error.message}`);
    return 1;
  }
}

/**
 * `printFormatted` for the replicated objects' commands (../format/api-object-view.ts): `body` is
 * one object or a list (`shape`) of the api struct `kind`. `errorPrefix` is put before Format's
 * errors where the command wraps them (`Error formatting output: `).
 */
export function printObjectFormatted(
  env: CommandEnv,
  flags: ParsedFlags,
  kind: ApiObjectKind,
  shape: ApiObjectShape,
  body: JsonValue,
  errorPrefix = '',
): number | null {
  const json = flags.bool('json');
  const template = flags.string('t');
  if (!json && template === '') return null;
  if (json && template !== '') {
    env.ui.error(`${errorPrefix}Both json and template formatting are not allowed`);
    return 1;
  }
  if (json) {
    env.ui.output(apiObjectJson(kind, shape, body, env.cli.jsonEncoder));
    return 0;
  }
  return runTemplate(env, template, apiObjectTemplateData(kind, shape, body), errorPrefix);
}
