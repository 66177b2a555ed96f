/**
 * `nomad-sim shell` on a real pseudo-terminal: tmux runs it, the test types keys (commands, Tab
 * completion, a typo, Ctrl-C on a half-typed line and on `logs -f`, Ctrl-D) and reads the screen.
 * The tmux server runs on a socket of its own (in a temporary folder) and is killed at the end. CI installs tmux (.ci/run).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const socketDir = mkdtempSync(join(tmpdir(), 'nomad-sim-tmux-'));
const socket = join(socketDir, 'socket');
const session = 'shell';

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
  if (result.error !== undefined)
    throw new Error(`tmux is needed for this test (apt-get install tmux): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** The whole pane, scrollback included, without trailing blank lines. */
function screen(): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session).replace(/\n+$/, '\n');
}

/** Waits until the pane shows `text` at least `count` times (the pane grows as the shell prints). */
async function waitFor(text: string | RegExp, count = 1): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const now = screen();
    const found =
      typeof text === 'string'
        ? now.split(text).length - 1
        : (now.match(new RegExp(text, 'g')) ?? []).length;
    if (found >= count) return now;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the screen never showed ${String(text)} ${count} time(s):\n${screen()}`);
}

function type(...keys: string[]): void {
  tmux('send-keys', '-t', session, ...keys);
}

afterAll(() => {
  spawnSync('tmux', ['-S', socket, 'kill-server']);
  rmSync(socketDir, { recursive: true, force: true });
});

describe('nomad-sim shell on a terminal (tmux)', () => {
  it('takes typed commands with Tab completion, a typo, Ctrl-C and Ctrl-D', async () => {
    const command = `cd ${root} && NOMAD_SIM_HISTORY= EDITOR= node bin/nomad-sim.js shell --regions global:3,europe:1; echo "shell exited with $?"; sleep 30`;
    tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', command);
    await waitFor('operator]$ ');
    expect(screen()).toContain('Type help for the commands, exit or Ctrl-D to leave.');

    type('config set global acl.enabled=true', 'Enter');
    await waitFor('[edit /etc/nomad.d/server.hcl on every server of global: acl.enabled = true]');
    // Tab completion answers asynchronously: type on once it has.
    type('rolling-re', 'Tab');
    await waitFor('operator]$ rolling-restart');
    type(' glo', 'Tab');
    await waitFor('operator]$ rolling-restart global');
    type('Enter');
    await waitFor('[  server-3.global is back; leader of global:');
    expect(screen()).toContain('operator]$ rolling-restart global\n');

    type('nomad acl bootstrap', 'Enter');
    const bootstrapped = await waitFor('Secret ID    = ');
    expect(bootstrapped).toMatch(
      /Accessor ID {2}= [0-9a-f-]{36}\nSecret ID {4}= [0-9a-f-]{36}\nName {9}= Bootstrap Token/,
    );

    type('stauts', 'Enter');
    await waitFor('stauts: command not found; did you mean status?');

    type('nomad half-typed', 'C-c');
    await waitFor('operator]$ nomad half-typed^C\n');
    type('logs server-1.global -f', 'Enter');
    await waitFor(/\n\[00:00:\d\d operator\]\$ logs server-1\.global -f\n/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    type('C-c');
    await waitFor(/\[followed \d+s of virtual time\]/);

    type('status', 'Enter');
    const status = await waitFor('network  no partitions · message loss 0%');
    expect(status).toMatch(/^global {2}authoritative · ACLs on · leader server-\d \(term \d+\)$/m);
    expect(status).toMatch(
      /^ {2}ACL data {2}bootstrapped \(reset index \d+\) · 0 policies · 1 global, 0 local token$/m,
    );
    expect(status).toMatch(/^europe {2}ACLs off · leader server-1 \(term \d+\)$/m);
    // The half-typed line was dropped, not run.
    expect(status).not.toContain('Usage: nomad');
    expect(status).toMatch(/half-typed\^C\n\[00:00:\d\d operator\]\$ logs server-1\.global -f\n/);
    expect(status).not.toMatch(/\n\s+at /);

    type('C-d');
    const end = await waitFor('shell exited with ');
    expect(end).toContain('shell exited with 0');
  }, 60_000);
});
