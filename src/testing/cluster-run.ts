/**
 * A recorded run on a fresh simulated cluster: ACL calls over the HTTP API, rolling restarts,
 * faults and waits, each kept as a step. Tokens created by the run get handles (`t1`, `t2`, ...)
 * bound to their real accessor, secret and Create Index, so later calls can name them. When a
 * property fails, `script()` prints the steps as a scenario file that replays them with the
 * `nomad` CLI (see scenario-script.ts).
 */
import { ApiLayer } from '../api/api-layer.js';
import type { ApiRequest, ApiResponse } from '../api/http.js';
import type { ProfileName } from '../acl/index.js';
import { Cluster, ConnectionRefused, RequestTimeout, SERVER_CONFIG_PATH, type ClusterOptions } from '../region/cluster.js';
import { withReplicationToken } from '../region/agent-config.js';
import { clusterOptionsFor, type ClusterShape } from './cluster-shape.js';
import type { AclCall } from './acl-operations.js';
import type { Expectation, TokenBinding } from './acl-expectation.js';
import { aclRequest } from './acl-requests.js';
import { OPERATOR_BOOTSTRAP_SECRET } from './acl-secrets.js';
import { applyFault, type FaultAction } from './fault-schedule.js';
import { rollingRestartInOrder } from './rolling-restart.js';
import { waitForAclSettled } from './settle.js';
import { watchInvariants, type InvariantWatch } from './invariants.js';
import { formatCounterexampleScenario, type ScenarioScriptOptions } from './scenario-script.js';

export type RunStep =
  | {
      readonly kind: 'acl';
      readonly call: AclCall;
      /** The run waited for the regions to settle before the call. */
      readonly settled: boolean;
      readonly status: number;
      readonly body: unknown;
      /** What a reference model expected, when one was used. */
      readonly expectation?: Expectation;
      /** The handle a created token got. */
      readonly bound?: string;
    }
  | { readonly kind: 'restart-in-order'; readonly region: string; readonly order: readonly number[] }
  | { readonly kind: 'fault'; readonly action: FaultAction }
  | { readonly kind: 'wait'; readonly ms: number };

export interface ClusterRunOptions {
  readonly seed: number;
  readonly shape: ClusterShape;
  /**
   * Give the servers of the non-authoritative regions the operator bootstrap secret as their
   * replication token before they start. Default: true when there is more than one region.
   */
  readonly replication?: boolean;
  readonly profile?: ProfileName;
  readonly keepTrace?: boolean;
  /** Watch election and state-machine safety while the run goes. Default true. */
  readonly watchInvariants?: boolean;
  /** More cluster options (timings, network, ...). */
  readonly cluster?: Partial<ClusterOptions>;
}

/** The settle wait before a call timed out (replication or Raft did not catch up). */
export class SettleTimeout extends Error {
  constructor(readonly call: AclCall) {
    super(`the regions did not settle before ${call.op} via ${call.via}`);
    this.name = 'SettleTimeout';
  }
}

export class ClusterRun {
  readonly steps: RunStep[] = [];
  readonly bindings = new Map<string, TokenBinding>();
  readonly invariants: InvariantWatch | null;
  /** Throw SettleTimeout when a settle wait times out (model runs); otherwise go on. */
  strictSettle = false;
  private created = 0;

  private constructor(
    readonly cluster: Cluster,
    readonly options: ClusterRunOptions,
  ) {
    this.invariants = options.watchInvariants === false ? null : watchInvariants(cluster);
  }

  /** Builds the cluster for `options.shape`, starts every server and waits for every leader. */
  static async start(options: ClusterRunOptions): Promise<ClusterRun> {
    const cluster = new Cluster(clusterOptionsFor(options.shape, options.seed, { ...(options.keepTrace === undefined ? {} : { keepTrace: options.keepTrace }), ...options.cluster }));
    ApiLayer.install(cluster, options.profile ?? 'modern');
    const run = new ClusterRun(cluster, options);
    if (run.replication) {
      for (const server of cluster.servers) {
        if (server.homeRegion === options.shape.authoritativeRegion) continue;
        server.disk.write(SERVER_CONFIG_PATH, withReplicationToken(server.disk.readText(SERVER_CONFIG_PATH) ?? '', OPERATOR_BOOTSTRAP_SECRET));
        server.disk.sync(SERVER_CONFIG_PATH);
      }
    }
    cluster.startAll();
    for (const region of cluster.regionNames) await cluster.waitForLeader(region);
    await cluster.sim.sleep(1_000);
    return run;
  }

  get shape(): ClusterShape {
    return this.options.shape;
  }

  get seed(): number {
    return this.options.seed;
  }

  /** Whether non-authoritative regions replicate with the operator bootstrap secret. */
  get replication(): boolean {
    return this.options.replication ?? this.options.shape.regions.length > 1;
  }

  /** Whether the run waits for the regions to settle before `call` (see settle.ts). */
  needsSettle(call: AclCall): boolean {
    const region = call.via.split('/')[0];
    return call.op === 'token.self' || (this.replication && region !== this.shape.authoritativeRegion);
  }

  /**
   * Makes an ACL call over HTTP and records it. A 200 answer to a bootstrap or token create binds
   * the next handle (`t1`, `t2`, ...). Network failures come back as status 0 with the error text.
   */
  async acl(call: AclCall, expectation?: Expectation): Promise<ApiResponse> {
    const settled = this.needsSettle(call);
    if (settled && !(await waitForAclSettled(this.cluster, { replication: this.replication })) && this.strictSettle) throw new SettleTimeout(call);
    const request = aclRequest(call, this.bindings);
    const response = await this.send(call.via, request);
    const bound = response.status === 200 && (call.op === 'bootstrap' || call.op === 'token.create') ? this.bind(response) : undefined;
    this.steps.push({
      kind: 'acl',
      call,
      settled,
      status: response.status,
      body: response.body,
      ...(expectation === undefined ? {} : { expectation }),
      ...(bound === undefined ? {} : { bound }),
    });
    return response;
  }

  private async send(via: string, request: ApiRequest): Promise<ApiResponse> {
    try {
      return await this.cluster.http(this.cluster.server(via).address, request);
    } catch (error) {
      if (error instanceof ConnectionRefused || error instanceof RequestTimeout) return { status: 0, body: error.message, headers: {} };
      throw error;
    }
  }

  private bind(response: ApiResponse): string {
    const body = response.body as Record<string, unknown>;
    const handle = `t${++this.created}`;
    this.bindings.set(handle, { accessor: String(body.AccessorID), secret: String(body.SecretID), createIndex: Number(body.CreateIndex) });
    return handle;
  }

  /** Restarts the servers of `region` one at a time in `order` (0-based positions). */
  async restartInOrder(region: string, order: readonly number[]): Promise<void> {
    this.steps.push({ kind: 'restart-in-order', region, order: [...order] });
    await rollingRestartInOrder(this.cluster, region, order);
  }

  async fault(action: FaultAction): Promise<void> {
    this.steps.push({ kind: 'fault', action });
    await applyFault(this.cluster, action);
  }

  async wait(ms: number): Promise<void> {
    this.steps.push({ kind: 'wait', ms });
    await this.cluster.sim.sleep(ms);
  }

  /** The steps so far as a runnable scenario script. */
  script(options: Omit<ScenarioScriptOptions, 'seed' | 'shape' | 'replication'> = {}): string {
    return formatCounterexampleScenario(this.steps, { seed: this.seed, shape: this.shape, replication: this.replication, ...options });
  }
}
