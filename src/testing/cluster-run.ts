/**
 * A recorded run on a fresh simulated cluster: ACL calls over the HTTP API, rolling restarts,
 * faults and waits, each kept as a step. Tokens created by the run get handles (`t1`, `t2`, ...)
 * bound to their real accessor, secret and Create Index, so later calls can name them. The
 * checker (src/check) watches the run from the start. When a property fails, `script()`
 * prints the steps as a scenario file that replays them with the `nomad` CLI (scenario-script.ts).
 */
import { ApiLayer } from '../api/api-layer.js';
import type { ApiRequest, ApiResponse } from '../server/http.js';
import type { ProfileName } from '../acl/index.js';
import {
  Cluster,
  ConnectionRefused,
  RequestTimeout,
  SERVER_CONFIG_PATH,
  type ClusterOptions,
} from '../region/cluster.js';
import { withReplicationToken } from '../agent-config/index.js';
import type { ClusterChecker, FaultAction, FaultDriver } from '../check/index.js';
import { clusterOptionsFor, type ClusterShape } from './cluster-shape.js';
import type { AclCall } from './acl-operations.js';
import type { Expectation, TokenBinding } from './acl-expectation.js';
import { aclRequest } from './acl-requests.js';
import { OPERATOR_BOOTSTRAP_SECRET } from './acl-secrets.js';
import { faultDriverFor } from './faults.js';
import { rollingRestartInOrder } from './rolling-restart.js';
import { waitForAclSettled } from './settle.js';
import { watchInvariants } from './invariants.js';
import { formatCounterexampleScenario, type ScenarioScriptOptions } from './scenario-script.js';

