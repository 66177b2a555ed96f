/**
 * What a scenario script works with: the simulated federation, the operator's workstation (files,
 * environment), and the actions of the tutorial — edit a server's config, restart servers one at
 * a time, run `nomad` commands, drop a file into a server's data dir, crash, partition, heal,
 * wait — each printed to the transcript as a terminal (or the operator's notes) would show it.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import { SERVER_CONFIG_PATH } from '../region/cluster.js';
import { CLIENT_CONFIG_PATH } from '../region/client-agent.js';
import { getProfile, type ProfileName, type VersionProfile } from '../acl/index.js';
import { runNomadLine } from '../cli/nomad/index.js';
import type { CommandResult, WorkstationFiles } from '../cli/nomad/context.js';
import { clusterTransport } from './cluster-transport.js';
import { Transcript, wrap } from './transcript.js';
import { toMs, type DurationInput } from './duration.js';
import type { TraceRecord } from '../sim/trace.js';

/**
 * Raised by `step(title)` when the session was asked to pause before that step
 * (`pauseBeforeStep`): the body stops there and the federation stays as it is, to be driven by
 * hand (`nomad-sim shell --from FILE --until TITLE`).
 */
export class ScenarioPaused extends Error {
  constructor(readonly stepTitle: string) {
    super(`paused before the step "${stepTitle}"`);
    this.name = 'ScenarioPaused';
  }
}

/** What `execNomad` runs with; every field defaults to the operator's workstation. */
export interface NomadExecOptions {
  /** The whole environment of the command (default: the operator's). */
  env?: Readonly<Record<string, string>>;
  /** Files that file arguments name (default: the operator's files). */
  files?: WorkstationFiles;
  /** Agent address when neither `-address` nor `NOMAD_ADDR` is set. */
  defaultAddress?: string;
  stdin?: string;
}

/** Raised by a failed expectation; the scenario stops and reports it. */
export class ScenarioFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioFailure';
  }
}

export interface NomadOptions {
  /**
   * Server to send the command to (through NOMAD_ADDR), as if typed on that server's host: the
   * transcript shows the prompt `[server-1.europe]$`. Default: the environment's NOMAD_ADDR.
   */
  server?: string;
  /** Extra environment for this command only. */
  env?: Record<string, string>;
  /** Exit code the step expects; a different one fails the scenario. Default 0. Use null to accept any. */
  expectExit?: number | null;
  /** Text the output (stdout + stderr) must contain. */
  expectOutput?: string | RegExp;
  /** Standard input for `-` file arguments. */
  stdin?: string;
}

/** A heading of the scenario (`s.step(title)`) and the virtual time it began at. */
export interface ScenarioStep {
  title: string;
  /** Virtual ms since the run began. */
  atMs: number;
}

export class ScenarioSession {
  /** The operator's environment (NOMAD_ADDR, NOMAD_TOKEN, NOMAD_REGION, ...). */
  readonly env: Record<string, string> = {};
  private readonly stepsBegun: ScenarioStep[] = [];
  private readonly files = new Map<string, string>();
  private readonly logLines: Array<TraceRecord<'log'>> = [];
  private pauseTitle: string | null = null;

  constructor(
    readonly cluster: Cluster,
    readonly profile: ProfileName,
    private readonly transcript: Transcript,
  ) {
    cluster.sim.trace.on('log', (record) => this.logLines.push(record));
    const first = cluster.servers[0];
    if (first !== undefined) this.env.NOMAD_ADDR = `http://${first.address}:4646`;
  }

  get now(): number {
    return this.cluster.sim.now;
  }

  /**
   * The version profile the run plays: its texts and status codes, for expectations and narration
   * that must hold in every version (`s.version.unknownTokenError`, `s.version.nomadVersion`).
   */
  get version(): VersionProfile {
    return getProfile(this.profile);
  }

  // --- narration -------------------------------------------------------------------------------

  /** A heading, like the tutorial's sections. */
  step(title: string): void {
    if (title === this.pauseTitle) throw new ScenarioPaused(title);
    this.stepsBegun.push({ title, atMs: this.now });
    this.transcript.blank();
    this.transcript.write(`## ${title}`);
    this.transcript.blank();
  }

