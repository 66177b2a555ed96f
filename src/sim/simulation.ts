/**
 * The simulation kernel: one virtual clock in integer milliseconds, one event queue, the root
 * seeded random stream and the trace.
 *
 * Nothing happens unless an event runs; running jumps the clock straight to the next event, so
 * idle virtual time costs nothing. Scenario code talks to the simulation with `wait`/`sleep`:
 * the returned promise settles from inside an event, and while anything is awaited the kernel
 * keeps running events (see "Time, requests and process lives" in docs/architecture.md).
 */
import { EventQueue, QueuedEvent } from './event-queue.js';
import { Rng, assertValidSeed } from './random.js';
import { Trace } from './trace.js';
import { Codec } from './codec.js';
import { nextHostTurn } from './host-turn.js';
import { EventBudgetExceeded, checkEventBudget, defaultEventBudget } from './event-budget.js';

export interface SimulationOptions {
  /** The run's seed: a safe integer. */
  seed: number;
  /** Keep every trace line in memory (for golden tests and determinism checks). */
  keepTrace?: boolean;
  /**
   * The most events this simulation may run; the next one throws `EventBudgetExceeded`
   * (event-budget.ts). Default: the process-wide default, unlimited unless a harness set one.
   */
  maxEvents?: number;
}

/** A scheduled event that can be cancelled. */
export interface Timer {
  readonly time: number;
  cancel(): void;
}

/** Thrown to waiters when nothing is left to run but they are still waiting. */
export class SimulationStalled extends Error {
  constructor(waiting: number, now: number) {
    super(
      `simulation stalled at t=${now} ms: no events left but ${waiting} waiter(s) still pending`,
    );
    this.name = 'SimulationStalled';
  }
}

interface Waiter {
  reject(error: unknown): void;
}

export class Simulation {
  readonly rng: Rng;
  readonly trace: Trace;
  /** The run's msgpackr codec for messages and disk records. */
  readonly codec = new Codec();
  private clock = 0;
  private readonly queue = new EventQueue();
  private readonly stepObservers: Array<() => void> = [];
  private readonly waiters = new Set<Waiter>();
  private settledSinceCheck = false;
  private requestsNamed = 0;
  private driving = false;
  private eventsRun = 0;
  /** The event budget (see `SimulationOptions.maxEvents`). */
  readonly maxEvents: number;

  constructor(options: SimulationOptions) {
    if (typeof options !== 'object' || options === null)
      throw new TypeError('Simulation options are required');
    assertValidSeed(options.seed, 'seed');
    this.rng = new Rng(options.seed);
    this.trace = new Trace(() => this.clock, options.keepTrace ?? false);
    this.maxEvents = checkEventBudget(options.maxEvents ?? defaultEventBudget());
  }

  /** Current virtual time in ms. */
  get now(): number {
    return this.clock;
  }

  /** Number of events run so far. */
  get steps(): number {
    return this.eventsRun;
  }

  /** Events still queued (cancelled ones included until popped). */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Runs `action` after `delay` ms (rounded to whole ms, at least 0). */
  schedule(delay: number, action: () => void): Timer {
    if (!Number.isFinite(delay))
      throw new RangeError(`schedule: delay must be finite, got ${delay}`);
    return this.at(this.clock + Math.max(0, Math.round(delay)), action);
  }

  /** Runs `action` at absolute virtual time `time` (not earlier than now). */
  at(time: number, action: () => void): Timer {
    if (!Number.isFinite(time)) throw new RangeError(`at: time must be finite, got ${time}`);
    const due = Math.max(this.clock, Math.round(time));
    return this.queue.push(due, action);
  }

  /**
   * Moves a pending timer from `at`/`schedule` to absolute time `time` (not earlier than now),
   * keeping its action. Events run in the same order as after cancelling it and scheduling its
   * action again at `time`, but nothing is allocated. Returns false, changing nothing, when the
   * timer already ran or was cancelled (schedule a new one then).
   */
  rearm(timer: Timer, time: number): boolean {
    if (!Number.isFinite(time)) throw new RangeError(`rearm: time must be finite, got ${time}`);
    if (!(timer instanceof QueuedEvent)) return false;
    return this.queue.move(timer, Math.max(this.clock, Math.round(time)));
  }

  /**
   * A request id unique within the run across every workload (`<prefix>-<n>`, one counter for
   * all prefixes), for `client.request` / `client.response` records.
   */
  nextRequestId(prefix: string): string {
    this.requestsNamed++;
    return `${prefix}-${this.requestsNamed}`;
  }

