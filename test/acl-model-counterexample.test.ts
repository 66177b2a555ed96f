/**
 * The model-based ACL test can fail, and when it does it prints a runnable scenario (issue 6
 * acceptance): a reference model broken on purpose makes `runAclModelTest` fail with the shrunk
 * sequence as a scenario script; that script, saved in a project depending on nomad-acl-sim and
 * run with tsx, fails at the step where the cluster and the broken model disagree.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { AclModelTestFailure, type ClusterShape, runAclModelTest } from '../src/testing/index.js';
import { AnonymousListsTokens, SecondBootstrapSucceeds } from './support/broken-acl-models.js';
import { linkSourcePackage } from './support/source-package.js';

const projects: string[] = [];
afterAll(() => {
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project under the OS temp dir (no package.json) that depends on this package's sources. */
function userProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nomad-acl-sim-user-'));
  projects.push(dir);
  linkSourcePackage(dir);
  return dir;
}

async function failureOf(promise: Promise<unknown>): Promise<AclModelTestFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AclModelTestFailure);
  return error as AclModelTestFailure;
}

describe('a deliberately broken reference model', () => {
  test('forgetting that a second bootstrap fails: the run fails and prints a scenario that reproduces it with tsx', async () => {
    const failure = await failureOf(
      runAclModelTest({ numRuns: 200, model: (shape) => new SecondBootstrapSucceeds(shape) }),
    );
    expect(failure.message).toContain('ACL model-based test failed');
    expect(failure.message).toMatch(/got: +400 "ACL bootstrap already done \(reset index: \d+\)"/);
    expect(failure.message).toContain(
      `seed: ${failure.seed}, path: ${JSON.stringify(failure.path)}`,
    );
    expect(failure.message).toContain(failure.scenario);
    expect(failure.scenario).toContain("from 'nomad-acl-sim'");
    expect(failure.scenario).toContain('export const scenario = defineScenario(');
    expect(failure.scenario).toContain('THE STEP THAT FAILED');
    // Shrunk to the essence: two bootstraps.
    expect(failure.scenario.match(/nomad acl bootstrap/g)).toHaveLength(2);

    const project = userProject();
    writeFileSync(join(project, 'acl-counterexample.mts'), failure.scenario);
    const result = spawnSync(resolve('node_modules/.bin/tsx'), ['acl-counterexample.mts'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('THE STEP THAT FAILED');
    expect(result.stdout).toContain('ACL bootstrap already done (reset index:');
    expect(result.stdout.match(/SCENARIO FAILED/g)).toHaveLength(1); // runScenarioMain ran it; defineScenario did not run it again
    expect(result.stdout).toMatch(
      /\nreplay: npx tsx acl-counterexample\.mts --seed -?\d+ --profile modern\n$/,
    );
  });

  test('thinking anonymous may list tokens: the run fails with the 403 and the scenario lists tokens anonymously', async () => {
    const failure = await failureOf(
      runAclModelTest({ numRuns: 200, model: (shape) => new AnonymousListsTokens(shape) }),
    );
    expect(failure.message).toContain('token.list as anonymous');
    expect(failure.message).toMatch(/got: +403 "Permission denied"/);
    expect(failure.scenario).toMatch(
      /s\.nomad\(`nomad acl token list`, \{ server: '[a-z]+\/server-\d' \}\)/,
    );

    const project = userProject();
    writeFileSync(join(project, 'acl-counterexample.mts'), failure.scenario);
    const { scenario } = (await import(join(project, 'acl-counterexample.mts'))) as {
      scenario: { run(): Promise<{ ok: boolean; failure: string | null; transcript: string }> };
    };
    const result = await scenario.run();
    expect(result.ok).toBe(false);
    expect(result.transcript).toContain(
      'Error listing ACL tokens: Unexpected response code: 403 (Permission denied)',
    );
  });

  test("the printed replay (seed, path and the commands' replayPath) plays the same shrunk counterexample", async () => {
    const model = (shape: ClusterShape) => new AnonymousListsTokens(shape);
    const failure = await failureOf(runAclModelTest({ numRuns: 200, model }));
    expect(failure.replayPath).toMatch(/^[A-Za-z0-9+/]*:[A-Za-z0-9+/]*$/);
    expect(failure.message).toContain(
      `seed: ${failure.seed}, path: ${JSON.stringify(failure.path)}, replayPath: ${JSON.stringify(failure.replayPath)} })`,
    );
    const replayed = await failureOf(
      runAclModelTest({
        model,
        seed: failure.seed,
        path: failure.path,
        ...(failure.replayPath === undefined ? {} : { replayPath: failure.replayPath }),
      }),
    );
    expect(replayed.scenario).toBe(failure.scenario);
    // Without the commands' replay path fast-check cannot follow the shrinking.
    const lost = await runAclModelTest({ model, seed: failure.seed, path: failure.path }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(lost instanceof Error ? lost.message : lost).toContain('Unable to replay');
  });

  test('the correct model passes the same seeds (the failures above come from the broken rules)', async () => {
    const broken = await failureOf(
      runAclModelTest({
        numRuns: 50,
        seed: 77,
        model: (shape) => new SecondBootstrapSucceeds(shape),
      }),
    );
    expect(broken.seed).toBe(77);
    const report = await runAclModelTest({ numRuns: 50, seed: 77 });
    expect(report.numRuns).toBe(50);
  });
});
