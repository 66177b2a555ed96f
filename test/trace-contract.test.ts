/**
 * The trace as a contract (issue 11, docs/trace.md): every record of real runs follows the
 * schema in src/sim/trace-schema.ts, request ids are unique across workloads, message-level
 * records pair up by id, and a multi-region chaos trace can be checked from the trace alone:
 * every acknowledged write is in the log of the region, and at the server, its response names.
 */
import { describe, expect, it } from 'vitest';
import { validateTraceRecord } from '../src/sim/trace-schema.js';
import { runChaos } from '../src/program/chaos.js';
import { checkTrace, parseTrace } from '../src/check/trace-checker.js';
import type { TraceRecord } from '../src/sim/trace.js';
import { scenario as tutorial } from '../scenarios/tutorial.js';

function invalid(lines: readonly string[]): string[] {
  const out: string[] = [];
  lines.forEach((line, i) => {
    const problem = validateTraceRecord(JSON.parse(line));
    if (problem !== null && out.length < 5) out.push(`line ${i + 1}: ${problem}`);
  });
  return out;
}

describe('the trace schema', () => {
  it('accepts a well-formed record and names what is wrong with a bad one', () => {
    expect(
      validateTraceRecord({
        t: 5,
        kind: 'raft.commit',
        region: 'global',
        server: 'server-1',
        index: 3,
        term: 2,
      }),
    ).toBeNull();
    expect(validateTraceRecord({ kind: 'raft.commit', t: 5 })).toBe(
      'a record must start with "t" then "kind"',
    );
    expect(
      validateTraceRecord({
        t: 5,
        kind: 'raft.commit',
        region: 'global',
        server: 'server-1',
        index: 3,
      }),
    ).toBe('raft.commit: missing field "term"');
    expect(
      validateTraceRecord({
        t: 5,
        kind: 'raft.commit',
        region: 'global',
        server: 'server-1',
        index: 3.5,
        term: 2,
      }),
    ).toBe('raft.commit: field "index" must be integer, got 3.5');
    expect(
      validateTraceRecord({
        t: 5,
        kind: 'raft.commit',
        region: 'global',
        server: 'server-1',
        index: 3,
        term: 2,
        extra: 1,
      }),
    ).toBe('raft.commit: unexpected field "extra"');
    expect(
      validateTraceRecord({
        t: 5,
        kind: 'raft.role',
        region: 'g',
        server: 's',
        term: 1,
        role: 'king',
      }),
    ).toBe('raft.role: field "role" must be one of follower, candidate, leader');
    expect(validateTraceRecord({ t: 5, kind: 'raft.ballot' })).toBe('unknown kind "raft.ballot"');
  });

  it('holds for every record of the tutorial scenario', async () => {
    const lines: string[] = [];
    const result = await tutorial.run({ seed: 7, traceSink: (line) => lines.push(line) });
    expect(result.ok).toBe(true);
    expect(lines.length).toBeGreaterThan(1000);
    expect(invalid(lines)).toEqual([]);
    const kinds = new Set(lines.map((l) => (JSON.parse(l) as TraceRecord).kind));
    for (const kind of [
      'net.send',
      'net.deliver',
      'raft.append',
      'acl.replicate',
      'acl.replicate.object',
      'client.response',
    ])
      expect(kinds).toContain(kind);
  });
});

describe('a multi-region chaos trace, checked from the trace alone', () => {
  it('follows the schema, has unique request ids, pairs messages, and finds every acknowledged write in its log', async () => {
    const result = await runChaos({
      seed: 4,
      regions: 'global:3,europe:3,asia:3',
      durationMs: 120_000,
      keepTrace: true,
    });
    expect(result.ok ? 'ok' : result.violation.detail).toBe('ok');
    const text = result.trace ?? '';
    const lines = text.split('\n').filter((l) => l !== '');
    expect(invalid(lines)).toEqual([]);
    const records = parseTrace(text);

    const requests = records
      .filter((r): r is TraceRecord<'client.request'> => r.kind === 'client.request')
      .map((r) => r.id);
    expect(new Set(requests).size).toBe(requests.length);
    expect(requests.some((id) => id.startsWith('chaos-'))).toBe(true);

    // Forwarded ACL writes name the authoritative region that executed them, not where they entered.
    const responses = records.filter(
      (r): r is TraceRecord<'client.response'> => r.kind === 'client.response',
    );
    const forwarded = responses.filter(
      (r) => r.status === 200 && r.write && r.region !== r.entryRegion,
    );
    expect(forwarded.length).toBeGreaterThan(5);
    expect(new Set(forwarded.map((r) => r.region))).toEqual(new Set(['global']));

    // Every delivery or drop refers to a message that was sent, with the same endpoints.
    const sent = new Map<number, TraceRecord<'net.send'>>();
    for (const r of records) {
      if (r.kind === 'net.send')
        sent.set((r as TraceRecord<'net.send'>).msg, r as TraceRecord<'net.send'>);
      if (r.kind === 'net.deliver' || r.kind === 'net.drop') {
        const m = r as TraceRecord<'net.deliver'>;
        expect(sent.get(m.msg)).toMatchObject({
          from: m.from,
          to: m.to,
          what: m.what,
          bytes: m.bytes,
        });
      }
    }
    expect(checkTrace(records)).toEqual([]);
  });

  it('reports an acknowledged write whose index the named region never applied', () => {
    const text = [
      {
        t: 1,
        kind: 'raft.apply',
        region: 'global',
        server: 'server-1',
        index: 7,
        term: 2,
        type: 'kv.set',
        digest: 'aa',
      },
      {
        t: 2,
        kind: 'client.response',
        id: 'chaos-1',
        region: 'global',
        server: 'server-1',
        entryRegion: 'europe',
        entryServer: 'server-2',
        operation: 'PUT /v1/acl/policy/p',
        write: true,
        status: 200,
        index: 7,
        error: null,
      },
      {
        t: 3,
        kind: 'client.response',
        id: 'chaos-2',
        region: 'europe',
        server: 'server-1',
        entryRegion: 'europe',
        entryServer: 'server-1',
        operation: 'PUT /v1/acl/policy/q',
        write: true,
        status: 200,
        index: 7,
        error: null,
      },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    expect(checkTrace(text).map((v) => [v.property, v.time])).toEqual([
      ['acknowledged write not in the log', 3],
    ]);
  });
});
