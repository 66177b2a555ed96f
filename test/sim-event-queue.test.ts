/** The event queue pops in (time, sequence) order: checked against a sorted-array oracle. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../src/sim/event-queue.js';

type Op = { kind: 'push'; time: number } | { kind: 'pop' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 50 }).map((time) => ({ kind: 'push' as const, time })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'pop' as const }) },
);

describe('EventQueue', () => {
  it('pops in (time, sequence) order, like a stably sorted array', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const queue = new EventQueue();
        const oracle: Array<{ time: number; seq: number }> = [];
        let seq = 0;
        for (const op of ops) {
          if (op.kind === 'push') {
            queue.push(op.time, () => {});
            oracle.push({ time: op.time, seq: seq++ });
            oracle.sort((a, b) => a.time - b.time || a.seq - b.seq);
          } else {
            const got = queue.pop();
            const want = oracle.shift();
            expect(got === undefined ? undefined : { time: got.time, seq: got.seq }).toEqual(want);
          }
          expect(queue.size).toBe(oracle.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps insertion order for events due at the same time', () => {
    const queue = new EventQueue();
    const order: number[] = [];
    for (let i = 0; i < 20; i++) queue.push(5, () => order.push(i));
    for (let e = queue.pop(); e; e = queue.pop()) e.action();
    expect(order).toEqual([...Array(20).keys()]);
  });
});
