/**
 * `runAclModelTest({ workers })` (issue 16 §3): the property's runs in worker threads, with
 * results that do not depend on the number of threads. One and two threads, and no threads at
 * all, give the same report on a passing seed, and the same failure (message, shrunk scenario,
 * seed, path and cause) on a broken model that the threads load by module export; options a
 * thread cannot be handed are refused in one clear line.
 */
import { describe, expect, it } from 'vitest';
import { AclModelTestFailure, runAclModelTest } from '../src/testing/index.js';
import { secondBootstrapSucceeds } from './support/broken-acl-models.js';

const brokenModel = {
  module: new URL('./support/broken-acl-models.ts', import.meta.url).href,
  export: 'secondBootstrapSucceeds',
};

async function failureOf(promise: Promise<unknown>): Promise<AclModelTestFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AclModelTestFailure);
  return error as AclModelTestFailure;
}

/** What a failure says, for comparing two of them. */
function essence(failure: AclModelTestFailure) {
  const cause = failure.cause as Error;
  return {
    message: failure.message,
    scenario: failure.scenario,
    seed: failure.seed,
    path: failure.path,
    cause: { name: cause.name, message: cause.message },
  };
}

describe('runAclModelTest over worker threads', () => {
  it('passing: one thread, two threads and none give the same report', async () => {
    const options = { numRuns: 24, seed: 42 };
    const one = await runAclModelTest({ ...options, workers: 1 });
    const two = await runAclModelTest({ ...options, workers: 2 });
    const here = await runAclModelTest(options);
    expect(one).toEqual(here);
    expect(two).toEqual(here);
    expect(here.numRuns).toBe(24);
    expect(here.calls).toBeGreaterThan(24);
  });

  it('failing: the same shrunk counterexample, seed, path and message on one thread, two, or none', async () => {
    const options = { numRuns: 50, seed: 77 };
    const one = await failureOf(runAclModelTest({ ...options, model: brokenModel, workers: 1 }));
    const two = await failureOf(runAclModelTest({ ...options, model: brokenModel, workers: 2 }));
    const here = await failureOf(runAclModelTest({ ...options, model: secondBootstrapSucceeds }));
    expect(essence(one)).toEqual(essence(here));
    expect(essence(two)).toEqual(essence(here));
    expect(here.message).toMatch(
      /^ACL model-based test failed \(after \d+ run\(s\), shrunk \d+ time\(s\)\)\./,
    );
    expect(here.message).toMatch(/got: +400 "ACL bootstrap already done \(reset index: \d+\)"/);
    expect(two.cause).toMatchObject({ name: 'AclModelMismatch' });
    expect(two.scenario.match(/nomad acl bootstrap/g)).toHaveLength(2);
  });

  it('refuses what a thread cannot be handed, in one line', async () => {
    await expect(runAclModelTest({ workers: 0 })).rejects.toThrow(
      'runAclModelTest: workers must be a whole number >= 1, got 0',
    );
    await expect(runAclModelTest({ workers: 2, model: secondBootstrapSucceeds })).rejects.toThrow(
      'runAclModelTest: with workers, give model as { module, export }: worker threads load it from its module, they cannot be handed a function',
    );
    await expect(
      runAclModelTest({ numRuns: 1, model: { module: brokenModel.module, export: 'nothing' } }),
    ).rejects.toThrow(/exports no model factory named nothing$/);
  });
});
