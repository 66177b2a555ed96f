/**
 * The trace-to-timeline model (src/timeline), without a browser: every part of the model is
 * checked against the trace records it comes from, recomputed here the plain way (scan the
 * records up to a moment) — lanes, roles and leaders, messages, request paths, ACL copies and
 * their write times, the transcript (the same text the scenario printed), a server's state at a
 * moment — on the tutorial and on a multi-region chaos run, plus hand-made traces for partitions,
 * loss, back-off and deletions. A builder that hands out a model and reads on (the playground's
 * live timeline) gives, at every point, the model of the records read so far.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceRecord } from '../src/sim/trace.js';
import { buildTimeline, TimelineBuilder } from '../src/timeline/build-timeline.js';
import { TIMELINE_FORMAT, type Timeline } from '../src/timeline/model.js';
import { leaderAt, roleAt, serverStateAt } from '../src/timeline/server-state.js';
import { packTimeline, unpackTimeline } from '../src/timeline/pack.js';
import { nextNotable, notableTimes, previousNotable } from '../src/timeline/notable-times.js';
import { formatViewPosition, parseViewPosition } from '../src/timeline/view-position.js';
import { naturalCompare } from '../src/timeline/lanes.js';
import { runChaos } from '../src/program/chaos.js';
import { parseTrace } from '../src/check/trace-checker.js';
import { scenario as tutorial } from '../scenarios/tutorial.js';

type Rec<K extends TraceRecord['kind']> = TraceRecord<K>;
const only = <K extends TraceRecord['kind']>(
  records: readonly TraceRecord[],
  kind: K,
): Array<Rec<K>> => records.filter((r) => r.kind === kind) as unknown as Array<Rec<K>>;

let records: TraceRecord[];
let timeline: Timeline;
let transcript: string;

beforeAll(async () => {
  const lines: string[] = [];
  const result = await tutorial.run({ seed: 7, traceSink: (line) => lines.push(line) });
  expect(result.ok).toBe(true);
  transcript = result.transcript;
  records = lines.map((l) => JSON.parse(l) as TraceRecord);
  timeline = buildTimeline(records);
});

const laneOf = (id: string): number => timeline.lanes.findIndex((l) => l.id === id);

/** The role and term of a server at `t`, straight from the records. */
function roleFromTrace(
  all: readonly TraceRecord[],
  id: string,
  t: number,
): { role: string; term: number } | null {
  let state = null as { role: string; term: number } | null;
  for (const r of all) {
    if (r.t > t) break;
    if (!('region' in r) || !('server' in r) || `${r.region}/${r.server}` !== id) continue;
    if (r.kind === 'raft.role')
      state = { role: (r as Rec<'raft.role'>).role, term: (r as Rec<'raft.role'>).term };
    else if (r.kind === 'server.stop') state = { role: 'down', term: state?.term ?? 0 };
    else if (r.kind === 'server.start') state = { role: 'follower', term: state?.term ?? 0 };
  }
  return state;
}

