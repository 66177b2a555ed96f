/**
 * Makes a throwaway project depend on this package's sources: node_modules/nomad-acl-sim holds a
 * package.json whose entries (`.`, `./testing`, `./scenario`) point at the TypeScript sources,
 * linked from the repository, so a script there run with tsx needs no build. (The published
 * package points them at dist/; test/package-consumer.test.ts checks that one.)
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export function linkSourcePackage(project: string): void {
  const dir = join(project, 'node_modules', 'nomad-acl-sim');
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(root, 'src'), join(dir, 'src'), 'dir');
  const manifest = {
    name: 'nomad-acl-sim',
    version: '0.0.0-source',
    type: 'module',
    exports: {
      '.': './src/index.ts',
      './testing': './src/testing/index.ts',
      './scenario': './src/scenario-entry.ts',
    },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
