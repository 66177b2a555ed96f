/**
 * The model-based test of the ACL API (issue 6): random sequences of ACL operations (policy and
 * token writes, deletes and reads, bootstrap, job listing) through random servers of random regions,
 * by management tokens, client tokens, deleted tokens, anonymous and unknown secrets, against fresh
 * clusters of one or two regions — every answer must match the reference model's status, text and
 * visible state. fast-check picks the seed; a failure prints it with the path and the shrunk
 * sequence as a runnable scenario.
 */
import { expect, test } from 'vitest';
import { runAclModelTest } from '../src/testing/index.js';

test('200 random ACL operation sequences agree with the reference model', async () => {
  const report = await runAclModelTest({ numRuns: 200 });
  expect(report.numRuns).toBe(200);
  // Sequences are not trivially short: about ten calls each on average.
  expect(report.calls).toBeGreaterThan(1_000);
});
