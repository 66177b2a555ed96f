/**
 * The operator's lifecycle commands: `restart`, `rolling-restart`, `crash`, `start`, `stop` (on
 * an agent, without a name, they act on that agent), and `systemctl ACTION nomad` on an agent.
 */
import { agentLabel, agentRunning } from '../agents.js';
import { ShellError } from '../shell-error.js';
import type { ShellCommand } from '../shell-command.js';
import { crashAgent, restartAgent, startAgent, stopAgent, targetAgent } from './agent-lifecycle.js';

export const restartCommand: ShellCommand = {
  name: 'restart',
  usage: 'restart SERVER',
  summary: 'restart one agent and wait until it has rejoined',
  async run(ctx, args) {
    await restartAgent(ctx, targetAgent(ctx, args, 'restart'));
    return 0;
  },
};

export const rollingRestartCommand: ShellCommand = {
  name: 'rolling-restart',
  usage: 'rolling-restart REGION',
  summary: "restart a region's servers one at a time, health-checked",
  async run(ctx, args) {
    if (args.length !== 1) throw new ShellError('takes one region: rolling-restart REGION', 2);
    await ctx.session.rollingRestart(ctx.names.region(args[0] as string));
    return 0;
  },
};

export const crashCommand: ShellCommand = {
  name: 'crash',
  usage: 'crash SERVER',
  summary: 'kill a server at once (unsynced writes are lost)',
  async run(ctx, args) {
    crashAgent(ctx, targetAgent(ctx, args, 'crash'));
    return 0;
  },
};

export const startCommand: ShellCommand = {
  name: 'start',
  usage: 'start SERVER',
  summary: 'start a stopped or crashed agent',
  async run(ctx, args) {
    startAgent(ctx, targetAgent(ctx, args, 'start'));
    return 0;
  },
};

export const stopCommand: ShellCommand = {
  name: 'stop',
  usage: 'stop SERVER',
  summary: 'stop an agent gracefully',
  async run(ctx, args) {
    await stopAgent(ctx, targetAgent(ctx, args, 'stop'));
    return 0;
  },
};

const SYSTEMCTL_USAGE = 'systemctl start|stop|restart|status nomad';

export const systemctlCommand: ShellCommand = {
  name: 'systemctl',
  usage: 'systemctl ACTION nomad',
  summary: 'start, stop, restart or status, on a server (after ssh)',
  async run(ctx, args) {
    const [action, unit, ...rest] = args;
    if (action === undefined || unit === undefined || rest.length > 0)
      throw new ShellError(`usage: ${SYSTEMCTL_USAGE}`, 2);
    if (unit !== 'nomad' && unit !== 'nomad.service')
      throw new ShellError(`Unit ${unit}.service not found (this machine runs nomad.service)`, 5);
    const agent = ctx.host.agent;
    if (agent === null)
      throw new ShellError(
        'the workstation runs no nomad agent: ssh to a server first, or use restart SERVER',
        1,
      );
    switch (action) {
      case 'restart':
        await restartAgent(ctx, agent);
        return 0;
      case 'stop':
        if (agentRunning(agent)) await stopAgent(ctx, agent);
        return 0;
      case 'start':
        if (!agentRunning(agent)) startAgent(ctx, agent);
        return 0;
      case 'status': {
        const state = agent.kind === 'server' ? agent.server.status : agent.client.status;
        const active =
          state === 'running'
            ? 'active (running)'
            : state === 'crashed'
              ? 'failed (crashed)'
              : 'inactive (dead)';
        ctx.out(`● nomad.service - Nomad on ${agentLabel(agent)}\n     Active: ${active}\n`);
        return state === 'running' ? 0 : 3;
      }
      default:
        throw new ShellError(`unknown action "${action}": ${SYSTEMCTL_USAGE}`, 2);
    }
  },
};
