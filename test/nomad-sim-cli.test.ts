/**
 * The `nomad-sim` program as a user runs it: the same seed prints the same transcript and writes
 * the same trace, byte for byte; bad arguments print a usage message and exit 2.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function nomadSim(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/nomad-sim.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('nomad-sim', () => {
  it('replays a scenario byte for byte from its seed, transcript and trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-'));
    const first = nomadSim(
      'run',
      'scenarios/tutorial.ts',
      '--seed',
      '5',
      '--trace',
      join(dir, 'a.jsonl'),
    );
    const second = nomadSim(
      'run',
      'scenarios/tutorial.ts',
      '--seed',
      '5',
      '--trace',
      join(dir, 'b.jsonl'),
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Successfully wrote "anonymous" ACL policy!');
    expect(second.stdout).toBe(first.stdout);
    const traceA = readFileSync(join(dir, 'a.jsonl'), 'utf8');
    expect(traceA.length).toBeGreaterThan(1000);
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toBe(traceA);
    for (const line of traceA.trim().split('\n').slice(0, 50))
      expect(Object.keys(JSON.parse(line)).slice(0, 2)).toEqual(['t', 'kind']);
  }, 120_000);

  it('answers bad arguments with a usage message and exit code 2', () => {
    for (const args of [
      ['run'],
      ['run', 'scenarios/tutorial.ts', '--seed', 'abc'],
      ['run', 'scenarios/tutorial.ts', '--profile', 'ancient'],
      ['frobnicate'],
      ['run', 'no/such/file.ts'],
    ]) {
      const result = nomadSim(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/Usage:/);
    }
    const help = nomadSim('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: nomad-sim/);
    const chaosHelp = nomadSim('chaos', '--help');
    expect(chaosHelp.code).toBe(0);
    expect(chaosHelp.stdout).toMatch(/^Usage: nomad-sim chaos /);
    expect(chaosHelp.stdout).toContain('--fault-mix MIX');
    expect(chaosHelp.stderr).toBe('');
  }, 120_000);
});
