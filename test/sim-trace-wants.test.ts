/**
 * Trace.wants(kind): records are built only for someone who reads them. A listener of one kind
 * wants that kind alone; a listener of every record, kept lines or a sink want them all; a kind
 * nobody wants is not emitted at all.
 */
import { describe, expect, it } from 'vitest';
import { Trace } from '../src/sim/trace.js';

describe('Trace.wants', () => {
  it('follows listeners per kind', () => {
    const trace = new Trace(() => 5);
    expect(trace.wants('raft.apply')).toBe(false);
    const seen: string[] = [];
    const listener = (record: { kind: string }): void => void seen.push(record.kind);
    trace.on('acl.replicate', listener);
    expect(trace.wants('acl.replicate')).toBe(true);
    expect(trace.wants('raft.apply')).toBe(false);
    trace.record('raft.apply', {
      region: 'r',
      server: 's',
      index: 1,
      term: 1,
      type: 'noop',
      digest: '00000000',
    });
    trace.record('acl.replicate', {
      region: 'r',
      what: 'policies',
      upserted: 1,
      deleted: 0,
      remoteIndex: 9,
      error: null,
    });
    expect(seen).toEqual(['acl.replicate']);
    trace.off('acl.replicate', listener);
    expect(trace.wants('acl.replicate')).toBe(false);
    trace.on('record', listener);
    expect(trace.wants('raft.apply')).toBe(true);
  });

  it('wants everything when lines are kept or a sink is attached', () => {
    expect(new Trace(() => 0, true).wants('log')).toBe(true);
    const trace = new Trace(() => 0);
    const lines: string[] = [];
    trace.addSink((line) => lines.push(line));
    expect(trace.wants('sim.note')).toBe(true);
    trace.record('sim.note', { text: 'hello' });
    expect(lines).toEqual(['{"t":0,"kind":"sim.note","text":"hello"}']);
  });
});
