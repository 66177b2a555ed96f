/**
 * About the session itself: `save FILE.ts` (the session so far as a scenario script that
 * `npx tsx FILE.ts` replays, printing the same transcript) and `help [COMMAND]`.
 */
import { ShellError } from '../shell-error.js';
import { suggestion } from '../suggest.js';
import type { ShellCommand } from '../shell-command.js';

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

export const helpCommand: ShellCommand = {
  name: 'help',
  usage: 'help [COMMAND]',
  summary: 'this list, or one command in detail',
  async run(ctx, args) {
    if (args.length > 1) throw new ShellError('takes at most one command: help ssh', 2);
    const name = args[0];
    if (name !== undefined) {
      const command = ctx.commands.get(name);
      if (command === undefined)
        throw new ShellError(`no command "${name}"${suggestion(name, [...ctx.commands.keys()])}`);
      ctx.out(
        `${command.usage}\n  ${command.summary}\n${command.details === undefined ? '' : `\n${command.details.replace(/^/gm, '  ')}\n`}`,
      );
      return 0;
    }
    const commands = [...ctx.commands.values()];
    const width = Math.max(...commands.map((c) => c.usage.length)) + 2;
    ctx.out('Commands (help COMMAND for more; virtual time only passes while a command runs):\n');
    for (const command of commands) ctx.out(`  ${command.usage.padEnd(width)}${command.summary}\n`);
    ctx.out(
      'Also: NAME=value sets a variable, $NAME expands it, > FILE and >> FILE write output to a file.\n',
    );
    return 0;
  },
};
