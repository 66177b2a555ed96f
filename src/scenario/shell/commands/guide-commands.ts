/**
 * The guide at the prompt: `guide tutorial` starts it (as `nomad-sim shell --guide tutorial`
 * does), `guide` shows its checklist, `guide off` stops it, and `hint` says what is next: why,
 * and what to type.
 */
import { ShellError } from '../shell-error.js';
import type { ShellCommand } from '../shell-command.js';

const NO_GUIDE =
  'no guide is running: guide tutorial starts one (or nomad-sim shell --guide tutorial)';

export const guideCommand: ShellCommand = {
  name: 'guide',
  usage: 'guide [tutorial|off]',
  summary: "the tutorial's steps as a checklist of what you did",
  details: `guide tutorial   follow the tutorial: after each command, say which step is done and,
                 when steps come in another order, what that leads to
guide            the checklist: each step, done or not, and how far it is
guide off        stop following`,
  subcommands: [
    {
      name: 'tutorial',
      usage: 'guide tutorial',
      summary: 'start following the tutorial (the federation is taken as it is)',
    },
    { name: 'off', usage: 'guide off', summary: 'stop following' },
  ],
  async run(ctx, args) {
    if (args.length > 1) throw new ShellError('takes at most one word: guide tutorial', 2);
    const [what] = args;
    if (what === undefined) {
      if (ctx.guide === null) throw new ShellError(NO_GUIDE);
      ctx.out(ctx.guide.checklist());
      return 0;
    }
    if (what === 'off') {
      if (ctx.guide === null) throw new ShellError('no guide is running');
      ctx.stopGuide();
      ctx.session.print('[guide] stopped');
      return 0;
    }
    ctx.session.print(ctx.startGuide(what));
    return 0;
  },
};

export const hintCommand: ShellCommand = {
  name: 'hint',
  usage: 'hint',
  summary: 'the next step of the guide: why, and what to type',
  async run(ctx, args) {
    if (args.length > 0) throw new ShellError('takes no arguments', 2);
    if (ctx.guide === null) throw new ShellError(NO_GUIDE);
    ctx.out(ctx.guide.hint());
    return 0;
  },
};
