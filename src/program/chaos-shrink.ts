/**
 * Shrinking a failing chaos run: the fewest, shortest and earliest faults, and the shortest
 * `--duration`, with which the same seed still breaks the same property.
 *
 * A chaos run records the faults it strikes as a schedule (src/check/chaos-schedule.ts), and a run
 * given a schedule strikes exactly those faults while its set-up and its client load still come
 * from the seed. So the failing run is a value fast-check can shrink: the pair (duration,
 * schedule). The arbitrary below starts from the recorded schedule (the first run replays the
 * failure: a schedule that does not reproduce it is reported as such) and offers smaller
 * candidates, most promising first:
 *
 * 1. the faults that struck before the violation, without those that did nothing (a crash of a
 *    server that was down, an armed fault that never fired), and a duration that ends just after
 *    the violation when it broke during the faults (a safety property);
 * 2. for a violation found after the final heal (a liveness property), a duration that ends
 *    after the last fault, then halfway to it;
 * 3. without a block of faults: halves, then quarters, ... then single faults, last ones first;
 * 4. each duration a fault has (down time, partition time, ...) halved;
 * 5. each fault moved halfway to the one before it (the order of the faults stays).
 *
 * fast-check runs a candidate, keeps it when it breaks the same property, and asks for the
 * candidates of the new value; the stages that found nothing before are not tried again after a
 * later stage succeeds, except the first two (cheap) ones. Every candidate costs one chaos run, so the
 * search stops trying after `maxRuns` runs (it stays deterministic: the same failure shrinks to
 * the same run). The answer is always a run that was seen to fail: the original at worst.
 */
import fc from 'fast-check';
import { DURATION_FIELDS, replayPart, type ChaosFault } from '../check/chaos-schedule.js';
import { runChaos, type ChaosResult, type RunChaosOptions } from './chaos.js';

export type FailedChaos = ChaosResult & { ok: false };

/** A run to try: how long the faults and load last, and the faults. */
export interface ShrinkCandidate {
  readonly durationMs: number;
  readonly faults: readonly ChaosFault[];
}

export interface ShrinkProgress {
  /** Chaos runs so far. */
  readonly runs: number;
  /** Faults and duration of the shortest failing run so far. */
  readonly faults: number;
  readonly durationMs: number;
}

export interface ChaosShrinkOptions {
  /** Stop trying candidates after this many chaos runs (the replay of the original included). */
  readonly maxRuns: number;
  /** Hears about every run (a progress line on a terminal). */
  readonly onRun?: (progress: ShrinkProgress) => void;
}

export interface ChaosShrinkOutcome {
  /** Whether the recorded schedule, replayed, broke the same property (else nothing was shrunk). */
  readonly reproduced: boolean;
  /** Faults the failing run struck. */
  readonly faultsBefore: number;
  /** The shortest failing run: its duration, the faults it struck (as recorded) and its result. */
  readonly durationMs: number;
  readonly faults: ChaosFault[];
  readonly result: FailedChaos;
  /** Chaos runs tried. */
  readonly runs: number;
}

/** The options of a run, for another run with other faults and duration (no trace, no progress). */
function quietOptions(options: RunChaosOptions): RunChaosOptions {
  const {
    traceSink: _sink,
    keepTrace: _keep,
    onProgress: _progress,
    onFault: _fault,
    traceFile: _file,
    faults: _faults,
    ...rest
  } = options;
  return rest;
}

/** Shrinks the run `options` that ended in `failed`. */
export async function shrinkChaosRun(
  options: RunChaosOptions,
  failed: FailedChaos,
  shrink: ChaosShrinkOptions,
): Promise<ChaosShrinkOutcome> {
  const base = quietOptions(options);
  const property = failed.violation.property;
  const results = new WeakMap<ShrinkCandidate, FailedChaos>();
  let runs = 0;
  let best: { candidate: ShrinkCandidate; result: FailedChaos } | null = null;
  const start: ShrinkCandidate = {
    durationMs: options.durationMs,
    faults: failed.schedule.map(replayPart),
  };
  const predicate = async (candidate: ShrinkCandidate): Promise<boolean> => {
    if (runs >= shrink.maxRuns) return true; // out of runs: every candidate left counts as passing
    runs++;
    const result = await runChaos({
      ...base,
      durationMs: candidate.durationMs,
      faults: candidate.faults,
    });
    const fails = !result.ok && result.violation.property === property;
    if (fails) {
      results.set(candidate, result);
      best = { candidate, result };
    }
    shrink.onRun?.({
      runs,
      faults: best?.result.schedule.length ?? start.faults.length,
      durationMs: best?.candidate.durationMs ?? start.durationMs,
    });
    return !fails;
  };
  const arbitrary = new ShrinkingRun(start, (value, stage) =>
    runs >= shrink.maxRuns ? [] : candidatesOf(value, results.get(value), stage),
  );
  await fc.check(fc.asyncProperty(arbitrary, predicate), { numRuns: 1, seed: 1 });
  const found = best as { candidate: ShrinkCandidate; result: FailedChaos } | null;
  if (found === null)
    return {
      reproduced: false,
      faultsBefore: failed.schedule.length,
      durationMs: options.durationMs,
      faults: failed.schedule,
      result: failed,
      runs,
    };
  return {
    reproduced: true,
    faultsBefore: failed.schedule.length,
    durationMs: found.candidate.durationMs,
    faults: found.result.schedule,
    result: found.result,
    runs,
  };
}

