/**
 * The shape of a fault schedule as fast-check draws it, whatever its actions do: a weighted choice
 * among kinds of action, a list of steps each after a random gap, and a nemesis template whose
 * actions run in order after gaps drawn from their ranges with a few extra steps mixed in. The
 * cluster's fault arbitraries (`arbitraries.ts`) and the Raft test harness's both build on these,
 * each with its own vocabulary of actions.
 */
import fc from 'fast-check';

/** One step of a schedule: wait `after` ms of virtual time, then apply `action`. */
export interface ScheduleStep<A> {
  /** Virtual ms to wait before the action. */
  readonly after: number;
  readonly action: A;
}

/** One step of a nemesis template: the action and the range of ms to wait before it. */
export type TemplateStepOf<A> = readonly [action: A, minGapMs: number, maxGapMs: number];

/**
 * Draws from `choices` by `weights` (relative; missing or 0 = never), trying kinds in the order
 * of `choices`. Throws a RangeError naming `caller` when every weight is 0.
 */
export function weightedChoice<K extends string, T>(
  choices: Readonly<Record<K, fc.Arbitrary<T>>>,
  weights: Readonly<Partial<Record<K, number>>>,
  caller: string,
): fc.Arbitrary<T> {
  const options: Array<fc.WeightedArbitrary<T>> = (Object.keys(choices) as K[])
    .filter((kind) => (weights[kind] ?? 0) > 0)
    .map((kind) => ({ weight: weights[kind] as number, arbitrary: choices[kind] }));
  if (options.length === 0) throw new RangeError(`${caller}: every weight is 0`);
  return fc.oneof(...options);
}

/** Up to `maxSteps` steps of `action`, each after 0 to `maxGapMs` ms. */
export function stepsArbitrary<A>(
  action: fc.Arbitrary<A>,
  maxSteps: number,
  maxGapMs: number,
): fc.Arbitrary<Array<ScheduleStep<A>>> {
  const step = fc.record({ after: fc.integer({ min: 0, max: maxGapMs }), action });
  return fc.array(step, { maxLength: maxSteps, size: 'max' });
}

/**
 * The template's actions in order, each after a random gap in its range, with up to three steps
 * of `extra` (each after 0 to 100 ms) mixed in anywhere.
 */
export function templateArbitrary<A>(
  template: ReadonlyArray<TemplateStepOf<A>>,
  extra: fc.Arbitrary<A>,
): fc.Arbitrary<Array<ScheduleStep<A>>> {
  const gaps = fc.tuple(...template.map(([, min, max]) => fc.integer({ min, max })));
  const step = fc.record({ after: fc.integer({ min: 0, max: 100 }), action: extra });
  const extras = fc.array(fc.tuple(step, fc.nat()), { maxLength: 3 });
  return fc.tuple(gaps, extras).map(([drawn, mixed]) => {
    const schedule: Array<ScheduleStep<A>> = template.map(([action], i) => ({
      after: drawn[i] as number,
      action,
    }));
    for (const [inserted, position] of mixed)
      schedule.splice(position % (schedule.length + 1), 0, inserted);
    return schedule;
  });
}
