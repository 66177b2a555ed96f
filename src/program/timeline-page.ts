/**
 * Writes a run's timeline page: one self-contained HTML file (see src/timeline/page-document.ts).
 * The page's script is bundled from src/timeline/page/main.ts with esbuild when the first page is
 * written (TypeScript straight to one minified script, nothing left to load), and its CSS is read
 * from src/timeline/page/style.css; an installed package reads both from its prebuilt assets
 * (./prebuilt-assets.ts). Trace lines are collected as they are written
 * (`TimelineCollector`) or read back from a trace file, so nothing keeps the whole trace.
 *
 * A page file that cannot be opened or written throws a PageFileError whose message is one line
 * naming the file and the cause.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { TraceRecord } from '../sim/trace.js';
import { TimelineBuilder } from '../timeline/build-timeline.js';
import type { Timeline } from '../timeline/model.js';
import { packTimeline } from '../timeline/pack.js';
import { pageDocument } from '../timeline/page-document.js';
import { PREBUILT, prebuiltAsset } from './prebuilt-assets.js';
import { openProblem, systemProblem } from './trace-file.js';

export class PageFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageFileError';
  }
}

const PAGE_SOURCES = resolve(import.meta.dirname, '../timeline/page');

let bundled: Promise<{ script: string; css: string }> | null = null;

/** The page's script and CSS (bundled once per process). */
export function pageAssets(): Promise<{ script: string; css: string }> {
  bundled ??= (async () => {
    const prebuiltScript = prebuiltAsset(PREBUILT.timelineScript);
    const prebuiltCss = prebuiltAsset(PREBUILT.timelineCss);
    if (prebuiltScript !== null && prebuiltCss !== null)
      return { script: prebuiltScript, css: prebuiltCss };
    const result = await build({
      entryPoints: [resolve(PAGE_SOURCES, 'main.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    const script = result.outputFiles[0]?.text ?? '';
    const css = readFileSync(resolve(PAGE_SOURCES, 'style.css'), 'utf8');
    return { script, css };
  })();
  return bundled;
}

/** The HTML of the page showing `timeline`. */
export async function timelinePageHtml(timeline: Timeline): Promise<string> {
  const { script, css } = await pageAssets();
  return pageDocument({ title: timeline.title, css, script, data: packTimeline(timeline) });
}

/** Feeds trace lines (JSON) to a timeline builder as a run writes them. */
export class TimelineCollector {
  private readonly builder = new TimelineBuilder();

  readonly add = (line: string): void => {
    this.builder.add(JSON.parse(line) as TraceRecord);
  };

  finish(title?: string): Timeline {
    return this.builder.finish(title);
  }
}

/** A page file opened before the run (so a bad path is reported before any work), written after it. */
export interface PageFile {
  readonly path: string;
  write(timeline: Timeline): Promise<void>;
}

/** Opens (creates or empties) `path` for a page. Throws PageFileError. */
export function openPageFile(path: string): PageFile {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new PageFileError(
      `cannot write the timeline page to ${path}: ${openProblem(path, error)}`,
    );
  }
  return {
    path,
    write: async (timeline) => {
      try {
        writeSync(fd, await timelinePageHtml(timeline));
      } catch (error) {
        throw new PageFileError(
          `cannot write the timeline page to ${path}: ${systemProblem(error)}`,
        );
      } finally {
        closeSync(fd);
      }
    },
  };
}
