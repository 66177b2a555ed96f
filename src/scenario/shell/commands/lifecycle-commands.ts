/**
 * The operator's lifecycle commands: `restart` (an agent, or every server of a region at once),
 * `rolling-restart`, `crash`, `start`, `stop` (on an agent, without a name, they act on that
 * agent), `transfer-leadership SERVER`, and `systemctl ACTION nomad` on an agent.
 */
import { agentLabel, agentRunning } from '../agents.js';
import { ShellError } from '../shell-error.js';
import type { ShellCommand } from '../shell-command.js';
import { crashAgent, restartAgent, startAgent, stopAgent, targetAgent } from './agent-lifecycle.js';

export const restartCommand: ShellCommand = {
  name: 'restart',
  usage: 'restart SERVER|REGION',
  summary: 'restart one agent and wait until it has rejoined (a region: all at once)',
  details: `restart server-2.global    one server; it is back once it follows the leader, caught up
restart global             every server of global at the same time, as the tutorial warns not
                           to: the region is down until they are back and have elected a leader
rolling-restart global     the tutorial's way, one server at a time`,
  async run(ctx, args) {
    const named = args[0];
    if (args.length === 1 && named !== undefined && ctx.names.regions().includes(named)) {
      await ctx.session.restartAllAtOnce(named);
      return 0;
    }
    await restartAgent(ctx, targetAgent(ctx, args, 'restart'));
    return 0;
  },
};

export const transferLeadershipCommand: ShellCommand = {
  name: 'transfer-leadership',
  usage: 'transfer-leadership SERVER',
  summary: 'make SERVER the leader of its region (Raft leadership transfer)',
  details: `transfer-leadership server-2.global
As nomad operator raft transfer-leadership does: the leader hands over to SERVER, which must be
running and caught up; no election timeout, no crash. Waits (at most 10 s) until SERVER leads.`,
  async run(ctx, args) {
    if (args.length !== 1) throw new ShellError('takes one server: transfer-leadership SERVER', 2);
    const server = ctx.names.server(args[0] as string);
    if (!server.isRunning) throw new ShellError(`${args[0]} is not running`);
    await ctx.session.transferLeadership(`${server.homeRegion}/${server.initialName}`);
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
  subcommands: [
    {
      name: 'start',
      usage: 'systemctl start nomad',
      summary: 'start the agent of this machine if it is not running',
    },
    {
      name: 'stop',
      usage: 'systemctl stop nomad',
      summary: 'stop it gracefully (a leader hands over its leadership first)',
    },
    {
      name: 'restart',
      usage: 'systemctl restart nomad',
      summary: 'stop it, start it again with its config file, and wait until it has rejoined',
    },
    {
      name: 'status',
      usage: 'systemctl status nomad',
      summary: 'whether it runs (exit 3 when it does not)',
    },
  ],
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
