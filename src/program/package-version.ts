/**
 * The version of this package (`nomad-sim --version`), read from its package.json, which sits
 * two folders above the program in the repository (src/program) and three in the built package
 * (dist/src/program): the nearest package.json named nomad-acl-sim, looking upwards.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PACKAGE_NAME = 'nomad-acl-sim';

/** `0.1.0`, or null when no package.json of this package is found (it always is, installed or not). */
export function packageVersion(from: string = import.meta.dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string')
        return manifest.version;
    }
    if (dirname(dir) === dir) return null;
  }
}
