/**
 * The `nomad-sim` program given bad input (issue 10): a folder or a non-script as the scenario
 * file, a scenario file that throws or does not parse at import, an invalid scenario definition,
 * an unhandled rejection while it runs, a trace file it cannot open. Each answer is exactly one
 * line on stderr, without a stack trace, and exit code 2; what was printed before stays printed.
 * A trace file that fails while a scenario writes it fails the scenario (SCENARIO FAILED, replay
 * line, exit 1). Scenario files are written to a temporary module folder for each run.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const DSL = pathToFileURL(join(root, 'src/scenario/index.ts')).href;

function nomadSim(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/nomad-sim.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A folder that Node treats as ES modules, holding the given scenario files. */
function scenarioFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-bad-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A scenario file defining `info` (a TypeScript object literal) with `body`. */
function scenarioText(info: string, body = ''): string {
  return `import { defineScenario } from '${DSL}';\nexport default defineScenario(${info}, async (s) => {\n${body}\n});\n`;
}

const ONE_SERVER = `{ name: 'ok', title: 'ok', about: 'A check.', regions: [{ name: 'global', servers: 1 }] }`;

/** Exit 2 and exactly one stderr line, without stack frames, that matches `line`. */
function expectOneLine(result: ReturnType<typeof nomadSim>, line: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.split('\n');
  expect(lines.at(-1), 'stderr ends with a newline').toBe('');
  expect(lines.slice(0, -1), result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at \S/m);
  expect(result.stderr).not.toMatch(/Usage:/);
  expect(lines[0]).toMatch(line);
}

describe('nomad-sim run: files that are not scenario scripts', () => {
  it('a folder', () => {
    expectOneLine(
      nomadSim('run', 'scenarios'),
      /^nomad-sim: scenarios is a folder; run takes one scenario file \(nomad-sim scenarios lists them\)$/,
    );
  });

  it('a file that is not a script (/etc/passwd)', () => {
    expectOneLine(
      nomadSim('run', '/etc/passwd'),
      /^nomad-sim: \/etc\/passwd is not a scenario script: expected a \.ts or \.js file$/,
    );
  });
});

describe('nomad-sim run: scenario files that fail at import', () => {
  const dir = scenarioFolder({
    'throws.ts': `const region: string = 'mars';\nthrow new Error(\`no region \${region}\`);\n`,
    'syntax.ts': 'export default {{ ;\n',
    'broken.js': 'export default {{ ;\n',
    'not-a-module.ts': 'export const x = 1;\n',
  });

  it('an exception at import: where it was thrown and what it says', () => {
    const file = join(dir, 'throws.ts');
    expectOneLine(
      nomadSim('run', file),
      new RegExp(`^nomad-sim: cannot load the scenario: ${file}:2:7: Error: no region mars$`),
    );
  });

  it('a syntax error, in TypeScript and in JavaScript', () => {
    const ts = join(dir, 'syntax.ts');
    expectOneLine(
      nomadSim('run', ts),
      new RegExp(
        `^nomad-sim: cannot load the scenario: ${ts}:1:16: SyntaxError: Expected identifier but found "\\{"$`,
      ),
    );
    const js = join(dir, 'broken.js');
    expectOneLine(
      nomadSim('run', js),
      new RegExp(`^nomad-sim: cannot load the scenario: ${js}(:\\d+)*: SyntaxError: .+$`),
    );
  });
});

describe('nomad-sim run: scenario definitions that cannot run', () => {
  const cases: Array<[string, string, string]> = [
    [
      'zero-servers',
      `{ name: 'zero-servers', title: 't', about: 'a', regions: [{ name: 'global', servers: 0 }] }`,
      'region global needs 1 to 9 servers, got 0',
    ],
    [
      'ten-servers',
      `{ name: 'ten-servers', title: 't', about: 'a', regions: [{ name: 'global', servers: 10 }] }`,
      'region global needs 1 to 9 servers, got 10',
    ],
    [
      'twice',
      `{ name: 'twice', title: 't', about: 'a', regions: [{ name: 'global', servers: 3 }, { name: 'global', servers: 1 }] }`,
      'region global is listed twice',
    ],
    [
      'no-regions',
      `{ name: 'no-regions', title: 't', about: 'a', regions: [] }`,
      'at least one region is required',
    ],
    [
      'fraction-seed',
      `{ name: 'fraction-seed', title: 't', about: 'a', regions: [{ name: 'global', servers: 1 }], defaultSeed: 1.5 }`,
      'defaultSeed must be a safe integer, got 1.5',
    ],
  ];
  const dir = scenarioFolder(
    Object.fromEntries(cases.map(([name, info]) => [`${name}.ts`, scenarioText(info)])),
  );

  for (const [name, , problem] of cases) {
    it(`${name}: ${problem}`, () => {
      const file = join(dir, `${name}.ts`);
      const escaped = problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expectOneLine(
        nomadSim('run', file),
        new RegExp(
          `^nomad-sim: cannot load the scenario: ${file}:2:16: invalid scenario "${name}": ${escaped}$`,
        ),
      );
    });
  }
});

