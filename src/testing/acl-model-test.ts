/**
 * Model-based testing of the ACL API with fast-check's `fc.commands`: each generated sequence of
 * ACL operations runs against a fresh simulated cluster over the HTTP API and, step by step,
 * against a small reference model (acl-model.ts); the first answer that differs from the model's
 * fails the run. fast-check then shrinks the sequence, and the failure message carries the
 * shortest sequence as a runnable scenario script and the seed/path to replay the property.
 *
 * With `workers: N` the property's runs go to N worker threads (acl-model-parallel.ts): run `i`
 * of the seed's sequence, in whichever thread is free, is replayed there with fast-check's path
 * `i`, and the first failing run is shrunk where it failed. The report, or the failure, is the one
 * a single thread gives, whatever N is.
 */
import fc from 'fast-check';
import { AclReferenceModel, type AclModelFactory } from './acl-model.js';
import {
  aclOperationArb,
  describeCall,
  serverPickArb,
  type AclCall,
  type AclOperation,
  type AclOperationConstraints,
} from './acl-operations.js';
import { compareResponse, describeExpectation, type Expectation } from './acl-expectation.js';
import { ClusterRun } from './cluster-run.js';
import { clusterShapeArb, describeShape, type ClusterShape } from './cluster-shape.js';
import type { ScenarioScriptOptions } from './scenario-script.js';
import { runAclModelTestInWorkers } from './acl-model-parallel.js';

/** The cluster answered differently from the reference model. */
export class AclModelMismatch extends Error {
  constructor(
    readonly call: AclCall,
    readonly expectation: Expectation,
    readonly actual: string,
    expected: string,
  ) {
    super(
      `${describeCall(call)}\n  expected: ${expected}\n  got:      ${actual.replace(/^got /, '')}`,
    );
    this.name = 'AclModelMismatch';
  }
}

/** A failed model run: the cause (mismatch, invariant violation, settle timeout, ...) and the run itself. */
export class AclModelRunFailure extends Error {
  constructor(
    readonly run: ClusterRun,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'AclModelRunFailure';
  }

  /** Index of the recorded step that failed (the run records a call even when it throws). */
  get failedStep(): number | undefined {
    return this.run.steps.length === 0 ? undefined : this.run.steps.length - 1;
  }
}

/** A token the model sees created must get the handle the model gave it (the run numbers them in order). */
function handleProblem(expectation: Expectation, run: ClusterRun): string | null {
  if (expectation.kind !== 'token' || !expectation.token.fresh) return null;
  const step = run.steps[run.steps.length - 1];
  const bound = step?.kind === 'acl' ? step.bound : undefined;
  return bound === expectation.token.handle ? null : `got token handle ${String(bound)}`;
}

/** One generated operation as an fc command: resolve it with the model, call the cluster, compare. */
export class AclModelCommand implements fc.AsyncCommand<AclReferenceModel, ClusterRun> {
  private resolved: AclCall | null = null;

  constructor(readonly operation: AclOperation) {}

  check(): boolean {
    return true;
  }

  async run(model: AclReferenceModel, run: ClusterRun): Promise<void> {
    const call = model.resolve(this.operation);
    this.resolved = call;
    const expectation = model.apply(call);
    const response = await run.acl(call, expectation);
    const problem =
      compareResponse(expectation, response, run.bindings) ?? handleProblem(expectation, run);
    if (problem !== null)
      throw new AclModelMismatch(
        call,
        expectation,
        problem,
        describeExpectation(expectation, run.bindings),
      );
  }

  toString(): string {
    return this.resolved === null ? `${this.operation.op}` : describeCall(this.resolved);
  }
}

export interface AclModelCommandsOptions extends AclOperationConstraints {
  /**
   * fast-check's replay path of the command sequence (`replayPath` of `fc.commands`), printed
   * with a failure: the commands' shrinking depends on which of them ran, so replaying a shrunk
   * counterexample needs it besides the seed and the path.
   */
  readonly replayPath?: string;
  /** Longest sequence. Default 20. */
  readonly maxCommands?: number;
  /** fast-check size of the sequences (how long they tend to be). Default 'medium'. */
  readonly size?: fc.SizeForArbitrary;
}

/** fc.commands over generated ACL operations, for `fc.asyncModelRun(setup, commands)`. */
export function aclModelCommands(
  options: AclModelCommandsOptions = {},
): fc.Arbitrary<Iterable<fc.AsyncCommand<AclReferenceModel, ClusterRun>>> {
  return fc.commands(
    [aclOperationArb(options).map((operation) => new AclModelCommand(operation))],
    {
      maxCommands: options.maxCommands ?? 20,
      size: options.size ?? 'medium',
      ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
    },
  );
}

/** An optional opening bootstrap (80% of runs), so most sequences get past "no token yet". */
function openerArb(): fc.Arbitrary<AclOperation | null> {
  return fc.option(
    serverPickArb().map((via): AclOperation => ({ op: 'bootstrap', via, secret: 'operator' })),
    { freq: 5 },
  );
}

