/**
 * The client load of a chaos run, drawn from the run's seed:
 *
 * - kv writes, each with a fresh key and value, to random servers of random regions; the
 *   acknowledged ones go into the ack ledger;
 * - with ACLs on (several regions), an operator holding the management token who upserts and
 *   deletes policies and creates and deletes global and local tokens through random servers of
 *   random regions. Acknowledged local tokens and deleted global tokens are reported to the ACL
 *   checker. Every policy upsert carries a new description, so each version has its own hash;
 * - churn (`churnOnce`): bursts of back-to-back writes and deletes of the same objects (a global
 *   token created and deleted at once, a policy written, deleted and written again), so that
 *   deletions land while replication rounds of the other regions are under way.
 *
 * Every request goes through `TimedClient`, so it ends even when its server crashes, and is
 * traced as `client.request` / `client.response` records.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { Rng } from '../sim/random.js';
import type { ApiRequest, ApiResponse } from '../server/http.js';
import type { AckLedger } from './ack-ledger.js';
import type { AclReplicationChecker } from './acl-replication-checker.js';
import type { TimedClient } from './timed-client.js';
import { RequestTracer } from './request-tracer.js';

/** The policy every workload token links to; created at start, never deleted. */
export const BASE_POLICY = 'base';
const POLICY_NAMES = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const POLICY_LEVELS = ['read', 'write', 'deny'];

export interface WorkloadStats {
  sent: number;
  acked: number;
  failed: number;
}

function emptyStats(): WorkloadStats {
  return { sent: 0, acked: 0, failed: 0 };
}

/** kv writes with fresh keys through random servers. */
export class KvWorkload {
  readonly stats = emptyStats();
  private nextKey = 1;
  private readonly tracer: RequestTracer;

  constructor(
    private readonly cluster: Cluster,
    private readonly client: TimedClient,
    private readonly ledger: AckLedger,
    private readonly rng: Rng,
  ) {
    this.tracer = new RequestTracer(cluster);
  }

  /** One write through a random server; resolves when it is answered. */
  async writeOnce(): Promise<void> {
    const server = this.rng.pick(this.cluster.servers);
    const n = this.nextKey++;
    const key = `k${n}`;
    const value = `v${n}`;
    const region = server.homeRegion;
    this.stats.sent++;
    const answer = await this.tracer.traced(server, `kv.set ${key}`, async () => {
      const reply = await this.client.submit(server.address, { type: 'kv.set', key, value });
      return reply.ok
        ? {
            status: 200,
            index: (reply.value as { index: number }).index,
            error: null,
            by: reply.by,
          }
        : { status: reply.error.status, index: 0, error: reply.error.message };
    });
    if (answer.error !== null) {
      this.stats.failed++;
      return;
    }
    this.stats.acked++;
    this.ledger.record({ region, key, value, index: answer.index, time: this.cluster.sim.now });
  }
}

interface CreatedToken {
  readonly accessorId: string;
  readonly secretId: string;
  readonly global: boolean;
  readonly region: string;
}

type AclOperation =
  | 'upsertPolicy'
  | 'deletePolicy'
  | 'createGlobalToken'
  | 'createLocalToken'
  | 'deleteToken';

const ACL_WEIGHTS: ReadonlyArray<readonly [AclOperation, number]> = [
  ['upsertPolicy', 3],
  ['deletePolicy', 1],
  ['createGlobalToken', 2],
  ['createLocalToken', 2],
  ['deleteToken', 2],
];

/** The operator's ACL writes, with the management token. */
export class AclWorkload {
  readonly stats = emptyStats();
  /** Tokens created so far (they are named after it). */
  private created = 0;
  /** The tokens not deleted yet, in the order they were created (what a delete picks from). */
  private readonly live: CreatedToken[] = [];
  private version = 1;
  private readonly tracer: RequestTracer;

  constructor(
    private readonly cluster: Cluster,
    private readonly client: TimedClient,
    private readonly checker: AclReplicationChecker,
    private readonly rng: Rng,
    private readonly managementSecret: string,
    /**
     * Put in front of every policy description, so that two operators running side by side never
     * write the same version of a policy twice (the replication checker tells versions by hash).
     */
    private readonly descriptionPrefix = '',
  ) {
    this.tracer = new RequestTracer(cluster);
  }

  /** Sends `request` through `server` until it gets an answer that is not a transient failure. */
  async untilAnswered(
    request: ApiRequest,
    pick: () => Server,
    deadlineMs: number,
  ): Promise<ApiResponse> {
    for (;;) {
      const server = pick();
      const response = await this.send(server, request, `${request.method} ${request.path}`);
      if (!isTransient(response) || this.cluster.sim.now >= deadlineMs) return response;
      await this.cluster.sim.sleep(1_000);
    }
  }

  /** Writes the base policy (retrying through failures until `deadlineMs`). */
  async createBasePolicy(deadlineMs: number): Promise<ApiResponse> {
    return this.untilAnswered(
      this.policyRequest(BASE_POLICY),
      () => this.rng.pick(this.cluster.servers),
      deadlineMs,
    );
  }

