/**
 * The real-machine services `nomad-sim shell` gives its interpreter: trace files, saving a
 * session as a scenario script (with imports relative to where it is written), and editing a
 * config file in `$VISUAL`/`$EDITOR` through a temporary file when the shell runs on a terminal.
 * Every failure is an Error with a one-line message, which the shell prints as the command's error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { renderShellScript, type SavedSession, type ShellHost } from '../scenario/shell/index.js';
import { openTraceFile } from './trace-file.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** An import specifier for `target` from a file in `fromDir` (`./x.js`, `../src/...`). */
function importSpecifier(fromDir: string, target: string): string {
  const path = relative(fromDir, target).split('\\').join('/');
  const specifier = path.startsWith('.') ? path : `./${path}`;
  return specifier.replace(/\.ts$/, '.js');
}

function oneLine(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES') return 'permission denied';
  return message.split('\n')[0] ?? message;
}

/** Writes `saved` as a scenario script at `file`; returns the path to show. */
function saveSessionScript(file: string, saved: SavedSession): string {
  const path = resolve(file);
  const dir = dirname(path);
  const fromFile = saved.setup.from?.file;
  const text = renderShellScript(
    saved,
    {
      shell: importSpecifier(dir, join(ROOT, 'src/scenario/shell/index.ts')),
      main: importSpecifier(dir, join(ROOT, 'src/program/shell-replay.ts')),
      ...(fromFile === undefined ? {} : { from: importSpecifier(dir, resolve(fromFile)) }),
    },
    basename(path).replace(/\.[cm]?ts$/, ''),
  );
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new Error(`cannot write ${file}: ${oneLine(error)}`);
  }
  return file;
}

/** Opens `text` in the person's editor on the terminal; null when there is none to open. */
function editInEditor(
  label: string,
  text: string,
  beforeEdit: () => void,
  afterEdit: () => void,
): string | null {
  const editor = process.env.VISUAL ?? process.env.EDITOR;
  if (editor === undefined || editor === '' || !process.stdin.isTTY) return null;
  const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-edit-'));
  const file = join(dir, label.replace(/[^A-Za-z0-9_.-]/g, '_'));
  try {
    writeFileSync(file, text);
    beforeEdit();
    // Through sh, so EDITOR may carry arguments (`code -w`); the file is passed as $1.
    const result = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
    afterEdit();
    if (result.status !== 0)
      throw new Error(
        `the editor (${editor}) exited with ${result.status ?? result.signal ?? 'an error'}; nothing was changed`,
      );
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RealHostOptions {
  /** Called around the editor, so the terminal front end can hand the terminal over. */
  readonly suspend?: () => void;
  readonly resume?: () => void;
  readonly followTick?: () => Promise<boolean>;
  readonly takeInterrupt?: () => boolean;
}

/** The services of this machine (trace files, saving, and on a terminal the editor). */
export function realShellHost(options: RealHostOptions = {}): ShellHost {
  return {
    openTrace: (file) => openTraceFile(file),
    saveScript: saveSessionScript,
    editText: async (label, text) =>
      editInEditor(label, text, options.suspend ?? (() => {}), options.resume ?? (() => {})),
    ...(options.followTick === undefined ? {} : { followTick: options.followTick }),
    ...(options.takeInterrupt === undefined ? {} : { takeInterrupt: options.takeInterrupt }),
  };
}
