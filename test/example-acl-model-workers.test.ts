/** The README's model-based test over worker threads: the same report as one thread gives. */
import { expect, test } from 'vitest';
import { runAclModelTest } from 'nomad-acl-sim/testing';

test('the ACL API agrees with the reference model, run over two worker threads', async () => {
  const report = await runAclModelTest({ numRuns: 40, seed: 7, workers: 2 });
  expect(report.numRuns).toBe(40);
  // The seed fixes every run, so the threads find what a single thread finds.
  expect(report).toEqual(await runAclModelTest({ numRuns: 40, seed: 7 }));
});
