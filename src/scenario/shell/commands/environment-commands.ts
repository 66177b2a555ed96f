/**
 * The shell's environment: `export NAME=value` (what `nomad` commands read: NOMAD_TOKEN,
 * NOMAD_REGION, NOMAD_ADDR, which may name a server such as `server-1.europe`), `unset`, `env`,
 * and `echo`. Each machine has its own environment; `ssh` starts an empty one, as a login does.
 */
import { ShellError } from '../shell-error.js';
import type { ShellCommand } from '../shell-command.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const exportCommand: ShellCommand = {
  name: 'export',
  usage: 'export NAME=value',
  summary: 'set a variable nomad reads (NOMAD_TOKEN, NOMAD_REGION, NOMAD_ADDR)',
  details:
    'NOMAD_ADDR may name a server: export NOMAD_ADDR=server-1.europe\nA variable set without export (T=...) is only for $T on later lines.',
  async run(ctx, args) {
    if (args.length === 0) {
      for (const [name, value] of Object.entries(ctx.host.env).sort(([a], [b]) => (a < b ? -1 : 1)))
        ctx.out(`export ${name}=${value}\n`);
      return 0;
    }
    for (const arg of args) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg : arg.slice(0, eq);
      if (!NAME.test(name)) throw new ShellError(`"${arg}": not a valid name (export NAME=value)`);
      const value = eq === -1 ? ctx.host.vars[name] : arg.slice(eq + 1);
      if (value === undefined) continue;
      delete ctx.host.vars[name];
      ctx.host.env[name] = value;
    }
    return 0;
  },
};

export const unsetCommand: ShellCommand = {
  name: 'unset',
  usage: 'unset NAME',
  summary: 'remove a variable',
  async run(ctx, args) {
    for (const name of args) {
      if (!NAME.test(name)) throw new ShellError(`"${name}": not a valid name`);
      delete ctx.host.env[name];
      delete ctx.host.vars[name];
    }
    return 0;
  },
};

export const envCommand: ShellCommand = {
  name: 'env',
  usage: 'env',
  summary: 'print the environment',
  async run(ctx, args) {
    if (args.length > 0)
      throw new ShellError(
        'takes no arguments here (run commands directly: NOMAD_TOKEN=... nomad status)',
        2,
      );
    for (const [name, value] of Object.entries(ctx.host.env).sort(([a], [b]) => (a < b ? -1 : 1)))
      ctx.out(`${name}=${value}\n`);
    return 0;
  },
};

export const echoCommand: ShellCommand = {
  name: 'echo',
  usage: 'echo TEXT [> FILE]',
  summary: 'print text, or write it to a file',
  async run(ctx, args) {
    const noNewline = args[0] === '-n';
    ctx.out(`${(noNewline ? args.slice(1) : args).join(' ')}${noNewline ? '' : '\n'}`);
    return 0;
  },
};
