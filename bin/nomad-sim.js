#!/usr/bin/env node
/**
 * Launcher for the nomad-sim program. In an installed package (no `src/` next to `dist/`) it runs
 * the built JavaScript with plain node. In a checkout of the repository, where `src/` exists, it
 * runs the TypeScript sources through tsx, so the program always matches the code being edited and
 * never a stale `dist/` (`node dist/src/program/nomad-sim.js` runs the build on purpose).
 */
import { existsSync } from 'node:fs';

const source = new URL('../src/program/nomad-sim.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/src/program/nomad-sim.js');
}