/**
 * An arbitrary of one value, `start`, that shrinks through `shrinks` (given the value and the
 * stage that produced it, it lists the smaller candidates with the stage each comes from).
 */
class ShrinkingRun extends fc.Arbitrary<ShrinkCandidate> {
  constructor(
    private readonly start: ShrinkCandidate,
    private readonly shrinks: (
      value: ShrinkCandidate,
      stage: number,
    ) => Iterable<readonly [ShrinkCandidate, number]>,
  ) {
    super();
  }

  generate(): fc.Value<ShrinkCandidate> {
    return new fc.Value(this.start, 0);
  }

  canShrinkWithoutContext(value: unknown): value is ShrinkCandidate {
    return false;
  }

  shrink(value: ShrinkCandidate, context: unknown): fc.Stream<fc.Value<ShrinkCandidate>> {
    const stage = typeof context === 'number' ? context : 0;
    const candidates = this.shrinks(value, stage)[Symbol.iterator]();
    return new fc.Stream(
      (function* () {
        for (let next = candidates.next(); next.done !== true; next = candidates.next())
          yield new fc.Value(next.value[0], next.value[1]);
      })(),
    );
  }
}

/** Whole seconds, rounded up, at least one. */
function wholeSeconds(ms: number): number {
  return Math.max(1_000, Math.ceil(ms / 1_000) * 1_000);
}

/**
 * The candidates smaller than `value` (whose run ended in `result`), from stage `stage` on
 * (stage 1, the cheap cut, always comes first).
 */
function* candidatesOf(
  value: ShrinkCandidate,
  result: FailedChaos | undefined,
  stage: number,
): Generator<readonly [ShrinkCandidate, number]> {
  if (result === undefined) return;
  const { fromMs, toMs } = result.faultPhase;
  const faults = value.faults;
  const struck = result.schedule;
  // 1. Only what struck (before the violation) and did something; end just after a violation during the faults.
  const cutDuration =
    result.violation.time < toMs
      ? wholeSeconds(result.violation.time - fromMs + 1)
      : value.durationMs;
  const effective = faults.slice(0, struck.length).filter((_, i) => struck[i]?.idle !== true);
  if (effective.length < faults.length || cutDuration < value.durationMs) {
    const durationMs = Math.min(cutDuration, value.durationMs);
    yield [{ durationMs, faults: effective.filter((f) => f.atMs < fromMs + durationMs) }, 1];
  }
  // 2. A liveness failure: end after the last fault, or halfway there (cheap: offered every time).
  if (result.violation.time >= toMs) {
    const last = faults[faults.length - 1]?.atMs ?? fromMs;
    const afterLast = wholeSeconds(last - fromMs + 1);
    if (afterLast < value.durationMs) {
      yield [{ durationMs: afterLast, faults }, 2];
      const halfway = wholeSeconds((afterLast + value.durationMs) / 2);
      if (halfway < value.durationMs && halfway > afterLast)
        yield [{ durationMs: halfway, faults }, 2];
    }
  }
  // 3. Without a block of faults: halves first, the last block first.
  if (stage <= 3) {
    for (
      let size = Math.ceil(faults.length / 2);
      size >= 1;
      size = size === 1 ? 0 : Math.ceil(size / 2)
    ) {
      for (let end = faults.length; end > 0; end -= size) {
        const from = Math.max(0, end - size);
        yield [{ ...value, faults: [...faults.slice(0, from), ...faults.slice(end)] }, 3];
      }
    }
  }
  // 4. Each duration halved.
  if (stage <= 4) {
    for (const [i, fault] of faults.entries()) {
      for (const field of DURATION_FIELDS) {
        const ms = (fault as Partial<Record<(typeof DURATION_FIELDS)[number], number>>)[field];
        if (ms === undefined || ms < 2) continue;
        const shorter = { ...fault, [field]: Math.floor(ms / 2) } as ChaosFault;
        yield [{ ...value, faults: faults.map((f, j) => (j === i ? shorter : f)) }, 4];
      }
    }
  }
  // 5. Each fault halfway to the one before it.
  for (const [i, fault] of faults.entries()) {
    const previous = i === 0 ? fromMs : (faults[i - 1] as ChaosFault).atMs;
    const earlier = Math.floor((previous + fault.atMs) / 2);
    if (earlier >= fault.atMs || earlier < fromMs) continue;
    const moved = { ...fault, atMs: earlier } as ChaosFault;
    yield [{ ...value, faults: faults.map((f, j) => (j === i ? moved : f)) }, 5];
  }
}