  /** The steps begun so far, in order (the last one is where the scenario is, or stopped). */
  get steps(): ScenarioStep[] {
    return this.stepsBegun.map((step) => ({ ...step }));
  }

  /** Narration: what just happened and why, in the scenario's own words. */
  say(text: string): void {
    this.transcript.blank();
    this.transcript.write(wrap(text));
    this.transcript.blank();
  }

  /** Makes `step(title)` throw ScenarioPaused instead of starting that step (null: never). */
  pauseBeforeStep(title: string | null): void {
    this.pauseTitle = title;
  }

  /** Prints `text` as it is (a front end's echo of a command line, command output). */
  print(text: string): void {
    this.transcript.write(text);
  }

  /** An aside about the simulation (not something an operator would see). */
  note(text: string): void {
    this.transcript.write(`[sim] ${text}`);
  }

  // --- the workstation -------------------------------------------------------------------------

  /** Writes a file on the operator's workstation, shown as a heredoc. */
  writeFile(path: string, content: string): void {
    this.files.set(path, content);
    const body = content.endsWith('\n') ? content : `${content}\n`;
    this.transcript.write(`$ cat > ${path} <<'EOF'\n${body}EOF`);
  }

  /** The operator's files, without printing anything (for front ends that print on their own). */
  readonly workstationFiles = {
    read: (path: string): string | undefined => this.files.get(path),
    write: (path: string, content: string): void => {
      this.files.set(path, content);
    },
    remove: (path: string): boolean => this.files.delete(path),
    list: (): string[] => [...this.files.keys()].sort(),
  };

  /** `export NAME=value` in the operator's shell. */
  exportEnv(name: string, value: string): void {
    this.env[name] = value;
    this.transcript.write(`$ export ${name}=${value}`);
  }

  /** `unset NAME`. */
  unsetEnv(name: string): void {
    delete this.env[name];
    this.transcript.write(`$ unset ${name}`);
  }

  /** `echo ${NAME}` as the shell prints it (empty line when unset). */
  echoEnv(name: string): void {
    this.transcript.write(`$ echo \${${name}}\n${this.env[name] ?? ''}`);
  }

  /**
   * Runs a `nomad ...` command line (the word `nomad` may be left out, and leading `NAME=value`
   * words set the environment for this command only, as in a shell) and prints it with its output.
   */
  async nomad(commandLine: string, options: NomadOptions = {}): Promise<CommandResult> {
    const line = /^(\w+=\S*\s+)*nomad(\s|$)/.test(commandLine)
      ? commandLine
      : `nomad ${commandLine}`;
    const since = this.now;
    const env: Record<string, string> = { ...this.env, ...options.env };
    if (options.server !== undefined)
      env.NOMAD_ADDR = `http://${this.server(options.server).address}:4646`;
    const result = await this.execNomad(line, {
      env,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    });
    // A command sent to one server is shown as typed on that server's host, as the tutorial does.
    const prompt =
      options.server === undefined ? '$' : `[${this.label(this.server(options.server))}]$`;
    this.transcript.write(`${prompt} ${line}`, since);
    const output = `${result.stdout}${result.stderr}`;
    // Stamped when it was printed (the command's end); the trace ties it to the command's start.
    if (output.length > 0) this.transcript.write(output, undefined, since);
    const expected = options.expectExit === undefined ? 0 : options.expectExit;
    if (expected !== null && result.exitCode !== expected) {
      throw new ScenarioFailure(
        `\`${commandLine}\` exited with ${result.exitCode}, expected ${expected}:\n${output}`,
      );
    }
    if (options.expectOutput !== undefined)
      this.expectText(output, options.expectOutput, commandLine);
    return result;
  }