describe('nomad-sim run: a scenario that crashes while it runs', () => {
  // The simulation runs on promise jobs alone, so Node notices the rejection when the run yields
  // to the event loop: here, once the body is done. The transcript is printed in full.
  it('an unhandled rejection: one line and exit 2, with the transcript printed', () => {
    const dir = scenarioFolder({
      'lost.ts': scenarioText(
        ONE_SERVER,
        `  s.note('before the lost promise');\n  void Promise.reject(new Error('nobody waits for me'));\n  await s.wait('1s');\n  s.note('after the wait');`,
      ),
    });
    const file = join(dir, 'lost.ts');
    const result = nomadSim('run', file);
    expectOneLine(
      result,
      new RegExp(
        `^nomad-sim: unhandled promise rejection: ${file}:4:23: Error: nobody waits for me$`,
      ),
    );
    // Node reports the rejection at the next turn of its event loop, which the kernel takes while
    // the scenario waits: the run stops there, and what it printed so far stays printed.
    expect(result.stdout).toContain('[sim] before the lost promise\n');
  });
});

describe('--trace to a place that cannot hold a file', () => {
  const missing = join(
    mkdtempSync(join(tmpdir(), 'nomad-sim-trace-')),
    'no-such-folder',
    'trace.jsonl',
  );
  const folder = mkdtempSync(join(tmpdir(), 'nomad-sim-trace-'));

  it('run: a missing folder, or a folder', () => {
    expectOneLine(
      nomadSim('run', 'scenarios/tutorial.ts', '--trace', missing),
      new RegExp(
        `^cannot write the trace to ${missing}: the folder ${join(missing, '..')} does not exist$`,
      ),
    );
    expectOneLine(
      nomadSim('run', 'scenarios/tutorial.ts', '--trace', folder),
      new RegExp(`^cannot write the trace to ${folder}: it is a folder; give a file name$`),
    );
  });

  it('chaos: a missing folder, or a folder', () => {
    const chaos = ['chaos', '--seed', '1', '--regions', 'global:3', '--duration', '10s', '--trace'];
    expectOneLine(
      nomadSim(...chaos, missing),
      new RegExp(
        `^nomad-sim chaos: cannot write the trace to ${missing}: the folder ${join(missing, '..')} does not exist$`,
      ),
    );
    expectOneLine(
      nomadSim(...chaos, folder),
      new RegExp(
        `^nomad-sim chaos: cannot write the trace to ${folder}: it is a folder; give a file name$`,
      ),
    );
  });
});

describe('a trace file that fails during the run (/dev/full: no space left on device)', () => {
  it('run: the scenario fails with the cause and the replay line', () => {
    const result = nomadSim('run', 'scenarios/tutorial.ts', '--seed', '3', '--trace', '/dev/full');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout.trimEnd().split('\n').slice(-2)).toEqual([
      'SCENARIO FAILED: TraceFileError: cannot write the trace to /dev/full: no space left on device (ENOSPC)',
      'replay: npx nomad-sim run scenarios/tutorial.ts --seed 3 --profile modern',
    ]);
  });

  it('chaos: the report is printed, then one line says the trace is incomplete', () => {
    const result = nomadSim(
      'chaos',
      '--seed',
      '1',
      '--regions',
      'global:3',
      '--duration',
      '10s',
      '--trace',
      '/dev/full',
    );
    expectOneLine(
      result,
      /^nomad-sim chaos: the trace is incomplete: cannot write the trace to \/dev\/full: no space left on device \(ENOSPC\)$/,
    );
    expect(result.stdout).toMatch(/^chaos: every invariant held\n/);
  });
});
