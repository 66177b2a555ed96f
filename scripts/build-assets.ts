/**
 * Writes the pages' browser assets into dist/assets/ for the package (run by `npm run build`, after
 * tsc): the timeline page's script and CSS and the playground's index.html, bundled from the
 * sources, which the package does not ship. See src/program/prebuilt-assets.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { playgroundSite } from '../src/program/playground-site.js';
import { PREBUILT } from '../src/program/prebuilt-assets.js';
import { pageAssets } from '../src/program/timeline-page.js';

const out = resolve(import.meta.dirname, '../dist/assets');
mkdirSync(out, { recursive: true });
const { script, css } = await pageAssets();
writeFileSync(resolve(out, PREBUILT.timelineScript), script);
writeFileSync(resolve(out, PREBUILT.timelineCss), css);
const site = await playgroundSite();
writeFileSync(resolve(out, PREBUILT.playgroundHtml), site.get('index.html') ?? '');
