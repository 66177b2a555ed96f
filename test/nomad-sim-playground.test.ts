/**
 * `nomad-sim playground` on the command line, without a browser (test/playground.test.ts opens
 * what it writes and serves): `--help`, and bad input as one line and exit 2 — a port that is no
 * number, a mistyped flag (with a suggestion), `--out` with serving options, a port already in
 * use, a folder that cannot be written.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const launcher = join(root, 'bin/nomad-sim.js');
const scratch = mkdtempSync(join(tmpdir(), 'nomad-sim-playground-cli-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function nomadSim(
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [launcher, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('nomad-sim playground', () => {
  it('prints its usage for --help and exits 0', async () => {
    const result = await nomadSim('playground', '--help');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /^Usage: nomad-sim playground \[--port N\] \[--no-open\] \[--out DIR\]\n/,
    );
    expect((await nomadSim('help')).stdout).toContain(
      '  playground [--port N] [--no-open] [--out DIR]\n',
    );
  });

  it.each([
    [
      ['--port', 'http'],
      'nomad-sim playground: --port takes a port number from 0 to 65535, not "http"',
    ],
    [
      ['--port=70000'],
      'nomad-sim playground: --port takes a port number from 0 to 65535, not "70000"',
    ],
    [['--port'], 'nomad-sim playground: --port needs a value'],
    [['--no-opn'], 'nomad-sim playground: unknown argument "--no-opn" (did you mean "--no-open"?)'],
    [
      ['--out', 'x', '--no-open'],
      'nomad-sim playground: --out writes the site and serves nothing: it takes no --port or --no-open',
    ],
  ])('refuses %j with one line and the usage, exit 2', async (args, line) => {
    const result = await nomadSim('playground', ...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(line);
    expect(result.stderr).toContain('Usage: nomad-sim playground');
  });

  it('says so in one line when the port is taken or the folder cannot be written', async () => {
    const taken = createServer();
    const port = await new Promise<number>((done) =>
      taken.listen(0, '127.0.0.1', () => done((taken.address() as { port: number }).port)),
    );
    try {
      const result = await nomadSim('playground', '--no-open', '--port', String(port));
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: `nomad-sim playground: port ${port} is in use; pick another with --port N (0 picks a free one)\n`,
      });
    } finally {
      taken.close();
    }
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    const result = await nomadSim('playground', '--out', file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^nomad-sim playground: cannot write the site to ${file}: .+\\n$`),
    );
  });
});
