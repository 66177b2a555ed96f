/**
 * The shell's guide (`--guide tutorial`): it checks the tutorial's ten steps off as they are done
 * in this federation, says what is next and why (`hint`), shows the checklist (`guide`), and when
 * steps come in another order it explains what that leads to in the words of the mistake
 * scenario that shows it: each of the nine mistakes typed by hand gets its own scenario's
 * explanation (the texts come from src/scenario/lessons, which the scenarios narrate too). A
 * session with the guide saves and replays byte for byte. The reviewed transcript of a session in
 * another order is test/golden/shell/guide.txt, which the README's "Try it yourself" quotes
 * (accept a change with -u).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { driveShell } from './support/shell-driver.js';
import { parseShellArgs } from '../src/program/shell-args.js';
import {
  BOOTSTRAP_BEFORE_ALL_SERVERS,
  BOOTSTRAP_THROUGH_OTHER_REGION,
  CLIENT_TOKEN_AS_REPLICATION_TOKEN,
  FORGOT_AUTHORITATIVE_REGION,
  LEFTOVER_RESET_FILE,
  LOCAL_TOKEN_OTHER_REGION,
  NO_REPLICATION_TOKEN,
  RESET_FILE_ON_FOLLOWER,
  RESTART_ALL_AT_ONCE,
  TUTORIAL_LESSONS,
  TUTORIAL_STEP_TITLES,
} from '../src/scenario/index.js';
import { defineShellScenario, type SavedSession } from '../src/scenario/shell/index.js';

const root = join(import.meta.dirname, '..');

/** Text with every run of blanks made one space (the guide wraps its paragraphs). */
const flat = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trim())
    .join(' ')
    .replace(/\s+/g, ' ');

const secretOf = (out: string): string => /Secret ID\s+=\s+(\S+)/.exec(out)?.[1] ?? 'none';

