/**
 * About the session itself: `save FILE.ts` (the session so far as a scenario script that
 * `npx tsx FILE.ts` replays, printing the same transcript) and `help [COMMAND [SUBCOMMAND]]`
 * (for `nomad`, the subcommand's help is Nomad's own).
 */
import { ShellError } from '../shell-error.js';
import { didYouMean, suggestion } from '../suggest.js';
import { commandNames, findCommand } from '../../../cli/nomad/index.js';
import type { ShellCommand, ShellContext, ShellSubcommand } from '../shell-command.js';

export const saveCommand: ShellCommand = {
  name: 'save',
  usage: 'save FILE.ts',
  summary: 'save the session as a script (npx tsx FILE.ts)',
  async run(ctx, args) {
    if (args.length !== 1) throw new ShellError('takes one file name: save my-session.ts', 2);
    const file = args[0] as string;
    if (!/\.[cm]?ts$/.test(file))
      throw new ShellError(`${file}: the script is TypeScript; give a name ending in .ts`, 2);
    ctx.session.print(ctx.save(file));
    return 0;
  },
};

/** `help nomad acl bootstrap`: Nomad's own help for that command (what `-help` prints). */
async function nomadHelp(ctx: ShellContext, words: readonly string[]): Promise<number> {
  const name = words.join(' ');
  const profile = ctx.session.version;
  if (findCommand(name, profile) === undefined) {
    const started = commandNames(profile).filter((known) => known.startsWith(name));
    const hint =
      started.length === 1
        ? `; did you mean nomad ${started[0]}?`
        : didYouMean(name, commandNames(profile)).replace('mean ', 'mean nomad ');
    throw new ShellError(`no nomad command "${name}"${hint}`);
  }
  const nomad = ctx.commands.get('nomad');
  if (nomad === undefined) throw new ShellError('this shell has no nomad command');
  return nomad.run(ctx, [...words, '-help'], { assignments: [], stdin: null });
}

function commandHelp(command: ShellCommand): string {
  const lines = [command.usage, `  ${command.summary}`];
  if (command.details !== undefined) lines.push('', command.details.replace(/^/gm, '  '));
  const subcommands = command.subcommands ?? [];
  if (subcommands.length > 0) {
    const width = Math.max(...subcommands.map((sub) => sub.usage.length)) + 2;
    lines.push('', `Forms (help ${command.name} ${subcommands[0]?.name ?? 'X'} for one):`);
    for (const sub of subcommands) lines.push(`  ${sub.usage.padEnd(width)}${sub.summary}`);
  }
  return `${lines.join('\n')}\n`;
}

function subcommandHelp(sub: ShellSubcommand): string {
  const lines = [sub.usage, `  ${sub.summary}`];
  if (sub.details !== undefined) lines.push('', sub.details.replace(/^/gm, '  '));
  return `${lines.join('\n')}\n`;
}

export const helpCommand: ShellCommand = {
  name: 'help',
  usage: 'help [COMMAND [SUBCOMMAND]]',
  summary: 'this list, one command in detail, or one of its forms',
  details: `help config set     how config set is used, and the settings it knows
help nomad acl bootstrap   Nomad's own help for that command`,
  async run(ctx, args) {
    const [name, ...rest] = args;
    if (name === undefined) {
      const commands = [...ctx.commands.values()];
      const width = Math.max(...commands.map((c) => c.usage.length)) + 2;
      ctx.out('Commands (help COMMAND for more; virtual time only passes while a command runs):\n');
      for (const command of commands)
        ctx.out(`  ${command.usage.padEnd(width)}${command.summary}\n`);
      ctx.out(
        'Also: NAME=value sets a variable, $NAME expands it, $(COMMAND) puts what COMMAND prints in\nits place, > FILE and >> FILE write output to a file.\n',
      );
      return 0;
    }
    const command = ctx.commands.get(name);
    if (command === undefined)
      throw new ShellError(`no command "${name}"${suggestion(name, [...ctx.commands.keys()])}`);
    if (rest.length === 0) {
      ctx.out(commandHelp(command));
      return 0;
    }
    if (command.name === 'nomad') return nomadHelp(ctx, rest);
    const subcommands = command.subcommands ?? [];
    if (subcommands.length === 0)
      throw new ShellError(`${name} has no subcommands: help ${name} shows all of it`, 2);
    if (rest.length > 1)
      throw new ShellError(`takes one subcommand of ${name}: help ${name} ${rest[0]}`, 2);
    const sub = subcommands.find((candidate) => candidate.name === rest[0]);
    if (sub === undefined)
      throw new ShellError(
        `${name} has no subcommand "${rest[0]}"${didYouMean(
          rest[0] as string,
          subcommands.map((candidate) => candidate.name),
        )} (it has ${subcommands.map((candidate) => candidate.name).join(', ')})`,
        2,
      );
    ctx.out(subcommandHelp(sub));
    return 0;
  },
};