  /** One random ACL write; resolves when it is answered. */
  async operateOnce(): Promise<void> {
    const operation = this.drawOperation();
    const server = this.rng.pick(this.cluster.servers);
    switch (operation) {
      case 'upsertPolicy':
        await this.count(
          this.send(server, this.policyRequest(this.rng.pick(POLICY_NAMES)), 'policy upsert'),
        );
        return;
      case 'deletePolicy': {
        const name = this.rng.pick(POLICY_NAMES);
        await this.count(
          this.send(
            server,
            { method: 'DELETE', path: `/v1/acl/policy/${name}`, token: this.managementSecret },
            'policy delete',
          ),
        );
        return;
      }
      case 'createGlobalToken':
      case 'createLocalToken':
        await this.createToken(server, operation === 'createGlobalToken');
        return;
      case 'deleteToken':
        await this.deleteToken();
        return;
    }
  }

  private drawOperation(): AclOperation {
    const total = ACL_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.rng.int(1, total);
    for (const [operation, weight] of ACL_WEIGHTS) {
      roll -= weight;
      if (roll <= 0) return operation;
    }
    return 'upsertPolicy';
  }

  private policyRequest(name: string): ApiRequest {
    const level = this.rng.pick(POLICY_LEVELS);
    return {
      method: 'PUT',
      path: `/v1/acl/policy/${name}`,
      token: this.managementSecret,
      body: {
        Name: name,
        Description: `${this.descriptionPrefix}version ${this.version++}`,
        Rules: `namespace "default" {\n  policy = "${level}"\n}\n`,
      },
    };
  }

  private async createToken(server: Server, global: boolean): Promise<CreatedToken | null> {
    const name = `${global ? 'global' : 'local'}-${this.created + 1}`;
    const response = await this.count(
      this.send(
        server,
        {
          method: 'PUT',
          path: '/v1/acl/token',
          token: this.managementSecret,
          body: { Name: name, Type: 'client', Policies: [BASE_POLICY], Global: global },
        },
        'token create',
      ),
    );
    if (response.status !== 200) return null;
    const body = response.body as { AccessorID?: unknown; SecretID?: unknown };
    if (typeof body.AccessorID !== 'string' || typeof body.SecretID !== 'string') return null;
    const token: CreatedToken = {
      accessorId: body.AccessorID,
      secretId: body.SecretID,
      global,
      region: server.region,
    };
    this.created++;
    this.live.push(token);
    if (!global) this.checker.noteLocalToken(token.accessorId, token.region);
    return token;
  }

  /** One burst of back-to-back writes on the same objects; resolves when the last is answered. */
  async churnOnce(): Promise<void> {
    switch (this.rng.int(1, 3)) {
      case 1: {
        // A global token deleted as soon as it exists.
        const token = await this.createToken(this.rng.pick(this.cluster.servers), true);
        if (token !== null) await this.deleteToken(token);
        return;
      }
      case 2: {
        // A policy written, deleted and written again.
        const name = this.rng.pick(POLICY_NAMES);
        await this.count(
          this.send(this.rng.pick(this.cluster.servers), this.policyRequest(name), 'policy upsert'),
        );
        await this.count(
          this.send(
            this.rng.pick(this.cluster.servers),
            { method: 'DELETE', path: `/v1/acl/policy/${name}`, token: this.managementSecret },
            'policy delete',
          ),
        );
        await this.count(
          this.send(this.rng.pick(this.cluster.servers), this.policyRequest(name), 'policy upsert'),
        );
        return;
      }
      default: {
        // Two quick deletes (of tokens made earlier), then a new token.
        await this.deleteToken();
        await this.deleteToken();
        await this.createToken(this.rng.pick(this.cluster.servers), this.rng.chance(0.5));
        return;
      }
    }
  }

  private async deleteToken(chosen?: CreatedToken): Promise<void> {
    if (chosen === undefined && this.live.length === 0) return;
    const token = chosen ?? this.rng.pick(this.live);
    const servers = token.global ? this.cluster.servers : this.cluster.serversOf(token.region);
    const server = this.rng.pick(servers);
    const response = await this.count(
      this.send(
        server,
        {
          method: 'DELETE',
          path: `/v1/acl/token/${token.accessorId}`,
          token: this.managementSecret,
        },
        'token delete',
      ),
    );
    if (response.status !== 200) return;
    const at = this.live.indexOf(token);
    if (at >= 0) this.live.splice(at, 1);
    const index = Number(response.headers['X-Nomad-Index'] ?? 0);
    if (token.global && index > 0)
      this.checker.noteDeletedGlobalToken(token.accessorId, token.secretId, index);
  }

  private async count(pending: Promise<ApiResponse>): Promise<ApiResponse> {
    this.stats.sent++;
    const response = await pending;
    if (response.status === 200) this.stats.acked++;
    else this.stats.failed++;
    return response;
  }

  private async send(server: Server, request: ApiRequest, operation: string): Promise<ApiResponse> {
    return this.tracer.http(this.client, server, request, operation);
  }
}

/** Failures worth retrying: no answer, a server going away, no leader, an RPC that broke. */
export function isTransient(response: ApiResponse): boolean {
  if (response.status === 0) return true;
  if (response.status !== 500) return false;
  const text = String(response.body);
  return /No cluster leader|shutting down|rpc error|leadership lost|No path to region|connection refused/.test(
    text,
  );
}
