/** A user's property test written with the toolkit (the README shows it): rolling restarts keep ACL writes. */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { rollingRestartOrderArb, shapeOf, withClusterRun } from 'nomad-acl-sim/testing';

const names = fc.uniqueArray(fc.constantFrom('ops', 'dev', 'readonly'), { minLength: 1 });
const rules = 'namespace "default" {\n  policy = "read"\n}\n';

test('a rolling restart of a 3-server region, in any order, loses no acknowledged ACL write', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.nat(10_000),
      rollingRestartOrderArb(3),
      names,
      async (seed, order, written) => {
        await withClusterRun({ seed, shape: shapeOf([3]) }, async (run) => {
          const boot = await run.acl({
            op: 'bootstrap',
            via: 'global/server-1',
            secret: 'generated',
          });
          expect(boot.status).toBe(200);
          for (const name of written) {
            const put = await run.acl({
              op: 'policy.write',
              via: 'global/server-2',
              as: 't1',
              name,
              description: '',
              rules,
            });
            expect(put.status).toBe(200); // acknowledged
          }
          await run.restartInOrder('global', order);
          const listed = await run.acl({ op: 'policy.list', via: 'global/server-3', as: 't1' });
          expect((listed.body as Array<{ Name: string }>).map((p) => p.Name)).toEqual(
            [...written].sort(),
          );
        });
      },
    ),
    { numRuns: 25, includeErrorInReport: true },
  );
});
