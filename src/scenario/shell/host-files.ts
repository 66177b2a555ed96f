/**
 * Files as `cat`, `ls`, `rm` and redirections see them on the machine the shell is on: the
 * operator's workstation (one folder of files, as the tutorial writes them: `p.hcl`,
 * `anonymous.policy.hcl`) or an agent's simulated disk (absolute paths, `cd` and relative paths;
 * writes are synced at once, as after a shell command that closes the file).
 */
import type { SimDisk } from '../../sim/disk.js';
import type { WorkstationFiles } from '../../cli/nomad/context.js';

/** One entry of a listing: a file (with its size) or a folder (name ends with `/`). */
export interface ListedEntry {
  readonly name: string;
  readonly bytes: number | null;
}

export interface HostFiles {
  /** The path as the machine names it (absolute on an agent). */
  resolve(path: string): string;
  read(path: string): string | undefined;
  /** The size of a file in bytes, or undefined when there is none. */
  bytes(path: string): number | undefined;
  write(path: string, text: string): void;
  /** Removes a file; false when there was none. */
  remove(path: string): boolean;
  isFolder(path: string): boolean;
  /** The entries of a folder, sorted; null when it is no folder. */
  list(path: string): ListedEntry[] | null;
  /** What `nomad` commands read file arguments from. */
  readonly forNomad: WorkstationFiles;
}

/** The operator's workstation files (the session's). */
export function workstationFiles(files: {
  read(path: string): string | undefined;
  write(path: string, content: string): void;
  remove(path: string): boolean;
  list(): string[];
}): HostFiles {
  const key = (path: string): string => path.replace(/^(\.\/)+/, '');
  return {
    resolve: key,
    read: (path) => files.read(key(path)),
    bytes: (path) => {
      const text = files.read(key(path));
      return text === undefined ? undefined : new TextEncoder().encode(text).length;
    },
    write: (path, text) => files.write(key(path), text),
    remove: (path) => files.remove(key(path)),
    isFolder: (path) => key(path) === '' || key(path) === '.',
    list: (path) => {
      if (key(path) !== '' && key(path) !== '.') return null;
      return files
        .list()
        .map((name) => ({ name, bytes: new TextEncoder().encode(files.read(name) ?? '').length }));
    },
    forNomad: { read: (path) => files.read(key(path)) },
  };
}

/** Joins `path` to `cwd` and folds `.` and `..` (an absolute path ignores `cwd`). */
function absolutePath(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** An agent's disk, seen from the folder `cwd()`. */
export function diskFiles(disk: SimDisk, cwd: () => string): HostFiles {
  const resolve = (path: string): string => absolutePath(cwd(), path);
  const isFolder = (path: string): boolean => {
    const dir = resolve(path);
    return dir === '/' || disk.list(`${dir}/`).length > 0;
  };
  return {
    resolve,
    read: (path) => disk.readText(resolve(path)),
    bytes: (path) => disk.read(resolve(path))?.length,
    write: (path, text) => {
      disk.write(resolve(path), text);
      disk.sync(resolve(path));
    },
    remove: (path) => {
      const file = resolve(path);
      if (!disk.exists(file)) return false;
      disk.delete(file);
      disk.sync(file);
      return true;
    },
    isFolder,
    list: (path) => {
      if (!isFolder(path)) return null;
      const dir = resolve(path);
      const prefix = dir === '/' ? '/' : `${dir}/`;
      const entries = new Map<string, ListedEntry>();
      for (const file of disk.list(prefix)) {
        const rest = file.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash === -1) entries.set(rest, { name: rest, bytes: disk.read(file)?.length ?? 0 });
        else
          entries.set(`${rest.slice(0, slash)}/`, {
            name: `${rest.slice(0, slash)}/`,
            bytes: null,
          });
      }
      return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    forNomad: { read: (path) => disk.readText(resolve(path)) },
  };
}
