/**
 * Faults and time: `partition A B` (each side a comma-separated list of regions and servers),
 * `isolate SERVER`, `heal`, `loss PERCENT`, and `sleep DURATION`, which lets virtual time pass
 * (and returns at once in wall time).
 */
import { parseGoDuration } from '../../../acl/index.js';
import { formatDuration, MAX_SCENARIO_DURATION_MS } from '../../duration.js';
import { ShellError } from '../shell-error.js';
import type { ShellCommand, ShellContext } from '../shell-command.js';

/** The side's names, each checked: a region, or one server (shown as `name.region`, passed as `region/name`). */
function side(ctx: ShellContext, text: string): Array<{ label: string; ref: string }> {
  const refs = text.split(',').filter((part) => part !== '');
  if (refs.length === 0)
    throw new ShellError(
      'each side names regions or servers: partition global europe,server-1.asia',
      2,
    );
  return refs.map((ref) => {
    const found = ctx.names.regionOrServer(ref);
    if ('region' in found) return { label: found.region, ref: found.region };
    return {
      label: `${found.server.initialName}.${found.server.homeRegion}`,
      ref: `${found.server.homeRegion}/${found.server.initialName}`,
    };
  });
}

export const partitionCommand: ShellCommand = {
  name: 'partition',
  usage: 'partition SIDE SIDE',
  summary: 'cut the network between regions or servers',
  details: 'partition global europe\npartition server-1.global server-2.global,server-3.global',
  async run(ctx, args) {
    if (args.length !== 2) throw new ShellError('takes two sides: partition global europe', 2);
    const a = side(ctx, args[0] as string);
    const b = side(ctx, args[1] as string);
    const overlap = a.filter((x) => b.some((y) => y.ref === x.ref)).map((x) => x.label);
    if (overlap.length > 0)
      throw new ShellError(`${overlap.join(', ')} cannot be on both sides`, 2);
    ctx.session.partition(
      a.map((x) => x.ref),
      b.map((x) => x.ref),
    );
    ctx.faults.partitions.push(
      `${a.map((x) => x.label).join(',')} | ${b.map((x) => x.label).join(',')}`,
    );
    return 0;
  },
};

export const isolateCommand: ShellCommand = {
  name: 'isolate',
  usage: 'isolate SERVER',
  summary: 'cut one server off from everything',
  async run(ctx, args) {
    if (args.length !== 1) throw new ShellError('takes one server: isolate server-2.asia', 2);
    const server = ctx.names.server(args[0] as string);
    ctx.session.isolate(`${server.homeRegion}/${server.initialName}`);
    ctx.faults.partitions.push(`${server.initialName}.${server.homeRegion} | everything else`);
    return 0;
  },
};

export const healCommand: ShellCommand = {
  name: 'heal',
  usage: 'heal',
  summary: 'remove every partition',
  async run(ctx, args) {
    if (args.length > 0) throw new ShellError('takes no arguments', 2);
    ctx.session.heal();
    ctx.faults.partitions.length = 0;
    return 0;
  },
};

export const lossCommand: ShellCommand = {
  name: 'loss',
  usage: 'loss PERCENT',
  summary: 'drop that share of messages (loss 0 ends it)',
  async run(ctx, args) {
    const match = args.length === 1 ? /^(\d+(?:\.\d+)?)%?$/.exec(args[0] as string) : null;
    const percent = match === null ? Number.NaN : Number(match[1]);
    if (!(percent >= 0 && percent <= 100))
      throw new ShellError(
        `takes a percentage from 0 to 100: loss 10%${args.length === 1 ? `, got "${args[0]}"` : ''}`,
        2,
      );
    ctx.session.setLoss(percent / 100);
    ctx.faults.lossPercent = percent;
    return 0;
  },
};

/** Virtual ms `sleep` runs between two looks for Ctrl-C. */
const SLEEP_STEP_MS = 10_000;

export const sleepCommand: ShellCommand = {
  name: 'sleep',
  usage: 'sleep DURATION',
  summary: 'let virtual time pass (30s, 5m); returns at once',
  async run(ctx, args) {
    if (args.length !== 1) throw new ShellError('takes one duration: sleep 30s', 2);
    const text = args[0] as string;
    const parsed = parseGoDuration(/^\d+$/.test(text) ? `${text}s` : text);
    if (!parsed.ok || parsed.ms < 0)
      throw new ShellError(`invalid duration "${text}": expected e.g. 30s, 5m, 1h30m`, 2);
    if (parsed.ms > MAX_SCENARIO_DURATION_MS)
      throw new ShellError(`"${text}" is too long: at most 720h (30 days) at a time`, 2);
    const ms = Math.round(parsed.ms);
    // In steps, so Ctrl-C can stop a long sleep between two of them.
    for (let slept = 0; slept < ms; ) {
      if (ctx.interrupted(slept)) {
        ctx.out(`[interrupted after ${formatDuration(slept)} of virtual time]\n`);
        return 130;
      }
      const step = Math.min(SLEEP_STEP_MS, ms - slept);
      await ctx.cluster.sim.sleep(step);
      slept += step;
    }
    return 0;
  },
};
