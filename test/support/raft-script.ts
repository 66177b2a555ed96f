/**
 * The engine behind the data-driven Raft-core tests (test/raft-core.test.ts, which documents the
 * script language and the output format): a parser for the `command / ---- / expected` files, a
 * tiny world of real `RaftNode`s driven by a clock and a message queue that only the script moves,
 * and a printer that renders every effect the nodes queue as one stable line of text.
 *
 * Nothing here is random. Every node draws from `LowestRng`, so each election timeout is exactly
 * `heartbeatTimeout` (as a follower) or `electionTimeout` (as a candidate) and each heartbeat gap is
 * exactly `heartbeatTimeout / 10`. Effects run at once and in order: persist effects land on the
 * node's disk immediately (a sync takes no time), sends join the queue, and applies feed a toy state
 * machine (the list of applied command payloads) whose JSON image is what snapshots carry.
 *
 * After every call into a node the world checks two Raft safety properties, so a script cannot
 * silently enshrine a broken run: at most one leader per term, and every server applies the same
 * entry at the same index.
 */
import { pack, unpack } from 'msgpackr';
import {
  EMPTY_PERSISTED_STATE,
  RaftNode,
  applyPersistEffect,
  assertCoherentPersistedState,
  isPersistEffect,
  raftTimings,
} from '../../src/raft/index.js';
import type {
  Configuration,
  LogEntry,
  LogIndex,
  NodeId,
  PersistedRaftState,
  RaftEffect,
  RaftLogLimits,
  RaftMessage,
  RaftMessageType,
  RaftTimings,
} from '../../src/raft/index.js';
import { Rng } from '../../src/sim/random.js';

// -------------------------------------------------------------------------------------------------
// Parsing

/** A problem in a script (or a failure while running it), located by file and 1-based line. */
export class ScriptError extends Error {
  override readonly name = 'ScriptError';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

/** One command of a script and the output block written under it. */
export interface ScriptBlock {
  /** 1-based line of the command. */
  readonly line: number;
  readonly command: string;
  readonly expected: readonly string[];
  /** 0-based range [from, to) of the expected lines in the file's lines. */
  readonly expectedFrom: number;
  readonly expectedTo: number;
}

/** A parsed script: its lines (for rewriting) and its command blocks. */
export interface ParsedScript {
  readonly lines: readonly string[];
  readonly blocks: readonly ScriptBlock[];
}

/** The line that separates a command from its expected output. */
const SEPARATOR = '----';

/**
 * Splits a script into blocks. Blank lines and lines starting with `#` between blocks are kept
 * as they are; a command line must be followed by `----`; the expected output runs to the next
 * blank line or the end of the file.
 */
export function parseScript(text: string, file: string): ParsedScript {
  const lines = text.split('\n');
  const blocks: ScriptBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    if (line !== trimmed)
      throw new ScriptError(
        file,
        i + 1,
        'a command must start at the beginning of the line, without trailing blanks',
      );
    if (trimmed === SEPARATOR)
      throw new ScriptError(file, i + 1, `"${SEPARATOR}" without a command above it`);
    if (lines[i + 1] !== SEPARATOR)
      throw new ScriptError(
        file,
        i + 1,
        `expected "${SEPARATOR}" on the line after the command "${trimmed}"`,
      );
    let end = i + 2;
    while (end < lines.length && (lines[end] as string) !== '') end++;
    blocks.push({
      line: i + 1,
      command: trimmed,
      expected: lines.slice(i + 2, end),
      expectedFrom: i + 2,
      expectedTo: end,
    });
    i = end;
  }
  return { lines, blocks };
}

/** The outcome of running a script: what each command printed, and the file with those outputs. */
export interface ScriptRun {
  readonly blocks: readonly (ScriptBlock & { readonly actual: readonly string[] })[];
  /** The script text with every expected block replaced by the actual output. */
  readonly rewritten: string;
}

/** The blocks whose actual output differs from the expected one. */
export function mismatches(run: ScriptRun): ScriptRun['blocks'] {
  return run.blocks.filter((block) => block.actual.join('\n') !== block.expected.join('\n'));
}

