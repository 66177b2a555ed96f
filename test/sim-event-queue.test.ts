/** The event queue pops in (time, sequence) order: checked against a sorted-array oracle. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../src/sim/event-queue.js';

type Op = { kind: 'push'; time: number } | { kind: 'pop' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.integer({ min: 0, max: 50 }).map((time) => ({ kind: 'push' as const, time })),
  },
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
  it('moving an event pops in the same order as cancelling it and scheduling it again', () => {
    type MoveOp =
      | { kind: 'push'; time: number }
      | { kind: 'pop' }
      | { kind: 'move'; pick: number; time: number };
    const moveOpArb: fc.Arbitrary<MoveOp> = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.integer({ min: 0, max: 40 }).map((time) => ({ kind: 'push' as const, time })),
      },
      { weight: 2, arbitrary: fc.constant({ kind: 'pop' as const }) },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('move' as const),
          pick: fc.nat(),
          time: fc.integer({ min: 0, max: 40 }),
        }),
      },
    );
    fc.assert(
      fc.property(fc.array(moveOpArb, { maxLength: 200 }), (ops) => {
        const moved = new EventQueue();
        const rescheduled = new EventQueue();
        const liveMoved: Array<ReturnType<EventQueue['push']>> = [];
        const liveRescheduled: Array<ReturnType<EventQueue['push']>> = [];
        const popLive = (queue: EventQueue): string | undefined => {
          for (let e = queue.pop(); e; e = queue.pop())
            if (!e.cancelled)
              return `${e.time}:${(e.action as unknown as { label: string }).label}`;
          return undefined;
        };
        let label = 0;
        for (const op of ops) {
          if (op.kind === 'push') {
            const name = `e${label++}`;
            const action = Object.assign(() => {}, { label: name });
            liveMoved.push(moved.push(op.time, action));
            liveRescheduled.push(rescheduled.push(op.time, action));
          } else if (op.kind === 'pop') {
            const a = popLive(moved);
            const b = popLive(rescheduled);
            expect(a).toBe(b);
            if (a !== undefined) {
              const name = a.split(':')[1];
              const i = liveMoved.findIndex(
                (e) => (e.action as unknown as { label: string }).label === name,
              );
              liveMoved.splice(i, 1);
              liveRescheduled.splice(i, 1);
            }
          } else if (liveMoved.length > 0) {
            const i = op.pick % liveMoved.length;
            const event = liveMoved[i] as ReturnType<EventQueue['push']>;
            expect(moved.move(event, op.time)).toBe(true);
            const old = liveRescheduled[i] as ReturnType<EventQueue['push']>;
            old.cancel();
            liveRescheduled[i] = rescheduled.push(op.time, old.action);
          }
        }
        for (;;) {
          const a = popLive(moved);
          expect(a).toBe(popLive(rescheduled));
          if (a === undefined) break;
        }
      }),
      { numRuns: 300 },
    );
  });
});
