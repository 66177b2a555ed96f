/**
 * Vitest configuration: all tests under test/, coverage of src/ only. A test that runs away fails
 * fast: every simulation gets an event budget (test/support/event-budget.ts) and every worker a
 * bounded heap (4 GB), so a runaway stops with a clear error instead of growing without end.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/event-budget.ts'],
    execArgv: ['--max-old-space-size=4096'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    coverage: { include: ['src/**'] },
  },
});
