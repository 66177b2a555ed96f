/**
 * What the browser page gives the shell in place of a real machine's services (see ShellHost):
 * `edit` opens the config file in an editor dialog of the page; `save FILE.ts` downloads the
 * session as a scenario script (to be run from the repository's folder with `npx tsx FILE.ts`);
 * Ctrl-C in the terminal interrupts a long `sleep` and stops `logs -f`, which follows at one
 * virtual second per wall second. That pacing makes this module a deliberate real-time edge
 * (listed in the tidy test): it waits on the browser's timer, as the terminal front end does.
 */
import { renderShellScript, type SavedSession, type ShellHost } from '../scenario/shell/index.js';

/** The editor dialog of the page (see playground-document.ts). */
function editorDialog(): {
  dialog: HTMLDialogElement;
  title: HTMLElement;
  text: HTMLTextAreaElement;
  save: HTMLButtonElement;
  cancel: HTMLButtonElement;
} {
  const find = <T extends HTMLElement>(id: string): T => {
    const found = document.getElementById(id);
    if (found === null) throw new Error(`the page has no #${id}`);
    return found as T;
  };
  return {
    dialog: find<HTMLDialogElement>('editor'),
    title: find('editor-title'),
    text: find<HTMLTextAreaElement>('editor-text'),
    save: find<HTMLButtonElement>('editor-save'),
    cancel: find<HTMLButtonElement>('editor-cancel'),
  };
}

/** Shows `text` in the editor dialog; resolves with the text saved, or `text` when cancelled. */
function editInPage(label: string, text: string): Promise<string> {
  const editor = editorDialog();
  editor.title.textContent = label;
  editor.text.value = text;
  return new Promise<string>((done) => {
    const finish = (result: string): void => {
      editor.save.removeEventListener('click', onSave);
      editor.dialog.removeEventListener('close', onClose);
      if (editor.dialog.open) editor.dialog.close();
      done(result);
    };
    const onSave = (): void => finish(editor.text.value);
    const onClose = (): void => finish(text);
    editor.save.addEventListener('click', onSave);
    editor.dialog.addEventListener('close', onClose);
    editor.cancel.onclick = () => editor.dialog.close();
    editor.dialog.showModal();
    editor.text.focus();
  });
}

/** Offers `text` as a file download named `name`. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Saves a session as the script `save` writes, with imports as seen from the repository's folder. */
function saveScript(file: string, saved: SavedSession): string {
  const name = file.replace(/^.*\//, '');
  if (!/\.[cm]?ts$/.test(name))
    throw new Error(`${file}: save writes a TypeScript script, FILE.ts`);
  const fromFile = saved.setup.from?.file;
  const text = renderShellScript(
    saved,
    {
      shell: './src/scenario/shell/index.js',
      main: './src/program/shell-replay.js',
      ...(fromFile === undefined ? {} : { from: `./${fromFile.replace(/\.ts$/, '.js')}` }),
    },
    name.replace(/\.[cm]?ts$/, ''),
  );
  download(name, text);
  return name;
}

/** The host of one session; `interrupt` is called on Ctrl-C while a command runs. */
export class PageHost {
  private interrupted = false;
  private stopFollowing: (() => void) | null = null;

  readonly services: ShellHost = {
    editText: (label, text) => editInPage(label, text),
    saveScript,
    followTick: () =>
      new Promise<boolean>((done) => {
        // Real-time edge: `logs -f` follows at one virtual second per wall second.
        const timer = setTimeout(() => {
          this.stopFollowing = null;
          done(true);
        }, 1_000);
        this.stopFollowing = () => {
          clearTimeout(timer);
          this.stopFollowing = null;
          done(false);
        };
      }),
    takeInterrupt: () => {
      const pressed = this.interrupted;
      this.interrupted = false;
      return pressed;
    },
  };

  /** Ctrl-C while a command runs: stops `logs -f` at once, or a long command at its next check. */
  interrupt(): void {
    if (this.stopFollowing !== null) this.stopFollowing();
    else this.interrupted = true;
  }

  /** Forgets an interrupt that no command took. */
  settle(): void {
    this.interrupted = false;
  }
}
