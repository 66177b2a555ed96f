/**
 * Scenario session details: per-command environment words, the prompt of a command sent to one
 * server, and failures that name the step and the command that replays the run.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario, kvField } from '../src/scenario/index.js';

describe('scenario session', () => {
  it("takes NAME=value words before nomad as this command's environment only", async () => {
    const scenario = defineScenario(
      {
        name: 'env-words',
        title: 'env words',
        about: 'A check of the DSL.',
        regions: [{ name: 'global', servers: 1 }],
        aclEnabled: true,
      },
      async (s) => {
        const boot = await s.nomad('acl bootstrap');
        const secret = kvField(boot.stdout, 'Secret ID');
        await s.nomad(`NOMAD_TOKEN=${secret} nomad status`, { expectOutput: 'No running jobs' });
        await s.nomad('status', { expectExit: 1, expectOutput: '403 (Permission denied)' });
      },
    );
    const result = await scenario.run({ seed: 3 });
    expect(result.failure).toBeNull();
    expect(result.transcript).toMatch(/^\$ NOMAD_TOKEN=[0-9a-f-]+ nomad status\nNo running jobs$/m);
    expect(result.transcript).toMatch(
      /^\$ nomad status\nError querying jobs: Unexpected response code: 403 \(Permission denied\)$/m,
    );
  });

  it('fails with the command, its exit code and output when an expectation does not hold', async () => {
    const scenario = defineScenario(
      {
        name: 'failing',
        title: 'failing',
        about: 'A check of the DSL.',
        regions: [{ name: 'global', servers: 1 }],
        aclEnabled: true,
      },
      async (s) => {
        await s.nomad('status');
      },
    );
    const result = await scenario.run({ seed: 3 });
    expect(result.ok).toBe(false);
    expect(result.failure).toContain('`status` exited with 1, expected 0');
    expect(result.transcript).toContain("replay: scenario.run({ seed: 3, profile: 'modern' })");
  });

  it("shows a command sent to one server (server option) with that server's prompt", async () => {
    const scenario = defineScenario(
      {
        name: 'prompt',
        title: 'prompt',
        about: 'A check of the DSL.',
        regions: [
          { name: 'global', servers: 1 },
          { name: 'europe', servers: 2 },
        ],
      },
      async (s) => {
        await s.nomad('nomad status', { server: 'europe/server-2' });
        await s.nomad('nomad status');
      },
    );
    const result = await scenario.run({ seed: 3 });
    expect(result.failure).toBeNull();
    expect(result.transcript).toMatch(
      /^\[server-2\.europe\]\$ nomad status\nNo running jobs\n\$ nomad status\nNo running jobs$/m,
    );
  });

  it('names the given replay command with the seed and profile, and s.fail stops the run', async () => {
    const scenario = defineScenario(
      {
        name: 'fails',
        title: 'fails',
        about: 'A check of the DSL.',
        regions: [{ name: 'global', servers: 1 }],
      },
      async (s) => {
        s.fail('stopped here on purpose');
        s.note('never printed');
      },
    );
    const result = await scenario.run({
      seed: 8,
      profile: 'tutorial',
      replay: 'npx tsx my/fails.ts',
    });
    expect(result.failure).toBe('stopped here on purpose');
    expect(result.transcript).not.toContain('never printed');
    expect(result.transcript.trimEnd().split('\n').slice(-2)).toEqual([
      'SCENARIO FAILED: stopped here on purpose',
      'replay: npx tsx my/fails.ts --seed 8 --profile tutorial',
    ]);
  });
});