describe('the timeline of the tutorial', () => {
  it('has a lane per endpoint: outside ones first, then each region with its servers in order', () => {
    const servers = [
      ...new Set(only(records, 'server.start').map((r) => `${r.region}/${r.server}`)),
    ];
    expect(timeline.lanes.filter((l) => l.kind === 'server').map((l) => l.id)).toEqual(servers);
    expect(timeline.regions.map((g) => g.name)).toEqual(['global', 'europe', 'asia']);
    expect(timeline.lanes[0]).toEqual({
      id: 'workstation',
      region: null,
      name: 'workstation',
      kind: 'outside',
    });
    expect(timeline.lanes.find((l) => l.id === 'global/client-1')?.kind).toBe('client');
    expect(['server-10', 'server-2', 'server-1'].sort(naturalCompare)).toEqual([
      'server-1',
      'server-2',
      'server-10',
    ]);
  });

  it('gives every server the role and term the trace says, at every moment', () => {
    for (const lane of timeline.lanes.filter((l) => l.kind === 'server')) {
      for (let t = 0; t <= timeline.end; t += 97) {
        const span = roleAt(timeline, laneOf(lane.id), t);
        const expected = roleFromTrace(records, lane.id, t);
        expect(
          span === null ? null : { role: span.role, term: span.term },
          `${lane.id} at ${t}`,
        ).toEqual(expected);
      }
    }
  });

  it('lists one leadership per leader record, with its region and term', () => {
    const leaders = only(records, 'raft.role').filter((r) => r.role === 'leader');
    expect(
      timeline.leaders.map((l) => [l.region, l.term, timeline.lanes[l.lane]?.id, l.from]),
    ).toEqual(leaders.map((r) => [r.region, r.term, `${r.region}/${r.server}`, r.t]));
    const boot = only(records, 'client.request').find(
      (r) => r.operation === 'PUT /v1/acl/bootstrap',
    ) as Rec<'client.request'>;
    expect(timeline.lanes[leaderAt(timeline, 'global', boot.t)]?.id).toBe('global/server-1');
  });

  it('pairs every message with its delivery or drop', () => {
    const sends = only(records, 'net.send');
    const m = timeline.messages;
    expect(m.send.length).toBe(sends.length);
    const ends = new Map<number, TraceRecord>();
    for (const r of records) {
      if (r.kind !== 'net.deliver' && r.kind !== 'net.drop') continue;
      const msg = (r as Rec<'net.deliver'>).msg;
      if (!ends.has(msg)) ends.set(msg, r);
    }
    sends.forEach((s, i) => {
      expect(m.send[i]).toBe(s.t);
      expect(timeline.lanes[m.from[i] as number]?.id).toBe(s.from);
      expect(timeline.lanes[m.to[i] as number]?.id).toBe(s.to);
      expect(m.kinds[m.what[i] as number]).toBe(s.what);
      const end = ends.get(s.msg);
      expect(m.end[i]).toBe(end?.t ?? timeline.end);
      expect(m.outcome[i]).toBe(
        end === undefined
          ? 5
          : end.kind === 'net.deliver'
            ? 0
            : ['delivered', 'loss', 'partition', 'down', 'restarted'].indexOf(
                (end as Rec<'net.drop'>).reason,
              ),
      );
    });
    const slow = m.send
      .map((t, i) => i)
      .filter((i) => (m.end[i] as number) - (m.send[i] as number) > 1000 || m.outcome[i] === 5);
    expect(m.stragglers).toEqual(slow);
    expect(m.longest).toBe(
      Math.max(...m.send.map((t, i) => (slow.includes(i) ? 0 : (m.end[i] as number) - t))),
    );
    expect(m.families[m.kinds.indexOf('heartbeat')]).toBe('heartbeat');
    expect(m.families[m.kinds.indexOf('ACL.ListPolicies')]).toBe('rpc');
  });

  it('follows each request from the workstation to the server that executed it, across regions', () => {
    const responses = only(records, 'client.response');
    for (const response of responses) {
      const path = timeline.requests.find((r) => r.id === response.id);
      expect(path?.end).toBe(response.t);
      expect(timeline.lanes[path?.exec ?? -1]?.id).toBe(`${response.region}/${response.server}`);
      expect(timeline.lanes[path?.entry ?? -1]?.id).toBe(
        `${response.entryRegion}/${response.entryServer}`,
      );
    }
    const boot = timeline.requests.find(
      (r) => r.operation === 'PUT /v1/acl/bootstrap',
    ) as Timeline['requests'][number];
    expect([
      timeline.lanes[boot.origin]?.id,
      timeline.lanes[boot.entry]?.id,
      timeline.lanes[boot.exec]?.id,
      boot.status,
      boot.hops,
    ]).toEqual(['workstation', 'global/server-1', 'global/server-1', 200, []]);
    // `nomad status -region asia`-style reads go from global/server-1 to asia's server in one RPC.
    const remote = timeline.requests.filter(
      (r) => r.exec >= 0 && timeline.lanes[r.exec]?.region !== timeline.lanes[r.entry]?.region,
    );
    expect(remote.length).toBeGreaterThan(0);
    for (const r of remote) {
      expect(r.hops.length).toBeGreaterThan(0);
      const last = r.hops[r.hops.length - 1] as number;
      expect(timeline.messages.to[last]).toBe(r.exec);
      expect(timeline.messages.from[r.hops[0] as number]).toBe(r.entry);
      expect(timeline.messages.send[r.hops[0] as number]).toBeGreaterThanOrEqual(r.t);
    }
  });

  it('times every ACL copy, and its write in the authoritative region by the index it names', () => {
    expect(timeline.acl.authoritative).toBe('global');
    const copies = only(records, 'acl.replicate.object');
    expect(copies.map((c) => c.region).sort()).toEqual([
      'asia',
      'asia',
      'asia',
      'europe',
      'europe',
      'europe',
    ]);
    for (const copy of copies) {
      const object = timeline.acl.objects.find((o) => o.what === copy.what && o.id === copy.id);
      const version = object?.versions.find((v) => v.index === copy.remoteIndex);
      expect(version?.arrivals).toContainEqual({ region: copy.region, t: copy.t });
      const applied = only(records, 'raft.apply').find(
        (a) => a.region === 'global' && a.index === copy.remoteIndex,
      );
      expect(version?.written).toBe(applied?.t);
    }
    const anonymous = timeline.acl.objects.find((o) => o.id === 'anonymous');
    expect(anonymous?.versions.map((v) => v.arrivals.map((a) => a.region))).toEqual([
      ['europe', 'asia'],
    ]);
    const boot = only(records, 'client.response').find(
      (r) => r.operation === 'PUT /v1/acl/bootstrap' && r.status === 200,
    ) as Rec<'client.response'>;
    expect(timeline.acl.writes.map((w) => w.request)).toContain(boot.id);
  });

  it('keeps the transcript as printed, each line at the time of its step', () => {
    expect(
      `${timeline.transcript
        .map((l) => l.text)
        .join('\n')
        .replace(/\n+$/, '')}\n`,
    ).toBe(transcript);
    for (let i = 1; i < timeline.transcript.length; i++)
      expect(timeline.transcript[i]?.t).toBeGreaterThanOrEqual(timeline.transcript[i - 1]?.t ?? 0);
    const bootstrap = timeline.transcript.find((l) => l.text === '$ nomad acl bootstrap');
    const request = only(records, 'client.request').find(
      (r) => r.operation === 'PUT /v1/acl/bootstrap',
    );
    expect(bootstrap?.t).toBeLessThanOrEqual(request?.t ?? -1);
    expect(timeline.title).toBe('Bootstrap the Nomad ACL system across three regions');
  });

  it("derives a server's state at any moment as a scan of the records finds it", () => {
    for (const id of ['global/server-1', 'global/server-2', 'europe/server-1', 'asia/server-3']) {
      for (let t = 0; t <= timeline.end; t += 331) {
        const state = serverStateAt(timeline, laneOf(id), t);
        const mine = records.filter(
          (r) => r.t <= t && 'region' in r && 'server' in r && `${r.region}/${r.server}` === id,
        );
        const starts = mine.filter((r) => r.kind === 'server.start');
        const since = starts[starts.length - 1]?.t ?? -1;
        const running = roleFromTrace(records, id, t);
        const up = running !== null && running.role !== 'down';
        const commits = mine.filter(
          (r): r is Rec<'raft.commit'> => r.kind === 'raft.commit' && r.t >= since,
        );
        const applies = mine.filter(
          (r): r is Rec<'raft.apply'> => r.kind === 'raft.apply' && r.t >= since,
        );
        expect(state.role, `${id} at ${t}`).toBe(running?.role ?? null);
        expect(state.term).toBe(running?.term ?? null);
        expect(state.commitIndex).toBe(up ? (commits[commits.length - 1]?.index ?? null) : null);
        expect(state.appliedIndex).toBe(up ? (applies[applies.length - 1]?.index ?? null) : null);
        const tail = applies.slice(-8).map((a) => [a.index, a.term, a.type]);
        const shown = state.log.filter((e) => e.applied).map((e) => [e.index, e.term, e.type]);
        expect(shown).toEqual(up ? tail.slice(tail.length - shown.length) : []);
        if (up && applies.length > 0)
          expect(shown[shown.length - 1]).toEqual(tail[tail.length - 1]);
      }
    }
  });

  it('survives packing into the page and back', () => {
    const text = packTimeline(timeline);
    expect(text).not.toContain('<');
    expect(unpackTimeline(text)).toEqual(timeline);
    expect(() => unpackTimeline('{"format":"something else"}')).toThrow(
      `not a ${TIMELINE_FORMAT} model`,
    );
  });

  it('steps through notable moments, not messages', () => {
    const times = notableTimes(timeline);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
    const boot = timeline.requests.find(
      (r) => r.operation === 'PUT /v1/acl/bootstrap',
    ) as Timeline['requests'][number];
    expect(times).toContain(boot.t);
    expect(nextNotable(times, boot.t - 0.5)).toBe(boot.t);
    expect(previousNotable(times, boot.t + 0.5)).toBe(boot.t);
    expect(times.length).toBeLessThan(timeline.messages.send.length);
    expect(nextNotable(times, timeline.end)).toBeNull();
  });
});

