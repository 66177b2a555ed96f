/**
 * The message table of the timeline: every `net.send` paired by message id with its `net.deliver`
 * or `net.drop`, stored as parallel number columns in send order (see MessageTable in ./model.ts).
 * A message delivered twice (the duplicate fault) keeps its first delivery; one never delivered
 * nor dropped is "in flight" until the end of the run. Messages that took long are listed apart
 * (`stragglers`) so that finding the messages of a time window stays a short search.
 */
import type { NetDropReason, NetMessageFields } from '../sim/trace.js';
import {
  MESSAGE_OUTCOMES,
  STRAGGLER_MS,
  type MessageFamily,
  type MessageOutcome,
  type MessageTable,
} from './model.js';

const IN_FLIGHT = MESSAGE_OUTCOMES.indexOf('in flight');

/** The family of a message kind (`heartbeat`, `ACL.ListPolicies reply`, `http`...). */
export function familyOf(what: string): MessageFamily {
  const base = what.endsWith(' reply') ? what.slice(0, -' reply'.length) : what;
  if (base === 'http') return 'client';
  if (/^heartbeat/.test(base)) return 'heartbeat';
  if (/^(appendEntries|installSnapshot)/.test(base)) return 'replication';
  if (/^(requestVote|preVote|timeoutNow)/.test(base)) return 'election';
  return 'rpc';
}

export function outcomeCode(outcome: MessageOutcome): number {
  return MESSAGE_OUTCOMES.indexOf(outcome);
}

export class MessageTableBuilder {
  private readonly kinds: string[] = [];
  private readonly kindIndex = new Map<string, number>();
  private readonly send: number[] = [];
  private readonly end: number[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly what: number[] = [];
  private readonly outcome: number[] = [];
  /** Rows waiting for their delivery or drop, by message id. */
  private readonly open = new Map<number, number>();

  get count(): number {
    return this.send.length;
  }

  /** A `net.send`; `from`/`to` are (provisional) lane indices. */
  sent(t: number, fields: NetMessageFields, from: number, to: number): void {
    let kind = this.kindIndex.get(fields.what);
    if (kind === undefined) {
      kind = this.kinds.length;
      this.kinds.push(fields.what);
      this.kindIndex.set(fields.what, kind);
    }
    this.open.set(fields.msg, this.send.length);
    this.send.push(t);
    this.end.push(-1);
    this.from.push(from);
    this.to.push(to);
    this.what.push(kind);
    this.outcome.push(IN_FLIGHT);
  }

  /** A `net.deliver` (reason null) or `net.drop` of message `msg`. */
  ended(t: number, msg: number, reason: NetDropReason | null): void {
    const row = this.open.get(msg);
    if (row === undefined) return;
    this.open.delete(msg);
    this.end[row] = t;
    this.outcome[row] = reason === null ? 0 : MESSAGE_OUTCOMES.indexOf(reason);
  }

  /**
   * The table, with lanes renumbered by `order` and open messages ending at `runEnd`. The builder
   * is left as it was, so a live page can take a table, read more records and take another.
   */
  finish(order: readonly number[], runEnd: number): MessageTable {
    const count = this.send.length;
    const end = new Array<number>(count);
    const from = new Array<number>(count);
    const to = new Array<number>(count);
    let longest = 0;
    const stragglers: number[] = [];
    for (let i = 0; i < count; i++) {
      const ended = this.end[i] as number;
      end[i] = ended === -1 ? runEnd : ended;
      const took = (end[i] as number) - (this.send[i] as number);
      if (took > STRAGGLER_MS || this.outcome[i] === IN_FLIGHT) stragglers.push(i);
      else longest = Math.max(longest, took);
      from[i] = order[this.from[i] as number] as number;
      to[i] = order[this.to[i] as number] as number;
    }
    return {
      kinds: [...this.kinds],
      families: this.kinds.map(familyOf),
      send: this.send.slice(),
      end,
      from,
      to,
      what: this.what.slice(),
      outcome: this.outcome.slice(),
      longest,
      stragglers,
    };
  }
}
