/**
 * The terminal front end of `nomad-sim shell`: a readline prompt showing the shell's prompt, tab
 * completion, history kept per project in `.nomad-sim-history` (or the file NOMAD_SIM_HISTORY
 * names; empty: none), Ctrl-C (clears the line being typed, or stops `logs -f`), and Ctrl-D or
 * `exit` to leave. `logs -f` follows at one virtual second per wall second. This module is a
 * deliberate real-time edge (listed in the tidy test): it waits on the wall clock for `logs -f`.
 */
import { createInterface, type Interface } from 'node:readline';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { completeLine, type Shell } from '../scenario/shell/index.js';

const HISTORY_LINES = 500;

function historyFile(): string | null {
  const named = process.env.NOMAD_SIM_HISTORY;
  if (named === '') return null;
  return resolve(named ?? '.nomad-sim-history');
}

function loadHistory(file: string | null): string[] {
  if (file === null || !existsSync(file)) return [];
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .slice(-HISTORY_LINES)
      .reverse();
  } catch {
    return [];
  }
}

function remember(file: string | null, line: string): void {
  if (file === null || line.trim() === '') return;
  try {
    appendFileSync(file, `${line}\n`);
  } catch {
    // History is a convenience: a read-only folder must not disturb the session.
  }
}

/** Follows `logs -f` at wall-clock pace until Ctrl-C. */
class FollowPacer {
  private stop: (() => void) | null = null;

  /** Resolves true after one second, or false at once when `interrupt` is called. */
  readonly tick = (): Promise<boolean> =>
    new Promise<boolean>((done) => {
      // Real-time edge: `logs -f` paces one virtual second per wall second for a person watching.
      const timer = setTimeout(() => {
        this.stop = null;
        done(true);
      }, 1_000);
      this.stop = () => {
        clearTimeout(timer);
        this.stop = null;
        done(false);
      };
    });

  /** True when a follow was waiting and is now stopped. */
  interrupt(): boolean {
    if (this.stop === null) return false;
    this.stop();
    return true;
  }
}

export interface TerminalSession {
  readonly pacer: FollowPacer;
  /** True once after Ctrl-C was pressed while a command ran. */
  takeInterrupt(): boolean;
  /** Hand the terminal to an editor and back. */
  suspend(): void;
  resume(): void;
  /** Reads lines until `exit` or Ctrl-D; returns the exit status. */
  run(shell: Shell): Promise<number>;
}

export function terminalSession(): TerminalSession {
  const pacer = new FollowPacer();
  const history = historyFile();
  let rl: Interface | null = null;
  let current: Shell | null = null;
  let running = false;
  let interrupt = false;
  return {
    pacer,
    takeInterrupt: () => {
      const pressed = interrupt;
      interrupt = false;
      return pressed;
    },
    suspend: () => {
      rl?.pause();
      if (process.stdin.isTTY) process.stdin.setRawMode(false);
    },
    resume: () => {
      if (process.stdin.isTTY) process.stdin.setRawMode(true);
      rl?.resume();
    },
    async run(shell) {
      current = shell;
      const readline = createInterface({
        input: process.stdin,
        output: process.stdout,
        terminal: true,
        history: loadHistory(history),
        historySize: HISTORY_LINES,
        completer: (
          line: string,
          callback: (error: Error | null, result: [string[], string]) => void,
        ) => {
          completeLine(shell, line).then(
            (result) => callback(null, result),
            () => callback(null, [[], line]),
          );
        },
      });
      rl = readline;
      readline.on('SIGINT', () => {
        if (running) {
          if (!pacer.interrupt()) interrupt = true;
          process.stdout.write('^C\n');
          return;
        }
        // Leave what was typed on the screen with ^C after it, as a shell does; forget it and prompt again.
        process.stdout.write('^C\n');
        readline.write(null, { ctrl: true, name: 'e' });
        readline.write(null, { ctrl: true, name: 'u' });
        current?.cancelInput();
        readline.setPrompt(shell.prompt);
        readline.prompt();
      });
      process.stdout.write('Type help for the commands, exit or Ctrl-D to leave.\n');
      readline.setPrompt(shell.prompt);
      readline.prompt();
      for await (const line of readline) {
        remember(history, line);
        running = true;
        interrupt = false;
        await shell.feed(line);
        running = false;
        if (shell.exited) break;
        readline.setPrompt(shell.prompt);
        readline.prompt();
      }
      readline.close();
      if (!shell.exited) process.stdout.write('\n');
      return 0;
    },
  };
}