/** Parses and runs a script against real Raft nodes. Throws `ScriptError` for malformed commands. */
export function runScript(text: string, file: string): ScriptRun {
  const parsed = parseScript(text, file);
  const runner = new ScriptRunner(file);
  const blocks = parsed.blocks.map((block) => ({ ...block, actual: runner.execute(block) }));
  const lines = parsed.lines.slice();
  for (let b = blocks.length - 1; b >= 0; b--) {
    const block = blocks[b] as (typeof blocks)[number];
    lines.splice(block.expectedFrom, block.expectedTo - block.expectedFrom, ...block.actual);
  }
  return { blocks, rewritten: lines.join('\n') };
}

// -------------------------------------------------------------------------------------------------
// Running

/** An Rng that always draws its lowest value, which makes every timeout fixed. */
class LowestRng extends Rng {
  constructor() {
    super(0);
  }
  override int(min: number, max: number): number {
    if (max < min) throw new RangeError(`LowestRng.int: max ${max} < min ${min}`);
    return min;
  }
  override float(): number {
    return 0;
  }
}

/** Options of `init`. */
interface WorldOptions {
  readonly timings: RaftTimings;
  readonly limits: Partial<RaftLogLimits>;
  readonly preVote: boolean;
}

/** The toy state machine: the payloads of the applied commands, in order. */
interface ToyStateMachine {
  index: number;
  values: string[];
}

interface ScriptServer {
  readonly id: NodeId;
  node: RaftNode | null;
  disk: PersistedRaftState;
  fsm: ToyStateMachine;
}

/** A message on the wire (as msgpackr bytes, like the real network), plus its decoded form for printing. */
interface InFlight {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly bytes: Uint8Array;
  readonly message: RaftMessage;
}

/** `from->to` with `*` for any node. */
interface LinkPattern {
  readonly from: string;
  readonly to: string;
}

/** Thrown by command handlers for a malformed command; the runner adds file and line. */
class UsageError extends Error {}

/** Every message type (a record, so that a new type cannot be forgotten here). */
const MESSAGE_TYPES: Readonly<Record<RaftMessageType, true>> = {
  appendEntries: true,
  appendEntriesResponse: true,
  heartbeat: true,
  heartbeatResponse: true,
  requestVote: true,
  requestVoteResponse: true,
  installSnapshot: true,
  installSnapshotResponse: true,
  timeoutNow: true,
};

const TIMING_KEYS = [
  'heartbeatTimeout',
  'electionTimeout',
  'leaderLeaseTimeout',
  'commitTimeout',
] as const;
const LIMIT_KEYS = ['snapshotThreshold', 'trailingLogs', 'maxAppendEntries'] as const;

/** The most deliveries `stabilize` and `run` make at one instant before declaring a livelock. */
const MAX_DELIVERIES_PER_INSTANT = 10_000;

/** Runs script commands one at a time, collecting each command's output. */
class ScriptRunner {
  private world: ScriptWorld | null = null;

  constructor(private readonly file: string) {}

  execute(block: ScriptBlock): string[] {
    const [name = '', ...args] = block.command.split(/\s+/);
    try {
      if (name === 'init') {
        this.world = ScriptWorld.create(args);
        return this.world.finish();
      }
      const world = this.world;
      if (world === null) throw new UsageError(`"${name}" before "init"`);
      world.run(name, args);
      return world.finish();
    } catch (error) {
      if (error instanceof ScriptError) throw error;
      const detail =
        error instanceof UsageError ? error.message : `"${block.command}" failed: ${String(error)}`;
      throw new ScriptError(this.file, block.line, detail);
    }
  }
}

/** The nodes, their disks, the network queue, the clock and the output of the current command. */
class ScriptWorld {
  private now = 0;
  private readonly servers = new Map<string, ScriptServer>();
  private queue: InFlight[] = [];
  /** Partition groups (node → group number); null when the network is whole. */
  private groups: Map<NodeId, number> | null = null;
  private readonly hidden = new Set<RaftMessageType>();
  private hiddenSent = 0;
  private hiddenDelivered = 0;
  private out: string[] = [];
  /** A time marker waiting to be printed before the next line (see `run`). */
  private pendingMark: string | null = null;
  // Safety bookkeeping.
  private readonly leaderOfTerm = new Map<number, NodeId>();
  private readonly appliedAt = new Map<number, string>();

