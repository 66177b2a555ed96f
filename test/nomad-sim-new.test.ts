/**
 * `nomad-sim new NAME` (issue 13): writes a commented starter scenario that runs as written, with
 * `npx tsx NAME.ts` and with `nomad-sim run NAME.ts`, in a folder of its own (no package.json, so
 * Node takes the .ts file for CommonJS) whose node_modules/nomad-acl-sim points at the sources.
 * It never overwrites a file, and a bad name or folder is one line and exit 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkSourcePackage } from './support/source-package.js';

const root = join(import.meta.dirname, '..');
const launcher = join(root, 'bin/nomad-sim.js');
const tsx = join(root, 'node_modules/.bin/tsx');
const project = mkdtempSync(join(tmpdir(), 'nomad-sim-new-'));

function inProject(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: project, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const nomadSim = (...args: string[]) => inProject(process.execPath, [launcher, ...args]);

beforeAll(() => linkSourcePackage(project));
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('nomad-sim new', () => {
  it('writes NAME.ts in the current folder, which runs as written with npx tsx and with nomad-sim run', () => {
    const made = nomadSim('new', 'my-check');
    expect(made).toEqual({
      code: 0,
      stdout:
        'Wrote my-check.ts, a scenario that runs as it is. Run it with:\n  npx tsx my-check.ts\n  npx nomad-sim run my-check.ts\n',
      stderr: '',
    });
    const text = readFileSync(join(project, 'my-check.ts'), 'utf8');
    expect(text).toMatch(/^\/\*\*\n \* my-check: /);
    expect(text).toContain("from 'nomad-acl-sim/scenario';");
    expect(text).toContain("name: 'my-check',\n    title: 'My check',");
    expect(text.match(/^\s*\/\/ /gm)?.length).toBeGreaterThanOrEqual(10); // commented for the reader

    const direct = inProject(tsx, ['my-check.ts']);
    expect(direct.stderr).toBe('');
    expect(direct.code).toBe(0);
    expect(direct.stdout.match(/^# My check$/gm)).toHaveLength(1);
    expect(direct.stdout).toContain(
      '[sim] seed 1, profile modern; regions: global (3 servers), europe (3 servers)',
    );
    expect(direct.stdout).toContain('Successfully wrote "readonly" ACL policy!');
    expect(direct.stdout).toMatch(
      /^\[server-1\.europe\]\$ nomad acl policy list\nName +Description\nreadonly +Read the default namespace$/m,
    );
    expect(direct.stdout).not.toContain('SCENARIO FAILED');

    const run = nomadSim('run', 'my-check.ts', '--seed', '4', '--profile', 'tutorial');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^# My check$/gm)).toHaveLength(1); // run by nomad-sim, not a second time by the file
    expect(run.stdout).toContain('[sim] seed 4, profile tutorial;');
    expect(run.stdout).toMatch(/^readonly +Read the default namespace$/m);
  });

  it('refuses to overwrite a file, in one line, exit 2', () => {
    writeFileSync(join(project, 'taken.ts'), 'mine\n');
    expect(nomadSim('new', 'taken')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'nomad-sim: taken.ts already exists; nomad-sim new does not overwrite files\n',
    });
    expect(nomadSim('new', 'taken.ts').code).toBe(2);
    expect(readFileSync(join(project, 'taken.ts'), 'utf8')).toBe('mine\n');
  });

  it('writes to a path (.ts or .mts) with a title, given as --title TEXT or --title=TEXT, options before or after', () => {
    mkdirSync(join(project, 'checks'));
    expect(nomadSim('new', 'checks/first.mts', '--title', "Operator's first check").code).toBe(0);
    expect(nomadSim('new', '--title=Second check', 'checks/second').code).toBe(0);
    const first = readFileSync(join(project, 'checks/first.mts'), 'utf8');
    expect(first).toContain("name: 'first',\n    title: 'Operator\\'s first check',");
    expect(first).toContain('npx tsx first.mts');
    expect(readFileSync(join(project, 'checks/second.ts'), 'utf8')).toContain(
      "name: 'second',\n    title: 'Second check',",
    );
  });

  it.each([
    [['new', 'nowhere/x'], 'nomad-sim: cannot write nowhere/x.ts: no such folder nowhere'],
    [
      ['new', 'x.js'],
      'nomad-sim: cannot write a scenario to x.js: the file name must end in .ts or .mts (or give NAME alone)',
    ],
    [
      ['new', 'my check'],
      'nomad-sim: "my check" cannot name a scenario: use letters, digits, - and _ (e.g. my-check)',
    ],
  ])('nomad-sim %j is one line, exit 2', (args, line) => {
    expect(nomadSim(...args)).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('usage mistakes get the usage, a mistyped flag a suggestion; --help prints the usage', () => {
    const missing = nomadSim('new');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^nomad-sim: new needs a name, e.g. nomad-sim new my-check\n\nUsage: nomad-sim new NAME /,
    );
    const typo = nomadSim('new', 'x', '--titel', 'X');
    expect(typo.code).toBe(2);
    expect(typo.stderr.split('\n')[0]).toBe(
      'nomad-sim: unknown argument "--titel" (did you mean "--title"?)',
    );
    expect(nomadSim('new', '--title').stderr.split('\n')[0]).toBe(
      'nomad-sim: --title needs one line of text',
    );
    const help = nomadSim('new', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: nomad-sim new NAME \[--title TEXT\]\n/);
    expect(nomadSim('nwe').stderr.split('\n')[0]).toBe(
      'nomad-sim: unknown command "nwe" (did you mean "new"?)',
    );
  });
});
