/** The simulated network: partitions, loss, duplication, bytes on the wire, option checks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../src/sim/simulation.js';
import { Network } from '../src/sim/network.js';

function build(seed: number, names: string[], options = {}) {
  const sim = new Simulation({ seed });
  const net = new Network(sim, options);
  const inbox: Array<{ to: string; from: string; message: unknown; t: number }> = [];
  for (const name of names) {
    net.register(name, name.split('-')[0] ?? 'x', (from, message) =>
      inbox.push({ to: name, from, message, t: sim.now }),
    );
  }
  return { sim, net, inbox };
}

describe('Network', () => {
  it('delivers nothing across a partition until it heals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.nat(200)), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        (seed, sends, cut, oneWay) => {
          const names = ['a-0', 'a-1', 'a-2', 'b-0', 'b-1', 'b-2'];
          const { sim, net, inbox } = build(seed, names, { duplicate: 0.2 });
          const sideA = names.slice(0, cut);
          const sideB = names.slice(cut);
          net.partition(sideA, sideB, oneWay);
          const blocked = (from: string, to: string) =>
            (sideA.includes(from) && sideB.includes(to)) ||
            (!oneWay && sideB.includes(from) && sideA.includes(to));
          for (const [i, j, at] of sends) {
            const from = names[i] as string;
            const to = names[j] as string;
            if (from === to) continue;
            sim.at(at, () => net.send(from, to, { i, j, at }));
          }
          sim.runUntil(1_000);
          for (const m of inbox) expect(blocked(m.from, m.to)).toBe(false);
          const before = inbox.length;
          net.heal();
          for (const [i, j] of sends) {
            const from = names[i] as string;
            const to = names[j] as string;
            if (from !== to) net.send(from, to, 'after-heal');
          }
          sim.runUntilQuiet();
          const crossedAfterHeal = inbox.slice(before).filter((m) => blocked(m.from, m.to));
          const expectedCrossing = sends.filter(
            ([i, j]) => i !== j && blocked(names[i] as string, names[j] as string),
          );
          expect(crossedAfterHeal.length >= expectedCrossing.length).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('encodes messages: receivers never share the sender object', () => {
    const { sim, net, inbox } = build(1, ['a-0', 'a-1']);
    const payload = { nested: { list: [1, 2, 3] }, bytes: new Uint8Array([1, 2]) };
    net.send('a-0', 'a-1', payload);
    sim.runUntilQuiet();
    expect(inbox[0]?.message).toEqual({
      nested: { list: [1, 2, 3] },
      bytes: expect.any(Uint8Array),
    });
    expect(inbox[0]?.message).not.toBe(payload);
    expect(net.stats.bytes).toBeGreaterThan(0);
  });

  it('loses and duplicates messages at the configured rates', () => {
    const { sim, net, inbox } = build(7, ['a-0', 'a-1'], { loss: 0.3, duplicate: 0.2 });
    for (let i = 0; i < 2000; i++) net.send('a-0', 'a-1', i);
    sim.runUntilQuiet();
    expect(net.stats.lost).toBeGreaterThan(450);
    expect(net.stats.lost).toBeLessThan(750);
    expect(net.stats.duplicated).toBeGreaterThan(200);
    expect(inbox.length).toBe(2000 - net.stats.lost + net.stats.duplicated);
  });

  it('uses cross-region latency between groups and local latency inside one', () => {
    const { sim, net, inbox } = build(3, ['a-0', 'a-1', 'b-0'], {
      local: { min: 2, max: 2 },
      crossGroup: { min: 40, max: 40 },
      pairs: { 'a|b': { min: 90, max: 90 } },
    });
    net.send('a-0', 'a-1', 'x');
    net.send('a-0', 'b-0', 'y');
    sim.runUntilQuiet();
    expect(inbox.map((m) => [m.message, m.t])).toEqual([
      ['x', 2],
      ['y', 90],
    ]);
  });

  it('drops messages to an endpoint that is down', () => {
    const { sim, net, inbox } = build(3, ['a-0', 'a-1']);
    net.setHandler('a-1', null);
    net.send('a-0', 'a-1', 'lost');
    sim.runUntilQuiet();
    expect(inbox).toEqual([]);
    expect(net.stats.droppedAtDownEndpoint).toBe(1);
  });

  it('stream sends survive a short partition, give up after a long one, and reset when the peer restarts', () => {
    const { sim, net, inbox } = build(9, ['a-0', 'a-1'], { loss: 1 });
    const failures: string[] = [];
    const id = net.partition(['a-0'], ['a-1']);
    net.sendReliable('a-0', 'a-1', 'through', (reason) => failures.push(`through:${reason}`));
    net.send('a-0', 'a-1', 'datagram');
    sim.at(10_000, () => net.heal(id));
    sim.runUntil(20_000);
    expect(inbox.map((m) => m.message)).toEqual(['through']);
    net.partition(['a-0'], ['a-1']);
    net.sendReliable('a-0', 'a-1', 'too late', (reason) => failures.push(`late:${reason}`));
    sim.runUntil(80_000);
    expect(failures).toEqual(['late:unreachable']);
    net.heal();
    net.sendReliable('a-0', 'a-1', 'to the old process', (reason) =>
      failures.push(`reset:${reason}`),
    );
    net.setHandler('a-1', null);
    net.setHandler('a-1', (from, message) => inbox.push({ to: 'a-1', from, message, t: sim.now }));
    sim.runUntil(90_000);
    expect(failures).toEqual(['late:unreachable', 'reset:refused']);
    expect(inbox.map((m) => m.message)).toEqual(['through']);
  });

  it('rejects invalid options, naming them', () => {
    const sim = new Simulation({ seed: 1 });
    expect(() => new Network(sim, { local: { min: -1, max: 3 } })).toThrow(/"local"/);
    expect(() => new Network(sim, { crossGroup: { min: 5, max: 1 } })).toThrow(/"crossGroup"/);
    expect(() => new Network(sim, { loss: 2 })).toThrow(/"loss"/);
    expect(() => new Network(sim, { pairs: { abc: { min: 1, max: 2 } } })).toThrow(/"pairs"/);
    const net = new Network(sim);
    net.register('a-0', 'a', null);
    expect(() => net.register('a-0', 'a', null)).toThrow(/already registered/);
    expect(() => net.send('a-0', 'nowhere', 1)).toThrow(/unknown endpoint "nowhere"/);
    expect(() => net.send('a-0', 'a-0', 1)).toThrow(/cannot send to itself/);
    expect(() => new Simulation({ seed: 1.5 })).toThrow(/"seed"/);
    expect(() => new Simulation({ seed: Number.MAX_SAFE_INTEGER + 1 })).toThrow(/"seed"/);
  });
});