describe('hand-made traces', () => {
  const server = (
    t: number,
    kind: 'server.start' | 'server.stop',
    name: string,
    crash = false,
  ): TraceRecord =>
    (kind === 'server.start'
      ? { t, kind, region: 'global', server: name }
      : { t, kind, region: 'global', server: name, crash }) as TraceRecord;

  it('shades a partition until the heal naming it, and loss while it is above zero', () => {
    const tl = buildTimeline([
      server(0, 'server.start', 'server-1'),
      server(0, 'server.start', 'server-2'),
      {
        t: 10,
        kind: 'net.fault',
        what: 'partition',
        between: [['10.1.0.1'], ['10.1.0.2']],
        names: [['global/server-1'], ['global/server-2']],
      },
      {
        t: 20,
        kind: 'net.fault',
        what: 'partition-one-way',
        between: [['10.1.0.2'], ['10.1.0.1']],
      },
      { t: 30, kind: 'net.fault', what: 'heal', value: 1 },
      { t: 40, kind: 'net.fault', what: 'loss', value: 0.2 },
      { t: 50, kind: 'net.fault', what: 'loss', value: 0 },
      { t: 60, kind: 'net.fault', what: 'duplicate', value: 0.1 },
      { t: 70, kind: 'net.fault', what: 'heal-all' },
      server(80, 'server.stop', 'server-2', true),
    ] as TraceRecord[]);
    expect(tl.partitions.map((p) => [p.id, p.from, p.to, p.oneWay, p.sides])).toEqual([
      [1, 10, 30, false, [[0], [1]]],
      [2, 20, 70, true, [[], []]],
    ]);
    expect(tl.network).toEqual([
      { what: 'loss', from: 40, to: 50, value: 0.2 },
      { what: 'duplicate', from: 60, to: 80, value: 0.1 },
    ]);
    expect(tl.life.map((e) => e.what)).toEqual(['start', 'start', 'crash']);
    expect(roleAt(tl, 1, 80)?.role).toBe('down');
  });

  it('records back-off after a failed replication round, and deletions as their own versions', () => {
    const round = (t: number, error: string | null): TraceRecord => ({
      t,
      kind: 'acl.replicate',
      region: 'europe',
      what: 'policies',
      upserted: error === null ? 1 : 0,
      deleted: 0,
      remoteIndex: 5,
      error,
    });
    const tl = buildTimeline([
      {
        t: 0,
        kind: 'log',
        region: 'europe',
        server: 'server-1',
        level: 'DEBUG',
        message: 'starting ACL policy replication from authoritative region',
        fields: { authoritative_region: 'global' },
      },
      {
        t: 5,
        kind: 'raft.apply',
        region: 'global',
        server: 'server-1',
        index: 5,
        term: 2,
        type: 'acl.policy.upsert',
        digest: 'x',
      },
      round(10, 'Permission denied'),
      round(40, null),
      {
        t: 40,
        kind: 'acl.replicate.object',
        region: 'europe',
        what: 'policies',
        id: 'ops',
        action: 'upsert',
        remoteIndex: 5,
      },
      {
        t: 60,
        kind: 'acl.replicate.object',
        region: 'europe',
        what: 'policies',
        id: 'ops',
        action: 'delete',
        remoteIndex: 0,
      },
      round(90, 'rpc error: keepalive timeout'),
      { t: 100, kind: 'sim.note', text: 'end' },
    ] as TraceRecord[]);
    expect(tl.acl.backOffs).toEqual([
      { region: 'europe', what: 'policies', from: 10, to: 40, error: 'Permission denied' },
      {
        region: 'europe',
        what: 'policies',
        from: 90,
        to: 100,
        error: 'rpc error: keepalive timeout',
      },
    ]);
    expect(tl.acl.objects).toEqual([
      {
        what: 'policies',
        id: 'ops',
        versions: [
          { action: 'upsert', index: 5, written: 5, arrivals: [{ region: 'europe', t: 40 }] },
          { action: 'delete', index: 0, written: null, arrivals: [{ region: 'europe', t: 60 }] },
        ],
      },
    ]);
  });
});

