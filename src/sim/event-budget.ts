/**
 * The event budget of a simulation: the most events one `Simulation` may run before it stops with
 * `EventBudgetExceeded`. A run that loops without end (a retry storm, a persistence bug that
 * keeps growing a log) then fails fast with a clear message instead of eating memory until the
 * machine gives out. A simulation takes its budget from its options, or else from the process-wide
 * default set here (unlimited unless a harness sets one: the test suite does, in its vitest setup).
 */

/** Thrown out of the event loop when a simulation has run its whole event budget. */
export class EventBudgetExceeded extends Error {
  constructor(
    readonly budget: number,
    now: number,
  ) {
    super(
      `simulation event budget exceeded: ${budget} events run by t=${now} ms without finishing (a runaway loop? raise maxEvents if the run really needs more)`,
    );
    this.name = 'EventBudgetExceeded';
  }
}

let defaultBudget = Number.POSITIVE_INFINITY;

/** Sets the budget of every simulation created from now on without a `maxEvents` option. */
export function setDefaultEventBudget(events: number): void {
  if (!(events > 0)) throw new RangeError(`event budget must be positive, got ${String(events)}`);
  defaultBudget = events;
}

/** The budget a simulation created now without a `maxEvents` option gets. */
export function defaultEventBudget(): number {
  return defaultBudget;
}

/** Checks a `maxEvents` option: a positive whole number or Infinity. */
export function checkEventBudget(events: number): number {
  if (!(events === Number.POSITIVE_INFINITY || (Number.isSafeInteger(events) && events > 0))) {
    throw new RangeError(
      `invalid option "maxEvents": expected a positive whole number, got ${String(events)}`,
    );
  }
  return events;
}
