/**
 * Builds the timeline model (./model.ts) from trace records, one record at a time, so a writer can
 * feed it while a run goes or while it reads a trace file line by line without keeping the lines.
 * Records of kinds the page does not show (`log` beyond the authoritative region's name,
 * `sim.note`) are read and dropped. `finish` fixes the lane order and returns the model of what was
 * read so far, sharing nothing with the builder, which may go on reading.
 */
import type { TraceRecord } from '../sim/trace.js';
import {
  TIMELINE_FORMAT,
  type ConfigEvent,
  type LifeEvent,
  type VoteEvent,
  type ServerLog,
  type SnapshotEvent,
  type Timeline,
  type TranscriptLine,
} from './model.js';
import { LaneRegistry } from './lanes.js';
import { MessageTableBuilder } from './message-table.js';
import { leadershipsOf, RoleTracker } from './role-spans.js';
import { FaultTracker } from './fault-spans.js';
import { AclHistory } from './acl-history.js';
import { RequestTracker } from './request-paths.js';
import { AclTableCollector } from './acl-tables.js';

interface MutableLog {
  commits: number[];
  applies: number[];
  appends: number[];
  appendTypes: number[][];
}

export class TimelineBuilder {
  private readonly lanes = new LaneRegistry();
  private readonly messages = new MessageTableBuilder();
  private readonly roles = new RoleTracker();
  private readonly faults = new FaultTracker();
  private readonly acl = new AclHistory();
  private readonly requests = new RequestTracker();
  private readonly life: LifeEvent[] = [];
  private readonly snapshots: SnapshotEvent[] = [];
  private readonly transcript: TranscriptLine[] = [];
  private readonly votes: VoteEvent[] = [];
  private readonly configs: ConfigEvent[] = [];
  private readonly aclTables = new AclTableCollector();
  private readonly logs = new Map<number, MutableLog>();
  private readonly entryTypes: string[] = [];
  private readonly entryTypeIndex = new Map<string, number>();
  private first: number | null = null;
  private last = 0;

  private logOf(lane: number): MutableLog {
    let log = this.logs.get(lane);
    if (log === undefined) {
      log = { commits: [], applies: [], appends: [], appendTypes: [] };
      this.logs.set(lane, log);
    }
    return log;
  }

  private entryType(type: string): number {
    let index = this.entryTypeIndex.get(type);
    if (index === undefined) {
      index = this.entryTypes.length;
      this.entryTypes.push(type);
      this.entryTypeIndex.set(type, index);
    }
    return index;
  }