describe('a live builder', () => {
  it('gives, whenever asked while it reads, the model of the records read so far', () => {
    const builder = new TimelineBuilder();
    const taken: Array<{ count: number; model: Timeline; copy: string }> = [];
    records.forEach((record, i) => {
      builder.add(record);
      if (i % 700 === 350 || i === records.length - 1) {
        const model = builder.finish();
        taken.push({ count: i + 1, model, copy: JSON.stringify(model) });
      }
    });
    expect(taken.length).toBeGreaterThan(5);
    for (const { count, model, copy } of taken) {
      // Reading on did not change a model handed out before, and each is a build of its prefix.
      expect(JSON.stringify(model)).toBe(copy);
      expect(model).toEqual(buildTimeline(records.slice(0, count)));
    }
    expect(taken[taken.length - 1]?.model).toEqual(timeline);
  });

  it('keeps partitions and loss open across a model taken while they last', () => {
    const trace = [
      { t: 0, kind: 'server.start', region: 'global', server: 'server-1' },
      { t: 0, kind: 'server.start', region: 'global', server: 'server-2' },
      {
        t: 10,
        kind: 'net.fault',
        what: 'partition',
        between: [['10.1.0.1'], ['10.1.0.2']],
        names: [['global/server-1'], ['global/server-2']],
      },
      { t: 40, kind: 'net.fault', what: 'loss', value: 0.2 },
      { t: 45, kind: 'net.fault', what: 'loss', value: 0.3 },
      { t: 50, kind: 'net.fault', what: 'loss', value: 0 },
      { t: 70, kind: 'net.fault', what: 'heal-all' },
      { t: 80, kind: 'server.stop', region: 'global', server: 'server-2', crash: true },
    ] as TraceRecord[];
    const builder = new TimelineBuilder();
    trace.forEach((record, i) => {
      builder.add(record);
      expect(builder.finish()).toEqual(buildTimeline(trace.slice(0, i + 1)));
    });
    expect(builder.finish().network).toEqual([
      { what: 'loss', from: 40, to: 45, value: 0.2 },
      { what: 'loss', from: 45, to: 50, value: 0.3 },
    ]);
  });
});