describe('nomad-sim shell --guide tutorial', () => {
  it('checks off the tutorial step by step, says why, and ends with every step done', async () => {
    const d = await driveShell({ guide: 'tutorial' });
    expect(d.transcript()).toContain(
      '[guide] 0 of 10 done; next, step 1: Enable ACLs on Nomad servers',
    );
    const hint = await d.run('hint');
    expect(flat(hint.out)).toContain(flat(TUTORIAL_LESSONS.aclNotReloadable));
    expect(hint.out).toContain(
      '  config set global acl.enabled=true server.authoritative_region=global',
    );
    await d.run(
      'config set global acl.enabled=true server.authoritative_region=global',
      'config set europe server.authoritative_region=global',
      'config set asia server.authoritative_region=global',
      'rolling-restart global',
      "cat > anonymous.policy.hcl <<'EOF'",
      'namespace "*" {',
      '  policy = "write"',
      '}',
      'EOF',
    );
    const bootstrap = await d.run('nomad acl bootstrap');
    expect(flat(bootstrap.out)).toContain(flat(TUTORIAL_LESSONS.bootstrapIsResetIndex('10')));
    // The hint now types the real secret.
    expect((await d.run('hint')).out).toContain(`export NOMAD_TOKEN=${secretOf(bootstrap.out)}`);
    await d.run(
      `export NOMAD_TOKEN=${secretOf(bootstrap.out)}`,
      'nomad acl policy apply -description "Anonymous policy (full-access)" anonymous anonymous.policy.hcl',
      'unset NOMAD_TOKEN',
      'nomad status',
      'config set client-1.global acl.enabled=true',
      'restart client-1.global',
    );
    const replication = await d.run(
      `nomad acl token create -type=management -global=true -name="Cluster A Replication Token" -token=${secretOf(bootstrap.out)}`,
    );
    for (const region of ['europe', 'asia'])
      await d.run(
        `config set ${region} acl.enabled=true acl.replication_token=${secretOf(replication.out)}`,
        `rolling-restart ${region}`,
      );
    const reset = await d.run('hint');
    expect(reset.out).toContain('Next, step 10 of 10: Re-bootstrap ACL system');
    expect(reset.out).toContain('  echo 10 >> /opt/nomad/data/server/acl-bootstrap-reset');
    const leader = /ssh (server-\d\.global)/.exec(reset.out)?.[1] ?? 'none';
    await d.run(
      'nomad acl bootstrap',
      `ssh ${leader}`,
      'echo 10 >> server/acl-bootstrap-reset',
      'exit',
    );
    const again = await d.run('nomad acl bootstrap');
    expect(again.out).toContain('The reset worked; a reset file is still on');
    const removed = await d.run(`ssh ${leader}`, 'rm server/acl-bootstrap-reset', 'exit');
    expect(removed.out).toContain('[guide] ✓ Step 10 of 10 done: Re-bootstrap ACL system');
    expect(removed.out).toContain('[guide] ✓ No longer so: The reset worked');
    expect(removed.out).toContain('[guide] Every step of the tutorial is done.');
    const done = d.transcript().match(/\[guide\] ✓ Step (\d+) of 10 done: (.*)/g) ?? [];
    expect(done.map((line) => line.replace(/^.*done: /, ''))).toEqual(
      Object.values(TUTORIAL_STEP_TITLES),
    );
    const checklist = await d.run('guide');
    expect(checklist.out).toContain('10 of 10 steps done');
    expect(checklist.out.match(/\[x\]/g)).toHaveLength(10);
    expect((await d.run('hint')).out).toContain('Every step of the tutorial is done.');
    // In the tutorial's order, the guide's only warning is the reset file left for a moment.
    expect(d.transcript().match(/\[guide\] ! .*/g)).toEqual([
      expect.stringContaining('The reset worked; a reset file is still on'),
    ]);
  }, 60_000);

  /** Each typed mistake, with the guide on, is explained in its own scenario's words. */
  const EXPLAINED: Record<string, string> = {
    'mistake-bootstrap-before-all-servers': BOOTSTRAP_BEFORE_ALL_SERVERS.lesson,
    'mistake-bootstrap-through-other-region':
      BOOTSTRAP_THROUGH_OTHER_REGION.replicationNotBootstrap('europe', 'global'),
    'mistake-client-token-as-replication-token': CLIENT_TOKEN_AS_REPLICATION_TOKEN.managementOnly,
    'mistake-forgot-authoritative-region': FORGOT_AUTHORITATIVE_REGION.fallsBack('europe'),
    'mistake-leftover-reset-file': LEFTOVER_RESET_FILE.staleFile('8', '9'),
    'mistake-local-token-other-region':
      LOCAL_TOKEN_OTHER_REGION.authenticatedWhereExecuted('global'),
    'mistake-no-replication-token': NO_REPLICATION_TOKEN.onlyTrace,
    'mistake-reset-file-on-follower': RESET_FILE_ON_FOLLOWER.neverRead(
      'server-2.global',
      'server-1.global',
    ),
    'mistake-restart-all-at-once': RESTART_ALL_AT_ONCE.aloneWithoutLeader('server-3.global'),
  };
  for (const [name, lesson] of Object.entries(EXPLAINED)) {
    it(`explains ${name}, typed by hand, with that scenario's words`, async () => {
      const script = readFileSync(join(root, `examples/shell-mistakes/${name}.txt`), 'utf8');
      const args = parseShellArgs(
        (/npx nomad-sim shell (.*?) < /.exec(script)?.[1] ?? '').split(' '),
      );
      if ('error' in args) throw new Error(args.error);
      const d = await driveShell({
        ...(args.regions === null ? {} : { regions: args.regions }),
        ...(args.authoritative === null ? {} : { authoritativeRegion: args.authoritative }),
        ...(args.seed === null ? {} : { seed: args.seed }),
        guide: 'tutorial',
      });
      await d.run(...script.trimEnd().split('\n'));
      const text = d.transcript();
      expect(text).toContain(`  Step by step: npx nomad-sim run ${name}`);
      expect(flat(text)).toContain(flat(lesson));
    }, 60_000);
  }

  it('starts and stops at the prompt; guide and hint need it; a bad name is one line', async () => {
    const d = await driveShell({ regions: [{ name: 'global', servers: 1 }] });
    const none = await d.run('hint');
    expect(none.status).toBe(1);
    expect(none.out).toContain('hint: no guide is running: guide tutorial starts one');
    expect((await d.run('guide')).status).toBe(1);
    const bad = await d.run('guide tutorail');
    expect(bad.status).toBe(2);
    expect(bad.out).toContain(
      'guide: no guide "tutorail"; did you mean tutorial? (guides: tutorial)',
    );
    const started = await d.run('guide tutorial');
    expect(started.status).toBe(0);
    expect(started.out).toContain('[guide] Following the tutorial');
    const checklist = (await d.run('guide')).out;
    expect(checklist).toContain('[ ]  1. Enable ACLs on Nomad servers   <- next (hint)');
    expect(checklist).toContain(
      '[x]  7. Enable ACLs on Nomad clients\n         no client agents here',
    );
    expect(checklist).toContain('global: 0 of 1 servers run with ACLs on');
    expect((await d.run('help guide tutorial')).out).toContain('guide tutorial\n  start following');
    await d.run('guide off');
    expect((await d.run('hint')).status).toBe(1);
    expect(parseShellArgs(['--guide', 'tour'])).toEqual({
      error: 'invalid --guide "tour": the only guide is tutorial',
    });
  });

  it('saves a guided session that replays with the same notes, byte for byte', async () => {
    let saved: SavedSession | null = null;
    const d = await driveShell({
      regions: [
        { name: 'global', servers: 3 },
        { name: 'europe', servers: 1 },
      ],
      seed: 4,
      guide: 'tutorial',
      host: {
        saveScript: (file, session) => {
          saved = session;
          return file;
        },
      },
    });
    await d.run(
      'config set europe acl.enabled=true',
      'restart server-1.europe',
      'config set global acl.enabled=true',
      'restart global',
      'hint',
      'guide',
    );
    const before = d.transcript();
    expect(before).toContain(
      '[guide] ! europe runs with ACLs on and names no authoritative region',
    );
    await d.run('save s.ts');
    const session = saved as SavedSession | null;
    if (session === null) throw new Error('nothing saved');
    expect(session.setup.guide).toBe('tutorial');
    const replayed = await defineShellScenario(
      { name: 's', regions: session.setup.regions, seed: 4, profile: 'modern', guide: 'tutorial' },
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

  it('types the tutorial in another order (examples/shell-guide.txt) and prints the reviewed transcript, which the README quotes', async () => {
    const script = readFileSync(join(root, 'examples/shell-guide.txt'), 'utf8');
    const run = spawnSync(
      process.execPath,
      [join(root, 'bin/nomad-sim.js'), 'shell', '--guide', 'tutorial', '--keep-going'],
      { cwd: root, encoding: 'utf8', input: script },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/ +\n/);
    await expect(run.stdout).toMatchFileSnapshot('golden/shell/guide.txt');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const quoted = /## Try it yourself[\s\S]*?```console\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(quoted, 'README: a ```console block under "## Try it yourself"').toBeDefined();
    expect(run.stdout).toContain(quoted);
  }, 60_000);
});