  /** Registers a function called after every event (invariant checkers use this). */
  onStep(observer: () => void): () => void {
    this.stepObservers.push(observer);
    return () => {
      const i = this.stepObservers.indexOf(observer);
      if (i >= 0) this.stepObservers.splice(i, 1);
    };
  }

  /** Runs the next live event. Returns false when the queue is empty. */
  step(): boolean {
    for (;;) {
      const event = this.queue.pop();
      if (event === undefined) return false;
      if (event.cancelled) continue;
      // The event is dropped with the run: a simulation over budget does not go on.
      if (this.eventsRun >= this.maxEvents)
        throw new EventBudgetExceeded(this.maxEvents, this.clock);
      this.clock = event.time;
      this.eventsRun++;
      event.action();
      for (const observer of this.stepObservers) observer();
      return true;
    }
  }

  /** Time of the next live event, or Infinity. */
  nextEventTime(): number {
    for (;;) {
      const head = this.queue.peek();
      if (head === undefined) return Infinity;
      if (!head.cancelled) return head.time;
      this.queue.pop();
    }
  }

  /** Runs every event due at or before `time`, then sets the clock to `time`. */
  runUntil(time: number): void {
    if (!Number.isFinite(time)) throw new RangeError(`runUntil: time must be finite, got ${time}`);
    if (time < this.clock)
      throw new RangeError(`runUntil: ${time} is in the past (now ${this.clock})`);
    for (
      let next = this.nextEventTime();
      next !== Infinity && next <= time;
      next = this.nextEventTime()
    )
      this.step();
    this.clock = time;
  }

  /** Runs `duration` ms of virtual time. */
  runFor(duration: number): void {
    this.runUntil(this.clock + duration);
  }

  /** Runs events until `condition()` holds or `deadline` passes; returns whether it held. */
  runUntilCondition(condition: () => boolean, deadline: number): boolean {
    if (condition()) return true;
    for (
      let next = this.nextEventTime();
      next !== Infinity && next <= deadline;
      next = this.nextEventTime()
    ) {
      this.step();
      if (condition()) return true;
    }
    if (deadline > this.clock && Number.isFinite(deadline)) this.clock = deadline;
    return condition();
  }

  /** Runs until no events are left or `deadline` passes; returns true if the queue drained. */
  runUntilQuiet(deadline = Infinity): boolean {
    for (
      let next = this.nextEventTime();
      next !== Infinity && next <= deadline;
      next = this.nextEventTime()
    )
      this.step();
    return this.nextEventTime() === Infinity;
  }

  /**
   * Returns a promise settled by `register`'s callbacks, which are called from simulation
   * events. While any such promise is pending, the kernel runs events; several can be pending
   * at once, and which settles first is decided by the simulated timeline, not by JavaScript.
   */
  wait<T>(
    register: (resolve: (value: T) => void, reject: (error: unknown) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const waiter: Waiter = {
        reject: (error) => finish(() => reject(error)),
      };
      const finish = (settle: () => void): void => {
        if (settled) return;
        settled = true;
        this.waiters.delete(waiter);
        this.settledSinceCheck = true;
        settle();
      };
      this.waiters.add(waiter);
      try {
        register(
          (value) => finish(() => resolve(value)),
          (error) => finish(() => reject(error)),
        );
      } catch (error) {
        finish(() => reject(error));
      }
      this.kick();
    });
  }

  /** A promise that resolves after `ms` of virtual time. */
  sleep(ms: number): Promise<void> {
    return this.wait<void>((resolve) => {
      this.schedule(ms, () => resolve());
    });
  }

  private kick(): void {
    if (this.driving) return;
    this.driving = true;
    queueMicrotask(() => {
      void this.drive();
    });
  }

  private async drive(): Promise<void> {
    try {
      while (this.waiters.size > 0) {
        this.settledSinceCheck = false;
        while (!this.settledSinceCheck && this.waiters.size > 0) {
          if (!this.step()) {
            this.rejectAll(new SimulationStalled(this.waiters.size, this.clock));
            break;
          }
        }
        // Let the code that awaited the settled promise run to its next request, however deeply
        // it nests its awaits, before the next event: the timeline never depends on that depth.
        await nextHostTurn();
      }
    } catch (error) {
      this.rejectAll(error);
    } finally {
      this.driving = false;
      if (this.waiters.size > 0) this.kick();
    }
  }

  private rejectAll(error: unknown): void {
    for (const waiter of [...this.waiters]) waiter.reject(error);
  }
}
