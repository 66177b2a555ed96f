/**
 * Tab completion for `nomad-sim shell`: what the word under the cursor may become, given the
 * words before it. Commands first; then, by command, machines, regions, files, settings,
 * `systemctl` actions, guides, the forms `help CMD` knows, variables after `$`; for `nomad`, its
 * subcommands (only those the played Nomad version has), the flags its help lists, regions after
 * `-region=`, machines after `-address=`, and the names the commands take: policy names, token
 * accessor IDs, role IDs (names with `-by-name`), namespace and node pool names, also after
 * `-policy=`, `-role-name=`, `-role-id=` and `-namespace=`. Answers in readline's form:
 * [matches, word].
 */
import type { Shell } from './shell.js';
import { commandNames, findCommand } from '../../cli/nomad/index.js';
import { profileHasKind, type ReplicatedKind } from '../../version/profile.js';

const AGENT_ARGUMENT = new Set(['ssh', 'crash', 'start', 'stop', 'logs', 'isolate']);
const FILE_ARGUMENT = new Set(['cat', 'ls', 'rm', 'cd', 'nomad']);
const SETTINGS = ['acl.enabled=', 'acl.replication_token=', 'server.authoritative_region='];

function matching(word: string, candidates: Iterable<string>): string[] {
  return [...new Set(candidates)].filter((c) => c.startsWith(word)).sort();
}

interface ObjectNames {
  readonly policies: string[];
  readonly accessors: string[];
  readonly roleNames: string[];
  readonly roleIds: string[];
  readonly namespaces: string[];
  readonly nodePools: string[];
}

/**
 * The objects of the federation's first region with a leader (names to offer): only kinds the
 * played Nomad has (0.9.7's namespace commands exist, but its agent refuses them: no names).
 */
function objectNames(shell: Shell): ObjectNames {
  const has = (kind: ReplicatedKind): boolean => profileHasKind(shell.session.version, kind);
  for (const region of shell.cluster.regionNames) {
    const fsm = shell.cluster.leaderOf(region)?.fsm;
    if (fsm == null) continue;
    const roles = fsm.acl.objects.listRoles();
    return {
      policies: fsm.acl.listPolicies().map((p) => p.Name),
      accessors: fsm.acl.listTokens({ order: 'accessor-id' }).map((t) => t.AccessorID),
      roleNames: has('roles') ? roles.map((r) => r.Name) : [],
      roleIds: has('roles') ? roles.map((r) => r.ID) : [],
      namespaces: has('namespaces') ? fsm.namespaces.list().map((ns) => ns.Name) : [],
      nodePools: has('node-pools') ? fsm.nodePools.list().map((pool) => pool.Name) : [],
    };
  }
  return { policies: [], accessors: [], roleNames: [], roleIds: [], namespaces: [], nodePools: [] };
}

/** What a `-flag=` of `command` takes, for the flags whose values are object names. */
function flagValues(shell: Shell, flag: string, command: string): readonly string[] | undefined {
  const names = objectNames(shell);
  if (flag === 'policy' && /^acl (token|role) /.test(command)) return names.policies;
  if (flag === 'role-name' && command.startsWith('acl token ')) return names.roleNames;
  if (flag === 'role-id' && command.startsWith('acl token ')) return names.roleIds;
  if (flag === 'namespace') return names.namespaces;
  return undefined;
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
  const profile = shell.session.version;
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
  const objectFlag = /^(--?([a-z-]+))=/.exec(word);
  const values = objectFlag === null ? undefined : flagValues(shell, objectFlag[2] ?? '', typed);
  if (objectFlag !== null && values !== undefined)
    return matching(
      word,
      values.map((n) => `${objectFlag[1]}=${n}`),
    );
  const leaf = findCommand(typed, profile);
  if (word.startsWith('-'))
    return leaf === undefined ? [] : matching(word, await nomadFlags(shell, typed));
  if (leaf?.kind === 'leaf') {
    const names = objectNames(shell);
    if (/^acl policy (info|delete|apply)$/.test(typed)) return matching(word, names.policies);
    if (/^acl token (info|delete|update)$/.test(typed)) return matching(word, names.accessors);
    if (/^acl role (info|update|delete)$/.test(typed))
      return matching(
        word,
        before.some((w) => /^--?by-name(=true)?$/.test(w)) ? names.roleNames : names.roleIds,
      );
    if (/^namespace (status|delete)$/.test(typed)) return matching(word, names.namespaces);
    if (typed === 'namespace apply')
      return matching(word, [...names.namespaces, ...shell.completions().files]);
    if (/^node pool (info|delete)$/.test(typed)) return matching(word, names.nodePools);
    return matching(word, shell.completions().files);
  }
  const next = commandNames(profile)
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