describe('the view position in the URL', () => {
  it('round-trips and ignores nonsense', () => {
    const position = { t: 8626, from: 8000, to: 9500, lane: 'global/server-1', speed: 2 };
    expect(formatViewPosition(position)).toBe(
      't=8626&from=8000&to=9500&lane=global/server-1&speed=2',
    );
    expect(parseViewPosition(`#${formatViewPosition(position)}`)).toEqual(position);
    expect(parseViewPosition('#t=abc&from=9&to=3&speed=-1&lane=&x=1')).toEqual({});
    expect(parseViewPosition('t=1.5&lane=a%2Fb%20c')).toEqual({ t: 1.5, lane: 'a/b c' });
  });
});

describe('a multi-region chaos run', () => {
  it('finds the forwarding hops of requests that entered one region and ran in another', async () => {
    const result = await runChaos({
      seed: 4,
      regions: 'global:3,europe:3,asia:3',
      durationMs: 60_000,
      keepTrace: true,
    });
    const all = parseTrace(result.trace ?? '');
    const tl = buildTimeline(all);
    const forwarded = tl.requests.filter((r) => r.exec >= 0 && r.exec !== r.entry);
    expect(forwarded.length).toBeGreaterThan(20);
    const followed = forwarded.filter((r) => r.hops.length > 0);
    expect(followed.length / forwarded.length).toBeGreaterThan(0.9);
    for (const r of followed) {
      let at = r.entry;
      for (const hop of r.hops) {
        expect(tl.messages.from[hop]).toBe(at);
        expect(tl.messages.send[hop]).toBeGreaterThanOrEqual(r.t);
        expect(tl.messages.send[hop]).toBeLessThanOrEqual(r.end ?? Infinity);
        at = tl.messages.to[hop] as number;
      }
      expect(at).toBe(r.exec);
    }
    const partitions = only(all, 'net.fault').filter((f) => f.what.startsWith('partition'));
    expect(tl.partitions.length).toBe(partitions.length);
    for (const p of tl.partitions) expect(p.sides[0].length + p.sides[1].length).toBeGreaterThan(0);
  });
});