  /** Reads one record (records must come in trace order). */
  add(record: TraceRecord): void {
    this.first ??= record.t;
    this.last = Math.max(this.last, record.t);
    switch (record.kind) {
      case 'server.start': {
        const r = record as TraceRecord<'server.start'>;
        const lane = this.lanes.server(r.region, r.server);
        this.life.push({ t: r.t, lane, what: 'start' });
        this.roles.started(lane, r.t);
        break;
      }
      case 'server.stop': {
        const r = record as TraceRecord<'server.stop'>;
        const lane = this.lanes.server(r.region, r.server);
        this.life.push({ t: r.t, lane, what: r.crash ? 'crash' : 'stop' });
        this.roles.stopped(lane, r.t);
        break;
      }
      case 'raft.role': {
        const r = record as TraceRecord<'raft.role'>;
        this.roles.role(this.lanes.server(r.region, r.server), r.t, r.role, r.term);
        break;
      }
      case 'raft.commit': {
        const r = record as TraceRecord<'raft.commit'>;
        this.logOf(this.lanes.server(r.region, r.server)).commits.push(r.t, r.index);
        break;
      }
      case 'raft.apply': {
        const r = record as TraceRecord<'raft.apply'>;
        this.logOf(this.lanes.server(r.region, r.server)).applies.push(
          r.t,
          r.index,
          r.term,
          this.entryType(r.type),
        );
        this.acl.applied(r);
        break;
      }
      case 'raft.append': {
        const r = record as TraceRecord<'raft.append'>;
        const log = this.logOf(this.lanes.server(r.region, r.server));
        log.appends.push(r.t, r.first, r.last, r.term);
        log.appendTypes.push(r.types.map((type) => this.entryType(type)));
        break;
      }
      case 'raft.vote': {
        const r = record as TraceRecord<'raft.vote'>;
        const lane = this.lanes.server(r.region, r.server);
        this.votes.push({ t: r.t, lane, term: r.term, votedFor: r.votedFor });
        break;
      }
      case 'server.config': {
        const r = record as TraceRecord<'server.config'>;
        const lane = this.lanes.server(r.region, r.server);
        this.configs.push({ t: r.t, lane, file: r.file, text: r.text });
        break;
      }
      case 'acl.apply':
        this.aclTables.applied(record as TraceRecord<'acl.apply'>);
        break;
      case 'acl.tables': {
        const r = record as TraceRecord<'acl.tables'>;
        this.aclTables.restored(r, this.lanes.server(r.region, r.server));
        break;
      }
      case 'raft.snapshot': {
        const r = record as TraceRecord<'raft.snapshot'>;
        this.snapshots.push({
          t: r.t,
          lane: this.lanes.server(r.region, r.server),
          index: r.index,
          term: r.term,
          how: r.how,
        });
        break;
      }
      case 'net.fault':
        this.faults.add(record as TraceRecord<'net.fault'>);
        break;
      case 'net.send': {
        const r = record as TraceRecord<'net.send'>;
        this.messages.sent(r.t, r, this.lanes.lane(r.from), this.lanes.lane(r.to));
        break;
      }
      case 'net.deliver': {
        const r = record as TraceRecord<'net.deliver'>;
        this.messages.ended(r.t, r.msg, null);
        break;
      }
      case 'net.drop': {
        const r = record as TraceRecord<'net.drop'>;
        this.messages.ended(r.t, r.msg, r.reason);
        break;
      }
      case 'client.request': {
        const r = record as TraceRecord<'client.request'>;
        this.requests.requested(r, this.lanes.lane(`${r.region}/${r.server}`));
        break;
      }
      case 'client.response': {
        const r = record as TraceRecord<'client.response'>;
        const exec = this.lanes.lane(`${r.region}/${r.server}`);
        this.requests.responded(r, exec, this.lanes.lane(`${r.entryRegion}/${r.entryServer}`));
        this.acl.responded(r, exec);
        break;
      }
      case 'acl.replicate':
        this.acl.round(record as TraceRecord<'acl.replicate'>);
        break;
      case 'acl.replicate.object':
        this.acl.copied(record as TraceRecord<'acl.replicate.object'>);
        break;
      case 'log':
        this.acl.log(record as TraceRecord<'log'>);
        break;
      case 'scenario.transcript': {
        const r = record as TraceRecord<'scenario.transcript'>;
        this.transcript.push({ t: r.since, text: r.text });
        break;
      }
      default:
        break;
    }
  }

  /**
   * The model of the records read so far; `title` names the run (default: the transcript's
   * `# heading`, else "nomad-sim run"). The builder keeps what it has: more records may follow and
   * `finish` may be called again (a live page takes a model after every command).
   */
  finish(title?: string): Timeline {
    const start = this.first ?? 0;
    const end = this.last;
    const { lanes, regions, order } = this.lanes.finish();
    const laneOf = (provisional: number): number => order[provisional] as number;
    const messages = this.messages.finish(order, end);
    const roles = this.roles.finish(order, end);
    const { partitions, network } = this.faults.finish((name) => {
      const found = this.lanes.find(name);
      return found < 0 ? -1 : laneOf(found);
    }, end);
    const requests = this.requests.finish(
      order,
      messages,
      (lane) => lanes[lane]?.kind !== 'server',
    );
    const logs: ServerLog[] = lanes.map(() => ({
      commits: [],
      applies: [],
      appends: [],
      appendTypes: [],
    }));
    for (const [provisional, log] of this.logs)
      logs[laneOf(provisional)] = {
        commits: log.commits.slice(),
        applies: log.applies.slice(),
        appends: log.appends.slice(),
        appendTypes: log.appendTypes.slice(),
      };
    const heading = this.transcript.find((l) => l.text.startsWith('# '))?.text.slice(2);
    return {
      format: TIMELINE_FORMAT,
      title: title ?? heading ?? 'nomad-sim run',
      start,
      end,
      lanes,
      regions,
      roles,
      leaders: leadershipsOf(roles, lanes),
      life: this.life.map((e) => ({ ...e, lane: laneOf(e.lane) })),
      snapshots: this.snapshots.map((e) => ({ ...e, lane: laneOf(e.lane) })),
      partitions,
      network,
      messages,
      requests,
      acl: this.acl.finish(order, end),
      transcript: this.transcript.slice(),
      entryTypes: this.entryTypes.slice(),
      logs,
      votes: this.votes.map((e) => ({ ...e, lane: laneOf(e.lane) })),
      configs: this.configs.map((e) => ({ ...e, lane: laneOf(e.lane) })),
      aclTables: this.aclTables.finish(laneOf),
    };
  }
}

/** The model of a whole trace (records in trace order). */
export function buildTimeline(records: Iterable<TraceRecord>, title?: string): Timeline {
  const builder = new TimelineBuilder();
  for (const record of records) builder.add(record);
  return builder.finish(title);
}
