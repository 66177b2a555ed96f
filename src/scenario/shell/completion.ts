/**
 * Tab completion for `nomad-sim shell`: what the word under the cursor may become, given the
 * words before it. Commands first; then, by command, machines, regions, files, settings,
 * `systemctl` actions, guides, the forms `help CMD` knows, variables after `$`; for `nomad`, its
 * subcommands, the flags its help lists, regions after `-region=`, machines after `-address=`,
 * and policy names and token accessor IDs where the ACL commands take them. Answers in
 * readline's form: [matches, word].
 */
import type { Shell } from './shell.js';
import { commandNames, findCommand } from '../../cli/nomad/index.js';

const AGENT_ARGUMENT = new Set(['ssh', 'crash', 'start', 'stop', 'logs', 'isolate']);
const FILE_ARGUMENT = new Set(['cat', 'ls', 'rm', 'cd', 'nomad']);
const SETTINGS = ['acl.enabled=', 'acl.replication_token=', 'server.authoritative_region='];

function matching(word: string, candidates: Iterable<string>): string[] {
  return [...new Set(candidates)].filter((c) => c.startsWith(word)).sort();
}

/** The ACL data of the federation's first region with a leader (names to offer). */
function aclNames(shell: Shell): { policies: string[]; accessors: string[] } {
  for (const region of shell.cluster.regionNames) {
    const acl = shell.cluster.leaderOf(region)?.fsm?.acl;
    if (acl === undefined) continue;
    return {
      policies: acl.listPolicies().map((p) => p.Name),
      accessors: acl.listTokens({ order: 'accessor-id' }).map((t) => t.AccessorID),
    };
  }
  return { policies: [], accessors: [] };
}

/** The flags a `nomad` command's help lists (`-region=<region>` gives `-region=`). */
async function nomadFlags(shell: Shell, command: string): Promise<string[]> {
  const help = await shell.session.execNomad(`nomad ${command} -help`, { env: {} });
  return [...help.stdout.matchAll(/^\s+(-[a-z][a-z0-9-]*)(=?)/gm)].map(
    (m) => `${m[1]}${m[2] === '=' ? '=' : ''}`,
  );
}

async function completeNomad(
  shell: Shell,
  before: readonly string[],
  word: string,
): Promise<string[]> {
  const words = before.slice(1).filter((w) => !w.startsWith('-'));
  const typed = words.join(' ');
  const flagValue = /^(--?(?:region|address))=(.*)$/.exec(word);
  if (flagValue !== null) {
    const names = flagValue[1]?.endsWith('region')
      ? shell.names.regions()
      : [...shell.names.serverLabels(), ...shell.names.clientLabels()];
    return matching(
      word,
      names.map((n) => `${flagValue[1]}=${n}`),
    );
  }
  const leaf = findCommand(typed);
  if (word.startsWith('-'))
    return leaf === undefined ? [] : matching(word, await nomadFlags(shell, typed));
  if (leaf?.kind === 'leaf') {
    const acl = aclNames(shell);
    if (/^acl policy (info|delete|apply)$/.test(typed) && words.length === 3)
      return matching(word, acl.policies);
    if (/^acl token (info|delete|update)$/.test(typed)) return matching(word, acl.accessors);
    return matching(word, shell.completions().files);
  }
  const next = commandNames()
    .filter((name) =>
      typed === ''
        ? !name.includes(' ')
        : name.startsWith(`${typed} `) && !name.slice(typed.length + 1).includes(' '),
    )
    .map((name) => (typed === '' ? name : name.slice(typed.length + 1)));
  return matching(word, next);
}

/** readline's completer answer for `line` (the text before the cursor). */
export async function completeLine(shell: Shell, line: string): Promise<[string[], string]> {
  const word = /(\S*)$/.exec(line)?.[1] ?? '';
  const before = line
    .slice(0, line.length - word.length)
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const names = shell.completions();
  const dollar = /^(.*)\$\{?([A-Za-z0-9_]*)$/.exec(word);
  if (dollar !== null)
    return [
      matching(
        word,
        names.variables.map((v) => `${dollar[1]}$${word.includes('${') ? '{' : ''}${v}`),
      ),
      word,
    ];
  const command = before[0];
  if (command === undefined) return [matching(word, names.commands), word];
  const last = before[before.length - 1] ?? '';
  if (last === '>' || last === '>>') return [matching(word, names.files), word];
  let candidates: string[] = [];
  if (command === 'nomad') candidates = await completeNomad(shell, before, word);
  else if (AGENT_ARGUMENT.has(command)) candidates = names.agents;
  else if (command === 'restart') candidates = [...names.agents, ...names.regions];
  else if (command === 'transfer-leadership') candidates = shell.names.serverLabels();
  else if (command === 'guide') candidates = ['tutorial', 'off'];
  else if (command === 'rolling-restart') candidates = names.regions;
  else if (command === 'partition' || command === 'edit')
    candidates = [...names.regions, ...names.agents];
  else if (command === 'config')
    candidates =
      before.length === 1
        ? ['show', 'set']
        : before.length === 2
          ? [...names.regions, ...names.agents]
          : SETTINGS;
  else if (command === 'systemctl')
    candidates = before.length === 1 ? ['start', 'stop', 'restart', 'status'] : ['nomad'];
  else if (command === 'help') {
    const about = before[1];
    if (about === 'nomad') return [await completeNomad(shell, before.slice(1), word), word];
    candidates =
      about === undefined
        ? names.commands
        : (shell.commands.get(about)?.subcommands ?? []).map((sub) => sub.name);
  } else if (command === 'unset' || command === 'export') candidates = names.variables;
  else if (FILE_ARGUMENT.has(command)) candidates = names.files;
  return [command === 'nomad' ? candidates : matching(word, candidates), word];
}
