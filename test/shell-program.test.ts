/**
 * `nomad-sim shell` as a program: the tutorial typed into it prints its reviewed transcript, and a session saved with `save` replays with `npx tsx` to the same
 * transcript and the same trace file, byte for byte, also when it started `--from` a scenario.
 * Accept a changed transcript with `npx vitest run test/shell-program.test.ts -u`.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseShellArgs } from '../src/program/shell-args.js';

const root = join(import.meta.dirname, '..');
const TSX = join(root, 'node_modules/.bin/tsx');

function nomadSim(args: string[], input: string) {
  const result = spawnSync(process.execPath, [join(root, 'bin/nomad-sim.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function replay(file: string) {
  const result = spawnSync(TSX, [file], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The shell's output without its last `lines` lines (the `save` command and its answer). */
function withoutLast(text: string, lines: number): string {
  return `${text
    .split('\n')
    .slice(0, -(lines + 1))
    .join('\n')}\n`;
}

describe('nomad-sim shell (program)', () => {
  it('runs the tutorial typed as shell lines and prints the reviewed transcript', async () => {
    const steps = readFileSync(join(root, 'examples/shell-tutorial.txt'), 'utf8');
    const run = nomadSim(['shell', '--keep-going'], steps);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    await expect(run.stdout).toMatchFileSnapshot('golden/shell/tutorial.txt');
  }, 60_000);

  it('stops a script at its first failing line with that line’s status', () => {
    const run = nomadSim(
      ['shell', '--regions', 'global:1'],
      'nomad status\nstauts\nnomad status\n',
    );
    expect(run.code).toBe(127);
    expect(run.stdout).toContain('stauts: command not found; did you mean status?');
    expect(run.stdout.match(/nomad status/g)).toHaveLength(1);
  }, 60_000);

  it('saves a session that npx tsx replays byte for byte, trace file included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-shell-'));
    const lines = [
      'config set global acl.enabled=true server.authoritative_region=global',
      `trace ${join(dir, 'trace.jsonl')}`,
      'rolling-restart global',
      'nomad acl bootstrap',
      'nomad acl bootstrap',
      "cat > p.hcl <<'EOF'",
      'namespace "default" {',
      '  policy = "read"',
      '}',
      'EOF',
      'P=$(cat p.hcl)',
      'echo "$P" $(nomad acl bootstrap -json)',
      'ssh server-2.global',
      'echo 9 >> server/acl-bootstrap-reset',
      'systemctl restart nomad',
      'exit',
      'partition global asia',
      'nomad status -region=asia',
      'heal',
      'logs server-1.global -f 3s',
      'status',
      'trace off',
      `save ${join(dir, 'session.ts')}`,
    ];
    const shell = nomadSim(['shell', '--keep-going', '--seed', '4'], `${lines.join('\n')}\n`);
    expect(shell.stderr).toBe('');
    expect(shell.code).toBe(0);
    expect(shell.stdout).toContain(`[saved 18 commands to ${join(dir, 'session.ts')}`);
    copyFileSync(join(dir, 'trace.jsonl'), join(dir, 'trace-shell.jsonl'));
    const replayed = replay(join(dir, 'session.ts'));
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toBe(withoutLast(shell.stdout, 2));
    const trace = readFileSync(join(dir, 'trace-shell.jsonl'), 'utf8');
    expect(trace.length).toBeGreaterThan(10_000);
    expect(readFileSync(join(dir, 'trace.jsonl'), 'utf8')).toBe(trace);
  }, 60_000);

  it('saves and replays a session that started from a scenario step, with the guide', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-shell-'));
    const input = `nomad acl bootstrap\nnomad acl bootstrap\nsave ${join(dir, 'from.ts')}\n`;
    const shell = nomadSim(
      [
        'shell',
        '--keep-going',
        '--from',
        'scenarios/tutorial.ts',
        '--until',
        'Run the bootstrap command',
        '--guide',
        'tutorial',
      ],
      input,
    );
    expect(shell.code).toBe(0);
    expect(readFileSync(join(dir, 'from.ts'), 'utf8')).toContain("    guide: 'tutorial',\n");
    expect(shell.stdout).toContain('[guide] 2 of 10 done; next, step 3: Run the bootstrap command');
    expect(shell.stdout).toContain('[guide] ✓ Step 3 of 10 done: Run the bootstrap command');
    expect(shell.stdout).toContain('## Stage a permissive anonymous policy');
    expect(shell.stdout).not.toContain('## Run the bootstrap command');
    expect(shell.stdout).toContain('ACL bootstrap already done');
    const replayed = replay(join(dir, 'from.ts'));
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toBe(withoutLast(shell.stdout, 2));
  }, 60_000);

  it('writes the session’s timeline page with --html when the shell ends; stdout is unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-shell-'));
    const input =
      'config set global acl.enabled=true\nrolling-restart global\nnomad acl bootstrap\n';
    const plain = nomadSim(['shell', '--regions', 'global:3', '--seed', '2'], input);
    const page = join(dir, 'session.html');
    const paged = nomadSim(
      ['shell', '--regions', 'global:3', '--seed', '2', '--html', page],
      input,
    );
    expect(paged.code).toBe(0);
    expect(paged.stdout).toBe(plain.stdout);
    expect(paged.stderr).toBe(`nomad-sim: wrote the timeline page to ${page}\n`);
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    const data = /<script type="application\/json" id="timeline-data">(.*?)<\/script>/s.exec(html);
    const model = JSON.parse(data?.[1] ?? '{}') as {
      title: string;
      lanes: Array<{ id: string }>;
      transcript: Array<{ text: string }>;
    };
    expect(model.title).toBe('A federation to drive by hand');
    expect(model.lanes.map((lane) => lane.id)).toContain('global/server-3');
    expect(
      model.transcript
        .map((line) => line.text)
        .join('\n')
        .trimEnd(),
    ).toBe(plain.stdout.trimEnd());
    const bad = nomadSim(['shell', '--html', join(dir, 'no/such/page.html')], '');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^nomad-sim shell: cannot write the timeline page to .*no\/such\/page\.html: the folder .* does not exist\n$/,
    );
  }, 60_000);

  it('answers bad arguments with a usage message and exit 2, and an unknown step in one line', () => {
    for (const args of [
      ['--seed', 'x'],
      ['--regions', 'global'],
      ['--until', 'x'],
      ['--frobnicate'],
      ['--authoritative', 'mars'],
      ['--from', 'a.ts', '--regions', 'g:1'],
    ]) {
      expect(parseShellArgs(args), args.join(' ')).toHaveProperty('error');
    }
    expect(
      parseShellArgs(['--regions', 'global:3:1,europe:2', '--seed', '9', '--keep-going']),
    ).toMatchObject({
      regions: [
        { name: 'global', servers: 3, clients: 1 },
        { name: 'europe', servers: 2 },
      ],
      seed: 9,
      keepGoing: true,
    });
    const usage = nomadSim(['shell', '--regions', 'global'], '');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(
      /^nomad-sim shell: invalid --regions "global": .*\n\nUsage: nomad-sim shell/,
    );
    const step = nomadSim(
      ['shell', '--from', 'scenarios/tutorial.ts', '--until', 'No such step'],
      '',
    );
    expect(step.code).toBe(2);
    expect(step.stderr).toMatch(
      /^nomad-sim shell: scenario tutorial has no step "No such step"; its steps: "Enable ACLs on Nomad servers", .*\n$/,
    );
  }, 60_000);
});
