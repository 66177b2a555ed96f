/**
 * Keeps a failing trace sink (a full disk under `--trace`, say) from corrupting a scenario run.
 * The sink is called from deep inside the simulation, where an exception could be caught and
 * shown as something else (a failed `nomad` command, for instance). The guard catches the sink's
 * first error and drops every later line; once the simulation's current event is over it stops
 * the run by failing every later step with that error, and the scenario reports it as its failure.
 */
import type { Simulation } from '../sim/simulation.js';

export class TraceSinkGuard {
  private failure: { readonly error: unknown } | null = null;

  constructor(private readonly sink: (line: string) => void) {}

  /** The guarded sink: hand it to `Trace.addSink`. */
  readonly write = (line: string): void => {
    if (this.failure !== null) return;
    try {
      this.sink(line);
    } catch (error) {
      this.failure = { error };
    }
  };

  /** Stops `sim` after the event during which the sink failed (and after every later one). */
  watch(sim: Simulation): void {
    sim.onStep(() => this.check());
  }

  /** What the sink threw, wrapped (`{ error }`), or null while it works. */
  get failed(): { readonly error: unknown } | null {
    return this.failure;
  }

  /** Throws what the sink threw, if it failed. */
  check(): void {
    if (this.failure !== null) throw this.failure.error;
  }
}
