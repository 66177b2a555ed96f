/**
 * The Raft invariant checks one by one, each fed a small hand-built broken situation (fake
 * servers with fake Raft nodes, or hand-written trace records), and the helpers around them:
 * the trace checker, the transcript renderer, the ack ledger and the error mapping. The seeded-bug
 * tests show the checks catch real bugs; these show each check fires for its own reason.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../src/region/cluster.js';
import { DEFAULT_RAFT_TIMINGS, type LogEntry } from '../src/raft/index.js';
import type { TraceRecord } from '../src/sim/trace.js';
import { Cluster as RealCluster } from '../src/region/cluster.js';
import {
  AckLedger,
  InvariantViolation,
  RaftSafetyChecker,
  checkTrace,
  clusterUnsettled,
  parseTrace,
  renderTranscript,
  violationFromError,
  type PropertyName,
} from '../src/check/index.js';

// ---------------------------------------------------------------------------------------------
// Fake servers: just what the checker reads.

function entry(index: number, term: number, data = `e${index}t${term}`): LogEntry {
  return { index, term, type: 'command', data: new TextEncoder().encode(data) } as LogEntry;
}

class FakeNode {
  role: 'follower' | 'candidate' | 'leader' = 'follower';
  commitIndex = 0;
  snapshotIndex = 0;
  snapshotTerm = 0;
  constructor(
    public term: number,
    public log: LogEntry[],
  ) {}
  get lastIndex(): number {
    return this.log.length;
  }
  get lastTerm(): number {
    return this.log[this.log.length - 1]?.term ?? 0;
  }
  entryAt(i: number): LogEntry | undefined {
    return this.log[i - 1];
  }
  termAt(i: number): number | undefined {
    return i === 0 ? 0 : this.log[i - 1]?.term;
  }
}

function fakeCluster(logs: LogEntry[][]) {
  const servers = logs.map((log, i) => ({
    homeRegion: 'global',
    region: 'global',
    name: `server-${i + 1}`,
    isRunning: true,
    incarnation: 1,
    node: new FakeNode(1, log),
  }));
  const cluster = {
    servers,
    regionNames: ['global'],
    timings: DEFAULT_RAFT_TIMINGS,
    serversOf: () => servers,
  } as unknown as Cluster;
  const checker = new RaftSafetyChecker(cluster, (property, detail) => {
    throw new InvariantViolation({ property, detail, time: 0 });
  });
  const step = (): PropertyName | null => {
    try {
      checker.afterStep();
      return null;
    } catch (error) {
      return (error as InvariantViolation).violation.property;
    }
  };
  const record = (r: Record<string, unknown>): PropertyName | null => {
    try {
      checker.onRecord({ t: 0, region: 'global', ...r } as unknown as TraceRecord);
      return null;
    } catch (error) {
      return (error as InvariantViolation).violation.property;
    }
  };
  return { servers, step, record };
}

describe('Raft safety checks', () => {
  it('pass on agreeing logs', () => {
    const log = [entry(1, 1), entry(2, 1)];
    const { servers, step } = fakeCluster([log, [...log], [log[0] as LogEntry]]);
    (servers[0] as { node: FakeNode }).node.role = 'leader';
    expect(step()).toBeNull();
    expect(step()).toBeNull();
  });

  it('election safety: two leaders of one term', () => {
    const { servers, step } = fakeCluster([[entry(1, 1)], [entry(1, 1)], []]);
    for (const s of servers.slice(0, 2)) s.node.role = 'leader';
    expect(step()).toBe('election safety');
  });

  it('leader append-only: a leader drops or replaces its own entry', () => {
    const { servers, step } = fakeCluster([[entry(1, 1), entry(2, 1)], [], []]);
    const node = servers[0]?.node as FakeNode;
    node.role = 'leader';
    expect(step()).toBeNull();
    node.log = [entry(1, 1), entry(2, 1, 'rewritten')];
    expect(step()).toBe('leader append-only');
  });

  it('log matching: the same index and term with different entries', () => {
    const { step } = fakeCluster([
      [entry(1, 1), entry(2, 2, 'a')],
      [entry(1, 1), entry(2, 2, 'b')],
      [],
    ]);
    expect(step()).toBe('log matching');
  });

  it('log matching: the same index and term after different predecessors', () => {
    const { step } = fakeCluster([
      [entry(1, 1), entry(2, 3, 'x')],
      [entry(1, 2), entry(2, 3, 'x')],
      [],
    ]);
    expect(step()).toBe('log matching');
  });

  it('committed entry changed: two servers commit different entries at one index', () => {
    const { servers, record } = fakeCluster([[entry(1, 1, 'a')], [entry(1, 2, 'b')], []]);
    expect(record({ kind: 'raft.commit', server: servers[0]?.name, index: 1, term: 1 })).toBeNull();
    expect(record({ kind: 'raft.commit', server: servers[1]?.name, index: 1, term: 2 })).toBe(
      'committed entry changed',
    );
  });

  it('leader completeness: a later leader lacks a committed entry', () => {
    const { servers, step, record } = fakeCluster([[entry(1, 1), entry(2, 1)], [entry(1, 1)], []]);
    expect(record({ kind: 'raft.commit', server: servers[0]?.name, index: 2, term: 1 })).toBeNull();
    const late = servers[1]?.node as FakeNode;
    late.term = 2;
    late.role = 'leader';
    expect(step()).toBe('leader completeness');
  });

  it('state machine safety: different entries applied at one index, or an index skipped', () => {
    const { servers, record } = fakeCluster([[entry(1, 1)], [entry(1, 1)], [entry(1, 1)]]);
    expect(
      record({
        kind: 'raft.apply',
        server: servers[0]?.name,
        index: 1,
        term: 1,
        type: 'kv.set',
        digest: 'aa',
      }),
    ).toBeNull();
    expect(
      record({
        kind: 'raft.apply',
        server: servers[1]?.name,
        index: 1,
        term: 1,
        type: 'kv.set',
        digest: 'bb',
      }),
    ).toBe('state machine safety');
    expect(
      record({
        kind: 'raft.apply',
        server: servers[2]?.name,
        index: 2,
        term: 1,
        type: 'kv.set',
        digest: 'aa',
      }),
    ).toBe('state machine safety');
  });
});

describe('checkTrace', () => {
  const lines = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n');

  it('finds nothing wrong in a clean trace', () => {
    const text = lines([
      { t: 0, kind: 'server.start', region: 'global', server: 'a' },
      { t: 5, kind: 'raft.role', region: 'global', server: 'a', term: 2, role: 'leader' },
      { t: 6, kind: 'raft.role', region: 'europe', server: 'b', term: 2, role: 'leader' },
      { t: 7, kind: 'raft.commit', region: 'global', server: 'a', index: 3, term: 2 },
      {
        t: 8,
        kind: 'raft.apply',
        region: 'global',
        server: 'a',
        index: 3,
        term: 2,
        type: 'kv.set',
        digest: 'x',
      },
      {
        t: 9,
        kind: 'raft.apply',
        region: 'global',
        server: 'b',
        index: 3,
        term: 2,
        type: 'kv.set',
        digest: 'x',
      },
      { t: 10, kind: 'server.start', region: 'global', server: 'a' },
      { t: 11, kind: 'raft.commit', region: 'global', server: 'a', index: 1, term: 2 },
    ]);
    expect(checkTrace(text)).toEqual([]);
  });

  it('finds two leaders in one term, different applies, and a commit index going back', () => {
    const text = lines([
      { t: 5, kind: 'raft.role', region: 'global', server: 'a', term: 2, role: 'leader' },
      { t: 6, kind: 'raft.role', region: 'global', server: 'b', term: 2, role: 'leader' },
      {
        t: 8,
        kind: 'raft.apply',
        region: 'global',
        server: 'a',
        index: 3,
        term: 2,
        type: 'kv.set',
        digest: 'x',
      },
      {
        t: 9,
        kind: 'raft.apply',
        region: 'global',
        server: 'b',
        index: 3,
        term: 2,
        type: 'kv.set',
        digest: 'y',
      },
      { t: 10, kind: 'raft.commit', region: 'global', server: 'a', index: 4, term: 2 },
      { t: 11, kind: 'raft.commit', region: 'global', server: 'a', index: 3, term: 2 },
    ]);
    expect(checkTrace(text).map((v) => [v.property, v.time])).toEqual([
      ['election safety', 6],
      ['state machine safety', 9],
      ['committed entry changed', 11],
    ]);
  });

  it('rejects lines that are not trace records', () => {
    expect(() => parseTrace('{"t":1,"kind":"log"}\nnot json')).toThrow(
      'trace line 2 is not JSON: not json',
    );
    expect(() => parseTrace('{"kind":"log"}')).toThrow(
      'trace line 1 is not a trace record (needs "t" and "kind")',
    );
  });
});

describe('renderTranscript', () => {
  it('renders the records a reader needs, one line each', () => {
    const records = [
      { t: 0, kind: 'server.start', region: 'global', server: 's1' },
      { t: 2, kind: 'raft.role', region: 'global', server: 's1', term: 1, role: 'follower' },
      { t: 900, kind: 'raft.role', region: 'global', server: 's1', term: 1, role: 'candidate' },
      { t: 905, kind: 'raft.role', region: 'global', server: 's1', term: 2, role: 'candidate' },
      { t: 910, kind: 'raft.role', region: 'global', server: 's1', term: 2, role: 'leader' },
      { t: 911, kind: 'raft.commit', region: 'global', server: 's1', index: 2, term: 2 },
      { t: 912, kind: 'raft.commit', region: 'global', server: 's2', index: 2, term: 2 },
      {
        t: 913,
        kind: 'raft.apply',
        region: 'global',
        server: 's1',
        index: 2,
        term: 2,
        type: 'noop',
        digest: 'x',
      },
      { t: 1000, kind: 'net.fault', what: 'partition', between: [['a'], ['b', 'c']] },
      { t: 1001, kind: 'net.fault', what: 'partition-one-way', between: [['a'], ['b']] },
      { t: 1002, kind: 'net.fault', what: 'loss', value: 0.2 },
      { t: 1003, kind: 'sim.note', text: 'hello' },
      { t: 1004, kind: 'server.stop', region: 'global', server: 's1', crash: true },
    ] as unknown as TraceRecord[];
    expect(renderTranscript(records)).toBe(
      [
        '    0 ms  global/s1         started',
        '    2 ms  global/s1         follower in term 1',
        '  900 ms  global/s1         pre-vote for term 2',
        '  905 ms  global/s1         candidate in term 2',
        '  910 ms  global/s1         leader of term 2',
        '  911 ms  global/s1         committed up to 2 (term 2)',
        ' 1000 ms  network           partition a | b c',
        ' 1001 ms  network           one-way partition a -/-> b',
        ' 1002 ms  network           loss 0.2',
        ' 1003 ms  note              hello',
        ' 1004 ms  global/s1         crashed',
        '',
      ].join('\n'),
    );
  });
});

describe('ack ledger and liveness helpers', () => {
  it('refuses a key acknowledged twice', () => {
    const ledger = new AckLedger();
    ledger.record({ region: 'global', key: 'k', value: 'v', index: 7, time: 0 });
    expect(() =>
      ledger.record({ region: 'global', key: 'k', value: 'w', index: 8, time: 1 }),
    ).toThrow(/acknowledged twice/);
  });

  it('finds an acknowledged write a server does not hold', async () => {
    const cluster = new RealCluster({ seed: 3, regions: [{ name: 'global', servers: 3 }] });
    cluster.startAll();
    const leader = await cluster.waitForLeader('global');
    const reply = await cluster.submit(leader.address, { type: 'kv.set', key: 'k', value: 'v' });
    const index = (reply as { ok: true; value: { index: number } }).value.index;
    await cluster.sim.sleep(1_000);
    const ledger = new AckLedger();
    ledger.record({ region: 'global', key: 'k', value: 'v', index, time: cluster.sim.now });
    expect(clusterUnsettled(cluster, ledger)).toBeNull();
    const follower = cluster.serversOf('global').find((s) => s !== leader);
    follower?.fsm?.kv.apply(index + 100, { type: 'kv.delete', key: 'k' });
    expect(clusterUnsettled(cluster, ledger)).toBe(
      `global/${follower?.name} lacks the write of k="v" acknowledged at index ${index} (holds nothing)`,
    );
    expect(ledger.firstMissing(cluster)?.server).toBe(follower);
  });

  it('maps errors escaping the simulation to violations', () => {
    expect(
      violationFromError(new Error('Raft safety violated: a and b both lead term 3'), 5),
    ).toEqual({
      property: 'election safety',
      detail: 'Raft safety violated: a and b both lead term 3',
      time: 5,
    });
    expect(violationFromError(new Error('boom'), 6).property).toBe('simulation error');
    const own = { property: 'liveness' as const, detail: 'x', time: 1 };
    expect(violationFromError(new InvariantViolation(own), 9)).toBe(own);
  });
});
