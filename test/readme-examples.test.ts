/**
 * The README's code examples are the files the tests run, copied exactly: the scenario file
 * (test/consumer/bootstrap-once.ts, run in a fresh project by test/package-consumer.test.ts) and
 * the property test (test/example-user.test.ts, run here and there), without its opening comment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const tsBlocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);

/** A file's text without the `/** ... *\/` comment it opens with. */
function withoutOpeningComment(text: string): string {
  return text.replace(/^\/\*\*[\s\S]*?\*\/\n/, '');
}

describe('README examples', () => {
  it.each(['test/consumer/bootstrap-once.ts', 'test/example-user.test.ts'])('%s is in the README as it is', (file) => {
    expect(tsBlocks).toContain(withoutOpeningComment(readFileSync(join(root, file), 'utf8')));
  });
});
