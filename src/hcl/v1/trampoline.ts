/**
 * Deep recursion without a deep JavaScript stack.
 *
 * Go grows goroutine stacks on demand, so Go's recursive-descent HCL parsers read documents
 * nested 100 000 levels deep. The parsers here keep Go's recursive structure but write each
 * recursive function as a generator: a call is `const result = (yield child()) as R`, and `run`
 * drives the generators from an explicit stack. The only limit left is memory.
 */

/** A function body that may call other routines; T is what it returns. */
export type Routine<T> = Generator<Routine<unknown>, T, unknown>;

/** Runs a routine and everything it calls to completion. Exceptions propagate unchanged. */
export function run<T>(root: Routine<T>): T {
  const stack: Array<Routine<unknown>> = [root];
  let input: unknown = undefined;
  for (;;) {
    const top = stack[stack.length - 1] as Routine<unknown>;
    const step = top.next(input);
    if (step.done === true) {
      stack.pop();
      if (stack.length === 0) return step.value as T;
      input = step.value;
    } else {
      stack.push(step.value);
      input = undefined;
    }
  }
}
