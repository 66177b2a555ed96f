/**
 * `nomad ...`: the emulated Nomad CLI with the shell's environment. Leading `NAME=value` words
 * set the environment of this command only. An agent address (`NOMAD_ADDR`, `-address`) may name
 * a server or client (`server-1.europe`, `http://client-1.global:4646`) and is turned into its
 * IP address. On an agent, `nomad` talks to that agent unless told otherwise and reads file
 * arguments from its disk; a here-document is its standard input (`nomad acl policy apply x -`).
 * Nomad's own output is printed unchanged; after a mistyped subcommand one more line says which
 * command was probably meant.
 */
import type { VersionProfile } from '../../../acl/index.js';
import { commandNames, findCommand } from '../../../cli/nomad/index.js';
import { agentAddress, type Names } from '../agents.js';
import { closest } from '../suggest.js';
import type { ShellCommand } from '../shell-command.js';

const AGENT_URL = /^(?:([a-z]+):\/\/)?([^/:\s]+)(?::(\d+))?\/?$/;

/** `http://10.2.0.1:4646` for an address that names an agent, else the address unchanged. */
function agentUrl(value: string, names: Names): string {
  const match = AGENT_URL.exec(value);
  if (match === null) return value;
  const host = match[2] as string;
  const server = names.findServer(host);
  const client = server === null ? names.findClient(host) : null;
  if (server === null && client === null) return value;
  const address = server !== null ? server.address : (client?.address as string);
  return `${match[1] ?? 'http'}://${address}:${match[3] ?? '4646'}`;
}

/** The arguments with every `-address` value that names an agent turned into its URL. */
function withAgentAddresses(args: readonly string[], names: Names): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') {
      out.push(...args.slice(k));
      break;
    }
    const inline = /^(--?address=)(.*)$/s.exec(arg);
    if (inline !== null) out.push(`${inline[1]}${agentUrl(inline[2] as string, names)}`);
    else if ((arg === '-address' || arg === '--address') && k + 1 < args.length) {
      out.push(arg, agentUrl(args[k + 1] as string, names));
      k++;
    } else out.push(arg);
  }
  return out;
}

/** One word quoted for the emulator's command-line splitter (it keeps `'...'` literally). */
function quoteWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** For a mistyped command (`acl boostrap`): the full command probably meant, or null. */
function meantCommand(args: readonly string[], profile: VersionProfile): string | null {
  const words: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-') || words.length === 3) break;
    words.push(arg);
  }
  if (words.length === 0) return null;
  // A known leaf command at the start: nothing was mistyped.
  for (let n = words.length; n > 0; n--)
    if (findCommand(words.slice(0, n).join(' '), profile)?.kind === 'leaf') return null;
  // A group followed by nothing is Nomad's group help, not a typo.
  if (words.length === 1 && findCommand(words[0] as string, profile) !== undefined) return null;
  const typed = words.join(' ');
  const known = commandNames(profile);
  const sameLength = known.filter((name) => name.split(' ').length === words.length);
  return closest(typed, sameLength) ?? closest(typed, known);
}

export const nomadCommand: ShellCommand = {
  name: 'nomad',
  usage: 'nomad <command> [options]',
  summary: 'the Nomad CLI (nomad -help lists its commands)',
  details:
    'NOMAD_TOKEN=... nomad status       the token for this command only\nnomad server members -address=server-1.europe',
  async run(ctx, args, input) {
    const env: Record<string, string> = { ...ctx.host.env };
    for (const { name, value } of input.assignments) env[name] = value;
    if (env.NOMAD_ADDR !== undefined) env.NOMAD_ADDR = agentUrl(env.NOMAD_ADDR, ctx.names);
    const argv = withAgentAddresses(args, ctx.names);
    const agent = ctx.host.agent;
    const result = await ctx.session.execNomad(['nomad', ...argv].map(quoteWord).join(' '), {
      env,
      files: ctx.host.files.forNomad,
      ...(agent === null ? {} : { defaultAddress: `http://${agentAddress(agent)}:4646` }),
      ...(input.stdin === null ? {} : { stdin: input.stdin }),
    });
    ctx.out(result.stdout);
    ctx.err(result.stderr);
    if (result.exitCode !== 0) {
      const meant = meantCommand(args, ctx.session.version);
      if (meant !== null)
        ctx.err(
          `[sim] no nomad command "${args
            .filter((a) => !a.startsWith('-'))
            .slice(0, meant.split(' ').length)
            .join(' ')}"; did you mean "nomad ${meant}"?\n`,
        );
    }
    return result.exitCode;
  },
};
