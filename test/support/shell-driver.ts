/**
 * Drives a `nomad-sim shell` interpreter in tests: starts it (echoing each line after its prompt,
 * as a script run does), feeds lines and returns what they printed and the last exit status.
 */
import { startShell, type Shell, type StartShellOptions } from '../../src/scenario/shell/index.js';

export interface DrivenShell {
  readonly shell: Shell;
  /** Everything printed so far, heading included. */
  transcript(): string;
  /** Feeds each line; returns what they printed and the status of the last one (null: it waits for more lines). */
  run(...lines: string[]): Promise<{ out: string; status: number | null }>;
}

export async function driveShell(options: Partial<StartShellOptions> = {}): Promise<DrivenShell> {
  let text = '';
  const started = await startShell({ echo: true, ...options, live: (chunk) => (text += chunk) });
  if (!started.ok) throw new Error(started.failure);
  const shell = started.shell;
  return {
    shell,
    transcript: () => text,
    async run(...lines) {
      const from = text.length;
      let status: number | null = null;
      for (const line of lines) status = await shell.feed(line);
      return { out: text.slice(from), status };
    },
  };
}
