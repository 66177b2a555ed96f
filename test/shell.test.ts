/**
 * The `nomad-sim shell` interpreter, fed line by line: the prompt and virtual time, `nomad` with
 * the shell's environment and agent names, files on the workstation and on servers, config edits
 * that change nothing when they are wrong, lifecycle and faults, `status` and `logs`, typos
 * answered in one line, and lines that never crash it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { driveShell } from './support/shell-driver.js';
import type { SavedSession } from '../src/scenario/shell/index.js';
import { completeLine, defineShellScenario } from '../src/scenario/shell/index.js';
import { scenario as tutorial } from '../scenarios/tutorial.js';

const SMALL = [
  { name: 'global', servers: 3 },
  { name: 'europe', servers: 1 },
];

describe('nomad-sim shell: prompt, environment and nomad commands', () => {
  it('shows the virtual time and the machine in the prompt; sleep lets virtual time pass', async () => {
    const d = await driveShell({ regions: SMALL });
    const first = d.shell.prompt;
    expect(first).toMatch(/^\[00:00:0\d operator\]\$ $/);
    const { out, status } = await d.run('sleep 1m30s');
    expect(status).toBe(0);
    expect(out).toBe(`${first}sleep 1m30s\n`);
    expect(d.shell.prompt).toBe(`[00:01:3${first.slice(8, 9)} operator]$ `);
    await d.run('ssh server-2.global');
    expect(d.shell.prompt).toMatch(/^\[00:01:3\d server-2\.global\]\$ $/);
    await d.run('exit');
    expect(d.shell.prompt).toMatch(/ operator\]\$ $/);
  });

  it('exports, unsets and expands variables; NOMAD_ADDR and -address may name a server', async () => {
    const d = await driveShell({ regions: SMALL });
    const echo = await d.run(
      'export NOMAD_TOKEN=abc NOMAD_REGION=europe',
      'T=xyz',
      'echo $NOMAD_TOKEN ${T} $?',
    );
    expect(echo.out).toMatch(/\nabc xyz 0\n$/);
    const env = await d.run('env');
    expect(env.out.split('\n').slice(1)).toEqual([
      'NOMAD_ADDR=http://10.1.0.1:4646',
      'NOMAD_REGION=europe',
      'NOMAD_TOKEN=abc',
      '',
    ]); // T is not exported
    await d.run('unset NOMAD_TOKEN NOMAD_REGION');
    expect((await d.run('env')).out).not.toContain('NOMAD_TOKEN');
    await d.run('crash server-2.global');
    const refused = await d.run('NOMAD_ADDR=server-2.global nomad status');
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('dial tcp 10.1.0.2:4646: connect: connection refused');
    const named = await d.run('nomad status -address=server-3.global');
    expect(named).toMatchObject({ status: 0 });
    expect(named.out).toContain('No running jobs');
    const regions = await d.run('nomad operator raft list-peers -region=europe');
    expect(regions.out).toContain('server-1.europe');
    expect(regions.out).not.toContain('server-1.global');
  });

  it('answers typos with one line and a non-zero status, and goes on', async () => {
    const d = await driveShell({ regions: SMALL });
    const typo = await d.run('stauts');
    expect(typo.status).toBe(127);
    expect(typo.out.split('\n').slice(1)).toEqual([
      'stauts: command not found; did you mean status?',
      '',
    ]);
    const server = await d.run('ssh server-9.global');
    expect(server.status).toBe(1);
    expect(server.out).toMatch(
      /\nssh: unknown server or client "server-9\.global"; did you mean server-\d\.global\?\n$/,
    );
    const nomad = await d.run('nomad acl boostrap');
    expect(nomad.status).toBe(1);
    expect(nomad.out).toContain(
      '[sim] no nomad command "acl boostrap"; did you mean "nomad acl bootstrap"?',
    );
    const bare = await d.run('acl bootstrap');
    expect(bare.out).toContain('acl: command not found; did you mean nomad acl bootstrap?');
    const syntax = await d.run("echo 'open");
    expect(syntax).toMatchObject({ status: 2 });
    expect(syntax.out).toContain('syntax error: unterminated single quote');
    expect(d.transcript()).not.toMatch(/\n\s+at /);
    expect((await d.run('nomad status')).status).toBe(0);
  });
});

describe('nomad-sim shell: files', () => {
  it('writes files with here-documents and redirections, and nomad reads them', async () => {
    const d = await driveShell({ regions: SMALL });
    expect((await d.run("cat > p.hcl <<'EOF'")).status).toBeNull();
    expect(d.shell.prompt).toBe('> ');
    await d.run('namespace "default" {', '  policy = "$NOT_EXPANDED"', '}');
    expect((await d.run('EOF')).status).toBe(0);
    expect((await d.run('cat p.hcl')).out).toContain(
      'namespace "default" {\n  policy = "$NOT_EXPANDED"\n}\n',
    );
    await d.run('echo one > notes.txt', 'echo two >> notes.txt', 'nomad status > jobs.txt');
    expect((await d.run('cat notes.txt')).out).toContain('one\ntwo\n');
    expect((await d.run('ls')).out).toContain('jobs.txt\nnotes.txt\np.hcl\n');
    await d.run('rm notes.txt');
    expect((await d.run('ls')).out).not.toContain('notes.txt');
    const missing = await d.run('cat nope.txt');
    expect(missing).toMatchObject({ status: 1 });
    expect(missing.out).toContain('cat: nope.txt: No such file or directory');
  });

  it("works on a server's disk after ssh: the data dir, config file and the reset file", async () => {
    const d = await driveShell({ regions: SMALL });
    await d.run('ssh server-1.global');
    expect((await d.run('pwd')).out).toContain('/opt/nomad/data\n');
    expect((await d.run('ls')).out).toContain('server/\n');
    expect((await d.run('cat /etc/nomad.d/server.hcl')).out).toContain('name       = "server-1"');
    await d.run('echo 7 >> server/acl-bootstrap-reset');
    const server = d.shell.cluster.server('global/server-1');
    expect(server.disk.readText('/opt/nomad/data/server/acl-bootstrap-reset')).toBe('7\n');
    expect(server.disk.isDirty('/opt/nomad/data/server/acl-bootstrap-reset')).toBe(false);
    await d.run('cd server', 'rm acl-bootstrap-reset');
    expect(server.disk.exists('/opt/nomad/data/server/acl-bootstrap-reset')).toBe(false);
    await d.run('exit');
    expect((await d.run('ls')).out).not.toContain('server/');
  });
});

describe('nomad-sim shell: config, lifecycle and faults', () => {
  it('sets config values for a region, refuses a bad one without changing any file, and a restart applies them', async () => {
    const d = await driveShell({ regions: SMALL });
    const before = d.shell.cluster
      .serversOf('global')
      .map((s) => s.disk.readText('/etc/nomad.d/server.hcl'));
    const bad = await d.run('config set global acl.enabled=true acl.enabled=maybe');
    expect(bad.status).toBe(2);
    expect(bad.out.trim().split('\n')).toHaveLength(2);
    expect(
      d.shell.cluster.serversOf('global').map((s) => s.disk.readText('/etc/nomad.d/server.hcl')),
    ).toEqual(before);
    const ok = await d.run('config set global acl.enabled=true server.authoritative_region=global');
    expect(ok.out).toContain(
      '[edit /etc/nomad.d/server.hcl on every server of global: acl.enabled = true, server.authoritative_region = "global"]',
    );
    for (const server of d.shell.cluster.serversOf('global'))
      expect(server.disk.readText('/etc/nomad.d/server.hcl')).toContain('enabled = true');
    expect(d.shell.cluster.server('global/server-1').settings?.aclEnabled).toBe(false);
    await d.run('ssh server-1.global');
    const restart = await d.run('systemctl restart nomad');
    expect(restart.out).toContain('[restart server-1.global]');
    expect(d.shell.cluster.server('global/server-1').settings?.aclEnabled).toBe(true);
    await d.run('exit');
    const rolling = await d.run('rolling-restart global');
    expect(rolling.out).toContain('[  server-3.global is back; leader of global:');
    expect((await d.run('nomad acl bootstrap')).out).toContain('Secret ID');
  });

  it('edits with the front end’s editor: one region, each server keeps its own name; bad HCL changes nothing', async () => {
    const edits: string[] = [];
    let next: (text: string) => string = (text) =>
      text.replace('acl {', 'acl {\n  token_ttl = "60s"');
    const d = await driveShell({
      regions: SMALL,
      host: {
        editText: async (_label, text) => {
          edits.push(text);
          return next(text);
        },
      },
    });
    await d.run('config set global acl.enabled=true');
    const ok = await d.run('edit global');
    expect(ok).toMatchObject({ status: 0 });
    expect(edits[0]).toContain('name       = "server-1"');
    d.shell.cluster.serversOf('global').forEach((server, i) => {
      const text = server.disk.readText('/etc/nomad.d/server.hcl') ?? '';
      expect(text).toContain(`name       = "server-${i + 1}"`);
      expect(text).toContain('token_ttl = "60s"');
    });
    const before = d.shell.cluster
      .server('global/server-2')
      .disk.readText('/etc/nomad.d/server.hcl');
    next = (text) => `${text}\nacl {{{\n`;
    const bad = await d.run('edit global');
    expect(bad.status).toBe(1);
    expect(bad.out).toContain('nothing was changed');
    expect(d.shell.cluster.server('global/server-2').disk.readText('/etc/nomad.d/server.hcl')).toBe(
      before,
    );
    const noTerminal = await driveShell({ regions: SMALL });
    const refused = await noTerminal.run('edit global');
    expect(refused.out).toContain(
      'edit: needs a terminal and $EDITOR; without them use config set global key=value',
    );
  });

  it('crashes, stops and starts servers, partitions, isolates and heals', async () => {
    const d = await driveShell({ regions: SMALL });
    expect((await d.run('crash server-1.global')).out).toContain('[crash server-1.global]');
    expect((await d.run('crash server-1.global')).out).toContain(
      'crash: server-1.global is not running',
    );
    expect((await d.run('start server-1.global')).status).toBe(0);
    expect(d.shell.cluster.server('global/server-1').isRunning).toBe(true);
    await d.run('partition global europe');
    const cut = await d.run('nomad status -region=europe');
    expect(cut.status).toBe(1);
    await d.run('heal');
    expect((await d.run('nomad status -region=europe')).status).toBe(0);
    await d.run('isolate server-1.europe');
    expect((await d.run('status')).out).toContain('partitions: server-1.europe | everything else');
    expect((await d.run('nomad status -address=server-1.europe')).status).toBe(1);
    // Requests travel on connections that repair loss; Raft's heartbeats do not: leaders fall.
    await d.run('heal', 'loss 100%', 'sleep 5s');
    const lossy = await d.run('status');
    expect(lossy.out).toContain('message loss 100%');
    expect(lossy.out).toContain('global  ACLs off · leader none');
    expect((await d.run('nomad status')).out).toContain('500 (No cluster leader)');
    await d.run('loss 0', 'sleep 5s');
    expect((await d.run('nomad status')).status).toBe(0);
  });
});

describe('nomad-sim shell: looking inside', () => {
  it('status shows each region, its servers and its ACL replication; logs shows a server log', async () => {
    const d = await driveShell({
      from: { scenario: tutorial, until: 'Re-bootstrap ACL system' },
      seed: 7,
    });
    const status = await d.run('status');
    expect(status.out).toMatch(
      /^global {2}authoritative · ACLs on · leader server-\d \(term \d+\)$/m,
    );
    expect(status.out).toMatch(/^europe {2}replicates from global · ACLs on · leader/m);
    expect(status.out).toMatch(/^ {2}server {4}state {4}role {6}term {2}commit {2}applied$/m);
    expect(status.out).toMatch(
      /^ {2}ACL data {2}bootstrapped \(reset index 9\) · 1 policy · 2 global, 0 local tokens$/m,
    );
    expect(status.out).toMatch(
      /^ {4}policies {2}at index \d+ of global's \d+ · in sync · last pull [\d.]+s ago · no errors$/m,
    );
    const leader = d.shell.cluster.leaderOf('europe')?.name ?? 'none';
    const logs = await d.run(`logs ${leader}.europe -n 2`);
    expect(logs.out.trim().split('\n')).toHaveLength(3);
    expect(logs.out).toMatch(
      new RegExp(`\\[${leader}\\.europe \\+[\\d.]+s\\] \\[[A-Z]+\\] nomad: `),
    );
    const follow = await d.run('logs server-1.europe -f 5s');
    expect(follow.out).toContain('[followed 5s of virtual time]');
  });

  it('shows a region that replicates without a token: the error and how long ago', async () => {
    const d = await driveShell({ regions: SMALL });
    await d.run(
      'config set global acl.enabled=true server.authoritative_region=global',
      'rolling-restart global',
      'nomad acl bootstrap',
    );
    await d.run(
      'config set europe acl.enabled=true server.authoritative_region=global',
      'rolling-restart europe',
      'sleep 40s',
    );
    const status = await d.run('status');
    expect(status.out).toContain(
      '  replication from global (no replication_token set: it pulls as anonymous)',
    );
    expect(status.out).toMatch(
      /tokens {4}nothing pulled yet · last error [\d.]+s ago: rpc error: Permission denied/,
    );
  });
});

describe('nomad-sim shell: command substitution', () => {
  it('puts what $(...) prints in place, without its trailing newlines; the command runs in a subshell', async () => {
    const d = await driveShell({ regions: SMALL, seed: 5 });
    await d.run("cat > a.txt <<'EOF'", 'first line', '', '', 'EOF');
    const cat = await d.run('echo "[$(cat a.txt)]" [$(echo  two   words )]');
    expect(cat.out.split('\n').slice(1)).toEqual(['[first line] [two words]', '']);
    const nested = await d.run('echo $(echo $(cat a.txt) "$(pwd)")');
    expect(nested.out).toMatch(/\nfirst line \/home\/operator\n$/);
    // Variables, the folder and ssh changed inside $(...) are undone after it, as in sh.
    await d.run('X=$(export NOMAD_TOKEN=inner)', 'Y=$(ssh server-2.global)');
    expect((await d.run('env')).out.split('\n').slice(1)).toEqual([
      'NOMAD_ADDR=http://10.1.0.1:4646',
      '',
    ]);
    expect(d.shell.prompt).toMatch(/ operator\]\$ $/);
    // A line of assignments returns the status of its last substitution; errors go to the screen.
    const missing = await d.run('T=$(cat nope.txt)');
    expect(missing.status).toBe(1);
    expect(missing.out).toContain('cat: nope.txt: No such file or directory');
    expect((await d.run('echo "<$T>" $?')).out).toMatch(/\n<> 1\n$/);
    expect((await d.run('$(cat nope.txt)')).status).toBe(1);
    const typo = await d.run('echo $(stauts) after');
    expect(typo).toMatchObject({ status: 0 });
    expect(typo.out).toContain('stauts: command not found; did you mean status?\nafter\n');
    expect((await d.run('echo $((1 + 2))')).status).toBe(2);
  });

  it('captures nomad output: the token of an operator-chosen bootstrap secret, used by later commands; save replays it', async () => {
    let saved: SavedSession | null = null;
    const d = await driveShell({
      regions: SMALL,
      seed: 6,
      host: {
        saveScript: (file, session) => {
          saved = session;
          return file;
        },
      },
    });
    await d.run(
      'config set global acl.enabled=true',
      'rolling-restart global',
      'echo 2b778dad-9da3-7a80-b8e8-f5a6ee0f2a10 > secret',
      'nomad acl bootstrap secret > bootstrap.txt',
    );
    const token = await d.run(
      'export NOMAD_TOKEN=$(cat secret)',
      'echo "$(nomad acl token self)" > self.txt',
      'cat self.txt',
    );
    expect(token.status).toBe(0);
    expect(token.out).toContain('Secret ID    = 2b778dad-9da3-7a80-b8e8-f5a6ee0f2a10');
    expect(token.out).toContain('Name         = Bootstrap Token');
    const quiet = await d.run('P=$(nomad acl policy list)', 'echo "$P"');
    expect(quiet.out).toMatch(/\[\d\d:\d\d:\d\d operator\]\$ P=\$\(nomad acl policy list\)\n\[/);
    expect(quiet.out).toContain('No policies found');
    const before = d.transcript();
    await d.run('save s.ts');
    const session = saved as SavedSession | null;
    if (session === null) throw new Error('nothing saved');
    const replayed = await defineShellScenario(
      { name: 's', regions: session.setup.regions, seed: 6, profile: 'modern' },
      session.entries,
    ).run();
    expect(replayed.failure).toBeNull();
    expect(replayed.transcript).toBe(
      `${before
        .split('\n')
        .map((l) => l.replace(/\s+$/, ''))
        .join('\n')
        .replace(/\n+$/, '')}\n`,
    );
  });
});

describe('nomad-sim shell: help of one form, leadership, a region restarted at once', () => {
  it('helps with one form of a command, and with one nomad command in Nomad’s own words', async () => {
    const d = await driveShell({ regions: SMALL });
    const set = await d.run('help config set');
    expect(set.status).toBe(0);
    expect(set.out).toContain('config set TARGET key=value...\n');
    expect(set.out).toContain('config set client-1.global acl.enabled=true');
    expect((await d.run('help config')).out).toContain('Forms (help config show for one):');
    const typo = await d.run('help config sat');
    expect(typo.status).toBe(2);
    expect(typo.out).toContain(
      'help: config has no subcommand "sat"; did you mean set? (it has show, set)',
    );
    expect((await d.run('help status x')).status).toBe(2);
    const nomad = await d.run('help nomad acl bootstrap');
    expect(nomad.status).toBe(0);
    expect(nomad.out).toContain('Usage: nomad acl bootstrap [options] [<path>]');
    expect((await d.run('help nomad acl boot')).out).toContain(
      'help: no nomad command "acl boot"; did you mean nomad acl bootstrap?',
    );
  });

  it('hands the leadership to a server, and restarts every server of a region at once', async () => {
    const d = await driveShell({ regions: SMALL, seed: 2 });
    const moved = await d.run('transfer-leadership server-3.global');
    expect(moved.out).toContain('[transfer leadership of global to server-3.global]');
    expect(d.shell.cluster.leaderOf('global')?.initialName).toBe('server-3');
    await d.run('crash server-2.global');
    expect((await d.run('transfer-leadership server-2.global')).out).toContain(
      'transfer-leadership: server-2.global is not running',
    );
    await d.run('start server-2.global', 'sleep 5s');
    const all = await d.run('restart global');
    expect(all.status).toBe(0);
    expect(all.out).toContain('[restart every server of global at the same time]');
    expect(d.shell.cluster.serversOf('global').every((server) => server.isRunning)).toBe(true);
  });
});

describe('nomad-sim shell: completion', () => {
  it('completes guides, the forms help knows, regions for restart and servers for transfer-leadership', async () => {
    const d = await driveShell({ regions: SMALL });
    const complete = async (line: string) => (await completeLine(d.shell, line))[0];
    expect(await complete('guide t')).toEqual(['tutorial']);
    expect(await complete('help config s')).toEqual(['set', 'show']);
    expect(await complete('help systemctl re')).toEqual(['restart']);
    expect(await complete('help nomad acl boo')).toEqual(['bootstrap']);
    expect(await complete('restart glo')).toEqual(['global']);
    expect(await complete('transfer-leadership server-2.g')).toEqual(['server-2.global']);
    expect(await complete('hi')).toEqual(['hint']);
  });
});

describe('nomad-sim shell: save and replay in process', () => {
  it('replays a saved session (edits and stopped commands included) to the same transcript', async () => {
    let saved: SavedSession | null = null;
    let interrupts = 0;
    const d = await driveShell({
      regions: SMALL,
      seed: 3,
      host: {
        editText: async (_label, text) => text.replace('enabled = true', 'enabled = false'),
        saveScript: (file, session) => {
          saved = session;
          return file;
        },
        // Ctrl-C during the third look of the long sleep.
        takeInterrupt: () => ++interrupts === 3,
      },
    });
    await d.run(
      'config set global acl.enabled=true',
      'edit server-2.global',
      'nomad stauts',
      'sleep 1h',
      'cat > x <<EOF',
      'v=$?',
      'EOF',
      'cat x',
      'logs server-1.global -f 2s',
    );
    const before = d.transcript();
    const result = await d.run('save session.ts');
    expect(result.out).toContain('[saved 7 commands to session.ts; replay: npx tsx session.ts]');
    expect(before).toContain('[interrupted after 20s of virtual time]');
    expect(before).toContain('v=130');
    const session = saved as SavedSession | null;
    if (session === null) throw new Error('nothing saved');
    expect(session.entries.map((e) => e.exit ?? 0)).toEqual([0, 0, 127, 130, 0, 0, 0]);
    expect(session.entries[1]?.edited?.[0]).toContain('enabled = false');
    expect(session.entries[3]?.stoppedAfterMs).toBe(20_000);
    expect(session.entries[4]?.line).toBe('cat > x <<EOF\nv=$?\nEOF');
    const replayed = await defineShellScenario(
      { name: 'session', regions: session.setup.regions, seed: 3, profile: 'modern' },
      session.entries,
    ).run();
    expect(replayed.failure).toBeNull();
    expect(replayed.transcript).toBe(
      `${before
        .split('\n')
        .map((l) => l.replace(/\s+$/, ''))
        .join('\n')
        .replace(/\n+$/, '')}\n`,
    );
  });
});

describe('nomad-sim shell: robustness', () => {
  const words = [
    'nomad',
    'status',
    'acl',
    'bootstrap',
    'ssh',
    'server-1.global',
    'exit',
    'cat',
    'echo',
    'ls',
    'rm',
    'config',
    'set',
    'global',
    'acl.enabled=true',
    'edit',
    'sleep',
    '2s',
    'crash',
    'start',
    'stop',
    'partition',
    'europe',
    'heal',
    'loss',
    '5%',
    'logs',
    '-f',
    '1s',
    'export',
    'X=$X',
    '"',
    "'",
    '$',
    '>',
    '>>',
    '<<EOF',
    'EOF',
    '|',
    '\\',
    '-region=asia',
    '-address=server-2.global',
    'help',
    'systemctl',
    'restart',
    'x.txt',
    '$(cat x.txt)',
    '"$(nomad',
    '$(',
    ')',
    '{}',
    '-n',
    '0',
    'status',
  ];
  it('never crashes, whatever is typed: every line gets a status or waits for more', async () => {
    const d = await driveShell({ regions: SMALL, seed: 11 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 6 }),
        async (line) => {
          const status = await d.shell.feed(line.join(' '));
          if (status === null) d.shell.cancelInput();
          else expect(Number.isInteger(status)).toBe(true);
        },
      ),
      { numRuns: 200, seed: 42 },
    );
    expect(d.transcript()).not.toContain('internal error');
    expect(d.transcript()).not.toMatch(/\n\s+at /);
  });
});
