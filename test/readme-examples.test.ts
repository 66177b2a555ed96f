/**
 * The README's code examples are the files the tests run, copied exactly: the scenario file
 * (test/consumer/bootstrap-once.ts, run in a fresh project by test/package-consumer.test.ts) and
 * the property tests (test/example-user.test.ts and test/example-acl-model-workers.test.ts, run
 * here and there), without their opening comment;
 * the `--timestamps` lines come from the golden transcript test/scenarios.test.ts checks, and the
 * `--json` line is what the command the README names prints.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = (language: string): string[] =>
  [...readme.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map(
    (match) => match[1] as string,
  );
const tsBlocks = blocks('ts');

/** A file's text without the `/** ... *\/` comment it opens with. */
function withoutOpeningComment(text: string): string {
  return text.replace(/^\/\*\*[\s\S]*?\*\/\n/, '');
}

describe('README examples', () => {
  it.each([
    'test/consumer/bootstrap-once.ts',
    'test/example-user.test.ts',
    'test/example-acl-model-workers.test.ts',
  ])('%s is in the README as it is', (file) => {
    expect(tsBlocks).toContain(withoutOpeningComment(readFileSync(join(root, file), 'utf8')));
  });

  it('the --timestamps example is an excerpt of the golden transcript with timestamps', () => {
    const [example] = blocks('text');
    expect(example?.split('\n').length).toBeGreaterThan(2);
    expect(
      readFileSync(
        join(root, 'test/golden/scenarios/mistake-reset-file-on-follower.modern.timestamps.txt'),
        'utf8',
      ),
    ).toContain(example);
  });

  it('the --json example is what its command prints', () => {
    const [example] = blocks('json');
    const command = /`npx nomad-sim (run [\w-]+ --json)`:\n\n```json\n/.exec(readme)?.[1];
    expect(command).toBe('run mistake-reset-file-on-follower --json');
    const result = spawnSync(
      process.execPath,
      [join(root, 'bin/nomad-sim.js'), ...(command as string).split(' ')],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(example);
  });
});
