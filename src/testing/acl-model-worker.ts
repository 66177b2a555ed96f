/**
 * One run of the model-based ACL test in a worker thread (acl-model-parallel.ts sends it): run
 * `run` of the property's sequence for `seed`, replayed with fast-check's path `run`, shrunk there
 * when it fails. Everything it takes and returns can cross between threads: the model and the
 * shapes come as module exports, and a failure comes back as its message, scenario and replay
 * parameters (as a single thread would have reported it: "after run + 1 runs").
 */
import fc from 'fast-check';
import {
  aclModelProperty,
  aclModelTestFailure,
  loadAclModelTestOptions,
  type AclModelTestOptions,
} from './acl-model-test.js';

/** The options a thread gets: those of the test, less what only the main thread uses. */
export type AclModelRunOptions = Omit<AclModelTestOptions, 'workers' | 'numRuns' | 'seed' | 'path'>;

export interface AclModelRunTask {
  readonly seed: number;
  /** The run of the seed's sequence to play (0 is the first). */
  readonly run: number;
  readonly options: AclModelRunOptions;
}

export type AclModelRunOutcome =
  | { readonly ok: true; readonly run: number; readonly calls: number }
  | {
      readonly ok: false;
      readonly run: number;
      readonly message: string;
      readonly scenario: string;
      readonly path: string;
      readonly replayPath?: string;
      readonly cause: { readonly name: string; readonly message: string };
    };

export async function runAclModelRun(task: AclModelRunTask): Promise<AclModelRunOutcome> {
  const options = await loadAclModelTestOptions(task.options);
  const { property, calls } = aclModelProperty(options);
  const details = await fc.check(property, {
    seed: task.seed,
    path: String(task.run),
    numRuns: 1,
  });
  if (!details.failed) return { ok: true, run: task.run, calls: calls() };
  const failure = aclModelTestFailure({ ...details, numRuns: task.run + 1 }, options);
  const cause = failure.cause;
  return {
    ok: false,
    run: task.run,
    message: failure.message,
    scenario: failure.scenario,
    path: failure.path,
    ...(failure.replayPath === undefined ? {} : { replayPath: failure.replayPath }),
    cause:
      cause instanceof Error
        ? { name: cause.name, message: cause.message }
        : { name: 'Error', message: String(cause) },
  };
}

export default runAclModelRun;
