/**
 * A scenario's timeline does not depend on how deeply its code nests `await`s (issue 11): the
 * same steps written plainly and through layers of async helpers give a byte-identical trace.
 * The kernel runs the next simulated event only once the code that awaited a settled promise has
 * run to its next request (src/sim/host-turn.ts), not after a fixed number of microtask turns.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario, kvField, type ScenarioSession } from '../src/scenario/index.js';

/** Runs `step` beneath `depth` nested async functions, each awaiting before and after. */
async function nested<T>(depth: number, step: () => Promise<T>): Promise<T> {
  if (depth === 0) return step();
  await Promise.resolve();
  const value = await nested(depth - 1, step);
  await Promise.resolve();
  return value;
}

function bootstrapThenWrite(depth: number) {
  return defineScenario(
    {
      name: `await-depth-${depth}`,
      title: 'await depth',
      about: 'The same steps at any await depth.',
      regions: [{ name: 'global', servers: 3 }],
      aclEnabled: true,
    },
    async (s: ScenarioSession) => {
      const boot = await nested(depth, () => s.nomad('nomad acl bootstrap'));
      const secret = kvField(boot.stdout, 'Secret ID');
      s.exportEnv('NOMAD_TOKEN', secret);
      // Two operators at once: while one continues after an answer, the other still waits, so the
      // kernel must not run on before the first has sent its next request.
      const operator = async (who: string, server: string): Promise<void> => {
        for (const n of [1, 2, 3]) {
          await nested(depth, () =>
            s.nomad(`nomad acl token create -name=${who}${n} -type=management`, { server }),
          );
        }
      };
      await Promise.all([operator('a', 'global/server-1'), operator('b', 'global/server-2')]);
      await nested(depth, () => s.nomad('nomad acl token list'));
    },
  );
}

async function traceOf(depth: number): Promise<string> {
  const lines: string[] = [];
  const result = await bootstrapThenWrite(depth).run({
    seed: 11,
    traceSink: (line) => lines.push(line),
  });
  expect(result.failure).toBeNull();
  return lines.join('\n');
}

describe('scenario progress and await depth', () => {
  it('gives a byte-identical trace with 0, 40 and 400 nested awaits around each step', async () => {
    const plain = await traceOf(0);
    expect(plain.length).toBeGreaterThan(1000);
    expect(await traceOf(40)).toBe(plain);
    expect(await traceOf(400)).toBe(plain);
  });
});
