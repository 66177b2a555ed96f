/**
 * The trace: the single record of a run that checkers, golden tests and replay read.
 *
 * Each record is one JSON object with `t` (virtual ms) and `kind` first, then the kind's fields
 * (docs/trace.md). Records are also emitted as typed events (eventemitter3) so observers
 * such as the invariant checker can follow a run live. Recording never draws randomness or
 * schedules events, so turning the trace on or off cannot change the run.
 */
import { EventEmitter } from 'eventemitter3';

type Role = 'follower' | 'candidate' | 'leader';

/** Why the network did not deliver a message. */
export type NetDropReason = 'loss' | 'partition' | 'down' | 'restarted';

/**
 * One message on the simulated network: endpoints as `region/server` (or `workstation`), what it
 * carries (a Raft message type, an RPC method, `<method> reply`, `http`...), its encoded size,
 * and an id shared by its send and its delivery or drop.
 */
export interface NetMessageFields {
  from: string;
  to: string;
  what: string;
  bytes: number;
  msg: number;
}

/** The replicated objects besides policies and tokens, as the `replicate.*` kinds name them. */
export type ReplicatedObjectKind =
  | 'roles'
  | 'auth-methods'
  | 'binding-rules'
  | 'namespaces'
  | 'node-pools';

/** Fields of every trace kind. Extra fields are allowed for kinds that need more detail. */
export interface TraceKinds {
  'server.start': { region: string; server: string };
  'server.stop': { region: string; server: string; crash: boolean };
  'raft.role': { region: string; server: string; term: number; role: Role };
  'raft.commit': { region: string; server: string; index: number; term: number };
  'raft.apply': {
    region: string;
    server: string;
    index: number;
    term: number;
    type: string;
    digest: string;
  };
  'raft.snapshot': {
    region: string;
    server: string;
    index: number;
    term: number;
    how: 'taken' | 'installed';
  };
  /**
   * A server's vote in `term`, as it persists it: for `votedFor` (an endpoint name such as
   * `global/server-2`; itself when it stands as a candidate). Recorded when the vote changes.
   */
  'raft.vote': { region: string; server: string; term: number; votedFor: string };
  /** The agent config file a server (re)starts with, recorded just before its `server.start`. */
  'server.config': { region: string; server: string; file: string; text: string };
  /**
   * An ACL entry a server applied at `index` changed its tables: these policies (by name) or
   * tokens (by AccessorID) were written or deleted.
   */
  'acl.apply': {
    region: string;
    server: string;
    index: number;
    what: 'policies' | 'tokens';
    upserted: string[];
    deleted: string[];
  };
  /**
   * A server's ACL tables as a snapshot left them (restored at start, or installed from its
   * leader): every policy (by name) and token (by AccessorID), replacing what it had.
   */
  'acl.tables': {
    region: string;
    server: string;
    index: number;
    policies: string[];
    tokens: string[];
  };
  'raft.append': {
    region: string;
    server: string;
    first: number;
    last: number;
    term: number;
    types: string[];
  };
  /**
   * A change of the network's fault state. A partition names its two sides by address in
   * `between` and by endpoint name (as `net.*` records name them) in `names`.
   */
  'net.fault': { what: string; between?: string[][]; names?: string[][]; value?: number };
  'net.send': NetMessageFields;
  'net.deliver': NetMessageFields;
  'net.drop': NetMessageFields & { reason: NetDropReason };
  'client.request': { id: string; region: string; server: string; operation: string };
  'client.response': {
    id: string;
    /** The region and server that executed the request (where a write's `index` is in the log). */
    region: string;
    server: string;
    /** Where the request entered (the server it was sent to). */
    entryRegion: string;
    entryServer: string;
    operation: string;
    write: boolean;
    status: number;
    index: number;
    error: string | null;
  };
  'acl.replicate': {
    region: string;
    what: 'policies' | 'tokens';
    upserted: number;
    deleted: number;
    remoteIndex: number;
    error: string | null;
  };
  'acl.replicate.object': {
    region: string;
    what: 'policies' | 'tokens';
    /** Policy name or token accessor ID (never a secret). */
    id: string;
    action: 'upsert' | 'delete';
    /** The authoritative region's ModifyIndex of the copy (0 for a deletion). */
    remoteIndex: number;
  };
  /**
   * One round of a replication loop for the objects besides policies and tokens (ACL roles, auth
   * methods, binding rules, namespaces, node pools), with the fields of `acl.replicate`.
   */
  'replicate.round': {
    region: string;
    what: ReplicatedObjectKind;
    upserted: number;
    deleted: number;
    remoteIndex: number;
    error: string | null;
  };
  /** One copy of such an object stored or removed by replication, as `acl.replicate.object`. */
  'replicate.object': {
    region: string;
    what: ReplicatedObjectKind;
    /** Role or binding rule ID; auth method, namespace or node pool name. */
    id: string;
    action: 'upsert' | 'delete';
    /** The authoritative region's ModifyIndex of the copy (0 for a deletion). */
    remoteIndex: number;
  };
  log: {
    region: string;
    server: string;
    level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
    message: string;
    fields?: Record<string, string | number | boolean>;
  };
  'sim.note': { text: string };
  /**
   * One line of a scenario's transcript, recorded as it is printed. `since` is the virtual ms at
   * which the step that printed it began (a `nomad` command prints its line and its output once
   * it has finished, so `since` is earlier than `t` for those).
   */
  'scenario.transcript': { since: number; text: string };
}

