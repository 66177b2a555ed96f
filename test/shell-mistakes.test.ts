/**
 * The mistake scenarios typed by hand into `nomad-sim shell`: each file in
 * examples/shell-mistakes/ is what an operator would type to make that mistake (its first line
 * says how to run it), run through stdin as a script; its transcript is reviewed in
 * test/golden/shell/, and it shows the same failure the scenario shows — the lines below are in
 * both the shell's transcript and the scenario's own golden transcript.
 * Accept changed transcripts with `npx vitest run test/shell-mistakes.test.ts -u`.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dir = join(root, 'examples/shell-mistakes');

/** What each mistake scenario fails with, as Nomad (or its log) says it. */
const FAILURES: Record<string, readonly string[]> = {
  'mistake-bootstrap-before-all-servers': [
    '(ACL support disabled)',
    '403 (Permission denied)',
    'No running jobs',
    'ACL bootstrap already done (reset index: ',
  ],
  'mistake-bootstrap-through-other-region': [
    'ACL bootstrap already done (reset index: ',
    'Error fetching self token: Unexpected response code: 403 (Permission denied)',
    'Name         = Bootstrap Token',
  ],
  'mistake-client-token-as-replication-token': [
    'failed to fetch tokens from authoritative region: error="rpc error: Permission denied"',
    'Error querying jobs: Unexpected response code: 403 (',
    '404 (ACL token not found)',
  ],
  'mistake-forgot-authoritative-region': [
    'Error listing ACL tokens: Unexpected response code: 403 (Permission denied)',
    'No policies found',
  ],
  'mistake-leftover-reset-file': [
    'Invalid bootstrap reset index (specified ',
    'ACL bootstrap already done (reset index: ',
  ],
  'mistake-local-token-other-region': [
    'Global       = false',
    'Error writing ACL policy: Unexpected response code: 403 (',
    'Error creating token: Unexpected response code: 403 (',
  ],
  'mistake-no-replication-token': [
    'failed to fetch tokens from authoritative region: error="rpc error: Permission denied"',
    'Error listing ACL policies: Unexpected response code: 403 (',
  ],
  'mistake-reset-file-on-follower': [
    'ACL bootstrap already done (reset index: ',
    'nomad: bootstrap file parsed: path=/opt/nomad/data/server/acl-bootstrap-reset',
  ],
  'mistake-restart-all-at-once': ['connection refused', '500 (No cluster leader)'],
  'mistake-role-in-other-region': [
    '(1 error occurred:\n\t* job "web" is in nonexistent namespace "web")',
    'Error creating token: Unexpected response code: 400 (cannot find role europe-readers)',
    'Error querying jobs: Unexpected response code: 403 (Permission denied)',
  ],
};

const files = readdirSync(dir)
  .filter((file) => file.endsWith('.txt'))
  .sort();

describe('the mistakes typed into nomad-sim shell', () => {
  it('has one typed session per mistake scenario', () => {
    const scenarios = readdirSync(join(root, 'scenarios'))
      .filter((file) => file.startsWith('mistake-'))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(files.map((file) => file.replace(/\.txt$/, ''))).toEqual(scenarios);
    expect(Object.keys(FAILURES).sort()).toEqual(scenarios);
  });

  for (const file of files) {
    const name = file.replace(/\.txt$/, '');
    it(`${name}: typed by hand, it fails as the scenario does`, async () => {
      const script = readFileSync(join(dir, file), 'utf8');
      const args = /npx nomad-sim shell (.*?) < /.exec(script.split('\n')[0] ?? '')?.[1];
      expect(args, `${file}: the first line says how to run it`).toBeDefined();
      const run = spawnSync(
        process.execPath,
        [join(root, 'bin/nomad-sim.js'), 'shell', ...(args ?? '').split(' ')],
        { cwd: root, encoding: 'utf8', input: script },
      );
      expect(run.stderr).toBe('');
      // --keep-going exits with the status of the last line, which may be the failure shown.
      expect([0, 1]).toContain(run.status);
      expect(run.stdout).not.toContain('command not found');
      expect(run.stdout).not.toContain('syntax error');
      await expect(run.stdout).toMatchFileSnapshot(`golden/shell/${name}.txt`);
      const scenario = readFileSync(join(root, `test/golden/scenarios/${name}.modern.txt`), 'utf8');
      for (const failure of FAILURES[name] ?? []) {
        expect(scenario, `the scenario shows ${failure}`).toContain(failure);
        expect(run.stdout, `typed by hand, it shows ${failure}`).toContain(failure);
      }
    }, 60_000);
  }
});
