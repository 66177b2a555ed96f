/**
 * Checks a finished run from its trace alone (JSON lines, docs/trace.md): the properties
 * the trace records carry without access to the servers. At most one leader per term per region
 * (`raft.role`), every server applies the same entry at each index (`raft.apply` digests), and a
 * server's commit index never goes down while it runs (`raft.commit`, reset by `server.start`),
 * and every acknowledged write (`client.response` with `write`, status 200, an index) was applied
 * at that index by the server the response names, in the log of the region it names.
 * Useful for traces written by the chaos command or by another version of the simulator.
 */
import type { TraceRecord } from '../sim/trace.js';
import type { Violation } from './violation.js';

/** Parses trace text; throws a clear error naming the line that is not a trace record. */
export function parseTrace(text: string): TraceRecord[] {
  const records: TraceRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new SyntaxError(`trace line ${i + 1} is not JSON: ${line.slice(0, 80)}`);
    }
    const record = value as Partial<TraceRecord>;
    if (
      typeof record !== 'object' ||
      record === null ||
      typeof record.t !== 'number' ||
      typeof record.kind !== 'string'
    ) {
      throw new SyntaxError(`trace line ${i + 1} is not a trace record (needs "t" and "kind")`);
    }
    records.push(record as TraceRecord);
  });
  return records;
}

/** All violations the trace shows, in order of detection. */
export function checkTrace(input: string | readonly TraceRecord[]): Violation[] {
  const records = typeof input === 'string' ? parseTrace(input) : input;
  const violations: Violation[] = [];
  const leaders = new Map<string, string>();
  const applied = new Map<string, { digest: string; server: string }>();
  const commits = new Map<string, number>();
  const appliedBy = new Set<string>();
  const acknowledged: Array<TraceRecord<'client.response'>> = [];
  for (const record of records) {
    switch (record.kind) {
      case 'server.start': {
        const r = record as TraceRecord<'server.start'>;
        commits.delete(`${r.region}/${r.server}`);
        break;
      }
      case 'raft.role': {
        const r = record as TraceRecord<'raft.role'>;
        if (r.role !== 'leader') break;
        const key = `${r.region}#${r.term}`;
        const owner = leaders.get(key);
        if (owner === undefined) leaders.set(key, r.server);
        else if (owner !== r.server) {
          violations.push({
            property: 'election safety',
            detail: `${r.region}/${owner} and ${r.region}/${r.server} both lead term ${r.term}`,
            time: r.t,
          });
        }
        break;
      }
      case 'raft.commit': {
        const r = record as TraceRecord<'raft.commit'>;
        const key = `${r.region}/${r.server}`;
        const before = commits.get(key) ?? 0;
        if (r.index < before) {
          violations.push({
            property: 'committed entry changed',
            detail: `${key} moved its commit index back from ${before} to ${r.index}`,
            time: r.t,
          });
        }
        commits.set(key, Math.max(before, r.index));
        break;
      }
      case 'raft.apply': {
        const r = record as TraceRecord<'raft.apply'>;
        const key = `${r.region}#${r.index}`;
        appliedBy.add(`${r.region}/${r.server}#${r.index}`);
        const first = applied.get(key);
        if (first === undefined) applied.set(key, { digest: r.digest, server: r.server });
        else if (first.digest !== r.digest) {
          violations.push({
            property: 'state machine safety',
            detail: `${r.region}/${r.server} applied a different entry at index ${r.index} than ${r.region}/${first.server}`,
            time: r.t,
          });
        }
        break;
      }
      case 'client.response': {
        const r = record as TraceRecord<'client.response'>;
        if (r.write && r.status === 200 && r.error === null && r.index > 0) acknowledged.push(r);
        break;
      }
      default:
        break;
    }
  }
  for (const r of acknowledged) {
    if (appliedBy.has(`${r.region}/${r.server}#${r.index}`)) continue;
    violations.push({
      property: 'acknowledged write not in the log',
      detail: `${r.id} (${r.operation}) was acknowledged at index ${r.index} by ${r.region}/${r.server}, which never applied that index`,
      time: r.t,
    });
  }
  return violations;
}