export type RunStep =
  | {
      readonly kind: 'acl';
      readonly call: AclCall;
      /** The run waited for the regions to settle before the call. */
      readonly settled: boolean;
      /** HTTP status; -1 when the call did not complete (`error` says why). */
      readonly status: number;
      readonly body: unknown;
      readonly error?: string;
      /** What a reference model expected, when one was used. */
      readonly expectation?: Expectation;
      /** The handle a created token got. */
      readonly bound?: string;
    }
  | {
      readonly kind: 'restart-in-order';
      readonly region: string;
      readonly order: readonly number[];
    }
  /** `hit`: the servers the fault struck (`global/server-2`), e.g. the leader a `crashLeader` crashed. */
  | { readonly kind: 'fault'; readonly action: FaultAction; readonly hit: readonly string[] }
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
  /** Attach the invariant checker from the start. Default true. */
  readonly checkInvariants?: boolean;
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
  /** Throw SettleTimeout when a settle wait times out (model runs); otherwise go on. */
  strictSettle = false;
  private created = 0;
  private readonly globalHandles = new Set<string>();
  private driver: FaultDriver | null = null;

  private constructor(
    readonly cluster: Cluster,
    readonly api: ApiLayer,
    readonly checker: ClusterChecker | null,
    readonly options: ClusterRunOptions,
  ) {}

  /** Builds the cluster for `options.shape`, starts every server and waits for every leader. */
  static async start(options: ClusterRunOptions): Promise<ClusterRun> {
    const extra: Partial<ClusterOptions> = {
      ...(options.keepTrace === undefined ? {} : { keepTrace: options.keepTrace }),
      ...options.cluster,
    };
    const cluster = new Cluster(clusterOptionsFor(options.shape, options.seed, extra));
    const api = ApiLayer.install(cluster, options.profile ?? 'modern');
    const checker = options.checkInvariants === false ? null : watchInvariants(cluster, { api });
    const run = new ClusterRun(cluster, api, checker, options);
    if (run.replication) {
      for (const server of cluster.servers) {
        if (server.homeRegion === options.shape.authoritativeRegion) continue;
        server.disk.write(
          SERVER_CONFIG_PATH,
          withReplicationToken(
            server.disk.readText(SERVER_CONFIG_PATH) ?? '',
            OPERATOR_BOOTSTRAP_SECRET,
          ),
        );
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
    return (
      call.op === 'token.self' || (this.replication && region !== this.shape.authoritativeRegion)
    );
  }

  /**
   * Makes an ACL call over HTTP and records it. A 200 answer to a bootstrap or token create binds
   * the next handle (`t1`, `t2`, ...). A refused or unanswered request comes back as status 0
   * with the error text; a violation seen by the checker (or a settle timeout) is recorded and
   * thrown.
   */
  async acl(call: AclCall, expectation?: Expectation): Promise<ApiResponse> {
    const settled = this.needsSettle(call);
    const record = (
      status: number,
      body: unknown,
      more: { error?: string; bound?: string } = {},
    ): void => {
      this.steps.push({
        kind: 'acl',
        call,
        settled,
        status,
        body,
        ...more,
        ...(expectation === undefined ? {} : { expectation }),
      });
    };
    try {
      if (
        settled &&
        !(await waitForAclSettled(this.cluster, { replication: this.replication })) &&
        this.strictSettle
      )
        throw new SettleTimeout(call);
      const response = await this.send(call.via, aclRequest(call, this.bindings));
      const bound =
        response.status === 200 && (call.op === 'bootstrap' || call.op === 'token.create')
          ? this.bind(call, response)
          : undefined;
      if (response.status === 200 && call.op === 'token.delete') this.noteDelete(call, response);
      record(response.status, response.body, bound === undefined ? {} : { bound });
      return response;
    } catch (error) {
      record(-1, null, {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      throw error;
    }
  }

  private async send(via: string, request: ApiRequest): Promise<ApiResponse> {
    try {
      return await this.cluster.http(this.cluster.server(via).address, request);
    } catch (error) {
      if (error instanceof ConnectionRefused || error instanceof RequestTimeout)
        return { status: 0, body: error.message, headers: {} };
      throw error;
    }
  }

  private bind(call: AclCall, response: ApiResponse): string {
    const body = response.body as Record<string, unknown>;
    const handle = `t${++this.created}`;
    const binding = {
      accessor: String(body.AccessorID),
      secret: String(body.SecretID),
      createIndex: Number(body.CreateIndex),
    };
    this.bindings.set(handle, binding);
    if (body.Global === true) this.globalHandles.add(handle);
    else
      this.checker?.acl?.noteLocalToken(binding.accessor, this.cluster.server(call.via).homeRegion);
    return handle;
  }

  /** Tells the checker about an acknowledged delete of a global token (its secret must stop working). */
  private noteDelete(call: Extract<AclCall, { op: 'token.delete' }>, response: ApiResponse): void {
    const binding = call.target === 'bogus' ? undefined : this.bindings.get(call.target);
    const index = Number(response.headers['X-Nomad-Index']);
    if (binding !== undefined && this.globalHandles.has(call.target) && Number.isFinite(index)) {
      this.checker?.acl?.noteDeletedGlobalToken(binding.accessor, binding.secret, index);
    }
  }

  /** Restarts the servers of `region` one at a time in `order` (0-based positions). */
  async restartInOrder(region: string, order: readonly number[]): Promise<void> {
    this.steps.push({ kind: 'restart-in-order', region, order: [...order] });
    await rollingRestartInOrder(this.cluster, region, order);
  }

  /** Applies a fault action of the checker's schedule format (see faults.ts). */
  fault(action: FaultAction): void {
    this.driver ??= faultDriverFor(this.cluster);
    const hit = this.driver.apply(action).map((server) => `${server.homeRegion}/${server.name}`);
    this.steps.push({ kind: 'fault', action, hit });
  }

  async wait(ms: number): Promise<void> {
    this.steps.push({ kind: 'wait', ms });
    await this.cluster.sim.sleep(ms);
  }

  /** Stops the checker and the fault driver (the cluster itself needs no cleanup). */
  stop(): void {
    this.checker?.detach();
    this.driver?.detach();
  }

  /** The steps so far as a runnable scenario script. */
  script(options: Omit<ScenarioScriptOptions, 'seed' | 'shape' | 'replication'> = {}): string {
    return formatCounterexampleScenario(this.steps, {
      seed: this.seed,
      shape: this.shape,
      replication: this.replication,
      ...options,
    });
  }
}

/** A property body failed on a recorded run; the message ends with the run as a scenario script. */
export class ClusterRunFailure extends Error {
  constructor(
    override readonly cause: unknown,
    /** The run's steps as a runnable scenario script. */
    readonly scenario: string,
  ) {
    const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `${text}\n\nThe run as a scenario (save it in your project as a .mts file and run it with npx tsx):\n---8<---\n${scenario}---8<---`,
    );
    this.name = 'ClusterRunFailure';
  }
}

/**
 * Starts a recorded run, gives it to `body`, and stops it. If `body` throws (a failed expectation,
 * an invariant violation), rethrows as ClusterRunFailure carrying the run's steps as a scenario
 * script, so the shrunk counterexample of a property prints as something one can run. The script
 * marks the last recorded step as the step that failed and fails there (exit 1) with the error
 * (with no step recorded, it fails before any).
 */
export async function withClusterRun<T>(
  options: ClusterRunOptions,
  body: (run: ClusterRun) => Promise<T>,
  script: Omit<ScenarioScriptOptions, 'seed' | 'shape' | 'replication'> = {},
): Promise<T> {
  const run = await ClusterRun.start(options);
  try {
    return await body(run);
  } catch (error) {
    const failure = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new ClusterRunFailure(
      error,
      run.script({ failure, failedStep: Math.max(0, run.steps.length - 1), ...script }),
    );
  } finally {
    run.stop();
  }
}
