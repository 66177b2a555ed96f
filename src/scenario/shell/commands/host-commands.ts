/**
 * Moving between machines: `ssh AGENT` logs in to a server or client agent (its files, its
 * `systemctl`, `nomad` talking to its own agent), `exit` goes back to the workstation, and on the
 * workstation leaves the shell.
 */
import { agentLabel } from '../agents.js';
import { ShellError } from '../shell-error.js';
import type { ShellCommand } from '../shell-command.js';

export const sshCommand: ShellCommand = {
  name: 'ssh',
  usage: 'ssh SERVER',
  summary: 'log in to a server or client (its files, systemctl)',
  async run(ctx, args) {
    if (args.length !== 1)
      throw new ShellError('takes one machine: ssh SERVER (e.g. ssh server-1.global)', 2);
    if (ctx.host.agent !== null)
      throw new ShellError(
        `you are on ${agentLabel(ctx.host.agent)}: exit first, then ssh from the workstation`,
      );
    ctx.switchHost(ctx.names.agent(args[0] as string));
    return 0;
  },
};

export const exitCommand: ShellCommand = {
  name: 'exit',
  usage: 'exit',
  summary: 'back to the workstation; there, leave the shell',
  async run(ctx, args) {
    if (args.length > 0) throw new ShellError('takes no arguments', 2);
    if (ctx.host.agent === null) ctx.leave();
    else ctx.switchHost(null);
    return 0;
  },
};
