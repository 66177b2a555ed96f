/**
 * The life of one process incarnation (a server or client agent from start to stop or crash).
 * Timers and callbacks taken through it belong to that life: when it ends, its timers are
 * cancelled and its guarded callbacks do nothing, so work started before a crash or restart can
 * never act on the process that came after. This replaces "is this still the same incarnation?"
 * checks written by hand at every callback.
 */
import type { Simulation, Timer } from './simulation.js';

export class Lifetime {
  private readonly timers = new Set<Timer>();
  private readonly endings: Array<() => void> = [];
  private alive = true;

  constructor(private readonly sim: Simulation) {}

  /** Whether this life has not ended yet. */
  get isAlive(): boolean {
    return this.alive;
  }

  /** Runs `action` after `delay` virtual ms, unless this life ends first. */
  after(delay: number, action: () => void): Timer {
    return this.at(this.sim.now + Math.max(0, Math.round(delay)), action);
  }

  /** Runs `action` at virtual time `time`, unless this life ends first. */
  at(time: number, action: () => void): Timer {
    const timer = this.sim.at(time, () => {
      this.timers.delete(timer);
      action();
    });
    this.timers.add(timer);
    const owned: Timer = {
      time: timer.time,
      cancel: () => {
        this.timers.delete(timer);
        timer.cancel();
      },
    };
    return owned;
  }

  /** `callback`, made to do nothing once this life has ended (for replies that arrive late). */
  guard<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      if (this.alive) callback(...args);
    };
  }

  /** Calls `action` once when this life ends (for someone waiting for the process to stop). */
  onEnd(action: () => void): void {
    if (this.alive) this.endings.push(action);
    else action();
  }

  /** Ends the life: cancels every pending timer; guarded callbacks become no-ops; `onEnd` runs. */
  end(): void {
    if (!this.alive) return;
    this.alive = false;
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    for (const action of this.endings.splice(0)) action();
  }
}
