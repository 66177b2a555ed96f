/**
 * Looking inside: `status` (every region in one picture), `logs AGENT [-n N] [-f [DURATION]]`
 * (a server's log lines; `-f` follows them as virtual time passes, until Ctrl-C in a terminal or
 * for DURATION), and `trace FILE` / `trace off` (write every trace record from now on).
 */
import { formatDuration, toMs } from '../../duration.js';
import { formatLogLine } from '../../session.js';
import type { TraceRecord } from '../../../sim/trace.js';
import { statusPicture } from '../status-view.js';
import { ShellError } from '../shell-error.js';
import type { ShellCommand, ShellContext } from '../shell-command.js';
import type { Server } from '../../../server/server.js';

export const statusCommand: ShellCommand = {
  name: 'status',
  usage: 'status',
  summary: 'every region: servers, Raft, ACL data, replication',
  async run(ctx, args) {
    if (args.length > 0) throw new ShellError('takes no arguments (nomad status lists jobs)', 2);
    ctx.out(
      `${statusPicture(ctx.cluster, ctx.watch, ctx.faults, ctx.session.version.replicatedKinds)}\n`,
    );
    return 0;
  },
};

/** Virtual ms between two looks at the log while following. */
const FOLLOW_STEP_MS = 1_000;

function linesOf(ctx: ShellContext, server: Server): Array<TraceRecord<'log'>> {
  return ctx.session
    .logsSince(0)
    .filter((line) => line.server === server.name && line.region === server.region);
}

interface LogsOptions {
  server: string;
  count: number;
  follow: boolean;
  forMs: number | null;
}

function parseLogsArgs(args: readonly string[]): LogsOptions {
  let server: string | null = null;
  let count = 20;
  let follow = false;
  let forMs: number | null = null;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '-f') {
      follow = true;
      const next = args[k + 1];
      if (next !== undefined && /^\d/.test(next)) {
        try {
          forMs = toMs(/^\d+$/.test(next) ? `${next}s` : next);
        } catch (error) {
          throw new ShellError(error instanceof Error ? error.message : String(error), 2);
        }
        k++;
      }
    } else if (arg === '-n') {
      const next = args[++k];
      if (next === undefined || !/^\d+$/.test(next))
        throw new ShellError('-n takes a number of lines: logs server-1.global -n 50', 2);
      count = Number(next);
    } else if (arg.startsWith('-')) {
      throw new ShellError(`unknown flag ${arg}: logs SERVER [-n LINES] [-f [DURATION]]`, 2);
    } else if (server === null) server = arg;
    else throw new ShellError('takes one server: logs SERVER [-n LINES] [-f [DURATION]]', 2);
  }
  if (server === null)
    throw new ShellError('which server? logs SERVER [-n LINES] [-f [DURATION]]', 2);
  return { server, count, follow, forMs };
}

export const logsCommand: ShellCommand = {
  name: 'logs',
  usage: 'logs SERVER [-n N] [-f]',
  summary: "a server's log lines; -f follows (Ctrl-C stops)",
  details:
    'logs server-1.europe -n 50     the last 50 lines\nlogs server-1.europe -f 30s    follow for 30 s of virtual time',
  async run(ctx, args) {
    const options = parseLogsArgs(args);
    const server = ctx.names.server(options.server);
    const lines = linesOf(ctx, server);
    for (const line of lines.slice(Math.max(0, lines.length - options.count)))
      ctx.out(`${formatLogLine(line)}\n`);
    if (!options.follow) {
      if (lines.length === 0)
        ctx.out(`(no log lines from ${server.initialName}.${server.homeRegion} yet)\n`);
      return 0;
    }
    let shown = lines.length;
    let followed = 0;
    const limit = options.forMs;
    for (;;) {
      if (limit !== null ? followed >= limit : !(await ctx.keepFollowing(followed))) break;
      const step = limit === null ? FOLLOW_STEP_MS : Math.min(FOLLOW_STEP_MS, limit - followed);
      await ctx.cluster.sim.sleep(step);
      followed += step;
      const now = linesOf(ctx, server);
      for (const line of now.slice(shown)) ctx.out(`${formatLogLine(line)}\n`);
      shown = now.length;
    }
    ctx.out(`[followed ${formatDuration(followed)} of virtual time]\n`);
    return 0;
  },
};

export const traceCommand: ShellCommand = {
  name: 'trace',
  usage: 'trace FILE | trace off',
  summary: 'write the trace from now on to FILE (JSON lines)',
  async run(ctx, args) {
    if (args.length !== 1) throw new ShellError('usage: trace FILE | trace off', 2);
    ctx.session.print(ctx.traceTo(args[0] === 'off' ? null : (args[0] as string)));
    return 0;
  },
};
