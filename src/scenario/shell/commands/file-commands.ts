/**
 * Files on the machine the shell is on: `cat` (files, or a here-document: `cat > p.hcl <<'EOF'`),
 * `ls`, `rm`, and on an agent `cd` and `pwd`. Writing goes through redirections (`>`, `>>`), which
 * the shell applies to any command's output.
 */
import { agentDataDir } from '../agents.js';
import { ShellError } from '../shell-error.js';
import type { ShellCommand } from '../shell-command.js';

/** Text that is not meant for a terminal (Raft logs, snapshots). */
function isBinary(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
}

/** Splits leading `-xyz` flags (each letter one flag) from the other words; unknown letters are refused. */
function flags(
  args: readonly string[],
  allowed: string,
  command: string,
): { set: Set<string>; rest: string[] } {
  const set = new Set<string>();
  let k = 0;
  for (; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') {
      k++;
      break;
    }
    if (!/^-[A-Za-z]+$/.test(arg)) break;
    for (const letter of arg.slice(1)) {
      if (!allowed.includes(letter))
        throw new ShellError(
          `invalid option -- '${letter}' (${command} knows ${[...allowed].map((l) => `-${l}`).join(' ')})`,
          2,
        );
      set.add(letter);
    }
  }
  return { set, rest: args.slice(k) };
}

export const catCommand: ShellCommand = {
  name: 'cat',
  usage: "cat FILE | cat > FILE <<'EOF'",
  summary: 'print files; with a here-document, write one',
  details: 'cat > anonymous.policy.hcl <<\'EOF\'\nnamespace "*" {\n  policy = "write"\n}\nEOF',
  async run(ctx, args, input) {
    if (args.length === 0) {
      if (input.stdin === null)
        throw new ShellError("needs a file, or a here-document: cat > FILE <<'EOF'", 2);
      ctx.out(input.stdin);
      return 0;
    }
    let status = 0;
    for (const path of args) {
      const text = ctx.host.files.read(path);
      if (text === undefined) {
        ctx.err(
          `cat: ${path}: ${ctx.host.files.isFolder(path) ? 'Is a directory' : 'No such file or directory'}\n`,
        );
        status = 1;
      } else if (isBinary(text)) {
        ctx.err(
          `cat: ${path}: binary data (${ctx.host.files.bytes(path) ?? 0} bytes), not shown\n`,
        );
      } else {
        ctx.out(text);
      }
    }
    return status;
  },
};

export const lsCommand: ShellCommand = {
  name: 'ls',
  usage: 'ls [-l] [PATH]',
  summary: 'list files (on a server: its disk)',
  async run(ctx, args) {
    const { set, rest } = flags(args, 'lah', 'ls');
    const paths = rest.length === 0 ? ['.'] : rest;
    let status = 0;
    paths.forEach((path, n) => {
      const entries = ctx.host.files.list(path);
      if (entries === null) {
        const text = ctx.host.files.read(path);
        if (text === undefined) {
          ctx.err(`ls: cannot access '${path}': No such file or directory\n`);
          status = 2;
          return;
        }
        ctx.out(
          set.has('l')
            ? `${String(ctx.host.files.bytes(path) ?? 0).padStart(8)}  ${path}\n`
            : `${path}\n`,
        );
        return;
      }
      if (paths.length > 1) ctx.out(`${n > 0 ? '\n' : ''}${path}:\n`);
      for (const entry of entries)
        ctx.out(
          set.has('l')
            ? `${entry.bytes === null ? '     dir' : String(entry.bytes).padStart(8)}  ${entry.name}\n`
            : `${entry.name}\n`,
        );
    });
    return status;
  },
};

export const rmCommand: ShellCommand = {
  name: 'rm',
  usage: 'rm [-f] FILE...',
  summary: 'remove files',
  async run(ctx, args) {
    const { set, rest } = flags(args, 'f', 'rm');
    if (rest.length === 0) throw new ShellError('missing operand: rm FILE', 2);
    let status = 0;
    for (const path of rest) {
      if (ctx.host.files.remove(path)) continue;
      if (set.has('f')) continue;
      ctx.err(
        `rm: cannot remove '${path}': ${ctx.host.files.isFolder(path) ? 'Is a directory' : 'No such file or directory'}\n`,
      );
      status = 1;
    }
    return status;
  },
};

export const cdCommand: ShellCommand = {
  name: 'cd',
  usage: 'cd [DIR]',
  summary: 'change folder on a server (cd alone: the data dir)',
  async run(ctx, args) {
    if (ctx.host.agent === null)
      throw new ShellError(
        'the workstation keeps its files in one folder; ssh to a server to move around its disk',
      );
    if (args.length > 1) throw new ShellError('too many arguments', 2);
    const target = args[0];
    if (target === undefined) {
      ctx.host.cwd = agentDataDir(ctx.host.agent);
      return 0;
    }
    if (!ctx.host.files.isFolder(target))
      throw new ShellError(`${target}: No such file or directory`);
    ctx.host.cwd = ctx.host.files.resolve(target);
    return 0;
  },
};

export const pwdCommand: ShellCommand = {
  name: 'pwd',
  usage: 'pwd',
  summary: 'print the folder you are in',
  async run(ctx) {
    ctx.out(`${ctx.host.agent === null ? '/home/operator' : ctx.host.cwd}\n`);
    return 0;
  },
};
