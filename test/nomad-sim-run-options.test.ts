/**
 * Options of a scenario run (issue 13), for `nomad-sim run`, `nomad-sim tutorial` and a file run
 * directly with tsx: `--flag value` and `--flag=value` alike, options before or after the file,
 * suggestions for mistyped flags (also of `nomad-sim scenarios`), `--timestamps` (each line
 * stamped with its virtual time, the transcript otherwise unchanged) and `--json` (a one-line
 * summary on stdout, the transcript on stderr).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenarioArgs, takeScenarioFile } from '../src/program/scenario-args.js';
import type { ScenarioSummary } from '../src/program/scenario-summary.js';

const root = join(import.meta.dirname, '..');
const launcher = join(root, 'bin/nomad-sim.js');
const scratch = mkdtempSync(join(tmpdir(), 'nomad-sim-options-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function spawn(command: string, args: string[], cwd = root) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const nomadSim = (...args: string[]) => spawn(process.execPath, [launcher, ...args]);

const STAMP = /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] /;

describe('one flag style', () => {
  it.each([
    [['--seed', '5'], ['--seed=5']],
    [['--seed', '-5'], ['--seed=-5']],
    [['--trace', 'out.jsonl'], ['--trace=out.jsonl']],
    [['--trace', '-'], ['--trace=-']],
    [['--profile', 'tutorial'], ['--profile=tutorial']],
  ])('%j and %j mean the same', (spaced, joined) => {
    const parsed = parseScenarioArgs(spaced);
    expect(parsed).not.toHaveProperty('error');
    expect(parseScenarioArgs(joined)).toEqual(parsed);
  });

  it('switches take no value; --json and --trace - cannot share stdout', () => {
    expect(parseScenarioArgs(['--timestamps', '--json'])).toMatchObject({
      timestamps: true,
      json: true,
    });
    expect(parseScenarioArgs(['--json=true'])).toEqual({
      error: '--json takes no value, got "--json=true"',
    });
    expect(parseScenarioArgs(['--timestamps=1'])).toEqual({
      error: '--timestamps takes no value, got "--timestamps=1"',
    });
    expect(parseScenarioArgs(['--json', '--trace=-'])).toEqual({
      error: '--json and --trace - both write to stdout: give --trace a file name',
    });
    expect(parseScenarioArgs(['--json', '--trace', 'f.jsonl'])).toMatchObject({
      json: true,
      trace: 'f.jsonl',
    });
  });

  it('nomad-sim run finds its file among the options, wherever it is', () => {
    expect(takeScenarioFile(['--seed', '5', 'tutorial', '--json'])).toEqual({
      file: 'tutorial',
      options: ['--seed', '5', '--json'],
    });
    expect(takeScenarioFile(['--trace', '-', '--profile=modern', 'x.ts'])).toEqual({
      file: 'x.ts',
      options: ['--trace', '-', '--profile=modern'],
    });
    expect(takeScenarioFile(['--timestamps', 'a.ts', 'b.ts'])).toEqual({
      file: 'a.ts',
      options: ['--timestamps', 'b.ts'],
    });
    expect(takeScenarioFile(['--seed=2'])).toEqual({ file: undefined, options: ['--seed=2'] });
  });

  it('mistyped flags get a suggestion, before the file is looked for', () => {
    const first = (result: { stderr: string }) => result.stderr.split('\n')[0];
    const beforeFile = nomadSim('run', '--sed', '3', 'tutorial');
    expect(beforeFile.code).toBe(2);
    expect(first(beforeFile)).toBe('unknown argument "--sed" (did you mean "--seed"?)');
    expect(first(nomadSim('tutorial', '--timestmaps'))).toBe(
      'unknown argument "--timestmaps" (did you mean "--timestamps"?)',
    );
    expect(first(nomadSim('tutorial', '--jsn=1'))).toBe(
      'unknown argument "--jsn=1" (did you mean "--json"?)',
    );
    const scenarios = nomadSim('scenarios', '--hepl');
    expect(scenarios.code).toBe(2);
    expect(first(scenarios)).toBe('nomad-sim: unknown argument "--hepl" (did you mean "--help"?)');
    expect(first(nomadSim('scenarios', 'extra'))).toBe('nomad-sim: scenarios takes no arguments');
  });
});

describe('--timestamps and --json on the command line', () => {
  it.each([['tutorial'], ['run']])('nomad-sim %s --help lists every option', (command) => {
    const help = nomadSim(command, '--help');
    expect(help.code).toBe(0);
    for (const option of ['--seed N', '--trace FILE', '--profile P', '--timestamps', '--json'])
      expect(help.stdout).toMatch(new RegExp(`^  ${option} `, 'm'));
    expect(help.stdout).toContain('Options (--flag value and --flag=value alike):');
  });

  it('options before the name, in either style, run the same as after it; --timestamps only adds the stamps', () => {
    const plain = nomadSim(
      'run',
      'mistake-reset-file-on-follower',
      '--seed',
      '2',
      '--profile',
      'tutorial',
    );
    const stamped = nomadSim(
      'run',
      '--seed=2',
      '--timestamps',
      '--profile=tutorial',
      'mistake-reset-file-on-follower',
    );
    expect(plain.code).toBe(0);
    expect(stamped.code).toBe(0);
    expect(stamped.stderr).toBe('');
    const lines = stamped.stdout.split('\n');
    expect(lines.filter((line) => line !== '').every((line) => STAMP.test(line))).toBe(true);
    expect(lines[0]).toBe('[00:00:00.000] # Mistake: the reset file on a follower');
    expect(lines.map((line) => line.replace(STAMP, '')).join('\n')).toBe(plain.stdout);
  });

  it('tutorial --json: one line of JSON on stdout, the transcript on stderr, the same run', () => {
    const result = nomadSim('tutorial', '--json', '--seed=3');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toHaveLength(2); // one line and its newline
    const summary = JSON.parse(result.stdout) as ScenarioSummary;
    const headings = [...result.stderr.matchAll(/^## (.*)$/gm)].map((match) => match[1]);
    expect(summary).toMatchObject({
      scenario: 'tutorial',
      title: 'Bootstrap the Nomad ACL system across three regions',
      seed: 3,
      profile: 'modern',
      ok: true,
      failure: null,
      replay: 'npx nomad-sim tutorial --seed 3 --profile modern',
    });
    expect(summary.steps.map((step) => step.title)).toEqual(headings);
    expect(headings.length).toBeGreaterThan(5);
    const times = summary.steps.map((step) => step.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(summary.virtualMs).toBeGreaterThan(times.at(-1) as number);
    expect(result.stderr).toMatch(/^# Bootstrap the Nomad ACL system across three regions\n/);
  });

  it('a failing file run directly with tsx --json --timestamps: ok false, the failure, the step it failed in; exit 1', () => {
    writeFileSync(join(scratch, 'package.json'), '{ "type": "module" }\n');
    const dsl = pathToFileURL(join(root, 'src/scenario-entry.ts')).href;
    writeFileSync(
      join(scratch, 'fails.ts'),
      `import { defineScenario } from '${dsl}';
export default defineScenario({ name: 'fails', title: 'Fails', about: 'Expects the wrong thing.', regions: [{ name: 'global', servers: 1 }], aclEnabled: true }, async (s) => {
  s.step('Bootstrap');
  await s.nomad('nomad acl bootstrap');
  s.step('Bootstrap again');
  await s.nomad('nomad acl bootstrap');
});
`,
    );
    const result = spawn(
      join(root, 'node_modules/.bin/tsx'),
      ['fails.ts', '--json', '--timestamps', '--seed', '9'],
      scratch,
    );
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as ScenarioSummary;
    expect(summary).toMatchObject({
      scenario: 'fails',
      seed: 9,
      profile: 'modern',
      ok: false,
      replay: 'npx tsx fails.ts --seed 9 --profile modern',
    });
    expect(summary.failure).toMatch(
      /^`nomad acl bootstrap` exited with 1, expected 0:\nError bootstrapping: .*ACL bootstrap already done/,
    );
    expect(summary.steps.map((step) => step.title)).toEqual(['Bootstrap', 'Bootstrap again']);
    expect(result.stderr).toMatch(
      /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] SCENARIO FAILED: `nomad acl bootstrap` exited with 1/m,
    );
    expect(result.stderr).toMatch(
      /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] replay: npx tsx fails\.ts --seed 9 --profile modern\n$/m,
    );
  });
});
