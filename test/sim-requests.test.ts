/**
 * Scenario code awaits simulated requests while the simulation runs. Several can be in flight;
 * which one wins a race is decided by the seeded timeline, so the same seed always gives the
 * same winner and different seeds give both outcomes.
 */
import { describe, expect, it } from 'vitest';
import { Simulation, SimulationStalled } from '../src/sim/simulation.js';
import { Network } from '../src/sim/network.js';

/** A tiny "first writer wins" service behind the simulated network. */
function buildRace(seed: number) {
  const sim = new Simulation({ seed });
  const net = new Network(sim, { local: { min: 1, max: 40 } });
  let owner: string | null = null;
  const pending = new Map<string, (answer: string) => void>();
  net.register('server', 'r', (from, message) => {
    const claim = message as { who: string };
    if (owner === null) owner = claim.who;
    net.send('server', from, { who: claim.who, winner: owner });
  });
  for (const who of ['alice', 'bob']) {
    net.register(who, 'r', (_from, message) => {
      const answer = message as { who: string; winner: string };
      pending.get(answer.who)?.(answer.winner === answer.who ? 'won' : `lost to ${answer.winner}`);
    });
  }
  const claim = (who: string) =>
    sim.wait<string>((resolve) => {
      pending.set(who, resolve);
      net.send(who, 'server', { who });
    });
  return { sim, claim };
}

describe('awaiting simulated requests', () => {
  it('two concurrent requests race; the seed decides the winner, reproducibly', async () => {
    const winners = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const { sim, claim } = buildRace(seed);
      const [a, b] = await Promise.all([claim('alice'), claim('bob')]);
      expect([a, b].filter((r) => r === 'won')).toHaveLength(1);
      const winner = a === 'won' ? 'alice' : 'bob';
      const again = buildRace(seed);
      const [a2] = await Promise.all([again.claim('alice'), again.claim('bob')]);
      expect(a2 === 'won' ? 'alice' : 'bob').toBe(winner);
      expect(sim.now).toBeGreaterThan(0);
      winners.add(winner);
    }
    expect(winners).toEqual(new Set(['alice', 'bob']));
  });

  it('sequential awaits see time advance only while waiting', async () => {
    const sim = new Simulation({ seed: 5 });
    await sim.sleep(1_000);
    expect(sim.now).toBe(1_000);
    sim.schedule(10_000, () => {});
    await sim.sleep(250);
    expect(sim.now).toBe(1_250);
  });

  it('rejects waiters when nothing is left that could settle them', async () => {
    const sim = new Simulation({ seed: 5 });
    await expect(sim.wait<void>(() => {})).rejects.toBeInstanceOf(SimulationStalled);
  });

  it('passes an error thrown inside an event to the waiters', async () => {
    const sim = new Simulation({ seed: 5 });
    sim.schedule(5, () => {
      throw new Error('invariant broken');
    });
    await expect(sim.sleep(10)).rejects.toThrow('invariant broken');
  });
});
