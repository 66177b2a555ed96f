/**
 * One turn of the host's event loop (not of virtual time): a promise that resolves only after every
 * microtask already queued, and every microtask those queue in turn, has run. The kernel waits for
 * it after settling a scenario's promise, so the scenario's code, however deeply it nests its
 * `await`s, has issued its next request before another simulated event runs.
 *
 * This is the one place in the simulation that touches the host's scheduler. It reads no clock and
 * takes no delay: `setImmediate` (Node) or a `MessageChannel` message (browsers) only order work.
 */

type Resolve = () => void;

/** The part of a `MessageChannel` used here (the lib settings of this package omit the DOM's). */
interface HostChannel {
  readonly port1: { onmessage: (() => void) | null };
  readonly port2: { postMessage(message: null): void };
}

const pending: Resolve[] = [];
let channel: HostChannel | null = null;

function wakeAll(): void {
  const ready = pending.splice(0);
  for (const resolve of ready) resolve();
}

/** Resolves on the next turn of the host's event loop, after all pending microtasks. */
export function nextHostTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    pending.push(resolve);
    if (pending.length > 1) return;
    // Node's setImmediate, looked up so that the module also compiles without Node's types.
    const setImmediateOfHost = (globalThis as { setImmediate?: (run: () => void) => unknown })
      .setImmediate;
    if (typeof setImmediateOfHost === 'function') {
      setImmediateOfHost(wakeAll);
      return;
    }
    if (channel === null) {
      const Channel = (globalThis as unknown as { MessageChannel?: new () => HostChannel })
        .MessageChannel;
      if (Channel === undefined)
        throw new Error('the host has neither setImmediate nor MessageChannel');
      channel = new Channel();
      channel.port1.onmessage = wakeAll;
    }
    channel.port2.postMessage(null);
  });
}
