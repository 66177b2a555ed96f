/**
 * Starting, stopping, crashing and restarting one agent, as `systemctl` on its host and the
 * operator's `start`/`stop`/`crash`/`restart` do it: through the scenario session, so each prints
 * the line a scenario transcript shows (`[restart server-1.global]`). A server restart waits until
 * the server has rejoined its region (running, following the leader, caught up).
 */
import { type Agent, agentLabel, agentRunning } from '../agents.js';
import { ShellError } from '../shell-error.js';
import type { ShellContext } from '../shell-command.js';

/** `region/name`: the reference the session resolves whatever the agent's config says now. */
function ref(agent: Agent): string {
  return agent.kind === 'server'
    ? `${agent.server.homeRegion}/${agent.server.initialName}`
    : `${agent.client.homeRegion}/${agent.client.initialName}`;
}

export async function restartAgent(ctx: ShellContext, agent: Agent): Promise<void> {
  if (agent.kind === 'server') await ctx.session.restart(ref(agent));
  else await ctx.session.restartClients(ref(agent));
}

export async function stopAgent(ctx: ShellContext, agent: Agent): Promise<void> {
  if (!agentRunning(agent)) throw new ShellError(`${agentLabel(agent)} is not running`);
  if (agent.kind === 'server') {
    await ctx.session.stop(ref(agent));
    return;
  }
  agent.client.stop();
  ctx.session.print(`[stop ${agentLabel(agent)}]`);
}

export function startAgent(ctx: ShellContext, agent: Agent): void {
  if (agentRunning(agent)) throw new ShellError(`${agentLabel(agent)} is already running`);
  if (agent.kind === 'server') {
    ctx.session.start(ref(agent));
    return;
  }
  agent.client.start();
  ctx.session.print(`[start ${agentLabel(agent)}]`);
}

export function crashAgent(ctx: ShellContext, agent: Agent): void {
  if (agent.kind !== 'server')
    throw new ShellError(`crash takes a server; stop ${agentLabel(agent)} instead`);
  if (!agentRunning(agent)) throw new ShellError(`${agentLabel(agent)} is not running`);
  ctx.session.crash(ref(agent));
}

/** The agent a lifecycle command names, or the one the shell is on when it names none. */
export function targetAgent(ctx: ShellContext, args: readonly string[], command: string): Agent {
  if (args.length > 1)
    throw new ShellError(`takes one server, got ${args.length}: ${command} SERVER`, 2);
  const named = args[0];
  if (named !== undefined) return ctx.names.agent(named);
  if (ctx.host.agent !== null) return ctx.host.agent;
  throw new ShellError(
    `which server? ${command} SERVER (e.g. ${command} ${ctx.names.serverLabels()[0] ?? 'server-1.global'})`,
    2,
  );
}