  private constructor(
    private readonly ids: readonly NodeId[],
    private readonly options: WorldOptions,
  ) {
    for (const id of ids) {
      const server: ScriptServer = {
        id,
        node: null,
        disk: EMPTY_PERSISTED_STATE,
        fsm: { index: 0, values: [] },
      };
      this.servers.set(id, server);
      this.startNode(server);
    }
    const configuration: Configuration = { voters: ids.slice() };
    for (const id of ids) {
      const server = this.server(id);
      this.call(server, `bootstrap ${id}`, false, true, (node) => {
        const result = node.bootstrapCluster(this.now, configuration);
        if (!result.ok) throw new Error(`bootstrap of ${id} refused: ${result.message}`);
      });
    }
  }

  /** `init <id>... [key=value]...` */
  static create(args: readonly string[]): ScriptWorld {
    const ids: NodeId[] = [];
    const overrides: Partial<Record<(typeof TIMING_KEYS)[number], number>> = {};
    const limits: Partial<Record<(typeof LIMIT_KEYS)[number], number>> = {};
    let preVote = true;
    for (const arg of args) {
      const eq = arg.indexOf('=');
      if (eq < 0) {
        if (!/^[A-Za-z0-9_-]+$/.test(arg)) throw new UsageError(`init: invalid node id "${arg}"`);
        if (ids.includes(arg as NodeId)) throw new UsageError(`init: node ${arg} listed twice`);
        ids.push(arg as NodeId);
        continue;
      }
      const key = arg.slice(0, eq);
      const value = arg.slice(eq + 1);
      if (key === 'preVote') {
        if (value !== 'true' && value !== 'false')
          throw new UsageError(`init: preVote must be true or false, got "${value}"`);
        preVote = value === 'true';
      } else if ((TIMING_KEYS as readonly string[]).includes(key)) {
        overrides[key as (typeof TIMING_KEYS)[number]] = parseCount(value, key);
      } else if ((LIMIT_KEYS as readonly string[]).includes(key)) {
        limits[key as (typeof LIMIT_KEYS)[number]] = parseCount(value, key);
      } else {
        throw new UsageError(`init: unknown option "${key}"`);
      }
    }
    if (ids.length === 0) throw new UsageError('init: name at least one node');
    let timings: RaftTimings;
    try {
      timings = raftTimings({ overrides });
    } catch (error) {
      throw new UsageError(`init: ${String(error)}`);
    }
    return new ScriptWorld(ids, { timings, limits, preVote });
  }

  /** Returns and clears the current command's output. */
  finish(): string[] {
    if (this.hiddenSent + this.hiddenDelivered > 0) {
      this.out.push(`(hidden: ${this.hiddenSent} sent, ${this.hiddenDelivered} delivered)`);
    }
    const out = this.out.length === 0 ? ['ok'] : this.out;
    this.out = [];
    this.hiddenSent = 0;
    this.hiddenDelivered = 0;
    this.pendingMark = null;
    return out;
  }

