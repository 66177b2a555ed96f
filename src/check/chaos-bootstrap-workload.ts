/**
 * The `bootstrap` workload of a chaos run: operators racing to bootstrap ACLs, then resetting the
 * bootstrap again and again with the reset file, as the tutorial's "reset" section does.
 *
 * - `race`: at the start, two to five operators bootstrap at once through random servers of every
 *   region, with the same operator secret, each retrying until it gets a final answer. Exactly one
 *   bootstrap may win; the bootstrap checker (acl-bootstrap-checker.ts) judges the log.
 * - `operateOnce`, one reset round: learn the reset index from an `ACL bootstrap already done
 *   (reset index: N)` refusal; write a reset file on the authoritative region's leader holding N
 *   (most rounds) or an older index (a file left from an earlier reset); fire one to three
 *   bootstraps at that leader at once; then usually remove the file, sometimes leave it behind for
 *   later rounds to trip over. Every bootstrap answered 200 is reported to the checker with the
 *   content of the reset file on the server that executed it: a reset may only consume the index
 *   it names. Only this workload writes reset files, so what it wrote is what the server read.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { Rng } from '../sim/random.js';
import type { ApiResponse } from '../server/http.js';
import type { AclBootstrapChecker } from './acl-bootstrap-checker.js';
import type { TimedClient } from './timed-client.js';
import type { WorkloadStats } from './chaos-workload.js';
import { isTransient } from './chaos-workload.js';
import { RequestTracer } from './request-tracer.js';

const RESET_FILE = 'acl-bootstrap-reset';

export class BootstrapWorkload {
  readonly stats: WorkloadStats = { sent: 0, acked: 0, failed: 0 };
  /** Reset files this workload left on servers: server -> content. */
  private readonly files = new Map<Server, string>();
  /** Reset indexes learned so far (for stale files). */
  private readonly knownIndexes: number[] = [];
  private readonly tracer: RequestTracer;

  constructor(
    private readonly cluster: Cluster,
    private readonly client: TimedClient,
    private readonly checker: AclBootstrapChecker,
    private readonly rng: Rng,
    private readonly authoritative: string,
  ) {
    this.tracer = new RequestTracer(cluster);
  }

  /**
   * Operators race to bootstrap with `secret` through random servers, each until a final answer
   * or `deadlineMs`. Resolves with every final answer.
   */
  async race(secret: string, deadlineMs: number): Promise<ApiResponse[]> {
    const operators = this.rng.int(2, 5);
    const starts = Array.from({ length: operators }, () => this.rng.int(0, 30));
    return Promise.all(starts.map((delay) => this.operator(secret, delay, deadlineMs)));
  }

  private async operator(secret: string, delay: number, deadlineMs: number): Promise<ApiResponse> {
    await this.cluster.sim.sleep(delay);
    for (;;) {
      const server = this.rng.pick(this.cluster.servers);
      const response = await this.bootstrap(server, { BootstrapSecret: secret });
      if (!isTransient(response) || this.cluster.sim.now >= deadlineMs) return response;
      await this.cluster.sim.sleep(500);
    }
  }

  /** One reset round (see the file comment). */
  async operateOnce(): Promise<void> {
    const index = await this.learnResetIndex();
    if (index === null) return;
    const leader = this.cluster.leaderOf(this.authoritative);
    if (leader === null || !leader.isRunning) return;
    const older = this.knownIndexes.filter((known) => known < index);
    const stale = older.length > 0 && this.rng.chance(0.3);
    const content = String(stale ? this.rng.pick(older) : index);
    this.writeFile(leader, content);
    const racers = this.rng.int(1, 3);
    await Promise.all(Array.from({ length: racers }, () => this.bootstrap(leader, {})));
    if (this.rng.chance(0.8)) this.removeFile(leader);
    if (this.rng.chance(0.3)) for (const server of [...this.files.keys()]) this.removeFile(server);
  }

  /** Asks through a random server for a bootstrap; the refusal names the reset index. */
  private async learnResetIndex(): Promise<number | null> {
    const response = await this.bootstrap(this.rng.pick(this.cluster.servers), {});
    const match = /reset index: (\d+)\)$/.exec(String(response.body));
    if (response.status === 200 || match === null) return null;
    const index = Number(match[1]);
    if (!this.knownIndexes.includes(index)) this.knownIndexes.push(index);
    return index;
  }

  /** One bootstrap request through `server`; a success is reported to the checker. */
  private async bootstrap(
    server: Server,
    body: { BootstrapSecret?: string },
  ): Promise<ApiResponse> {
    this.stats.sent++;
    const response = await this.tracer.http(
      this.client,
      server,
      { method: 'PUT', path: '/v1/acl/bootstrap', body },
      'acl bootstrap',
    );
    if (response.status !== 200) {
      this.stats.failed++;
      return response;
    }
    this.stats.acked++;
    const createIndex = (response.body as { CreateIndex?: unknown }).CreateIndex;
    const by = response.executedBy;
    const executor =
      by === undefined
        ? undefined
        : this.cluster.servers.find((s) => s.region === by.region && s.name === by.server);
    if (typeof createIndex === 'number' && executor !== undefined)
      this.checker.noteAnswer(this.files.get(executor) ?? null, createIndex);
    return response;
  }

  private resetPath(server: Server): string | null {
    const dir = server.settings?.serverDataDir;
    return dir === undefined ? null : `${dir}/${RESET_FILE}`;
  }

  private writeFile(server: Server, content: string): void {
    const path = this.resetPath(server);
    if (path === null) return;
    server.disk.write(path, content);
    server.disk.sync(path);
    this.files.set(server, content);
  }

  private removeFile(server: Server): void {
    const path = this.resetPath(server);
    this.files.delete(server);
    if (path === null || server.disk.readText(path) === undefined) return;
    server.disk.delete(path);
    server.disk.sync(path);
  }
}