/**
 * Runs `commands` (after `opener`) against a fresh cluster of `shape` and the model. Resolves
 * with the run; rejects with AclModelRunFailure at the first disagreement.
 */
export async function runAclModelSequence(
  shape: ClusterShape,
  seed: number,
  commands: Iterable<fc.AsyncCommand<AclReferenceModel, ClusterRun>>,
  options: { opener?: AclOperation | null; model?: AclModelFactory } = {},
): Promise<ClusterRun> {
  const run = await ClusterRun.start({ seed, shape });
  run.strictSettle = true;
  const model = (options.model ?? ((s) => new AclReferenceModel(s)))(shape);
  const opener =
    options.opener === undefined || options.opener === null
      ? []
      : [new AclModelCommand(options.opener)];
  try {
    await fc.asyncModelRun(() => ({ model, real: run }), [...opener, ...commands]);
  } catch (error) {
    throw new AclModelRunFailure(run, error);
  } finally {
    run.stop();
  }
  return run;
}

/**
 * An export of a module, named so that a worker thread can load it too:
 * `{ module: new URL('./broken-model.ts', import.meta.url).href, export: 'brokenModel' }`.
 */
export interface ModuleExport {
  /** The module's file: URL. */
  readonly module: string;
  readonly export: string;
}

export interface AclModelTestOptions extends AclModelCommandsOptions {
  /** Sequences to run. Default 100. */
  readonly numRuns?: number;
  /** fast-check seed (replay a failure with its seed and path). */
  readonly seed?: number;
  readonly path?: string;
  /**
   * The reference model (default AclReferenceModel); pass a subclass to break it on purpose: a
   * factory, or the module export of one (`workers` needs that: threads cannot be handed functions).
   */
  readonly model?: AclModelFactory | ModuleExport;
  /** Cluster shapes (an arbitrary, or its module export). Default: 1–2 regions of 1 or 3 servers. */
  readonly shapes?: fc.Arbitrary<ClusterShape> | ModuleExport;
  /** Import paths for the printed scenario (default: the package). */
  readonly scenarioImports?: ScenarioScriptOptions['imports'];
  /**
   * Run the sequences in this many worker threads (a tinypool pool). The report, or the failure
   * with its shrunk counterexample, seed and path, is the same for any number. Default: none, the
   * sequences run in this thread (as does a replay with `path`).
   */
  readonly workers?: number;
}

/** The options of the property, with the model and the shapes loaded (module exports imported). */
export interface LoadedAclModelTestOptions extends AclModelCommandsOptions {
  readonly model?: AclModelFactory;
  readonly shapes?: fc.Arbitrary<ClusterShape>;
  readonly scenarioImports?: ScenarioScriptOptions['imports'];
}

export function isModuleExport(value: unknown): value is ModuleExport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<ModuleExport>).module === 'string' &&
    typeof (value as Partial<ModuleExport>).export === 'string'
  );
}

async function loadExport(reference: ModuleExport, what: string): Promise<unknown> {
  const module = (await import(reference.module)) as Record<string, unknown>;
  const value = module[reference.export];
  if (value === undefined)
    throw new RangeError(
      `runAclModelTest: ${reference.module} exports no ${what} named ${reference.export}`,
    );
  return value;
}

/** The options of the property: the model and the shapes given as module exports imported. */
export async function loadAclModelTestOptions(
  options: AclModelTestOptions,
): Promise<LoadedAclModelTestOptions> {
  const {
    model,
    shapes,
    workers: _workers,
    numRuns: _numRuns,
    seed: _seed,
    path: _path,
    ...rest
  } = options;
  const loadedModel = isModuleExport(model)
    ? ((await loadExport(model, 'model factory')) as AclModelFactory)
    : model;
  const loadedShapes = isModuleExport(shapes)
    ? ((await loadExport(shapes, 'shapes arbitrary')) as fc.Arbitrary<ClusterShape>)
    : shapes;
  return {
    ...rest,
    ...(loadedModel === undefined ? {} : { model: loadedModel }),
    ...(loadedShapes === undefined ? {} : { shapes: loadedShapes }),
  };
}

/**
 * The model-based test as a fast-check property over (shape, seed, opener, commands), and the
 * number of ACL calls its passing runs have made so far.
 */
export function aclModelProperty(options: LoadedAclModelTestOptions) {
  const shapes = options.shapes ?? clusterShapeArb({ maxRegions: 2, serverCounts: [1, 3] });
  let calls = 0;
  const property = fc.asyncProperty(
    shapes,
    fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    openerArb(),
    aclModelCommands(options),
    async (shape, seed, opener, commands) => {
      const run = await runAclModelSequence(shape, seed, commands, {
        opener,
        ...(options.model === undefined ? {} : { model: options.model }),
      });
      calls += run.steps.length;
    },
  );
  return { property, calls: (): number => calls };
}

export interface AclModelTestReport {
  /** Sequences run (shrinking runs not included). */
  readonly numRuns: number;
  readonly seed: number;
  /** ACL calls made across all sequences. */
  readonly calls: number;
}

