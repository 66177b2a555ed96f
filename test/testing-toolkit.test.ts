/**
 * The property-test toolkit's building blocks (src/testing): the arbitraries stay within their
 * constraints, generated ACL operations resolve to calls the cluster can take, the invariant
 * checker entry points find violations in traces and clusters (and none in healthy runs), the
 * settle wait, and recorded runs that turn a failing property body into a scenario.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  AclReferenceModel,
  ClusterRun,
  ClusterRunFailure,
  REGION_NAMES,
  aclOperationArb,
  aclOperationsArb,
  checkInvariants,
  clusterShapeArb,
  rollingRestartInOrder,
  rollingRestartOrderArb,
  serverRefs,
  serversInOrder,
  shapeOf,
  waitForAclSettled,
  withClusterRun,
} from '../src/testing/index.js';
import type { TraceRecord } from '../src/sim/trace.js';

describe('arbitraries', () => {
  test('cluster shapes respect their constraints and name one authoritative region', () => {
    const constraints = fc.record({
      minRegions: fc.integer({ min: 1, max: 3 }),
      extra: fc.nat(2),
      counts: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        constraints.chain((c) =>
          fc.tuple(
            fc.constant(c),
            clusterShapeArb({
              minRegions: c.minRegions,
              maxRegions: c.minRegions + c.extra,
              serverCounts: c.counts,
            }),
          ),
        ),
        ([c, shape]) => {
          expect(shape.regions.length).toBeGreaterThanOrEqual(c.minRegions);
          expect(shape.regions.length).toBeLessThanOrEqual(c.minRegions + c.extra);
          expect(shape.regions.map((r) => r.name)).toEqual(
            REGION_NAMES.slice(0, shape.regions.length),
          );
          for (const region of shape.regions) expect(c.counts).toContain(region.servers);
          expect(shape.regions.map((r) => r.name)).toContain(shape.authoritativeRegion);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('the default shapes: 1 to 3 regions of 1, 3 or 5 servers; bad constraints are refused', () => {
    const shapes = fc.sample(clusterShapeArb(), { numRuns: 300, seed: 1 });
    expect(new Set(shapes.map((s) => s.regions.length))).toEqual(new Set([1, 2, 3]));
    expect(new Set(shapes.flatMap((s) => s.regions.map((r) => r.servers)))).toEqual(
      new Set([1, 3, 5]),
    );
    expect(() => clusterShapeArb({ minRegions: 0 })).toThrow(RangeError);
    expect(() => clusterShapeArb({ maxRegions: 6 })).toThrow(RangeError);
    expect(() => clusterShapeArb({ serverCounts: [] })).toThrow(RangeError);
    expect(() => clusterShapeArb({ serverCounts: [10] })).toThrow(RangeError);
  });

  test('rolling-restart orders are permutations', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 7 })
          .chain((n) => fc.tuple(fc.constant(n), rollingRestartOrderArb(n))),
        ([n, order]) => {
          expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        },
      ),
    );
  });

  test('operation weights choose the kinds; all zero is refused; sequences keep their bounds', () => {
    const only = fc.sample(
      aclOperationArb({
        weights: {
          bootstrap: 0,
          'policy.write': 0,
          'policy.delete': 0,
          'policy.read': 0,
          'policy.list': 0,
          'token.create': 0,
          'token.delete': 0,
          'token.read': 0,
          'token.list': 0,
          'token.self': 1,
          'jobs.list': 0,
        },
      }),
      50,
    );
    expect(new Set(only.map((op) => op.op))).toEqual(new Set(['token.self']));
    const none = Object.fromEntries(
      [
        'bootstrap',
        'policy.write',
        'policy.delete',
        'policy.read',
        'policy.list',
        'token.create',
        'token.delete',
        'token.read',
        'token.list',
        'token.self',
        'jobs.list',
      ].map((k) => [k, 0]),
    );
    expect(() => aclOperationArb({ weights: none })).toThrow(RangeError);
    const sequences = fc.sample(aclOperationsArb({ minLength: 2, maxLength: 5 }), {
      numRuns: 200,
      seed: 9,
    });
    for (const ops of sequences) {
      expect(ops.length).toBeGreaterThanOrEqual(2);
      expect(ops.length).toBeLessThanOrEqual(6); // plus the optional opening bootstrap
    }
    expect(sequences.filter((ops) => ops[0]?.op === 'bootstrap').length).toBeGreaterThan(120);
  });

  test('resolved operations name servers of the shape and tokens the model knows', () => {
    fc.assert(
      fc.property(
        clusterShapeArb(),
        fc.array(aclOperationArb(), { maxLength: 30 }),
        (shape, ops) => {
          const model = new AclReferenceModel(shape);
          const servers = new Set(serverRefs(shape));
          for (const op of ops) {
            const call = model.resolve(op);
            expect(servers.has(call.via)).toBe(true);
            const handles = new Set(model.tokens.map((t) => t.handle));
            if ('as' in call)
              expect(call.as === 'anonymous' || call.as === 'bogus' || handles.has(call.as)).toBe(
                true,
              );
            if ('target' in call)
              expect(call.target === 'bogus' || handles.has(call.target)).toBe(true);
            if (shape.regions.length > 1 && call.op === 'bootstrap')
              expect(call.secret).not.toBe('generated');
            if (shape.regions.length > 1 && call.op === 'token.delete' && call.target !== 'bogus')
              expect(model.token(call.target)?.operatorSecret).toBe(false);
            model.apply(call);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the invariant checker entry points', () => {
  const role = (t: number, server: string, term: number): TraceRecord =>
    ({ t, kind: 'raft.role', region: 'global', server, term, role: 'leader' }) as TraceRecord;
  const apply = (t: number, server: string, index: number, digest: string): TraceRecord =>
    ({
      t,
      kind: 'raft.apply',
      region: 'global',
      server,
      index,
      term: 2,
      type: 'kv.set',
      digest,
    }) as TraceRecord;

  test('two leaders in one term, and two entries at one index, are violations', () => {
    expect(checkInvariants([role(1, 'server-1', 2), role(5, 'server-2', 3)])).toEqual([]);
    expect(
      checkInvariants([role(1, 'server-1', 2), role(5, 'server-2', 2)]).map((v) => v.property),
    ).toEqual(['election safety']);
    const lines = [apply(1, 'server-1', 7, 'aaaa'), apply(2, 'server-2', 7, 'bbbb')]
      .map((r) => JSON.stringify(r))
      .join('\n');
    expect(checkInvariants(lines).map((v) => v.property)).toEqual(['state machine safety']);
  });

  test('a healthy run has no violations; a cluster without its trace is refused', async () => {
    const run = await ClusterRun.start({ seed: 4, shape: shapeOf([3]), keepTrace: true });
    await run.acl({ op: 'bootstrap', via: 'global/server-2', secret: 'generated' });
    await rollingRestartInOrder(run.cluster, 'global', [1, 2, 0]);
    expect(checkInvariants(run.cluster)).toEqual([]);
    run.stop();
    const untraced = await ClusterRun.start({ seed: 4, shape: shapeOf([1]) });
    expect(() => checkInvariants(untraced.cluster)).toThrow(/keepTrace: true/);
    untraced.stop();
  });

  test('convergence: a region without a replication token never gets the policies; with one it does', async () => {
    const rules = 'node {\n  policy = "read"\n}\n';
    const lonely = await ClusterRun.start({
      seed: 6,
      shape: shapeOf([3, 1]),
      keepTrace: true,
      replication: false,
    });
    await lonely.acl({ op: 'bootstrap', via: 'global/server-1', secret: 'operator' });
    await lonely.acl({
      op: 'policy.write',
      via: 'global/server-1',
      as: 't1',
      name: 'ops',
      description: '',
      rules,
    });
    expect(await waitForAclSettled(lonely.cluster, { timeoutMs: 40_000 })).toBe(false);
    expect(checkInvariants(lonely.cluster, { converged: true }).map((v) => v.property)).toEqual([
      'acl convergence',
    ]);
    lonely.stop();

    const federated = await ClusterRun.start({ seed: 6, shape: shapeOf([3, 1]), keepTrace: true });
    await federated.acl({ op: 'bootstrap', via: 'global/server-1', secret: 'operator' });
    await federated.acl({
      op: 'policy.write',
      via: 'global/server-1',
      as: 't1',
      name: 'ops',
      description: '',
      rules,
    });
    const notes: string[] = [];
    expect(
      await waitForAclSettled({ cluster: federated.cluster, note: (text) => notes.push(text) }),
    ).toBe(true);
    expect(notes).toEqual([expect.stringMatching(/^waited \d+ ms for the regions to settle$/)]);
    expect(checkInvariants(federated.cluster, { converged: true })).toEqual([]);
    federated.stop();
  });
});

describe('recorded runs', () => {
  test('serversInOrder refuses orders that do not fit the region', async () => {
    const run = await ClusterRun.start({ seed: 2, shape: shapeOf([3]) });
    expect(serversInOrder(run.cluster, 'global', [2, 0]).map((s) => s.name)).toEqual([
      'server-3',
      'server-1',
    ]);
    expect(() => serversInOrder(run.cluster, 'global', [3])).toThrow(/no server at position 3/);
    expect(() => serversInOrder(run.cluster, 'global', [1, 1])).toThrow(/twice/);
    run.stop();
  });

  test('withClusterRun passes the result through, and turns a failure into one carrying the scenario', async () => {
    const shape = shapeOf([1]);
    const status = await withClusterRun(
      { seed: 1, shape },
      async (run) =>
        (await run.acl({ op: 'token.self', via: 'global/server-1', as: 'bogus' })).status,
    );
    expect(status).toBe(403);
    const failure = await withClusterRun({ seed: 1, shape }, async (run) => {
      await run.acl({ op: 'bootstrap', via: 'global/server-1', secret: 'generated' });
      throw new Error('the property does not hold');
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ClusterRunFailure);
    const { message, scenario } = failure as ClusterRunFailure;
    expect(message).toContain('Error: the property does not hold');
    expect(message).toContain(scenario);
    expect(scenario).toContain('It failed with: the property does not hold');
    expect(scenario).toContain(
      "await s.nomad(`nomad acl bootstrap`, { server: 'global/server-1' });",
    );
  });
});
