/**
 * Fault schedules as fast-check properties, with failure reports a person can act on.
 *
 * `scheduleProperty` turns "every schedule from this arbitrary keeps the invariants" into an async
 * property over (schedule, cluster seed). `checkScheduleProperty` runs it; on failure fast-check
 * has already shrunk the schedule, and the report shows the broken property, the short schedule
 * step by step, and the command that replays exactly that counterexample:
 *
 *   FC_SEED=-123 FC_PATH="4:1:0" npx vitest run test/raft-cluster-faults.test.ts
 *
 * (tests pass `replayParameters()` to fast-check, which reads those two variables).
 */
import fc from 'fast-check';
import { describeSchedule, type FaultStep } from './fault-actions.js';
import { runFaultSchedule, type FaultRunOptions } from './fault-runner.js';
import { formatViolation, type Violation } from './violation.js';

/** Thrown by the property when a schedule breaks an invariant. */
export class ScheduleFailure extends Error {
  constructor(
    readonly violation: Violation,
    readonly schedule: readonly FaultStep[],
    readonly seed: number,
  ) {
    super(formatViolation(violation));
    this.name = 'ScheduleFailure';
  }
}

/** The property: `runFaultSchedule(schedule, { ...options, seed })` finds no violation. */
export function scheduleProperty(
  schedules: fc.Arbitrary<FaultStep[]>,
  options: Omit<FaultRunOptions, 'seed'>,
) {
  return fc.asyncProperty(
    schedules,
    fc.integer({ min: 1, max: 0x7fffffff }),
    async (schedule, seed) => {
      const result = await runFaultSchedule(schedule, { ...options, seed });
      if (!result.ok) throw new ScheduleFailure(result.violation, schedule, seed);
    },
  );
}

/** fast-check's replay parameters from `FC_SEED` and `FC_PATH`, when set. */
export function replayParameters(env: Record<string, string | undefined>): {
  seed?: number;
  path?: string;
} {
  const seed = env.FC_SEED === undefined ? undefined : Number(env.FC_SEED);
  if (seed === undefined || !Number.isSafeInteger(seed)) return {};
  return env.FC_PATH === undefined ? { seed } : { seed, path: env.FC_PATH };
}

/** The schedule failure inside fast-check's run details, if the property failed that way. */
export function scheduleFailureOf<Ts>(details: fc.RunDetails<Ts>): ScheduleFailure | null {
  const cause = details.errorInstance;
  return cause instanceof ScheduleFailure ? cause : null;
}

/** A report of a failed run: the violation, the shrunk schedule and the replay command. */
export function formatScheduleFailure<Ts>(details: fc.RunDetails<Ts>, testFile: string): string {
  const failure = scheduleFailureOf(details);
  const replay = `FC_SEED=${details.seed} FC_PATH="${details.counterexamplePath ?? ''}" npx vitest run ${testFile}`;
  if (failure === null)
    return `property failed: ${String(details.errorInstance)}\nreplay: ${replay}`;
  return [
    `invariant broken after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s):`,
    `  ${formatViolation(failure.violation)}`,
    `cluster seed ${failure.seed}; schedule (${failure.schedule.length} steps):`,
    describeSchedule(failure.schedule)
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
    `replay: ${replay}`,
  ].join('\n');
}

/** Runs the property; throws an Error carrying `formatScheduleFailure` when it fails. */
export async function checkScheduleProperty(
  property: fc.IAsyncPropertyWithHooks<[FaultStep[], number]>,
  parameters: fc.Parameters<[FaultStep[], number]>,
  testFile: string,
): Promise<void> {
  const details = await fc.check(property, parameters);
  if (details.failed) throw new Error(formatScheduleFailure(details, testFile));
}
