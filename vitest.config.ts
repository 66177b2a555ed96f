/**
 * Vitest configuration: all tests under test/, coverage of src/ only. The package's own entries
 * (`nomad-acl-sim`, `/testing`, `/scenario`) resolve to the sources here, as tsconfig.json's
 * `paths` do for the type check; the published package points them at the build in dist/. A test
 * that runs away fails fast: every simulation gets an event budget (test/support/event-budget.ts)
 * and every worker a bounded heap (4 GB), so a runaway stops with a clear error instead of growing
 * without end.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^nomad-acl-sim$/, replacement: source('./src/index.ts') },
      { find: /^nomad-acl-sim\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^nomad-acl-sim\/scenario$/, replacement: source('./src/scenario-entry.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/event-budget.ts'],
    execArgv: ['--max-old-space-size=4096'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    coverage: { include: ['src/**'] },
  },
});
