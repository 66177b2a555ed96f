/**
 * The simulation's single event queue: a binary min-heap ordered by (time, sequence).
 *
 * The sequence number is handed out at insertion, so two events due at the same virtual
 * millisecond run in the order they were scheduled. That tie-break is what makes a run
 * reproducible; it is spelled out here rather than hidden inside a library.
 *
 * A queued event can also be moved to a new time (`move`). It then takes a fresh sequence number,
 * exactly as if it had been cancelled and pushed again, so the order of events is the same either
 * way; moving just spares a timer that is re-armed often the allocation and the dead heap entry.
 */

/** A scheduled action. `cancelled` events stay in the heap and are skipped when popped. */
export class QueuedEvent {
  cancelled = false;
  /** Where the event sits in its queue's heap; -1 once popped. Maintained by `EventQueue`. */
  position = -1;

  constructor(
    /** When it is due; changed only by `EventQueue.move`. */
    public time: number,
    /** Its tie-break among events due at the same time; changed only by `EventQueue.move`. */
    public seq: number,
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
    this.heap.push(event);
    this.siftUp(event, this.heap.length - 1);
    return event;
  }

  /**
   * Moves a queued, uncancelled event to `time` with a new sequence number (the order is then the
   * same as after cancelling it and pushing its action again). Returns false, changing nothing,
   * when the event has already been popped or was cancelled.
   */
  move(event: QueuedEvent, time: number): boolean {
    const i = event.position;
    if (i < 0 || event.cancelled || this.heap[i] !== event) return false;
    event.time = time;
    event.seq = this.nextSeq++;
    // A fresh sequence number never moves the event up at an unchanged time, so try upwards only
    // when it became earlier.
    if (i > 0 && before(event, this.heap[(i - 1) >> 1] as QueuedEvent)) this.siftUp(event, i);
    else this.siftDown(event, i);
    return true;
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
    top.position = -1;
    const last = heap.pop() as QueuedEvent;
    if (heap.length > 0) this.siftDown(last, 0);
    return top;
  }

  /** Places `event` at `i` or above it, moving later parents down. */
  private siftUp(event: QueuedEvent, i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as QueuedEvent;
      if (!before(event, p)) break;
      heap[i] = p;
      p.position = i;
      i = parent;
    }
    heap[i] = event;
    event.position = i;
  }

  /** Places `event` at `i` or below it, moving earlier children up. */
  private siftDown(event: QueuedEvent, i: number): void {
    const heap = this.heap;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right] as QueuedEvent, heap[left] as QueuedEvent)) child = right;
      const c = heap[child] as QueuedEvent;
      if (!before(c, event)) break;
      heap[i] = c;
      c.position = i;
      i = child;
    }
    heap[i] = event;
    event.position = i;
  }
}
