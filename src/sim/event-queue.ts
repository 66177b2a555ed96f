/**
 * The simulation's single event queue: a binary min-heap ordered by (time, sequence).
 *
 * The sequence number is handed out at insertion, so two events due at the same virtual
 * millisecond run in the order they were scheduled. That tie-break is what makes a run
 * reproducible; it is spelled out here rather than hidden inside a library.
 */

/** A scheduled action. `cancelled` events stay in the heap and are skipped when popped. */
export class QueuedEvent {
  cancelled = false;

  constructor(
    readonly time: number,
    readonly seq: number,
    readonly action: () => void,
  ) {}

  /** Marks the event so that it is skipped instead of run. */
  cancel(): void {
    this.cancelled = true;
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class EventQueue {
  private readonly heap: QueuedEvent[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Adds an action due at `time`; returns the queued event (cancel by setting `cancelled`). */
  push(time: number, action: () => void): QueuedEvent {
    const event = new QueuedEvent(time, this.nextSeq++, action);
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as QueuedEvent;
      if (!before(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
    return event;
  }

  /** The earliest event without removing it. */
  peek(): QueuedEvent | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest event. */
  pop(): QueuedEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as QueuedEvent;
    if (heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right] as QueuedEvent, heap[left] as QueuedEvent)) child = right;
      const c = heap[child] as QueuedEvent;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
