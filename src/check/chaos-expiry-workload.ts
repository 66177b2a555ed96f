/**
 * The `expiry` workload of a chaos run: an operator creates global and local client tokens with an
 * expiration TTL (one to two and a half minutes, Nomad refuses less than its one-minute minimum)
 * through random servers, and later uses tokens whose expiry has passed. An expired token must be
 * refused everywhere (property `expired token still works`): `GET /v1/acl/token/self` with it may
 * answer anything but 200. A token counts as expired one millisecond after the answer to its
 * create plus its TTL, the latest its expiration time can be; before that nothing is judged (a
 * global token may not have reached another region yet).
 */
import type { Cluster } from '../region/cluster.js';
import type { Rng } from '../sim/random.js';
import type { ReportViolation } from './violation.js';
import type { TimedClient } from './timed-client.js';
import type { WorkloadStats } from './chaos-workload.js';
import { BASE_POLICY } from './chaos-workload.js';
import { RequestTracer } from './request-tracer.js';
import { serverLabel } from './server-lookup.js';

interface ExpiringToken {
  readonly accessorId: string;
  readonly secretId: string;
  readonly global: boolean;
  readonly region: string;
  /** Virtual ms after which the token has certainly expired. */
  readonly expiredAfter: number;
}

const TTL_SECONDS = { min: 60, max: 150 };

export class ExpiryWorkload {
  readonly stats: WorkloadStats = { sent: 0, acked: 0, failed: 0 };
  private readonly tokens: ExpiringToken[] = [];
  private readonly tracer: RequestTracer;
  /** Uses of expired tokens that were refused, as they must be. */
  refusals = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly client: TimedClient,
    private readonly rng: Rng,
    private readonly managementSecret: string,
    private readonly report: ReportViolation,
  ) {
    this.tracer = new RequestTracer(cluster);
  }

  /** Creates an expiring token, or uses one that has expired. */
  async operateOnce(): Promise<void> {
    const now = this.cluster.sim.now;
    const expired = this.tokens.filter((t) => t.expiredAfter < now);
    if (expired.length > 0 && this.rng.chance(0.6)) await this.useExpired(this.rng.pick(expired));
    else await this.create();
  }

  private async create(): Promise<void> {
    const global = this.rng.chance(0.5);
    const server = this.rng.pick(this.cluster.servers);
    const ttlMs = this.rng.int(TTL_SECONDS.min, TTL_SECONDS.max) * 1_000;
    const body = {
      Name: `expiring-${this.tokens.length + 1}`,
      Type: 'client',
      Policies: [BASE_POLICY],
      Global: global,
      ExpirationTTL: `${ttlMs / 1_000}s`,
    };
    this.stats.sent++;
    const response = await this.tracer.http(
      this.client,
      server,
      { method: 'PUT', path: '/v1/acl/token', token: this.managementSecret, body },
      'token create (expiring)',
    );
    const created = response.body as { AccessorID?: unknown; SecretID?: unknown };
    if (
      response.status !== 200 ||
      typeof created.AccessorID !== 'string' ||
      typeof created.SecretID !== 'string'
    ) {
      this.stats.failed++;
      return;
    }
    this.stats.acked++;
    const region = server.region;
    this.tokens.push({
      accessorId: created.AccessorID,
      secretId: created.SecretID,
      global,
      region,
      expiredAfter: this.cluster.sim.now + ttlMs + 1,
    });
  }

  private async useExpired(token: ExpiringToken): Promise<void> {
    const servers = token.global ? this.cluster.servers : this.cluster.serversOf(token.region);
    const server = this.rng.pick(servers);
    const response = await this.tracer.http(
      this.client,
      server,
      { method: 'GET', path: '/v1/acl/token/self', token: token.secretId },
      'token self (expired)',
      false,
    );
    if (response.status !== 200) {
      if (response.status === 403) this.refusals++;
      return;
    }
    this.report(
      'expired token still works',
      `${token.global ? 'global' : 'local'} token ${token.accessorId} expired by t=${token.expiredAfter} ms but ${serverLabel(server)} accepted it at t=${this.cluster.sim.now} ms`,
    );
  }
}
