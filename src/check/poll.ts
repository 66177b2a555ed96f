/**
 * Waiting in virtual time for a condition: checked now and then every `intervalMs` until it holds
 * or the deadline passes. The promise always settles, so a waiting checker never keeps the
 * simulation kernel running past its deadline.
 */
import type { Simulation } from '../sim/simulation.js';

export function pollUntil(
  sim: Simulation,
  condition: () => boolean,
  deadline: number,
  intervalMs = 100,
): Promise<boolean> {
  return sim.wait<boolean>((resolve) => {
    const check = (): void => {
      if (condition()) return resolve(true);
      if (sim.now >= deadline) return resolve(false);
      sim.schedule(Math.min(intervalMs, deadline - sim.now), check);
    };
    check();
  });
}
