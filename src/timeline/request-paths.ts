/**
 * Client requests and the way each went. `client.request` names the server a request entered;
 * `client.response` names the server that executed it. Between the two, the message table shows
 * the hops: the message that carried the request to its entry server (sent at the request's time,
 * an `http` or `raft.submit` from a workstation or client), then each forwarding RPC (the same
 * method, server to server) until the executing server. When the chain cannot be followed to the
 * executor (a busy entry server forwarding several requests at once can hide which is which), the
 * path has no hops and the page draws entry to executor directly.
 */
import type { TraceRecord } from '../sim/trace.js';
import type { MessageTable, RequestPath } from './model.js';
import { firstAtOrAfter, firstAfter } from './search.js';

interface Pending {
  id: string;
  operation: string;
  t: number;
  entry: number;
  end: number | null;
  exec: number;
  write: boolean;
  status: number | null;
  error: string | null;
  index: number;
}

/** At most this many forwarding hops are followed (entry → another region → its leader is 2). */
const MAX_HOPS = 4;
/** Messages of a server looked at per hop before giving up. */
const HOP_SEARCH = 400;

export class RequestTracker {
  private readonly requests: Pending[] = [];
  private readonly byId = new Map<string, number>();

  requested(record: TraceRecord<'client.request'>, entry: number): void {
    this.byId.set(record.id, this.requests.length);
    this.requests.push({
      id: record.id,
      operation: record.operation,
      t: record.t,
      entry,
      end: null,
      exec: -1,
      write: false,
      status: null,
      error: null,
      index: 0,
    });
  }

  /** A response; `exec` is the (provisional) executing lane, `entry` the lane it entered. */
  responded(record: TraceRecord<'client.response'>, exec: number, entry: number): void {
    let position = this.byId.get(record.id);
    if (position === undefined) {
      position = this.requests.length;
      this.requests.push({
        id: record.id,
        operation: record.operation,
        t: record.t,
        entry,
        end: null,
        exec: -1,
        write: false,
        status: null,
        error: null,
        index: 0,
      });
    }
    const request = this.requests[position] as Pending;
    request.end = record.t;
    request.exec = exec;
    request.write = record.write;
    request.status = record.status;
    request.error = record.error;
    request.index = record.index;
  }

  finish(
    order: readonly number[],
    messages: MessageTable,
    outsideOrClient: (lane: number) => boolean,
  ): RequestPath[] {
    const bySender = sendersIndex(messages);
    return this.requests.map((r) => {
      const entry = order[r.entry] as number;
      const exec = r.exec < 0 ? -1 : (order[r.exec] as number);
      const origin = originOf(messages, r.t, entry, outsideOrClient);
      const hops =
        exec < 0 || exec === entry
          ? []
          : hopsOf(messages, bySender, entry, exec, r.t, r.end ?? r.t);
      return {
        id: r.id,
        operation: r.operation,
        t: r.t,
        end: r.end,
        origin,
        entry,
        exec,
        write: r.write,
        status: r.status,
        error: r.error,
        index: r.index,
        hops,
      };
    });
  }
}

/** Message rows of each sending lane, in send order. */
function sendersIndex(messages: MessageTable): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < messages.send.length; i++) {
    const from = messages.from[i] as number;
    let rows = out.get(from);
    if (rows === undefined) {
      rows = [];
      out.set(from, rows);
    }
    rows.push(i);
  }
  return out;
}

function originOf(
  messages: MessageTable,
  t: number,
  entry: number,
  outsideOrClient: (lane: number) => boolean,
): number {
  const first = firstAtOrAfter(messages.send.length, (i) => messages.send[i] as number, t);
  const last = firstAfter(messages.send.length, (i) => messages.send[i] as number, t);
  for (let i = first; i < last; i++) {
    if (messages.to[i] !== entry) continue;
    const what = messages.kinds[messages.what[i] as number];
    const from = messages.from[i] as number;
    if ((what === 'http' || what === 'raft.submit') && from !== entry && outsideOrClient(from))
      return from;
  }
  return -1;
}

function isForwarding(messages: MessageTable, row: number): boolean {
  const kind = messages.what[row] as number;
  const what = messages.kinds[kind] as string;
  return messages.families[kind] === 'rpc' && !what.endsWith(' reply');
}

function hopsOf(
  messages: MessageTable,
  bySender: Map<number, number[]>,
  entry: number,
  exec: number,
  t: number,
  end: number,
): number[] {
  const hops: number[] = [];
  let at = entry;
  let since = t;
  let method: number | null = null;
  while (at !== exec && hops.length < MAX_HOPS) {
    const rows = bySender.get(at) ?? [];
    let position = firstAtOrAfter(
      rows.length,
      (i) => messages.send[rows[i] as number] as number,
      since,
    );
    let found = -1;
    for (let seen = 0; position < rows.length && seen < HOP_SEARCH; position++, seen++) {
      const row = rows[position] as number;
      if ((messages.send[row] as number) > end) break;
      if (!isForwarding(messages, row)) continue;
      if (method !== null && messages.what[row] !== method) continue;
      if (messages.to[row] === at) continue;
      found = row;
      break;
    }
    if (found < 0) return [];
    method = messages.what[found] as number;
    hops.push(found);
    at = messages.to[found] as number;
    since = messages.end[found] as number;
  }
  return at === exec ? hops : [];
}
