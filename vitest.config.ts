/** Vitest configuration: all tests under test/, coverage of src/ only. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    coverage: { include: ['src/**'] },
  },
});