/** The property failed; the message has the failing step, the replay parameters and the scenario. */
export class AclModelTestFailure extends Error {
  constructor(
    message: string,
    /** The shortest failing sequence as a runnable scenario script. */
    readonly scenario: string,
    readonly seed: number,
    readonly path: string,
    override readonly cause: unknown,
    /** The commands' replay path (`replayPath`), when fast-check gave one. */
    readonly replayPath?: string,
  ) {
    super(message);
    this.name = 'AclModelTestFailure';
  }
}

/**
 * Runs the model-based ACL test: `numRuns` random sequences, each against a fresh cluster of a
 * random shape. Resolves with a report; rejects with AclModelTestFailure (shrunk counterexample
 * as a scenario script in the message) when the cluster and the model disagree.
 */
export async function runAclModelTest(
  options: AclModelTestOptions = {},
): Promise<AclModelTestReport> {
  // A replay (`path`) plays one counterexample: in this thread, whatever `workers` says.
  if (options.workers !== undefined && options.path === undefined) {
    const { workers } = options;
    if (!Number.isSafeInteger(workers) || workers < 1)
      throw new RangeError(
        `runAclModelTest: workers must be a whole number >= 1, got ${String(workers)}`,
      );
    for (const [name, value] of [
      ['model', options.model],
      ['shapes', options.shapes],
    ] as const) {
      if (value !== undefined && !isModuleExport(value))
        throw new RangeError(
          `runAclModelTest: with workers, give ${name} as { module, export }: worker threads load it from its module, they cannot be handed ${name === 'model' ? 'a function' : 'an arbitrary'}`,
        );
    }
    return runAclModelTestInWorkers({ ...options, workers });
  }
  const loaded = await loadAclModelTestOptions(options);
  const { property, calls } = aclModelProperty(loaded);
  const details = await fc.check(property, {
    numRuns: options.numRuns ?? 100,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
  });
  if (!details.failed) return { numRuns: details.numRuns, seed: details.seed, calls: calls() };
  throw aclModelTestFailure(details, loaded);
}

/** What a failure report needs of fast-check's run details. */
export interface FailedRunDetails {
  readonly seed: number;
  readonly numRuns: number;
  readonly numShrinks: number;
  readonly counterexamplePath: string | null;
  /** The property's arguments: (shape, seed, opener, commands). */
  readonly counterexample: readonly unknown[] | null;
  readonly errorInstance: unknown;
}

/**
 * The replay path of the counterexample's commands: fast-check writes it into the sequence's
 * text as a trailing comment, `... /*replayPath="..."*\/`.
 */
function commandsReplayPath(details: FailedRunDetails): string | undefined {
  const commands = details.counterexample?.[3];
  if (commands === undefined) return undefined;
  const found = /\/\*replayPath=("(?:[^"\\]|\\.)*")\*\/$/.exec(String(commands));
  return found?.[1] === undefined ? undefined : (JSON.parse(found[1]) as string);
}

/** The failure `runAclModelTest` throws: the message with the failing step, the replay and the scenario. */
export function aclModelTestFailure(
  details: FailedRunDetails,
  options: Pick<LoadedAclModelTestOptions, 'scenarioImports'>,
): AclModelTestFailure {
  const path = details.counterexamplePath ?? '';
  const replayPath = commandsReplayPath(details);
  const replay = `runAclModelTest({ ...sameOptions, seed: ${details.seed}, path: ${JSON.stringify(path)}${replayPath === undefined ? '' : `, replayPath: ${JSON.stringify(replayPath)}`} })`;
  const error = details.errorInstance;
  if (!(error instanceof AclModelRunFailure)) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new AclModelTestFailure(
      `ACL model-based test failed outside a run: ${text}\nReplay: ${replay}`,
      '',
      details.seed,
      path,
      error,
      replayPath,
    );
  }
  const { run } = error;
  const failedStep = error.failedStep;
  const scenario = run.script({
    failure: error.message
      .split('\n')
      .map((line) => line.trim().replace(/\s+/g, ' '))
      .join('; '),
    ...(failedStep === undefined ? {} : { failedStep }),
    replay: { seed: details.seed, path, ...(replayPath === undefined ? {} : { replayPath }) },
    ...(options.scenarioImports === undefined ? {} : { imports: options.scenarioImports }),
  });
  const message = [
    `ACL model-based test failed (after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s)).`,
    `Cluster: ${describeShape(run.shape)}; simulation seed ${run.seed}.`,
    `Step ${failedStep === undefined ? '?' : failedStep + 1} of ${run.steps.length}: ${error.message}`,
    `Replay the property: ${replay}`,
    'The counterexample as a scenario (save it in a project that depends on nomad-acl-sim as acl-counterexample.mts and run `npx tsx acl-counterexample.mts`):',
    '---8<--- acl-counterexample.mts',
    scenario,
    '---8<---',
  ].join('\n');
  return new AclModelTestFailure(message, scenario, details.seed, path, error.cause, replayPath);
}
