/**
 * One seed, one run: a randomized workload over a faulty network (many endpoints, loss,
 * duplication, partitions) gives a byte-identical trace when replayed, and another seed differs.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../src/sim/simulation.js';
import { Network } from '../src/sim/network.js';
import { createIdSource } from '../src/sim/ids.js';

function runWorkload(seed: number, observe = false): string {
  return runWorkloadWithBytes(seed, observe).trace;
}

function runWorkloadWithBytes(seed: number, observe = false): { trace: string; bytes: number } {
  const sim = new Simulation({ seed, keepTrace: true });
  if (observe) sim.trace.on('record', () => {});
  const net = new Network(sim, {
    loss: 0.05,
    duplicate: 0.05,
    local: { min: 1, max: 8 },
    crossGroup: { min: 10, max: 90 },
  });
  const workload = sim.rng.split('workload');
  const ids = createIdSource(sim.rng.split('ids'));
  const names: string[] = [];
  for (const region of ['global', 'europe', 'asia'])
    for (let i = 0; i < 5; i++) names.push(`${region}-${i}`);
  for (const name of names) {
    const region = name.split('-')[0] as string;
    net.register(name, region, (from, message) => {
      const hop = (message as { hop: number; id: string }).hop;
      sim.trace.record('log', {
        region,
        server: name,
        level: 'DEBUG',
        message: `got ${(message as { id: string }).id} from ${from} hop ${hop}`,
      });
      if (hop < 3)
        net.send(name, workload.pick(names.filter((n) => n !== name)), { hop: hop + 1, id: ids() });
    });
  }
  for (let i = 0; i < 300; i++) {
    const from = workload.pick(names);
    const to = workload.pick(names.filter((n) => n !== from));
    sim.at(workload.int(0, 5_000), () => net.send(from, to, { hop: 0, id: ids() }));
  }
  for (let i = 0; i < 6; i++) {
    sim.at(workload.int(0, 5_000), () => {
      const shuffled = workload.shuffle(names);
      const cut = workload.int(1, names.length - 1);
      const id = net.partition(shuffled.slice(0, cut), shuffled.slice(cut), workload.chance(0.3));
      sim.schedule(workload.int(100, 1_500), () => net.heal(id));
    });
  }
  sim.runUntilQuiet();
  return { trace: sim.trace.text(), bytes: net.stats.bytes };
}

describe('determinism', () => {
  it('the same seed gives a byte-identical trace; another seed a different one', () => {
    const first = runWorkload(1234);
    const second = runWorkload(1234);
    expect(first.length).toBeGreaterThan(10_000);
    expect(second).toBe(first);
    expect(runWorkload(1235)).not.toBe(first);
  });

  it('byte counts do not depend on what ran before in the same process', () => {
    // A message shape no other test uses: with one codec for the whole process, the first run
    // would carry the shape's definition and the second would not, so their byte counts differ.
    const bytesOfRun = (): number => {
      const sim = new Simulation({ seed: 5 });
      const net = new Network(sim);
      net.register('a', 'r', () => {});
      net.register('b', 'r', () => {});
      for (let i = 0; i < 10; i++)
        net.send('a', 'b', { shapeOnlyUsedByTheByteCountTest: i, andAnotherField: 'x' });
      sim.runUntilQuiet();
      return net.stats.bytes;
    };
    expect(bytesOfRun()).toBe(bytesOfRun());
  });

  it('observing the trace does not change the run', () => {
    expect(runWorkload(99, true)).toBe(runWorkload(99, false));
  });
});