  /**
   * Runs a `[NAME=value ...] nomad ...` line against the cluster without printing anything: what
   * `nomad()` runs, for front ends that print the command and its output themselves.
   */
  execNomad(line: string, options: NomadExecOptions = {}): Promise<CommandResult> {
    const env = options.env ?? this.env;
    return runNomadLine(line, {
      env,
      transport: clusterTransport(this.cluster),
      files: options.files ?? { read: (path) => this.files.get(path) },
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      profile: this.profile,
      defaultAddress: env.NOMAD_ADDR ?? options.defaultAddress ?? 'http://127.0.0.1:4646',
      now: this.cluster.sim.now,
    });
  }

  // --- servers ---------------------------------------------------------------------------------

  /** A server by `region/name`, `name.region` or address. */
  server(ref: string): Server {
    return this.cluster.server(ref);
  }

  servers(region: string): Server[] {
    return this.cluster.serversOf(region);
  }

  /** The current leader of `region` (fails the scenario when there is none). */
  leader(region: string): Server {
    const leader = this.cluster.leaderOf(region);
    if (leader === null) throw new ScenarioFailure(`region ${region} has no leader`);
    return leader;
  }

  private label(server: Server): string {
    return `${server.name}.${server.region}`;
  }

  /** Edits the agent config file of servers (one, or every server of a region). */
  editConfig(target: string, edit: (text: string) => string, describe?: string): void {
    const servers = this.cluster.regionNames.includes(target)
      ? this.servers(target)
      : [this.server(target)];
    for (const server of servers) {
      const before = server.disk.readText(SERVER_CONFIG_PATH) ?? '';
      server.disk.write(SERVER_CONFIG_PATH, edit(before));
      server.disk.sync(SERVER_CONFIG_PATH);
    }
    const who =
      servers.length === 1 ? this.label(servers[0] as Server) : `every server of ${target}`;
    this.transcript.write(
      `[edit ${SERVER_CONFIG_PATH} on ${who}${describe === undefined ? '' : `: ${describe}`}]`,
    );
  }

  /** Edits the agent config file of client agents (one, or every client of a region). */
  editClientConfig(target: string, edit: (text: string) => string, describe?: string): void {
    const clients = this.cluster.regionNames.includes(target)
      ? this.cluster.clients.filter((c) => c.homeRegion === target)
      : [this.cluster.client(target)];
    for (const client of clients) {
      const before = client.disk.readText(CLIENT_CONFIG_PATH) ?? '';
      client.disk.write(CLIENT_CONFIG_PATH, edit(before));
      client.disk.sync(CLIENT_CONFIG_PATH);
    }
    const who =
      clients.length === 1
        ? `${clients[0]?.name}.${clients[0]?.homeRegion}`
        : `every client of ${target}`;
    this.transcript.write(
      `[edit ${CLIENT_CONFIG_PATH} on ${who}${describe === undefined ? '' : `: ${describe}`}]`,
    );
  }

  /** Restarts client agents (one, or every client of a region), which read their config again. */
  async restartClients(target: string): Promise<void> {
    const clients = this.cluster.regionNames.includes(target)
      ? this.cluster.clients.filter((c) => c.homeRegion === target)
      : [this.cluster.client(target)];
    for (const client of clients) {
      await this.cluster.restartClient(client);
      this.transcript.write(`[restart client ${client.name}.${client.homeRegion}]`);
    }
  }

  /** The HTTP address of a client agent, for `-address`. */
  clientAddress(ref: string): string {
    return `http://${this.cluster.client(ref).address}:4646`;
  }

  /** Shows a server's agent config file. */
  showConfig(ref: string): void {
    const server = this.server(ref);
    this.transcript.write(
      `[${this.label(server)}]$ cat ${SERVER_CONFIG_PATH}\n${(server.disk.readText(SERVER_CONFIG_PATH) ?? '').trimEnd()}`,
    );
  }

  /** Writes (or appends to) a file on a server's disk, as `echo ... > file` on that host. */
  serverFile(ref: string, path: string, content: string, options: { append?: boolean } = {}): void {
    const server = this.server(ref);
    const old = options.append === true ? (server.disk.readText(path) ?? '') : '';
    server.disk.write(path, old + content);
    server.disk.sync(path);
    const shown = content.replace(/\n$/, '');
    this.transcript.write(
      `[${this.label(server)}]$ echo ${shown} ${options.append === true ? '>>' : '>'} ${path}`,
    );
  }

