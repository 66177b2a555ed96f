/**
 * Golden transcripts of every scenario script in scenarios/: each runs with its default seed in
 * every version profile, must pass its own expectations there, and must print exactly the
 * reviewed transcript in test/golden/scenarios/<name>.<profile>.txt. A
 * changed transcript fails until it is reviewed and accepted with `npx vitest run
 * test/scenarios.test.ts -u`. Two scenarios are also run twice to check that the same seed gives
 * the same transcript and trace, and the tutorial-era run is checked against the lines the
 * tutorial itself shows. One scenario also has a golden transcript with `timestamps` (each line
 * stamped with its virtual time), which without the stamps is its plain golden transcript.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Scenario, ScenarioResult } from '../src/scenario/index.js';
import { formatVirtualTime } from '../src/scenario/transcript.js';
import { PROFILE_NAMES, type ProfileName } from '../src/acl/index.js';

const SCENARIO_DIR = resolve(import.meta.dirname, '../scenarios');
const SCENARIO_FILES = readdirSync(SCENARIO_DIR)
  .filter((file) => file.endsWith('.ts'))
  .sort();

/** The profiles each scenario's golden transcripts are kept for: all of them (issue 12, §2). */
function profilesOf(_name: string): readonly ProfileName[] {
  return PROFILE_NAMES;
}

async function loadScenario(name: string): Promise<Scenario> {
  const module = (await import(pathToFileURL(resolve(SCENARIO_DIR, `${name}.ts`)).href)) as {
    default?: Scenario;
  };
  if (module.default === undefined) throw new Error(`scenarios/${name}.ts has no default export`);
  return module.default;
}

const runs = new Map<string, Promise<ScenarioResult>>();

/** Runs a scenario once per profile with its default seed (shared by the tests below). */
function runOnce(name: string, profile: ProfileName): Promise<ScenarioResult> {
  const key = `${name}.${profile}`;
  let run = runs.get(key);
  if (run === undefined) {
    run = loadScenario(name).then((scenario) => scenario.run({ profile }));
    runs.set(key, run);
  }
  return run;
}

describe('scenario scripts', () => {
  it('ship the tutorial and the mistake scenarios', () => {
    expect(SCENARIO_FILES).toContain('tutorial.ts');
    expect(SCENARIO_FILES.filter((f) => f.startsWith('mistake-')).length).toBeGreaterThanOrEqual(9);
  });

  for (const file of SCENARIO_FILES) {
    const name = file.replace(/\.ts$/, '');
    for (const profile of profilesOf(name)) {
      it(`${name} (${profile}) passes and prints its golden transcript`, async () => {
        const scenario = await loadScenario(name);
        expect(scenario.info.name).toBe(name);
        const result = await runOnce(name, profile);
        expect(result.failure).toBeNull();
        expect(result.ok).toBe(true);
        expect(result.profile).toBe(profile);
        await expect(result.transcript).toMatchFileSnapshot(
          `golden/scenarios/${name}.${profile}.txt`,
        );
      });
    }
  }
});

describe('determinism', () => {
  for (const name of ['mistake-reset-file-on-follower', 'mistake-no-replication-token']) {
    it(`${name}: the same seed gives the same transcript and trace`, async () => {
      const scenario = await loadScenario(name);
      const traces: string[][] = [[], []];
      const first = await scenario.run({ traceSink: (line) => traces[0]?.push(line) });
      const second = await scenario.run({ traceSink: (line) => traces[1]?.push(line) });
      expect(first.ok && second.ok).toBe(true);
      expect(second.transcript).toBe(first.transcript);
      expect(traces[0]?.length).toBeGreaterThan(20);
      expect(traces[1]).toEqual(traces[0]);
      expect(first.transcript).toBe((await runOnce(name, 'modern')).transcript);
    });
  }

  it('a different seed gives a different run', async () => {
    const scenario = await loadScenario('mistake-reset-file-on-follower');
    const other = await scenario.run({ seed: (scenario.info.defaultSeed ?? 1) + 1000 });
    expect(other.ok).toBe(true);
    expect(other.transcript).not.toBe(
      (await runOnce('mistake-reset-file-on-follower', 'modern')).transcript,
    );
  });
});

