/**
 * The browser assets the pages need, built ahead of time for the package. From the sources (a
 * clone of the repository) the timeline page's script and the playground are bundled with esbuild
 * when first needed; an installed package has no page sources (they are not compiled to dist/),
 * so `npm run build` writes the finished assets to `dist/assets/` (scripts/build-assets.ts) and
 * the commands read them from there when they exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where prebuilt assets live: `dist/assets/` seen from `dist/src/program/`. */
export const PREBUILT_ASSETS = resolve(import.meta.dirname, '../../assets');

/** The file names inside PREBUILT_ASSETS. */
export const PREBUILT = {
  timelineScript: 'timeline-page.js',
  timelineCss: 'timeline-page.css',
  playgroundHtml: 'playground-index.html',
} as const;

/** A prebuilt asset's text, or null when running from the sources (nothing prebuilt). */
export function prebuiltAsset(name: (typeof PREBUILT)[keyof typeof PREBUILT]): string | null {
  const path = resolve(PREBUILT_ASSETS, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}