  run(name: string, args: readonly string[]): void {
    switch (name) {
      case 'tick':
        return this.tickCommand(args);
      case 'run':
        return this.runCommand(args);
      case 'deliver':
        return this.deliverRound(this.patterns(args));
      case 'stabilize':
        return this.stabilize(this.patterns(args));
      case 'drop':
        return this.dropCommand(this.patterns(args));
      case 'propose':
        return this.proposeCommand(args);
      case 'transfer':
        return this.transferCommand(args);
      case 'snapshot':
        return this.snapshotCommand(args);
      case 'crash':
        return this.crashCommand(args);
      case 'restart':
        return this.restartCommand(args);
      case 'partition':
        return this.partitionCommand(args);
      case 'heal':
        expectArgs(name, args, 0, 0);
        this.groups = null;
        return;
      case 'hide':
        return this.hideCommand(args);
      case 'status':
        return this.statusCommand(args);
      default:
        throw new UsageError(`unknown command "${name}"`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  /** `tick <id>[,<id>...]|all <ms>`: advance the clock by ms, then tick the named live nodes. */
  private tickCommand(args: readonly string[]): void {
    expectArgs('tick', args, 2, 2);
    const [which = '', msText = ''] = args;
    const ms = parseCount(msText, 'tick: ms');
    const servers =
      which === 'all'
        ? [...this.servers.values()].filter((server) => server.node !== null)
        : which.split(',').map((id) => this.liveServer(id));
    this.now += ms;
    this.emit(`@${this.now}`);
    for (const server of servers)
      this.call(server, `tick ${server.id}`, false, true, (node) => node.tick(this.now));
  }

  /** `run <ms>`: let time pass; timers fire when due and connected messages arrive at once. */
  private runCommand(args: readonly string[]): void {
    expectArgs('run', args, 1, 1);
    const until = this.now + parseCount(args[0] as string, 'run: ms');
    this.pendingMark = `@${this.now}`;
    let rounds = 0;
    let roundsAt = this.now;
    for (;;) {
      this.stabilize();
      let next = Infinity;
      for (const server of this.servers.values())
        if (server.node !== null) next = Math.min(next, server.node.nextDeadline());
      if (next > until) break;
      if (next > this.now) {
        this.now = next;
        this.pendingMark = `@${this.now}`;
      }
      if (roundsAt !== this.now) {
        roundsAt = this.now;
        rounds = 0;
      }
      if (++rounds > MAX_DELIVERIES_PER_INSTANT)
        throw new Error(`timers keep firing at ${this.now}`);
      // One firing at a time (the first due, in init order), so its messages arrive before the next.
      const due = [...this.servers.values()].find(
        (server) => server.node !== null && server.node.nextDeadline() <= this.now,
      );
      if (due !== undefined)
        this.call(due, `tick ${due.id}`, false, false, (live) => live.tick(this.now));
    }
    this.now = until;
    this.pendingMark = null;
  }

  /** `propose <id> <data>` */
  private proposeCommand(args: readonly string[]): void {
    expectArgs('propose', args, 2, 2);
    const [id = '', data = ''] = args;
    if (!/^[A-Za-z0-9_.-]+$/.test(data))
      throw new UsageError(`propose: data must be letters, digits, "_", "." or "-", got "${data}"`);
    const server = this.liveServer(id);
    let header = '';
    this.call(
      server,
      () => header,
      false,
      true,
      (node) => {
        const result = node.propose(this.now, new TextEncoder().encode(data));
        header = `propose ${id} "${data}": ${result.ok ? `ok ${result.index}@${result.term}` : refusalText(result)}`;
      },
    );
  }

  /** `transfer <id> [<target>]` */
  private transferCommand(args: readonly string[]): void {
    expectArgs('transfer', args, 1, 2);
    const [id = '', target] = args;
    const server = this.liveServer(id);
    if (target !== undefined) this.server(target);
    let header = '';
    this.call(
      server,
      () => header,
      false,
      true,
      (node) => {
        const result = node.transferLeadership(this.now, target as NodeId | undefined);
        header = `transfer ${id}${target === undefined ? '' : ` ${target}`}: ${result.ok ? `ok target=${result.target}` : refusalText(result)}`;
      },
    );
  }

  /** `snapshot <id>`: the server snapshots its state machine at the applied index. */
  private snapshotCommand(args: readonly string[]): void {
    expectArgs('snapshot', args, 1, 1);
    const server = this.liveServer(args[0] as string);
    let header = '';
    this.call(
      server,
      () => header,
      false,
      true,
      (node) => {
        const image = new TextEncoder().encode(JSON.stringify(server.fsm));
        const result = node.snapshotTaken(this.now, {
          index: server.fsm.index as LogIndex,
          data: image,
        });
        header = `snapshot ${server.id}: ${result.ok ? `ok ${result.snapshot.index}@${result.snapshot.term}` : refusalText(result)}`;
      },
    );
  }

  /** `crash <id>`: the node stops; its disk (every persist so far, all synced) stays. */
  private crashCommand(args: readonly string[]): void {
    expectArgs('crash', args, 1, 1);
    const server = this.liveServer(args[0] as string);
    server.node = null;
    server.fsm = { index: 0, values: [] };
  }

  /** `restart <id>`: a new node built from the disk alone. */
  private restartCommand(args: readonly string[]): void {
    expectArgs('restart', args, 1, 1);
    const server = this.server(args[0] as string);
    if (server.node !== null)
      throw new UsageError(`restart: node ${server.id} is running (crash it first)`);
    this.startNode(server);
    this.call(server, `restart ${server.id}`, false, true, () => undefined);
  }

  /** `partition <ids> | <ids> [| ...]`: only nodes in the same group talk; unlisted nodes are alone. */
  private partitionCommand(args: readonly string[]): void {
    const groups = args
      .join(' ')
      .split('|')
      .map((group) =>
        group
          .trim()
          .split(/\s+/)
          .filter((id) => id !== ''),
      );
    if (groups.length < 2 || groups.some((group) => group.length === 0)) {
      throw new UsageError(
        'partition: expected groups of node ids separated by "|", e.g. "partition 1 | 2 3"',
      );
    }
    const map = new Map<NodeId, number>();
    groups.forEach((group, n) => {
      for (const id of group) {
        const server = this.server(id);
        if (map.has(server.id)) throw new UsageError(`partition: node ${id} is in two groups`);
        map.set(server.id, n);
      }
    });
    let next = groups.length;
    for (const id of this.ids) if (!map.has(id)) map.set(id, next++);
    this.groups = map;
  }

  /** `hide <type>...` or `hide none`: from now on, hide exactly the messages of these types. */
  private hideCommand(args: readonly string[]): void {
    if (args.length === 0) throw new UsageError('hide: name message types, or "none"');
    this.hidden.clear();
    if (args.length === 1 && args[0] === 'none') return;
    for (const type of args) {
      if (!Object.hasOwn(MESSAGE_TYPES, type))
        throw new UsageError(`hide: unknown message type "${type}"`);
      this.hidden.add(type as RaftMessageType);
    }
  }

  /** `drop [patterns]`: discard pending messages. */
  private dropCommand(patterns: readonly LinkPattern[]): void {
    const [dropped, kept] = partitionBy(this.queue, (item) => matches(patterns, item));
    this.queue = kept;
    for (const item of dropped) this.printMessageLine(item, 'dropped');
  }

  /** `status [<id>...]` */
  private statusCommand(args: readonly string[]): void {
    const servers =
      args.length === 0 ? [...this.servers.values()] : args.map((id) => this.server(id));
    this.emit(
      `t=${this.now} pending=${this.queue.length}${this.groups === null ? '' : ` partition=${this.describePartition()}`}`,
    );
    for (const server of servers) this.emit(this.describeServer(server));
  }

  // ---------------------------------------------------------------------------------------------
  // The network

  /** Delivers, in queue order, the messages pending now that match; new messages wait. */
  private deliverRound(patterns: readonly LinkPattern[]): void {
    const [round, kept] = partitionBy(this.queue, (item) => matches(patterns, item));
    this.queue = kept;
    for (const item of round) this.deliver(item);
  }

  /** Delivers (in queue order) until no matching message is pending. */
  private stabilize(patterns: readonly LinkPattern[] = []): void {
    let delivered = 0;
    for (;;) {
      const at = this.queue.findIndex((item) => matches(patterns, item));
      if (at < 0) return;
      const item = this.queue.splice(at, 1)[0] as InFlight;
      this.deliver(item);
      if (++delivered > MAX_DELIVERIES_PER_INSTANT)
        throw new Error(`messages keep flowing after ${MAX_DELIVERIES_PER_INSTANT} deliveries`);
    }
  }

  private deliver(item: InFlight): void {
    const server = this.servers.get(item.to) as ScriptServer;
    if (server.node === null) return this.printMessageLine(item, `dropped: ${item.to} is down`);
    if (!this.connected(item.from, item.to))
      return this.printMessageLine(item, 'dropped: partitioned');
    const decoded = unpack(item.bytes) as RaftMessage;
    this.call(
      server,
      describeMessage(item.message, item.to),
      this.hidden.has(item.message.type),
      true,
      (node) => node.step(this.now, decoded),
    );
  }

  private connected(a: NodeId, b: NodeId): boolean {
    return this.groups === null || this.groups.get(a) === this.groups.get(b);
  }

  private patterns(args: readonly string[]): LinkPattern[] {
    return args.map((arg) => {
      const match = /^([^-\s>]+)->([^-\s>]+)$/.exec(arg);
      if (match === null)
        throw new UsageError(`invalid link "${arg}": expected from->to, with * for any node`);
      const [, from = '', to = ''] = match;
      if (from !== '*') this.server(from);
      if (to !== '*') this.server(to);
      return { from, to };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Calling into nodes and running their effects

  private startNode(server: ScriptServer): void {
    server.fsm = { index: 0, values: [] };
    server.node = new RaftNode({
      id: server.id,
      now: this.now,
      rng: new LowestRng(),
      timings: this.options.timings,
      limits: this.options.limits,
      persisted: server.disk,
      preVote: this.options.preVote,
    });
  }

  /**
   * Runs `action` on the server's node, then its effects, and prints a header line followed by
   * the effects (indented). A hidden header is printed only when some effect is visible; an empty
   * call is printed only when `showIfEmpty`.
   */
  private call(
    server: ScriptServer,
    header: string | (() => string),
    headerHidden: boolean,
    showIfEmpty: boolean,
    action: (node: RaftNode) => void,
  ): void {
    const node = server.node as RaftNode;
    action(node);
    const lines: string[] = [];
    for (const effect of node.takeEffects()) {
      const line = this.runEffect(server, effect);
      if (line !== null) lines.push(`  ${line}`);
    }
    this.checkLeaders();
    const text = typeof header === 'string' ? header : header();
    if (lines.length === 0 && (headerHidden || !showIfEmpty)) {
      if (headerHidden) this.hiddenDelivered++;
      return;
    }
    this.emit(text);
    for (const line of lines) this.emit(line);
  }

  /** Executes one effect; returns its line, or null when it is hidden. */
  private runEffect(server: ScriptServer, effect: RaftEffect): string | null {
    if (isPersistEffect(effect)) {
      server.disk = applyPersistEffect(server.disk, effect);
      assertCoherentPersistedState(server.disk);
      return describeEffect(effect);
    }
    switch (effect.type) {
      case 'send': {
        const message = effect.message;
        if (message.from !== server.id)
          throw new Error(`${server.id} sent a message claiming to be from ${message.from}`);
        this.queue.push({ from: server.id, to: effect.to, bytes: pack(message), message });
        if (this.hidden.has(message.type)) {
          this.hiddenSent++;
          return null;
        }
        return describeEffect(effect);
      }
      case 'apply':
        for (const entry of effect.entries) this.applyEntry(server, entry);
        return describeEffect(effect);
      case 'restoreSnapshot': {
        const image = JSON.parse(new TextDecoder().decode(effect.snapshot.data)) as ToyStateMachine;
        if (image.index !== effect.snapshot.index) {
          throw new Error(
            `snapshot ${effect.snapshot.index} carries a state machine at index ${image.index}`,
          );
        }
        server.fsm = { index: image.index, values: image.values.slice() };
        return describeEffect(effect);
      }
      case 'roleChanged':
      case 'commitAdvanced':
      case 'leadershipTransferFailed':
        return describeEffect(effect);
      default:
        return assertNever(effect);
    }
  }

  private applyEntry(server: ScriptServer, entry: LogEntry): void {
    if (entry.index !== server.fsm.index + 1)
      throw new Error(`${server.id} applied index ${entry.index} after ${server.fsm.index}`);
    const digest = describeEntry(entry);
    const known = this.appliedAt.get(entry.index);
    if (known === undefined) this.appliedAt.set(entry.index, digest);
    else if (known !== digest)
      throw new Error(
        `state machine safety: ${server.id} applied ${digest} where another server applied ${known}`,
      );
    server.fsm.index = entry.index;
    if (entry.type === 'command') server.fsm.values.push(new TextDecoder().decode(entry.data));
  }

  /** Election safety: at most one leader per term, ever. */
  private checkLeaders(): void {
    for (const server of this.servers.values()) {
      const node = server.node;
      if (node === null || node.role !== 'leader') continue;
      const known = this.leaderOfTerm.get(node.term);
      if (known === undefined) this.leaderOfTerm.set(node.term, node.id);
      else if (known !== node.id)
        throw new Error(`election safety: ${known} and ${node.id} both lead term ${node.term}`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  private emit(line: string): void {
    if (this.pendingMark !== null) {
      this.out.push(this.pendingMark);
      this.pendingMark = null;
    }
    this.out.push(line);
  }

  private printMessageLine(item: InFlight, note: string): void {
    if (this.hidden.has(item.message.type)) {
      this.hiddenDelivered++;
      return;
    }
    this.emit(`${describeMessage(item.message, item.to)} (${note})`);
  }

  private describePartition(): string {
    const groups = new Map<number, NodeId[]>();
    for (const id of this.ids) {
      const group = (this.groups as Map<NodeId, number>).get(id) as number;
      groups.set(group, [...(groups.get(group) ?? []), id]);
    }
    return [...groups.values()].map((ids) => ids.join(',')).join('|');
  }

  private describeServer(server: ScriptServer): string {
    const node = server.node;
    if (node === null) {
      const disk = server.disk;
      const snap = disk.snapshot === null ? '0@0' : `${disk.snapshot.index}@${disk.snapshot.term}`;
      return `${server.id} down: disk term=${disk.term} vote=${disk.votedFor ?? '-'} snap=${snap} log=${describeLog(disk.entries)}`;
    }
    const entries: LogEntry[] = [];
    for (let i = node.firstIndex; i <= node.lastIndex; i++) {
      const entry = node.entryAt(i);
      if (entry !== undefined) entries.push(entry);
    }
    const fields = [
      `${server.id} ${node.role}`,
      `term=${node.term}`,
      `vote=${node.votedFor ?? '-'}`,
      `leader=${node.leader ?? '-'}`,
      `commit=${node.commitIndex}`,
      `applied=${node.appliedIndex}`,
      `snap=${node.snapshotIndex}@${node.snapshotTerm}`,
      `log=${describeLog(entries)}`,
      `fsm=[${server.fsm.values.join(' ')}]`,
    ];
    if (node.transferringLeadership) fields.push('transferring');
    return fields.join(' ');
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups

  private server(id: string): ScriptServer {
    const server = this.servers.get(id);
    if (server === undefined) throw new UsageError(`unknown node "${id}"`);
    return server;
  }

  private liveServer(id: string): ScriptServer {
    const server = this.server(id);
    if (server.node === null) throw new UsageError(`node ${id} is down`);
    return server;
  }
}

// -------------------------------------------------------------------------------------------------
// Text forms

/** How many trailing entries `status` shows. */
const LOG_TAIL = 8;

function describeLog(entries: readonly LogEntry[]): string {
  if (entries.length === 0) return '[]';
  const tail = entries.slice(-LOG_TAIL).map(describeEntry).join(' ');
  const earlier = entries.length - LOG_TAIL;
  return earlier > 0 ? `[(${earlier} earlier) ${tail}]` : `[${tail}]`;
}

function describeEntry(entry: LogEntry): string {
  const at = `${entry.index}@${entry.term}`;
  switch (entry.type) {
    case 'command':
      return `${at}:"${new TextDecoder().decode(entry.data)}"`;
    case 'noop':
      return `${at}:noop`;
    case 'configuration':
      return `${at}:cfg(${entry.configuration.voters.join(',')})`;
    default:
      return assertNever(entry);
  }
}

function describeEntries(entries: readonly LogEntry[]): string {
  return `[${entries.map(describeEntry).join(' ')}]`;
}

/** One message as `from->to type term=N fields...`. */
function describeMessage(message: RaftMessage, to: NodeId): string {
  const head = `${message.from}->${to} ${message.type} term=${message.term}`;
  switch (message.type) {
    case 'appendEntries':
      return `${head} prev=${message.prevLogIndex}@${message.prevLogTerm} commit=${message.leaderCommit} entries=${describeEntries(message.entries)}`;
    case 'appendEntriesResponse':
      return message.success
        ? `${head} ok match=${message.matchIndex}`
        : `${head} reject prev=${message.rejectedIndex} conflict=${message.conflictIndex} conflictTerm=${message.conflictTerm ?? '-'}`;
    case 'heartbeat':
      return `${head} commit=${message.leaderCommit}`;
    case 'heartbeatResponse':
    case 'timeoutNow':
      return head;
    case 'requestVote':
      return `${head} last=${message.lastLogIndex}@${message.lastLogTerm}${message.preVote ? ' pre' : ''}${message.leadershipTransfer ? ' transfer' : ''}`;
    case 'requestVoteResponse':
      return `${head} voteTerm=${message.voteTerm} ${message.granted ? 'granted' : 'rejected'}${message.preVote ? ' pre' : ''}`;
    case 'installSnapshot': {
      const snapshot = message.snapshot;
      return `${head} snap=${snapshot.index}@${snapshot.term} cfg(${snapshot.configuration.voters.join(',')})@${snapshot.configurationIndex}`;
    }
    case 'installSnapshotResponse':
      return `${head} match=${message.matchIndex}`;
    default:
      return assertNever(message);
  }
}

/** One effect as a line (sends as their message). */
function describeEffect(effect: RaftEffect): string {
  switch (effect.type) {
    case 'persistState':
      return `persist term=${effect.term} vote=${effect.votedFor ?? '-'}`;
    case 'persistEntries':
      return `persist entries${effect.truncateFrom === null ? '' : ` truncate>=${effect.truncateFrom}`} ${describeEntries(effect.entries)}`;
    case 'persistSnapshot': {
      const snapshot = effect.snapshot;
      return `persist snapshot ${snapshot.index}@${snapshot.term} cfg(${snapshot.configuration.voters.join(',')})@${snapshot.configurationIndex} deleteLogThrough=${effect.deleteLogThrough}`;
    }
    case 'send':
      return describeMessage(effect.message, effect.to);
    case 'apply':
      return `apply ${describeEntries(effect.entries)}`;
    case 'restoreSnapshot':
      return `restore snapshot ${effect.snapshot.index}@${effect.snapshot.term}`;
    case 'roleChanged':
      return `role ${effect.role} term=${effect.term} leader=${effect.leader ?? '-'}`;
    case 'commitAdvanced':
      return `commit ${effect.index}@${effect.term}`;
    case 'leadershipTransferFailed':
      return `leadership transfer to ${effect.target} failed`;
    default:
      return assertNever(effect);
  }
}

function refusalText(result: { readonly reason: string; readonly leader: NodeId | null }): string {
  return `refused ${result.reason} leader=${result.leader ?? '-'}`;
}

// -------------------------------------------------------------------------------------------------
// Small helpers

function expectArgs(command: string, args: readonly string[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    throw new UsageError(
      `${command}: expected ${wanted} argument${max === 1 ? '' : 's'}, got ${args.length}`,
    );
  }
}

function parseCount(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what}: expected a whole number, got "${text}"`);
  return Number(text);
}

function matches(patterns: readonly LinkPattern[], item: InFlight): boolean {
  if (patterns.length === 0) return true;
  return patterns.some(
    (p) => (p.from === '*' || p.from === item.from) && (p.to === '*' || p.to === item.to),
  );
}

function partitionBy<T>(items: readonly T[], predicate: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (predicate(item) ? yes : no).push(item);
  return [yes, no];
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