export type TraceKind = keyof TraceKinds;

/** One trace record as it appears in the JSON-lines file. */
export type TraceRecord<K extends TraceKind = TraceKind> = { t: number; kind: K } & TraceKinds[K];

type TraceEvents = { [K in TraceKind]: (record: TraceRecord<K>) => void } & {
  record: (record: TraceRecord) => void;
};

export class Trace extends EventEmitter<TraceEvents> {
  private readonly lines: string[] | null;
  private readonly sinks: Array<(line: string) => void> = [];

  /** @param clock reads the virtual time; @param keepLines keep every JSON line in memory. */
  constructor(
    private readonly clock: () => number,
    keepLines = false,
  ) {
    super();
    this.lines = keepLines ? [] : null;
  }

  /**
   * True when someone will look at records of `kind`: the kept lines, a sink, or a listener of
   * that kind or of every record. Callers may skip building costly fields otherwise. Checked per
   * kind so that, for example, a benchmark listening to `acl.replicate` does not make every server
   * digest every entry it applies for `raft.apply`.
   */
  wants(kind: TraceKind): boolean {
    return (
      this.lines !== null ||
      this.sinks.length > 0 ||
      this.listenerCount(kind) > 0 ||
      this.listenerCount('record') > 0
    );
  }

  /** Adds a consumer of JSON lines (for example a file writer in the CLI layer). */
  addSink(sink: (line: string) => void): void {
    this.sinks.push(sink);
  }

  record<K extends TraceKind>(kind: K, fields: TraceKinds[K]): void {
    if (!this.wants(kind)) return;
    const record = { t: this.clock(), kind, ...fields } as TraceRecord<K>;
    if (this.lines !== null || this.sinks.length > 0) {
      const line = JSON.stringify(record);
      this.lines?.push(line);
      for (const sink of this.sinks) sink(line);
    }
    // eventemitter3's typed overloads cannot see that K and the record match; the cast is safe.
    (this.emit as (event: string, record: TraceRecord) => boolean)(kind, record as TraceRecord);
    this.emit('record', record as TraceRecord);
  }

  /** All lines kept so far (only when constructed with `keepLines`). */
  text(): string {
    if (this.lines === null) throw new Error('Trace.text(): trace was created without keepLines');
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }
}
