/**
 * What a broken invariant looks like to the rest of the program: a plain value naming the
 * property, saying what was seen, and when (virtual ms). Checkers that run inside the simulation
 * throw it wrapped in `InvariantViolation`, which stops the run at the first broken property; the
 * runners catch it and hand the value back to the caller with the seed and a replay command.
 */

/** The properties the checkers judge (docs/architecture.md principle 7, issue 3 and issue 5). */
export type PropertyName =
  | 'election safety'
  | 'leader append-only'
  | 'log matching'
  | 'committed entry changed'
  | 'leader completeness'
  | 'state machine safety'
  | 'acknowledged write lost'
  | 'acknowledged write not in the log'
  | 'liveness'
  | 'acl convergence'
  | 'local token left its region'
  | 'deleted token still works'
  | 'replicated object went backwards'
  | 'bootstrap once'
  | 'election restriction'
  | 'leader lease'
  | 'expired token still works'
  | 'blocking query'
  | 'simulation error';

export interface Violation {
  readonly property: PropertyName;
  readonly detail: string;
  /** Virtual ms at which it was detected. */
  readonly time: number;
}

/** Called by a checker with a broken property; expected to throw (it stops the run). */
export type ReportViolation = (property: PropertyName, detail: string) => never;

/** Carries a violation out of the simulation's event loop. */
export class InvariantViolation extends Error {
  constructor(readonly violation: Violation) {
    super(formatViolation(violation));
    this.name = 'InvariantViolation';
  }
}

/** `t=1234 ms: election safety: ...` */
export function formatViolation(violation: Violation): string {
  return `t=${violation.time} ms: ${violation.property}: ${violation.detail}`;
}

/**
 * Turns whatever stopped a run into a violation: a checker's own, or any other exception escaping
 * the simulation (for instance the Raft core's own assertion that two leaders met in one term).
 */
export function violationFromError(error: unknown, time: number): Violation {
  if (error instanceof InvariantViolation) return error.violation;
  const message = error instanceof Error ? error.message : String(error);
  const property = /both lead term/.test(message) ? 'election safety' : 'simulation error';
  return { property, detail: message, time };
}
