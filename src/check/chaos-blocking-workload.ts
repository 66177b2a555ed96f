/**
 * The `blocking` workload of a chaos run: short blocking queries (`?index=N&wait=10ms..2s`) on the
 * ACL policy and token lists through random servers of every region, each from the index the same
 * server last answered. The blocking-query contract (property `blocking query`): an answer whose
 * index is not above the one asked for may only come once the wait has passed; an answer that
 * comes earlier must carry a higher index. Errors and timeouts are not judged.
 */
import type { Cluster } from '../region/cluster.js';
import type { Rng } from '../sim/random.js';
import type { ReportViolation } from './violation.js';
import type { TimedClient } from './timed-client.js';
import type { WorkloadStats } from './chaos-workload.js';
import { RequestTracer } from './request-tracer.js';
import { serverLabel } from './server-lookup.js';

const LISTS = ['/v1/acl/policies', '/v1/acl/tokens'];
const WAIT_MS = { min: 10, max: 2_000 };

export class BlockingWorkload {
  readonly stats: WorkloadStats = { sent: 0, acked: 0, failed: 0 };
  /** `address path` -> the index that server last answered for that list. */
  private readonly lastIndex = new Map<string, number>();
  private readonly tracer: RequestTracer;
  /** Answers that came early with a higher index, and answers that waited. */
  readonly outcomes = { early: 0, waited: 0 };

  constructor(
    private readonly cluster: Cluster,
    private readonly client: TimedClient,
    private readonly rng: Rng,
    private readonly managementSecret: string,
    private readonly report: ReportViolation,
  ) {
    this.tracer = new RequestTracer(cluster);
  }

  /** One blocking query (a plain read first, when the server has not answered that list yet). */
  async operateOnce(): Promise<void> {
    const server = this.rng.pick(this.cluster.servers);
    const path = this.rng.pick(LISTS);
    const key = `${server.address} ${path}`;
    const index = this.lastIndex.get(key);
    const waitMs = this.rng.int(WAIT_MS.min, WAIT_MS.max);
    const query: Record<string, string> =
      index === undefined ? {} : { index: String(index), wait: `${waitMs}ms` };
    const sentAt = this.cluster.sim.now;
    this.stats.sent++;
    const operation = index === undefined ? `list ${path}` : `blocking list ${path}`;
    const response = await this.tracer.http(
      this.client,
      server,
      { method: 'GET', path, query, token: this.managementSecret },
      operation,
      false,
    );
    const answered = Number(response.headers['X-Nomad-Index'] ?? Number.NaN);
    if (response.status !== 200 || !Number.isSafeInteger(answered)) {
      this.stats.failed++;
      return;
    }
    this.stats.acked++;
    this.lastIndex.set(key, answered);
    if (index === undefined) return;
    const elapsed = this.cluster.sim.now - sentAt;
    if (answered > index) {
      this.outcomes.early++;
      return;
    }
    this.outcomes.waited++;
    if (elapsed >= waitMs) return;
    this.report(
      'blocking query',
      `${path} through ${serverLabel(server)} with index ${index} and wait ${waitMs} ms answered after ${elapsed} ms with index ${answered}`,
    );
  }
}
