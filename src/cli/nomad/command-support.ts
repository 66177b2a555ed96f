/**
 * What every leaf command does the same way, as Nomad's `Meta` helpers do:
 *
 * - flag parsing with the client flags every command accepts (`-address`, `-region`,
 *   `-namespace`, `-token`, plus the colour/TLS flags, accepted and ignored); a flag error prints
 *   Go's message to stderr and the command's help to stdout (the flag set's usage), exit 1;
 * - the connection settings: a non-empty flag wins over `NOMAD_*` variables, which win over the
 *   defaults;
 * - argument-count errors: the message and `For additional help try 'nomad <cmd> -help'` to
 *   stderr, exit 1;
 * - reading a file argument, where `-` means stdin (Go's `os.ReadFile` error text when missing);
 * - `-json` output.
 */
import type { JsonValue } from '../../server/http.js';
import { FlagSet, type ParsedFlags } from '../flags.js';
import { goJsonIndent } from '../format/go-json.js';
import { type ConnectionSettings, NomadApiClient } from './api-client.js';
import type { CommandEnv, LeafCommand } from './command.js';
import type { NomadContext } from './context.js';

const CLIENT_STRING_FLAGS = [
  'address',
  'region',
  'namespace',
  'token',
  'ca-cert',
  'ca-path',
  'client-cert',
  'client-key',
  'tls-server-name',
];
const CLIENT_BOOL_FLAGS = ['no-color', 'force-color', 'tls-skip-verify'];

export interface ParsedCommand {
  readonly flags: ParsedFlags;
  readonly args: readonly string[];
  readonly client: NomadApiClient;
}

function firstNonEmpty(...values: ReadonlyArray<string | undefined>): string {
  for (const value of values) if (value !== undefined && value !== '') return value;
  return '';
}

/** Resolves where and as whom to connect (flag, then environment, then default). */
export function connectionSettings(flags: ParsedFlags, context: NomadContext): ConnectionSettings {
  return {
    address: firstNonEmpty(
      flags.string('address'),
      context.env['NOMAD_ADDR'],
      context.defaultAddress,
    ),
    region: firstNonEmpty(flags.string('region'), context.env['NOMAD_REGION']),
    namespace: firstNonEmpty(flags.string('namespace'), context.env['NOMAD_NAMESPACE']),
    token: firstNonEmpty(flags.string('token'), context.env['NOMAD_TOKEN']),
  };
}

/**
 * Parses `args` with the client flags plus those `define` adds. Returns the parsed command, or
 * the exit code after printing Go's flag error (stderr) and the usage text (stdout).
 */
export function parseCommand(
  command: LeafCommand,
  args: readonly string[],
  env: CommandEnv,
  define: (flags: FlagSet) => void,
): ParsedCommand | number {
  const set = new FlagSet();
  for (const name of CLIENT_STRING_FLAGS) set.string(name);
  for (const name of CLIENT_BOOL_FLAGS) set.bool(name);
  define(set);
  const parsed = set.parse(args);
  if (parsed.kind !== 'ok') {
    if (parsed.kind === 'error') env.ui.error(parsed.message);
    env.ui.output(command.help(env));
    return 1;
  }
  const client = new NomadApiClient(
    connectionSettings(parsed.flags, env.context),
    env.context.transport,
    env.cli,
  );
  return { flags: parsed.flags, args: parsed.args, client };
}

/** Prints an argument-count error the way Nomad's commands do; returns exit code 1. */
export function argumentError(command: LeafCommand, env: CommandEnv, message: string): number {
  env.ui.error(message);
  env.ui.error(`For additional help try 'nomad ${command.name} -help'`);
  return 1;
}

export type FileRead =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string };

/** Reads a workstation file, or stdin for `-`. The failure text is Go's `os.ReadFile` error. */
export function readFileArgument(env: CommandEnv, path: string): FileRead {
  if (path === '-') return { ok: true, text: env.context.stdin ?? '' };
  const text = env.context.files.read(path);
  if (text === undefined) return { ok: false, reason: `open ${path}: no such file or directory` };
  return { ok: true, text };
}

/** Prints `value` as Nomad's `-json` output. */
export function printJson(env: CommandEnv, value: JsonValue): void {
  env.ui.output(goJsonIndent(value));
}