describe('timestamps', () => {
  const name = 'mistake-reset-file-on-follower';
  const STAMP = /^\[(\d{2}):(\d{2}):(\d{2})\.(\d{3})\] /;

  it(`${name} with timestamps: every line that is not blank starts with its virtual time`, async () => {
    const scenario = await loadScenario(name);
    let live = '';
    const stamped = await scenario.run({ timestamps: true, live: (text) => (live += text) });
    expect(stamped.ok).toBe(true);
    await expect(stamped.transcript).toMatchFileSnapshot(
      `golden/scenarios/${name}.modern.timestamps.txt`,
    );
    expect(live.trimEnd()).toBe(stamped.transcript.trimEnd());

    const lines = stamped.transcript.trimEnd().split('\n');
    const times = lines
      .filter((line) => line !== '')
      .map((line) => {
        const match = STAMP.exec(line);
        expect(match, line).not.toBeNull();
        const [h, m, sec, ms] = (match as RegExpExecArray).slice(1).map(Number) as [
          number,
          number,
          number,
          number,
        ];
        return ((h * 60 + m) * 60 + sec) * 1000 + ms;
      });
    expect(times).toEqual([...times].sort((a, b) => a - b)); // time never runs backwards
    expect(times.at(-1)).toBeLessThanOrEqual(stamped.virtualMs);
    // Each step heading carries the time the step began.
    for (const step of stamped.steps)
      expect(lines).toContain(`${formatVirtualTime(step.atMs)} ## ${step.title}`);
    // Without the stamps, it is the plain transcript, byte for byte.
    const plain = (await runOnce(name, 'modern')).transcript;
    expect(lines.map((line) => line.replace(STAMP, '')).join('\n') + '\n').toBe(plain);
    expect(plain).not.toMatch(/^\[\d{2}:/m);
  });

  it('formats virtual time as [HH:MM:SS.mmm], hours growing past 99', () => {
    expect(formatVirtualTime(0)).toBe('[00:00:00.000]');
    expect(formatVirtualTime(72_345)).toBe('[00:01:12.345]');
    expect(formatVirtualTime(3_600_000 + 61_001)).toBe('[01:01:01.001]');
    expect(formatVirtualTime(30 * 24 * 3_600_000)).toBe('[720:00:00.000]');
  });
});

describe('the tutorial in the tutorial-era profile prints what the tutorial shows', () => {
  const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  const TIME = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})? \\+0000 UTC';

  /** A tutorial-era token KV block (`Policies = n/a` before `Create Time`, no Expiry Time or Roles). */
  function tokenBlock(name: string): RegExp {
    return new RegExp(
      [
        `^Accessor ID  = ${UUID}`,
        `Secret ID    = ${UUID}`,
        `Name         = ${name}`,
        'Type         = management',
        'Global       = true',
        'Policies     = n/a',
        `Create Time  = ${TIME}`,
        'Create Index = (\\d+)',
        'Modify Index = (\\d+)$',
      ].join('\\n'),
      'gm',
    );
  }

  it('shows the tutorial lines, messages and token blocks', async () => {
    const { transcript, ok } = await runOnce('tutorial', 'tutorial');
    expect(ok).toBe(true);
    const lines = transcript.split('\n');
    expect(lines).toContain(
      'Error querying jobs: Unexpected response code: 403 (Permission denied)',
    );
    expect(lines).toContain('Successfully wrote "anonymous" ACL policy!');
    expect(lines.filter((l) => l === 'No running jobs').length).toBeGreaterThanOrEqual(2);

    const bootstraps = [...transcript.matchAll(tokenBlock('Bootstrap Token'))];
    expect(bootstraps).toHaveLength(2);
    const [first, second] = bootstraps.map((m) => Number(m[1]));
    expect(bootstraps.every((m) => m[1] === m[2])).toBe(true);
    expect(second).toBeGreaterThan(first as number);
    expect(transcript).toMatch(tokenBlock('Cluster A Replication Token'));

    expect(lines).toContain(
      `Error bootstrapping: Unexpected response code: 500 (ACL bootstrap already done (reset index: ${first}))`,
    );
    expect(lines).toContain(
      `Error bootstrapping: Unexpected response code: 500 (Invalid bootstrap reset index (specified ${first}, reset index: ${second}))`,
    );
    expect(transcript).not.toMatch(/^Expiry Time/m);
    expect(transcript).not.toMatch(/^Roles/m);
  });

  it('differs from the modern profile exactly where Nomad changed', async () => {
    const modern = (await runOnce('tutorial', 'modern')).transcript;
    expect(modern).toMatch(
      /^Error bootstrapping: Unexpected response code: 400 \(ACL bootstrap already done \(reset index: \d+\)\)$/m,
    );
    expect(modern).toMatch(
      /^Create Time  = .*\nExpiry Time  = <none>\nCreate Index = \d+\nModify Index = \d+\nPolicies     = n\/a\nRoles        = n\/a$/m,
    );
    expect(modern).toMatch(
      /^Name +Address +Port +Status +Leader +Raft Version +Build +Datacenter +Region$/m,
    );
    const tutorial = (await runOnce('tutorial', 'tutorial')).transcript;
    expect(tutorial).toMatch(
      /^Name +Address +Port +Status +Leader +Protocol +Build +Datacenter +Region$/m,
    );
  });
});
