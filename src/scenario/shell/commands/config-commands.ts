/**
 * Agent config files: `config show AGENT`, `config set TARGET key=value...` (the edits the
 * tutorial makes, without an editor: `acl.enabled`, `acl.replication_token`,
 * `server.authoritative_region`; a region means every server of it) and `edit TARGET`, which
 * opens the file in the person's `$EDITOR` when there is a terminal (for a region: the first
 * server's file, then the same text, with each server's own name, on every server). Every new text
 * is checked before any file is written, so a bad edit changes nothing. Agents read their config
 * when they start: a change takes effect at the next restart.
 */
import {
  AgentConfigError,
  parseAgentConfig,
  withAclEnabled,
  withAuthoritativeRegion,
  withReplicationToken,
} from '../../../agent-config/index.js';
import { type Agent, agentConfigPath, agentDisk, agentLabel } from '../agents.js';
import { ShellError } from '../shell-error.js';
import { didYouMean } from '../suggest.js';
import type { ShellCommand } from '../shell-command.js';

type Setting = (text: string, value: string, file: string) => string;

function booleanValue(key: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ShellError(`${key} takes true or false, got "${value}"`, 2);
}

/** The settings `config set` knows, and which agents have them. */
const SETTINGS: Record<string, { readonly apply: Setting; readonly clients: boolean }> = {
  'acl.enabled': {
    apply: (text, value, file) =>
      withAclEnabled(text, booleanValue('acl.enabled', value), { file }),
    clients: true,
  },
  'acl.replication_token': {
    apply: (text, value, file) => withReplicationToken(text, value, { file }),
    clients: false,
  },
  'server.authoritative_region': {
    apply: (text, value, file) => withAuthoritativeRegion(text, value, { file }),
    clients: false,
  },
};

/** `[edit PATH on WHO: WHAT]`, as a scenario transcript shows an edit. */
function editLine(target: string, agents: readonly Agent[], what: string): string {
  const path = agentConfigPath(agents[0] as Agent);
  const who = agents.length === 1 ? agentLabel(agents[0] as Agent) : `every server of ${target}`;
  return `[edit ${path} on ${who}${what === '' ? '' : `: ${what}`}]`;
}

/** Writes every new text (all were checked first) and syncs it. */
function writeAll(changes: ReadonlyArray<readonly [Agent, string]>): void {
  for (const [agent, text] of changes) {
    const disk = agentDisk(agent);
    disk.write(agentConfigPath(agent), text);
    disk.sync(agentConfigPath(agent));
  }
}

function configText(agent: Agent): string {
  return agentDisk(agent).readText(agentConfigPath(agent)) ?? '';
}

function problemOf(error: unknown): string {
  if (error instanceof AgentConfigError || error instanceof ShellError) return error.message;
  throw error;
}

const CONFIG_USAGE = 'config show SERVER | config set TARGET key=value...';