  /** Removes a file from a server's disk. */
  removeServerFile(ref: string, path: string): void {
    const server = this.server(ref);
    server.disk.delete(path);
    server.disk.sync(path);
    this.transcript.write(`[${this.label(server)}]$ rm ${path}`);
  }

  /** The data dir of a server (where `server/acl-bootstrap-reset` goes). */
  serverDataDir(ref: string): string {
    const settings = this.server(ref).settings;
    if (settings === null) throw new ScenarioFailure(`${ref} has never started`);
    return settings.serverDataDir;
  }

  /** Restarts one server (graceful stop, then start) and waits until it has rejoined. */
  async restart(ref: string): Promise<void> {
    const server = this.server(ref);
    this.transcript.write(`[restart ${this.label(server)}]`);
    await this.cluster.restart(server);
    await this.cluster.waitForHealthy(server);
  }

  /** Restarts every server of `region` one at a time, each time waiting until it has rejoined. */
  async rollingRestart(region: string): Promise<void> {
    this.transcript.write(
      `[rolling restart of ${region}: one server at a time, waiting for each to rejoin]`,
    );
    for (const server of this.servers(region)) {
      await this.cluster.restart(server);
      await this.cluster.waitForHealthy(server);
      this.transcript.write(
        `[  ${this.label(server)} is back; leader of ${region}: ${this.leaderLabel(region)}]`,
      );
    }
  }

  /** Restarts every server of `region` at the same time (a mistake the tutorial warns about). */
  async restartAllAtOnce(region: string): Promise<void> {
    this.transcript.write(`[restart every server of ${region} at the same time]`);
    await Promise.all(this.servers(region).map((server) => this.cluster.restart(server)));
  }

  /**
   * Hands the leadership of a server's region to that server (Raft leadership transfer, as a
   * graceful leader restart or `nomad operator raft transfer-leadership` does) and waits until it
   * leads (at most `timeout`, 10 s by default). Lets a scenario stage "what if this server were
   * the leader" without a crash.
   */
  async transferLeadership(ref: string, timeout: DurationInput = 10_000): Promise<Server> {
    const timeoutMs = toMs(timeout);
    const target = this.server(ref);
    const region = target.homeRegion;
    this.transcript.write(`[transfer leadership of ${region} to ${this.label(target)}]`);
    const deadline = this.now + timeoutMs;
    while (this.cluster.leaderOf(region) !== target) {
      const leader = this.cluster.leaderOf(region);
      if (leader !== null && leader.node !== null && !leader.node.transferringLeadership) {
        const started = leader.node.transferLeadership(this.now, target.raftId);
        leader.pump();
        if (!started.ok)
          throw new ScenarioFailure(
            `cannot hand leadership of ${region} to ${this.label(target)}: ${started.message}`,
          );
      }
      if (this.now >= deadline)
        throw new ScenarioFailure(
          `${this.label(target)} did not become the leader of ${region} in ${timeoutMs} ms`,
        );
      await this.cluster.sim.sleep(20);
    }
    await this.cluster.waitForHealthy(target);
    return target;
  }

  private leaderLabel(region: string): string {
    const leader = this.cluster.leaderOf(region);
    return leader === null ? 'none' : this.label(leader);
  }

  crash(ref: string): void {
    const server = this.server(ref);
    this.cluster.crash(server);
    this.transcript.write(`[crash ${this.label(server)}]`);
  }

  /**
   * Stops a server gracefully, as `systemctl stop nomad` on its host: a leader hands leadership
   * to another voter first (if one answers), and everything is synced to disk. `start` brings
   * it back. Several stops can run at once (`Promise.all`).
   */
  async stop(ref: string): Promise<void> {
    const server = this.server(ref);
    this.transcript.write(`[stop ${this.label(server)}]`);
    await this.cluster.stop(server);
  }

  start(ref: string): void {
    const server = this.server(ref);
    server.start();
    this.transcript.write(`[start ${this.label(server)}]`);
  }

