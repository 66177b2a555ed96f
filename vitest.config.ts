/**
 * Vitest configuration: all tests under test/, coverage of src/ only. The package's own entries
 * (`nomad-acl-sim`, `/testing`, `/scenario`) resolve to the sources here, as tsconfig.json's
 * `paths` do for the type check; the published package points them at the build in dist/.
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
    testTimeout: 120_000,
    hookTimeout: 120_000,
    coverage: { include: ['src/**'] },
  },
});
