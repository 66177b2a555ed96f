/**
 * `nomad-sim playground [--port N] [--no-open] [--out DIR]`: builds the playground site (the
 * simulator running in a browser page, see ./playground-site.ts) and serves it on 127.0.0.1 with
 * node:http until Ctrl-C, opening it in the default browser where the system has a command for
 * that (`open` on macOS, `xdg-open` elsewhere; otherwise only the address is printed). With
 * `--out DIR` it writes the site into DIR instead (`npm run build:site` writes `site/`): a folder
 * that works from `file://` and from any static host.
 *
 * This module is a deliberate real-I/O edge (listed in the tidy test): it listens on a port,
 * starts the browser and writes files. Bad arguments, a port in use and a folder that cannot be
 * written are one line on stderr and exit 2.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { playgroundSite, SiteBuildError } from './playground-site.js';
import { systemProblem } from './trace-file.js';
import { didYouMean } from './did-you-mean.js';

const DEFAULT_PORT = 8646;

export const PLAYGROUND_USAGE = `Usage: nomad-sim playground [--port N] [--no-open] [--out DIR]

  Serves the playground on http://127.0.0.1:N/ (Ctrl-C stops it) and opens it in your browser:
  the simulator runs in the page, with a terminal typing into it (the same shell as nomad-sim
  shell), the timeline growing as you type, and the scenarios to replay or take over at a step.

Options:
  --port N     the port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --no-open    only print the address, do not open a browser
  --out DIR    write the site into DIR (index.html, one self-contained file) instead of serving it;
               open DIR/index.html from disk or put DIR on any static host`;

interface PlaygroundArgs {
  readonly port: number;
  readonly open: boolean;
  readonly out: string | null;
}

function parsePlaygroundArgs(argv: readonly string[]): PlaygroundArgs | { error: string } {
  let port: number | null = null;
  let open = true;
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | { error: string } => {
      const given = inline ?? argv[++i];
      return given === undefined || given === '' ? { error: `${name} needs a value` } : given;
    };
    if (name === '--port') {
      const text = value();
      if (typeof text !== 'string') return text;
      if (!/^\d+$/.test(text) || Number(text) > 65535)
        return { error: `--port takes a port number from 0 to 65535, not ${JSON.stringify(text)}` };
      port = Number(text);
    } else if (name === '--no-open' && inline === undefined) {
      open = false;
    } else if (name === '--out') {
      const dir = value();
      if (typeof dir !== 'string') return dir;
      out = dir;
    } else {
      return {
        error: `unknown argument ${JSON.stringify(arg)}${didYouMean(name, ['--port', '--no-open', '--out'])}`,
      };
    }
  }
  if (out !== null && (port !== null || !open))
    return { error: '--out writes the site and serves nothing: it takes no --port or --no-open' };
  return { port: port ?? DEFAULT_PORT, open, out };
}

function problem(line: string): number {
  process.stderr.write(`nomad-sim playground: ${line}\n`);
  return 2;
}

/** Writes the site's files into `dir`. */
function writeSite(dir: string, files: ReadonlyMap<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
}

/** A program on the PATH, or null. */
function onPath(program: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, program))) return join(dir, program);
  }
  return null;
}

/** Opens `url` in the default browser; false when this system has no command for that. */
function openInBrowser(url: string): boolean {
  const command =
    process.platform === 'darwin'
      ? onPath('open')
      : process.platform === 'win32'
        ? null
        : onPath('xdg-open');
  if (command === null) return false;
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** Serves `files` (GET and HEAD; `/` is index.html) until stopped. */
function serve(files: ReadonlyMap<string, string>): Server {
  return createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split(/[?#]/)[0] ?? '/');
    const name = path === '/' ? 'index.html' : path.replace(/^\//, '');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('only GET and HEAD\n');
      return;
    }
    const body = files.get(name);
    if (body === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`no ${path} here: the playground is at /\n`);
      return;
    }
    response.writeHead(200, {
      'content-type': name.endsWith('.html')
        ? 'text/html; charset=utf-8'
        : 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
}

/** Listens on 127.0.0.1:`port`; resolves with the port bound, or a one-line problem. */
function listen(server: Server, port: number): Promise<number | string> {
  return new Promise((done) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      done(
        error.code === 'EADDRINUSE'
          ? `port ${port} is in use; pick another with --port N (0 picks a free one)`
          : error.code === 'EACCES'
            ? `port ${port} needs more rights than this user has; pick another with --port N`
            : `cannot listen on 127.0.0.1:${port}: ${systemProblem(error)}`,
      );
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      done(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

export async function playgroundMain(argv: readonly string[]): Promise<number> {
  const args = parsePlaygroundArgs(argv);
  if ('error' in args) {
    process.stderr.write(`nomad-sim playground: ${args.error}\n\n${PLAYGROUND_USAGE}\n`);
    return 2;
  }
  let files: Map<string, string>;
  try {
    files = await playgroundSite();
  } catch (error) {
    if (error instanceof SiteBuildError) return problem(error.message);
    throw error;
  }
  if (args.out !== null) {
    try {
      writeSite(args.out, files);
    } catch (error) {
      return problem(`cannot write the site to ${args.out}: ${systemProblem(error)}`);
    }
    const index = resolve(args.out, 'index.html');
    process.stdout.write(
      `wrote ${join(args.out, 'index.html')}; open ${pathToFileURL(index).href} in a browser, or serve ${args.out} from any static host\n`,
    );
    return 0;
  }
  const server = serve(files);
  const bound = await listen(server, args.port);
  if (typeof bound === 'string') return problem(bound);
  const url = `http://127.0.0.1:${bound}/`;
  const opened = args.open && openInBrowser(url);
  process.stdout.write(
    `nomad-sim playground: ${url}${opened ? ' (opening it in your browser)' : ''}; Ctrl-C stops it\n`,
  );
  return new Promise<number>((done) => {
    const stop = (): void => {
      server.close();
      server.closeAllConnections();
      done(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
