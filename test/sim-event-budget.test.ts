/**
 * The event budget: a simulation that runs more events than its budget stops with
 * `EventBudgetExceeded` and a message that says so, whether it is driven by `runFor` or by awaited
 * waits; a simulation without its own budget takes the process default, which the test suite sets
 * (test/support/event-budget.ts) so that a runaway test fails fast.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../src/sim/simulation.js';
import { Cluster } from '../src/region/cluster.js';
import {
  EventBudgetExceeded,
  checkEventBudget,
  defaultEventBudget,
} from '../src/sim/event-budget.js';
import { TEST_EVENT_BUDGET } from './support/event-budget.js';

/** Schedules an action that schedules itself again every `every` ms, forever. */
function runaway(sim: Simulation, every: number): void {
  const again = (): void => void sim.schedule(every, again);
  again();
}

describe('the event budget', () => {
  it('stops a synchronous run after maxEvents events, saying so', () => {
    const sim = new Simulation({ seed: 1, maxEvents: 100 });
    runaway(sim, 1);
    expect(() => sim.runFor(1_000_000)).toThrow(
      /^simulation event budget exceeded: 100 events run by t=100 ms without finishing \(a runaway loop\? raise maxEvents/,
    );
    expect(sim.steps).toBe(100);
  });

  it('rejects what is awaited when the budget runs out while waiting', async () => {
    const sim = new Simulation({ seed: 1, maxEvents: 1_000 });
    runaway(sim, 0); // never advances the clock
    await expect(sim.sleep(5)).rejects.toBeInstanceOf(EventBudgetExceeded);
    expect(sim.steps).toBe(1_000);
  });

  it('lets a run within its budget finish', () => {
    const sim = new Simulation({ seed: 1, maxEvents: 100 });
    let ran = 0;
    for (let i = 0; i < 100; i++) sim.schedule(i, () => ran++);
    sim.runUntilQuiet();
    expect(ran).toBe(100);
  });

  it('is the process default unless given, and the test suite sets one', () => {
    expect(defaultEventBudget()).toBe(TEST_EVENT_BUDGET);
    expect(new Simulation({ seed: 1 }).maxEvents).toBe(TEST_EVENT_BUDGET);
    expect(new Simulation({ seed: 1, maxEvents: 7 }).maxEvents).toBe(7);
    expect(
      new Cluster({ seed: 1, regions: [{ name: 'global', servers: 1 }], maxEvents: 9 }).sim
        .maxEvents,
    ).toBe(9);
  });

  it('refuses a budget that is not a positive whole number', () => {
    for (const bad of [0, -1, 1.5, Number.NaN])
      expect(() => checkEventBudget(bad)).toThrow(/invalid option "maxEvents"/);
    expect(() => new Simulation({ seed: 1, maxEvents: 0 })).toThrow(RangeError);
    expect(checkEventBudget(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});
