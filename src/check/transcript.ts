/**
 * A readable, deterministic rendering of a trace for golden transcript tests: one line per event
 * that matters to a reader (servers starting and stopping, role changes, commits announced by
 * leaders, snapshots, network faults, notes, client requests), with the virtual time first.
 *
 *      0 ms  global/server-1   started
 *   1234 ms  global/server-2   leader of term 2
 *   1240 ms  global/server-2   committed up to 3 (term 2)
 *   5000 ms  network           partition 10.1.0.1 | 10.1.0.2 10.1.0.3
 *
 * Followers' commits and every apply are left out (they would drown the story; the safety checker
 * covers them), and so are role records that repeat a server's role and term (a follower learning
 * who leads).
 */
import type { TraceRecord } from '../sim/trace.js';
import { parseTrace } from './trace-checker.js';

export interface TranscriptOptions {
  /** Also show commits announced by non-leaders. Default false. */
  followerCommits?: boolean;
  /** Show `log` records at these levels. Default none. */
  logLevels?: ReadonlyArray<TraceRecord<'log'>['level']>;
}

const TIME_WIDTH = 8;
const WHO_WIDTH = 18;

function line(t: number, who: string, what: string): string {
  return `${`${t} ms`.padStart(TIME_WIDTH)}  ${who.padEnd(WHO_WIDTH)}${what}`;
}

function fault(record: TraceRecord<'net.fault'>): string {
  const sides = (record.between ?? []).map((side) => side.join(' ')).join(' | ');
  switch (record.what) {
    case 'partition':
      return `partition ${sides}`;
    case 'partition-one-way':
      return `one-way partition ${sides.replace(' | ', ' -/-> ')}`;
    case 'heal-all':
      return 'heal everything';
    case 'heal':
      return `heal partition ${String(record.value)}`;
    default:
      return `${record.what} ${String(record.value ?? '')}`.trimEnd();
  }
}

/**
 * `leader of term 3`, `follower in term 3`, `candidate in term 3`; a candidate whose term did
 * not move is in the pre-vote round for the next term.
 */
function describeRole(
  record: TraceRecord<'raft.role'>,
  before: { role: string; term: number } | undefined,
): string {
  if (record.role === 'leader') return `leader of term ${record.term}`;
  if (
    record.role === 'candidate' &&
    before !== undefined &&
    before.role !== 'candidate' &&
    before.term === record.term
  ) {
    return `pre-vote for term ${record.term + 1}`;
  }
  return `${record.role} in term ${record.term}`;
}

/** Renders trace text or records as transcript text (ends with a newline when not empty). */
export function renderTranscript(
  input: string | readonly TraceRecord[],
  options: TranscriptOptions = {},
): string {
  const records = typeof input === 'string' ? parseTrace(input) : input;
  const leaders = new Set<string>();
  const roles = new Map<string, { role: string; term: number }>();
  const out: string[] = [];
  for (const record of records) {
    const who =
      'region' in record && 'server' in record
        ? `${String(record.region)}/${String(record.server)}`
        : '';
    switch (record.kind) {
      case 'server.start':
        roles.delete(who);
        out.push(line(record.t, who, 'started'));
        break;
      case 'server.stop': {
        const r = record as TraceRecord<'server.stop'>;
        leaders.delete(who);
        out.push(line(r.t, who, r.crash ? 'crashed' : 'stopped'));
        break;
      }
      case 'raft.role': {
        const r = record as TraceRecord<'raft.role'>;
        if (r.role === 'leader') leaders.add(who);
        else leaders.delete(who);
        const before = roles.get(who);
        roles.set(who, { role: r.role, term: r.term });
        if (before?.role === r.role && before.term === r.term) break;
        out.push(line(r.t, who, describeRole(r, before)));
        break;
      }
      case 'raft.commit': {
        const r = record as TraceRecord<'raft.commit'>;
        if (leaders.has(who) || options.followerCommits === true)
          out.push(line(r.t, who, `committed up to ${r.index} (term ${r.term})`));
        break;
      }
      case 'raft.snapshot': {
        const r = record as TraceRecord<'raft.snapshot'>;
        out.push(line(r.t, who, `snapshot ${r.how} at index ${r.index} (term ${r.term})`));
        break;
      }
      case 'net.fault':
        out.push(line(record.t, 'network', fault(record as TraceRecord<'net.fault'>)));
        break;
      case 'sim.note':
        out.push(line(record.t, 'note', (record as TraceRecord<'sim.note'>).text));
        break;
      case 'client.request': {
        const r = record as TraceRecord<'client.request'>;
        out.push(line(r.t, 'client', `${r.operation} -> ${r.region}/${r.server}`));
        break;
      }
      case 'client.response': {
        const r = record as TraceRecord<'client.response'>;
        const outcome = r.error === null ? `ok, index ${r.index}` : `${r.status} ${r.error}`;
        out.push(line(r.t, 'client', `${r.operation} <- ${outcome}`));
        break;
      }
      case 'log': {
        const r = record as TraceRecord<'log'>;
        if (options.logLevels?.includes(r.level) === true)
          out.push(line(r.t, who, `[${r.level}] ${r.message}`));
        break;
      }
      default:
        break;
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
