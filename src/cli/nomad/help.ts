/**
 * Help texts in the shape Nomad prints them: a `Usage:` line, a short description, the general
 * (client) options, then the command's own options. Kept short: the emulator documents what it
 * accepts, not every Nomad flag.
 */

export const GENERAL_OPTIONS_HELP = `General Options:

  -address=<addr>
    The address of the Nomad server.
    Overrides the NOMAD_ADDR environment variable if set.
    Default = http://127.0.0.1:4646

  -region=<region>
    The region of the Nomad servers to forward commands to.
    Overrides the NOMAD_REGION environment variable if set.
    Defaults to the Agent's local region.

  -namespace=<namespace>
    The target namespace for queries and actions bound to a namespace.
    Overrides the NOMAD_NAMESPACE environment variable if set.
    Defaults to the "default" namespace.

  -token
    The SecretID of an ACL token to use to authenticate API requests with.
    Overrides the NOMAD_TOKEN environment variable if set.`;

export interface OptionHelp {
  /** `-name=<value>` or `-global`. */
  readonly flag: string;
  readonly text: string;
}

/** Builds a leaf command's help text. */
export function leafHelp(
  usage: string,
  description: string,
  title: string,
  options: readonly OptionHelp[],
): string {
  const parts = [`Usage: nomad ${usage}`, indent(description), GENERAL_OPTIONS_HELP];
  if (options.length > 0) {
    const lines = options.map((o) => `  ${o.flag}\n${indent(o.text, 4)}`).join('\n\n');
    parts.push(`${title} Options:\n\n${lines}`);
  }
  return parts.join('\n\n');
}

function indent(text: string, spaces = 2): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** The `-json` option shared by several commands. */
export const JSON_OPTION: OptionHelp = { flag: '-json', text: 'Output in JSON format.' };
