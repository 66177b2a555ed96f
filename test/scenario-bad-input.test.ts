/**
 * The scenario DSL refuses what it cannot run: durations longer than 30 days of virtual time
 * (which would keep the simulation busy for hours), definitions with an unusable shape or seed,
 * and a trace sink that fails during the run, which fails the scenario with the sink's error.
 */
import { describe, expect, it } from 'vitest';
import {
  defineScenario,
  MAX_SCENARIO_DURATION_MS,
  ScenarioDefinitionError,
  type ScenarioInfo,
} from '../src/scenario/index.js';
import { toMs } from '../src/scenario/duration.js';

const BOUND = 'the longest a scenario may ask for is 720h (30 days)';
const ONE_SERVER: ScenarioInfo = {
  name: 'bounds',
  title: 'bounds',
  about: 'A check of the DSL.',
  regions: [{ name: 'global', servers: 1 }],
};

describe('durations in scenarios are at most 30 days', () => {
  it('720h is the bound, in text and in ms', () => {
    expect(MAX_SCENARIO_DURATION_MS).toBe(720 * 3_600_000);
    expect(toMs('720h')).toBe(MAX_SCENARIO_DURATION_MS);
    expect(toMs(MAX_SCENARIO_DURATION_MS)).toBe(MAX_SCENARIO_DURATION_MS);
    expect(() => toMs('720h0m0.001s')).toThrow(`invalid duration "720h0m0.001s": ${BOUND}`);
    expect(() => toMs('100000h')).toThrow(`invalid duration "100000h": ${BOUND}`);
    expect(() => toMs(MAX_SCENARIO_DURATION_MS + 1)).toThrow(
      `invalid duration ${MAX_SCENARIO_DURATION_MS + 1} ms: ${BOUND}`,
    );
  });

  // With three servers the wait would run heartbeats for hours of real time; one idle server
  // gets through it in a moment, so this test fails quickly (instead of hanging) without the bound.
  it("s.wait('100000h') fails the scenario at once instead of running for hours", async () => {
    const scenario = defineScenario(ONE_SERVER, async (s) => {
      await s.wait('100000h');
    });
    const result = await scenario.run({ seed: 2 });
    expect(result.ok).toBe(false);
    expect(result.failure).toBe(`RangeError: invalid duration "100000h": ${BOUND}`);
    expect(result.transcript).toContain("replay: scenario.run({ seed: 2, profile: 'modern' })");
  }, 20_000);

  it('the timeout of transferLeadership is bounded too', async () => {
    const scenario = defineScenario(
      { ...ONE_SERVER, regions: [{ name: 'global', servers: 3 }] },
      async (s) => {
        await s.transferLeadership('global/server-2', '1000000h');
      },
    );
    const result = await scenario.run({ seed: 2 });
    expect(result.failure).toBe(`RangeError: invalid duration "1000000h": ${BOUND}`);
  }, 20_000);
});

describe('a scenario definition that cannot run is refused by defineScenario', () => {
  const refused = (info: Partial<ScenarioInfo>): string => {
    try {
      defineScenario({ ...ONE_SERVER, ...info }, async () => {});
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioDefinitionError);
      return (error as Error).message;
    }
    throw new Error('defineScenario accepted it');
  };

  it('regions: none, 0 or 10 servers, a name listed twice', () => {
    expect(refused({ regions: [] })).toBe(
      'invalid scenario "bounds": at least one region is required',
    );
    expect(refused({ regions: [{ name: 'global', servers: 0 }] })).toBe(
      'invalid scenario "bounds": region global needs 1 to 9 servers, got 0',
    );
    expect(refused({ regions: [{ name: 'global', servers: 10 }] })).toBe(
      'invalid scenario "bounds": region global needs 1 to 9 servers, got 10',
    );
    expect(
      refused({
        regions: [
          { name: 'global', servers: 3 },
          { name: 'global', servers: 3 },
        ],
      }),
    ).toBe('invalid scenario "bounds": region global is listed twice');
  });

  it('a default seed that is not a safe integer', () => {
    expect(refused({ defaultSeed: 1.5 })).toBe(
      'invalid scenario "bounds": defaultSeed must be a safe integer, got 1.5',
    );
    expect(refused({ defaultSeed: 2 ** 53 })).toBe(
      `invalid scenario "bounds": defaultSeed must be a safe integer, got ${2 ** 53}`,
    );
    // Any safe integer is a seed, and a region may have up to 9 servers and 9 clients.
    expect(
      defineScenario(
        { ...ONE_SERVER, defaultSeed: -7, regions: [{ name: 'a', servers: 9, clients: 9 }] },
        async () => {},
      ).info.defaultSeed,
    ).toBe(-7);
  });

  it('Raft timings: invalid, or longer than 30 days', () => {
    expect(refused({ timings: { heartbeatTimeout: -1 } })).toBe(
      'invalid scenario "bounds": timings: invalid Raft timing heartbeatTimeout: expected a positive number of ms, got -1',
    );
    expect(refused({ timings: { electionTimeout: 31 * 24 * 3_600_000 } })).toBe(
      `invalid scenario "bounds": timings.electionTimeout is ${31 * 24 * 3_600_000} ms: ${BOUND}`,
    );
  });
});

describe('a trace sink that fails during a run', () => {
  it('fails the scenario with its error, even where the run would have swallowed it', async () => {
    // The sink fails once, on the first request the operator's `nomad` command sends: deep inside
    // the command's transport, where an exception would be shown as a failed request.
    let armed = false;
    let failures = 0;
    const sink = (line: string): void => {
      if (armed && failures === 0 && line.includes('"kind":"client.request"')) {
        failures++;
        throw new Error('disk full');
      }
    };
    const scenario = defineScenario(ONE_SERVER, async (s) => {
      armed = true;
      await s.nomad('status', { expectExit: null });
      await s.wait('1s');
      s.note('the body went on');
    });
    const result = await scenario.run({ seed: 4, traceSink: sink });
    expect(failures).toBe(1);
    expect(result.ok).toBe(false);
    expect(result.failure).toBe('Error: disk full');
    expect(result.transcript).not.toContain('the body went on');
    expect(result.transcript.trimEnd().split('\n').slice(-2)).toEqual([
      'SCENARIO FAILED: Error: disk full',
      "replay: scenario.run({ seed: 4, profile: 'modern' })",
    ]);
  });
});
