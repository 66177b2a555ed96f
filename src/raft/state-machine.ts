/**
 * The interface between Raft and what it replicates. A server's state machine receives committed
 * log entries in index order, can be captured into a snapshot and rebuilt from one. It is pure:
 * the same entries in the same order give the same state on every server.
 */

/** A state machine driven by a Raft log. `Command` is the decoded entry payload. */
export interface ReplicatedStateMachine<Command, Result> {
  /** Applies the command committed at `index`; returns the result handed to the writer. */
  apply(index: number, command: Command): Result;
  /** A plain-data image of the whole state (msgpackr-encodable), including the last index. */
  snapshot(): unknown;
  /** Replaces the whole state with a snapshot image produced by `snapshot()`. */
  restore(image: unknown): void;
}