export const configCommand: ShellCommand = {
  name: 'config',
  usage: 'config show|set TARGET ...',
  summary: 'show or change config files (TARGET: a region or one server)',
  details: `config set global acl.enabled=true server.authoritative_region=global
config set europe acl.replication_token=$T
Settings: ${Object.keys(SETTINGS).join(', ')}. Agents read them at their next restart.`,
  subcommands: [
    {
      name: 'show',
      usage: 'config show AGENT',
      summary: "print an agent's config file",
      details: `config show server-1.europe
config show client-1.global
What the file says now; an agent runs with what it said when it last started.`,
    },
    {
      name: 'set',
      usage: 'config set TARGET key=value...',
      summary: "change settings in a region's server configs, or one agent's",
      details: `config set global acl.enabled=true server.authoritative_region=global
config set europe acl.enabled=true acl.replication_token=$T
config set client-1.global acl.enabled=true
Settings: acl.enabled (servers and clients), acl.replication_token and
server.authoritative_region (servers). Every file is checked before any is written, so a bad
value changes nothing. Agents read their config when they start: restart them (rolling-restart
REGION, restart AGENT) to apply it. edit TARGET changes anything else, in $EDITOR.`,
    },
  ],
  async run(ctx, args) {
    const [action, target, ...pairs] = args;
    if (action === 'show') {
      if (target === undefined || pairs.length > 0)
        throw new ShellError('usage: config show SERVER', 2);
      for (const agent of ctx.names.agentsOf(target).slice(0, 1)) ctx.out(configText(agent));
      return 0;
    }
    if (action !== 'set')
      throw new ShellError(
        `usage: ${CONFIG_USAGE}${action === undefined ? '' : didYouMean(action, ['show', 'set'])}`,
        2,
      );
    if (target === undefined || pairs.length === 0)
      throw new ShellError(
        'usage: config set TARGET key=value... (e.g. config set global acl.enabled=true)',
        2,
      );
    const agents = ctx.names.agentsOf(target);
    const settings = pairs.map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      const setting = SETTINGS[key];
      if (setting === undefined)
        throw new ShellError(
          `unknown setting "${key}"${didYouMean(key, Object.keys(SETTINGS))} (config set knows ${Object.keys(SETTINGS).join(', ')}; edit changes anything)`,
          2,
        );
      if (eq === -1) throw new ShellError(`${key} needs a value: ${key}=VALUE`, 2);
      if (!setting.clients && agents.some((a) => a.kind === 'client'))
        throw new ShellError(`${key} is a server setting; client agents do not have it`, 2);
      return { key, value: pair.slice(eq + 1), apply: setting.apply };
    });
    const changes = agents.map((agent) => {
      let text = configText(agent);
      try {
        for (const setting of settings)
          text = setting.apply(text, setting.value, agentConfigPath(agent));
      } catch (error) {
        throw new ShellError(
          `${agentLabel(agent)}: ${problemOf(error)}; nothing was changed`,
          error instanceof ShellError ? error.exitCode : 1,
        );
      }
      return [agent, text] as const;
    });
    writeAll(changes);
    const what = settings
      .map(
        (s) =>
          `${s.key} = ${s.key.endsWith('token') && s.value !== '' ? '<secret>' : JSON.stringify(s.value).replace(/^"(true|false)"$/, '$1')}`,
      )
      .join(', ');
    ctx.session.print(editLine(target, agents, what));
    return 0;
  },
};

/** The first server's text with `name = "<first>"` made each server's own name. */
function forAgent(text: string, firstName: string, agent: Agent): string {
  const name = agent.kind === 'server' ? agent.server.initialName : agent.client.initialName;
  return text.replace(
    new RegExp(`^(\\s*name\\s*=\\s*)"${firstName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'm'),
    `$1"${name}"`,
  );
}

export const editCommand: ShellCommand = {
  name: 'edit',
  usage: 'edit TARGET',
  summary: 'edit config files in $EDITOR (needs a terminal)',
  async run(ctx, args) {
    if (args.length !== 1)
      throw new ShellError('takes one region or agent: edit server-1.global', 2);
    const target = args[0] as string;
    const agents = ctx.names.agentsOf(target);
    const first = agents[0] as Agent;
    const before = configText(first);
    const after = await ctx.editText(
      `${agentLabel(first)}${agentConfigPath(first).replace(/^.*\//, '-')}`,
      before,
    );
    if (after === null)
      throw new ShellError(
        `needs a terminal and $EDITOR; without them use config set ${target} key=value`,
      );
    if (after === before) {
      ctx.session.print(`[no change to ${agentConfigPath(first)}]`);
      return 0;
    }
    const firstName = first.kind === 'server' ? first.server.initialName : first.client.initialName;
    const changes = agents.map((agent) => [agent, forAgent(after, firstName, agent)] as const);
    for (const [agent, text] of changes) {
      try {
        parseAgentConfig(text, { file: agentConfigPath(agent) });
      } catch (error) {
        throw new ShellError(`${agentLabel(agent)}: ${problemOf(error)}; nothing was changed`);
      }
    }
    writeAll(changes);
    ctx.session.print(editLine(target, agents, ''));
    return 0;
  },
};
