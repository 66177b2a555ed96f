/**
 * Timeline page benchmark (issue 15, part 3's measure): a 3 × 3 chaos run of `--minutes` virtual
 * minutes (default 60) is written as a trace file, `nomad-sim view` turns it into a page, and
 * headless Chromium (Debian's, as in the end-to-end tests) opens it at 1280 × 720. Reported: the
 * trace's records and size, the page's size and the time to write it, the time from navigation
 * to the first drawn frame (median of three opens), and panning: frame intervals while the view
 * pans by wheel events, one per animation frame, at three zoom levels (80 % of the run, one minute,
 * two seconds with every message drawn as an arrow), and the script time of each such frame
 * (handling the event and drawing, before the browser paints). Goals: open under 3 s, pan at
 * 60 fps. Frame times depend on the whole machine: run it with nothing else running.
 * Measures only; never asserts.
 *
 * Run alone with `npx tsx bench/timeline-page.ts [--minutes N]`; `runTimelinePageBench()` is for
 * the bench runner.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { runChaos } from '../src/program/chaos.js';
import { viewMain } from '../src/program/view-main.js';
import { openBrowser } from '../test/support/browser.js';

const OPENS = 3;
const PAN_FRAMES = 120;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

export async function runTimelinePageBench(minutes = 60): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-timeline-bench-'));
  const tracePath = join(dir, 'chaos.jsonl');
  const pagePath = join(dir, 'chaos.html');
  const fd = openSync(tracePath, 'w');
  let records = 0;
  const started = performance.now();
  await runChaos({
    seed: 11,
    regions: 'global:3,europe:3,asia:3',
    durationMs: minutes * 60_000,
    traceSink: (line) => {
      records++;
      writeSync(fd, `${line}\n`);
    },
  });
  closeSync(fd);
  const runMs = performance.now() - started;
  const writing = performance.now();
  const log = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const code = await viewMain([tracePath, '-o', pagePath]).finally(() => {
    process.stdout.write = log;
  });
  if (code !== 0) throw new Error(`nomad-sim view exited with ${code}`);
  const writeMs = performance.now() - writing;

  const browser = await openBrowser();
  try {
    const opens: number[] = [];
    const url = pathToFileURL(pagePath).href;
    let page = await browser.context.newPage();
    for (let i = 0; i < OPENS; i++) {
      if (i > 0) {
        await page.close();
        page = await browser.context.newPage();
      }
      const t0 = performance.now();
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
      await page.evaluate(
        'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
      );
      opens.push(performance.now() - t0);
    }
    // Frame intervals, and the script time of each frame: from the wheel event until the page's
    // own animation-frame callback (which runs before ours) has drawn.
    const pan = async (hash: string): Promise<{ intervals: number[]; script: number[] }> => {
      await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
      await page.evaluate(
        'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
      );
      return (await page.evaluate(`(async () => {
        const svg = document.getElementById('marks');
        const box = svg.getBoundingClientRect();
        const intervals = [];
        const script = [];
        let last = performance.now();
        for (let i = 0; i < ${PAN_FRAMES}; i++) {
          const start = performance.now();
          svg.dispatchEvent(new WheelEvent('wheel', { deltaX: 12, deltaY: 0, clientX: box.left + 500, clientY: box.top + 200, bubbles: true, cancelable: true }));
          await new Promise((resolve) => requestAnimationFrame((frame) => {
            script.push(performance.now() - Math.max(start, frame));
            resolve();
          }));
          const now = performance.now();
          intervals.push(now - last);
          last = now;
        }
        return { intervals, script };
      })()`)) as { intervals: number[]; script: number[] };
    };
    const end = minutes * 60_000;
    const levels: Array<[string, string]> = [
      // Most of the run (the whole of it cannot pan: it already shows everything).
      ['MostOfRun', `#t=0&from=0&to=${end * 0.8}`],
      ['Minute', `#t=${end / 2}&from=${end / 2}&to=${end / 2 + 60_000}`],
      ['TwoSeconds', `#t=${end / 2}&from=${end / 2}&to=${end / 2 + 2_000}`],
    ];
    const numbers: Record<string, number> = {
      virtualMinutes: minutes,
      traceRecords: records,
      traceMB: round(statSync(tracePath).size / 1e6),
      runWallMs: Math.round(runMs),
      pageWriteMs: Math.round(writeMs),
      pageMB: round(statSync(pagePath).size / 1e6),
      openMsMedian: Math.round(median(opens)),
      openMsWorst: Math.round(Math.max(...opens)),
    };
    for (const [name, hash] of levels) {
      const { intervals, script } = await pan(hash);
      numbers[`pan${name}FrameMsMedian`] = round(median(intervals));
      numbers[`pan${name}FrameMsP95`] = round(percentile(intervals, 0.95));
      numbers[`pan${name}Fps`] = round(1000 / median(intervals));
      numbers[`pan${name}ScriptMsMedian`] = round(median(script));
    }
    return numbers;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--minutes');
  const minutes = at < 0 ? 60 : Number(process.argv[at + 1]);
  const numbers = await runTimelinePageBench(minutes);
  console.log(
    `## timeline page  (goals: openMsMedian < 3000, pan at 60 fps; ${minutes} min 3x3 chaos trace)`,
  );
  for (const [key, value] of Object.entries(numbers)) console.log(`  ${key.padEnd(32)} ${value}`);
}
