/**
 * `nomad-sim shell`: parses the arguments, loads the `--from` scenario, starts the shell, and
 * reads lines from the terminal (./shell-terminal.ts) or, without one, from stdin or `--script
 * FILE`: each line is echoed after its prompt and run; the first failing line ends the run with
 * its exit status unless `--keep-going`. With `--html FILE`, the session's timeline page (as `run
 * --html` writes it) is written when the shell ends. Exit 2 on bad arguments, a page file that
 * cannot be written, or a scenario that cannot be loaded or played up to the step (one line, no
 * stack trace).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scenario } from '../scenario/scenario.js';
import { startShell, type Shell } from '../scenario/shell/index.js';
import { parseShellArgs, SHELL_USAGE, type ShellArgs } from './shell-args.js';
import { realShellHost } from './shell-host.js';
import { errorLine } from './error-line.js';
import { openPageFile, PageFileError, type PageFile, TimelineCollector } from './timeline-page.js';

function problem(line: string): number {
  process.stderr.write(`nomad-sim shell: ${line}\n`);
  return 2;
}

async function loadScenario(file: string): Promise<Scenario | string> {
  const path = resolve(file);
  let module: { default?: unknown; scenario?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown; scenario?: unknown };
  } catch (error) {
    return `cannot load ${file}: ${errorLine(error, path)}`;
  }
  const candidate = (module.default ?? module.scenario) as Partial<Scenario> | undefined;
  if (
    candidate === undefined ||
    typeof candidate.run !== 'function' ||
    candidate.info === undefined
  ) {
    return `${file} does not export a scenario (export default defineScenario(...))`;
  }
  return candidate as Scenario;
}

/** The lines of a script (stdin or a file), without the newline that ends the last one. */
function scriptLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

async function runScript(
  shell: Shell,
  lines: readonly string[],
  keepGoing: boolean,
): Promise<number> {
  let status = 0;
  for (const line of lines) {
    const result = await shell.feed(line);
    if (result === null) continue;
    status = result;
    if (shell.exited || (status !== 0 && !keepGoing)) return status;
  }
  if (shell.wantsMore) {
    process.stderr.write(
      'nomad-sim shell: the input ended inside a command (a here-document without its end line, or a trailing backslash)\n',
    );
    return 2;
  }
  return keepGoing ? status : 0;
}

export async function shellMain(argv: string[]): Promise<number> {
  // A reader that goes away (`nomad-sim shell < steps | head`) ends the shell quietly, as in a shell.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const parsed = parseShellArgs(argv);
  if ('error' in parsed) {
    process.stderr.write(`nomad-sim shell: ${parsed.error}\n\n${SHELL_USAGE}\n`);
    return 2;
  }
  const args: ShellArgs = parsed;
  let script: string[] | null = null;
  if (args.script !== null) {
    try {
      script = scriptLines(readFileSync(args.script, 'utf8'));
    } catch (error) {
      return problem(`cannot read the script ${args.script}: ${errorLine(error, null)}`);
    }
  }
  let page: PageFile | null = null;
  if (args.html !== null) {
    try {
      page = openPageFile(args.html);
    } catch (error) {
      if (!(error instanceof PageFileError)) throw error;
      return problem(error.message);
    }
  }
  const collector = page === null ? null : new TimelineCollector();
  const interactive = script === null && process.stdin.isTTY === true;
  let from: { scenario: Scenario; until?: string; file: string } | undefined;
  if (args.from !== null) {
    const loaded = await loadScenario(args.from);
    if (typeof loaded === 'string') return problem(loaded);
    from = {
      scenario: loaded,
      file: args.from,
      ...(args.until === null ? {} : { until: args.until }),
    };
  }
  const terminal = interactive ? (await import('./shell-terminal.js')).terminalSession() : null;
  const host = realShellHost(
    terminal === null
      ? {}
      : {
          suspend: () => terminal.suspend(),
          resume: () => terminal.resume(),
          followTick: () => terminal.pacer.tick(),
          takeInterrupt: () => terminal.takeInterrupt(),
        },
  );
  const started = await startShell({
    ...(args.regions === null ? {} : { regions: args.regions }),
    ...(args.authoritative === null ? {} : { authoritativeRegion: args.authoritative }),
    ...(args.seed === null ? {} : { seed: args.seed }),
    ...(args.profile === null ? {} : { profile: args.profile }),
    ...(from === undefined ? {} : { from }),
    ...(args.guide === null ? {} : { guide: args.guide }),
    host,
    echo: !interactive,
    live: (text) => process.stdout.write(text),
    ...(collector === null ? {} : { traceSink: collector.add }),
  });
  if (!started.ok) return problem(started.failure);
  const shell = started.shell;
  let status: number;
  try {
    status =
      terminal !== null
        ? await terminal.run(shell)
        : await runScript(shell, script ?? scriptLines(readFileSync(0, 'utf8')), args.keepGoing);
  } finally {
    shell.close();
  }
  if (page !== null && collector !== null) {
    try {
      await page.write(collector.finish());
      process.stderr.write(`nomad-sim: wrote the timeline page to ${page.path}\n`);
    } catch (error) {
      if (!(error instanceof PageFileError)) throw error;
      return problem(error.message);
    }
  }
  return status;
}