  /** Cuts the network between two groups of regions or servers (both directions). */
  partition(sideA: string[], sideB: string[]): number {
    const expand = (refs: string[]) =>
      refs.flatMap((r) =>
        this.cluster.regionNames.includes(r)
          ? this.servers(r).map((s) => s.address)
          : [this.server(r).address],
      );
    const id = this.cluster.network.partition(expand(sideA), expand(sideB));
    this.transcript.write(`[partition ${sideA.join(',')} | ${sideB.join(',')}]`);
    return id;
  }

  /** Cuts one server off from every other endpoint (servers, clients and the workstation). */
  isolate(ref: string): number {
    const server = this.server(ref);
    const id = this.cluster.network.isolate(server.address);
    this.transcript.write(`[isolate ${this.label(server)}]`);
    return id;
  }

  /** Drops each message with probability `p` (0 to 1) from now on; 0 switches loss off. */
  setLoss(p: number): void {
    this.cluster.network.setLoss(p);
    this.transcript.write(`[message loss ${Math.round(p * 1000) / 10}%]`);
  }

  heal(): void {
    this.cluster.network.heal();
    this.transcript.write('[heal the network]');
  }

  /** Lets virtual time pass (at most MAX_SCENARIO_DURATION_MS, 30 days, per call). */
  async wait(duration: DurationInput, why?: string): Promise<void> {
    const ms = toMs(duration);
    this.transcript.write(
      `[wait ${typeof duration === 'string' ? duration : `${ms}ms`}${why === undefined ? '' : `: ${why}`}]`,
    );
    await this.cluster.sim.sleep(ms);
  }

  /** Waits until `region` has a leader. */
  async waitForLeader(region: string): Promise<Server> {
    return this.cluster.waitForLeader(region);
  }

  // --- logs ------------------------------------------------------------------------------------

  /** Server log lines written since `since` (virtual ms) that match `filter`. */
  logsSince(
    since: number,
    filter?: { region?: string; level?: string; contains?: string },
  ): Array<TraceRecord<'log'>> {
    return this.logLines.filter(
      (l) =>
        l.t >= since &&
        (filter?.region === undefined || l.region === filter.region) &&
        (filter?.level === undefined || l.level === filter.level) &&
        (filter?.contains === undefined || l.message.includes(filter.contains)),
    );
  }

  /** Prints log lines the way `nomad monitor` shows them. */
  showLogs(lines: ReadonlyArray<TraceRecord<'log'>>, limit = 6): void {
    for (const line of lines.slice(0, limit)) this.transcript.write(formatLogLine(line));
    if (lines.length > limit) this.transcript.write(`[... ${lines.length - limit} more]`);
  }

  // --- expectations ----------------------------------------------------------------------------

  expect(condition: boolean, message: string): void {
    if (!condition) throw new ScenarioFailure(message);
  }

  /** Fails the scenario here with `message` (a counterexample script marks where its run failed). */
  fail(message: string): never {
    throw new ScenarioFailure(message);
  }

  private expectText(output: string, expected: string | RegExp, what: string): void {
    const ok = typeof expected === 'string' ? output.includes(expected) : expected.test(output);
    if (!ok)
      throw new ScenarioFailure(
        `\`${what}\` did not print ${String(expected)}; it printed:\n${output}`,
      );
  }
}

/** The value of `Key = value` in a Nomad KV block. */
export function kvField(output: string, key: string): string {
  const match = new RegExp(
    `^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=\\s*(.*)$`,
    'm',
  ).exec(output);
  if (match === null) throw new ScenarioFailure(`output has no "${key}" field:\n${output}`);
  return (match[1] ?? '').trim();
}

/** One server log line the way `nomad monitor` shows it, with the server and the virtual time. */
export function formatLogLine(line: TraceRecord<'log'>): string {
  const fields = Object.entries(line.fields ?? {})
    .map(
      ([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`,
    )
    .join(' ');
  return `[${line.server}.${line.region} +${(line.t / 1000).toFixed(3)}s] [${line.level}] nomad: ${line.message}${fields === '' ? '' : `: ${fields}`}`;
}
