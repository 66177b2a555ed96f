/** Scenario session details: per-command environment words, and failures that name the step. */
import { describe, expect, it } from 'vitest';
import { defineScenario, kvField } from '../src/scenario/index.js';

describe('scenario session', () => {
  it('takes NAME=value words before nomad as this command\'s environment only', async () => {
    const scenario = defineScenario(
      { name: 'env-words', title: 'env words', about: 'A check of the DSL.', regions: [{ name: 'global', servers: 1 }], aclEnabled: true },
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
    expect(result.transcript).toMatch(/^\$ nomad status\nError querying jobs: Unexpected response code: 403 \(Permission denied\)$/m);
  });

  it('fails with the command, its exit code and output when an expectation does not hold', async () => {
    const scenario = defineScenario(
      { name: 'failing', title: 'failing', about: 'A check of the DSL.', regions: [{ name: 'global', servers: 1 }], aclEnabled: true },
      async (s) => {
        await s.nomad('status');
      },
    );
    const result = await scenario.run({ seed: 3 });
    expect(result.ok).toBe(false);
    expect(result.failure).toContain('`status` exited with 1, expected 0');
    expect(result.transcript).toContain('replay: npx nomad-sim run scenarios/failing.ts --seed 3 --profile modern');
  });
});
